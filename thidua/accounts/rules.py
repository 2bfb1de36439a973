"""Permission predicates for accounts, memberships and the audit trail."""

from typing import Any

import rules

from thidua.accounts.enums import AUDIT_READER_ROLES, Role
from thidua.accounts.scope import scope_for


@rules.predicate
def has_any_role(user: Any) -> bool:
    return scope_for(user).has_any_role


@rules.predicate
def is_system_admin(user: Any) -> bool:
    scope = scope_for(user)
    return scope.everything or Role.QUAN_TRI in scope.roles()


@rules.predicate
def administers_unit(user: Any, unit: Any) -> bool:
    """System administrator over `unit` (or anywhere, when no unit is given)."""
    scope = scope_for(user)
    if unit is None:
        return scope.everything or Role.QUAN_TRI in scope.roles()
    return scope.covers(unit, [Role.QUAN_TRI])


@rules.predicate
def reads_audit(user: Any) -> bool:
    scope = scope_for(user)
    return scope.everything or bool(scope.roles() & AUDIT_READER_ROLES)


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) == getattr(other, "pk", None)


def _subject_units(subject: Any) -> list[Any]:
    return [membership.unit for membership in subject.memberships.select_related("unit")]


@rules.predicate
def administers_some_unit_of(user: Any, subject: Any) -> bool:
    """An administrator sees accounts holding a role in their subtree, and unassigned ones."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if subject is None or Role.QUAN_TRI not in scope.roles():
        return False
    units = _subject_units(subject)
    return not units or any(scope.covers(unit, [Role.QUAN_TRI]) for unit in units)


@rules.predicate
def administers_all_units_of(user: Any, subject: Any) -> bool:
    """Locking an account needs authority over every unit where it holds a role."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if subject is None or Role.QUAN_TRI not in scope.roles():
        return False
    return all(scope.covers(unit, [Role.QUAN_TRI]) for unit in _subject_units(subject))


rules.add_perm("accounts.manage_membership", rules.is_authenticated & administers_unit)
rules.add_perm("accounts.view_user", rules.is_authenticated & (is_self | administers_some_unit_of))
rules.add_perm("accounts.manage_user", rules.is_authenticated & administers_all_units_of)
rules.add_perm("accounts.create_user", rules.is_authenticated & is_system_admin)
rules.add_perm("accounts.manage_own_tokens", rules.is_authenticated & rules.is_active)
rules.add_perm("core.view_auditevent", rules.is_authenticated & reads_audit)
