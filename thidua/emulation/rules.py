"""Who may launch movements: the emulation office and administrators, on the units they cover."""

from typing import Any

import rules

from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES


@rules.predicate
def office_for_launching_unit(user: Any, unit: Any) -> bool:
    return unit is not None and scope_for(user).covers(unit, OFFICE_ROLES)


rules.add_perm("emulation.launch_movement", rules.is_authenticated & office_for_launching_unit)
