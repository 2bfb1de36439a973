"""Who may read, write and issue periodic reports, and read a PDF rendering.

A report belongs to its unit: the unit's leaders and data officers (and whoever holds such a
role higher up the tree) write it while it is a draft; the leaders issue it; the emulation
office of the province reads and may write every report of its subtree. Another unit never sees
it.
"""

from typing import Any

import rules

from thidua.accounts.enums import Role
from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES

WRITER_ROLES = (Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, *OFFICE_ROLES)
ISSUER_ROLES = (Role.LANH_DAO_DON_VI, *OFFICE_ROLES)
READER_ROLES = (*WRITER_ROLES, Role.NGUOI_XEM, Role.THANH_VIEN_HOI_DONG)


def _unit(obj: Any) -> Any:
    return getattr(obj, "unit", obj)


@rules.predicate
def reads_report(user: Any, obj: Any) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.has_any_role
    return scope.covers(_unit(obj), READER_ROLES)


@rules.predicate
def writes_report(user: Any, obj: Any) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.everything or bool(scope.roles() & set(WRITER_ROLES))
    return scope.covers(_unit(obj), WRITER_ROLES)


@rules.predicate
def issues_report(user: Any, obj: Any) -> bool:
    return obj is not None and scope_for(user).covers(_unit(obj), ISSUER_ROLES)


rules.add_perm("reports.view_report", rules.is_authenticated & reads_report)
rules.add_perm("reports.edit_report", rules.is_authenticated & writes_report)
rules.add_perm("reports.issue_report", rules.is_authenticated & issues_report)
