"""Who does what in a cluster or block (loaded by `emulation/rules.py`).

* The emulation office of the organising province manages clusters, their years, members and
  scoring tables, reviews the assessments, returns them, and publishes the standings; members
  of the province's council read sent sheets and may return one with a reason (never edit).
* A member unit's leaders and data officers score their own unit (self assessment).
* The cross assessor is the leading unit (Trưởng cụm, khối) or, in peer mode, the member the
  assessment was passed to; its leaders and data officers score.
* A member never sees another member's scores before they are sent; the office sees sent ones.
"""

from typing import Any

import rules

from thidua.accounts.rules import has_any_role
from thidua.accounts.scope import scope_for
from thidua.commendation.rules import COUNCIL_READER_ROLES, PROPOSER_ROLES
from thidua.targets.rules import OFFICE_ROLES

UNSENT = frozenset({"draft", "returned"})


def _edition(obj: Any) -> Any:
    """The cluster year of an edition, a member or an assessment."""
    if hasattr(obj, "member"):
        obj = obj.member
    return getattr(obj, "edition", obj)


def _organiser(obj: Any) -> Any:
    if obj is None:
        return None
    if hasattr(obj, "path"):
        return obj
    if hasattr(obj, "organised_by_id"):
        return obj.organised_by
    return _edition(obj).cluster.organised_by


@rules.predicate
def runs_clusters(user: Any, obj: Any) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(_organiser(obj), OFFICE_ROLES)


@rules.predicate
def council_of_organiser(user: Any, obj: Any) -> bool:
    """The office or a council member of the organising province (the council may return a
    sheet with a reason, never edit it)."""
    return obj is not None and scope_for(user).covers(_organiser(obj), COUNCIL_READER_ROLES)


@rules.predicate
def scores_own_unit(user: Any, obj: Any) -> bool:
    """`obj` is a member or its assessment; the user acts for the member unit."""
    member = getattr(obj, "member", obj)
    return member is not None and scope_for(user).covers(member.unit, PROPOSER_ROLES)


def cross_unit(assessment: Any) -> Any:
    edition = _edition(assessment)
    if edition.cross_mode == "cheo":
        return assessment.cross_by
    return edition.leader


@rules.predicate
def cross_scores(user: Any, assessment: Any) -> bool:
    if assessment is None:
        return False
    unit = cross_unit(assessment)
    return unit is not None and scope_for(user).covers(unit, PROPOSER_ROLES)


@rules.predicate
def sees_assessment(user: Any, assessment: Any) -> bool:
    if assessment is None:
        return False
    if scores_own_unit(user, assessment):
        return True
    if assessment.status in UNSENT:
        return False
    if council_of_organiser(user, assessment) or cross_scores(user, assessment):
        return True
    scope = scope_for(user)
    return any(
        scope.covers(member.unit, PROPOSER_ROLES) for member in _edition(assessment).members.all()
    )


rules.add_perm("emulation.view_cluster", rules.is_authenticated & has_any_role)
rules.add_perm("emulation.manage_cluster", rules.is_authenticated & runs_clusters)
rules.add_perm("emulation.self_assess", rules.is_authenticated & scores_own_unit)
# A member signs its own covenant; the office records signatures collected at the conference.
rules.add_perm(
    "emulation.sign_covenant", rules.is_authenticated & (scores_own_unit | runs_clusters)
)
rules.add_perm("emulation.cross_assess", rules.is_authenticated & cross_scores)
rules.add_perm("emulation.view_assessment", rules.is_authenticated & sees_assessment)
rules.add_perm("emulation.return_assessment", rules.is_authenticated & council_of_organiser)
