"""A small campaign on the shared test tree: one flow measure led by tree.unit, one summed
measure reported by tree.unit's child and tree.other."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from conftest import Tree, make_measure, make_unit
from thidua.targets.models import Campaign, Measure, Report
from thidua.targets.services import (
    Contributor,
    MeasureSpec,
    measure_create,
    report_save,
    report_submit,
    target_create,
)


@dataclass
class CampaignSetup:
    campaign: Campaign
    revenue: Measure  # lead only, monthly flow, ≥ 1.200
    communes: Measure  # summed over tree.child and tree.other, quarterly


@pytest.fixture
def setup(tree: Tree) -> CampaignSetup:
    revenue = make_measure(tree.province, tree.unit)
    campaign = revenue.target.campaign
    second = target_create(actor=None, campaign=campaign, number=2, text="Thêm 2 xã nông thôn mới.")
    communes = measure_create(
        actor=None,
        target=second,
        spec=MeasureSpec(
            code="2",
            indicator="Xã nông thôn mới",
            comparator="new_count",
            value=Decimal("2"),
            unit="xã",
            accumulation="flow",
            frequency="quarterly",
            lead_unit=tree.unit,
            rollup="sum",
        ),
        contributors=[Contributor(unit=tree.child), Contributor(unit=tree.other)],
    )
    return CampaignSetup(campaign=campaign, revenue=revenue, communes=communes)


def submitted(
    setup: CampaignSetup, tree: Tree, period_key: str = "2024-01", value: int = 9
) -> Report:
    """A revenue report of tree.unit, submitted for review."""
    draft = report_save(
        actor=None,
        measure=setup.revenue,
        unit=tree.unit,
        period_key=period_key,
        value=Decimal(value),
    )
    return report_submit(actor=None, report=draft)


def add_summed_measure(setup: CampaignSetup, tree: Tree, units: int) -> Measure:
    """A monthly measure summed over `units` new communes: more units, same query count."""
    communes = [
        make_unit(f"Xã {number}", kind="xa", parent=tree.province) for number in range(units)
    ]
    return measure_create(
        actor=None,
        target=setup.communes.target,
        spec=MeasureSpec(
            code="2b",
            indicator="Khác",
            comparator=">=",
            value=Decimal(1),
            unit="xã",
            accumulation="flow",
            frequency="monthly",
            lead_unit=tree.unit,
            rollup="sum",
        ),
        contributors=[Contributor(unit=unit) for unit in communes],
    )
