"""A role covers its unit's subtree and the history of the units it succeeded."""

import datetime

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership
from thidua.accounts.scope import forget_scope, scope_for
from thidua.org.services import UnitSpec, orgunit_merge

D2025 = datetime.date(2025, 7, 1)


def test_role_covers_subtree_only(tree: Tree) -> None:
    user = make_user(Role.NHAP_LIEU, tree.unit)
    scope = scope_for(user)

    assert (scope.covers(tree.unit), scope.covers(tree.child), scope.covers(tree.other)) == (
        True,
        True,
        False,
    )
    assert scope.covers(tree.province) is False
    assert scope.covers(tree.child, [Role.QUAN_TRI]) is False


def test_parent_role_covers_children(tree: Tree) -> None:
    scope = scope_for(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    assert all(scope.covers(unit) for unit in (tree.province, tree.unit, tree.child, tree.other))
    assert scope.paths() == (tree.province.path,)


def test_successor_role_covers_predecessor_history(tree: Tree) -> None:
    user = make_user(Role.LANH_DAO_DON_VI, tree.other)
    merged = orgunit_merge(
        actor=None,
        units=[tree.unit, tree.other],
        effective_date=D2025,
        new_unit=UnitSpec(name="Sở Hợp nhất", kind="so_ban_nganh", parent=tree.province),
    )
    forget_scope(user)

    scope = scope_for(user)

    assert Membership.objects.get(user=user).unit_id == merged.pk
    assert (scope.covers(merged), scope.covers(tree.unit), scope.covers(tree.other)) == (
        True,
        True,
        True,
    )
    assert scope.covers(tree.child) is True  # the old version of the child, under the old Sở


def test_scope_is_cached_per_user_object(tree: Tree, django_assert_num_queries) -> None:
    user = make_user(Role.NGUOI_XEM, tree.unit)

    scope_for(user)
    with django_assert_num_queries(0):
        scope_for(user)


def test_superuser_and_anonymous(tree: Tree) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(make_user(is_superuser=True)).covers(tree.child) is True
    assert scope_for(AnonymousUser()).has_any_role is False
    assert scope_for(make_user()).has_any_role is False
