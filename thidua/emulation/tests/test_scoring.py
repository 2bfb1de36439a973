"""Tests of cluster scoring (RULES.md §4, §4.1): every formula at its boundaries, caps,
preconditions, rounding, table validation, the tie-break cascade and the proposals; then a
table shaped like the Cần Thơ one (115 points) scoring three communes end to end."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal as D
from typing import Any

import pytest

from thidua.core.exceptions import ApplicationError
from thidua.emulation.scoring import (
    Band,
    Criterion,
    Entry,
    FormulaKind,
    Group,
    MemberResult,
    MemberScores,
    Part,
    ScoringError,
    ScoringTable,
    propose,
    rank,
    score_member,
    validate_table,
)

PLAN = "ke_hoach"
PLAN_TEXT = "Có kế hoạch tuyên truyền bằng văn bản"
RATIO = Criterion("2", "Mở mới tài khoản", D(40), FormulaKind.RATIO)
BANDS = (
    Band(D(88), D(90), D(2)),
    Band(D(90), D(95), D(3)),
    Band(D(95), D(100), D(4)),
    Band(D(100), None, D(5)),
)
STEPPED = Criterion("7", "Cập nhật dữ liệu", D(5), FormulaKind.STEPPED, bands=BANDS)
MANUAL = Criterion("1", "Chấm trực tiếp", D(20), FormulaKind.MANUAL)
BONUS = Criterion("5", "Sáng kiến", D(5), FormulaKind.BONUS)
PER_MODEL = Criterion("5", "Mỗi mô hình", D(10), FormulaKind.BONUS, amount=D(2))
PENALTY = Criterion("8", "Chậm báo cáo", D(5), FormulaKind.PENALTY, amount=D(2))
TARGET = Criterion("6", "Chỉ tiêu năm", D(20), FormulaKind.TARGET)


def table_of(*groups: Group, **options: Any) -> ScoringTable:
    return ScoringTable("Thang điểm thử", groups, flags={PLAN: PLAN_TEXT}, **options)


def single(criterion: Criterion, **options: Any) -> ScoringTable:
    kind = Part.PENALTY if criterion.formula is FormulaKind.PENALTY else Part.BASE
    return table_of(Group("I", "Nhóm", (criterion,), kind), **options)


def score(
    table: ScoringTable,
    entries: Mapping[str, Entry],
    unit: str = "Xã A",
    flags: tuple[str, ...] = (),
) -> MemberResult:
    return score_member(table, MemberScores(unit, entries, frozenset(flags)))


def score_one(criterion: Criterion, entry: Entry, **options: Any) -> tuple[D, str]:
    (line,) = score(single(criterion, **options), {criterion.code: entry}).criteria
    return line.points, line.explanation


# --- Formulas ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criterion", "entry", "points", "explanation"),
    [
        (RATIO, Entry(numerator=45, denominator=50), "36", "Tỷ lệ 45/50 = 90 % × 40 = 36 điểm"),
        (RATIO, Entry(numerator=0, denominator=50), "0", "Tỷ lệ 0/50 = 0 % × 40 = 0 điểm"),
        (RATIO, Entry(numerator=50, denominator=50), "40", "Tỷ lệ 50/50 = 100 % × 40 = 40 điểm"),
        (
            RATIO,
            Entry(numerator=1, denominator=3),
            "13.33",
            "Tỷ lệ 1/3 = 33,33 % × 40 ≈ 13,33 điểm",
        ),
        (
            RATIO,
            Entry(numerator=D("1234.5"), denominator=2469),
            "20",
            "Tỷ lệ 1.234,5/2.469 = 50 % × 40 = 20 điểm",
        ),
        (
            RATIO,
            Entry(numerator=0, denominator=0),
            "0",
            "Mẫu số bằng 0 (không có đối tượng) → 0 điểm",
        ),
        (
            replace(RATIO, full_when_empty=True),
            Entry(numerator=0, denominator=0),
            "40",
            "Mẫu số bằng 0 (không có đối tượng) → 40 điểm",
        ),
        (
            replace(RATIO, cap_ratio=D(1)),
            Entry(numerator=55, denominator=50),
            "40",
            "Tỷ lệ 55/50 = 110 % (tính 100 %) × 40 = 40 điểm",
        ),
        (
            replace(RATIO, cap_ratio=D("0.9")),
            Entry(numerator=40, denominator=50),
            "35.56",
            "Tỷ lệ 40/50 = 80 % ÷ 90 % × 40 ≈ 35,56 điểm",
        ),
        (
            replace(RATIO, cap_ratio=D("0.9")),
            Entry(numerator=46, denominator=50),
            "40",
            "Tỷ lệ 46/50 = 92 % (tính 90 %) ÷ 90 % × 40 = 40 điểm",
        ),
        (
            STEPPED,
            Entry(value=D("87.99")),
            "0",
            "Giá trị 87,99 % dưới mức thấp nhất (từ 88 % đến dưới 90 %) → 0 điểm",
        ),
        (STEPPED, Entry(value=D(88)), "2", "Giá trị 88 % thuộc mức từ 88 % đến dưới 90 % → 2 điểm"),
        (
            STEPPED,
            Entry(value=D("89.99")),
            "2",
            "Giá trị 89,99 % thuộc mức từ 88 % đến dưới 90 % → 2 điểm",
        ),
        (STEPPED, Entry(value=D(90)), "3", "Giá trị 90 % thuộc mức từ 90 % đến dưới 95 % → 3 điểm"),
        (
            STEPPED,
            Entry(value=D("99.99")),
            "4",
            "Giá trị 99,99 % thuộc mức từ 95 % đến dưới 100 % → 4 điểm",
        ),
        (STEPPED, Entry(value=D(100)), "5", "Giá trị 100 % thuộc mức từ 100 % trở lên → 5 điểm"),
        (
            STEPPED,
            Entry(numerator=44, denominator=50),
            "2",
            "Tỷ lệ 44/50 = 88 % thuộc mức từ 88 % đến dưới 90 % → 2 điểm",
        ),
        (
            STEPPED,
            Entry(numerator=4399, denominator=5000),
            "0",
            "Tỷ lệ 4.399/5.000 = 87,98 % dưới mức thấp nhất (từ 88 % đến dưới 90 %) → 0 điểm",
        ),
        (
            replace(STEPPED, bands=(BANDS[0], BANDS[2])),
            Entry(value=D(92)),
            "0",
            "Giá trị 92 % không thuộc mức nào → 0 điểm",
        ),
        (
            replace(STEPPED, bands=(Band(D(80), D(90), D(3), high_inclusive=True),)),
            Entry(value=D(90)),
            "3",
            "Giá trị 90 % thuộc mức từ 80 % đến 90 % → 3 điểm",
        ),
        (
            replace(STEPPED, bands=(Band(D(100), D(100), D(5), high_inclusive=True),)),
            Entry(value=D(100)),
            "5",
            "Giá trị 100 % thuộc mức đúng 100 % → 5 điểm",
        ),
        (MANUAL, Entry(points=D(15)), "15", "Chấm trực tiếp: 15 điểm"),
        (MANUAL, Entry(points=D(0)), "0", "Chấm trực tiếp: 0 điểm"),
        (MANUAL, Entry(points=D(20)), "20", "Chấm trực tiếp: 20 điểm"),
        (MANUAL, Entry(points=D("12.5")), "12.5", "Chấm trực tiếp: 12,5 điểm"),
        (BONUS, Entry(met=True), "5", "Đạt → 5 điểm"),
        (BONUS, Entry(met=False), "0", "Không đạt → 0 điểm"),
        (PER_MODEL, Entry(met=3), "6", "Đạt 3 lần × 2 = 6 → 6 điểm"),
        (PER_MODEL, Entry(met=6), "10", "Đạt 6 lần × 2 = 12, tối đa 10 → 10 điểm"),
        (PENALTY, Entry(count=0), "0", "Không vi phạm → 0 điểm trừ"),
        (PENALTY, Entry(count=2), "4", "Vi phạm 2 lần × 2 = 4 → trừ 4 điểm"),
        (PENALTY, Entry(count=3), "5", "Vi phạm 3 lần × 2 = 6, tối đa 5 → trừ 5 điểm"),
        (TARGET, Entry(achievement=D("0.9")), "18", "Mức đạt chỉ tiêu 90 % × 20 = 18 điểm"),
        (
            TARGET,
            Entry(achievement=D("1.12")),
            "20",
            "Mức đạt chỉ tiêu 112 % (tính 100 %) × 20 = 20 điểm",
        ),
        (TARGET, Entry(status="vuot"), "20", "Kết quả chỉ tiêu: Vượt → 20 điểm"),
        (TARGET, Entry(status="dat"), "20", "Kết quả chỉ tiêu: Đạt → 20 điểm"),
        (TARGET, Entry(status="chua_dat"), "0", "Kết quả chỉ tiêu: Chưa đạt → 0 điểm"),
        (
            replace(TARGET, status_points={"vuot": D(20), "dat": D(15)}),
            Entry(status="dat"),
            "15",
            "Kết quả chỉ tiêu: Đạt → 15 điểm",
        ),
    ],
)
def test_formula_points_and_explanation(
    criterion: Criterion, entry: Entry, points: str, explanation: str
) -> None:
    assert score_one(criterion, entry) == (D(points), explanation)


@pytest.mark.parametrize(
    ("criterion", "entry", "message"),
    [
        (MANUAL, Entry(points=D(21)), "Xã A – tiêu chí 1: 21 điểm nằm ngoài khoảng 0 đến 20."),
        (MANUAL, Entry(points=D(-1)), "Xã A – tiêu chí 1: -1 điểm nằm ngoài khoảng 0 đến 20."),
        (
            RATIO,
            Entry(numerator=55, denominator=50),
            "Xã A – tiêu chí 2: tỷ lệ 110 % vượt 100 % (tử số lớn hơn mẫu số).",
        ),
        (
            RATIO,
            Entry(numerator=5, denominator=0),
            "Xã A – tiêu chí 2: tử số 5, mẫu số 0 không hợp lệ.",
        ),
        (
            RATIO,
            Entry(numerator=-1, denominator=5),
            "Xã A – tiêu chí 2: tử số -1, mẫu số 5 không hợp lệ.",
        ),
        (PENALTY, Entry(count=-1), "Xã A – tiêu chí 8: số lần không được âm."),
        (
            TARGET,
            Entry(status="tot"),
            'Xã A – tiêu chí 6: kết quả chỉ tiêu "tot" không tồn tại.',
        ),
    ],
)
def test_entries_out_of_range_are_refused(criterion: Criterion, entry: Entry, message: str) -> None:
    with pytest.raises(ScoringError) as error:
        score_one(criterion, entry)

    assert error.value.message == message
    assert isinstance(error.value, ApplicationError)


def test_unknown_criteria_and_flags_in_the_entries_are_refused() -> None:
    with pytest.raises(ScoringError, match=r"^Xã A: 9, la không có trong thang điểm\.$"):
        score(single(RATIO), {"9": Entry(points=D(1))}, flags=("la",))


@pytest.mark.parametrize(
    ("entries", "missing", "line"),
    [
        ({}, ["2", "1", "6"], "Chưa nhập số liệu → 0 điểm"),
        ({"2": Entry(numerator=45)}, ["2", "1", "6"], "Chưa nhập số liệu → 0 điểm"),
        ({"2": Entry(value=D(90))}, ["2", "1", "6"], "Chưa nhập số liệu → 0 điểm"),
        ({"6": Entry(status="chua_co_so_lieu")}, ["2", "1", "6"], "Chưa nhập số liệu → 0 điểm"),
        (
            {
                "1": Entry(points=D(1)),
                "2": Entry(numerator=1, denominator=2),
                "6": Entry(status="dat"),
            },
            [],
            "Tỷ lệ 1/2 = 50 % × 40 = 20 điểm",
        ),
    ],
)
def test_missing_base_criteria_make_the_result_incomplete(
    entries: dict[str, Entry], missing: list[str], line: str
) -> None:
    table = table_of(
        Group("I", "Tiêu chí", (RATIO, MANUAL, TARGET, replace(STEPPED, optional=True))),
        Group("II", "Điểm cộng", (BONUS,), Part.BONUS),
        Group("III", "Điểm trừ", (PENALTY,), Part.PENALTY),
    )

    result = score(table, entries)

    assert (result.complete, result.missing, result.criteria[0].explanation) == (
        not missing,
        missing,
        line,
    )
    if missing:
        assert result.explanation.endswith(f"; chưa nhập đủ số liệu: tiêu chí {', '.join(missing)}")


# --- Preconditions, caps, rounding ---------------------------------------------------------

SAMPLE = Criterion("1", "Tuyên truyền", D(20), FormulaKind.RATIO, requires=PLAN)


@pytest.mark.parametrize(
    ("flags", "entry", "points", "explanation", "complete"),
    [
        (
            (),
            Entry(numerator=50, denominator=50),
            "0",
            f'Chưa đáp ứng điều kiện "{PLAN_TEXT}" → 0 điểm',
            True,
        ),
        ((), None, "0", f'Chưa đáp ứng điều kiện "{PLAN_TEXT}" → 0 điểm', True),
        (
            (PLAN,),
            Entry(numerator=50, denominator=50),
            "20",
            "Tỷ lệ 50/50 = 100 % × 20 = 20 điểm",
            True,
        ),
        ((PLAN,), None, "0", "Chưa nhập số liệu → 0 điểm", False),
    ],
)
def test_precondition_flag_zeroes_the_criterion_even_with_a_full_sample(
    flags: tuple[str, ...], entry: Entry | None, points: str, explanation: str, complete: bool
) -> None:
    entries = {} if entry is None else {"1": entry}

    result = score(single(SAMPLE), entries, flags=flags)

    assert (result.total, result.criteria[0].explanation, result.complete) == (
        D(points),
        explanation,
        complete,
    )


@pytest.mark.parametrize(
    ("ratio_entry", "bonus_points", "bonus_explanation"),
    [
        (Entry(numerator=1, denominator=2), "5", "Đạt → 5 điểm"),
        (Entry(numerator=0, denominator=2), "0", "Tiêu chí 2 chưa có điểm → 0 điểm"),
        (None, "0", "Tiêu chí 2 chưa có điểm → 0 điểm"),
    ],
)
def test_precondition_on_another_criterion(
    ratio_entry: Entry | None, bonus_points: str, bonus_explanation: str
) -> None:
    table = table_of(
        Group("I", "Tiêu chí", (RATIO,)),
        Group("II", "Điểm cộng", (replace(BONUS, requires="2"),), Part.BONUS),
    )
    entries = {"5": Entry(met=True)} | ({} if ratio_entry is None else {"2": ratio_entry})

    bonus = score(table, entries).criteria[1]

    assert (bonus.points, bonus.explanation) == (D(bonus_points), bonus_explanation)


FIVE_POINT_BONUSES = tuple(
    Criterion(f"B{number}", f"Điểm cộng {number}", D(5), FormulaKind.BONUS)
    for number in range(1, 5)
)


@pytest.mark.parametrize(
    ("met", "options", "bonus", "explanation"),
    [
        (2, {"cap": D(15)}, "10", "Điểm tiêu chí 80 + điểm cộng 10 = 90 điểm"),
        (3, {"cap": D(15)}, "15", "Điểm tiêu chí 80 + điểm cộng 15 = 95 điểm"),
        (
            4,
            {"cap": D(15)},
            "15",
            "Điểm tiêu chí 80 + điểm cộng 15 (tính được 20, tối đa 15) = 95 điểm",
        ),
        (
            4,
            {"table": D(15)},
            "15",
            "Điểm tiêu chí 80 + điểm cộng 15 (tính được 20, tối đa 15) = 95 điểm",
        ),
        (
            4,
            {"cap": D(15), "table": D(12)},
            "12",
            "Điểm tiêu chí 80 + điểm cộng 12 (tính được 20, tối đa 12) = 92 điểm",
        ),
    ],
)
def test_bonus_caps(met: int, options: dict[str, D], bonus: str, explanation: str) -> None:
    base = Group("I", "Tiêu chí", (replace(MANUAL, max_points=D(80)),))
    bonuses = Group("II", "Điểm cộng", FIVE_POINT_BONUSES, Part.BONUS, options.get("cap"))
    table = table_of(base, bonuses, bonus_cap=options.get("table"))
    entries = {f"B{number}": Entry(met=number <= met) for number in range(1, 5)}

    result = score(table, entries | {"1": Entry(points=D(80))})

    assert (result.bonus, result.total - result.base, result.explanation) == (
        D(bonus),
        D(bonus),
        explanation,
    )
    assert [line.part for line in result.criteria] == [Part.BASE] + [Part.BONUS] * 4


def test_max_total_counts_base_and_capped_bonus_only() -> None:
    table = table_of(
        Group("I", "Tiêu chí", (replace(MANUAL, max_points=D(100)),)),
        Group("II", "Điểm cộng", FIVE_POINT_BONUSES, Part.BONUS, D(15)),
        Group("III", "Điểm trừ", (PENALTY,), Part.PENALTY),
    )

    assert table.max_total == D(115)
    assert replace(table, bonus_cap=D(10)).max_total == D(110)


@pytest.mark.parametrize(
    ("counts", "penalty_cap", "penalty", "explanation"),
    [
        ((1, 1), None, "4", "Điểm tiêu chí 20 − điểm trừ 4 = 16 điểm"),
        ((4, 4), None, "10", "Điểm tiêu chí 20 − điểm trừ 10 = 10 điểm"),
        ((4, 4), D(6), "6", "Điểm tiêu chí 20 − điểm trừ 6 (tính được 10, tối đa 6) = 14 điểm"),
    ],
)
def test_penalty_cap(
    counts: tuple[int, int], penalty_cap: D | None, penalty: str, explanation: str
) -> None:
    penalties = (PENALTY, replace(PENALTY, code="9", name="Sai số liệu"))
    table = table_of(
        Group("I", "Tiêu chí", (MANUAL,)),
        Group("III", "Điểm trừ", penalties, Part.PENALTY),
        penalty_cap=penalty_cap,
    )

    result = score(
        table,
        {"1": Entry(points=D(20)), "8": Entry(count=counts[0]), "9": Entry(count=counts[1])},
    )

    assert (result.penalty, result.explanation) == (D(penalty), explanation)


@pytest.mark.parametrize(
    ("decimals", "criterion", "entry", "points", "explanation"),
    [
        (
            2,
            replace(MANUAL, max_points=D(40)),
            Entry(points=D("36.125")),
            "36.13",
            "Chấm trực tiếp: 36,125 ≈ 36,13 điểm",
        ),
        (
            1,
            replace(MANUAL, max_points=D(40)),
            Entry(points=D("36.125")),
            "36.1",
            "Chấm trực tiếp: 36,125 ≈ 36,1 điểm",
        ),
        (
            0,
            replace(MANUAL, max_points=D(40)),
            Entry(points=D("36.5")),
            "37",
            "Chấm trực tiếp: 36,5 ≈ 37 điểm",
        ),
        (
            0,
            replace(MANUAL, max_points=D(40)),
            Entry(points=D("36.49")),
            "36",
            "Chấm trực tiếp: 36,49 ≈ 36 điểm",
        ),
        (
            2,
            RATIO,
            Entry(numerator=289, denominator=320),
            "36.13",
            "Tỷ lệ 289/320 = 90,31 % × 40 = 36,125 ≈ 36,13 điểm",
        ),
        (
            0,
            RATIO,
            Entry(numerator=289, denominator=320),
            "36",
            "Tỷ lệ 289/320 = 90,31 % × 40 = 36,125 ≈ 36 điểm",
        ),
        (0, RATIO, Entry(numerator=2, denominator=3), "27", "Tỷ lệ 2/3 = 66,67 % × 40 ≈ 27 điểm"),
    ],
)
def test_rounding_half_up_to_the_configured_decimals(
    decimals: int, criterion: Criterion, entry: Entry, points: str, explanation: str
) -> None:
    result = score(single(criterion, decimals=decimals), {criterion.code: entry})

    assert (result.criteria[0].points, result.criteria[0].explanation) == (D(points), explanation)
    assert result.total == D(points)
    assert str(result.total) == points


# --- Validation ----------------------------------------------------------------------------


PENALTY_GROUP_RULE = "nhóm điểm trừ chỉ gồm tiêu chí trừ điểm (hoặc chấm trực tiếp), và ngược lại."


def stepped_table(*bands: Band, max_points: str = "5") -> ScoringTable:
    return single(replace(STEPPED, bands=bands, max_points=D(max_points)))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            stepped_table(BANDS[0], Band(D(89), D(95), D(3))),
            "Tiêu chí 7: mức từ 88 % đến dưới 90 % và mức từ 89 % đến dưới 95 % chồng nhau.",
        ),
        (
            stepped_table(Band(D(88), D(90), D(2), high_inclusive=True), BANDS[1]),
            "Tiêu chí 7: mức từ 88 % đến 90 % và mức từ 90 % đến dưới 95 % chồng nhau.",
        ),
        (
            stepped_table(Band(D(88), None, D(2)), BANDS[2]),
            "Tiêu chí 7: mức từ 88 % trở lên và mức từ 95 % đến dưới 100 % chồng nhau.",
        ),
        (
            stepped_table(BANDS[3], BANDS[0], Band(D(89), D(89), D(1), high_inclusive=True)),
            "Tiêu chí 7: mức từ 88 % đến dưới 90 % và mức đúng 89 % chồng nhau.",
        ),
        (
            stepped_table(*BANDS, max_points="4"),
            "Tiêu chí 7: mức từ 100 % trở lên cho 5 điểm, vượt điểm chuẩn 4.",
        ),
        (
            stepped_table(Band(D(95), D(90), D(1))),
            "Tiêu chí 7: mức từ 95 % đến dưới 90 % không chứa giá trị nào.",
        ),
        (stepped_table(), "Tiêu chí 7: chưa có mức điểm nào."),
        (
            single(replace(RATIO, max_points=D(0))),
            "Tiêu chí 2: điểm chuẩn phải lớn hơn 0 (đang là 0).",
        ),
        (
            single(replace(RATIO, max_points=D(-5))),
            "Tiêu chí 2: điểm chuẩn phải lớn hơn 0 (đang là -5).",
        ),
        (
            table_of(Group("I", "Tiêu chí", (RATIO, replace(MANUAL, code="2")))),
            "Mã tiêu chí 2 bị trùng.",
        ),
        (
            table_of(Group("I", "A", (RATIO,)), Group("I", "B", (MANUAL,))),
            "Nhóm I bị trùng mã hoặc chưa có tiêu chí nào.",
        ),
        (
            single(RATIO, tie_break=("2", "9")),
            "Tiêu chí phụ 9 để xếp hạng khi bằng điểm không có trong thang điểm.",
        ),
        (
            single(replace(RATIO, requires="co_ke_hoach")),
            'Tiêu chí 2: điều kiện "co_ke_hoach" phải là một điều kiện của thang điểm hoặc '
            "một tiêu chí không có điều kiện riêng.",
        ),
        (
            single(replace(RATIO, requires="2")),
            'Tiêu chí 2: điều kiện "2" phải là một điều kiện của thang điểm hoặc '
            "một tiêu chí không có điều kiện riêng.",
        ),
        (
            table_of(Group("I", "Tiêu chí", (PENALTY,))),
            f"Tiêu chí 8: {PENALTY_GROUP_RULE}",
        ),
        (
            table_of(Group("III", "Điểm trừ", (BONUS,), Part.PENALTY)),
            f"Tiêu chí 5: {PENALTY_GROUP_RULE}",
        ),
        (
            single(replace(PER_MODEL, amount=D(11))),
            "Tiêu chí 5: mức cộng/trừ mỗi lần phải lớn hơn 0 và không vượt điểm chuẩn.",
        ),
        (
            single(replace(TARGET, status_points={"tot": D(5)})),
            'Tiêu chí 6: điểm cho kết quả chỉ tiêu "tot" không hợp lệ.',
        ),
        (single(RATIO, decimals=-1), "Số chữ số thập phân khi làm tròn phải không âm."),
    ],
)
def test_validate_table_names_the_problem(table: ScoringTable, message: str) -> None:
    with pytest.raises(ScoringError) as error:
        validate_table(table)

    assert error.value.message == message


def test_validate_table_accepts_adjacent_bands_and_scoring_validates_first() -> None:
    validate_table(stepped_table(*BANDS))
    bad = stepped_table(BANDS[0], BANDS[0])

    with pytest.raises(ScoringError, match="chồng nhau"):
        score(bad, {"7": Entry(value=D(90))})


# --- Ranking -------------------------------------------------------------------------------

TIE_TABLE = table_of(
    Group(
        "I",
        "Tiêu chí",
        (
            Criterion("1", "Chung", D(50), FormulaKind.MANUAL),
            Criterion("2.1", "Phụ 1", D(30), FormulaKind.MANUAL),
            Criterion("2.2", "Phụ 2", D(20), FormulaKind.MANUAL),
        ),
    ),
    tie_break=("2.1", "2.2"),
)


def member(unit: str, first: int, second: int, third: int) -> MemberResult:
    entries = {"1": first, "2.1": second, "2.2": third}
    return score(TIE_TABLE, {code: Entry(points=D(p)) for code, p in entries.items()}, unit)


A_100, B_90, C_50 = (
    member("Xã A", 50, 30, 20),
    member("Xã B", 40, 30, 20),
    member("Xã C", 30, 10, 10),
)


@pytest.mark.parametrize(
    ("results", "votes", "rows", "needs_vote"),
    [
        pytest.param(
            [C_50, A_100, B_90],
            None,
            [("Xã A", 1, "tổng điểm"), ("Xã B", 2, "tổng điểm"), ("Xã C", 3, "tổng điểm")],
            [],
            id="by-total",
        ),
        pytest.param(
            [member("Xã B", 50, 20, 10), member("Xã A", 40, 30, 10), C_50],
            None,
            [("Xã A", 1, "tiêu chí 2.1"), ("Xã B", 2, "tiêu chí 2.1"), ("Xã C", 3, "tổng điểm")],
            [],
            id="first-tie-break",
        ),
        pytest.param(
            [member("Xã B", 50, 20, 10), member("Xã A", 40, 20, 20)],
            None,
            [("Xã A", 1, "tiêu chí 2.2"), ("Xã B", 2, "tiêu chí 2.2")],
            [],
            id="second-tie-break",
        ),
        pytest.param(
            [
                member("Xã E", 10, 10, 10),
                member("Xã B", 40, 20, 10),
                A_100,
                member("Xã D", 40, 20, 10),
            ],
            None,
            [
                ("Xã A", 1, "tổng điểm"),
                ("Xã B", 2, "chưa phân định"),
                ("Xã D", 2, "chưa phân định"),
                ("Xã E", 4, "tổng điểm"),
            ],
            [("Xã B", "Xã D")],
            id="unresolved-same-rank",
        ),
        pytest.param(
            [member("Xã C", 50, 20, 10), member("Xã A", 40, 30, 10), member("Xã B", 50, 20, 10)],
            None,
            [
                ("Xã A", 1, "tiêu chí 2.1"),
                ("Xã B", 2, "chưa phân định"),
                ("Xã C", 2, "chưa phân định"),
            ],
            [("Xã B", "Xã C")],
            id="three-way-partly-resolved",
        ),
        pytest.param(
            [member("Xã B", 40, 20, 10), member("Xã D", 40, 20, 10)],
            {"Xã B": 5, "Xã D": 7},
            [("Xã D", 1, "bỏ phiếu"), ("Xã B", 2, "bỏ phiếu")],
            [],
            id="resolved-by-votes",
        ),
        pytest.param(
            [member("Xã B", 40, 20, 10), member("Xã D", 40, 20, 10)],
            {"Xã B": 6, "Xã D": 6},
            [("Xã B", 1, "chưa phân định"), ("Xã D", 1, "chưa phân định")],
            [("Xã B", "Xã D")],
            id="equal-votes-still-tied",
        ),
        pytest.param(
            [member(unit, 40, 20, 10) for unit in ("Xã B", "Xã D", "Xã G")] + [A_100],
            {"Xã B": 6, "Xã D": 6, "Xã G": 9, "Xã A": 1},
            [
                ("Xã A", 1, "tổng điểm"),
                ("Xã G", 2, "bỏ phiếu"),
                ("Xã B", 3, "chưa phân định"),
                ("Xã D", 3, "chưa phân định"),
            ],
            [("Xã B", "Xã D")],
            id="votes-partly-resolve",
        ),
    ],
)
def test_tie_break_cascade(
    results: list[MemberResult],
    votes: dict[str, int] | None,
    rows: list[tuple[str, int, str]],
    needs_vote: list[tuple[str, ...]],
) -> None:
    standings = rank(TIE_TABLE, results, votes)

    assert [(row.unit, row.rank, row.decided_by) for row in standings.rows] == rows
    assert standings.needs_vote == needs_vote
    assert [row.resolved for row in standings.rows] == [by != "chưa phân định" for *_, by in rows]


def test_standing_explanations() -> None:
    tied = [member("Xã B", 50, 20, 10), member("Xã A", 40, 30, 10), member("Xã D", 40, 20, 20)]
    unresolved = [member("Xã B", 40, 20, 10), member("Xã D", 40, 20, 10)]

    by_criterion = rank(TIE_TABLE, [*tied, C_50]).rows
    by_vote = rank(TIE_TABLE, unresolved, {"Xã B": 5, "Xã D": 7}).rows
    equal_votes = rank(TIE_TABLE, unresolved, {"Xã B": 6, "Xã D": 6}).rows
    no_votes = rank(TIE_TABLE, unresolved).rows

    assert [row.explanation for row in by_criterion] == [
        "Bằng tổng điểm 80 với Xã B, Xã D; phân định theo tiêu chí 2.1 (30 điểm)",
        "Bằng tổng điểm 80 với Xã A, Xã B; phân định theo tiêu chí 2.2 (20 điểm)",
        "Bằng tổng điểm 80 với Xã A, Xã D; phân định theo tiêu chí 2.2 (10 điểm)",
        "Tổng điểm 50",
    ]
    assert [(row.unit, row.tied_with) for row in by_criterion] == [
        ("Xã A", ("Xã B", "Xã D")),
        ("Xã D", ("Xã A", "Xã B")),
        ("Xã B", ("Xã A", "Xã D")),
        ("Xã C", ()),
    ]
    assert by_vote[0].explanation == "Bằng tổng điểm 70 với Xã B; phân định theo bỏ phiếu (7 phiếu)"
    assert equal_votes[0].explanation == (
        "Bằng tổng điểm 70 với Xã D; vẫn ngang nhau sau tiêu chí phụ 2.1, 2.2 và số phiếu (6) "
        "— cần bỏ phiếu"
    )
    assert no_votes[1].explanation == (
        "Bằng tổng điểm 70 với Xã B; vẫn ngang nhau sau tiêu chí phụ 2.1, 2.2 — cần bỏ phiếu"
    )


@pytest.mark.parametrize(
    ("results", "votes", "message"),
    [
        ([A_100, A_100], None, "Đơn vị bị lặp, hoặc có số phiếu của đơn vị không được chấm."),
        ([A_100], {"Xã Z": 3}, "Đơn vị bị lặp, hoặc có số phiếu của đơn vị không được chấm."),
        (
            [member("Xã B", 40, 20, 10), member("Xã D", 40, 20, 10)],
            {"Xã B": 3},
            "Thiếu số phiếu của Xã D (đang bằng điểm, cần bỏ phiếu).",
        ),
    ],
)
def test_rank_refuses_inconsistent_input(
    results: list[MemberResult], votes: dict[str, int] | None, message: str
) -> None:
    with pytest.raises(ScoringError) as error:
        rank(TIE_TABLE, results, votes)

    assert error.value.message == message


# --- Proposals -----------------------------------------------------------------------------

FLAG = "Cờ thi đua của UBND tỉnh"
CERTIFICATE = "Bằng khen của Chủ tịch UBND tỉnh"
TIE_80 = [member("Xã B", 40, 20, 20), member("Xã D", 40, 20, 20)]
TIE_50 = [member("Xã E", 30, 10, 10), member("Xã G", 30, 10, 10)]


@pytest.mark.parametrize(
    ("results", "votes", "counts", "flag", "certificates", "blocked", "explanation"),
    [
        pytest.param(
            [A_100, B_90, C_50],
            None,
            (1, 1),
            ("Xã A",),
            ("Xã B",),
            False,
            f"{FLAG}: Xã A (hạng 1, 100 điểm). {CERTIFICATE}: Xã B (hạng 2, 90 điểm).",
            id="one-flag-one-certificate",
        ),
        pytest.param(
            [*TIE_80, C_50],
            None,
            (1, 1),
            (),
            (),
            True,
            f"{FLAG}: chưa xác định. {CERTIFICATE}: chưa xác định. Xã B, Xã D cùng hạng 1 "
            "(80 điểm), chưa phân định được — cần Hội nghị cụm bỏ phiếu, không chọn tùy ý.",
            id="tie-at-the-flag-blocks",
        ),
        pytest.param(
            [A_100, *TIE_80],
            None,
            (1, 1),
            ("Xã A",),
            (),
            True,
            f"{FLAG}: Xã A (hạng 1, 100 điểm). {CERTIFICATE}: chưa xác định. Xã B, Xã D cùng "
            "hạng 2 (80 điểm), chưa phân định được — cần Hội nghị cụm bỏ phiếu, không chọn tùy ý.",
            id="tie-at-the-certificate-blocks",
        ),
        pytest.param(
            [A_100, B_90, *TIE_50],
            None,
            (1, 1),
            ("Xã A",),
            ("Xã B",),
            False,
            f"{FLAG}: Xã A (hạng 1, 100 điểm). {CERTIFICATE}: Xã B (hạng 2, 90 điểm).",
            id="tie-below-the-certificates-does-not-block",
        ),
        pytest.param(
            [*TIE_80, C_50],
            None,
            (2, 1),
            ("Xã B", "Xã D"),
            ("Xã C",),
            False,
            f"{FLAG}: Xã B (hạng 1, 80 điểm), Xã D (hạng 1, 80 điểm). "
            f"{CERTIFICATE}: Xã C (hạng 3, 50 điểm).",
            id="tie-inside-the-flags",
        ),
        pytest.param(
            [*TIE_80, C_50],
            {"Xã B": 4, "Xã D": 9},
            (1, 1),
            ("Xã D",),
            ("Xã B",),
            False,
            f"{FLAG}: Xã D (hạng 1, 80 điểm). {CERTIFICATE}: Xã B (hạng 2, 80 điểm).",
            id="tie-resolved-by-votes",
        ),
        pytest.param(
            [A_100, B_90],
            None,
            (1, 0),
            ("Xã A",),
            (),
            False,
            f"{FLAG}: Xã A (hạng 1, 100 điểm). {CERTIFICATE}: không có.",
            id="no-certificates",
        ),
    ],
)
def test_proposals(
    results: list[MemberResult],
    votes: dict[str, int] | None,
    counts: tuple[int, int],
    flag: tuple[str, ...],
    certificates: tuple[str, ...],
    blocked: bool,
    explanation: str,
) -> None:
    proposals = propose(rank(TIE_TABLE, results, votes), *counts)

    assert (proposals.flag, proposals.certificates, proposals.blocked_by_tie) == (
        flag,
        certificates,
        blocked,
    )
    assert proposals.explanation == explanation


# --- End to end: a table shaped like Cần Thơ Kế hoạch 157/KH-UBND, group I (RULES.md §4.1) --

CAN_THO = ScoringTable(
    "Thang điểm thi đua xã, phường (theo mẫu Kế hoạch 157/KH-UBND thành phố Cần Thơ)",
    groups=(
        Group(
            "I",
            "Tiêu chí thi đua",
            (
                Criterion(
                    "1",
                    "Tuyên truyền: khảo sát 50 người hưởng, mỗi người nắm được chính sách 0,4 điểm",
                    D(20),
                    FormulaKind.RATIO,
                    requires=PLAN,
                    evidence_required=True,
                ),
                Criterion("2", "Mở mới tài khoản, thẻ ATM", D(40), FormulaKind.RATIO),
                Criterion("3", "Chi trả qua tài khoản hằng tháng", D(20), FormulaKind.RATIO),
                Criterion("4", "Cập nhật dữ liệu", D(20), FormulaKind.RATIO),
            ),
        ),
        Group(
            "II",
            "Điểm cộng",
            (
                Criterion("5", "Mô hình hay, cách làm sáng tạo", D(5), FormulaKind.BONUS),
                Criterion("6", "Hoàn thành trước thời hạn", D(5), FormulaKind.BONUS),
                Criterion(
                    "7", "Tỷ lệ người hưởng có tài khoản", D(5), FormulaKind.STEPPED, bands=BANDS
                ),
            ),
            Part.BONUS,
            D(15),
        ),
    ),
    tie_break=("2", "3", "4"),
    flags={PLAN: PLAN_TEXT},
)


def commune(
    unit: str, plan: bool, ratios: list[tuple[int, int]], met: tuple[bool, bool], share: str
) -> MemberResult:
    entries = {
        str(code): Entry(numerator=b, denominator=a) for code, (b, a) in enumerate(ratios, start=1)
    }
    entries |= {"5": Entry(met=met[0]), "6": Entry(met=met[1]), "7": Entry(value=D(share))}
    return score(CAN_THO, entries, unit, (PLAN,) if plan else ())


TAN_LOC = ("Xã Tân Lộc", True, [(45, 50), (450, 500), (180, 200), (95, 100)], (True, True), "96")
THOI_LAI = ("Xã Thới Lai", False, [(50, 50), (289, 320), (1, 3), (100, 100)], (True, True), "100")
NINH_KIEU = (
    "Phường Ninh Kiều",
    True,
    [(50, 50), (400, 500), (0, 0), (87, 100)],
    (False, True),
    "87.99",
)


def test_can_tho_table_is_worth_115_points() -> None:
    validate_table(CAN_THO)

    assert CAN_THO.max_total == D(115)


@pytest.mark.parametrize(
    ("data", "points", "base", "bonus", "explanation"),
    [
        (
            TAN_LOC,
            ["18", "36", "18", "19", "5", "5", "4"],
            "91",
            "14",
            "Điểm tiêu chí 91 + điểm cộng 14 = 105 điểm",
        ),
        (
            THOI_LAI,
            ["0", "36.13", "6.67", "20", "5", "5", "5"],
            "62.8",
            "15",
            "Điểm tiêu chí 62,8 + điểm cộng 15 = 77,8 điểm",
        ),
        (
            NINH_KIEU,
            ["20", "32", "0", "17.4", "0", "5", "0"],
            "69.4",
            "5",
            "Điểm tiêu chí 69,4 + điểm cộng 5 = 74,4 điểm",
        ),
    ],
)
def test_can_tho_communes_scored_by_hand(
    data: tuple[Any, ...], points: list[str], base: str, bonus: str, explanation: str
) -> None:
    result = commune(*data)

    assert [line.points for line in result.criteria] == [D(p) for p in points]
    assert (result.base, result.bonus, result.penalty) == (D(base), D(bonus), D(0))
    assert result.total == D(base) + D(bonus)
    assert (result.explanation, result.complete, result.missing) == (explanation, True, [])


def test_can_tho_explanations_of_one_commune() -> None:
    result = commune(*THOI_LAI)

    assert [line.explanation for line in result.criteria] == [
        f'Chưa đáp ứng điều kiện "{PLAN_TEXT}" → 0 điểm',
        "Tỷ lệ 289/320 = 90,31 % × 40 = 36,125 ≈ 36,13 điểm",
        "Tỷ lệ 1/3 = 33,33 % × 20 ≈ 6,67 điểm",
        "Tỷ lệ 100/100 = 100 % × 20 = 20 điểm",
        "Đạt → 5 điểm",
        "Đạt → 5 điểm",
        "Giá trị 100 % thuộc mức từ 100 % trở lên → 5 điểm",
    ]


def test_can_tho_ranking_and_proposals() -> None:
    # Same total as Thới Lai (77,8) but fewer points on criterion 2: the cascade decides.
    truong_long = commune(
        "Xã Trường Long", True, [(40, 50), (300, 500), (100, 100), (14, 100)], (True, True), "100"
    )
    results = [commune(*NINH_KIEU), truong_long, commune(*THOI_LAI), commune(*TAN_LOC)]

    standings = rank(CAN_THO, results)
    proposals = propose(standings)

    assert truong_long.total == D("77.8")
    assert [(row.unit, row.rank, row.decided_by) for row in standings.rows] == [
        ("Xã Tân Lộc", 1, "tổng điểm"),
        ("Xã Thới Lai", 2, "tiêu chí 2"),
        ("Xã Trường Long", 3, "tiêu chí 2"),
        ("Phường Ninh Kiều", 4, "tổng điểm"),
    ]
    assert standings.needs_vote == []
    assert (proposals.flag, proposals.certificates, proposals.blocked_by_tie) == (
        ("Xã Tân Lộc",),
        ("Xã Thới Lai",),
        False,
    )
    assert proposals.explanation == (
        "Cờ thi đua của UBND tỉnh: Xã Tân Lộc (hạng 1, 105 điểm). "
        "Bằng khen của Chủ tịch UBND tỉnh: Xã Thới Lai (hạng 2, 77,8 điểm)."
    )
