"""Pages of the unit tree: browse as of a date, search, a unit with its lineage, and changes."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.text import local_today
from thidua.org import services
from thidua.org.enums import UnitKind
from thidua.org.forms import (
    CorrectForm,
    CreateChildForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    TreeFilterForm,
)
from thidua.org.models import OrgUnit
from thidua.org.selectors import (
    orgunit_ancestors,
    orgunit_events,
    orgunit_get,
    orgunit_lineage,
    orgunit_list_as_of,
)

# Order of siblings in the tree: agencies first, then territories, then internal departments.
KIND_ORDER: dict[str, int] = {
    kind: position
    for position, kind in enumerate(
        [
            UnitKind.TINH,
            UnitKind.SO_BAN_NGANH,
            UnitKind.TRUNG_UONG,
            UnitKind.MAT_TRAN,
            UnitKind.SU_NGHIEP,
            UnitKind.DOANH_NGHIEP,
            UnitKind.HUYEN,
            UnitKind.XA,
            UnitKind.PHONG_BAN,
        ]
    )
}


def _sort_key(unit: OrgUnit) -> tuple[int, str, str]:
    return (KIND_ORDER.get(unit.kind, 99), unit.search_key, unit.name)


def _build_tree(units: list[OrgUnit]) -> list[dict[str, Any]]:
    """Nest a flat list of units valid on one day (their parents are in the list too)."""
    children: dict[int | None, list[OrgUnit]] = {}
    present = {unit.pk for unit in units}
    for unit in units:
        parent_id = unit.parent_id if unit.parent_id in present else None
        children.setdefault(parent_id, []).append(unit)

    def nodes(parent_id: int | None) -> list[dict[str, Any]]:
        return [
            {"unit": unit, "children": nodes(unit.pk)}
            for unit in sorted(children.get(parent_id, []), key=_sort_key)
        ]

    return nodes(None)


def _view_allowed(request: HttpRequest) -> None:
    ensure_can(request.user, "org.view_orgunit")


@require_GET
@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    _view_allowed(request)
    form = TreeFilterForm(request.GET or None)
    day, query = local_today(), ""
    if form.is_valid():
        day = form.cleaned_data["ngay"] or day
        query = form.cleaned_data["q"].strip()
    context: dict[str, Any] = {"form": form, "day": day, "query": query, "today": local_today()}
    if query:
        results = list(orgunit_list_as_of(day=day, query=query)[:200])
        ancestor_ids = {pk for unit in results for pk in unit.ancestor_ids}
        names = dict(OrgUnit.objects.filter(pk__in=ancestor_ids).values_list("pk", "name"))
        context["results"] = [
            (unit, [names[pk] for pk in unit.ancestor_ids if pk in names]) for unit in results
        ]
    else:
        units = list(orgunit_list_as_of(day=day))
        context["tree"] = _build_tree(units)
        context["unit_count"] = len(units)
    context["quick_days"] = [
        datetime.date(2024, 12, 31),
        datetime.date(2025, 7, 1),
        local_today(),
    ]
    return render(request, "org/unit_tree.html", context)


def _get_unit(pk: int) -> OrgUnit:
    unit = orgunit_get(pk=pk)
    if unit is None:
        raise Http404
    return unit


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _view_allowed(request)
    unit = _get_unit(pk)
    today = local_today()
    # Children are shown as they were on the unit's last day, or today for an open unit.
    last_day = unit.last_valid_day
    shown_day = min(today, last_day) if last_day else max(today, unit.valid_from)
    children = sorted(OrgUnit.objects.valid_on(shown_day).filter(parent=unit), key=_sort_key)
    context = {
        "unit": unit,
        "ancestors": orgunit_ancestors(unit),
        "children": children,
        "shown_day": shown_day,
        "predecessors": orgunit_lineage(unit, backwards=True),
        "successors": orgunit_lineage(unit, backwards=False),
        "events": orgunit_events(unit),
        "can_change": request.user.has_perm("org.change_orgunit", unit) and unit.valid_to is None,
        "is_open": unit.valid_to is None,
    }
    return render(request, "org/unit_detail.html", context)


def _change_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    title: str,
    apply: Callable[[OrgUnit, dict[str, Any]], OrgUnit | list[OrgUnit]],
    needs_unit: bool = False,
    initial: Callable[[OrgUnit], dict[str, Any]] | None = None,
) -> HttpResponse:
    unit = _get_unit(pk)
    if not request.user.has_perm("org.change_orgunit", unit):
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị này."))
    kwargs: dict[str, Any] = {"unit": unit} if needs_unit else {}
    start = initial(unit) if initial else {}
    form = form_class(request.POST or None, initial=start, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            result = apply(unit, form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            target = result[0] if isinstance(result, list) else result
            messages.success(request, _("Đã lưu thay đổi: %(title)s.") % {"title": title})
            return redirect("org:unit-detail", pk=target.pk)
    return render(request, "org/unit_change.html", {"unit": unit, "form": form, "title": title})


def _event_args(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "effective_date": data["effective_date"],
        "legal_basis": data.get("legal_basis", ""),
        "note": data.get("note", ""),
    }


@require_http_methods(["GET", "POST"])
@login_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=RenameForm,
        title=_("Đổi tên đơn vị"),
        initial=lambda unit: {"name": unit.name, "short_name": unit.short_name, "code": unit.code},
        apply=lambda unit, data: services.orgunit_rename(
            actor=request.user,
            unit=unit,
            name=data["name"],
            short_name=data["short_name"],
            code=data["code"],
            **_event_args(data),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=MoveForm,
        title=_("Điều chuyển đơn vị"),
        apply=lambda unit, data: services.orgunit_move(
            actor=request.user, unit=unit, new_parent=data["new_parent"], **_event_args(data)
        ),
    )


def _apply_merge(request: HttpRequest, unit: OrgUnit, data: dict[str, Any]) -> OrgUnit:
    units = [unit, *data["others"]]
    if data["mode"] == MergeForm.MODE_INTO:
        return services.orgunit_merge(
            actor=request.user, units=units, into=data["into"], **_event_args(data)
        )
    spec = services.UnitSpec(
        name=data["new_name"],
        kind=data["new_kind"] or unit.kind,
        parent=data["new_parent"],
        code=data["new_code"],
    )
    return services.orgunit_merge(
        actor=request.user, units=units, new_unit=spec, **_event_args(data)
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=MergeForm,
        title=_("Sáp nhập, hợp nhất đơn vị"),
        needs_unit=True,
        apply=lambda unit, data: _apply_merge(request, unit, data),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_split(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=SplitForm,
        title=_("Chia tách đơn vị"),
        apply=lambda unit, data: services.orgunit_split(
            actor=request.user,
            unit=unit,
            successors=[
                services.UnitSpec(name=name, kind=unit.kind, parent=unit.parent)
                for name in data["names"]
            ],
            **_event_args(data),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=DissolveForm,
        title=_("Giải thể đơn vị"),
        needs_unit=True,
        apply=lambda unit, data: services.orgunit_dissolve(
            actor=request.user,
            unit=unit,
            functions_to=list(data["functions_to"]),
            **_event_args(data),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_create_child(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=CreateChildForm,
        title=_("Thành lập đơn vị trực thuộc"),
        apply=lambda unit, data: services.orgunit_create(
            actor=request.user,
            spec=services.UnitSpec(
                name=data["name"],
                kind=data["kind"],
                parent=unit,
                short_name=data["short_name"],
                code=data["code"],
            ),
            valid_from=data["valid_from"],
            legal_basis=data["legal_basis"],
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        form_class=CorrectForm,
        title=_("Sửa thông tin đơn vị (không tạo phiên bản mới)"),
        initial=lambda unit: {
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "code": unit.code,
        },
        apply=lambda unit, data: services.orgunit_correct(actor=request.user, unit=unit, **data),
    )
