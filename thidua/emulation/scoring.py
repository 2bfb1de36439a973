"""Scoring and ranking of emulation clusters and blocks (cụm, khối thi đua), RULES.md §4. Pure.

:func:`score_member` scores one member's :class:`MemberScores` against a :class:`ScoringTable`
(thang điểm: groups of :class:`Criterion`), one Vietnamese sentence per criterion; :func:`rank`
orders the results; :func:`propose` names the units for the Cờ thi đua and the Bằng khen.

Formulas (:class:`FormulaKind`), after the Cần Thơ table (Kế hoạch 157/KH-UBND, §4.1):

* ``manual``: the assessor enters the points; outside 0..điểm chuẩn is refused.
* ``ratio``: "Tỷ lệ = b/a × 100 %; Điểm = Tỷ lệ × điểm chuẩn". With ``cap_ratio`` c the points
  are min(b/a, c) / c × điểm chuẩn (c = 1: above 100 % gives the maximum); without it b > a is
  refused as a data error. a = 0 gives 0, or the maximum with ``full_when_empty`` (UNCONFIRMED).
* ``stepped``: the points of the :class:`Band` holding the value (a percentage, as ``value`` or
  b/a); below the lowest band or in a gap → 0. Bands may not overlap.
* ``bonus`` / ``penalty``: ``amount`` (default the điểm chuẩn) per condition met (``met``: True
  or a count) / per occurrence (``count``), at most the điểm chuẩn.
* ``target``: a measure of :mod:`thidua.targets.evaluation`, scored from its achievement ratio
  like ``ratio`` (counted up to ``cap_ratio``, default 100 %) or from its final status through
  ``status_points`` (default vượt/đạt → điểm chuẩn, else 0; "chưa có số liệu" = not entered).

``requires`` names a member flag declared in ``ScoringTable.flags`` (Cần Thơ criterion 1: "a
written propaganda plan exists, else 0") or a criterion that must score above 0.

Totals: each criterion is rounded half up to ``decimals`` places (default 2) and totals are the
sums of the lines shown, so a printed sheet adds up (UNCONFIRMED: rounding only the total is the
other reading). A group is base points, điểm cộng or điểm trừ (:class:`Part`, penalty formulas
only in penalty groups); group ``cap`` and the table's ``bonus_cap`` / ``penalty_cap`` limit the
sums; total = base + bonus − penalty, not floored at 0. A base criterion without its figures
(and not ``optional``) scores 0 and makes the result incomplete; bonus and penalty criteria
without an entry simply add or subtract nothing. ``guidance`` and ``evidence_required`` are
carried for the forms, not checked here.

Ranking: higher total first → the points of the ``tie_break`` criteria in order → the cluster
conference's vote counts → still tied: same rank (2, 2, 4), listed in ``needs_vote``. Cần Thơ
compares raw counts (new accounts, transfers, data updates); here the points scoring them.
Proposals: the first ``flags`` units → Cờ thi đua của UBND tỉnh, the next ``merit_certificates``
→ Bằng khen của Chủ tịch UBND tỉnh (Kon Tum 1 + 1; UNCONFIRMED as a rule); an unresolved tie
across a boundary stops the proposal there, with no arbitrary choice.

UNCONFIRMED (§4): who scores (self-, cross- or leader-coordinated assessment) and the rotation
of the leadership; this module only scores the figures it is given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import groupby
from typing import Final

from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_number
from thidua.targets.evaluation import Status

__all__ = [
    "BY_TOTAL",
    "BY_VOTE",
    "CERTIFICATE_AWARD",
    "FLAG_AWARD",
    "UNDECIDED",
    "Band",
    "Criterion",
    "CriterionScore",
    "Entry",
    "FormulaKind",
    "Group",
    "MemberResult",
    "MemberScores",
    "Part",
    "Proposals",
    "ScoringError",
    "ScoringTable",
    "Standing",
    "Standings",
    "propose",
    "rank",
    "score_member",
    "validate_table",
]

FLAG_AWARD: Final = "Cờ thi đua của UBND tỉnh"
CERTIFICATE_AWARD: Final = "Bằng khen của Chủ tịch UBND tỉnh"
BY_TOTAL: Final = "tổng điểm"
BY_VOTE: Final = "bỏ phiếu"
UNDECIDED: Final = "chưa phân định"


class ScoringError(ApplicationError):
    """An invalid scoring table or entry; the message names the criterion (and the unit)."""


class FormulaKind(StrEnum):
    MANUAL = "manual"
    RATIO = "ratio"
    STEPPED = "stepped"
    BONUS = "bonus"
    PENALTY = "penalty"
    TARGET = "target"


class Part(StrEnum):
    """What a group's points count as: base points, điểm cộng or điểm trừ."""

    BASE = "base"
    BONUS = "bonus"
    PENALTY = "penalty"


@dataclass(frozen=True)
class Band:
    """``points`` for values from ``low`` to ``high`` (None: no upper limit)."""

    low: Decimal
    high: Decimal | None
    points: Decimal
    low_inclusive: bool = True
    high_inclusive: bool = False

    def contains(self, value: Fraction) -> bool:
        if value < self.low or (value == self.low and not self.low_inclusive):
            return False
        if self.high is None:
            return True
        return value < self.high or (value == self.high and self.high_inclusive)

    def describe(self, unit: str = "%") -> str:
        low = _with_unit(self.low, unit)
        start = f"từ {low}" if self.low_inclusive else f"trên {low}"
        if self.high is None:
            return f"{start} trở lên" if self.low_inclusive else start
        if self.high == self.low:
            return f"đúng {low}"
        upto = "đến" if self.high_inclusive else "đến dưới"
        return f"{start} {upto} {_with_unit(self.high, unit)}"


@dataclass(frozen=True)
class Criterion:
    """One line of the table; only the parameters of its ``formula`` are used."""

    code: str
    name: str
    max_points: Decimal
    formula: FormulaKind
    guidance: str = ""
    evidence_required: bool = False
    optional: bool = False
    requires: str | None = None  # a flag of ScoringTable.flags or another criterion's code
    cap_ratio: Decimal | None = None  # ratio, target
    full_when_empty: bool = False  # ratio, stepped given as b/a: a = 0 gives the maximum
    bands: tuple[Band, ...] = ()  # stepped
    value_unit: str = "%"  # stepped
    amount: Decimal | None = None  # bonus, penalty: per condition met / occurrence
    status_points: Mapping[str, Decimal] | None = None  # target


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    criteria: tuple[Criterion, ...]
    kind: Part = Part.BASE
    cap: Decimal | None = None


@dataclass(frozen=True)
class ScoringTable:
    """A thang điểm; ``flags`` declares the member facts criteria may require (name → text)."""

    name: str
    groups: tuple[Group, ...]
    decimals: int = 2
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    tie_break: tuple[str, ...] = ()
    flags: Mapping[str, str] = field(default_factory=dict)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(criterion for group in self.groups for criterion in group.criteria)

    @property
    def max_total(self) -> Decimal:
        """Base plus bonus points reachable under the caps."""
        reachable = {part: Decimal(0) for part in Part}
        for group in self.groups:
            points = sum((c.max_points for c in group.criteria), Decimal(0))
            reachable[group.kind] += points if group.cap is None else min(points, group.cap)
        bonus = reachable[Part.BONUS]
        return reachable[Part.BASE] + (
            bonus if self.bonus_cap is None else min(bonus, self.bonus_cap)
        )


@dataclass(frozen=True)
class Entry:
    """The figures for one criterion; which ones are needed depends on the formula."""

    points: Decimal | None = None  # manual
    numerator: Decimal | int | None = None  # ratio (b), stepped
    denominator: Decimal | int | None = None  # ratio (a), stepped
    value: Decimal | None = None  # stepped
    met: bool | int | None = None  # bonus: True or how many times
    count: int | None = None  # penalty: occurrences
    achievement: Decimal | None = None  # target: 1 = 100 %
    status: str | None = None  # target: a thidua.targets.evaluation.Status value


@dataclass(frozen=True)
class MemberScores:
    unit: str
    entries: Mapping[str, Entry]
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CriterionScore:
    """``points`` is a magnitude: the points of a penalty criterion are subtracted."""

    code: str
    points: Decimal
    max_points: Decimal
    explanation: str
    part: Part = Part.BASE


@dataclass(frozen=True)
class MemberResult:
    unit: str
    total: Decimal
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    criteria: list[CriterionScore]
    complete: bool
    missing: list[str]
    explanation: str

    def points_of(self, code: str) -> Decimal:
        for score in self.criteria:
            if score.code == code:
                return score.points
        raise ScoringError(f"Kết quả của {self.unit} không có tiêu chí {code}.")


# --- Numbers -------------------------------------------------------------------------------


def _round(value: Fraction, places: int) -> Decimal:
    """Half up (away from zero) to ``places`` decimals, exactly."""
    whole = math.floor(abs(value) * 10**places + Fraction(1, 2))
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def _pct(share: Fraction) -> str:
    return f"{format_number(_round(share * 100, 2))} %"


def _with_unit(number: Decimal, unit: str) -> str:
    return f"{format_number(number)} {unit}" if unit else format_number(number)


def _equals(exact: Fraction, places: int) -> tuple[Decimal, str]:
    """Points and "= 36 điểm", "= 36,125 ≈ 36,13 điểm" or "≈ 13,33 điểm"."""
    points = _round(exact, places)
    shown = f"{format_number(points)} điểm"
    if Fraction(points) == exact:
        return points, f"= {shown}"
    denominator = exact.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:  # no finite decimal expansion
        return points, f"≈ {shown}"
    precise = Decimal(exact.numerator) / Decimal(exact.denominator)
    return points, f"= {format_number(precise)} ≈ {shown}"


# --- Validation ----------------------------------------------------------------------------

_STATUSES: Final = frozenset(status.value for status in Status)


def _check_criterion(criterion: Criterion, group: Group) -> None:
    def fail(reason: str) -> ScoringError:
        return ScoringError(f"Tiêu chí {criterion.code}: {reason}.")

    maximum, kind = criterion.max_points, criterion.formula
    if maximum <= 0:
        raise fail(f"điểm chuẩn phải lớn hơn 0 (đang là {format_number(maximum)})")
    in_penalty_group = group.kind is Part.PENALTY
    if (kind is FormulaKind.PENALTY) != in_penalty_group and kind is not FormulaKind.MANUAL:
        raise fail("nhóm điểm trừ chỉ gồm tiêu chí trừ điểm (hoặc chấm trực tiếp), và ngược lại")
    if criterion.cap_ratio is not None and criterion.cap_ratio <= 0:
        raise fail("tỷ lệ tối đa phải lớn hơn 0")
    if criterion.amount is not None and not 0 < criterion.amount <= maximum:
        raise fail("mức cộng/trừ mỗi lần phải lớn hơn 0 và không vượt điểm chuẩn")
    for status, points in (criterion.status_points or {}).items():
        if status not in _STATUSES or not 0 <= points <= maximum:
            raise fail(f'điểm cho kết quả chỉ tiêu "{status}" không hợp lệ')
    if kind is FormulaKind.STEPPED and not criterion.bands:
        raise fail("chưa có mức điểm nào")
    unit = criterion.value_unit
    for index, band in enumerate(criterion.bands):
        flat = band.high == band.low and not (band.low_inclusive and band.high_inclusive)
        if band.high is not None and (band.high < band.low or flat):
            raise fail(f"mức {band.describe(unit)} không chứa giá trị nào")
        if not 0 <= band.points <= maximum:
            raise fail(
                f"mức {band.describe(unit)} cho {format_number(band.points)} điểm, "
                f"vượt điểm chuẩn {format_number(maximum)}"
            )
        for other in criterion.bands[index + 1 :]:
            first, second = sorted((band, other), key=lambda b: (b.low, not b.low_inclusive))
            touching = first.high == second.low and first.high_inclusive and second.low_inclusive
            if first.high is None or first.high > second.low or touching:
                raise fail(f"mức {band.describe(unit)} và mức {other.describe(unit)} chồng nhau")


def validate_table(table: ScoringTable) -> None:
    """Raise :class:`ScoringError` naming the first inconsistent group or criterion."""
    if table.decimals < 0:
        raise ScoringError("Số chữ số thập phân khi làm tròn phải không âm.")
    groups: set[str] = set()
    codes: dict[str, Criterion] = {}
    for group in table.groups:
        if group.code in groups or not group.criteria:
            raise ScoringError(f"Nhóm {group.code} bị trùng mã hoặc chưa có tiêu chí nào.")
        groups.add(group.code)
        for criterion in group.criteria:
            if criterion.code in codes:
                raise ScoringError(f"Mã tiêu chí {criterion.code} bị trùng.")
            codes[criterion.code] = criterion
            _check_criterion(criterion, group)
    for criterion in codes.values():
        required = criterion.requires
        # A required criterion has no requirement of its own: no chains, hence no cycles.
        if (
            required is not None
            and required not in table.flags
            and (required not in codes or codes[required].requires is not None)
        ):
            raise ScoringError(
                f'Tiêu chí {criterion.code}: điều kiện "{required}" phải là một điều kiện của '
                "thang điểm hoặc một tiêu chí không có điều kiện riêng."
            )
    for code in table.tie_break:
        if code not in codes:
            raise ScoringError(
                f"Tiêu chí phụ {code} để xếp hạng khi bằng điểm không có trong thang điểm."
            )


# --- Scoring -------------------------------------------------------------------------------


def _scaled(
    criterion: Criterion, ratio: Fraction, text: str, cap: Fraction | None, where: str, places: int
) -> tuple[Decimal, str]:
    """min(ratio, cap) / cap × điểm chuẩn; without a cap a ratio above 100 % is refused."""
    if cap is None and ratio > 1:
        raise ScoringError(f"{where}: tỷ lệ {_pct(ratio)} vượt 100 % (tử số lớn hơn mẫu số).")
    cap = cap or Fraction(1)
    if ratio > cap:
        text += f" (tính {_pct(cap)})"
    if cap != 1:
        text += f" ÷ {_pct(cap)}"
    points, result = _equals(min(ratio, cap) / cap * Fraction(criterion.max_points), places)
    return points, f"{text} × {format_number(criterion.max_points)} {result}"


def _stepped(criterion: Criterion, value: Fraction, text: str, places: int) -> tuple[Decimal, str]:
    unit = criterion.value_unit
    for band in criterion.bands:
        if band.contains(value):
            points = _round(Fraction(band.points), places)
            return points, f"{text} thuộc mức {band.describe(unit)} → {format_number(points)} điểm"
    lowest = min(criterion.bands, key=lambda band: band.low)
    where = (
        f"dưới mức thấp nhất ({lowest.describe(unit)})"
        if value <= lowest.low
        else "không thuộc mức nào"
    )
    return _round(Fraction(0), places), f"{text} {where} → 0 điểm"


def _repeated(criterion: Criterion, count: int, places: int) -> tuple[Decimal, str]:
    """``amount`` per condition met (bonus) or occurrence (penalty), at most the maximum."""
    bonus, maximum = criterion.formula is FormulaKind.BONUS, criterion.max_points
    amount = maximum if criterion.amount is None else criterion.amount
    raw = Fraction(amount) * count
    points = _round(min(raw, Fraction(maximum)), places)
    shown = format_number(points)
    if count == 0:
        return points, "Không đạt → 0 điểm" if bonus else "Không vi phạm → 0 điểm trừ"
    if count is True:
        return points, f"Đạt → {shown} điểm"
    text = f"{'Đạt' if bonus else 'Vi phạm'} {count} lần × {format_number(amount)}"
    text += f" = {format_number(_round(raw, places))}"
    if raw > maximum:
        text += f", tối đa {format_number(maximum)}"
    return points, f"{text} → {shown} điểm" if bonus else f"{text} → trừ {shown} điểm"


def _formula(
    criterion: Criterion, entry: Entry, where: str, places: int
) -> tuple[Decimal, str] | None:
    """Points and explanation, or None when the figures the formula needs are missing."""
    maximum = criterion.max_points
    match criterion.formula:
        case FormulaKind.MANUAL:
            if entry.points is None:
                return None
            if not 0 <= entry.points <= maximum:
                raise ScoringError(
                    f"{where}: {format_number(entry.points)} điểm nằm ngoài khoảng 0 đến "
                    f"{format_number(maximum)}."
                )
            points, result = _equals(Fraction(entry.points), places)
            return points, f"Chấm trực tiếp: {result.removeprefix('= ')}"
        case FormulaKind.STEPPED if entry.value is not None:
            text = f"Giá trị {_with_unit(entry.value, criterion.value_unit)}"
            return _stepped(criterion, Fraction(entry.value), text, places)
        case FormulaKind.RATIO | FormulaKind.STEPPED:
            b, a = entry.numerator, entry.denominator
            if b is None or a is None:
                return None
            if b < 0 or a < 0 or (a == 0 and b != 0):
                raise ScoringError(
                    f"{where}: tử số {format_number(b)}, mẫu số {format_number(a)} không hợp lệ."
                )
            if a == 0:
                points = _round(Fraction(maximum if criterion.full_when_empty else 0), places)
                return points, f"Mẫu số bằng 0 (không có đối tượng) → {format_number(points)} điểm"
            ratio = Fraction(b) / Fraction(a)
            text = f"Tỷ lệ {format_number(b)}/{format_number(a)} = {_pct(ratio)}"
            if criterion.formula is FormulaKind.STEPPED:
                return _stepped(criterion, ratio * 100, text, places)
            cap = None if criterion.cap_ratio is None else Fraction(criterion.cap_ratio)
            return _scaled(criterion, ratio, text, cap, where, places)
        case FormulaKind.BONUS | FormulaKind.PENALTY:
            count = entry.met if criterion.formula is FormulaKind.BONUS else entry.count
            if count is not None and count < 0:
                raise ScoringError(f"{where}: số lần không được âm.")
            return None if count is None else _repeated(criterion, count, places)
        case FormulaKind.TARGET if entry.achievement is not None:
            if entry.achievement < 0:
                raise ScoringError(f"{where}: mức đạt chỉ tiêu không được âm.")
            text = f"Mức đạt chỉ tiêu {_pct(Fraction(entry.achievement))}"
            cap = Fraction(criterion.cap_ratio or 1)
            return _scaled(criterion, Fraction(entry.achievement), text, cap, where, places)
        case FormulaKind.TARGET:
            if entry.status is None or entry.status == Status.NO_DATA:
                return None
            if entry.status not in _STATUSES:
                raise ScoringError(f'{where}: kết quả chỉ tiêu "{entry.status}" không tồn tại.')
            status = Status(entry.status)
            shares = criterion.status_points or {Status.EXCEEDED: maximum, Status.ACHIEVED: maximum}
            points = _round(Fraction(shares.get(status, Decimal(0))), places)
            return points, f"Kết quả chỉ tiêu: {status.label} → {format_number(points)} điểm"
    raise AssertionError(criterion.formula)  # pragma: no cover


def score_member(table: ScoringTable, member: MemberScores) -> MemberResult:
    """Score every criterion of ``table`` for ``member`` (see the module docstring)."""
    validate_table(table)
    index = {c.code: (c, g) for g in table.groups for c in g.criteria}
    unknown = sorted(set(member.entries) - set(index)) + sorted(member.flags - set(table.flags))
    if unknown:
        raise ScoringError(f"{member.unit}: {', '.join(unknown)} không có trong thang điểm.")
    zero = _round(Fraction(0), table.decimals)
    scores: dict[str, CriterionScore] = {}
    missing: set[str] = set()

    def score(code: str) -> CriterionScore:
        if code in scores:
            return scores[code]
        criterion, group = index[code]
        required = criterion.requires
        outcome: tuple[Decimal, str] | None = None
        if required is not None and required in table.flags:
            if required not in member.flags:
                outcome = zero, f'Chưa đáp ứng điều kiện "{table.flags[required]}" → 0 điểm'
        elif required is not None and score(required).points == 0:
            outcome = zero, f"Tiêu chí {required} chưa có điểm → 0 điểm"
        if outcome is None and (entry := member.entries.get(code)) is not None:
            outcome = _formula(criterion, entry, f"{member.unit} – tiêu chí {code}", table.decimals)
        if outcome is None:
            if group.kind is Part.BASE and not criterion.optional:
                missing.add(code)
            outcome = zero, "Chưa nhập số liệu → 0 điểm"
        points, explanation = outcome
        scores[code] = CriterionScore(code, points, criterion.max_points, explanation, group.kind)
        return scores[code]

    criteria = [score(code) for code in index]
    sums = {part: _sum_part(table, part, scores) for part in Part}
    total = sums[Part.BASE][0] + sums[Part.BONUS][0] - sums[Part.PENALTY][0]
    kinds = {group.kind for group in table.groups} | {Part.BASE}
    labels = zip(Part, ("Điểm tiêu chí ", " + điểm cộng ", " − điểm trừ "), strict=True)
    text = "".join(label + sums[part][1] for part, label in labels if part in kinds)
    text += f" = {format_number(total)} điểm"
    incomplete = [code for code in index if code in missing]
    if incomplete:
        text += f"; chưa nhập đủ số liệu: tiêu chí {', '.join(incomplete)}"
    base, bonus, penalty = (sums[part][0] for part in Part)
    return MemberResult(
        member.unit, total, base, bonus, penalty, criteria, not missing, incomplete, text
    )


def _sum_part(
    table: ScoringTable, part: Part, scores: Mapping[str, CriterionScore]
) -> tuple[Decimal, str]:
    """Points of ``part`` after the group caps and the table's cap, and how they add up."""
    raw = capped = Decimal(0)
    for group in table.groups:
        if group.kind is part:
            points = sum((scores[c.code].points for c in group.criteria), Decimal(0))
            raw += points
            capped += points if group.cap is None else min(points, group.cap)
    cap = {Part.BONUS: table.bonus_cap, Part.PENALTY: table.penalty_cap}.get(part)
    capped = _round(Fraction(capped if cap is None else min(capped, cap)), table.decimals)
    shown = format_number(capped)
    if raw != capped:
        shown += f" (tính được {format_number(raw)}, tối đa {shown})"
    return capped, shown


# --- Ranking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """``tied_with``: the other units with the same total; ``decided_by``: what set it apart
    (:data:`BY_TOTAL`, "tiêu chí 2.1", :data:`BY_VOTE`, or :data:`UNDECIDED`)."""

    unit: str
    total: Decimal
    rank: int
    tied_with: tuple[str, ...]
    decided_by: str
    explanation: str

    @property
    def resolved(self) -> bool:
        return self.decided_by != UNDECIDED


@dataclass(frozen=True)
class Standings:
    rows: list[Standing]
    needs_vote: list[tuple[str, ...]]


_Key = Callable[[MemberResult], Decimal]
_Block = tuple[list[MemberResult], str, str]  # results, decided_by, detail for the explanation


def _split(group: list[MemberResult], steps: Sequence[tuple[str, _Key]]) -> list[_Block]:
    """Separate ``group`` by the first step's key (higher first), then the next steps."""
    if not steps:
        return [(group, UNDECIDED, "")]
    (label, key), rest = steps[0], steps[1:]
    blocks: list[_Block] = []
    for value, members in groupby(sorted(group, key=lambda r: (-key(r), r.unit)), key=key):
        same = list(members)
        if len(same) > 1:
            blocks.extend(_split(same, rest))
        else:
            unit = "phiếu" if label == BY_VOTE else "điểm"
            blocks.append((same, label, f"{format_number(value)} {unit}"))
    return blocks


def rank(
    table: ScoringTable, results: Iterable[MemberResult], votes: Mapping[str, int] | None = None
) -> Standings:
    """Order by total, then the tie-break criteria, then ``votes``; unresolved ties share a rank."""
    validate_table(table)
    ordered = sorted(results, key=lambda result: (-result.total, result.unit))
    units = [result.unit for result in ordered]
    votes = dict(votes or {})
    if len(set(units)) != len(units) or not set(votes) <= set(units):
        raise ScoringError("Đơn vị bị lặp, hoặc có số phiếu của đơn vị không được chấm.")
    steps = [(f"tiêu chí {code}", _points_key(code)) for code in table.tie_break]
    vote_step = [(BY_VOTE, lambda result: Decimal(votes[result.unit]))]
    blocks: list[_Block] = []
    for _, members in groupby(ordered, key=lambda result: result.total):
        same = list(members)
        for block in _split(same, steps) if len(same) > 1 else [(same, BY_TOTAL, "")]:
            voted = [result.unit in votes for result in block[0]]
            if block[1] != UNDECIDED or not any(voted):
                blocks.append(block)
            elif all(voted):
                blocks.extend(_split(block[0], vote_step))
            else:
                absent = ", ".join(r.unit for r in block[0] if r.unit not in votes)
                raise ScoringError(f"Thiếu số phiếu của {absent} (đang bằng điểm, cần bỏ phiếu).")
    rows: list[Standing] = []
    after = f"tiêu chí phụ {', '.join(table.tie_break)}" if table.tie_break else "tổng điểm"
    for block_results, decided_by, detail in blocks:
        position = len(rows) + 1
        for result in block_results:
            tied = tuple(r.unit for r in ordered if r.total == result.total and r is not result)
            text = f"Tổng điểm {format_number(result.total)}"
            if tied:
                text = f"Bằng tổng điểm {format_number(result.total)} với {', '.join(tied)}"
            if decided_by == UNDECIDED:
                by_votes = f" và số phiếu ({votes[result.unit]})" if result.unit in votes else ""
                text += f"; vẫn ngang nhau sau {after}{by_votes} — cần bỏ phiếu"
            elif tied:
                text += f"; phân định theo {decided_by} ({detail})"
            rows.append(Standing(result.unit, result.total, position, tied, decided_by, text))
    needs_vote = [tuple(r.unit for r in block[0]) for block in blocks if block[1] == UNDECIDED]
    return Standings(rows=rows, needs_vote=needs_vote)


def _points_key(code: str) -> _Key:
    return lambda result: result.points_of(code)


# --- Proposals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposals:
    """``tied``: the unresolved tie across a boundary that stopped the proposal."""

    flag: tuple[str, ...]
    certificates: tuple[str, ...]
    blocked_by_tie: bool
    tied: tuple[str, ...]
    explanation: str


def propose(standings: Standings, flags: int = 1, merit_certificates: int = 1) -> Proposals:
    """The first ``flags`` units → Cờ thi đua, the next ``merit_certificates`` → Bằng khen."""
    if flags < 0 or merit_certificates < 0:
        raise ScoringError("Số Cờ thi đua và số Bằng khen đề nghị không được âm.")
    flag_end, certificate_end = flags, flags + merit_certificates
    chosen: dict[bool, list[Standing]] = {True: [], False: []}  # True: the flag
    tied: list[Standing] = []
    position = 0
    for _, members in groupby(standings.rows, key=lambda row: row.rank):
        block = list(members)
        start, end = position, position + len(block)
        if start >= certificate_end:
            break
        if start < flag_end < end or start < certificate_end < end:
            tied = block
            break
        chosen[end <= flag_end].extend(block)
        position = end

    def line(award: str, rows: list[Standing], undecided: bool) -> str:
        text = ", ".join(f"{r.unit} (hạng {r.rank}, {format_number(r.total)} điểm)" for r in rows)
        if undecided:
            text = f"{text}; còn lại chưa xác định" if text else "chưa xác định"
        return f"{award}: {text or 'không có'}"

    lines = [
        line(FLAG_AWARD, chosen[True], bool(tied) and position < flag_end),
        line(CERTIFICATE_AWARD, chosen[False], bool(tied)),
    ]
    if tied:
        lines.append(
            f"{', '.join(r.unit for r in tied)} cùng hạng {tied[0].rank} "
            f"({format_number(tied[0].total)} điểm), chưa phân định được — cần Hội nghị cụm "
            "bỏ phiếu, không chọn tùy ý"
        )
    return Proposals(
        flag=tuple(row.unit for row in chosen[True]),
        certificates=tuple(row.unit for row in chosen[False]),
        blocked_by_tie=bool(tied),
        tied=tuple(row.unit for row in tied),
        explanation=". ".join(lines) + ".",
    )
