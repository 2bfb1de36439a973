"""Who does what with movements.

* Every role holder sees the movements their units take part in: launched by one of their units
  (or a unit below), or by a unit above (the province's movements reach every unit).
* The emulation office (and administrators) launches movements for the units it covers; the
  office or the leaders of a unit cascade a movement to it (the unit launches its own) and run
  the movements their unit launched: milestones, acknowledging registrations, all filings.
* A unit's leaders and data officers file its plan, registration and reports (PROPOSER_ROLES of
  the commendation workflow). A draft stays inside the unit; once sent, a filing is seen by
  anyone whose roles cover the unit and by those who run the movement.
"""

from typing import Any

import rules

from thidua.accounts.enums import Role
from thidua.accounts.scope import scope_for
from thidua.commendation.rules import PROPOSER_ROLES
from thidua.targets.rules import OFFICE_ROLES

# Who launches and runs a unit's own movements: the emulation office or the unit's leaders.
LAUNCHER_ROLES = (*OFFICE_ROLES, Role.LANH_DAO_DON_VI)
FILER_ROLES = PROPOSER_ROLES


@rules.predicate
def office_for_launching_unit(user: Any, unit: Any) -> bool:
    return unit is not None and scope_for(user).covers(unit, OFFICE_ROLES)


def _filing_unit(obj: Any) -> Any:
    """The org unit of a plan, registration or report (or the org unit itself)."""
    return obj if hasattr(obj, "path") else getattr(obj, "unit", None)


def _filing_movement(obj: Any) -> Any:
    milestone = getattr(obj, "milestone", None)
    return milestone.movement if milestone is not None else obj.movement


@rules.predicate
def sees_movement(user: Any, movement: Any) -> bool:
    """Launched by a unit the user covers, or by an ancestor of one (None: any role holder)."""
    scope = scope_for(user)
    if movement is None or scope.everything:
        return scope.has_any_role
    launcher = movement.launched_by.path
    return any(
        launcher.startswith(prefix) or prefix.startswith(launcher) for prefix in scope.paths()
    )


@rules.predicate
def runs_movement(user: Any, movement: Any) -> bool:
    """The office or the leaders of the launching unit (None: anyone who may launch)."""
    scope = scope_for(user)
    if movement is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(movement.launched_by, LAUNCHER_ROLES)


@rules.predicate
def launches_for_unit(user: Any, unit: Any) -> bool:
    return unit is not None and scope_for(user).covers(unit, LAUNCHER_ROLES)


@rules.predicate
def files_for_unit(user: Any, obj: Any) -> bool:
    """`obj` is an org unit, or a plan, registration or report of one, the user files for."""
    unit = _filing_unit(obj)
    return unit is not None and scope_for(user).covers(unit, FILER_ROLES)


@rules.predicate
def sees_filing(user: Any, filing: Any) -> bool:
    if filing is None:
        return False
    if files_for_unit(user, filing):
        return True
    if filing.status == "draft":
        return False
    return scope_for(user).covers(filing.unit) or runs_movement(user, _filing_movement(filing))


@rules.predicate
def acknowledges(user: Any, registration: Any) -> bool:
    """Those who run the movement, on a sent registration (a draft is not shared)."""
    if registration is None or registration.status == "draft":
        return False
    return runs_movement(user, registration.movement)


rules.add_perm("emulation.launch_movement", rules.is_authenticated & office_for_launching_unit)
rules.add_perm("emulation.view_movement", rules.is_authenticated & sees_movement)
rules.add_perm("emulation.run_movement", rules.is_authenticated & runs_movement)
rules.add_perm("emulation.cascade_movement", rules.is_authenticated & launches_for_unit)
rules.add_perm("emulation.file_for_unit", rules.is_authenticated & files_for_unit)
rules.add_perm("emulation.view_filing", rules.is_authenticated & sees_filing)
rules.add_perm("emulation.acknowledge_registration", rules.is_authenticated & acknowledges)

# Clusters and blocks have their own rules module.
from thidua.emulation import cluster_rules  # noqa: E402, F401
