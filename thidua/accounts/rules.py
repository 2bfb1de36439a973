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


rules.add_perm("accounts.manage_membership", rules.is_authenticated & administers_unit)
rules.add_perm("accounts.view_user", rules.is_authenticated & (is_self | is_system_admin))
rules.add_perm("accounts.create_user", rules.is_authenticated & is_system_admin)
rules.add_perm("accounts.manage_own_tokens", rules.is_authenticated & rules.is_active)
rules.add_perm("core.view_auditevent", rules.is_authenticated & reads_audit)
