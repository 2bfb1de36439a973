"""Reads for campaigns, reports and the chairman's dashboard.

The dashboard is computed from three queries whatever the number of units: measures (with
targets and lead units), their assignments, and the campaign's reports up to the as-of date.
Values count once approved (by the as-of date); timeliness counts the first submission.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

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


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.astimezone(TIME_ZONE).date() if moment else None


@dataclass
class UnitPeriodCell:
    """One unit's report for one period, as the dashboard sees it on the as-of date."""

    unit: OrgUnit
    period: Period
    report: Report | None
    timeliness: str  # "on_time", "late", "missing", "not_due"
    value: Decimal | None  # approved value known on the as-of date


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
    assignments = list(assignments)
    days = sorted(set(days))
    answer: dict[tuple[int, datetime.date], OrgUnit | None] = {}
    stale = {a.unit.pk for a in assignments for day in days if not a.unit.is_valid_on(day)}
    successors = orgunit_successor_ids(stale) if stale else {}
    candidates = OrgUnit.objects.in_bulk({pk for ids in successors.values() for pk in ids})
    for assignment in assignments:
        unit = assignment.unit
        for day in days:
            if unit.is_valid_on(day):
                answer[(unit.pk, day)] = unit
                continue
            valid = [
                candidates[pk]
                for pk in successors.get(unit.pk, [])
                if pk in candidates and candidates[pk].is_valid_on(day)
            ]
            answer[(unit.pk, day)] = min(valid, key=lambda u: u.path) if valid else None
    return answer


def dashboard(*, campaign: Campaign, as_of: datetime.date) -> Dashboard:
    """Every measure of the campaign evaluated on `as_of`, with its unit × period cells."""
    measures = list(
        Measure.objects.filter(target__campaign=campaign)
        .select_related("target", "lead_unit")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
        )
        .order_by("target__number", "position", "code")
    )
    reports: dict[tuple[int, int, str], Report] = {
        (report.measure_id, report.unit_id, report.period_key): report
        for report in Report.objects.filter(
            measure__target__campaign=campaign, period_end__lte=as_of
        ).select_related("unit")
    }
    periods = {m.pk: periods_for(campaign.year, m.frequency) for m in measures}
    responsible = responsible_units(
        [a for m in measures for a in m.assignments.all()],
        [p.end for ps in periods.values() for p in ps],
    )
    rows = [
        _measure_row(measure, periods[measure.pk], reports, responsible, campaign, as_of)
        for measure in measures
    ]
    return Dashboard(campaign=campaign, as_of=as_of, rows=rows)


def _measure_row(
    measure: Measure,
    periods: list[Period],
    reports: dict[tuple[int, int, str], Report],
    responsible: dict[tuple[int, datetime.date], OrgUnit | None],
    campaign: Campaign,
    as_of: datetime.date,
) -> MeasureRow:
    rule = measure_rule(measure)
    assignments = reporting_assignments(measure)
    cells: list[UnitPeriodCell] = []
    series: list[Observation] = []
    for period in periods:
        if period.end > as_of:
            continue
        values: list[tuple[Decimal, Decimal | None]] = []
        for assignment in assignments:
            unit = responsible.get((assignment.unit.pk, period.end))
            if unit is None:
                continue
            report = reports.get((measure.pk, unit.pk, period.key))
            cell = _cell(unit, period, report, measure.deadline_days, as_of)
            cells.append(cell)
            # "lead_only": contributors report for follow-up, the lead's figure is the province's.
            counts = measure.rollup != "lead_only" or assignment.is_lead
            if cell.value is not None and counts:
                values.append((cell.value, assignment.weight))
        total = rollup(values, measure.rollup)
        if total is not None:
            series.append(Observation(period_end=period.end, value=total.quantize(ROLLUP_QUANTUM)))
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
    unit: OrgUnit, period: Period, report: Report | None, deadline_days: int, as_of: datetime.date
) -> UnitPeriodCell:
    due = period.due_date(deadline_days)
    sent = _local_date(report.first_submitted_at) if report else None
    if sent is not None and sent <= as_of:
        timeliness = "on_time" if sent <= due else "late"
    elif due < as_of:
        timeliness = "missing"
    else:
        timeliness = "not_due"
    reviewed = _local_date(report.reviewed_at) if report else None
    known = (
        report is not None
        and report.status == ReportStatus.APPROVED
        and reviewed is not None
        and reviewed <= as_of
    )
    return UnitPeriodCell(
        unit=unit,
        period=period,
        report=report,
        timeliness=timeliness,
        value=report.value if known and report is not None else None,
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
