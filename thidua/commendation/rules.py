"""Who may use the commendation tools. The what-if eligibility check reads only what the caller
sends, so every role holder preparing dossiers may run it."""

from typing import Any

import rules

from thidua.accounts.enums import Role
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


# --- Workflow: rounds, nominations, council, decisions -------------------------------------
# A unit's leaders and data officers propose for the units they cover (cluster leaders for
# their cluster's proposals); drafts stay inside the proposing unit. The emulation office
# covering a round's issuing body runs it: appraisal, council sessions (as secretary),
# decisions. Council members read the sessions of the councils they sit on.

PROPOSER_ROLES = (Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, Role.TRUONG_CUM_KHOI)
COUNCIL_READER_ROLES = (*OFFICE_ROLES, Role.THANH_VIEN_HOI_DONG)


def _issuer_of(obj: Any) -> Any:
    """The issuing body of a round, or of the round a nomination, session or decision is in."""
    if obj is None:
        return None
    if hasattr(obj, "path"):
        return obj
    if hasattr(obj, "issuer_id"):
        return obj.issuer
    return obj.round.issuer


@rules.predicate
def runs_round(user: Any, obj: Any) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(_issuer_of(obj), OFFICE_ROLES)


@rules.predicate
def reads_council(user: Any, obj: Any) -> bool:
    return obj is not None and scope_for(user).covers(_issuer_of(obj), COUNCIL_READER_ROLES)


@rules.predicate
def proposes_for(user: Any, obj: Any) -> bool:
    """`obj` is an org unit, or a nomination of a unit, the user proposes for."""
    unit = getattr(obj, "unit", obj)
    return unit is not None and scope_for(user).covers(unit, PROPOSER_ROLES)


@rules.predicate
def sees_nomination(user: Any, nomination: Any) -> bool:
    if nomination is None:
        return False
    if proposes_for(user, nomination):
        return True
    if nomination.status == "draft":
        return False
    return scope_for(user).covers(nomination.unit) or reads_council(user, nomination)


rules.add_perm("commendation.view_round", rules.is_authenticated & has_any_role)
rules.add_perm("commendation.manage_round", rules.is_authenticated & runs_round)
rules.add_perm("commendation.propose", rules.is_authenticated & proposes_for)
rules.add_perm("commendation.view_nomination", rules.is_authenticated & sees_nomination)
rules.add_perm("commendation.appraise", rules.is_authenticated & runs_round)
rules.add_perm("commendation.view_council", rules.is_authenticated & reads_council)
rules.add_perm("commendation.run_council", rules.is_authenticated & runs_round)
rules.add_perm("commendation.decide", rules.is_authenticated & runs_round)
