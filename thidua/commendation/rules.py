"""Who may use the commendation tools. The what-if eligibility check reads only what the caller
sends, so every role holder preparing dossiers may run it."""

from typing import Any

import rules

from thidua.accounts.rules import has_any_role
from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES

rules.add_perm("commendation.check_eligibility", rules.is_authenticated & has_any_role)


# --- Registry (people, households, collectives and their history) --------------------------
# The emulation office (and administrators) keep the registry of the units they cover; any role
# holder reads it for the units they cover. A unit never sees another unit's people.


def registry_unit(obj: Any) -> Any:
    """The org unit that decides who sees `obj`: an org unit (a collective, or where a new
    person is registered), a person or household (where they belong), or a record about one."""
    if obj is None:
        return None
    if hasattr(obj, "path"):
        return obj
    for name in ("person", "household"):
        if getattr(obj, f"{name}_id", None) is not None:
            return registry_unit(getattr(obj, name))
    if getattr(obj, "collective_id", None) is not None:
        return obj.collective
    return getattr(obj, "unit", None)


@rules.predicate
def manages_registry_of(user: Any, obj: Any) -> bool:
    unit = registry_unit(obj)
    return unit is not None and scope_for(user).covers(unit, OFFICE_ROLES)


@rules.predicate
def sees_registry_of(user: Any, obj: Any) -> bool:
    unit = registry_unit(obj)
    return unit is not None and scope_for(user).covers(unit)


rules.add_perm("commendation.manage_registry", rules.is_authenticated & manages_registry_of)
rules.add_perm("commendation.view_registry", rules.is_authenticated & sees_registry_of)


# Decisions are numbered and issued by the emulation office for the issuing body it covers.
rules.add_perm("commendation.issue_decision", rules.is_authenticated & manages_registry_of)
