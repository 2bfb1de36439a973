"""Reads of the commendation registry: scoped lists, award histories that follow org-unit
lineage, and the engine's input (`eligibility.Subject`) built from the database.

Every read here runs a fixed number of queries, whatever the number of rows: lists are one
query (after the reader's scope, cached on the user), `subject_for` five queries for a person
or household and at most ten for a collective (lineage, paths, its own records, and four
aggregate reads over the people of its subtree).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thidua.accounts.scope import scope_for
from thidua.commendation import eligibility
from thidua.commendation.catalogue import (
    CSTD_CO_SO,
    LDTT,
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    PendingKind,
    Rating,
    Settings,
    SubjectKind,
)
from thidua.commendation.enums import Gender, HistoryPolicy
from thidua.commendation.models import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    Household,
    InitiativeRecord,
    PerformanceRating,
    Person,
    Subject,
    subject_field,
    subject_kind,
)
from thidua.core.text import search_key
from thidua.org.enums import LineageKind
from thidua.org.models import LineageLink, OrgUnit
from thidua.org.selectors import orgunit_predecessor_ids

# Lineage links that continue the same collective (its "own" versions) under `own_only`.
_OWN_KINDS = (LineageKind.RENAME, LineageKind.MOVE)


def _search(queryset: QuerySet, q: str) -> QuerySet:
    """Every word of `q` starts a word of the name: "nguyen van a" finds "Nguyễn Văn A" and
    "Nguyễn Văn Ánh", not "Nguyễn Văn B" (whose "van" merely contains an "a")."""
    for word in search_key(q).split():
        queryset = queryset.filter(
            Q(search_key__startswith=word) | Q(search_key__contains=f" {word}")
        )
    return queryset


def person_list_for(*, user: object, q: str = "", unit: OrgUnit | None = None) -> QuerySet[Person]:
    """People of the units the reader's roles cover, found by name without diacritics
    ("nguyen van a" finds "Nguyễn Văn A"); optionally within `unit`'s subtree."""
    scope = scope_for(user)
    if not scope.has_any_role:
        return Person.objects.none()
    people = Person.objects.filter(scope.filter_q("unit__path")).select_related("unit")
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    return _search(people, q).order_by("search_key", "id")


def household_list_for(*, user: object, q: str = "") -> QuerySet[Household]:
    scope = scope_for(user)
    if not scope.has_any_role:
        return Household.objects.none()
    households = Household.objects.filter(scope.filter_q("unit__path")).select_related("unit")
    return _search(households, q).order_by("search_key", "id")


def award_history(subject: Subject, *, include_revoked: bool = True) -> list[AwardRecord]:
    """Awards of this very subject (a person, a household or one unit version), oldest first;
    revoked awards stay in the history, marked (Law Art. 93)."""
    awards = AwardRecord.objects.filter(**{subject_field(subject): subject})
    if not include_revoked:
        awards = awards.filter(revoked_at__isnull=True)
    return list(awards.order_by("year", "decision_date", "id"))


def _own_predecessor_ids(unit_id: int) -> list[int]:
    """Earlier versions of the same collective: renames, moves, and versions carried along with
    a parent; merges and splits are left out (one query per lineage step)."""
    found: list[int] = []
    seen = {unit_id}
    frontier = {unit_id}
    while frontier:
        links = LineageLink.objects.filter(
            Q(event__kind__in=_OWN_KINDS) | Q(carried=True),
            successor_id__in=frontier,
            predecessor__isnull=False,
        ).values_list("predecessor_id", flat=True)
        frontier = {pk for pk in links if pk is not None and pk not in seen}
        seen |= frontier
        found.extend(sorted(frontier))
    return found


def collective_unit_ids(
    unit: OrgUnit, policy: HistoryPolicy | str = HistoryPolicy.CARRY
) -> list[int]:
    """The unit versions whose record belongs to `unit` under `policy`, `unit` first."""
    if HistoryPolicy(policy) is HistoryPolicy.CARRY:
        predecessors = orgunit_predecessor_ids([unit.pk])[unit.pk]
    else:
        predecessors = _own_predecessor_ids(unit.pk)
    return [unit.pk, *sorted(set(predecessors) - {unit.pk})]


@dataclass(frozen=True)
class CollectiveHistory:
    unit: OrgUnit
    policy: HistoryPolicy
    unit_ids: tuple[int, ...]
    ratings: tuple[PerformanceRating, ...]
    awards: tuple[AwardRecord, ...]


def collective_history(
    unit: OrgUnit, policy: HistoryPolicy | str = HistoryPolicy.CARRY
) -> CollectiveHistory:
    """Ratings and awards of a collective, with those of its predecessors under ``carry``
    (a collective merged in 2025 keeps their record) or of its own versions under ``own_only``.
    Each record names the unit version that received it."""
    chosen = HistoryPolicy(policy)
    ids = collective_unit_ids(unit, chosen)
    ratings = PerformanceRating.objects.filter(collective_id__in=ids).select_related("collective")
    awards = AwardRecord.objects.filter(collective_id__in=ids).select_related("collective")
    return CollectiveHistory(
        unit=unit,
        policy=chosen,
        unit_ids=tuple(ids),
        ratings=tuple(ratings.order_by("year", "id")),
        awards=tuple(awards.order_by("year", "decision_date", "id")),
    )


# --- The engine's input ---------------------------------------------------------------------


def _valid_awards_q(prefix: str = "") -> Q:
    """Awards not revoked: a revoked award (Law Art. 93) is void, so it never counts, whatever
    the as-of date (the row stays in the history)."""
    return Q(**{f"{prefix}revoked_at__isnull": True})


def _open_holds_q(as_of: datetime.date) -> Q:
    return Q(since__lte=as_of) & (Q(until__isnull=True) | Q(until__gt=as_of))


def _ratings(rows: Iterable[PerformanceRating]) -> tuple[eligibility.RatingRecord, ...]:
    return tuple(eligibility.RatingRecord(row.year, Rating(row.rating)) for row in rows)


def _awards(rows: Iterable[AwardRecord]) -> tuple[eligibility.AwardRecord, ...]:
    return tuple(
        eligibility.AwardRecord(
            year=row.year, award=row.award, type=AwardType(row.award_type), dated=row.decision_date
        )
        for row in rows
    )


def _pending(rows: Iterable[Hold]) -> tuple[eligibility.Pending, ...]:
    return tuple(eligibility.Pending(PendingKind(row.kind), row.since) for row in rows)


def _members(paths: list[str], as_of: datetime.date, year: int) -> eligibility.Members | None:
    """Figures of the people registered in the given subtrees for `year` (four queries)."""
    where = Q(pk__in=[])
    for path in paths:
        where |= Q(unit__path__startswith=path)
    people = dict(Person.objects.filter(where).values_list("id", "gender"))
    if not people:
        return None
    person_where = Q(pk__in=[])
    for path in paths:
        person_where |= Q(person__unit__path__startswith=path)
    ratings = dict(
        PerformanceRating.objects.filter(person_where, year=year).values_list("person_id", "rating")
    )
    awards: dict[str, set[int]] = defaultdict(set)
    for person_id, code in AwardRecord.objects.filter(
        person_where, _valid_awards_q(), year=year, award__in=[LDTT, CSTD_CO_SO]
    ).values_list("person_id", "award"):
        awards[code].add(person_id)
    year_end = min(datetime.date(year, 12, 31), as_of)
    disciplined = {
        person_id
        for person_id, level in DisciplineRecord.objects.filter(
            person_where,
            Q(ends_on__isnull=True) | Q(ends_on__gte=datetime.date(year, 1, 1)),
            starts_on__lte=year_end,
        ).values_list("person_id", "level")
        if DisciplineLevel(level).at_least(DisciplineLevel.CANH_CAO)
    }
    return eligibility.Members(
        total=len(people),
        completed=sum(
            1 for pk in people if pk in ratings and Rating(ratings[pk]).at_least(Rating.HTNV)
        ),
        ldtt=len(awards[LDTT]),
        cstd_co_so=len(awards[CSTD_CO_SO]),
        disciplined_warning_or_above=len(disciplined),
        women=sum(1 for gender in people.values() if gender == Gender.NU),
    )


def subject_for(
    subject: Subject,
    as_of: datetime.date,
    *,
    settings: Settings | None = None,
    policy: HistoryPolicy | str = HistoryPolicy.CARRY,
    year: int | None = None,
) -> eligibility.Subject:
    """The engine's input for a person, a collective or a household, from the registry.

    Revoked awards are left out; only holds open on `as_of` count. A collective's
    record follows lineage by `policy`, and its `Members` are the people registered in its
    subtree (and, under ``carry``, its predecessors' subtrees) for the year under review
    (`year`, default `eligibility.review_year`).
    """
    kind = subject_kind(subject)
    if kind is SubjectKind.COLLECTIVE:
        assert isinstance(subject, OrgUnit)  # noqa: S101 - narrowed for the type checker
        return _collective_subject(subject, as_of, settings, HistoryPolicy(policy), year)
    where = {subject_field(subject): subject}
    ratings = _ratings(PerformanceRating.objects.filter(**where).order_by("year"))
    awards = _awards(AwardRecord.objects.filter(_valid_awards_q(), **where).order_by("year", "id"))
    pending = _pending(Hold.objects.filter(_open_holds_q(as_of), **where).order_by("since"))
    initiatives: tuple[eligibility.Initiative, ...] = ()
    discipline: tuple[eligibility.Discipline, ...] = ()
    if isinstance(subject, Person):
        initiatives = tuple(
            eligibility.Initiative(
                year=row.year,
                scope=InitiativeScope(row.scope),
                used_for=(
                    f"{row.used_for_award.award}:{row.used_for_award.year}"
                    if row.used_for_award is not None
                    else None
                ),
            )
            for row in InitiativeRecord.objects.filter(person=subject)
            .select_related("used_for_award")
            .order_by("year", "id")
        )
        discipline = tuple(
            eligibility.Discipline(row.starts_on, row.ends_on, DisciplineLevel(row.level))
            for row in DisciplineRecord.objects.filter(person=subject).order_by("starts_on")
        )
    return eligibility.Subject(
        kind=kind,
        ratings=ratings,
        awards=awards,
        initiatives=initiatives,
        discipline=discipline,
        pending=pending,
    )


def _collective_subject(
    unit: OrgUnit,
    as_of: datetime.date,
    settings: Settings | None,
    policy: HistoryPolicy,
    year: int | None,
) -> eligibility.Subject:
    ids = collective_unit_ids(unit, policy)
    paths = [unit.path]
    if policy is HistoryPolicy.CARRY and len(ids) > 1:
        paths += list(OrgUnit.objects.filter(pk__in=ids[1:]).values_list("path", flat=True))
    ratings = _ratings(
        PerformanceRating.objects.filter(collective_id__in=ids).order_by("year", "id")
    )
    awards = _awards(
        AwardRecord.objects.filter(_valid_awards_q(), collective_id__in=ids).order_by("year", "id")
    )
    pending = _pending(
        Hold.objects.filter(_open_holds_q(as_of), collective_id=unit.pk).order_by("since")
    )
    review = eligibility.review_year(as_of, settings) if year is None else year
    return eligibility.Subject(
        kind=SubjectKind.COLLECTIVE,
        ratings=ratings,
        awards=awards,
        pending=pending,
        members=_members(paths, as_of, review),
    )


@dataclass(frozen=True)
class PersonHistory:
    ratings: list[PerformanceRating]
    awards: list[AwardRecord]
    initiatives: list[InitiativeRecord]
    discipline: list[DisciplineRecord]
    holds: list[Hold]


def person_history(person: Person) -> PersonHistory:
    """Everything the registry holds about one person, newest first (five queries)."""
    return PersonHistory(
        ratings=list(PerformanceRating.objects.filter(person=person).order_by("-year")),
        awards=list(AwardRecord.objects.filter(person=person).order_by("-year", "-id")),
        initiatives=list(
            InitiativeRecord.objects.filter(person=person)
            .select_related("used_for_award")
            .order_by("-year", "-id")
        ),
        discipline=list(DisciplineRecord.objects.filter(person=person).order_by("-starts_on")),
        holds=list(Hold.objects.filter(person=person).order_by("-since")),
    )
