"""Evaluation of one measurable target ("measure") of a provincial annual campaign.

Pure functions on :class:`decimal.Decimal` (standard library only, no Django, no ORM), so the
same rules serve the dashboard, reports, importers and tests.

A measure is described by a :class:`MeasureRule` (what the directive says: "từ 4.600 tỷ đồng
trở lên", "giảm 3-4 điểm phần trăm", "tăng 5 bậc so với năm 2023"...) and evaluated with
:func:`evaluate` from the values reported during the year (:class:`Observation`). The result
(:class:`Evaluation`) carries a :class:`Status`, the figures behind it and one Vietnamese
sentence explaining it.

:func:`rollup` combines the values of several reporting units into one provincial value.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Final

from thidua.core.text import format_date, format_number

__all__ = [
    "STATUS_LABELS_EN",
    "Accumulation",
    "Comparator",
    "Direction",
    "Evaluation",
    "MeasureRule",
    "Observation",
    "RollupMethod",
    "Status",
    "achievement_ratio",
    "describe_rule",
    "evaluate",
    "exceeds",
    "meets",
    "rollup",
    "status_order",
    "target_value",
]


# --- Vocabulary ----------------------------------------------------------------------------
# The string values are stored in the database: never change them.


class Comparator(StrEnum):
    """How the reported value is compared with the figure(s) of the directive."""

    GTE = ">="  # "từ X trở lên", "ít nhất X"
    GT = ">"  # "trên X"
    LTE = "<="  # "không quá X"
    LT = "<"  # "dưới X"
    EQ = "="  # "đạt X" or a bare figure: a floor if higher is better, else a ceiling
    RANGE = "range"  # "X-Y" without a verb: the band [X, Y]
    INCREASE_BY = "increase_by"  # "tăng X" over a baseline, in the measure's unit
    DECREASE_BY = "decrease_by"  # "giảm X" / "giảm X-Y" against a baseline
    NEW_COUNT = "new_count"  # "thêm X", "thành lập mới X": new items within the year
    RANK_IMPROVE_BY = "rank_improve_by"  # "tăng X bậc so với năm Y": smaller rank is better


class Direction(StrEnum):
    """Which way is better for the value itself (a rank: LOWER)."""

    HIGHER = "higher"
    LOWER = "lower"


class Accumulation(StrEnum):
    """How reported values add up over the year."""

    FLOW = "flow"  # year-to-date cumulative (revenue, new enterprises): forecast by run rate
    LEVEL = "level"  # a rate, stock or rank: the latest value is the forecast


class Status(StrEnum):
    """Outcome of an evaluation; see :data:`status_order` for sorting."""

    EXCEEDED = "vuot"
    ACHIEVED = "dat"
    ON_TRACK = "dung_tien_do"
    BEHIND = "cham_tien_do"
    AT_RISK = "nguy_co"
    NOT_ACHIEVED = "chua_dat"
    NO_DATA = "chua_co_so_lieu"

    @property
    def label(self) -> str:
        """Vietnamese label shown to users."""
        return _STATUS_LABELS_VI[self]


_STATUS_LABELS_VI: Final[dict[Status, str]] = {
    Status.EXCEEDED: "Vượt",
    Status.ACHIEVED: "Đạt",
    Status.ON_TRACK: "Đúng tiến độ",
    Status.BEHIND: "Chậm tiến độ",
    Status.AT_RISK: "Nguy cơ không đạt",
    Status.NOT_ACHIEVED: "Chưa đạt",
    Status.NO_DATA: "Chưa có số liệu",
}

STATUS_LABELS_EN: Final[dict[Status, str]] = {
    Status.EXCEEDED: "Exceeded",
    Status.ACHIEVED: "Achieved",
    Status.ON_TRACK: "On track",
    Status.BEHIND: "Behind schedule",
    Status.AT_RISK: "At risk",
    Status.NOT_ACHIEVED: "Not achieved",
    Status.NO_DATA: "No data",
}

#: Statuses worst first, for sorting dashboards: ``sorted(items, key=status_order.index)``.
#: NO_DATA sits between the bad and the good ones: it needs attention, but is no verdict.
status_order: Final[tuple[Status, ...]] = (
    Status.NOT_ACHIEVED,
    Status.AT_RISK,
    Status.BEHIND,
    Status.NO_DATA,
    Status.ON_TRACK,
    Status.ACHIEVED,
    Status.EXCEEDED,
)

# Comparators whose figure is a change against a baseline value (or rank).
_NEEDS_BASELINE: Final = frozenset(
    {Comparator.INCREASE_BY, Comparator.DECREASE_BY, Comparator.RANK_IMPROVE_BY}
)
# Comparators where value_max makes sense ("X-Y").
_ALLOWS_MAX: Final = _NEEDS_BASELINE | {Comparator.RANGE}

_RATIO_PLACES: Final = 4
_FORECAST_PLACES: Final = 2

MSG_NO_DATA: Final = "Chưa có số liệu báo cáo."
MSG_NO_BASELINE: Final = "Thiếu giá trị gốc (năm so sánh) để đánh giá."


# --- Data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRule:
    """What the directive asks of one measure.

    ``value`` is X; ``value_max`` is Y of "X-Y" (required for RANGE, optional for the
    baseline comparators, where exceeding needs an improvement above Y). ``baseline`` is the
    comparison year's value (or rank) for INCREASE_BY, DECREASE_BY and RANK_IMPROVE_BY.

    Plain strings (as read from the database) are accepted for the three enums and converted;
    an unknown string, a RANGE without ``value_max``, a ``value_max`` below ``value`` or a
    ``value_max`` on a comparator that has no "X-Y" form raise :class:`ValueError`.
    """

    comparator: Comparator
    value: Decimal
    value_max: Decimal | None
    direction: Direction
    accumulation: Accumulation
    baseline: Decimal | None = None

    def __post_init__(self) -> None:
        # Frozen dataclass: object.__setattr__ is the documented way to normalise in place.
        object.__setattr__(self, "comparator", Comparator(self.comparator))
        object.__setattr__(self, "direction", Direction(self.direction))
        object.__setattr__(self, "accumulation", Accumulation(self.accumulation))
        if self.comparator == Comparator.RANGE and self.value_max is None:
            raise ValueError("Chỉ tiêu dạng khoảng “X-Y” phải có giá trị cận trên.")
        if self.value_max is not None:
            if self.comparator not in _ALLOWS_MAX:
                raise ValueError(f"Phép so sánh “{self.comparator}” không dùng giá trị cận trên.")
            if self.value_max < self.value:
                raise ValueError("Giá trị cận trên của chỉ tiêu nhỏ hơn giá trị cận dưới.")


@dataclass(frozen=True)
class Observation:
    """A value reported for a period ending on ``period_end`` (cumulative for FLOW)."""

    period_end: date
    value: Decimal


@dataclass(frozen=True)
class Evaluation:
    """Result of :func:`evaluate`. ``target`` and ``ratio`` are for ``actual``, not the forecast.

    ``target`` is what ``actual`` is compared with after the baseline arithmetic (baseline - X
    for DECREASE_BY, baseline rank - X for ranks...). ``ratio`` is the achievement ratio
    (1 = exactly the target), quantised to 4 decimals. ``forecast`` is the year-end value
    forecast (2 decimals); ``expected_share`` the share of the year's flow expected by
    ``actual_date`` (FLOW only, 4 decimals).
    """

    status: Status
    actual: Decimal | None
    actual_date: date | None
    target: Decimal | None
    ratio: Decimal | None
    forecast: Decimal | None
    expected_share: Decimal | None
    reason: str


# --- Rules ---------------------------------------------------------------------------------


def _upper(rule: MeasureRule) -> Decimal:
    """Y of "X-Y" (MeasureRule guarantees it for RANGE; others check ``value_max`` first)."""
    if rule.value_max is None:
        raise ValueError("Chỉ tiêu dạng khoảng “X-Y” phải có giá trị cận trên.")
    return rule.value_max


def _baseline(rule: MeasureRule) -> Decimal:
    if rule.baseline is None:
        raise ValueError(MSG_NO_BASELINE)
    return rule.baseline


def _improvement(rule: MeasureRule, x: Decimal) -> Decimal:
    """Change in the good direction against the baseline (baseline comparators only)."""
    if rule.comparator == Comparator.INCREASE_BY:
        return x - _baseline(rule)
    # DECREASE_BY and RANK_IMPROVE_BY: going down is the improvement.
    return _baseline(rule) - x


def _is_floor(rule: MeasureRule) -> bool:
    """True if meeting the rule is kept by any larger value (the target is a lower bound)."""
    if rule.comparator in (Comparator.EQ, Comparator.RANGE):
        return rule.direction == Direction.HIGHER
    return rule.comparator in (
        Comparator.GTE,
        Comparator.GT,
        Comparator.INCREASE_BY,
        Comparator.NEW_COUNT,
    )


def meets(rule: MeasureRule, x: Decimal) -> bool:
    """Whether the year-end value ``x`` achieves the rule (v = ``value``, b = ``baseline``).

    GTE: x ≥ v; GT: x > v; LTE: x ≤ v; LT: x < v; EQ: x ≥ v if HIGHER else x ≤ v;
    RANGE: v ≤ x ≤ value_max, and being better than the band also meets (HIGHER: any
    x ≥ v; LOWER: any x ≤ value_max); INCREASE_BY: x - b ≥ v; DECREASE_BY: b - x ≥ v;
    NEW_COUNT: x ≥ v; RANK_IMPROVE_BY: b - x ≥ v (x is a rank).
    Raises :class:`ValueError` for a baseline comparator without a baseline.
    """
    v = rule.value
    match rule.comparator:
        case Comparator.GTE | Comparator.NEW_COUNT:
            return x >= v
        case Comparator.GT:
            return x > v
        case Comparator.LTE:
            return x <= v
        case Comparator.LT:
            return x < v
        case Comparator.EQ:
            return x >= v if rule.direction == Direction.HIGHER else x <= v
        case Comparator.RANGE:
            return x >= v if rule.direction == Direction.HIGHER else x <= _upper(rule)
        case _:
            return _improvement(rule, x) >= v


def exceeds(rule: MeasureRule, x: Decimal) -> bool:
    """Whether ``x`` meets the rule and is strictly better than its bound.

    GTE, EQ (HIGHER), NEW_COUNT: x > v; LTE, EQ (LOWER): x < v; RANGE: better than the band
    (HIGHER: x > value_max; LOWER: x < v); INCREASE_BY, DECREASE_BY, RANK_IMPROVE_BY: the
    improvement is > value_max if given, else > v. GT and LT never exceed: their margin is
    already in the wording ("trên X", "dưới X"), so meeting them is just "Đạt".
    """
    if not meets(rule, x):
        return False
    v = rule.value
    match rule.comparator:
        case Comparator.GT | Comparator.LT:
            return False
        case Comparator.GTE | Comparator.NEW_COUNT:
            return x > v
        case Comparator.LTE:
            return x < v
        case Comparator.EQ:
            return x > v if rule.direction == Direction.HIGHER else x < v
        case Comparator.RANGE:
            return x > _upper(rule) if rule.direction == Direction.HIGHER else x < v
        case _:
            bound = rule.value_max if rule.value_max is not None else v
            return _improvement(rule, x) > bound


def target_value(rule: MeasureRule) -> Decimal:
    """The value a year-end figure is compared with, after the baseline arithmetic.

    GTE, GT, LTE, LT, EQ, NEW_COUNT: v; RANGE: v if HIGHER else value_max (the bound that
    must be reached); INCREASE_BY: b + v; DECREASE_BY: b - v; RANK_IMPROVE_BY: b - v (a rank).
    """
    match rule.comparator:
        case Comparator.RANGE:
            return rule.value if rule.direction == Direction.HIGHER else _upper(rule)
        case Comparator.INCREASE_BY:
            return _baseline(rule) + rule.value
        case Comparator.DECREASE_BY | Comparator.RANK_IMPROVE_BY:
            return _baseline(rule) - rule.value
        case _:
            return rule.value


def _quantize(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals."""
    with localcontext() as context:
        # Enough precision that quantize never fails on large values.
        context.prec = max(context.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return _quantize(numerator / denominator, _RATIO_PLACES)


def achievement_ratio(rule: MeasureRule, x: Decimal) -> Decimal | None:
    """Achievement ratio of ``x`` (1 = exactly the target), 4 decimals ROUND_HALF_UP.

    GTE, GT, EQ (HIGHER), NEW_COUNT: x / v; LTE, LT, EQ (LOWER): v / x; RANGE: x / v if
    HIGHER else value_max / x; INCREASE_BY: (x - b) / v; DECREASE_BY, RANK_IMPROVE_BY:
    (b - x) / v. ``None`` when the divisor is 0 (whether the rule is met is still decided by
    :func:`meets`).
    """
    v = rule.value
    match rule.comparator:
        case Comparator.LTE | Comparator.LT:
            return _divide(v, x)
        case Comparator.EQ:
            return _divide(x, v) if rule.direction == Direction.HIGHER else _divide(v, x)
        case Comparator.RANGE:
            if rule.direction == Direction.HIGHER:
                return _divide(x, v)
            return _divide(_upper(rule), x)
        case Comparator.INCREASE_BY | Comparator.DECREASE_BY | Comparator.RANK_IMPROVE_BY:
            return _divide(_improvement(rule, x), v)
        case _:
            return _divide(x, v)


# --- Text ----------------------------------------------------------------------------------


def _with_unit(number: Decimal, unit: str) -> str:
    text = format_number(number)
    if not unit:
        return text
    # "10%" is written without a space, "4.600 tỷ đồng" with one.
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"


def describe_rule(rule: MeasureRule, unit: str = "") -> str:
    """The rule in the directive's wording: "từ 4.600 tỷ đồng trở lên", "giảm 3-4"..."""
    v = _with_unit(rule.value, unit)
    match rule.comparator:
        case Comparator.GTE:
            return f"từ {v} trở lên"
        case Comparator.GT:
            return f"trên {v}"
        case Comparator.LTE:
            return f"không quá {v}"
        case Comparator.LT:
            return f"dưới {v}"
        case Comparator.EQ:
            return f"đạt {v}"
        case Comparator.RANGE:
            return f"{format_number(rule.value)}-{_with_unit(_upper(rule), unit)}"
        case Comparator.NEW_COUNT:
            return f"thêm {v}"
    if rule.value_max is not None:
        v = f"{format_number(rule.value)}-{_with_unit(_upper(rule), unit)}"
    if rule.comparator == Comparator.RANK_IMPROVE_BY:
        base = "?" if rule.baseline is None else format_number(rule.baseline)
        return f"tăng {format_number(rule.value)} bậc so với hạng {base}"
    base = "?" if rule.baseline is None else _with_unit(rule.baseline, unit)
    verb = "tăng" if rule.comparator == Comparator.INCREASE_BY else "giảm"
    return f"{verb} {v} so với gốc {base}"


def value_text(rule: MeasureRule, x: Decimal, unit: str) -> str:
    """A figure of the measure: "4.600 tỷ đồng", "10%"; a rank as "hạng 43" (its unit, "bậc",
    counts places gained, not the rank)."""
    if rule.comparator == Comparator.RANK_IMPROVE_BY:
        return f"hạng {format_number(x)}"
    return _with_unit(x, unit)


def progress_text(rule: MeasureRule, x: Decimal, ratio: Decimal | None) -> str:
    """How far `x` has come: the achievement ratio ("101,2%"), but for a rank the places gained
    or lost against the baseline ("tăng 8 bậc", "lùi 3 bậc"), which a percentage of the
    places required hides (−60%)."""
    if rule.comparator == Comparator.RANK_IMPROVE_BY and rule.baseline is not None:
        gained = _improvement(rule, x)
        if gained == 0:
            return "giữ nguyên hạng"
        verb = "tăng" if gained > 0 else "lùi"
        return f"{verb} {format_number(abs(gained))} bậc"
    return "" if ratio is None else _percent(ratio)


def _percent(ratio: Decimal) -> str:
    return f"{format_number(ratio * 100, 1)}%"


_VERDICTS: Final[dict[Status, str]] = {
    Status.EXCEEDED: "vượt chỉ tiêu",
    Status.ACHIEVED: "đạt chỉ tiêu",
    Status.NOT_ACHIEVED: "chưa đạt chỉ tiêu",
}


# --- Forecast ------------------------------------------------------------------------------


def _latest(observations: Sequence[Observation], year: int, as_of: date) -> Observation | None:
    """Latest observation of ``year`` reported for a period ending on or before ``as_of``.

    Of several observations for the same period end, the last one in the sequence wins (a
    correction is appended after the original).
    """
    best: Observation | None = None
    for observation in observations:
        end = observation.period_end
        if end.year == year and end <= as_of and (best is None or end >= best.period_end):
            best = observation
    return best


def _last_year_share(
    last_year: Sequence[Observation], actual_date: date
) -> tuple[Decimal, Decimal] | None:
    """(value then, year total) of last year's flow, or ``None`` if unusable.

    "Then" is the same month and day one year earlier; a month-end matches last year's
    month-end, so 29/02 of a leap year matches 28/02.
    """
    previous = actual_date.year - 1
    by_date: dict[date, Decimal] = {
        o.period_end: o.value for o in last_year if o.period_end.year == previous
    }
    total = by_date.get(date(previous, 12, 31))
    if total is None or total <= 0:
        return None
    day = actual_date.day
    if day == calendar.monthrange(actual_date.year, actual_date.month)[1]:
        # Month-end to month-end; any other day exists in last year's month too.
        day = calendar.monthrange(previous, actual_date.month)[1]
    then = by_date.get(date(previous, actual_date.month, day))
    # A zero (or negative) share would give an infinite forecast: fall back to the calendar.
    if then is None or then <= 0:
        return None
    return then, total


def _share_fraction(actual_date: date, last_year: Sequence[Observation]) -> tuple[Decimal, Decimal]:
    """Expected share of the year's flow at ``actual_date`` as (numerator, denominator)."""
    pattern = _last_year_share(last_year, actual_date)
    if pattern is not None:
        return pattern
    year = actual_date.year
    elapsed = (actual_date - date(year, 1, 1)).days + 1
    return Decimal(elapsed), Decimal(366 if calendar.isleap(year) else 365)


# --- Evaluation ----------------------------------------------------------------------------


def evaluate(
    rule: MeasureRule,
    observations: Sequence[Observation],
    *,
    year: int,
    as_of: date,
    last_year: Sequence[Observation] = (),
    tolerance: Decimal = Decimal("0.9"),
    unit: str = "",
) -> Evaluation:
    """Evaluate ``rule`` for ``year`` from the values reported up to ``as_of``.

    1. Data: only observations of ``year`` with ``period_end ≤ as_of`` count; the latest is
       ``actual``/``actual_date``. None → NO_DATA ("Chưa có số liệu báo cáo."). A baseline
       comparator (INCREASE_BY, DECREASE_BY, RANK_IMPROVE_BY) without ``baseline`` → NO_DATA
       ("Thiếu giá trị gốc (năm so sánh) để đánh giá."), with ``actual`` still filled in.
    2. Met / exceeded: :func:`meets`, :func:`exceeds`. ``target`` and ``ratio`` (for the
       actual): :func:`target_value`, :func:`achievement_ratio`.
    3. Forecast: FLOW → ``expected_share`` is last year's value at the same month-end divided
       by last year's 31/12 value, when ``last_year`` has both and both are > 0; otherwise
       the elapsed days (1 January to ``actual_date`` inclusive) over the days of the year.
       forecast = actual / share (actual when share ≥ 1). LEVEL → forecast = actual,
       ``expected_share`` None. The forecast is quantised to 2 decimals, the share to 4 (the
       forecast is computed from the unrounded share).
    4. Status: if ``actual_date`` is 31/12 of ``year`` the result is final: EXCEEDED,
       ACHIEVED or NOT_ACHIEVED by rule 2 on the actual. In-year, for a FLOW or NEW_COUNT
       whose target is a floor (GTE, GT, EQ/RANGE when HIGHER, INCREASE_BY, NEW_COUNT), an
       actual that already meets the rule gives EXCEEDED/ACHIEVED as if final, since a flow
       cannot go back; symmetrically a FLOW whose target is a ceiling and whose actual already
       misses it is NOT_ACHIEVED. Otherwise the forecast decides: it meets the rule →
       ON_TRACK; else its achievement ratio ≥ ``tolerance`` → BEHIND, else (or ratio None)
       AT_RISK. So a LEVEL that meets the target in-year is ON_TRACK (a level can fall back).

    ``unit`` (e.g. "tỷ đồng", "%") is only used in the ``reason`` sentence.
    """
    latest = _latest(observations, year, as_of)
    if rule.comparator in _NEEDS_BASELINE and rule.baseline is None:
        return Evaluation(
            status=Status.NO_DATA,
            actual=latest.value if latest else None,
            actual_date=latest.period_end if latest else None,
            target=None,
            ratio=None,
            forecast=None,
            expected_share=None,
            reason=MSG_NO_BASELINE,
        )
    if latest is None:
        return Evaluation(Status.NO_DATA, None, None, None, None, None, None, MSG_NO_DATA)

    actual, actual_date = latest.value, latest.period_end
    target = target_value(rule)
    ratio = achievement_ratio(rule, actual)
    is_flow = rule.accumulation == Accumulation.FLOW

    share: Decimal | None = None
    if is_flow:
        numerator, denominator = _share_fraction(actual_date, last_year)
        share = _quantize(numerator / denominator, _RATIO_PLACES)
        # Multiply before dividing so the forecast does not inherit the share's rounding.
        raw_forecast = actual if numerator >= denominator else actual * denominator / numerator
    else:
        raw_forecast = actual
    forecast = _quantize(raw_forecast, _FORECAST_PLACES)

    def final_status(x: Decimal) -> Status:
        if not meets(rule, x):
            return Status.NOT_ACHIEVED
        return Status.EXCEEDED if exceeds(rule, x) else Status.ACHIEVED

    description = describe_rule(rule, unit)
    shown = value_text(rule, actual, unit)
    # ", bằng 101,1% chỉ tiêu (từ 4.600 tỷ đồng trở lên)"; no percentage for a zero divisor.
    against = (
        f", bằng {_percent(ratio)} chỉ tiêu ({description})"
        if ratio is not None
        else f" (chỉ tiêu: {description})"
    )

    def result(status: Status, reason: str) -> Evaluation:
        return Evaluation(status, actual, actual_date, target, ratio, forecast, share, reason)

    if actual_date == date(year, 12, 31):
        status = final_status(actual)
        return result(
            status,
            f"Cả năm {year}: {shown}{against} — {_VERDICTS[status]}.",
        )

    when = format_date(actual_date)
    floor = _is_floor(rule)
    cumulative = is_flow or rule.comparator == Comparator.NEW_COUNT
    met_now = meets(rule, actual)
    if cumulative and floor and met_now:
        status = final_status(actual)
        return result(
            status,
            f"Lũy kế {shown} đến {when}{against} — đã {_VERDICTS[status]} cả năm.",
        )
    if is_flow and not floor and not met_now:
        return result(
            Status.NOT_ACHIEVED,
            f"Lũy kế {shown} đến {when} đã vượt mức của chỉ tiêu ({description}) nên "
            "không thể đạt.",
        )

    forecast_ratio = achievement_ratio(rule, forecast)
    if meets(rule, forecast):
        status = Status.ON_TRACK
    elif forecast_ratio is not None and forecast_ratio >= tolerance:
        status = Status.BEHIND
    else:
        status = Status.AT_RISK
    outlook = (
        f"đạt {_percent(forecast_ratio)} chỉ tiêu ({description})"
        if forecast_ratio is not None
        else f"chỉ tiêu {description}"
    )
    if is_flow:
        reason = (
            f"Lũy kế {shown} đến {when}; dự báo cả năm "
            f"{value_text(rule, forecast, unit)}, {outlook}."
        )
    else:
        reason = f"Số liệu đến {when}: {shown}, {outlook}."
    return result(status, reason)


# --- Roll-up -------------------------------------------------------------------------------


class RollupMethod(StrEnum):
    """How unit values combine into a provincial value (see :func:`rollup`)."""

    SUM = "sum"
    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"
    LATEST = "latest"
    LEAD_ONLY = "lead_only"


def rollup(values: Sequence[tuple[Decimal, Decimal | None]], method: str) -> Decimal | None:
    """Combine ``(value, weight)`` pairs of reporting units into one provincial value.

    "sum": the total; "mean": the plain average; "weighted_mean": Σ value × weight / Σ weight
    (e.g. a rate weighted by population; every weight must be given and ≥ 0, and their sum
    > 0, else :class:`ValueError`); "latest": the last value of the sequence; "lead_only": the
    first value (the lead unit's, which the caller passes first). Weights are ignored except
    by "weighted_mean". An empty sequence gives ``None``; an unknown method raises
    :class:`ValueError` (even for an empty sequence, so a typo never goes unnoticed).
    Results are not rounded: the caller knows the measure's decimals.
    """
    try:
        how = RollupMethod(method)
    except ValueError:
        raise ValueError(f"Cách tổng hợp số liệu “{method}” không hợp lệ.") from None
    if not values:
        return None
    match how:
        case RollupMethod.SUM:
            return sum((value for value, _ in values), Decimal(0))
        case RollupMethod.MEAN:
            return sum((value for value, _ in values), Decimal(0)) / len(values)
        case RollupMethod.LATEST:
            return values[-1][0]
        case RollupMethod.LEAD_ONLY:
            return values[0][0]
    weighted = Decimal(0)
    total_weight = Decimal(0)
    for value, weight in values:
        if weight is None:
            raise ValueError(
                "Thiếu trọng số (ví dụ dân số) của đơn vị để tính bình quân gia quyền."
            )
        if weight < 0:
            raise ValueError("Trọng số để tính bình quân gia quyền không được âm.")
        weighted += value * weight
        total_weight += weight
    if total_weight == 0:
        raise ValueError("Tổng trọng số bằng 0, không tính được bình quân gia quyền.")
    return weighted / total_weight
