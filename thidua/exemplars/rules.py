"""Who does what with exemplary models. A role held on a unit covers its subtree.

* A unit's leaders and data officers propose models of the units they cover and write them while
  they are drafts or returned; the emulation office may also write one itself (a model brought
  forward by the Fatherland Front or the press) and then writes it like a proposer.
* A draft stays with those who write it; once sent, a model is seen by every role holder whose
  roles cover its unit.
* The emulation office (chuyên viên TĐKT, and administrators) covering the unit approves,
  returns, publishes and unpublishes, approves photos and makes the press pack.
* The personal details (birth date, phone, ID number, address) are shown only to those who write
  or review the model, never to a mere reader.
"""

from typing import Any

import rules

from thidua.accounts.enums import Role
from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES

PROPOSER_ROLES = (Role.LANH_DAO_DON_VI, Role.NHAP_LIEU)
WRITER_ROLES = (*PROPOSER_ROLES, *OFFICE_ROLES)


def _unit(obj: Any) -> Any:
    """The org unit of a model, of a model's photo or evidence, or the org unit itself."""
    if obj is None or hasattr(obj, "path"):
        return obj
    exemplar = getattr(obj, "exemplar", obj)
    return exemplar.unit


def _exemplar(obj: Any) -> Any:
    return getattr(obj, "exemplar", obj)


@rules.predicate
def proposes_for(user: Any, unit: Any) -> bool:
    """`unit` is one the user may propose a model for (None: any unit at all)."""
    scope = scope_for(user)
    if unit is None:
        return scope.everything or bool(scope.roles() & set(WRITER_ROLES))
    return scope.covers(unit, WRITER_ROLES)


@rules.predicate
def writes_exemplar(user: Any, obj: Any) -> bool:
    """The unit's proposers, or the office member who wrote the model."""
    if obj is None:
        return False
    exemplar = _exemplar(obj)
    scope = scope_for(user)
    if scope.covers(exemplar.unit, PROPOSER_ROLES):
        return True
    return exemplar.created_by_id == getattr(user, "pk", None) and scope.covers(
        exemplar.unit, OFFICE_ROLES
    )


@rules.predicate
def reviews_exemplar(user: Any, obj: Any) -> bool:
    """The emulation office covering the model's unit (None: the office anywhere)."""
    scope = scope_for(user)
    if obj is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(_unit(obj), OFFICE_ROLES)


@rules.predicate
def sees_exemplar(user: Any, obj: Any) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.has_any_role
    if writes_exemplar(user, obj):
        return True
    return _exemplar(obj).status != "draft" and scope.covers(_unit(obj))


rules.add_perm("exemplars.view_exemplar", rules.is_authenticated & sees_exemplar)
rules.add_perm("exemplars.propose_exemplar", rules.is_authenticated & proposes_for)
rules.add_perm("exemplars.change_exemplar", rules.is_authenticated & writes_exemplar)
rules.add_perm("exemplars.review_exemplar", rules.is_authenticated & reviews_exemplar)
rules.add_perm(
    "exemplars.record_consent", rules.is_authenticated & (writes_exemplar | reviews_exemplar)
)
rules.add_perm(
    "exemplars.view_personal_details",
    rules.is_authenticated & (writes_exemplar | reviews_exemplar),
)
