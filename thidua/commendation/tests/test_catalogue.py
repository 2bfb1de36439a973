"""Tests of the commendation catalogue: codes, names, rule sets by date, authorities, money."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import pytest

from thidua.commendation.catalogue import (
    BUILT_IN_AWARDS,
    NON_MERIT_AWARD_TYPES,
    RULE_SET_98_2023,
    RULE_SET_152_2025,
    RULE_SETS,
    AwardCategory,
    AwardDefinition,
    AwardLevel,
    AwardType,
    BallotRule,
    DisciplineLevel,
    InitiativeScope,
    Issuer,
    PendingKind,
    Rating,
    Rule,
    RuleSet,
    Settings,
    SubjectKind,
    award_definition,
    award_definitions,
    can_decide,
    deciding_authorities,
    format_percent,
    reward_amount,
    reward_multiple,
    rule_set_for,
)

LAST_DAY_98 = date(2025, 6, 30)
FIRST_DAY_152 = date(2025, 7, 1)


def test_built_in_award_codes_are_those_of_the_issue() -> None:
    codes = [award.code for award in BUILT_IN_AWARDS]

    assert codes == [
        "LDTT",
        "CSTD_CO_SO",
        "CSTD_TINH",
        "CSTD_TOAN_QUOC",
        "TTLDTT",
        "TTLDXS",
        "CO_THI_DUA_TINH",
        "CO_THI_DUA_CP",
        "GIAY_KHEN",
        "BANG_KHEN_TINH",
        "BANG_KHEN_TTG",
    ]


@pytest.mark.parametrize(
    ("code", "name", "category", "kinds", "ballot"),
    [
        ("LDTT", "Lao động tiên tiến", AwardCategory.TITLE, {"individual"}, BallotRule.MAJORITY),
        ("CSTD_CO_SO", "Chiến sĩ thi đua cơ sở", AwardCategory.TITLE, {"individual"}, "chuan"),
        ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", AwardCategory.TITLE, {"individual"}, "cao"),
        (
            "CSTD_TOAN_QUOC",
            "Chiến sĩ thi đua toàn quốc",
            AwardCategory.TITLE,
            {"individual"},
            "cao",
        ),
        ("TTLDTT", "Tập thể lao động tiên tiến", AwardCategory.TITLE, {"collective"}, "da_so"),
        ("TTLDXS", "Tập thể lao động xuất sắc", AwardCategory.TITLE, {"collective"}, "da_so"),
        (
            "CO_THI_DUA_TINH",
            "Cờ thi đua của Ủy ban nhân dân tỉnh",
            "danh_hieu",
            {"collective"},
            "chuan",
        ),
        ("CO_THI_DUA_CP", "Cờ thi đua của Chính phủ", "danh_hieu", {"collective"}, "chuan"),
        (
            "GIAY_KHEN",
            "Giấy khen",
            AwardCategory.FORM,
            {"individual", "collective", "household"},
            "da_so",
        ),
        (
            "BANG_KHEN_TINH",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "hinh_thuc",
            {"individual", "collective", "household"},
            "da_so",
        ),
        (
            "BANG_KHEN_TTG",
            "Bằng khen của Thủ tướng Chính phủ",
            "hinh_thuc",
            {"individual", "collective", "household"},
            "da_so",
        ),
    ],
)
def test_award_definitions(
    code: str, name: str, category: str, kinds: set[str], ballot: str
) -> None:
    award = award_definition(code)

    assert (award.name, award.category, set(award.subject_kinds), award.ballot) == (
        name,
        category,
        kinds,
        ballot,
    )


def test_unknown_award_code_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="“XYZ” không phải mã danh hiệu, hình thức khen thưởng"):
        award_definition("XYZ")


def test_registry_is_extensible_through_settings() -> None:
    own = AwardDefinition(
        "BANG_KHEN_SO",
        "Bằng khen của Giám đốc Sở",
        "Bằng khen Sở",
        AwardCategory.FORM,
        AwardLevel.TINH,
        frozenset({SubjectKind.INDIVIDUAL}),
    )
    settings = Settings(extra_awards=(own,))

    assert award_definition("BANG_KHEN_SO", settings) == own
    assert "BANG_KHEN_SO" not in award_definitions()
    assert len(award_definitions(settings)) == len(BUILT_IN_AWARDS) + 1


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (
            AwardType,
            [
                "phong_trao",
                "chuyen_de",
                "dot_xuat",
                "cong_hien",
                "cong_trang",
                "nien_han",
                "doi_ngoai",
            ],
        ),
        (Rating, ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]),
        (InitiativeScope, ["co_so", "tinh", "toan_quoc"]),
        (SubjectKind, ["individual", "collective", "household"]),
    ],
)
def test_vocabulary_values_are_stable(enum: type[StrEnum], values: list[str]) -> None:
    assert [member.value for member in enum] == values


@pytest.mark.parametrize(
    "enum",
    [
        SubjectKind,
        AwardCategory,
        AwardLevel,
        AwardType,
        Rating,
        InitiativeScope,
        DisciplineLevel,
        PendingKind,
        Issuer,
    ],
)
def test_every_member_has_a_vietnamese_nfc_label(enum: type[StrEnum]) -> None:
    for member in enum:
        label = getattr(member, "label")  # noqa: B009 -- every vocabulary enum has one
        assert label
        assert unicodedata.normalize("NFC", label) == label


def test_award_type_labels() -> None:
    assert AwardType.DOT_XUAT.label == "Khen thưởng đột xuất"
    assert AwardType.CHUYEN_DE.label == "Khen thưởng thi đua theo chuyên đề"
    assert {AwardType.DOT_XUAT, AwardType.CHUYEN_DE} == NON_MERIT_AWARD_TYPES


@pytest.mark.parametrize(
    ("rating", "minimum", "expected"),
    [
        (Rating.HTXSNV, Rating.HTTNV, True),
        (Rating.HTTNV, Rating.HTTNV, True),
        (Rating.HTNV, Rating.HTTNV, False),
        (Rating.KHTNV, Rating.HTNV, False),
        (Rating.HTTNV, Rating.HTXSNV, False),
    ],
)
def test_rating_order(rating: Rating, minimum: Rating, expected: bool) -> None:
    assert rating.at_least(minimum) is expected


@pytest.mark.parametrize(
    ("scope", "required", "expected"),
    [
        (InitiativeScope.TOAN_QUOC, InitiativeScope.TINH, True),
        (InitiativeScope.TINH, InitiativeScope.TINH, True),
        (InitiativeScope.CO_SO, InitiativeScope.TINH, False),
        (InitiativeScope.TINH, InitiativeScope.TOAN_QUOC, False),
    ],
)
def test_initiative_scope_order(
    scope: InitiativeScope, required: InitiativeScope, expected: bool
) -> None:
    assert scope.covers(required) is expected


def test_discipline_order_around_warning() -> None:
    assert not DisciplineLevel.KHIEN_TRACH.at_least(DisciplineLevel.CANH_CAO)
    assert DisciplineLevel.CANH_CAO.at_least(DisciplineLevel.CANH_CAO)
    assert DisciplineLevel.CACH_CHUC.at_least(DisciplineLevel.CANH_CAO)


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2024, 1, 1), "ND_98_2023"),
        (LAST_DAY_98, "ND_98_2023"),
        (FIRST_DAY_152, "ND_152_2025"),
        (date(2030, 1, 1), "ND_152_2025"),
    ],
)
def test_rule_set_by_effective_date(day: date, code: str) -> None:
    assert rule_set_for(day).code == code


def test_no_rule_set_before_the_2022_law_is_in_force() -> None:
    with pytest.raises(ValueError, match="trước khi Luật Thi đua, khen thưởng 2022 có hiệu lực"):
        rule_set_for(date(2023, 12, 31))


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda item: item.code)
def test_every_rule_has_a_reference(rule_set: RuleSet) -> None:
    assert set(rule_set.rules) == set(Rule)
    for rule in Rule:
        assert rule_set.reference(rule)
        assert rule_set.rules[rule].summary


@pytest.mark.parametrize(
    ("rule", "in_98", "in_152"),
    [
        (
            Rule.HOLD,
            "khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP",
            "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP",
        ),
        (
            Rule.NOT_COUNTED_TYPES,
            "khoản 3 Điều 4 Nghị định 98/2023/NĐ-CP",
            "khoản 3 Điều 4 Nghị định 152/2025/NĐ-CP",
        ),
        (
            Rule.TIE_BREAK,
            "khoản 6 Điều 4 Nghị định 98/2023/NĐ-CP",
            "khoản 6 Điều 4 Nghị định 152/2025/NĐ-CP",
        ),
        (
            Rule.BALLOT,
            "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP",
            "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP, áp dụng theo cấu hình "
            "(điều tương ứng của Nghị định 152/2025/NĐ-CP chưa xác minh)",
        ),
        (
            Rule.LDTT_RATING,
            "điểm a khoản 1 Điều 24 Luật Thi đua, khen thưởng số 06/2022/QH15",
            "điểm a khoản 1 Điều 24 Luật Thi đua, khen thưởng số 06/2022/QH15",
        ),
    ],
)
def test_references_follow_the_decree_in_force(rule: Rule, in_98: str, in_152: str) -> None:
    assert RULE_SET_98_2023.reference(rule) == in_98
    assert RULE_SET_152_2025.reference(rule) == in_152


@pytest.mark.parametrize(
    ("issuer", "code", "day", "expected"),
    [
        # Law Art. 80: districts decided grassroots titles until the 2025 restructuring.
        (Issuer.HUYEN, "CSTD_CO_SO", LAST_DAY_98, True),
        (Issuer.HUYEN, "CSTD_CO_SO", FIRST_DAY_152, False),
        (Issuer.HUYEN, "GIAY_KHEN", FIRST_DAY_152, False),
        # Decree 129/2025 Art. 59: communes take them over from 01/07/2025.
        (Issuer.XA, "CSTD_CO_SO", LAST_DAY_98, False),
        (Issuer.XA, "CSTD_CO_SO", FIRST_DAY_152, True),
        (Issuer.XA, "TTLDTT", LAST_DAY_98, False),
        (Issuer.XA, "TTLDTT", FIRST_DAY_152, True),
        (Issuer.XA, "LDTT", LAST_DAY_98, True),
        (Issuer.XA, "GIAY_KHEN", FIRST_DAY_152, True),
        (Issuer.SO_NGANH, "TTLDTT", LAST_DAY_98, True),
        (Issuer.SO_NGANH, "TTLDXS", LAST_DAY_98, False),
        (Issuer.DOANH_NGHIEP, "CSTD_CO_SO", FIRST_DAY_152, True),
        (Issuer.TINH, "CSTD_TINH", FIRST_DAY_152, True),
        (Issuer.TINH, "TTLDXS", LAST_DAY_98, True),
        (Issuer.TINH, "CSTD_TOAN_QUOC", FIRST_DAY_152, False),
        (Issuer.TRUNG_UONG, "CO_THI_DUA_CP", FIRST_DAY_152, True),
    ],
)
def test_deciding_authority_by_level_and_date(
    issuer: Issuer, code: str, day: date, expected: bool
) -> None:
    assert can_decide(issuer, code, day) is expected


def test_central_awards_are_proposed_by_the_province_and_references_change_in_2025() -> None:
    (central,) = deciding_authorities("BANG_KHEN_TTG", FIRST_DAY_152)
    commune_before = [
        a.reference for a in deciding_authorities("LDTT", LAST_DAY_98) if a.issuer is Issuer.XA
    ]
    commune_after = [
        a.reference for a in deciding_authorities("LDTT", FIRST_DAY_152) if a.issuer is Issuer.XA
    ]

    assert (central.issuer, central.proposed_by) == (Issuer.TRUNG_UONG, Issuer.TINH)
    assert commune_before == ["Điều 80 Luật Thi đua, khen thưởng số 06/2022/QH15"]
    assert commune_after == ["Điều 59 Nghị định 129/2025/NĐ-CP"]


@pytest.mark.parametrize(
    ("code", "kind", "day", "expected"),
    [
        ("CSTD_TOAN_QUOC", SubjectKind.INDIVIDUAL, FIRST_DAY_152, Decimal("4.5")),
        ("CSTD_TINH", SubjectKind.INDIVIDUAL, FIRST_DAY_152, Decimal("3.0")),
        ("CSTD_CO_SO", SubjectKind.INDIVIDUAL, LAST_DAY_98, Decimal("1.0")),
        ("LDTT", SubjectKind.INDIVIDUAL, LAST_DAY_98, Decimal("0.3")),
        ("TTLDXS", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal("1.5")),
        ("TTLDTT", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal("0.8")),
        ("CO_THI_DUA_CP", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal(12)),
        ("CO_THI_DUA_TINH", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal(8)),
        ("BANG_KHEN_TTG", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal(7)),
        ("BANG_KHEN_TINH", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal(3)),
        ("GIAY_KHEN", SubjectKind.COLLECTIVE, FIRST_DAY_152, Decimal("0.6")),
        # RULES.md §1.7 gives no collective amounts under Decree 98/2023...
        ("TTLDXS", SubjectKind.COLLECTIVE, LAST_DAY_98, None),
        # ... and no individual Bằng khen / Giấy khen amounts (UNCONFIRMED).
        ("GIAY_KHEN", SubjectKind.INDIVIDUAL, FIRST_DAY_152, None),
        ("GIAY_KHEN", SubjectKind.HOUSEHOLD, FIRST_DAY_152, None),
    ],
)
def test_reward_multiples(
    code: str, kind: SubjectKind, day: date, expected: Decimal | None
) -> None:
    assert reward_multiple(code, kind, day) == expected


def test_household_gets_one_and_a_half_times_a_configured_individual_amount() -> None:
    settings = Settings(
        extra_reward_multiples={("GIAY_KHEN", SubjectKind.INDIVIDUAL): Decimal("0.3")}
    )

    assert reward_multiple("GIAY_KHEN", SubjectKind.HOUSEHOLD, FIRST_DAY_152, settings) == Decimal(
        "0.45"
    )
    # Decree 98/2023: no household rule in RULES.md.
    assert reward_multiple("GIAY_KHEN", SubjectKind.HOUSEHOLD, LAST_DAY_98, settings) is None


def test_reward_amount_uses_the_base_salary() -> None:
    assert reward_amount("LDTT", SubjectKind.INDIVIDUAL, FIRST_DAY_152) == Decimal("702000.0")
    assert reward_amount("TTLDXS", SubjectKind.COLLECTIVE, LAST_DAY_98) is None
    raised = Settings(base_salary_vnd=Decimal(2_500_000))
    assert reward_amount("CSTD_TINH", SubjectKind.INDIVIDUAL, FIRST_DAY_152, raised) == Decimal(
        "7500000.0"
    )


def test_settings_defaults() -> None:
    settings = Settings()

    assert settings.collective_ldtt_min_share == Decimal("0.70")
    assert settings.cstd_co_so_max_share_of_ldtt is None
    assert settings.council_quorum_share == Fraction(2, 3)
    assert settings.council_award_session_attendance_share == Fraction(4, 5)
    assert settings.council_threshold_high == Fraction(9, 10)
    assert settings.council_threshold_standard == Fraction(4, 5)
    assert settings.council_written_opinions_count is True
    assert settings.undated_record_day == (10, 1)


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Fraction(13, 15), "86,7 %"),
        (Fraction(4, 5), "80 %"),
        (Fraction(2, 3), "66,7 %"),
        (Fraction(14, 15), "93,3 %"),
        (Fraction(1), "100 %"),
        (Fraction(0), "0 %"),
        (Fraction(18, 25), "72 %"),
    ],
)
def test_format_percent(share: Fraction, text: str) -> None:
    assert format_percent(share) == text
