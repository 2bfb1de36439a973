"""A small campaign on the shared test tree: one flow measure led by tree.unit, one summed
measure reported by tree.unit's child and tree.other."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from conftest import Tree
from thidua.targets.models import Campaign, Measure
from thidua.targets.services import (
    Contributor,
    MeasureSpec,
    campaign_create,
    measure_create,
    target_create,
)


@dataclass
class CampaignSetup:
    campaign: Campaign
    revenue: Measure  # lead only, monthly flow, ≥ 1.200
    communes: Measure  # summed over tree.child and tree.other, quarterly


@pytest.fixture
def setup(tree: Tree) -> CampaignSetup:
    campaign = campaign_create(
        actor=None,
        province=tree.province,
        year=2024,
        name="Phong trào thi đua năm 2024",
        directive_number="01/CT-UBND",
        directive_date=datetime.date(2024, 2, 1),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
    )
    first = target_create(actor=None, campaign=campaign, number=1, text="Thu ngân sách 1.200 tỷ.")
    second = target_create(actor=None, campaign=campaign, number=2, text="Thêm 2 xã nông thôn mới.")
    revenue = measure_create(
        actor=None,
        target=first,
        spec=MeasureSpec(
            code="1",
            indicator="Thu ngân sách",
            comparator=">=",
            value=Decimal("1200"),
            unit="tỷ đồng",
            accumulation="flow",
            frequency="monthly",
            lead_unit=tree.unit,
        ),
    )
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
