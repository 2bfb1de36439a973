"""The Kon Tum 2024 campaign (Chỉ thị 08/CT-UBND, 06/02/2024): its 14 key targets and 19
measures, each led by the department that really leads it, and a year of demo reports.

Targets, comparators and values are those of the directive. Reported values, baselines
(2023 ranks, the 2023 poverty rate) and district figures are invented for the demo and say so
in their explanations. Reports go through the services (saved, submitted, returned, approved);
their timestamps are then moved into 2024 so the dashboard shows late and on-time reports.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit
from thidua.targets.models import Campaign, Measure, Report, ReportRevision
from thidua.targets.periods import Period, periods_for
from thidua.targets.services import (
    Contributor,
    MeasureSpec,
    campaign_create,
    measure_create,
    report_approve,
    report_return,
    report_save,
    report_submit,
    reporting_unit_for,
    target_create,
)

YEAR = 2024
MID_YEAR = datetime.date(YEAR, 6, 30)
DEMO_NOTE = "Số liệu minh họa."
D = Decimal

# Share of a year's flow reached by the end of each month (slightly back-loaded, as revenue,
# exports and tourism are in Kon Tum).
SEASON = [
    D(x)
    for x in (
        "0.07",
        "0.14",
        "0.22",
        "0.30",
        "0.38",
        "0.47",
        "0.56",
        "0.65",
        "0.73",
        "0.82",
        "0.91",
        "1",
    )
]

TARGETS: list[tuple[int, str]] = [
    (1, "Tốc độ tăng trưởng GRDP của tỉnh đạt từ 10% trở lên."),
    (2, "GRDP bình quân đầu người trên 63,7 triệu đồng."),
    (3, "Thu ngân sách nhà nước trên địa bàn từ 4.600 tỷ đồng trở lên."),
    (4, "Thành lập mới 360 doanh nghiệp."),
    (5, "Giá trị xuất khẩu 320 triệu USD."),
    (6, "Xây dựng thêm 01 sản phẩm tham gia vào chuỗi giá trị các sản phẩm quốc gia."),
    (7, "Tỷ lệ lao động qua đào tạo đạt 58,5%, trong đó lao động được đào tạo nghề: 43%."),
    (8, "Tỷ lệ hộ nghèo giảm ít nhất 3-4%/năm."),
    (9, "Số giường bệnh đạt 39,3 giường/1 vạn dân."),
    (10, "Tỷ lệ bao phủ bảo hiểm y tế đạt 94,15%."),
    (
        11,
        "Tỷ lệ khu công nghiệp đang hoạt động có hệ thống xử lý nước thải tập trung đạt tiêu "
        "chuẩn môi trường đạt 100%; tỷ lệ cơ sở sản xuất kinh doanh đạt tiêu chuẩn về môi "
        "trường 85%.",
    ),
    (
        12,
        "Phấn đấu Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), Chỉ số Hiệu quả quản trị và Hành "
        "chính công cấp tỉnh (PAPI), Chỉ số cải cách hành chính (PAR INDEX); Chỉ số hài lòng về "
        "sự phục vụ hành chính (SIPAS): tăng 05 bậc so với năm 2023.",
    ),
    (13, "Phấn đấu có thêm 05 xã đạt chuẩn nông thôn mới."),
    (14, "Phấn đấu có 1.700.000 lượt khách du lịch đến tỉnh."),
]


@dataclass(frozen=True)
class DemoMeasure:
    target: int
    code: str
    indicator: str
    comparator: str
    value: str
    unit: str
    accumulation: str
    frequency: str
    lead: str  # unit name as of 2024
    final: str  # the demo's year-end value ("" = not reported yet)
    mid: str = ""  # mid-year value for level measures
    value_max: str = ""
    direction: str = "higher"
    baseline_year: int | None = None
    baseline_value: str = ""
    period_scope: str = "year"
    rollup: str = "lead_only"
    deadline_days: int = 10
    by_district: bool = False


KT = "tỉnh Kon Tum"
MEASURES: list[DemoMeasure] = [
    DemoMeasure(
        1,
        "1",
        "Tốc độ tăng trưởng GRDP",
        ">=",
        "10",
        "%",
        "level",
        "quarterly",
        f"Sở Kế hoạch và Đầu tư {KT}",
        final="10.12",
        mid="8.86",
        deadline_days=20,
    ),
    DemoMeasure(
        2,
        "2",
        "GRDP bình quân đầu người",
        ">",
        "63.7",
        "triệu đồng",
        "level",
        "half_yearly",
        f"Sở Kế hoạch và Đầu tư {KT}",
        final="64.2",
        mid="61.05",
        deadline_days=20,
    ),
    DemoMeasure(
        3,
        "3",
        "Thu ngân sách nhà nước trên địa bàn",
        ">=",
        "4600",
        "tỷ đồng",
        "flow",
        "monthly",
        f"Sở Tài chính {KT}",
        final="4712.4",
    ),
    DemoMeasure(
        4,
        "4",
        "Số doanh nghiệp thành lập mới",
        "new_count",
        "360",
        "doanh nghiệp",
        "flow",
        "monthly",
        f"Sở Kế hoạch và Đầu tư {KT}",
        final="331",
    ),
    DemoMeasure(
        5,
        "5",
        "Giá trị xuất khẩu",
        "=",
        "320",
        "triệu USD",
        "flow",
        "monthly",
        f"Sở Công Thương {KT}",
        final="291.6",
    ),
    DemoMeasure(
        6,
        "6",
        "Sản phẩm tham gia chuỗi giá trị các sản phẩm quốc gia",
        "new_count",
        "1",
        "sản phẩm",
        "flow",
        "half_yearly",
        f"Sở Nông nghiệp và Phát triển nông thôn {KT}",
        final="1",
        mid="0",
    ),
    DemoMeasure(
        7,
        "7a",
        "Tỷ lệ lao động qua đào tạo",
        "=",
        "58.5",
        "%",
        "level",
        "half_yearly",
        f"Sở Lao động - Thương binh và Xã hội {KT}",
        final="58.62",
        mid="56.9",
    ),
    DemoMeasure(
        7,
        "7b",
        "Tỷ lệ lao động được đào tạo nghề",
        "=",
        "43",
        "%",
        "level",
        "half_yearly",
        f"Sở Lao động - Thương binh và Xã hội {KT}",
        final="43",
        mid="41.5",
    ),
    DemoMeasure(
        8,
        "8",
        "Tỷ lệ hộ nghèo",
        "decrease_by",
        "3",
        "%",
        "level",
        "half_yearly",
        f"Sở Lao động - Thương binh và Xã hội {KT}",
        final="9.05",
        mid="10.92",
        value_max="4",
        direction="lower",
        baseline_year=2023,
        baseline_value="12.41",
        period_scope="per_year",
        rollup="weighted_mean",
        by_district=True,
    ),
    DemoMeasure(
        9,
        "9",
        "Số giường bệnh trên 1 vạn dân",
        "=",
        "39.3",
        "giường/vạn dân",
        "level",
        "half_yearly",
        f"Sở Y tế {KT}",
        final="39.5",
        mid="38.1",
    ),
    DemoMeasure(
        10,
        "10",
        "Tỷ lệ bao phủ bảo hiểm y tế",
        "=",
        "94.15",
        "%",
        "level",
        "quarterly",
        f"Bảo hiểm xã hội {KT}",
        final="94.02",
        mid="92.9",
    ),
    DemoMeasure(
        11,
        "11a",
        "Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải tập trung đạt chuẩn",
        "=",
        "100",
        "%",
        "level",
        "half_yearly",
        f"Sở Tài nguyên và Môi trường {KT}",
        final="100",
        mid="100",
    ),
    DemoMeasure(
        11,
        "11b",
        "Tỷ lệ cơ sở sản xuất kinh doanh đạt tiêu chuẩn về môi trường",
        "=",
        "85",
        "%",
        "level",
        "half_yearly",
        f"Sở Tài nguyên và Môi trường {KT}",
        final="83.1",
        mid="80.4",
    ),
    DemoMeasure(
        12,
        "12a",
        "Xếp hạng PCI",
        "rank_improve_by",
        "5",
        "bậc",
        "level",
        "yearly",
        f"Sở Kế hoạch và Đầu tư {KT}",
        final="49",
        direction="lower",
        baseline_year=2023,
        baseline_value="57",
        deadline_days=120,
    ),
    DemoMeasure(
        12,
        "12b",
        "Xếp hạng PAPI",
        "rank_improve_by",
        "5",
        "bậc",
        "level",
        "yearly",
        f"Văn phòng Ủy ban nhân dân {KT}",
        final="43",
        direction="lower",
        baseline_year=2023,
        baseline_value="40",
        deadline_days=120,
    ),
    DemoMeasure(
        12,
        "12c",
        "Xếp hạng PAR INDEX",
        "rank_improve_by",
        "5",
        "bậc",
        "level",
        "yearly",
        f"Sở Nội vụ {KT}",
        final="40",
        direction="lower",
        baseline_year=2023,
        baseline_value="45",
        deadline_days=120,
    ),
    DemoMeasure(
        12,
        "12d",
        "Xếp hạng SIPAS",
        "rank_improve_by",
        "5",
        "bậc",
        "level",
        "yearly",
        f"Sở Nội vụ {KT}",
        final="",
        direction="lower",
        baseline_year=2023,
        baseline_value="30",
        deadline_days=120,
    ),
    DemoMeasure(
        13,
        "13",
        "Số xã đạt chuẩn nông thôn mới tăng thêm",
        "new_count",
        "5",
        "xã",
        "flow",
        "quarterly",
        f"Sở Nông nghiệp và Phát triển nông thôn {KT}",
        final="5",
        rollup="sum",
        by_district=True,
    ),
    DemoMeasure(
        14,
        "14",
        "Lượt khách du lịch đến tỉnh",
        "=",
        "1700000",
        "lượt khách",
        "flow",
        "monthly",
        f"Sở Văn hóa, Thể thao và Du lịch {KT}",
        final="1826400",
    ),
]


def _unit(name: str, day: datetime.date = MID_YEAR) -> OrgUnit:
    return OrgUnit.objects.valid_on(day).get(name=name)


def _districts(province: OrgUnit) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.valid_on(MID_YEAR)
        .filter(parent=province, kind=UnitKind.HUYEN)
        .order_by("name")
    )


def load_campaign_2024() -> Campaign:
    """The campaign, its targets and measures, and the year's demo reports."""
    province = _unit("Tỉnh Kon Tum")
    campaign = campaign_create(
        actor=None,
        province=province,
        year=YEAR,
        name="Phong trào thi đua yêu nước năm 2024 trên địa bàn tỉnh Kon Tum",
        theme="Đoàn kết - Trách nhiệm - Chủ động vượt khó - Quyết tâm thi đua thực hiện thắng "
        "lợi nhiệm vụ phát triển kinh tế - xã hội tỉnh Kon Tum năm 2024",
        directive_number="08/CT-UBND",
        directive_date=datetime.date(2024, 2, 6),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Kon Tum",
        is_demo=True,
    )
    targets = {
        number: target_create(actor=None, campaign=campaign, number=number, text=text)
        for number, text in TARGETS
    }
    districts = _districts(province)
    rng = random.Random(2024)  # noqa: S311 - demo figures, not security
    for position, demo in enumerate(MEASURES):
        measure = measure_create(
            actor=None,
            target=targets[demo.target],
            position=position,
            spec=MeasureSpec(
                code=demo.code,
                indicator=demo.indicator,
                comparator=demo.comparator,
                value=D(demo.value),
                value_max=D(demo.value_max) if demo.value_max else None,
                unit=demo.unit,
                accumulation=demo.accumulation,
                frequency=demo.frequency,
                lead_unit=_unit(demo.lead),
                direction=demo.direction,
                period_scope=demo.period_scope,
                baseline_year=demo.baseline_year,
                baseline_value=D(demo.baseline_value) if demo.baseline_value else None,
                rollup=demo.rollup,
                deadline_days=demo.deadline_days,
            ),
            contributors=[
                Contributor(unit=district, weight=D(rng.randint(4000, 16000)))
                for district in (districts if demo.by_district else [])
            ],
        )
        report_year(measure, demo, districts if demo.by_district else [], rng)
    return campaign


def _values(demo: DemoMeasure, periods: Sequence[Period]) -> list[Decimal]:
    """The lead unit's value for each period: a seasonal year-to-date curve for flows, a path
    from the mid-year to the year-end value for levels."""
    final = D(demo.final)
    if demo.accumulation == "flow" and demo.frequency != "half_yearly":
        shares = [SEASON[period.end.month - 1] for period in periods]
        quantum = D("1") if final == final.to_integral_value() else D("0.1")
        return [(final * share).quantize(quantum) for share in shares]
    mid = D(demo.mid or demo.final)
    count = len(periods)
    if count == 1:
        return [final]
    steps = [mid + (final - mid) * D(index) / D(count - 1) for index in range(count)]
    return [step.quantize(D("0.01")) for step in steps]


def report_year(
    measure: Measure,
    demo: DemoMeasure,
    districts: Sequence[OrgUnit],
    rng: random.Random,
    year: int = YEAR,
) -> None:
    """A year of the demo's reports for `measure`: sent, some late, one returned, approved.
    Periods after a unit's closure go to its successor (the unit valid at the period's end)."""
    periods = periods_for(year, demo.frequency)
    if not demo.final:
        return  # e.g. SIPAS 2024 not published yet: nothing reported
    lead_values = _values(demo, periods)
    reporters: list[tuple[OrgUnit, list[Decimal]]]
    if districts:
        reporters = [
            (district, _district_values(demo, lead_values, index, rng))
            for index, district in enumerate(districts)
        ]
    else:
        reporters = [(measure.lead_unit, lead_values)]
    for unit, values in reporters:
        for index, (period, value) in enumerate(zip(periods, values, strict=True)):
            if districts and unit == districts[-1] and index == len(periods) - 1:
                continue  # one district has not sent its last report: shown as missing
            reporter = reporting_unit_for(unit, period.end) or unit
            lateness = _lateness(demo, reporter, index, rng)
            _report(measure, reporter, period, value, lateness=lateness)


# Quarter (0-based) in which each of the first five districts gets one more new-rural commune.
NEW_RURAL_QUARTER = [0, 1, 1, 2, 3]


def _district_values(
    demo: DemoMeasure, lead: list[Decimal], position: int, rng: random.Random
) -> list[Decimal]:
    if demo.rollup == "sum":
        if position >= len(NEW_RURAL_QUARTER):
            return [D(0)] * len(lead)
        start = NEW_RURAL_QUARTER[position]
        return [D(1) if index >= start else D(0) for index in range(len(lead))]
    return [(value + D(rng.randint(-200, 200)) / 100).quantize(D("0.01")) for value in lead]


def _lateness(demo: DemoMeasure, unit: OrgUnit, index: int, rng: random.Random) -> int:
    """Days after the deadline the report was sent (negative: early)."""
    if demo.code in ("5", "11b") and index % 3 == 1:
        return rng.randint(3, 20)
    return -rng.randint(1, max(1, demo.deadline_days - 1))


def _report(
    measure: Measure, unit: OrgUnit, period: Period, value: Decimal, *, lateness: int
) -> None:
    report = report_save(
        actor=None,
        measure=measure,
        unit=unit,
        period_key=period.key,
        value=value,
        explanation=DEMO_NOTE,
    )
    report = report_submit(actor=None, report=report)
    if measure.code == "5" and period.key.endswith("-05"):
        report = report_return(
            actor=None,
            report=report,
            reason="Số liệu chưa khớp với số liệu của Cục Hải quan; đề nghị rà soát lại.",
        )
        report = report_save(
            actor=None,
            measure=measure,
            unit=unit,
            period_key=period.key,
            value=value,
            explanation=DEMO_NOTE + " Đã đối chiếu với số liệu hải quan.",
        )
        report = report_submit(actor=None, report=report)
    report_approve(actor=None, report=report)
    _backdate(report, period, lateness)


def _backdate(report: Report, period: Period, lateness: int) -> None:
    """Place the demo report's history in its year (the services stamp the time of loading)."""
    submitted = datetime.datetime.combine(
        period.due_date(report.measure.deadline_days) + datetime.timedelta(days=lateness),
        datetime.time(9, 30),
        tzinfo=datetime.UTC,
    )
    reviewed = submitted + datetime.timedelta(days=2)
    Report.objects.filter(pk=report.pk).update(
        first_submitted_at=submitted, submitted_at=submitted, reviewed_at=reviewed
    )
    ReportRevision.objects.filter(report=report).update(at=submitted)
