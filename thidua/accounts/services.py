"""Writes to accounts, roles and API tokens; each authorised, validated and audited."""

import secrets
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, Membership, User
from thidua.accounts.scope import forget_scope
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.ratelimit import (
    RateLimit,
    RateLimitedError,
    rate_limit_reached,
    rate_limit_take,
)
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.org.models import OrgUnit

USER_AUDIT_FIELDS = ["id", "username", "full_name", "position", "email", "is_active"]


def _validate_password(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    position: str = "",
    is_demo: bool = False,
) -> User:
    """Create an account that can sign in; roles are granted separately."""
    ensure_can(actor, "accounts.create_user")
    username = username.strip().lower()
    if not username:
        raise ApplicationError(_("Tên đăng nhập không được để trống."))
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            _("Tên đăng nhập “%(username)s” đã được dùng.") % {"username": username}
        )
    user = User(
        username=username,
        full_name=" ".join(nfc(full_name).split()),
        email=email.strip(),
        position=" ".join(nfc(position).split()),
        is_demo=is_demo,
    )
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="user.created",
        target=user,
        after=snapshot(user, USER_AUDIT_FIELDS),
    )
    return user


# Wrong current passwords per account: a left-open session must not become a way to guess it.
PASSWORD_CHECK_LIMIT = RateLimit(scope="password_check", limit=5, window_seconds=15 * 60)


def user_change_password(*, actor: Any, user: User, old_password: str, new_password: str) -> User:
    """The user changes their own password (the old one is required).

    The wrong-password counter is written outside the transaction: the refusal rolls the
    transaction back, and with the database cache the count would go with it."""
    ensure_can(actor, "accounts.view_user", user)
    if actor is not None and actor.pk != user.pk:
        raise ApplicationError(_("Chỉ chủ tài khoản mới đổi được mật khẩu của mình."))
    account = f"user:{user.pk}"
    if rate_limit_reached(PASSWORD_CHECK_LIMIT, account):
        raise RateLimitedError(
            _(
                "Đã nhập sai mật khẩu hiện tại %(count)s lần. Vui lòng thử lại sau %(minutes)s "
                "phút; mật khẩu chưa được đổi."
            )
            % {
                "count": PASSWORD_CHECK_LIMIT.limit,
                "minutes": PASSWORD_CHECK_LIMIT.window_minutes,
            }
        )
    if not user.check_password(old_password):
        rate_limit_take(PASSWORD_CHECK_LIMIT, account)
        raise ApplicationError(_("Mật khẩu hiện tại không đúng."))
    with transaction.atomic():
        _validate_password(new_password, user)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=actor, action="user.password_changed", target=user)
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    """Lock or unlock an account."""
    ensure_can(actor, "accounts.manage_user", user)
    if actor is not None and actor.pk == user.pk and not is_active:
        raise ApplicationError(_("Không thể tự khóa tài khoản của chính mình."))
    before = snapshot(user, ["is_active"])
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.activated" if is_active else "user.deactivated",
        target=user,
        before=before,
        after=snapshot(user, ["is_active"]),
    )
    return user


@transaction.atomic
def membership_grant(*, actor: Any, user: User, unit: OrgUnit, role: str) -> Membership:
    """Give `user` the role `role` on `unit` (and so on its subtree)."""
    ensure_can(actor, "accounts.manage_membership", unit)
    if role not in Role.values:
        raise ApplicationError(_("Vai trò “%(role)s” không hợp lệ.") % {"role": role})
    if unit.valid_to is not None:
        raise ApplicationError(
            _("Đơn vị “%(unit)s” đã hết hiệu lực; hãy chọn đơn vị kế thừa.") % {"unit": unit.name}
        )
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        raise ApplicationError(
            _("%(user)s đã có vai trò này trên đơn vị “%(unit)s”.") % {"user": user, "unit": unit}
        )
    membership = Membership.objects.create(user=user, unit=unit, role=role)
    forget_scope(user)
    audit_record(
        actor=actor,
        action="membership.granted",
        target=membership,
        unit=unit,
        after=snapshot(membership, ["user_id", "unit_id", "role"]),
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> None:
    """Take a role away."""
    ensure_can(actor, "accounts.manage_membership", membership.unit)
    before = snapshot(membership, ["id", "user_id", "unit_id", "role"])
    unit, description = membership.unit, str(membership)
    membership.delete()
    forget_scope(membership.user)
    audit_record(
        actor=actor,
        action="membership.revoked",
        object_type="accounts.membership",
        object_id=str(before["id"]),
        object_repr=description,
        unit=unit,
        before=before,
    )


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for `user`; the raw token is returned once and never stored."""
    ensure_can(actor, "accounts.manage_own_tokens")
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("Chỉ chủ tài khoản mới tạo được mã truy cập của mình."))
    name = " ".join(nfc(name).split())
    if not name:
        raise ApplicationError(_("Hãy đặt tên cho mã truy cập (ví dụ: “Đồng bộ báo cáo”)."))
    if len(name) > 100:
        raise ApplicationError(_("Tên mã truy cập dài quá 100 ký tự."))
    raw = "td_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.digest_of(raw), prefix=raw[:8]
    )
    audit_record(actor=actor, action="api_token.created", target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if actor is not None and actor.pk != token.user_id:
        # Besides its owner, an administrator of the account may revoke a token.
        ensure_can(actor, "accounts.manage_user", token.user)
    if token.revoked_at is not None:
        raise ApplicationError(_("Mã truy cập này đã bị thu hồi."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoked", target=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning a valid token, or None. Records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client must not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
