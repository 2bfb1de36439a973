"""Home page, audit trail page and error pages."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.accounts.scope import scope_for
from thidua.accounts.selectors import membership_list_for
from thidua.core.audit_actions import AUDIT_ACTION_LABELS, audit_action_label
from thidua.core.audit_values import audit_changes
from thidua.core.forms import AuditFilterForm
from thidua.core.pagination import CappedPaginator
from thidua.core.permissions import ensure_can
from thidua.core.selectors import audit_event_list_for
from thidua.core.text import local_today
from thidua.org.selectors import orgunit_list_as_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    today = local_today()
    scope = scope_for(request.user)
    context: dict[str, Any] = {
        "today": today,
        "memberships": membership_list_for(user=request.user, subject=request.user),
        "has_role": scope.has_any_role,
    }
    if scope.has_any_role:
        context["unit_count"] = orgunit_list_as_of(day=today).count()
    if request.user.has_perm("core.view_auditevent"):
        context["recent_events"] = [
            (event, audit_action_label(event.action))
            for event in audit_event_list_for(user=request.user)[:8]
        ]
    return render(request, "core/home.html", context)


@require_GET
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "core.view_auditevent")
    actions = [(code, str(label)) for code, label in AUDIT_ACTION_LABELS.items()]
    form = AuditFilterForm(request.GET or None, actions=actions)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    events = audit_event_list_for(user=request.user, **filters)
    page = CappedPaginator(events, 50).get_page(request.GET.get("trang"))
    rows = [
        (
            event,
            audit_action_label(event.action),
            audit_changes(event.object_type, event.before, event.after),
        )
        for event in page.object_list
    ]
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
