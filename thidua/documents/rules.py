"""Who may produce the statistical forms and enter the TĐKT workforce figures.

A unit's leaders and data officers report for their subtree; the emulation office (and the
administrators) for every unit their roles cover (the province's office: the whole province,
and through lineage the units it took over). The workforce figures (0604.N, 0605.N) are
entered by the office.
"""

from typing import Any

import rules

from thidua.accounts.enums import Role
from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES

STATISTICS_ROLES = (*OFFICE_ROLES, Role.LANH_DAO_DON_VI, Role.NHAP_LIEU)
WORKFORCE_EDITOR_ROLES = OFFICE_ROLES


def _holds_or_covers(user: Any, unit: Any, roles: tuple[str, ...]) -> bool:
    scope = scope_for(user)
    if unit is None:
        return scope.everything or bool(scope.roles() & set(roles))
    return scope.covers(unit, roles)


@rules.predicate
def reports_statistics_for(user: Any, unit: Any) -> bool:
    """`unit` (an org unit) lies in the subtree the user reports for; no unit: any."""
    return _holds_or_covers(user, unit, STATISTICS_ROLES)


@rules.predicate
def enters_workforce_of(user: Any, unit: Any) -> bool:
    return _holds_or_covers(user, unit, WORKFORCE_EDITOR_ROLES)


rules.add_perm("documents.view_statistical_forms", rules.is_authenticated & reports_statistics_for)
rules.add_perm("documents.manage_tdkt_workforce", rules.is_authenticated & enters_workforce_of)
