"""Tests of the pure target evaluation rules (no database).

Many cases use the figures of the Kon Tum 2024 directive: GRDP growth ≥ 10 %, GRDP per head
> 63,7 triệu đồng, budget revenue ≥ 4.600 tỷ đồng, 360 new enterprises, export 320 triệu
USD, trained labour 58,5 %, poor households −3–4 points a year, 39,3 beds per 10.000
people, health insurance 94,15 %, PCI +5 places against 2023, 5 new-rural communes,
1.700.000 tourists. Other figures are illustrative and say so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from thidua.targets.evaluation import (
    STATUS_LABELS_EN,
    Accumulation,
    Comparator,
    Direction,
    MeasureRule,
    Observation,
    RollupMethod,
    Status,
    achievement_ratio,
    describe_rule,
    evaluate,
    exceeds,
    meets,
    rollup,
    status_order,
    target_value,
)

D = Decimal
HIGHER = Direction.HIGHER
LOWER = Direction.LOWER
FLOW = Accumulation.FLOW
LEVEL = Accumulation.LEVEL
YEAR = 2024
YEAR_END = date(2024, 12, 31)
AFTER_YEAR = date(2025, 1, 20)
JUNE = date(2024, 6, 30)  # day 182 of the leap year 2024 (366 days)
SEPTEMBER = date(2024, 9, 30)  # day 274


def rule(
    comparator: Comparator,
    value: str,
    value_max: str | None = None,
    *,
    direction: Direction = HIGHER,
    accumulation: Accumulation = LEVEL,
    baseline: str | None = None,
) -> MeasureRule:
    return MeasureRule(
        comparator=comparator,
        value=D(value),
        value_max=None if value_max is None else D(value_max),
        direction=direction,
        accumulation=accumulation,
        baseline=None if baseline is None else D(baseline),
    )


def obs(day: date, value: str) -> Observation:
    return Observation(period_end=day, value=D(value))


# --- Kon Tum 2024 rules ----------------------------------------------------------------------

GRDP_GROWTH = rule(Comparator.GTE, "10")  # tốc độ tăng trưởng GRDP từ 10% trở lên
GRDP_PER_HEAD = rule(Comparator.GT, "63.7")  # GRDP bình quân đầu người trên 63,7 triệu đồng
BUDGET = rule(Comparator.GTE, "4600", accumulation=FLOW)  # thu ngân sách từ 4.600 tỷ đồng
ENTERPRISES = rule(Comparator.NEW_COUNT, "360", accumulation=FLOW)  # thành lập mới 360 DN
EXPORT = rule(Comparator.GTE, "320", accumulation=FLOW)  # kim ngạch xuất khẩu 320 triệu USD
TRAINED_LABOUR = rule(Comparator.EQ, "58.5")  # tỷ lệ lao động qua đào tạo đạt 58,5%
# Tỷ lệ hộ nghèo giảm 3-4 điểm phần trăm/năm (baseline 9,5% is illustrative).
POOR = rule(Comparator.DECREASE_BY, "3", "4", direction=LOWER, baseline="9.5")
BEDS = rule(Comparator.EQ, "39.3")  # 39,3 giường bệnh/vạn dân
INSURANCE = rule(Comparator.EQ, "94.15")  # tỷ lệ bao phủ bảo hiểm y tế 94,15%
PCI = rule(Comparator.RANK_IMPROVE_BY, "5", direction=LOWER, baseline="40")  # PCI +5 bậc
RURAL = rule(Comparator.NEW_COUNT, "5")  # thêm 5 xã đạt chuẩn nông thôn mới
TOURISTS = rule(Comparator.GTE, "1700000", accumulation=FLOW)  # đón 1.700.000 lượt khách

# --- Illustrative rules for the remaining comparators ---------------------------------------

LTE_STUNTING = rule(Comparator.LTE, "27", direction=LOWER)  # suy dinh dưỡng thấp còi ≤ 27%
LT_UNEMPLOYMENT = rule(Comparator.LT, "3", direction=LOWER)  # thất nghiệp thành thị dưới 3%
EQ_INFANT = rule(Comparator.EQ, "25", direction=LOWER)  # tử vong trẻ dưới 1 tuổi 25‰
RANGE_GROWTH = rule(Comparator.RANGE, "9", "10")  # tăng trưởng 9-10%
RANGE_BIRTH = rule(Comparator.RANGE, "4", "5", direction=LOWER)  # a rate to keep at 4-5
INCREASE = rule(Comparator.INCREASE_BY, "1.5", baseline="57")  # tăng 1,5 điểm so với 57
INCREASE_BAND = rule(Comparator.INCREASE_BY, "1", "2", baseline="57")  # tăng 1-2 điểm
DECREASE = rule(Comparator.DECREASE_BY, "2", direction=LOWER, baseline="9.5")  # giảm 2 điểm
ACCIDENTS = rule(Comparator.LTE, "120", direction=LOWER, accumulation=FLOW)  # ≤ 120 vụ/năm


# --- Year end: every comparator × exceeded / boundary / just missed / far off ----------------

EX, OK, NO = Status.EXCEEDED, Status.ACHIEVED, Status.NOT_ACHIEVED

YEAR_END_CASES = [
    # GTE: x ≥ v, exceeded when x > v; ratio x / v.
    pytest.param(GRDP_GROWTH, "10.5", EX, "10", "1.05", id="gte-exceeded"),
    pytest.param(GRDP_GROWTH, "10", OK, "10", "1", id="gte-boundary"),
    pytest.param(GRDP_GROWTH, "9.99", NO, "10", "0.999", id="gte-just-missed"),
    pytest.param(GRDP_GROWTH, "6.5", NO, "10", "0.65", id="gte-far-off"),
    pytest.param(BUDGET, "4700", EX, "4600", "1.0217", id="gte-budget-exceeded"),
    pytest.param(EXPORT, "320", OK, "320", "1", id="gte-export-boundary"),
    pytest.param(TOURISTS, "1650000", NO, "1700000", "0.9706", id="gte-tourists-missed"),
    # GT: strict, so meeting it is ACHIEVED and never EXCEEDED; the boundary misses.
    pytest.param(GRDP_PER_HEAD, "65", OK, "63.7", "1.0204", id="gt-above-is-achieved"),
    pytest.param(GRDP_PER_HEAD, "63.71", OK, "63.7", "1.0002", id="gt-just-above"),
    pytest.param(GRDP_PER_HEAD, "63.7", NO, "63.7", "1", id="gt-boundary-misses"),
    pytest.param(GRDP_PER_HEAD, "63.69", NO, "63.7", "0.9998", id="gt-just-missed"),
    pytest.param(GRDP_PER_HEAD, "50", NO, "63.7", "0.7849", id="gt-far-off"),
    # LTE: x ≤ v, exceeded when x < v; ratio v / x.
    pytest.param(LTE_STUNTING, "25", EX, "27", "1.08", id="lte-exceeded"),
    pytest.param(LTE_STUNTING, "27", OK, "27", "1", id="lte-boundary"),
    pytest.param(LTE_STUNTING, "27.1", NO, "27", "0.9963", id="lte-just-missed"),
    pytest.param(LTE_STUNTING, "35", NO, "27", "0.7714", id="lte-far-off"),
    # LT: strict ceiling, never EXCEEDED.
    pytest.param(LT_UNEMPLOYMENT, "2.5", OK, "3", "1.2", id="lt-below-is-achieved"),
    pytest.param(LT_UNEMPLOYMENT, "2.99", OK, "3", "1.0033", id="lt-just-below"),
    pytest.param(LT_UNEMPLOYMENT, "3", NO, "3", "1", id="lt-boundary-misses"),
    pytest.param(LT_UNEMPLOYMENT, "3.01", NO, "3", "0.9967", id="lt-just-missed"),
    pytest.param(LT_UNEMPLOYMENT, "4.5", NO, "3", "0.6667", id="lt-far-off"),
    # EQ, higher is better: a floor.
    pytest.param(TRAINED_LABOUR, "60", EX, "58.5", "1.0256", id="eq-higher-exceeded"),
    pytest.param(TRAINED_LABOUR, "58.5", OK, "58.5", "1", id="eq-higher-boundary"),
    pytest.param(TRAINED_LABOUR, "58.4", NO, "58.5", "0.9983", id="eq-higher-just-missed"),
    pytest.param(TRAINED_LABOUR, "50", NO, "58.5", "0.8547", id="eq-higher-far-off"),
    pytest.param(BEDS, "39.3", OK, "39.3", "1", id="eq-beds-boundary"),
    pytest.param(BEDS, "39.2", NO, "39.3", "0.9975", id="eq-beds-just-missed"),
    pytest.param(INSURANCE, "94.2", EX, "94.15", "1.0005", id="eq-insurance-exceeded"),
    pytest.param(INSURANCE, "94.15", OK, "94.15", "1", id="eq-insurance-boundary"),
    pytest.param(INSURANCE, "94.1", NO, "94.15", "0.9995", id="eq-insurance-just-missed"),
    # EQ, lower is better: a ceiling.
    pytest.param(EQ_INFANT, "24", EX, "25", "1.0417", id="eq-lower-exceeded"),
    pytest.param(EQ_INFANT, "25", OK, "25", "1", id="eq-lower-boundary"),
    pytest.param(EQ_INFANT, "25.1", NO, "25", "0.996", id="eq-lower-just-missed"),
    pytest.param(EQ_INFANT, "30", NO, "25", "0.8333", id="eq-lower-far-off"),
    # RANGE, higher is better: target = lower bound, above the band exceeds.
    pytest.param(RANGE_GROWTH, "10.5", EX, "9", "1.1667", id="range-higher-above"),
    pytest.param(RANGE_GROWTH, "10", OK, "9", "1.1111", id="range-higher-top"),
    pytest.param(RANGE_GROWTH, "9.5", OK, "9", "1.0556", id="range-higher-inside"),
    pytest.param(RANGE_GROWTH, "9", OK, "9", "1", id="range-higher-bottom"),
    pytest.param(RANGE_GROWTH, "8.9", NO, "9", "0.9889", id="range-higher-just-below"),
    pytest.param(RANGE_GROWTH, "6", NO, "9", "0.6667", id="range-higher-far-below"),
    # RANGE, lower is better: target = upper bound, below the band exceeds.
    pytest.param(RANGE_BIRTH, "3.5", EX, "5", "1.4286", id="range-lower-below"),
    pytest.param(RANGE_BIRTH, "4", OK, "5", "1.25", id="range-lower-bottom"),
    pytest.param(RANGE_BIRTH, "4.5", OK, "5", "1.1111", id="range-lower-inside"),
    pytest.param(RANGE_BIRTH, "5", OK, "5", "1", id="range-lower-top"),
    pytest.param(RANGE_BIRTH, "5.1", NO, "5", "0.9804", id="range-lower-just-above"),
    pytest.param(RANGE_BIRTH, "8", NO, "5", "0.625", id="range-lower-far-above"),
    # INCREASE_BY: improvement = x − baseline; target = baseline + v.
    pytest.param(INCREASE, "59", EX, "58.5", "1.3333", id="increase-exceeded"),
    pytest.param(INCREASE, "58.5", OK, "58.5", "1", id="increase-boundary"),
    pytest.param(INCREASE, "58.4", NO, "58.5", "0.9333", id="increase-just-missed"),
    pytest.param(INCREASE, "57.2", NO, "58.5", "0.1333", id="increase-far-off"),
    pytest.param(INCREASE_BAND, "59", OK, "58", "2", id="increase-band-top-not-exceeded"),
    pytest.param(INCREASE_BAND, "59.5", EX, "58", "2.5", id="increase-band-above"),
    # DECREASE_BY 3-4 points from 9,5%: target 6,5; exceeding needs a decrease > 4.
    pytest.param(POOR, "7.5", NO, "6.5", "0.6667", id="decrease-band-by-2"),
    pytest.param(POOR, "6.6", NO, "6.5", "0.9667", id="decrease-band-just-missed"),
    pytest.param(POOR, "6.5", OK, "6.5", "1", id="decrease-band-by-3"),
    pytest.param(POOR, "6", OK, "6.5", "1.1667", id="decrease-band-by-3.5"),
    pytest.param(POOR, "5.5", OK, "6.5", "1.3333", id="decrease-band-by-4-not-exceeded"),
    pytest.param(POOR, "5", EX, "6.5", "1.5", id="decrease-band-by-4.5"),
    pytest.param(POOR, "10", NO, "6.5", "-0.1667", id="decrease-band-went-up"),
    pytest.param(DECREASE, "7", EX, "7.5", "1.25", id="decrease-exceeded"),
    pytest.param(DECREASE, "7.5", OK, "7.5", "1", id="decrease-boundary"),
    # NEW_COUNT: 360 new enterprises, 5 new-rural communes.
    pytest.param(ENTERPRISES, "400", EX, "360", "1.1111", id="new-count-exceeded"),
    pytest.param(ENTERPRISES, "360", OK, "360", "1", id="new-count-boundary"),
    pytest.param(ENTERPRISES, "359", NO, "360", "0.9972", id="new-count-just-missed"),
    pytest.param(ENTERPRISES, "200", NO, "360", "0.5556", id="new-count-far-off"),
    pytest.param(RURAL, "5", OK, "5", "1", id="new-count-rural-boundary"),
    pytest.param(RURAL, "4", NO, "5", "0.8", id="new-count-rural-missed"),
    # RANK_IMPROVE_BY: PCI rank 40 in 2023, up 5 places → target rank 35.
    pytest.param(PCI, "30", EX, "35", "2", id="rank-up-10-exceeded"),
    pytest.param(PCI, "34", EX, "35", "1.2", id="rank-up-6-exceeded"),
    pytest.param(PCI, "35", OK, "35", "1", id="rank-up-5-boundary"),
    pytest.param(PCI, "36", NO, "35", "0.8", id="rank-up-4-just-missed"),
    pytest.param(PCI, "37", NO, "35", "0.6", id="rank-up-3"),
    pytest.param(PCI, "45", NO, "35", "-1", id="rank-fell-far-off"),
]


@pytest.mark.parametrize(("measure", "value", "status", "target", "ratio"), YEAR_END_CASES)
def test_year_end(
    measure: MeasureRule, value: str, status: Status, target: str, ratio: str
) -> None:
    result = evaluate(measure, [obs(YEAR_END, value)], year=YEAR, as_of=AFTER_YEAR)

    assert result.status == status
    assert result.actual == D(value)
    assert result.actual_date == YEAR_END
    assert result.target == D(target)
    assert result.ratio == D(ratio)
    assert result.forecast == D(value)
    assert result.expected_share == (D("1") if measure.accumulation == FLOW else None)
    assert meets(measure, D(value)) is (status != NO)
    assert exceeds(measure, D(value)) is (status == EX)


# --- In year ------------------------------------------------------------------------------

IN_YEAR_CASES = [
    # Budget revenue, linear: 30/06/2024 is day 182 of 366; forecast = actual × 366 / 182.
    pytest.param(BUDGET, JUNE, "2310", Status.ON_TRACK, "0.5022", "4645.38", id="flow-on-track"),
    pytest.param(BUDGET, JUNE, "2150", Status.BEHIND, "0.4674", "4323.63", id="flow-behind"),
    pytest.param(BUDGET, JUNE, "1800", Status.AT_RISK, "0.3913", "3619.78", id="flow-at-risk"),
    # A flow that already reached its floor cannot go back: final verdict in-year.
    pytest.param(
        BUDGET, date(2024, 11, 30), "4700", EX, "1.0217", "5134.93", id="flow-already-exceeded"
    ),
    pytest.param(
        BUDGET, date(2024, 11, 30), "4600", OK, "1", "5025.67", id="flow-already-achieved"
    ),
    # Tourists 30/09: 1.250.000 × 366 / 274 = 1.669.708,03 → 98,2% → behind.
    pytest.param(
        TOURISTS, SEPTEMBER, "1250000", Status.BEHIND, "0.7353", "1669708.03", id="tourists"
    ),
    # Export 31/03 (day 91): 85 × 366 / 91 = 341,87 ≥ 320.
    pytest.param(EXPORT, date(2024, 3, 31), "85", Status.ON_TRACK, "0.2656", "341.87", id="export"),
    # New enterprises: forecast by run rate, locked in once 360 is reached.
    pytest.param(
        ENTERPRISES, JUNE, "150", Status.AT_RISK, "0.4167", "301.65", id="new-count-at-risk"
    ),
    pytest.param(
        ENTERPRISES, JUNE, "170", Status.BEHIND, "0.4722", "341.87", id="new-count-behind"
    ),
    pytest.param(
        ENTERPRISES, SEPTEMBER, "365", EX, "1.0139", "487.55", id="new-count-already-exceeded"
    ),
    # NEW_COUNT locks in even as a LEVEL; the forecast of a LEVEL is the latest value.
    pytest.param(RURAL, JUNE, "5", OK, "1", "5", id="new-count-level-already-achieved"),
    pytest.param(RURAL, JUNE, "3", Status.AT_RISK, "0.6", "3", id="new-count-level-at-risk"),
    # Levels: meeting the target in-year is only ON_TRACK (a level can fall back).
    pytest.param(
        TRAINED_LABOUR, JUNE, "60", Status.ON_TRACK, "1.0256", "60", id="level-on-track-above"
    ),
    pytest.param(
        TRAINED_LABOUR, JUNE, "58.5", Status.ON_TRACK, "1", "58.5", id="level-on-track-boundary"
    ),
    pytest.param(TRAINED_LABOUR, JUNE, "53", Status.BEHIND, "0.906", "53", id="level-behind"),
    pytest.param(TRAINED_LABOUR, JUNE, "50", Status.AT_RISK, "0.8547", "50", id="level-at-risk"),
    pytest.param(
        INSURANCE, SEPTEMBER, "94.15", Status.ON_TRACK, "1", "94.15", id="level-insurance"
    ),
    pytest.param(GRDP_PER_HEAD, JUNE, "63.7", Status.BEHIND, "1", "63.7", id="level-gt-boundary"),
    pytest.param(PCI, JUNE, "35", Status.ON_TRACK, "1", "35", id="level-rank-on-track"),
    pytest.param(PCI, JUNE, "39", Status.AT_RISK, "0.2", "39", id="level-rank-at-risk"),
    # Poverty from 9,5%: decrease 2,7 → 90% of the 3 points (tolerance is inclusive).
    pytest.param(POOR, JUNE, "6.8", Status.BEHIND, "0.9", "6.8", id="level-decrease-tolerance"),
    pytest.param(POOR, JUNE, "7", Status.AT_RISK, "0.8333", "7", id="level-decrease-at-risk"),
    pytest.param(POOR, JUNE, "5", Status.ON_TRACK, "1.5", "5", id="level-decrease-on-track"),
    # A flow with a ceiling: forecast decides until the ceiling is broken.
    pytest.param(ACCIDENTS, JUNE, "50", Status.ON_TRACK, "2.4", "100.55", id="ceiling-on-track"),
    pytest.param(ACCIDENTS, JUNE, "65", Status.BEHIND, "1.8462", "130.71", id="ceiling-behind"),
    pytest.param(ACCIDENTS, JUNE, "80", Status.AT_RISK, "1.5", "160.88", id="ceiling-at-risk"),
    pytest.param(ACCIDENTS, SEPTEMBER, "121", NO, "0.9917", "161.63", id="ceiling-already-broken"),
]


@pytest.mark.parametrize(("measure", "day", "value", "status", "ratio", "forecast"), IN_YEAR_CASES)
def test_in_year(
    measure: MeasureRule, day: date, value: str, status: Status, ratio: str, forecast: str
) -> None:
    result = evaluate(measure, [obs(day, value)], year=YEAR, as_of=day)

    assert result.status == status
    assert result.actual == D(value)
    assert result.actual_date == day
    assert result.target == target_value(measure)
    assert result.ratio == D(ratio)
    assert result.forecast == D(forecast)


def test_in_year_ratio_and_target_are_for_the_actual_not_the_forecast() -> None:
    result = evaluate(BUDGET, [obs(JUNE, "2310")], year=YEAR, as_of=JUNE)

    assert result.target == D("4600")
    assert result.ratio == D("0.5022")  # 2.310 / 4.600, not 4.645,38 / 4.600
    assert achievement_ratio(BUDGET, result.forecast or D(0)) == D("1.0099")


@pytest.mark.parametrize(
    ("tolerance", "status"),
    [
        pytest.param(D("0.9"), Status.BEHIND, id="default-0.9"),
        pytest.param(D("0.95"), Status.AT_RISK, id="stricter-0.95"),
        pytest.param(D("0.5"), Status.BEHIND, id="looser-0.5"),
    ],
)
def test_tolerance(tolerance: Decimal, status: Status) -> None:
    # Forecast 4.323,63 = 93,99% of 4.600.
    result = evaluate(BUDGET, [obs(JUNE, "2150")], year=YEAR, as_of=JUNE, tolerance=tolerance)

    assert result.status == status


# --- Forecast: share of the year ----------------------------------------------------------

LAST_YEAR_HALF = [obs(date(2023, 6, 30), "2000"), obs(date(2023, 12, 31), "4000")]


@pytest.mark.parametrize(
    ("last_year", "status", "share", "forecast"),
    [
        pytest.param((), Status.ON_TRACK, "0.4973", "4645.38", id="linear-no-last-year"),
        pytest.param(LAST_YEAR_HALF, Status.ON_TRACK, "0.5", "4620", id="last-year-half"),
        pytest.param(
            [obs(date(2023, 6, 30), "2200"), obs(date(2023, 12, 31), "4000")],
            Status.BEHIND,
            "0.55",
            "4200",
            id="last-year-front-loaded",
        ),
        pytest.param(
            [obs(date(2023, 6, 30), "1500"), obs(date(2023, 12, 31), "4000")],
            Status.ON_TRACK,
            "0.375",
            "6160",
            id="last-year-back-loaded",
        ),
        pytest.param(
            [obs(date(2023, 6, 30), "2000")],
            Status.ON_TRACK,
            "0.4973",
            "4645.38",
            id="no-last-year-total-linear",
        ),
        pytest.param(
            [obs(date(2023, 6, 30), "0"), obs(date(2023, 12, 31), "0")],
            Status.ON_TRACK,
            "0.4973",
            "4645.38",
            id="zero-last-year-total-linear",
        ),
        pytest.param(
            [obs(date(2023, 6, 30), "0"), obs(date(2023, 12, 31), "4000")],
            Status.ON_TRACK,
            "0.4973",
            "4645.38",
            id="zero-last-year-value-then-linear",
        ),
        pytest.param(
            [obs(date(2023, 5, 31), "1600"), obs(date(2023, 12, 31), "4000")],
            Status.ON_TRACK,
            "0.4973",
            "4645.38",
            id="no-last-year-same-date-linear",
        ),
        pytest.param(
            [obs(date(2022, 6, 30), "2200"), obs(date(2022, 12, 31), "4000")],
            Status.ON_TRACK,
            "0.4973",
            "4645.38",
            id="wrong-year-ignored-linear",
        ),
    ],
)
def test_last_year_pattern_vs_linear(
    last_year: list[Observation], status: Status, share: str, forecast: str
) -> None:
    result = evaluate(BUDGET, [obs(JUNE, "2310")], year=YEAR, as_of=JUNE, last_year=last_year)

    assert result.status == status
    assert result.expected_share == D(share)
    assert result.forecast == D(forecast)


def test_last_year_share_above_one_keeps_the_actual() -> None:
    # Last year's cumulative figure was revised down after November: share 4.100 / 4.000 > 1.
    last_year = [obs(date(2023, 11, 30), "4100"), obs(date(2023, 12, 31), "4000")]

    result = evaluate(
        BUDGET,
        [obs(date(2024, 11, 30), "4500")],
        year=YEAR,
        as_of=date(2024, 12, 5),
        last_year=last_year,
    )

    assert result.expected_share == D("1.025")
    assert result.forecast == D("4500")
    assert result.status == Status.BEHIND  # 4.500 / 4.600 = 97,8%


@pytest.mark.parametrize(
    ("year", "day", "share", "forecast"),
    [
        # 2024 is a leap year: 30/06 is day 182 of 366; in 2023 day 181 of 365.
        pytest.param(2024, date(2024, 6, 30), "0.4973", "4645.38", id="leap-2024-june"),
        pytest.param(2023, date(2023, 6, 30), "0.4959", "4658.29", id="common-2023-june"),
        pytest.param(2024, date(2024, 2, 29), "0.1639", "14091", id="leap-day-60-of-366"),
        pytest.param(2024, date(2024, 1, 1), "0.0027", "845460", id="first-day"),
        pytest.param(2024, date(2024, 12, 31), "1", "2310", id="year-end-share-1"),
    ],
)
def test_linear_share(year: int, day: date, share: str, forecast: str) -> None:
    result = evaluate(BUDGET, [obs(day, "2310")], year=year, as_of=day)

    assert result.expected_share == D(share)
    assert result.forecast == D(forecast)


def test_leap_day_matches_last_years_month_end() -> None:
    # 29/02/2024 is a month-end, so it matches 28/02/2023: share 500 / 4.000.
    last_year = [obs(date(2023, 2, 28), "500"), obs(date(2023, 12, 31), "4000")]

    result = evaluate(
        BUDGET,
        [obs(date(2024, 2, 29), "600")],
        year=YEAR,
        as_of=date(2024, 3, 10),
        last_year=last_year,
    )

    assert result.expected_share == D("0.125")
    assert result.forecast == D("4800")
    assert result.status == Status.ON_TRACK


def test_level_has_no_expected_share() -> None:
    result = evaluate(TRAINED_LABOUR, [obs(JUNE, "57.123")], year=YEAR, as_of=JUNE)

    assert result.expected_share is None
    assert result.forecast == D("57.12")  # quantised to 2 decimals
    assert result.actual == D("57.123")


# --- Which observations count ---------------------------------------------------------------

BUDGET_REPORTS = [
    obs(date(2023, 12, 31), "4300"),  # last year: never counts for 2024
    obs(date(2024, 3, 31), "1000"),
    obs(date(2024, 6, 30), "2310"),
    obs(date(2024, 9, 30), "3500"),
    obs(date(2024, 12, 31), "4700"),
    obs(date(2025, 3, 31), "1200"),  # next year
]


@pytest.mark.parametrize(
    ("as_of", "status", "actual", "actual_date"),
    [
        pytest.param(date(2024, 1, 15), Status.NO_DATA, None, None, id="before-first-report"),
        pytest.param(date(2024, 3, 31), Status.AT_RISK, "1000", date(2024, 3, 31), id="q1-day"),
        pytest.param(date(2024, 8, 15), Status.ON_TRACK, "2310", JUNE, id="future-ignored"),
        pytest.param(date(2024, 10, 1), Status.ON_TRACK, "3500", SEPTEMBER, id="q3"),
        pytest.param(date(2024, 12, 31), EX, "4700", YEAR_END, id="year-end-day"),
        pytest.param(date(2025, 6, 1), EX, "4700", YEAR_END, id="next-year-ignored"),
    ],
)
def test_as_of_filtering(
    as_of: date, status: Status, actual: str | None, actual_date: date | None
) -> None:
    result = evaluate(BUDGET, BUDGET_REPORTS, year=YEAR, as_of=as_of)

    assert result.status == status
    assert result.actual == (None if actual is None else D(actual))
    assert result.actual_date == actual_date


def test_unsorted_observations_and_corrections() -> None:
    reports = [obs(JUNE, "2310"), obs(date(2024, 3, 31), "1000"), obs(JUNE, "2400")]

    result = evaluate(BUDGET, reports, year=YEAR, as_of=SEPTEMBER)

    assert result.actual == D("2400")  # the later report for the same period wins
    assert result.actual_date == JUNE


# --- No data --------------------------------------------------------------------------------


def test_no_observations() -> None:
    result = evaluate(BUDGET, [], year=YEAR, as_of=JUNE)

    assert result.status == Status.NO_DATA
    assert result.reason == "Chưa có số liệu báo cáo."
    assert (result.actual, result.target, result.ratio, result.forecast) == (None,) * 4
    assert result.expected_share is None


@pytest.mark.parametrize(
    "comparator",
    [Comparator.INCREASE_BY, Comparator.DECREASE_BY, Comparator.RANK_IMPROVE_BY],
)
def test_missing_baseline(comparator: Comparator) -> None:
    measure = rule(comparator, "5", direction=LOWER)

    result = evaluate(measure, [obs(YEAR_END, "35")], year=YEAR, as_of=AFTER_YEAR)

    assert result.status == Status.NO_DATA
    assert result.reason == "Thiếu giá trị gốc (năm so sánh) để đánh giá."
    assert result.actual == D("35")
    assert (result.target, result.ratio, result.forecast) == (None, None, None)
    with pytest.raises(ValueError, match="giá trị gốc"):
        meets(measure, D("35"))


# --- Zero targets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "day", "value", "status", "ratio"),
    [
        # "Không để xảy ra": at most 0 cases (illustrative).
        pytest.param(
            rule(Comparator.LTE, "0", direction=LOWER),
            YEAR_END,
            "0",
            OK,
            None,
            id="lte-zero-met-ratio-none",
        ),
        pytest.param(
            rule(Comparator.LTE, "0", direction=LOWER), YEAR_END, "1", NO, "0", id="lte-zero-missed"
        ),
        pytest.param(rule(Comparator.GTE, "0"), YEAR_END, "5", EX, None, id="gte-zero-exceeded"),
        pytest.param(rule(Comparator.GTE, "0"), YEAR_END, "0", OK, None, id="gte-zero-boundary"),
        pytest.param(
            rule(Comparator.GTE, "0"),
            JUNE,
            "-1",
            Status.AT_RISK,
            None,
            id="gte-zero-in-year-ratio-none-at-risk",
        ),
        pytest.param(
            rule(Comparator.LTE, "0", direction=LOWER, accumulation=FLOW),
            JUNE,
            "0",
            Status.ON_TRACK,
            None,
            id="flow-ceiling-zero-on-track",
        ),
        pytest.param(
            rule(Comparator.LTE, "0", direction=LOWER, accumulation=FLOW),
            JUNE,
            "1",
            NO,
            "0",
            id="flow-ceiling-zero-broken",
        ),
        pytest.param(
            rule(Comparator.LTE, "0", direction=LOWER),
            JUNE,
            "2",
            Status.AT_RISK,
            "0",
            id="level-ceiling-zero-at-risk",
        ),
    ],
)
def test_zero_target(
    measure: MeasureRule, day: date, value: str, status: Status, ratio: str | None
) -> None:
    result = evaluate(measure, [obs(day, value)], year=YEAR, as_of=day)

    assert result.status == status
    assert result.target == D("0")
    assert result.ratio == (None if ratio is None else D(ratio))


# --- Reasons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "reports", "as_of", "unit", "last_year", "reason"),
    [
        pytest.param(
            BUDGET,
            [obs(JUNE, "2310")],
            JUNE,
            "tỷ đồng",
            LAST_YEAR_HALF,
            "Lũy kế 2.310 tỷ đồng đến 30/06/2024; dự báo cả năm 4.620 tỷ đồng, "
            "đạt 100,4% chỉ tiêu (từ 4.600 tỷ đồng trở lên).",
            id="flow-in-year",
        ),
        pytest.param(
            TRAINED_LABOUR,
            [obs(JUNE, "53")],
            JUNE,
            "%",
            (),
            "Số liệu đến 30/06/2024: 53%, đạt 90,6% chỉ tiêu (đạt 58,5%).",
            id="level-in-year",
        ),
        pytest.param(
            ENTERPRISES,
            [obs(SEPTEMBER, "365")],
            SEPTEMBER,
            "doanh nghiệp",
            (),
            "Lũy kế 365 doanh nghiệp đến 30/09/2024, bằng 101,4% chỉ tiêu "
            "(thêm 360 doanh nghiệp) — đã vượt chỉ tiêu cả năm.",
            id="flow-locked-in",
        ),
        pytest.param(
            POOR,
            [obs(YEAR_END, "6")],
            AFTER_YEAR,
            "%",
            (),
            "Cả năm 2024: 6%, bằng 116,7% chỉ tiêu (giảm 3-4% so với gốc 9,5%) — đạt chỉ tiêu.",
            id="final-decrease",
        ),
        pytest.param(
            PCI,
            [obs(YEAR_END, "37")],
            AFTER_YEAR,
            "",
            (),
            "Cả năm 2024: hạng 37, bằng 60,0% chỉ tiêu (tăng 5 bậc so với hạng 40) — "
            "chưa đạt chỉ tiêu.",
            id="final-rank",
        ),
        pytest.param(
            rule(Comparator.LTE, "0", direction=LOWER),
            [obs(YEAR_END, "0")],
            AFTER_YEAR,
            "vụ",
            (),
            "Cả năm 2024: 0 vụ (chỉ tiêu: không quá 0 vụ) — đạt chỉ tiêu.",
            id="final-zero-target",
        ),
        pytest.param(
            ACCIDENTS,
            [obs(SEPTEMBER, "121")],
            SEPTEMBER,
            "vụ",
            (),
            "Lũy kế 121 vụ đến 30/09/2024 đã vượt mức của chỉ tiêu (không quá 120 vụ) nên "
            "không thể đạt.",
            id="ceiling-broken",
        ),
    ],
)
def test_reason(
    measure: MeasureRule,
    reports: list[Observation],
    as_of: date,
    unit: str,
    last_year: list[Observation],
    reason: str,
) -> None:
    result = evaluate(measure, reports, year=YEAR, as_of=as_of, last_year=last_year, unit=unit)

    assert result.reason == reason


@pytest.mark.parametrize(
    ("measure", "text"),
    [
        pytest.param(GRDP_GROWTH, "từ 10 trở lên", id="gte"),
        pytest.param(GRDP_PER_HEAD, "trên 63,7", id="gt"),
        pytest.param(LTE_STUNTING, "không quá 27", id="lte"),
        pytest.param(LT_UNEMPLOYMENT, "dưới 3", id="lt"),
        pytest.param(BEDS, "đạt 39,3", id="eq"),
        pytest.param(RANGE_GROWTH, "9-10", id="range"),
        pytest.param(INCREASE, "tăng 1,5 so với gốc 57", id="increase"),
        pytest.param(POOR, "giảm 3-4 so với gốc 9,5", id="decrease-band"),
        pytest.param(ENTERPRISES, "thêm 360", id="new-count"),
        pytest.param(PCI, "tăng 5 bậc so với hạng 40", id="rank"),
        pytest.param(rule(Comparator.DECREASE_BY, "2"), "giảm 2 so với gốc ?", id="no-baseline"),
    ],
)
def test_describe_rule(measure: MeasureRule, text: str) -> None:
    assert describe_rule(measure) == text


# --- Consistency of meets / exceeds ----------------------------------------------------------

ALL_RULES = [
    GRDP_GROWTH,
    GRDP_PER_HEAD,
    BUDGET,
    ENTERPRISES,
    TRAINED_LABOUR,
    POOR,
    BEDS,
    INSURANCE,
    PCI,
    RURAL,
    LTE_STUNTING,
    LT_UNEMPLOYMENT,
    EQ_INFANT,
    RANGE_GROWTH,
    RANGE_BIRTH,
    INCREASE,
    INCREASE_BAND,
    DECREASE,
]


@pytest.mark.parametrize("measure", ALL_RULES, ids=lambda r: f"{r.comparator}-{r.value}")
def test_exceeds_implies_meets_and_meets_is_monotone(measure: MeasureRule) -> None:
    grid = [D(n) / 10 for n in range(0, 700)] + [D(n) for n in range(70, 500, 7)]
    better_is_higher = measure.comparator not in (
        Comparator.LTE,
        Comparator.LT,
        Comparator.DECREASE_BY,
        Comparator.RANK_IMPROVE_BY,
    ) and not (
        measure.comparator in (Comparator.EQ, Comparator.RANGE) and measure.direction == LOWER
    )
    ordered = sorted(grid, reverse=not better_is_higher)  # worst first

    met = [meets(measure, x) for x in ordered]
    assert met == sorted(met)  # once met, every better value meets too
    assert all(meets(measure, x) for x in ordered if exceeds(measure, x))


# --- Rule validation --------------------------------------------------------------------------


def test_rule_accepts_database_strings() -> None:
    measure = MeasureRule(">=", D("4600"), None, "higher", "flow")  # type: ignore[arg-type]

    assert measure.comparator is Comparator.GTE
    assert measure.direction is Direction.HIGHER
    assert measure.accumulation is Accumulation.FLOW
    assert measure == BUDGET


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"comparator": Comparator.RANGE}, "cận trên", id="range-without-max"),
        pytest.param(
            {"comparator": Comparator.RANGE, "value_max": D("5")}, "nhỏ hơn", id="max-below"
        ),
        pytest.param(
            {"comparator": Comparator.GTE, "value_max": D("20")}, "không dùng", id="max-on-gte"
        ),
        pytest.param({"comparator": "≥"}, "valid Comparator", id="unknown-comparator"),
        pytest.param({"direction": "up"}, "valid Direction", id="unknown-direction"),
    ],
)
def test_rule_validation(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "comparator": Comparator.GTE,
        "value": D("10"),
        "value_max": None,
        "direction": HIGHER,
        "accumulation": LEVEL,
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        MeasureRule(**arguments)  # type: ignore[arg-type]


# --- Vocabulary -----------------------------------------------------------------------------


def test_stored_values_are_stable() -> None:
    assert [c.value for c in Comparator] == [
        ">=",
        ">",
        "<=",
        "<",
        "=",
        "range",
        "increase_by",
        "decrease_by",
        "new_count",
        "rank_improve_by",
    ]
    assert [d.value for d in Direction] == ["higher", "lower"]
    assert [a.value for a in Accumulation] == ["flow", "level"]
    assert [s.value for s in Status] == [
        "vuot",
        "dat",
        "dung_tien_do",
        "cham_tien_do",
        "nguy_co",
        "chua_dat",
        "chua_co_so_lieu",
    ]


@pytest.mark.parametrize(
    ("status", "vi", "en"),
    [
        pytest.param(Status.EXCEEDED, "Vượt", "Exceeded", id="exceeded"),
        pytest.param(Status.ACHIEVED, "Đạt", "Achieved", id="achieved"),
        pytest.param(Status.ON_TRACK, "Đúng tiến độ", "On track", id="on-track"),
        pytest.param(Status.BEHIND, "Chậm tiến độ", "Behind schedule", id="behind"),
        pytest.param(Status.AT_RISK, "Nguy cơ không đạt", "At risk", id="at-risk"),
        pytest.param(Status.NOT_ACHIEVED, "Chưa đạt", "Not achieved", id="not-achieved"),
        pytest.param(Status.NO_DATA, "Chưa có số liệu", "No data", id="no-data"),
    ],
)
def test_status_labels(status: Status, vi: str, en: str) -> None:
    assert status.label == vi
    assert STATUS_LABELS_EN[status] == en


def test_status_order_worst_first() -> None:
    assert status_order == (
        Status.NOT_ACHIEVED,
        Status.AT_RISK,
        Status.BEHIND,
        Status.NO_DATA,
        Status.ON_TRACK,
        Status.ACHIEVED,
        Status.EXCEEDED,
    )
    assert set(status_order) == set(Status)
    assert sorted([Status.EXCEEDED, Status.NO_DATA, Status.AT_RISK], key=status_order.index) == [
        Status.AT_RISK,
        Status.NO_DATA,
        Status.EXCEEDED,
    ]


# --- Roll-up --------------------------------------------------------------------------------

# Poverty rate (%) and number of households of three districts (illustrative).
DISTRICTS: list[tuple[Decimal, Decimal | None]] = [
    (D("10"), D("1000")),
    (D("20"), D("3000")),
    (D("6"), D("1000")),
]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        pytest.param("sum", "36", id="sum"),
        pytest.param("mean", "12", id="mean"),
        pytest.param("weighted_mean", "15.2", id="weighted-mean"),  # 76.000 / 5.000
        pytest.param("latest", "6", id="latest"),
        pytest.param("lead_only", "10", id="lead-only"),
        pytest.param(RollupMethod.SUM, "36", id="enum-member"),
    ],
)
def test_rollup(method: str, expected: str) -> None:
    assert rollup(DISTRICTS, method) == D(expected)


@pytest.mark.parametrize("method", [m.value for m in RollupMethod])
def test_rollup_empty_is_none(method: str) -> None:
    assert rollup([], method) is None


def test_rollup_ignores_weights_except_weighted_mean() -> None:
    values: list[tuple[Decimal, Decimal | None]] = [(D("1"), None), (D("2"), None)]

    assert rollup(values, "sum") == D("3")
    assert rollup(values, "mean") == D("1.5")


@pytest.mark.parametrize(
    ("values", "method", "message"),
    [
        pytest.param(
            [(D("10"), D("1000")), (D("20"), None)],
            "weighted_mean",
            "Thiếu trọng số",
            id="missing-weight",
        ),
        pytest.param(
            [(D("10"), D("0")), (D("20"), D("0"))],
            "weighted_mean",
            "Tổng trọng số bằng 0",
            id="zero-total-weight",
        ),
        pytest.param(
            [(D("10"), D("-1")), (D("20"), D("3"))],
            "weighted_mean",
            "không được âm",
            id="negative-weight",
        ),
        pytest.param([(D("10"), None)], "median", "không hợp lệ", id="unknown-method"),
        pytest.param([], "avg", "không hợp lệ", id="unknown-method-empty"),
    ],
)
def test_rollup_errors(
    values: list[tuple[Decimal, Decimal | None]], method: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        rollup(values, method)


@pytest.mark.parametrize(
    ("rank", "progress"),
    [("32", "tăng 8 bậc"), ("35", "tăng 5 bậc"), ("40", "giữ nguyên hạng"), ("43", "lùi 3 bậc")],
)
def test_a_rank_shows_as_a_rank_and_its_progress_as_places(rank: str, progress: str) -> None:
    from thidua.targets.evaluation import progress_text, value_text

    ratio = achievement_ratio(PCI, D(rank))

    assert value_text(PCI, D(rank), "bậc") == f"hạng {rank}"
    assert value_text(PCI, target_value(PCI), "bậc") == "hạng 35"
    assert progress_text(PCI, D(rank), ratio) == progress


def test_other_figures_keep_their_unit_and_percentage() -> None:
    from thidua.targets.evaluation import progress_text, value_text

    assert value_text(BUDGET, D("4712.4"), "tỷ đồng") == "4.712,4 tỷ đồng"
    assert value_text(GRDP_GROWTH, D("10.12"), "%") == "10,12%"
    assert progress_text(BUDGET, D("4712.4"), achievement_ratio(BUDGET, D("4712.4"))) == "102,4%"
