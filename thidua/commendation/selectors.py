"""Reads of the commendation registry: scoped lists, award histories that follow org-unit
lineage, and the engine's input (`eligibility.Subject`) built from the database.

Every read here runs a fixed number of queries, whatever the number of rows: lists are one
query (after the reader's scope, cached on the user), `subject_for` five queries for a person,
three for a household and at most ten for a collective (lineage, paths, its own records, and
four aggregate reads over the people of its subtree), and `subjects_for_people` six for any
number of people given as a queryset (one query per table, the people in a sub-select).
"""

import datetime
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

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
from thidua.core.streaming import read_streamed
from thidua.core.text import local_today, search_key
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


def collective_list_for(*, user: object, q: str) -> QuerySet[OrgUnit]:
    """Collectives (org units valid today, current names) the user sees, found by name."""
    scope = scope_for(user)
    units = OrgUnit.objects.valid_on(local_today()).filter(scope.filter_q("path"))
    return _search(units, q).order_by("path") if q.strip() else units.none()


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


def _own_predecessor_ids(unit_id: int, on: datetime.date | None = None) -> list[int]:
    """Earlier versions of the same collective: renames, moves, and versions carried along with
    a parent; merges and splits are left out (one query per lineage step)."""
    found: list[int] = []
    seen = {unit_id}
    frontier = {unit_id}
    dated = Q() if on is None else Q(event__effective_date__lte=on)
    while frontier:
        links = LineageLink.objects.filter(
            Q(event__kind__in=_OWN_KINDS) | Q(carried=True),
            dated,
            successor_id__in=frontier,
            predecessor__isnull=False,
        ).values_list("predecessor_id", flat=True)
        frontier = {pk for pk in links if pk is not None and pk not in seen}
        seen |= frontier
        found.extend(sorted(frontier))
    return found


def collective_unit_ids(
    unit: OrgUnit,
    policy: HistoryPolicy | str = HistoryPolicy.CARRY,
    *,
    on: datetime.date | None = None,
) -> list[int]:
    """The unit versions whose record belongs to `unit` under `policy`, `unit` first; with `on`,
    only through restructurings in effect on that day (a unit absorbed in 2025 is not part of
    the collective's record as of 2024)."""
    if HistoryPolicy(policy) is HistoryPolicy.CARRY:
        predecessors = orgunit_predecessor_ids([unit.pk], on=on)[unit.pk]
    else:
        predecessors = _own_predecessor_ids(unit.pk, on)
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


# Rows are read as tuples (`values_list`), in the order the converters below take them, so
# that one person and twenty thousand go through the same code.
_RATING_FIELDS = ("year", "rating")
_AWARD_FIELDS = ("year", "award", "award_type", "decision_date")
_HOLD_FIELDS = ("kind", "since")
_INITIATIVE_FIELDS = ("year", "scope", "used_for_award__award", "used_for_award__year", "id")
_DISCIPLINE_FIELDS = ("starts_on", "ends_on", "level")

# Stored code → engine enum member: a dict lookup, several times cheaper than `Rating(code)`
# over hundreds of thousands of rows (an unknown code still fails, with KeyError).
_RATING_BY_CODE = {item.value: item for item in Rating}
_AWARD_TYPE_BY_CODE = {item.value: item for item in AwardType}
_PENDING_KIND_BY_CODE = {item.value: item for item in PendingKind}
_SCOPE_BY_CODE = {item.value: item for item in InitiativeScope}
_DISCIPLINE_LEVEL_BY_CODE = {item.value: item for item in DisciplineLevel}


def _rating(year: int, rating: str) -> eligibility.RatingRecord:
    return eligibility.RatingRecord(year, _RATING_BY_CODE[rating])


def _award(
    year: int, award: str, award_type: str, decided: datetime.date
) -> eligibility.AwardRecord:
    return eligibility.AwardRecord(year, award, _AWARD_TYPE_BY_CODE[award_type], decided)


def _hold(kind: str, since: datetime.date) -> eligibility.Pending:
    return eligibility.Pending(_PENDING_KIND_BY_CODE[kind], since)


def _initiative(
    year: int, scope: str, used_award: str | None, used_year: int | None, pk: int
) -> eligibility.Initiative:
    used_for = f"{used_award}:{used_year}" if used_award is not None else None
    return eligibility.Initiative(year, _SCOPE_BY_CODE[scope], used_for, ref=str(pk))


def _discipline(
    starts_on: datetime.date, ends_on: datetime.date | None, level: str
) -> eligibility.Discipline:
    return eligibility.Discipline(starts_on, ends_on, _DISCIPLINE_LEVEL_BY_CODE[level])


_Record = TypeVar("_Record")


class _Interned(dict[tuple[Any, ...], _Record]):
    """Engine records by the row they are made from, made once each: records are immutable,
    so equal rows share one. Twenty thousand people's 120 000 ratings are two dozen distinct
    (year, rating) pairs, their 110 000 awards a few hundred; a lookup costs a fraction of
    making a record (0,34 s → 0,06 s for those ratings)."""

    def __init__(self, make: Callable[..., _Record]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, row: tuple[Any, ...]) -> _Record:
        record = self[row] = self.make(*row)
        return record


_SUBJECT_ID = itemgetter(0)


def _by_subject(
    rows: Iterable[tuple[Any, ...]], make: Callable[..., _Record], *, shared: bool = True
) -> dict[int, tuple[_Record, ...]]:
    """The records made from `rows`, by subject id: each row is the subject's id and then the
    arguments of `make`; the rows of one subject come together, in the engine's order.
    Equal rows make one record unless not `shared` (rows known to differ: no lookup)."""
    if not shared:
        return {
            subject_id: tuple([make(*row[1:]) for row in rows_of_one])
            for subject_id, rows_of_one in groupby(rows, key=_SUBJECT_ID)
        }
    made = _Interned(make)
    return {
        subject_id: tuple([made[row[1:]] for row in rows_of_one])
        for subject_id, rows_of_one in groupby(rows, key=_SUBJECT_ID)
    }


@dataclass
class _Records:
    """The engine's records of many subjects, by subject id, each in the engine's order."""

    ratings: dict[int, tuple[eligibility.RatingRecord, ...]] = field(default_factory=dict)
    awards: dict[int, tuple[eligibility.AwardRecord, ...]] = field(default_factory=dict)
    initiatives: dict[int, tuple[eligibility.Initiative, ...]] = field(default_factory=dict)
    discipline: dict[int, tuple[eligibility.Discipline, ...]] = field(default_factory=dict)
    pending: dict[int, tuple[eligibility.Pending, ...]] = field(default_factory=dict)

    def subjects(self, ids: Iterable[int], kind: SubjectKind) -> dict[int, eligibility.Subject]:
        """A subject for each id, in that order, with or without records."""
        ratings, awards, initiatives = self.ratings.get, self.awards.get, self.initiatives.get
        discipline, pending = self.discipline.get, self.pending.get
        return {
            pk: eligibility.Subject(
                kind=kind,
                ratings=ratings(pk, ()),
                awards=awards(pk, ()),
                initiatives=initiatives(pk, ()),
                discipline=discipline(pk, ()),
                pending=pending(pk, ()),
            )
            for pk in ids
        }


def _read_records(
    found: _Records, name: str, where: Q, as_of: datetime.date, *, person: bool
) -> None:
    """Add to `found` the records of the subjects whose foreign key `name` ("person",
    "household") matches `where`: valid awards, holds open on `as_of`, and for people their
    initiatives and discipline. One query per table (three, or five for people), ordered by
    subject first."""
    key = f"{name}_id"
    ratings = PerformanceRating.objects.filter(where).order_by(key, "year")
    found.ratings.update(_grouped(ratings.values_list(key, *_RATING_FIELDS), _rating))
    awards = AwardRecord.objects.filter(where, _valid_awards_q()).order_by(key, "year", "id")
    found.awards.update(_grouped(awards.values_list(key, *_AWARD_FIELDS), _award))
    holds = Hold.objects.filter(where, _open_holds_q(as_of)).order_by(key, "since", "id")
    found.pending.update(_grouped(holds.values_list(key, *_HOLD_FIELDS), _hold))
    if person:
        initiatives = InitiativeRecord.objects.filter(where).order_by(key, "year", "id")
        rows = initiatives.values_list(key, *_INITIATIVE_FIELDS)  # each with its own id
        found.initiatives.update(_grouped(rows, _initiative, shared=False))
        discipline = DisciplineRecord.objects.filter(where).order_by(key, "starts_on", "id")
        found.discipline.update(
            _grouped(discipline.values_list(key, *_DISCIPLINE_FIELDS), _discipline)
        )


def _grouped(
    rows: QuerySet, make: Callable[..., _Record], *, shared: bool = True
) -> dict[int, tuple[_Record, ...]]:
    """`_by_subject` over the rows of a `values_list` queryset, built as they arrive."""
    return read_streamed(rows, partial(_by_subject, make=make, shared=shared))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small records are built. They hold no
    reference cycles, yet every few hundred allocations a collection walks all the young ones,
    and the older generations all built so far: 0,2 s of the 0,85 s that 20 000 people's six
    years take. Reference counting still frees whatever is dropped."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            # Counted as young, everything built would be walked by the first collection after
            # this (30 ms for 20 000 people): move it to the oldest generation instead, which
            # is where long-lived records end up anyway (both calls only relink lists).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


#: Ids per `IN (…)` list when people are given by id: under SQLite's historical limit of 999
#: bound parameters.
ID_CHUNK = 900


def subjects_for_people(
    people: Iterable[int] | QuerySet[Person], as_of: datetime.date
) -> dict[int, eligibility.Subject]:
    """The engine's input for many people at once, by person id: for each, the same `Subject`
    as `subject_for(person, as_of)`, and one for every person asked about, with or without a
    history, in the order asked (a queryset's explicit `order_by`, else by id). Equal records
    (immutable) are one object shared between subjects.

    A queryset of people (say, those of a unit's subtree) is read in sub-selects: six queries
    whatever its size (its ids, then one per table). Ids are read `ID_CHUNK` at a time: five
    queries per chunk, and on PostgreSQL about 2,5 times slower for 20 000 people than the
    sub-select (bench/eligibility_speed.py ``--by-ids``), so pass a queryset when there is one.
    """
    if isinstance(people, QuerySet):
        # The caller's own order, else the primary key's (an index scan, no sort by name).
        ordered = people if people.query.order_by else people.order_by("pk")
        ids = list(ordered.values_list("pk", flat=True))
        wheres = [Q(person__in=people.values("pk"))] if ids else []
    else:
        ids = list(dict.fromkeys(people))
        wheres = [
            Q(person_id__in=ids[start : start + ID_CHUNK]) for start in range(0, len(ids), ID_CHUNK)
        ]
    found = _Records()
    with _collector_paused():
        for where in wheres:
            _read_records(found, "person", where, as_of, person=True)
        return found.subjects(ids, SubjectKind.INDIVIDUAL)


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
    name = subject_field(subject)
    found = _Records()
    _read_records(found, name, Q(**{name: subject}), as_of, person=isinstance(subject, Person))
    return found.subjects([subject.pk], kind)[subject.pk]


def _collective_subject(
    unit: OrgUnit,
    as_of: datetime.date,
    settings: Settings | None,
    policy: HistoryPolicy,
    year: int | None,
) -> eligibility.Subject:
    ids = collective_unit_ids(unit, policy, on=as_of)
    paths = [unit.path]
    if policy is HistoryPolicy.CARRY and len(ids) > 1:
        paths += list(OrgUnit.objects.filter(pk__in=ids[1:]).values_list("path", flat=True))
    ratings = tuple(
        _rating(*row)
        for row in PerformanceRating.objects.filter(collective_id__in=ids)
        .order_by("year", "id")
        .values_list(*_RATING_FIELDS)
    )
    awards = tuple(
        _award(*row)
        for row in AwardRecord.objects.filter(_valid_awards_q(), collective_id__in=ids)
        .order_by("year", "id")
        .values_list(*_AWARD_FIELDS)
    )
    pending = tuple(
        _hold(*row)
        for row in Hold.objects.filter(_open_holds_q(as_of), collective_id=unit.pk)
        .order_by("since", "id")
        .values_list(*_HOLD_FIELDS)
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
