"""Sign-in, own account (password, API tokens) and user administration pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import services
from thidua.accounts.enums import Role
from thidua.accounts.forms import (
    ApiTokenForm,
    MembershipGrantForm,
    PasswordChangeForm,
    UserCreateForm,
)
from thidua.accounts.models import ApiToken, Membership, User
from thidua.accounts.scope import scope_for
from thidua.accounts.selectors import api_token_list_for, membership_list_for, user_list_for
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.org.forms import open_units


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    token_form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and token_form.is_valid():
        try:
            _token, new_token = services.api_token_create(
                actor=user, user=user, name=token_form.cleaned_data["name"]
            )
        except ApplicationError as error:
            token_form.add_error(None, error.message)
        else:
            token_form = ApiTokenForm()
    return render(
        request,
        "accounts/my_account.html",
        {
            "memberships": membership_list_for(user=user, subject=user),
            "tokens": api_token_list_for(user=user),
            "token_form": token_form,
            "new_token": new_token,
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    owner: Any = request.user
    token = ApiToken.objects.filter(pk=pk, user=owner).first()
    if token is None:
        raise Http404
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("accounts:my-account")


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                actor=request.user,
                user=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("accounts:my-account")
    return render(request, "accounts/password_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "accounts.create_user")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": created})
            return redirect("accounts:user-detail", pk=created.pk)
    query = request.GET.get("q", "").strip()
    users = list(user_list_for(user=request.user, query=query)[:300])
    return render(
        request, "accounts/user_list.html", {"users": users, "form": form, "query": query}
    )


def _administered_units(user: Any) -> Any:
    scope = scope_for(user)
    return open_units().filter(scope.filter_q("path", [Role.QUAN_TRI]))


@require_http_methods(["GET", "POST"])
@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_can(request.user, "accounts.create_user")
    subject = User.objects.filter(pk=pk).first()
    if subject is None:
        raise Http404
    ensure_can(request.user, "accounts.view_user", subject)
    form = MembershipGrantForm(request.POST or None, units=_administered_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(actor=request.user, user=subject, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã giao vai trò."))
            return redirect("accounts:user-detail", pk=subject.pk)
    memberships = [
        (membership, request.user.has_perm("accounts.manage_membership", membership.unit))
        for membership in membership_list_for(user=request.user, subject=subject)
    ]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": subject,
            "memberships": memberships,
            "form": form,
            "can_lock": request.user.has_perm("accounts.manage_user", subject),
        },
    )


@require_POST
@login_required
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = Membership.objects.select_related("unit", "user").filter(pk=pk).first()
    if membership is None:
        raise Http404
    if not request.user.has_perm("accounts.manage_membership", membership.unit):
        raise PermissionDenied(_("Bạn không quản trị đơn vị này."))
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("accounts:user-detail", pk=membership.user_id)


@require_POST
@login_required
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_can(request.user, "accounts.create_user")
    subject = User.objects.filter(pk=pk).first()
    if subject is None:
        raise Http404
    try:
        services.user_set_active(actor=request.user, user=subject, is_active=not subject.is_active)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("accounts:user-detail", pk=subject.pk)


@require_GET
def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
