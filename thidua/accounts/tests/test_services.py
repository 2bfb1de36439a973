"""Account services: creation, roles, tokens, passwords — each audited, each authorised."""

import pytest
from django.core.exceptions import PermissionDenied

from conftest import PASSWORD, Tree, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, Membership, User
from thidua.accounts.scope import scope_for
from thidua.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    membership_grant,
    membership_revoke,
    user_change_password,
    user_create,
    user_set_active,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.ratelimit import RateLimitedError


def test_user_create_needs_an_administrator(tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        user_create(
            actor=make_user(Role.LANH_DAO_DON_VI, tree.unit),
            username="moi",
            full_name="A",
            password=PASSWORD,
        )

    created = user_create(
        actor=make_user(Role.QUAN_TRI, tree.province),
        username=" Moi ",
        full_name="Nguyễn Văn A",
        password=PASSWORD,
    )

    assert (created.username, created.check_password(PASSWORD)) == ("moi", True)
    assert AuditEvent.objects.filter(action="user.created", object_id=str(created.pk)).count() == 1


def test_user_create_rejects_weak_password_and_duplicates(tree: Tree) -> None:
    admin = make_user(Role.QUAN_TRI, tree.province)
    count = User.objects.count()

    with pytest.raises(ApplicationError):
        user_create(actor=admin, username="yeu", full_name="Yếu", password="123")
    user_create(actor=admin, username="trung", full_name="Trùng", password=PASSWORD)
    with pytest.raises(ApplicationError, match="đã được dùng"):
        user_create(actor=admin, username="TRUNG", full_name="Trùng", password=PASSWORD)

    assert User.objects.count() == count + 1


def test_membership_grant_scoped_to_administered_units(tree: Tree) -> None:
    unit_admin = make_user(Role.QUAN_TRI, tree.unit)
    person = make_user()

    membership_grant(actor=unit_admin, user=person, unit=tree.child, role=Role.NHAP_LIEU)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=unit_admin, user=person, unit=tree.other, role=Role.NHAP_LIEU)

    assert list(Membership.objects.filter(user=person).values_list("unit_id", flat=True)) == [
        tree.child.pk
    ]
    assert scope_for(person).covers(tree.child)


def test_membership_grant_refuses_closed_unit_and_duplicates(tree: Tree) -> None:
    from datetime import date

    from thidua.org.services import orgunit_rename

    person = make_user(Role.NHAP_LIEU, tree.unit)
    orgunit_rename(actor=None, unit=tree.other, name="Sở mới", effective_date=date(2025, 7, 1))
    tree.other.refresh_from_db()

    with pytest.raises(ApplicationError, match="đã hết hiệu lực"):
        membership_grant(actor=None, user=person, unit=tree.other, role=Role.NGUOI_XEM)
    with pytest.raises(ApplicationError, match="đã có vai trò"):
        membership_grant(actor=None, user=person, unit=tree.unit, role=Role.NHAP_LIEU)


def test_membership_revoke_audited(tree: Tree) -> None:
    person = make_user(Role.NHAP_LIEU, tree.unit)
    membership = Membership.objects.get(user=person)

    membership_revoke(actor=make_user(Role.QUAN_TRI, tree.province), membership=membership)

    assert Membership.objects.filter(user=person).count() == 0
    event = AuditEvent.objects.get(action="membership.revoked")
    assert (event.unit_id, event.before["role"]) == (tree.unit.pk, Role.NHAP_LIEU)


def test_api_token_lifecycle(tree: Tree) -> None:
    user = make_user(Role.NGUOI_XEM, tree.unit)

    token, raw = api_token_create(actor=user, user=user, name="Đồng bộ số liệu")

    assert raw.startswith("td_")
    assert token.digest != raw
    assert ApiToken.digest_of(raw) == token.digest
    assert api_token_authenticate(raw) == user
    api_token_revoke(actor=user, token=token)
    assert api_token_authenticate(raw) is None
    with pytest.raises(PermissionDenied):
        api_token_create(
            actor=make_user(Role.NGUOI_XEM, tree.unit), user=user, name="Của người khác"
        )


def test_password_change_requires_old_password(tree: Tree) -> None:
    user = make_user()

    with pytest.raises(ApplicationError, match="không đúng"):
        user_change_password(
            actor=user, user=user, old_password="sai", new_password="Mat-khau-moi-2025"
        )
    user_change_password(
        actor=user, user=user, old_password=PASSWORD, new_password="Mat-khau-moi-2025"
    )

    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2025")


@pytest.mark.django_db(transaction=True)
def test_wrong_current_passwords_are_limited_per_account(tree: Tree) -> None:
    """Five wrong guesses, then even the right password waits for the window; the count
    survives the refusals' rollbacks (transaction=True: nothing wraps the service here)."""
    user, neighbour = make_user(), make_user()

    for _ in range(5):
        with pytest.raises(ApplicationError, match="không đúng"):
            user_change_password(
                actor=user, user=user, old_password="doan-thu", new_password="Mat-khau-moi-2025"
            )
    with pytest.raises(RateLimitedError, match="sai mật khẩu hiện tại 5 lần"):
        user_change_password(
            actor=user, user=user, old_password=PASSWORD, new_password="Mat-khau-moi-2025"
        )
    user_change_password(
        actor=neighbour, user=neighbour, old_password=PASSWORD, new_password="Mat-khau-moi-2025"
    )

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="user.password_changed").count() == 1


def test_user_set_active(tree: Tree) -> None:
    admin = make_user(Role.QUAN_TRI, tree.province)
    person = make_user()

    user_set_active(actor=admin, user=person, is_active=False)
    with pytest.raises(ApplicationError, match="chính mình"):
        user_set_active(actor=admin, user=admin, is_active=False)

    person.refresh_from_db()
    assert person.is_active is False
