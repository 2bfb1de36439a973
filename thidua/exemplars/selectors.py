"""Reads of exemplary models, scoped to the reader, in a constant number of queries.

Inside: the same visibility as `rules.py` written as one filter (a draft with those who write it,
a sent model with every role holder covering its unit). Public: published models only, with only
the photos the person consented to and the office approved; the public search reads only what is
published (`public_search_key`).
"""

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from thidua.accounts.scope import scope_for
from thidua.commendation.models import AwardRecord, Decision, DecisionStatus, Person
from thidua.core.text import local_today, search_key
from thidua.emulation.models import Movement
from thidua.emulation.selectors import movement_list_for
from thidua.exemplars.enums import ConsentStatus, ExemplarKind, ExemplarStatus
from thidua.exemplars.models import Exemplar, ExemplarPhoto
from thidua.exemplars.rules import PROPOSER_ROLES, WRITER_ROLES
from thidua.org.models import OrgUnit
from thidua.targets.rules import OFFICE_ROLES

MAX_CANDIDATES = 300


def _words(queryset: QuerySet, field: str, q: str) -> QuerySet:
    """Every word of `q` starts a word of `field` (diacritics and case ignored): "nguyen van a"
    finds "Nguyễn Văn A" and "Nguyễn Văn Ánh", not "Nguyễn Văn B"."""
    for word in search_key(q).split():
        queryset = queryset.filter(
            Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
        )
    return queryset


def _visible_q(user: Any) -> Q:
    scope = scope_for(user)
    if scope.everything:
        return Q()
    if not scope.has_any_role:
        return Q(pk__in=[])
    writes = scope.filter_q("unit__path", PROPOSER_ROLES) | (
        Q(created_by_id=getattr(user, "pk", None)) & scope.filter_q("unit__path", OFFICE_ROLES)
    )
    return writes | (~Q(status=ExemplarStatus.DRAFT) & scope.filter_q("unit__path"))


def exemplar_list_for(
    *,
    user: Any,
    q: str = "",
    status: str = "",
    year: int | None = None,
    sector: str = "",
    category: str = "",
) -> QuerySet[Exemplar]:
    """Models the user sees, newest year first, found by name, title or unit without
    diacritics."""
    exemplars = Exemplar.objects.filter(_visible_q(user)).select_related("unit")
    if status:
        exemplars = exemplars.filter(status=status)
    if year is not None:
        exemplars = exemplars.filter(year=year)
    if sector:
        exemplars = exemplars.filter(sector=sector)
    if category:
        exemplars = exemplars.filter(category=category)
    return _words(exemplars, "search_key", q).order_by("-year", "search_key", "id")


def exemplar_years_for(*, user: Any) -> list[int]:
    years = Exemplar.objects.filter(_visible_q(user)).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def exemplar_detail(pk: int) -> Exemplar | None:
    """One model with everything its page shows (visibility is the caller's check)."""
    return (
        Exemplar.objects.select_related("unit", "person__unit", "created_by", "approved_by")
        .prefetch_related(
            "photos",
            "evidence",
            "award_records__person",
            "award_records__collective",
            "award_records__household",
            "decisions",
            "movements__launched_by",
        )
        .filter(pk=pk)
        .first()
    )


def proposer_units_for(*, user: Any, day: datetime.date | None = None) -> list[OrgUnit]:
    """Units valid on `day` (today) the user may propose models for."""
    scope = scope_for(user)
    units = OrgUnit.objects.valid_on(day or local_today())
    if not scope.everything:
        paths = scope.paths(WRITER_ROLES)
        if not paths:
            return []
        units = units.filter(scope.filter_q("path", WRITER_ROLES))
    return list(units.order_by("path")[:2000])


# --- Candidates for links ------------------------------------------------------------------


def person_candidates(*, user: Any, exemplar: Exemplar) -> list[Person]:
    """People of the model's unit (and below) the user sees, the same name first."""
    scope = scope_for(user)
    if exemplar.kind != ExemplarKind.INDIVIDUAL or not scope.has_any_role:
        return []
    people = (
        Person.objects.filter(scope.filter_q("unit__path"))
        .filter(unit__path__startswith=exemplar.unit.path)
        .select_related("unit")
        .order_by("search_key", "id")[:MAX_CANDIDATES]
    )
    key = search_key(exemplar.name)
    found = list(people)
    if exemplar.person is not None and exemplar.person not in found:
        found.append(exemplar.person)
    return sorted(found, key=lambda person: (person.search_key != key, person.search_key))


def award_candidates(*, exemplar: Exemplar) -> list[AwardRecord]:
    """Awards (not revoked) of the model's person, or of its unit for a collective, and those
    already linked."""
    if exemplar.kind == ExemplarKind.INDIVIDUAL and exemplar.person_id is not None:
        subject = Q(person_id=exemplar.person_id)
    elif exemplar.kind == ExemplarKind.COLLECTIVE:
        subject = Q(collective_id=exemplar.unit_id)
    else:
        subject = Q(pk__in=[])
    linked = [record.pk for record in exemplar.award_records.all()]
    records = (
        AwardRecord.objects.filter((subject & Q(revoked_at__isnull=True)) | Q(pk__in=linked))
        .select_related("person", "collective", "household")
        .order_by("-year", "-decision_date", "id")
    )
    return list(records[:MAX_CANDIDATES])


def decision_candidates(*, exemplar: Exemplar) -> list[Decision]:
    """Signed or published decisions: those that gave the linked awards first, then the newest."""
    numbers = {record.decision_number for record in exemplar.award_records.all()}
    linked = [decision.pk for decision in exemplar.decisions.all()]
    decisions = list(
        Decision.objects.filter(
            Q(status__in=[DecisionStatus.SIGNED, DecisionStatus.PUBLISHED]) | Q(pk__in=linked)
        )
        .select_related("issuer")
        .order_by("-signed_on", "-id")[:MAX_CANDIDATES]
    )
    return sorted(decisions, key=lambda decision: decision.number not in numbers)


def movement_candidates(*, user: Any, exemplar: Exemplar) -> list[Movement]:
    """Movements the user sees of the model's year, and those already linked."""
    linked = list(exemplar.movements.all())
    found = list(movement_list_for(user=user, year=exemplar.year)[:MAX_CANDIDATES])
    return found + [movement for movement in linked if movement not in found]


# --- Public --------------------------------------------------------------------------------


def _public_photos() -> QuerySet[ExemplarPhoto]:
    return ExemplarPhoto.objects.filter(consent=True, approved=True).order_by("order", "id")


def _published() -> QuerySet[Exemplar]:
    return Exemplar.objects.filter(
        status=ExemplarStatus.PUBLISHED, consent_status=ConsentStatus.GIVEN
    )


def public_exemplars(
    *, q: str = "", sector: str = "", category: str = "", year: int | None = None
) -> QuerySet[Exemplar]:
    """Published models, newest first, each with its public photos (`public_photos`)."""
    exemplars = _published().select_related("unit")
    if sector:
        exemplars = exemplars.filter(sector=sector)
    if category:
        exemplars = exemplars.filter(category=category)
    if year is not None:
        exemplars = exemplars.filter(year=year)
    exemplars = _words(exemplars, "public_search_key", q)
    return exemplars.prefetch_related(
        Prefetch("photos", queryset=_public_photos(), to_attr="public_photos")
    ).order_by("-published_at", "-id")


def public_years() -> list[int]:
    return sorted(set(_published().values_list("year", flat=True)), reverse=True)


def public_exemplar(pk: int) -> Exemplar | None:
    """A published model with only what may be shown: public photos, awards not revoked,
    published decisions, movements."""
    return (
        _published()
        .select_related("unit")
        .prefetch_related(
            Prefetch("photos", queryset=_public_photos(), to_attr="public_photos"),
            Prefetch(
                "award_records",
                queryset=AwardRecord.objects.filter(revoked_at__isnull=True).order_by(
                    "-year", "id"
                ),
                to_attr="public_awards",
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(status=DecisionStatus.PUBLISHED).order_by(
                    "-signed_on", "id"
                ),
                to_attr="public_decisions",
            ),
            Prefetch(
                "movements",
                queryset=Movement.objects.order_by("-starts_on", "name"),
                to_attr="public_movements",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def public_photo(*, exemplar_pk: int, photo_pk: int) -> ExemplarPhoto | None:
    return (
        _public_photos()
        .filter(
            pk=photo_pk,
            exemplar_id=exemplar_pk,
            exemplar__status=ExemplarStatus.PUBLISHED,
            exemplar__consent_status=ConsentStatus.GIVEN,
        )
        .first()
    )
