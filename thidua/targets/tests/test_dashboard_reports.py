"""The dashboard reads report values, not report objects: a cell's `Report` is read when first
asked for, for every cell at once, with its measure and unit attached; `sent_on` and the
timeliness come from the first submission in local time."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import Tree
from thidua.targets.models import Report
from thidua.targets.selectors import dashboard
from thidua.targets.services import report_approve, report_save, report_submit

from .conftest import CampaignSetup


def _sent(setup: CampaignSetup, tree: Tree, key: str, value: int, at: datetime.datetime) -> Report:
    report = report_submit(
        actor=None,
        report=report_save(
            actor=None, measure=setup.revenue, unit=tree.unit, period_key=key, value=Decimal(value)
        ),
    )
    Report.objects.filter(pk=report.pk).update(first_submitted_at=at, submitted_at=at)
    return report


def test_cell_reports_are_read_once_for_the_whole_dashboard(
    tree: Tree, setup: CampaignSetup, django_assert_num_queries
) -> None:
    utc = datetime.UTC
    # Due 10/02: sent 10/02 at 17:30 UTC, already 11/02 in Vietnam (late).
    late = _sent(setup, tree, "2024-01", 5, datetime.datetime(2024, 2, 10, 17, 30, tzinfo=utc))
    on_time = _sent(setup, tree, "2024-02", 9, datetime.datetime(2024, 3, 10, 16, 30, tzinfo=utc))
    report_approve(actor=None, report=on_time)
    approved_on = datetime.datetime(2024, 3, 12, 2, 0, tzinfo=utc)
    Report.objects.filter(pk=on_time.pk).update(reviewed_at=approved_on)
    report_save(
        actor=None, measure=setup.communes, unit=tree.child, period_key="2024-Q1", value=Decimal(1)
    )
    # measures, assignments, reports
    with django_assert_num_queries(3):
        board = dashboard(campaign=setup.campaign, as_of=datetime.date(2024, 4, 30))
    cells = {(cell.unit.pk, cell.period.key): cell for row in board.rows for cell in row.cells}

    january, february = cells[(tree.unit.pk, "2024-01")], cells[(tree.unit.pk, "2024-02")]
    assert (january.timeliness, january.sent_on) == ("late", datetime.date(2024, 2, 11))
    assert (february.timeliness, february.value) == ("on_time", Decimal(9))
    assert january.value is None  # sent, not approved
    assert cells[(tree.unit.pk, "2024-03")].report is None
    with django_assert_num_queries(1):
        reports = {key: cell.report for key, cell in cells.items() if cell.report is not None}
        assert reports[(tree.unit.pk, "2024-01")].pk == late.pk
        draft = reports[(tree.child.pk, "2024-Q1")]
        assert draft.status == "draft"
        assert cells[(tree.child.pk, "2024-Q1")].timeliness == "missing"  # due 10/04, unsent
        for report in reports.values():  # what the permission checks read
            assert report.unit.path
            assert report.measure.lead_unit.pk == tree.unit.pk
    assert set(reports) == {
        (tree.unit.pk, "2024-01"),
        (tree.unit.pk, "2024-02"),
        (tree.child.pk, "2024-Q1"),
    }


def test_a_report_moved_since_the_dashboard_was_read_is_still_found(
    tree: Tree, setup: CampaignSetup
) -> None:
    sent = _sent(setup, tree, "2024-01", 5, timezone.now())
    board = dashboard(campaign=setup.campaign, as_of=datetime.date(2024, 12, 31))
    (cell,) = [cell for row in board.rows for cell in row.cells if cell.report_id == sent.pk]
    Report.objects.filter(pk=sent.pk).update(period_end=datetime.date(2025, 1, 31))

    report = cell.report
    assert report is not None
    assert report.pk == sent.pk


def test_a_successor_of_merged_contributors_counts_once(tree: Tree, setup: CampaignSetup) -> None:
    """Both contributors of the summed measure merge on 01/07/2024: from Q3 their successor's
    one report stands for both, once, not once per predecessor assignment."""
    from thidua.core.text import local_today
    from thidua.org.services import UnitSpec, orgunit_merge

    def approved(unit: Any, key: str, value: int) -> None:
        draft = report_save(
            actor=None, measure=setup.communes, unit=unit, period_key=key, value=Decimal(value)
        )
        report_approve(actor=None, report=report_submit(actor=None, report=draft))

    approved(tree.child, "2024-Q1", 1)
    approved(tree.other, "2024-Q1", 2)
    merged = orgunit_merge(
        actor=None,
        units=[tree.child, tree.other],
        effective_date=datetime.date(2024, 7, 1),
        new_unit=UnitSpec(name="Sở Hợp Nhất", kind="so_ban_nganh", parent=tree.province),
    )
    approved(merged, "2024-Q3", 5)

    # Values count once approved by the as-of day: the approvals above happen today.
    board = dashboard(campaign=setup.campaign, as_of=local_today())
    (row,) = [row for row in board.rows if row.measure.pk == setup.communes.pk]
    q3 = [cell for cell in row.cells if cell.period.key == "2024-Q3"]

    assert [(obs.period_end, obs.value) for obs in row.series] == [
        (datetime.date(2024, 3, 31), Decimal(3)),
        (datetime.date(2024, 9, 30), Decimal(5)),
    ]
    assert [(cell.unit.pk, cell.value) for cell in q3] == [(merged.pk, Decimal(5))]
    assert [
        (cell.unit.pk, cell.timeliness) for cell in row.cells if cell.period.key == "2024-Q4"
    ] == [(merged.pk, "missing")]
