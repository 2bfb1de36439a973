"""What a periodic report says from the data: the figures between the sections people write.

A sơ kết covers 1 January → 30 June, a tổng kết the whole year; nothing after `today` is
counted. The unit's subtree is the scope: a province reports on everything beneath it, a
department on itself and its own units.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from thidua.commendation.catalogue import award_definitions
from thidua.commendation.workflow_selectors import AwardStatistics, award_statistics
from thidua.core.charts import completeness_bar, stacked_bars
from thidua.core.text import local_today
from thidua.emulation.models import ClusterYear, EditionStatus, Movement
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_ancestors
from thidua.reports.models import PeriodicReport, ReportKind
from thidua.targets.evaluation import MeasureRule, value_text
from thidua.targets.models import Campaign
from thidua.targets.selectors import Dashboard, MeasureRow, dashboard

# Achievement ratios are drawn up to 150 % (the progress bars of the dashboard do the same).
RATIO_CHART_MAXIMUM = Decimal(150)


@dataclass(frozen=True)
class TargetLine:
    code: str
    indicator: str
    target: str
    actual: str
    status: str
    status_code: str
    ratio: Decimal | None


@dataclass(frozen=True)
class MovementLine:
    name: str
    kind: str
    starts_on: datetime.date
    launched_by: str
    registrations: int


@dataclass(frozen=True)
class StandingLine:
    cluster: str
    members: int
    first: str
    flag: list[str]
    certificates: list[str]


@dataclass
class ReportFacts:
    report: PeriodicReport
    start: datetime.date
    end: datetime.date
    campaign: Campaign | None = None
    targets: list[TargetLine] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    reporting: dict[str, int] = field(default_factory=dict)
    movements: list[MovementLine] = field(default_factory=list)
    standings: list[StandingLine] = field(default_factory=list)
    awards: AwardStatistics = field(default_factory=AwardStatistics)
    award_rows: list[tuple[str, int]] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        if self.report.kind == ReportKind.SO_KET:
            return f"6 tháng đầu năm {self.report.year}"
        return f"năm {self.report.year}"

    def ratio_chart(self) -> str | None:
        """Achievement ratio of each target measure (%), one bar each, as an SVG."""
        rows = [
            (
                f"{line.code}. {line.indicator}"[:34],
                [("Tỷ lệ đạt (%)", min(line.ratio * 100, RATIO_CHART_MAXIMUM))],
            )
            for line in self.targets
            if line.ratio is not None
        ]
        if not rows:
            return None
        return stacked_bars(
            rows, maximum=RATIO_CHART_MAXIMUM, title="Tỷ lệ thực hiện so với chỉ tiêu (%)"
        )

    def reporting_chart(self) -> str | None:
        if not any(self.reporting.values()):
            return None
        return completeness_bar(
            self.reporting.get("on_time", 0),
            self.reporting.get("late", 0),
            self.reporting.get("missing", 0),
            title="Tình hình gửi báo cáo chỉ tiêu",
        )


def report_period(report: PeriodicReport) -> tuple[datetime.date, datetime.date]:
    """1 January → 30 June (sơ kết) or 31 December (tổng kết), never past today."""
    start = datetime.date(report.year, 1, 1)
    if report.kind == ReportKind.SO_KET:
        end = datetime.date(report.year, 6, 30)
    else:
        end = datetime.date(report.year, 12, 31)
    return start, min(end, max(local_today(), start))


def _province_of(unit: OrgUnit) -> OrgUnit:
    chain = [*orgunit_ancestors(unit), unit]
    return chain[0]


def _campaign_for(unit: OrgUnit, year: int) -> Campaign | None:
    province = _province_of(unit)
    return Campaign.objects.filter(year=year, province=province).order_by("-id").first()


def _target_lines(board: Dashboard, unit: OrgUnit, whole: bool) -> list[MeasureRow]:
    if whole:
        return board.rows
    return [
        row
        for row in board.rows
        if row.measure.lead_unit_id == unit.pk or any(cell.unit.pk == unit.pk for cell in row.cells)
    ]


def _figure(rule: MeasureRule, value: Decimal | None, unit: str) -> str:
    return "—" if value is None else value_text(rule, value, unit)


def report_facts(report: PeriodicReport) -> ReportFacts:
    """Everything the report states from the data, computed for its period and unit."""
    unit = report.unit
    start, end = report_period(report)
    facts = ReportFacts(report=report, start=start, end=end)

    campaign = _campaign_for(unit, report.year)
    if campaign is not None:
        facts.campaign = campaign
        # The period's figures as known when the report is issued (or today, for a draft):
        # a year's last figures are approved in the weeks after it ends.
        known_on = max(end, report.issued_on or local_today())
        board = dashboard(campaign=campaign, as_of=end, known_on=known_on)
        whole = campaign.province_id == unit.pk
        rows = _target_lines(board, unit, whole)
        for row in rows:
            evaluation = row.evaluation
            facts.targets.append(
                TargetLine(
                    code=row.measure.code,
                    indicator=row.measure.indicator,
                    target=_figure(row.rule, row.target, row.measure.unit),
                    actual=_figure(row.rule, evaluation.actual, row.measure.unit),
                    status=evaluation.status.label,
                    status_code=evaluation.status.value,
                    ratio=evaluation.ratio,
                )
            )
            facts.status_counts[evaluation.status.label] = (
                facts.status_counts.get(evaluation.status.label, 0) + 1
            )
        tally = {"on_time": 0, "late": 0, "missing": 0}
        for row in rows:
            for cell in row.cells:
                if cell.timeliness in tally and (whole or cell.unit.pk == unit.pk):
                    tally[cell.timeliness] += 1
        facts.reporting = tally

    in_scope = Q(launched_by__path__startswith=unit.path) | Q(
        participants__path__startswith=unit.path
    )
    movements = (
        Movement.objects.filter(in_scope, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("launched_by")
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__submitted_at__isnull=False)
                & Q(registrations__unit__path__startswith=unit.path),
                distinct=True,
            )
        )
        .distinct()
        .order_by("starts_on", "name")
    )
    facts.movements = [
        MovementLine(
            name=movement.name,
            kind=movement.get_kind_display(),
            starts_on=movement.starts_on,
            launched_by=movement.launched_by.name,
            registrations=movement.registered,
        )
        for movement in movements
    ]

    editions = (
        ClusterYear.objects.filter(year=report.year, status=EditionStatus.PUBLISHED)
        .filter(
            Q(cluster__organised_by__path__startswith=unit.path)
            | Q(members__unit__path__startswith=unit.path)
        )
        .select_related("cluster")
        .annotate(member_count=Count("members", distinct=True))
        .distinct()
        .order_by("cluster__name")
    )
    if report.kind == ReportKind.TONG_KET:
        for edition in editions:
            rows = edition.standings.get("rows", [])
            facts.standings.append(
                StandingLine(
                    cluster=edition.cluster.name,
                    members=edition.member_count,
                    first=rows[0]["unit"] if rows else "",
                    flag=list(edition.standings.get("flag", [])),
                    certificates=list(edition.standings.get("certificates", [])),
                )
            )

    facts.awards = award_statistics(unit=unit, decided=(start, end))
    names = {code: definition.name for code, definition in award_definitions().items()}
    facts.award_rows = facts.awards.rows(facts.awards.by_award, names)
    return facts
