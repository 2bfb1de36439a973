"""Who sees deadlines, issues the đôn đốc letter, and raises, reads and handles obstacles.

* Every role holder sees the deadline calendar of the units their roles cover (a unit its
  subtree, the emulation office its province); a unit's unsent dossiers only its filers.
* The emulation office (chuyên viên TĐKT, administrators) issues the đôn đốc letter for the
  provinces it covers.
* A unit's leaders and data officers raise obstacles for it. An obstacle is read by the raising
  unit (and those whose roles cover it) and by its handlers: the emulation office covering the
  raising unit and the staff of the recipient unit (Văn phòng UBND tỉnh). Other units never see
  it. Handlers move it through its statuses and answer it; the raising unit may close it.
* Notifications are personal: everyone signed in reads only their own.
"""

from typing import Any

import rules

from thidua.accounts.enums import Role
from thidua.accounts.rules import has_any_role
from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES, REPORTER_ROLES

# Reminded when their unit is late, and raise its obstacles.
REMINDED_ROLES = REPORTER_ROLES
# Staff of the recipient unit (the chairman's office) who handle obstacles.
RECIPIENT_ROLES = (Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, *OFFICE_ROLES)


@rules.predicate
def office_for(user: Any, unit: Any) -> bool:
    """The emulation office of `unit` (None: of some unit)."""
    scope = scope_for(user)
    if unit is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(unit, OFFICE_ROLES)


def _raising_unit(obj: Any) -> Any:
    return obj if hasattr(obj, "path") else getattr(obj, "unit", None)


@rules.predicate
def raises_for(user: Any, obj: Any) -> bool:
    """`obj` is an org unit, or an obstacle of one, the user reports for (None: any unit)."""
    scope = scope_for(user)
    if obj is None:
        return scope.everything or bool(scope.roles() & set(REMINDED_ROLES))
    unit = _raising_unit(obj)
    return unit is not None and scope.covers(unit, REMINDED_ROLES)


@rules.predicate
def handles_obstacle(user: Any, obstacle: Any) -> bool:
    if obstacle is None:
        return False
    scope = scope_for(user)
    return scope.covers(obstacle.unit, OFFICE_ROLES) or scope.covers(
        obstacle.recipient, RECIPIENT_ROLES
    )


@rules.predicate
def sees_obstacle(user: Any, obstacle: Any) -> bool:
    if obstacle is None:
        return False
    return scope_for(user).covers(obstacle.unit) or handles_obstacle(user, obstacle)


rules.add_perm("reminders.view_calendar", rules.is_authenticated & has_any_role)
rules.add_perm("reminders.issue_letter", rules.is_authenticated & office_for)
rules.add_perm("reminders.view_notifications", rules.is_authenticated & rules.is_active)
rules.add_perm("reminders.view_obstacles", rules.is_authenticated & has_any_role)
rules.add_perm("reminders.raise_obstacle", rules.is_authenticated & raises_for)
rules.add_perm("reminders.view_obstacle", rules.is_authenticated & sees_obstacle)
rules.add_perm("reminders.handle_obstacle", rules.is_authenticated & handles_obstacle)
rules.add_perm("reminders.close_obstacle", rules.is_authenticated & (raises_for | handles_obstacle))
