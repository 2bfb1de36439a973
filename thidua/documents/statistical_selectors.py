"""The aggregates behind the statistical forms, computed in SQL (one grouped query per source),
for a reporting unit's subtree in a year; and the scoped reads of the pages.

A unit reports for its subtree, including the units it took over by a restructuring in effect
by the end of the year (their paths are added, as the roles' scope does); the province reports
for everything under it. Awards count in the year of their decision, revoked ones never;
movements count in every year they run; clusters and blocks by their yearly edition; the
entered workforce figures by their year.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db.models import Case, CharField, Count, Q, QuerySet, Sum, Value, When

from thidua.accounts.scope import scope_for
from thidua.commendation.catalogue import SubjectKind, award_definitions
from thidua.commendation.models import AwardRecord
from thidua.documents.layout import committee_of, is_peoples_committee, unit_place
from thidua.documents.models import TdktWorkforce
from thidua.documents.rules import STATISTICS_ROLES, WORKFORCE_EDITOR_ROLES
from thidua.documents.statistical_forms import (
    FORM_0601,
    FORM_0602,
    FORM_0603,
    FORM_0604,
    FORM_0605,
    FORM_CODES,
    FORMS,
    WORKFORCE_FIELDS,
    AwardGroup,
    ClusterGroup,
    MovementGroup,
    StatisticalReport,
    WorkforceGroup,
    award_figures,
    movement_figures,
    workforce_figures,
)
from thidua.emulation.models import ClusterYear, Movement
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit, OrgUnitQuerySet
from thidua.org.selectors import orgunit_predecessor_ids

# Who receives a province's report (Thông tư 02/2023/TT-BNV); a unit's report goes up to the
# province's Sở Nội vụ, or to the people's committee (or unit) above it.
MINISTRY: str = "Bộ Nội vụ"
HOME_AFFAIRS: str = "Sở Nội vụ"


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- Units ------------------------------------------------------------------------------------


def units_in_year(year: int) -> OrgUnitQuerySet:
    """Unit versions that existed on some day of `year`."""
    first, last = year_bounds(year)
    return OrgUnit.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=first), valid_from__lte=last
    )


def report_units_for(*, user: object, year: int) -> OrgUnitQuerySet:
    """The units of `year` the user may report for, in tree order."""
    scope = scope_for(user)
    return units_in_year(year).filter(scope.filter_q("path", STATISTICS_ROLES)).order_by("path")


def workforce_units_for(*, user: object, year: int) -> OrgUnitQuerySet:
    scope = scope_for(user)
    return (
        units_in_year(year).filter(scope.filter_q("path", WORKFORCE_EDITOR_ROLES)).order_by("path")
    )


def coverage_paths(unit: OrgUnit, year: int) -> tuple[str, ...]:
    """`unit`'s path and those of the units it took over by the end of `year`."""
    _, last = year_bounds(year)
    predecessors = orgunit_predecessor_ids([unit.pk], on=last).get(unit.pk, [])
    paths = [unit.path]
    if predecessors:
        paths.extend(OrgUnit.objects.filter(pk__in=predecessors).values_list("path", flat=True))
    return tuple(sorted(set(paths)))


def _under(field: str, paths: Iterable[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


# --- Aggregates -------------------------------------------------------------------------------


def movement_groups(paths: Sequence[str], year: int) -> list[MovementGroup]:
    """Movements launched in the subtree and running on some day of `year`."""
    first, last = year_bounds(year)
    rows = (
        Movement.objects.filter(_under("launched_by__path", paths), starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values("launched_by__kind", "kind", "starts_on", "ends_on")
        .annotate(count=Count("id"))
        .order_by()
    )
    return [
        MovementGroup(
            launcher_kind=row["launched_by__kind"],
            kind=row["kind"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            count=row["count"],
        )
        for row in rows
    ]


def cluster_groups(paths: Sequence[str], year: int) -> list[ClusterGroup]:
    rows = (
        ClusterYear.objects.filter(_under("cluster__organised_by__path", paths), year=year)
        .values("cluster__organised_by__kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    return [ClusterGroup(row["cluster__organised_by__kind"], row["count"]) for row in rows]


def valid_awards(paths: Sequence[str], year: int) -> QuerySet[AwardRecord]:
    """Awards not revoked, decided in `year`, of people, collectives and households of the
    subtree."""
    first, last = year_bounds(year)
    return AwardRecord.objects.filter(
        _under("person__unit__path", paths)
        | _under("collective__path", paths)
        | _under("household__unit__path", paths),
        revoked_at__isnull=True,
        decision_date__gte=first,
        decision_date__lte=last,
    )


def award_groups(paths: Sequence[str], year: int) -> list[AwardGroup]:
    subject = Case(
        When(person__isnull=False, then=Value(SubjectKind.INDIVIDUAL.value)),
        When(household__isnull=False, then=Value(SubjectKind.HOUSEHOLD.value)),
        default=Value(SubjectKind.COLLECTIVE.value),
        output_field=CharField(),
    )
    rows = (
        valid_awards(paths, year)
        .annotate(subject_kind=subject)
        .values("award", "award_type", "subject_kind", "collective__kind", "category")
        .annotate(count=Count("id"))
        .order_by()
    )
    return [
        AwardGroup(
            award=row["award"],
            award_type=row["award_type"],
            subject=row["subject_kind"],
            collective_kind=row["collective__kind"] or "",
            category=row["category"] or "",
            count=row["count"],
        )
        for row in rows
    ]


def workforce_groups(paths: Sequence[str], year: int) -> list[WorkforceGroup]:
    rows = (
        TdktWorkforce.objects.filter(_under("unit__path", paths), year=year)
        .values("unit__kind", "unit__parent__kind")
        .annotate(**{f"sum_{name}": Sum(name) for name in WORKFORCE_FIELDS})
        .order_by()
    )
    return [
        WorkforceGroup(
            unit_kind=row["unit__kind"],
            parent_kind=row["unit__parent__kind"] or "",
            counts={name: row[f"sum_{name}"] or 0 for name in WORKFORCE_FIELDS},
        )
        for row in rows
    ]


# --- Filled forms -----------------------------------------------------------------------------


def receiver_of(unit: OrgUnit) -> str:
    """Who the unit sends its forms to."""
    parent = unit.parent
    if parent is None:
        return MINISTRY
    if parent.kind == UnitKind.TINH:
        return f"{HOME_AFFAIRS} {parent.name[:1].lower()}{parent.name[1:]}"
    if is_peoples_committee(parent):
        return committee_of(parent)
    return parent.name


def statistical_reports(
    *, unit: OrgUnit, year: int, codes: Sequence[str] = FORM_CODES
) -> list[StatisticalReport]:
    """The forms `codes` of `unit` for `year`, with one grouped query per data source."""
    paths = coverage_paths(unit, year)
    wanted = {FORMS[code] for code in codes}
    figures = {}
    if FORM_0601 in wanted:
        figures[FORM_0601.code] = movement_figures(
            movement_groups(paths, year), cluster_groups(paths, year)
        )
    if wanted & {FORM_0602, FORM_0603}:
        groups = award_groups(paths, year)
        definitions = award_definitions()
        for spec in (FORM_0602, FORM_0603):
            if spec in wanted:
                figures[spec.code] = award_figures(spec, groups, definitions)
    if wanted & {FORM_0604, FORM_0605}:
        entered = workforce_groups(paths, year)
        for spec in (FORM_0604, FORM_0605):
            if spec in wanted:
                figures[spec.code] = workforce_figures(spec, entered)
    receiver, place = receiver_of(unit), unit_place(unit)
    return [
        StatisticalReport(
            spec=FORMS[code],
            year=year,
            unit_name=unit.name,
            receiver=receiver,
            place=place,
            figures=figures[code],
        )
        for code in codes
    ]


def tdkt_workforce_list_for(*, user: object, year: int) -> QuerySet[TdktWorkforce]:
    """The entered figures of `year` for the units whose figures the user enters."""
    scope = scope_for(user)
    return (
        TdktWorkforce.objects.filter(scope.filter_q("unit__path", WORKFORCE_EDITOR_ROLES))
        .filter(year=year)
        .select_related("unit", "updated_by")
        .order_by("unit__path")
    )


def tdkt_workforce_get(*, unit: OrgUnit, year: int) -> TdktWorkforce | None:
    return TdktWorkforce.objects.filter(unit=unit, year=year).first()
