"""Reads for campaigns, reports and the chairman's dashboard.

The dashboard is computed from three queries whatever the number of units: measures (with
targets and lead units), their assignments, and the campaign's reports up to the as-of date
(plus the lineage walk when an assigned unit has closed). Values count once approved (by the
as-of date); timeliness counts the first submission.

The reports are read as plain values with the local dates of submission and approval worked out
by the database: building a model instance (and parsing its timestamps) for each of the
thousands of unit × period cells of a province was most of the dashboard's time
(bench/dashboard_speed.py). A cell's `Report` is read only if asked for, with those of every
other cell of the dashboard, in one query.
"""

import datetime
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate

from thidua.accounts.enums import Role
from thidua.accounts.scope import scope_for
from thidua.core.text import TIME_ZONE
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_successor_ids
from thidua.targets.enums import ReportStatus
from thidua.targets.evaluation import (
    Evaluation,
    MeasureRule,
    Observation,
    evaluate,
    rollup,
    target_value,
)
from thidua.targets.models import Assignment, Campaign, Measure, Report
from thidua.targets.periods import Period, periods_for
from thidua.targets.rules import REPORTER_ROLES

ROLLUP_QUANTUM = Decimal("0.01")
# Never shown with a dashboard's units; parsing them is most of the cost of reading a unit.
UNIT_TIMESTAMPS = ("created_at", "updated_at")


def campaign_list_for(*, user: Any) -> QuerySet[Campaign]:
    """Campaigns are shared with every role holder (their dashboards show approved data)."""
    if not scope_for(user).has_any_role:
        return Campaign.objects.none()
    return Campaign.objects.select_related("province").order_by("-year", "province__name")


def campaign_get(*, pk: int) -> Campaign | None:
    return Campaign.objects.select_related("province").filter(pk=pk).first()


def measure_rule(measure: Measure) -> MeasureRule:
    return MeasureRule(
        comparator=measure.comparator,  # type: ignore[arg-type]
        value=measure.value,
        value_max=measure.value_max,
        direction=measure.direction,  # type: ignore[arg-type]
        accumulation=measure.accumulation,  # type: ignore[arg-type]
        baseline=measure.baseline_value,
    )


class _BoardReports:
    """The dashboard's reports as model instances, read on first use (one query), with their
    measure and unit already attached (permission checks read both)."""

    def __init__(self, campaign: Campaign, as_of: datetime.date) -> None:
        self.campaign = campaign
        self.as_of = as_of
        self.measures: dict[int, Measure] = {}
        self.units: dict[int, OrgUnit] = {}
        self._loaded: dict[int, Report] | None = None

    def get(self, pk: int) -> Report | None:
        if self._loaded is None:
            self._loaded = {}
            reports = Report.objects.filter(
                measure__target__campaign=self.campaign, period_end__lte=self.as_of
            ).order_by()
            for report in reports:
                self._attach(report)
        if pk in self._loaded:
            return self._loaded[pk]
        # Changed since the dashboard was read (its period moved): looked up on its own.
        moved = Report.objects.filter(pk=pk).first()
        if moved is not None:
            self._attach(moved)
        return moved

    def _attach(self, report: Report) -> None:
        assert self._loaded is not None  # noqa: S101 - set by get()
        if report.measure_id in self.measures:
            report.measure = self.measures[report.measure_id]
        if report.unit_id in self.units:
            report.unit = self.units[report.unit_id]
        self._loaded[report.pk] = report


@dataclass
class UnitPeriodCell:
    """One unit's report for one period, as the dashboard sees it on the as-of date."""

    unit: OrgUnit
    period: Period
    report_id: int | None
    timeliness: str  # "on_time", "late", "missing", "not_due"
    value: Decimal | None  # approved value known on the as-of date
    sent_on: datetime.date | None = None  # first submission, local date
    board_reports: _BoardReports | None = field(default=None, repr=False, compare=False)

    @property
    def report(self) -> Report | None:
        """The report itself (read with every other report of the dashboard when first asked)."""
        if self.report_id is None or self.board_reports is None:
            return None
        return self.board_reports.get(self.report_id)


@dataclass
class MeasureRow:
    measure: Measure
    rule: MeasureRule
    evaluation: Evaluation
    target: Decimal | None  # what the actual is compared with (None without a needed baseline)
    series: list[Observation]
    periods: list[Period]
    cells: list[UnitPeriodCell] = field(default_factory=list)

    @property
    def units(self) -> list[OrgUnit]:
        return list(dict.fromkeys(cell.unit for cell in self.cells))


@dataclass
class Dashboard:
    campaign: Campaign
    as_of: datetime.date
    rows: list[MeasureRow]

    def by_target(self) -> list[tuple[Any, list[MeasureRow]]]:
        grouped: dict[int, list[MeasureRow]] = defaultdict(list)
        targets: dict[int, Any] = {}
        for row in self.rows:
            grouped[row.measure.target_id].append(row)
            targets[row.measure.target_id] = row.measure.target
        return [
            (targets[key], grouped[key]) for key in sorted(grouped, key=lambda k: targets[k].number)
        ]

    def completeness(self) -> dict[str, int]:
        counts = {"on_time": 0, "late": 0, "missing": 0}
        for row in self.rows:
            for cell in row.cells:
                if cell.timeliness in counts:
                    counts[cell.timeliness] += 1
        return counts

    def completeness_by_unit(self) -> list[tuple[OrgUnit, dict[str, int]]]:
        """On time / late / missing counts per reporting unit, worst first."""
        counts: dict[int, dict[str, int]] = {}
        units: dict[int, OrgUnit] = {}
        for row in self.rows:
            for cell in row.cells:
                if cell.timeliness == "not_due":
                    continue
                units[cell.unit.pk] = cell.unit
                tally = counts.setdefault(cell.unit.pk, {"on_time": 0, "late": 0, "missing": 0})
                tally[cell.timeliness] += 1
        return sorted(
            ((units[pk], tally) for pk, tally in counts.items()),
            key=lambda item: (-item[1]["missing"], -item[1]["late"], item[0].name),
        )

    def overdue(self) -> list[tuple[OrgUnit, list[tuple[Measure, Period]]]]:
        """Units with reports past their deadline and not sent, most overdue first."""
        late: dict[int, list[tuple[Measure, Period]]] = defaultdict(list)
        units: dict[int, OrgUnit] = {}
        for row in self.rows:
            for cell in row.cells:
                if cell.timeliness == "missing":
                    late[cell.unit.pk].append((row.measure, cell.period))
                    units[cell.unit.pk] = cell.unit
        return sorted(
            ((units[pk], items) for pk, items in late.items()), key=lambda item: -len(item[1])
        )

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for row in self.rows:
            counts[row.evaluation.status.value] += 1
        return dict(counts)


def reporting_assignments(measure: Measure) -> list[Assignment]:
    """The assignments that report figures, lead first. Summed or averaged measures are
    reported by the contributing units; the lead unit coordinates and reviews them rather than
    reporting a figure of its own."""
    assignments = sorted(measure.assignments.all(), key=lambda a: (not a.is_lead, a.unit.name))
    if measure.rollup != "lead_only" and len(assignments) > 1:
        assignments = [a for a in assignments if not a.is_lead]
    return assignments


def responsible_units(
    assignments: Iterable[Assignment], days: Iterable[datetime.date]
) -> dict[tuple[int, datetime.date], OrgUnit | None]:
    """For each assigned unit and day: the unit itself if valid then, else its successor."""
    units = {a.unit.pk: a.unit for a in assignments}  # a unit is often assigned many measures
    days = sorted(set(days))
    answer: dict[tuple[int, datetime.date], OrgUnit | None] = {}
    stale = {pk for pk, unit in units.items() if not all(unit.is_valid_on(day) for day in days)}
    successors = orgunit_successor_ids(stale) if stale else {}
    candidates = OrgUnit.objects.defer(*UNIT_TIMESTAMPS).in_bulk(
        {pk for ids in successors.values() for pk in ids}
    )
    for pk, unit in units.items():
        for day in days:
            if unit.is_valid_on(day):
                answer[(pk, day)] = unit
                continue
            valid = [
                candidates[successor]
                for successor in successors.get(pk, [])
                if successor in candidates and candidates[successor].is_valid_on(day)
            ]
            answer[(pk, day)] = min(valid, key=lambda u: u.path) if valid else None
    return answer


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dashboard is built: thousands of small
    objects without reference cycles (cells, report values), and every few hundred allocations
    a collection would walk them all again, a quarter of the time for a province of 150 units.
    Reference counting still frees whatever is dropped."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


#: A report as the dashboard reads it: id, status, value, local dates of first submission and
#: of review.
ReportFacts = tuple[int, str, Decimal | None, datetime.date | None, datetime.date | None]


def _report_facts(
    campaign: Campaign, as_of: datetime.date
) -> dict[tuple[int, int, str], ReportFacts]:
    """The campaign's reports of periods ended by `as_of`, by (measure, unit, period key)."""
    rows = (
        Report.objects.filter(measure__target__campaign=campaign, period_end__lte=as_of)
        .annotate(
            sent_on=TruncDate("first_submitted_at", tzinfo=TIME_ZONE),
            reviewed_on=TruncDate("reviewed_at", tzinfo=TIME_ZONE),
        )
        .order_by()
        .values_list(
            "measure_id", "unit_id", "period_key", "pk", "status", "value", "sent_on", "reviewed_on"
        )
    )
    return {
        (measure, unit, key): (pk, status, value, sent, reviewed)
        for measure, unit, key, pk, status, value, sent, reviewed in rows
    }


def dashboard(
    *, campaign: Campaign, as_of: datetime.date, known_on: datetime.date | None = None
) -> Dashboard:
    """Every measure of the campaign evaluated on `as_of`, with its unit × period cells.

    The periods are those ended by `as_of`; their figures and sending dates are those known on
    `known_on` (default `as_of`). A year-end report written in January counts December's
    figures approved since: `as_of` 31/12, `known_on` the day it is written.
    """
    with _collector_paused():
        return _dashboard(campaign, as_of, as_of if known_on is None else known_on)


def _dashboard(campaign: Campaign, as_of: datetime.date, known_on: datetime.date) -> Dashboard:
    assigned = Assignment.objects.select_related("unit").defer(
        *(f"unit__{name}" for name in UNIT_TIMESTAMPS)
    )
    measures = list(
        Measure.objects.filter(target__campaign=campaign)
        .select_related("target", "lead_unit")
        .prefetch_related(Prefetch("assignments", queryset=assigned))
        .order_by("target__number", "position", "code")
    )
    reports = _report_facts(campaign, as_of)
    periods = {m.pk: periods_for(campaign.year, m.frequency) for m in measures}
    responsible = responsible_units(
        [a for m in measures for a in m.assignments.all()],
        [p.end for ps in periods.values() for p in ps],
    )
    board_reports = _BoardReports(campaign, as_of)
    board_reports.measures = {measure.pk: measure for measure in measures}
    board_reports.units = {unit.pk: unit for unit in responsible.values() if unit is not None}
    rows = [
        _measure_row(
            measure,
            periods[measure.pk],
            reports,
            responsible,
            campaign,
            as_of,
            known_on,
            board_reports,
        )
        for measure in measures
    ]
    return Dashboard(campaign=campaign, as_of=as_of, rows=rows)


def _measure_row(
    measure: Measure,
    periods: list[Period],
    reports: dict[tuple[int, int, str], ReportFacts],
    responsible: dict[tuple[int, datetime.date], OrgUnit | None],
    campaign: Campaign,
    as_of: datetime.date,
    known_on: datetime.date,
    board_reports: _BoardReports,
) -> MeasureRow:
    """The measure's periods ended by `as_of`, with the figures known on `known_on`."""
    rule = measure_rule(measure)
    # (assigned unit, counts in the rollup, weight): "lead_only" means contributors report for
    # follow-up and the lead's figure is the province's.
    lead_only = measure.rollup == "lead_only"
    reporting = [
        (assignment.unit.pk, not lead_only or assignment.is_lead, assignment.weight)
        for assignment in reporting_assignments(measure)
    ]
    cells: list[UnitPeriodCell] = []
    series: list[Observation] = []
    for period in periods:
        end, key = period.end, period.key
        if end > as_of:
            continue
        due = period.due_date(measure.deadline_days)
        values: list[tuple[Decimal, Decimal | None]] = []
        # A successor answers for every assigned unit merged into it: one cell and one figure
        # per responsible unit, never one per predecessor (its report covers them all), with
        # their weights (population) added up.
        shown: dict[int, UnitPeriodCell] = {}
        counted: dict[int, int] = {}  # responsible unit → its place in `values`
        for assigned, counts, weight in reporting:
            unit = responsible.get((assigned, end))
            if unit is None:
                continue
            cell = shown.get(unit.pk)
            if cell is None:
                facts = reports.get((measure.pk, unit.pk, key))
                cell = shown[unit.pk] = _cell(unit, period, due, facts, known_on, board_reports)
                cells.append(cell)
            if cell.value is None or not counts:
                continue
            place = counted.get(unit.pk)
            if place is None:
                counted[unit.pk] = len(values)
                values.append((cell.value, weight))
            elif weight is not None:
                value, earlier = values[place]
                values[place] = (value, weight if earlier is None else earlier + weight)
        total = rollup(values, measure.rollup)
        if total is not None:
            series.append(Observation(period_end=end, value=total.quantize(ROLLUP_QUANTUM)))
    evaluation = evaluate(rule, series, year=campaign.year, as_of=as_of, unit=measure.unit)
    return MeasureRow(
        measure=measure,
        rule=rule,
        evaluation=evaluation,
        target=_target_or_none(rule),
        series=series,
        periods=periods,
        cells=cells,
    )


def _target_or_none(rule: MeasureRule) -> Decimal | None:
    try:
        return target_value(rule)
    except ValueError:
        return None


def _cell(
    unit: OrgUnit,
    period: Period,
    due: datetime.date,
    facts: ReportFacts | None,
    known_on: datetime.date,
    board_reports: _BoardReports,
) -> UnitPeriodCell:
    if facts is None:
        timeliness = "missing" if due < known_on else "not_due"
        return UnitPeriodCell(unit, period, None, timeliness, None, None, board_reports)
    pk, status, value, sent, reviewed = facts
    if sent is not None and sent <= known_on:
        timeliness = "on_time" if sent <= due else "late"
    elif due < known_on:
        timeliness = "missing"
    else:
        timeliness = "not_due"
    known = status == ReportStatus.APPROVED and reviewed is not None and reviewed <= known_on
    return UnitPeriodCell(
        unit, period, pk, timeliness, value if known else None, sent, board_reports
    )


def report_list_for(
    *, user: Any, campaign_id: int | None = None, unit_id: int | None = None, status: str = ""
) -> QuerySet[Report]:
    """Reports the user may read: their own units' (drafts included) and sent ones they cover
    or review. The same rule as `targets.view_report`, as one query."""
    scope = scope_for(user)
    reports = Report.objects.select_related("measure__lead_unit", "unit")
    if not scope.everything:
        own = scope.filter_q("unit__path", REPORTER_ROLES)
        shared = ~Q(status=ReportStatus.DRAFT) & (
            scope.filter_q("unit__path")
            | scope.filter_q("measure__lead_unit__path", [Role.LANH_DAO_DON_VI])
        )
        reports = reports.filter(own | shared)
    if campaign_id is not None:
        reports = reports.filter(measure__target__campaign_id=campaign_id)
    if unit_id is not None:
        reports = reports.filter(unit_id=unit_id)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("measure_id", "period_end", "unit_id")
