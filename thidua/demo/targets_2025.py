"""A 2025 demo campaign that shows a movement outliving the 2025 restructuring.

Launched by Kon Tum in January 2025 with five of the 2024 targets, it is reported by the
departments of Kon Tum until they are consolidated on 01/03/2025, by the consolidated
departments until 30/06/2025, and by the departments of the merged Quảng Ngãi province from
01/07/2025: each period goes to the unit that succeeds the assigned one on the period's last
day. The launching document, its figures and every value are invented for the demo and say so;
no real 2025 directive is imitated.
"""

import dataclasses
import datetime
import random
from decimal import Decimal

from thidua.demo.targets_2024 import MEASURES, TARGETS, _unit, report_year
from thidua.targets.models import Campaign
from thidua.targets.services import MeasureSpec, campaign_create, measure_create, target_create

YEAR = 2025
LAUNCH_DAY = datetime.date(2025, 1, 15)
# Year-end values of the demo, by measure code of the 2024 campaign.
FINALS = {
    "1": ("9.6", "8.3"),
    "3": ("4985.2", ""),
    "4": ("372", ""),
    "5": ("338.4", ""),
    "14": ("1915600", ""),
}


def load_campaign_2025() -> Campaign:
    campaign = campaign_create(
        actor=None,
        province=_unit("Tỉnh Kon Tum", LAUNCH_DAY),
        year=YEAR,
        name="Phong trào thi đua năm 2025 – tiếp nối sau hợp nhất tỉnh (minh họa)",
        theme="Dữ liệu minh họa: năm chỉ tiêu của năm 2024 được giao lại cho năm 2025 để thấy "
        "việc báo cáo chuyển sang các đơn vị kế thừa sau ngày 01/03/2025 và 01/07/2025.",
        directive_number="Văn bản minh họa",
        directive_date=LAUNCH_DAY,
        issuer="Ủy ban nhân dân tỉnh Kon Tum (văn bản giả định)",
        is_demo=True,
    )
    texts = dict(TARGETS)
    rng = random.Random(YEAR)  # noqa: S311 - demo figures, not security
    for position, code in enumerate(FINALS):
        final, mid = FINALS[code]
        demo = dataclasses.replace(
            next(measure for measure in MEASURES if measure.code == code), final=final, mid=mid
        )
        target = target_create(
            actor=None, campaign=campaign, number=demo.target, text=texts[demo.target]
        )
        measure = measure_create(
            actor=None,
            target=target,
            position=position,
            spec=MeasureSpec(
                code=demo.code,
                indicator=demo.indicator,
                comparator=demo.comparator,
                value=Decimal(demo.value),
                unit=demo.unit,
                accumulation=demo.accumulation,
                frequency=demo.frequency,
                lead_unit=_unit(demo.lead, LAUNCH_DAY),
                direction=demo.direction,
                period_scope=demo.period_scope,
                rollup=demo.rollup,
                deadline_days=demo.deadline_days,
            ),
        )
        report_year(measure, demo, [], rng, year=YEAR)
    return campaign
