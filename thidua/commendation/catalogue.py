"""Catalogue of commendation: codes, Vietnamese names, rule sets by effective date, settings.

Pure Python (standard library only). Sources are cited by section of
``shared/domain/RULES.md`` and by legal article; nothing here is a legal fact that RULES.md
does not give. What RULES.md marks **UNCONFIRMED** (or does not say) is a :class:`Settings`
value with a default, so each province can set it per year.

* Vocabulary (values are stored: never change them): :class:`SubjectKind`,
  :class:`AwardCategory`, :class:`AwardLevel`, :class:`AwardType`, :class:`Rating`,
  :class:`InitiativeScope`, :class:`DisciplineLevel`, :class:`PendingKind`, :class:`Issuer`,
  :class:`BallotRule`, :class:`RecusalPolicy`, :class:`Rule`.
* Awards: :class:`AwardDefinition`, :data:`BUILT_IN_AWARDS`, :func:`award_definitions`
  (built-ins plus the province's own from :attr:`Settings.extra_awards`).
* Rule sets: :data:`RULE_SET_98_2023` (01/01/2024–30/06/2025) and :data:`RULE_SET_152_2025`
  (from 01/07/2025), chosen by :func:`rule_set_for`; each carries the legal reference of every
  rule, the deciding authorities and the reward multiples of the base salary.
* :func:`deciding_authorities`, :func:`can_decide`, :func:`reward_multiple`,
  :func:`reward_amount`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from thidua.core.text import format_number

__all__ = [
    "BANG_KHEN_TINH",
    "BANG_KHEN_TTG",
    "BUILT_IN_AWARDS",
    "COLLECTIVE_WOMEN_PREFERENCE_SHARE",
    "CO_THI_DUA_CP",
    "CO_THI_DUA_TINH",
    "CSTD_CO_SO",
    "CSTD_TINH",
    "CSTD_TOAN_QUOC",
    "GIAY_KHEN",
    "LDTT",
    "NON_MERIT_AWARD_TYPES",
    "RULE_SETS",
    "RULE_SET_98_2023",
    "RULE_SET_152_2025",
    "TTLDTT",
    "TTLDXS",
    "Authority",
    "AwardCategory",
    "AwardDefinition",
    "AwardLevel",
    "AwardType",
    "BallotRule",
    "DisciplineLevel",
    "InitiativeScope",
    "Issuer",
    "LegalRule",
    "PendingKind",
    "Rating",
    "RecusalPolicy",
    "Rule",
    "RuleSet",
    "Settings",
    "SubjectKind",
    "award_definition",
    "award_definitions",
    "can_decide",
    "deciding_authorities",
    "format_percent",
    "reward_amount",
    "reward_multiple",
    "rule_set_for",
]


# --- Vocabulary ----------------------------------------------------------------------------


class SubjectKind(StrEnum):
    """Who can be commended: Law Art. 6–7 (RULES.md §1.1)."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"

    @property
    def label(self) -> str:
        return _SUBJECT_KIND_LABELS[self]


_SUBJECT_KIND_LABELS: Final = {
    SubjectKind.INDIVIDUAL: "Cá nhân",
    SubjectKind.COLLECTIVE: "Tập thể",
    SubjectKind.HOUSEHOLD: "Hộ gia đình",
}


class AwardCategory(StrEnum):
    """Danh hiệu thi đua (Law Art. 6–7) or hình thức khen thưởng (Law Art. 9–10), §1.1."""

    TITLE = "danh_hieu"
    FORM = "hinh_thuc"

    @property
    def label(self) -> str:
        return "Danh hiệu thi đua" if self is AwardCategory.TITLE else "Hình thức khen thưởng"


class AwardLevel(StrEnum):
    """Level of an award; also the ordered scope of an initiative (cơ sở < tỉnh < toàn quốc)."""

    CO_SO = "co_so"
    TINH = "tinh"
    TOAN_QUOC = "toan_quoc"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS: Final = {
    AwardLevel.CO_SO: "Cấp cơ sở",
    AwardLevel.TINH: "Cấp tỉnh",
    AwardLevel.TOAN_QUOC: "Toàn quốc",
}


class InitiativeScope(StrEnum):
    """Recognised scope of an initiative (sáng kiến, đề tài), ordered: Law Art. 22–23, §1.2."""

    CO_SO = "co_so"
    TINH = "tinh"
    TOAN_QUOC = "toan_quoc"

    @property
    def label(self) -> str:
        return _SCOPE_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for cơ sở, 2 for toàn quốc: a wider scope also satisfies a narrower requirement."""
        return _SCOPE_RANKS[self]

    def covers(self, required: InitiativeScope) -> bool:
        return self.rank >= required.rank


# Ranks by declaration order, computed once: iterating an enum is slow on the engine's hot path.
_SCOPE_RANKS: Final = {scope: rank for rank, scope in enumerate(InitiativeScope)}
_SCOPE_LABELS: Final = {
    InitiativeScope.CO_SO: "cấp cơ sở",
    InitiativeScope.TINH: "cấp tỉnh",
    InitiativeScope.TOAN_QUOC: "toàn quốc",
}


class AwardType(StrEnum):
    """Loại hình khen thưởng, Law Art. 8 (RULES.md §1.1)."""

    PHONG_TRAO = "phong_trao"
    CHUYEN_DE = "chuyen_de"
    DOT_XUAT = "dot_xuat"
    CONG_HIEN = "cong_hien"
    CONG_TRANG = "cong_trang"
    NIEN_HAN = "nien_han"
    DOI_NGOAI = "doi_ngoai"

    @property
    def label(self) -> str:
        return _AWARD_TYPE_LABELS[self]


_AWARD_TYPE_LABELS: Final = {
    AwardType.PHONG_TRAO: "Khen thưởng theo phong trào thi đua",
    AwardType.CHUYEN_DE: "Khen thưởng thi đua theo chuyên đề",
    AwardType.DOT_XUAT: "Khen thưởng đột xuất",
    AwardType.CONG_HIEN: "Khen thưởng quá trình cống hiến",
    AwardType.CONG_TRANG: "Khen thưởng theo công trạng",
    AwardType.NIEN_HAN: "Khen thưởng theo niên hạn",
    AwardType.DOI_NGOAI: "Khen thưởng đối ngoại",
}

#: Results of these types are no basis for higher merit awards and never count towards
#: "n lần liên tục": Decree 98/2023 and 152/2025 Art. 4(3) (RULES.md §1.6).
NON_MERIT_AWARD_TYPES: Final = frozenset({AwardType.DOT_XUAT, AwardType.CHUYEN_DE})


class Rating(StrEnum):
    """Yearly performance rating (mức xếp loại), best first (RULES.md §1.2, §3.1)."""

    HTXSNV = "HTXSNV"
    HTTNV = "HTTNV"
    HTNV = "HTNV"
    KHTNV = "KHTNV"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    def at_least(self, minimum: Rating) -> bool:
        """Whether this rating is ``minimum`` or better (the members are declared best first)."""
        return _RATING_RANKS[self] <= _RATING_RANKS[minimum]


_RATING_RANKS: Final = {rating: rank for rank, rating in enumerate(Rating)}
_RATING_LABELS: Final = {
    Rating.HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.HTTNV: "Hoàn thành tốt nhiệm vụ",
    Rating.HTNV: "Hoàn thành nhiệm vụ",
    Rating.KHTNV: "Không hoàn thành nhiệm vụ",
}


class DisciplineLevel(StrEnum):
    """Disciplinary forms, lightest first.

    RULES.md §1.3 only needs the order relative to "cảnh cáo" ("không có cá nhân bị kỷ luật
    từ hình thức cảnh cáo trở lên"); the list itself is the usual one for cadres and civil
    servants and may be extended by appending heavier forms.
    """

    KHIEN_TRACH = "khien_trach"
    CANH_CAO = "canh_cao"
    HA_BAC_LUONG = "ha_bac_luong"
    GIANG_CHUC = "giang_chuc"
    CACH_CHUC = "cach_chuc"
    BUOC_THOI_VIEC = "buoc_thoi_viec"

    @property
    def label(self) -> str:
        return _DISCIPLINE_LABELS[self]

    def at_least(self, minimum: DisciplineLevel) -> bool:
        return _DISCIPLINE_RANKS[self] >= _DISCIPLINE_RANKS[minimum]


_DISCIPLINE_RANKS: Final = {level: rank for rank, level in enumerate(DisciplineLevel)}
_DISCIPLINE_LABELS: Final = {
    DisciplineLevel.KHIEN_TRACH: "Khiển trách",
    DisciplineLevel.CANH_CAO: "Cảnh cáo",
    DisciplineLevel.HA_BAC_LUONG: "Hạ bậc lương",
    DisciplineLevel.GIANG_CHUC: "Giáng chức",
    DisciplineLevel.CACH_CHUC: "Cách chức",
    DisciplineLevel.BUOC_THOI_VIEC: "Buộc thôi việc",
}


class PendingKind(StrEnum):
    """What puts commendation on hold: Decree 98/2023 and 152/2025 Art. 4(4), RULES.md §1.6."""

    DISCIPLINE = "discipline"
    INVESTIGATION = "investigation"
    INSPECTION = "inspection"
    COMPLAINT = "complaint"
    PRESS = "press"

    @property
    def label(self) -> str:
        return _PENDING_LABELS[self]


_PENDING_LABELS: Final = {
    PendingKind.DISCIPLINE: "đang xem xét kỷ luật",
    PendingKind.INVESTIGATION: "đang bị điều tra",
    PendingKind.INSPECTION: "đang thanh tra, kiểm tra",
    PendingKind.COMPLAINT: "có đơn khiếu nại, tố cáo đang giải quyết",
    PendingKind.PRESS: "có phản ánh về tham nhũng, tiêu cực đang xác minh",
}


class Issuer(StrEnum):
    """Who signs the decision (RULES.md §1.5)."""

    SO_NGANH = "so_nganh"
    HUYEN = "huyen"
    XA = "xa"
    DOANH_NGHIEP = "doanh_nghiep"
    TINH = "tinh"
    TRUNG_UONG = "trung_uong"

    @property
    def label(self) -> str:
        return _ISSUER_LABELS[self]


_ISSUER_LABELS: Final = {
    Issuer.SO_NGANH: "Thủ trưởng cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
    Issuer.HUYEN: "Chủ tịch Ủy ban nhân dân cấp huyện",
    Issuer.XA: "Chủ tịch Ủy ban nhân dân cấp xã",
    Issuer.DOANH_NGHIEP: "Giám đốc doanh nghiệp",
    Issuer.TINH: "Chủ tịch Ủy ban nhân dân tỉnh",
    Issuer.TRUNG_UONG: "Cấp trung ương (Chủ tịch Ủy ban nhân dân tỉnh trình Thủ tướng Chính phủ)",
}


class BallotRule(StrEnum):
    """Which council threshold applies to an award (RULES.md §2)."""

    HIGH = "cao"  # CSTĐ tỉnh and above: ≥ 90 % of all members (ND 98/2023 Art. 30(7))
    STANDARD = "chuan"  # CSTĐ cơ sở, Cờ thi đua: ≥ 80 % of all members (idem)
    MAJORITY = "da_so"  # no mandatory ballot: "biểu quyết theo đa số" (Bắc Ninh Art. 8)


class RecusalPolicy(StrEnum):
    """How a member who stood aside (conflict of interest) counts; RULES.md is silent."""

    EXCLUDE_FROM_TOTAL = "loai_khoi_tong_so"
    COUNT_IN_TOTAL = "tinh_vao_tong_so"


class Rule(StrEnum):
    """Codes of the rules the engine checks; each rule set gives their legal references."""

    SUBJECT_KIND = "doi_tuong"
    HOLD = "tam_hoan"
    DISCIPLINE = "ky_luat"
    ONE_ACHIEVEMENT = "mot_thanh_tich"
    LDTT_RATING = "xep_loai_ldtt"
    EXCELLENT_OR_INITIATIVE = "htxsnv_hoac_sang_kien"
    CSTD_CO_SO_STREAK = "cstd_co_so_lien_tuc"
    PROVINCIAL_INITIATIVE = "sang_kien_cap_tinh"
    CSTD_TINH_STREAK = "cstd_tinh_lien_tuc"
    NATIONAL_INITIATIVE = "sang_kien_toan_quoc"
    COLLECTIVE_GOOD_RATING = "tap_the_hoan_thanh_tot"
    COLLECTIVE_EXCELLENT_RATING = "tap_the_hoan_thanh_xuat_sac"
    ALL_MEMBERS_COMPLETE = "tat_ca_hoan_thanh_nhiem_vu"
    LDTT_SHARE = "ty_le_ldtt"
    HAS_CSTD_CO_SO = "co_cstd_co_so"
    NO_WARNING_DISCIPLINE = "khong_ky_luat_canh_cao"
    DOSSIER_REVIEW = "xet_theo_ho_so"
    NOT_COUNTED_TYPES = "khong_tinh_dot_xuat_chuyen_de"
    INITIATIVE_ONCE = "sang_kien_dung_mot_lan"
    TIE_BREAK = "uu_tien_nu"
    QUOTA = "ty_le_khen"
    QUORUM = "so_thanh_vien_du_hop"
    BALLOT = "bieu_quyet"


# --- Awards --------------------------------------------------------------------------------

LDTT: Final = "LDTT"
CSTD_CO_SO: Final = "CSTD_CO_SO"
CSTD_TINH: Final = "CSTD_TINH"
CSTD_TOAN_QUOC: Final = "CSTD_TOAN_QUOC"
TTLDTT: Final = "TTLDTT"
TTLDXS: Final = "TTLDXS"
CO_THI_DUA_TINH: Final = "CO_THI_DUA_TINH"
CO_THI_DUA_CP: Final = "CO_THI_DUA_CP"
GIAY_KHEN: Final = "GIAY_KHEN"
BANG_KHEN_TINH: Final = "BANG_KHEN_TINH"
BANG_KHEN_TTG: Final = "BANG_KHEN_TTG"

_ALL_KINDS: Final = frozenset(SubjectKind)
_INDIVIDUAL: Final = frozenset({SubjectKind.INDIVIDUAL})
_COLLECTIVE: Final = frozenset({SubjectKind.COLLECTIVE})


@dataclass(frozen=True)
class AwardDefinition:
    """One title or form: ``short_name`` is used in explanations ("CSTĐ cơ sở")."""

    code: str
    name: str
    short_name: str
    category: AwardCategory
    level: AwardLevel
    subject_kinds: frozenset[SubjectKind]
    ballot: BallotRule = BallotRule.MAJORITY


BUILT_IN_AWARDS: Final[tuple[AwardDefinition, ...]] = (
    # Individual titles: Law Art. 21–24 (RULES.md §1.2).
    AwardDefinition(
        LDTT, "Lao động tiên tiến", "LĐTT", AwardCategory.TITLE, AwardLevel.CO_SO, _INDIVIDUAL
    ),
    AwardDefinition(
        CSTD_CO_SO,
        "Chiến sĩ thi đua cơ sở",
        "CSTĐ cơ sở",
        AwardCategory.TITLE,
        AwardLevel.CO_SO,
        _INDIVIDUAL,
        BallotRule.STANDARD,
    ),
    AwardDefinition(
        CSTD_TINH,
        "Chiến sĩ thi đua cấp tỉnh",
        "CSTĐ cấp tỉnh",
        AwardCategory.TITLE,
        AwardLevel.TINH,
        _INDIVIDUAL,
        BallotRule.HIGH,
    ),
    AwardDefinition(
        CSTD_TOAN_QUOC,
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        AwardCategory.TITLE,
        AwardLevel.TOAN_QUOC,
        _INDIVIDUAL,
        BallotRule.HIGH,
    ),
    # Collective titles: Law Art. 20 (RULES.md §1.1, §1.3).
    AwardDefinition(
        TTLDTT,
        "Tập thể lao động tiên tiến",
        "TTLĐTT",
        AwardCategory.TITLE,
        AwardLevel.CO_SO,
        _COLLECTIVE,
    ),
    AwardDefinition(
        TTLDXS,
        "Tập thể lao động xuất sắc",
        "TTLĐXS",
        AwardCategory.TITLE,
        AwardLevel.TINH,
        _COLLECTIVE,
    ),
    AwardDefinition(
        CO_THI_DUA_TINH,
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Cờ thi đua cấp tỉnh",
        AwardCategory.TITLE,
        AwardLevel.TINH,
        _COLLECTIVE,
        BallotRule.STANDARD,
    ),
    AwardDefinition(
        CO_THI_DUA_CP,
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua của Chính phủ",
        AwardCategory.TITLE,
        AwardLevel.TOAN_QUOC,
        _COLLECTIVE,
        BallotRule.STANDARD,
    ),
    # Forms: Law Art. 72, 74, 75 (RULES.md §1.1, §1.4); households too (§1.7).
    AwardDefinition(
        GIAY_KHEN, "Giấy khen", "Giấy khen", AwardCategory.FORM, AwardLevel.CO_SO, _ALL_KINDS
    ),
    AwardDefinition(
        BANG_KHEN_TINH,
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen cấp tỉnh",
        AwardCategory.FORM,
        AwardLevel.TINH,
        _ALL_KINDS,
    ),
    AwardDefinition(
        BANG_KHEN_TTG,
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen Thủ tướng",
        AwardCategory.FORM,
        AwardLevel.TOAN_QUOC,
        _ALL_KINDS,
    ),
)

#: Ordered tie-break: a collective with at least this share of women is preferred,
#: Decree 98/2023 and 152/2025 Art. 4(6) (RULES.md §1.6).
COLLECTIVE_WOMEN_PREFERENCE_SHARE: Final = Decimal("0.70")


# --- Settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Per-province, per-year values; each default says where it comes from (RULES.md).

    Shares are exact (:class:`~decimal.Decimal` or :class:`~fractions.Fraction`) so that
    thresholds like "từ 80 % trở lên" are compared without rounding.
    """

    # §1.7: mức lương cơ sở 2.340.000 đ from 01/07/2024 (Decree 73/2024); set the new value
    # when it changes.
    base_salary_vnd: Decimal = Decimal(2_340_000)
    # RULES.md is silent on when a record known only by its year (rating, award, initiative)
    # exists: it is deemed dated on this (month, day) of its year, which is also the day from
    # which the year is the one under review. 1 October: year-end rounds run in Q4 (Bắc Ninh
    # year-end dossiers before 10/12, §3.2).
    undated_record_day: tuple[int, int] = (10, 1)
    # §1.3: "ít nhất là 70% cá nhân… đạt danh hiệu LĐTT" (Bắc Ninh QĐ 86/2025 Art. 3–4; the
    # Law's own wording is UNCONFIRMED).
    collective_ldtt_min_share: Decimal = Decimal("0.70")
    # §1.2: no national quota of CSTĐ cơ sở under Law 2022 / Decree 98/2023; whether a province
    # re-imposes one is UNCONFIRMED. None = no quota; e.g. Decimal("0.15") (old Decree 91/2017).
    cstd_co_so_max_share_of_ldtt: Decimal | None = None
    # §1.2 is silent on how old a qualifying initiative may be; defaults: the review year for
    # CSTĐ cơ sở, the 3 years of the CSTĐ cơ sở streak for CSTĐ tỉnh, the 6 years of two
    # CSTĐ tỉnh for CSTĐ toàn quốc (all UNCONFIRMED).
    cstd_co_so_initiative_window_years: int = 1
    cstd_tinh_initiative_window_years: int = 3
    cstd_toan_quoc_initiative_window_years: int = 6
    # §1.2: CSTĐ tỉnh needs "03 lần liên tục" CSTĐ cơ sở, so two consecutive CSTĐ tỉnh (for
    # CSTĐ toàn quốc, Law Art. 21) are taken to be 3 years apart (reading UNCONFIRMED).
    cstd_tinh_cycle_years: int = 3
    # How many years before the review year a streak may end. CSTĐ tỉnh: 0, the third
    # CSTĐ cơ sở is the review year's (UNCONFIRMED). CSTĐ toàn quốc: 1, the dossier is due
    # "chậm nhất vào ngày 31 tháng 12 của năm liền kề" (ND 98/2023 Art. 32(1)(a), §1.2; the
    # ND 152/2025 successor is UNCONFIRMED).
    cstd_tinh_streak_max_lag_years: int = 0
    cstd_toan_quoc_streak_max_lag_years: int = 1
    # §1.2: CV 5007/BNV-TĐKT bars reusing an initiative between a title and a form; reuse for
    # successive *titles* is not explicitly barred, "leave as a configurable warning".
    initiative_reuse_between_titles_allowed: bool = True
    # §2: quorum "ít nhất 2/3 tổng số Ủy viên"; award sessions "ít nhất 80%" attending
    # (Bắc Ninh QĐ 86/2025 Art. 8, a provincial rule).
    council_quorum_share: Fraction = Fraction(2, 3)
    council_award_session_attendance_share: Fraction = Fraction(4, 5)
    # §2: ≥ 90 % / ≥ 80 % of ALL members (ND 98/2023 Art. 30(7)); kept by ND 152/2025:
    # UNCONFIRMED. Awards without a mandatory ballot: "biểu quyết theo đa số" (Bắc Ninh
    # Art. 8), read as more than half of all members (UNCONFIRMED).
    council_threshold_high: Fraction = Fraction(9, 10)
    council_threshold_standard: Fraction = Fraction(4, 5)
    council_majority_share: Fraction = Fraction(1, 2)
    # §2: "nếu thành viên Hội đồng vắng mặt thì lấy ý kiến bằng văn bản" (ND 98/2023
    # Art. 30(7)): written opinions of absent members count as votes.
    council_written_opinions_count: bool = True
    # RULES.md is silent on recusal (UNCONFIRMED): by default a member who stood aside leaves
    # the denominator; COUNT_IN_TOTAL keeps them in it as a vote that is not "agree".
    council_recusal: RecusalPolicy = RecusalPolicy.EXCLUDE_FROM_TOTAL
    # The province's own titles and forms (the catalogue is extensible, issue 5).
    extra_awards: tuple[AwardDefinition, ...] = ()
    # Multiples RULES.md does not give, keyed by (award code, subject kind): e.g. individual
    # Bằng khen / Giấy khen ("likely 1.0 / 0.3: UNCONFIRMED", §1.7). They override the rule set.
    extra_reward_multiples: Mapping[tuple[str, SubjectKind], Decimal] = field(
        default_factory=lambda: MappingProxyType({})
    )


def award_definitions(settings: Settings | None = None) -> Mapping[str, AwardDefinition]:
    """Built-in awards plus the province's own (a province's code replaces a built-in)."""
    extra = settings.extra_awards if settings else ()
    return MappingProxyType({award.code: award for award in (*BUILT_IN_AWARDS, *extra)})


def award_definition(code: str, settings: Settings | None = None) -> AwardDefinition:
    """The award with ``code``; an unknown code raises :class:`ValueError` in Vietnamese."""
    awards = award_definitions(settings)
    if code not in awards:
        known = ", ".join(awards)
        raise ValueError(f"“{code}” không phải mã danh hiệu, hình thức khen thưởng ({known})")
    return awards[code]


# --- Rule sets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalRule:
    """A rule with its Vietnamese summary and legal reference."""

    code: Rule
    summary: str
    reference: str


@dataclass(frozen=True)
class Authority:
    """``issuer`` decides ``award_codes`` (``proposed_by`` submits when it does not decide)."""

    issuer: Issuer
    award_codes: frozenset[str]
    reference: str
    proposed_by: Issuer | None = None


@dataclass(frozen=True)
class RuleSet:
    """Rules in force from ``valid_from`` to ``valid_to`` (inclusive; None = open-ended)."""

    code: str
    name: str
    valid_from: date
    valid_to: date | None
    rules: Mapping[Rule, LegalRule]
    authorities: tuple[Authority, ...]
    # × mức lương cơ sở, by (award code, subject kind); missing = RULES.md gives none.
    reward_multiples: Mapping[tuple[str, SubjectKind], Decimal]
    # Households get this multiple of the individual amount for the same form (§1.7).
    household_multiple_of_individual: Decimal | None

    def reference(self, rule: Rule) -> str:
        return self.rules[rule].reference

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


LAW: Final = "Luật Thi đua, khen thưởng số 06/2022/QH15"
_PROVINCIAL_TEXT: Final = (
    "quy định cấp tỉnh (mẫu: QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 3–4; "
    "nguyên văn Luật chưa đối chiếu)"
)
_COUNCIL_RULES: Final = "quy chế Hội đồng TĐKT tỉnh (mẫu: QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 8)"


def _rules(decree: str, ballot_reference: str) -> Mapping[Rule, LegalRule]:
    """References shared by both regimes; ``decree`` names the decree in force (§1.6)."""
    entries = (
        (Rule.SUBJECT_KIND, "Đúng đối tượng của danh hiệu, hình thức", f"Điều 6, 7 {LAW}"),
        (
            Rule.HOLD,
            "Chưa khen thưởng khi đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại",
            f"khoản 4 Điều 4 {decree}",
        ),
        (
            Rule.DISCIPLINE,
            "Thành tích chỉ tính từ khi chấp hành xong thời hạn kỷ luật",
            f"khoản 4 Điều 4 {decree}",
        ),
        (
            Rule.ONE_ACHIEVEMENT,
            "Không khen thưởng nhiều lần, nhiều hình thức cho một thành tích",
            f"Điều 5 {LAW}",
        ),
        (Rule.LDTT_RATING, "Hoàn thành tốt nhiệm vụ trở lên", f"điểm a khoản 1 Điều 24 {LAW}"),
        (
            Rule.EXCELLENT_OR_INITIATIVE,
            "Đạt tiêu chuẩn LĐTT và hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến",
            f"Điều 23 {LAW}",
        ),
        (Rule.CSTD_CO_SO_STREAK, "03 lần liên tục CSTĐ cơ sở", f"điểm a Điều 22 {LAW}"),
        (Rule.PROVINCIAL_INITIATIVE, "Sáng kiến phạm vi cấp tỉnh", f"điểm b Điều 22 {LAW}"),
        (
            Rule.CSTD_TINH_STREAK,
            "02 lần liên tục CSTĐ cấp tỉnh",
            f"điểm a Điều 21 {LAW}; điểm a khoản 1 Điều 32 Nghị định 98/2023/NĐ-CP (thời hạn)",
        ),
        (Rule.NATIONAL_INITIATIVE, "Sáng kiến phạm vi toàn quốc", f"điểm b Điều 21 {LAW}"),
        (Rule.COLLECTIVE_GOOD_RATING, "Tập thể hoàn thành tốt nhiệm vụ", _PROVINCIAL_TEXT),
        (
            Rule.COLLECTIVE_EXCELLENT_RATING,
            "Tập thể hoàn thành xuất sắc nhiệm vụ",
            _PROVINCIAL_TEXT,
        ),
        (Rule.ALL_MEMBERS_COMPLETE, "100 % cá nhân hoàn thành nhiệm vụ", _PROVINCIAL_TEXT),
        (Rule.LDTT_SHARE, "Ít nhất 70 % cá nhân đạt LĐTT", _PROVINCIAL_TEXT),
        (Rule.HAS_CSTD_CO_SO, "Có cá nhân đạt CSTĐ cơ sở", _PROVINCIAL_TEXT),
        (
            Rule.NO_WARNING_DISCIPLINE,
            "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
            _PROVINCIAL_TEXT,
        ),
        (
            Rule.DOSSIER_REVIEW,
            "Tiêu chuẩn thành tích xét theo hồ sơ",
            f"{LAW}; {_PROVINCIAL_TEXT}",
        ),
        (
            Rule.NOT_COUNTED_TYPES,
            "Khen đột xuất, theo chuyên đề không làm căn cứ khen công trạng",
            f"khoản 3 Điều 4 {decree}",
        ),
        (
            Rule.INITIATIVE_ONCE,
            "Một sáng kiến chỉ được sử dụng một lần làm tiêu chuẩn khen thưởng",
            "mục III.5.c Công văn 5007/BNV-TĐKT năm 2023",
        ),
        (
            Rule.TIE_BREAK,
            "Thành tích như nhau: ưu tiên cá nhân nữ, tập thể có từ 70 % nữ",
            f"khoản 6 Điều 4 {decree}",
        ),
        (Rule.QUOTA, "Tỷ lệ, số lượng khen thưởng theo đơn vị và đợt", "cấu hình của tỉnh"),
        (Rule.QUORUM, "Số thành viên dự họp", _COUNCIL_RULES),
        (Rule.BALLOT, "Tỷ lệ phiếu đồng ý trên tổng số thành viên Hội đồng", ballot_reference),
    )
    return MappingProxyType(
        {code: LegalRule(code, summary, reference) for code, summary, reference in entries}
    )


_TINH_DECIDES: Final = Authority(
    Issuer.TINH,
    frozenset({CO_THI_DUA_TINH, CSTD_TINH, TTLDXS, BANG_KHEN_TINH}),
    # §1.5: evidence from Bắc Ninh routing; the Law article (78/79?) is UNCONFIRMED.
    "thẩm quyền Chủ tịch UBND tỉnh (QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh; điều luật chưa xác minh)",
)
_CENTRAL_DECIDES: Final = Authority(
    Issuer.TRUNG_UONG,
    frozenset({CO_THI_DUA_CP, BANG_KHEN_TTG, CSTD_TOAN_QUOC}),
    "Chủ tịch UBND tỉnh trình Thủ tướng Chính phủ (RULES.md §1.5)",
    proposed_by=Issuer.TINH,
)
_GRASSROOTS_AWARDS: Final = frozenset({TTLDTT, CSTD_CO_SO, LDTT, GIAY_KHEN})
_ARTICLE_80: Final = f"Điều 80 {LAW}"

_MULTIPLES_INDIVIDUAL_TITLES: Final = {
    (CSTD_TOAN_QUOC, SubjectKind.INDIVIDUAL): Decimal("4.5"),
    (CSTD_TINH, SubjectKind.INDIVIDUAL): Decimal("3.0"),
    (CSTD_CO_SO, SubjectKind.INDIVIDUAL): Decimal("1.0"),
    (LDTT, SubjectKind.INDIVIDUAL): Decimal("0.3"),
}

RULE_SET_98_2023: Final = RuleSet(
    code="ND_98_2023",
    name="Luật 06/2022/QH15 và Nghị định 98/2023/NĐ-CP",
    valid_from=date(2024, 1, 1),
    valid_to=date(2025, 6, 30),
    rules=_rules(
        "Nghị định 98/2023/NĐ-CP",
        "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP",
    ),
    authorities=(
        _CENTRAL_DECIDES,
        _TINH_DECIDES,
        Authority(Issuer.SO_NGANH, _GRASSROOTS_AWARDS, _ARTICLE_80),
        Authority(Issuer.HUYEN, _GRASSROOTS_AWARDS, _ARTICLE_80),
        Authority(Issuer.XA, frozenset({LDTT, GIAY_KHEN}), _ARTICLE_80),
        Authority(Issuer.DOANH_NGHIEP, _GRASSROOTS_AWARDS, _ARTICLE_80),
    ),
    # §1.7: under ND 98/2023 Art. 54 the individual title amounts were identical to ND 152;
    # RULES.md gives no collective amounts for this regime.
    reward_multiples=MappingProxyType(dict(_MULTIPLES_INDIVIDUAL_TITLES)),
    household_multiple_of_individual=None,
)

RULE_SET_152_2025: Final = RuleSet(
    code="ND_152_2025",
    name="Luật 06/2022/QH15 và Nghị định 152/2025/NĐ-CP",
    valid_from=date(2025, 7, 1),
    valid_to=None,
    rules=_rules(
        "Nghị định 152/2025/NĐ-CP",
        "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP, áp dụng theo cấu hình "
        "(điều tương ứng của Nghị định 152/2025/NĐ-CP chưa xác minh)",
    ),
    authorities=(
        _CENTRAL_DECIDES,
        _TINH_DECIDES,
        Authority(Issuer.SO_NGANH, _GRASSROOTS_AWARDS, _ARTICLE_80),
        # Districts are gone; their powers moved to the commune chairman (§1.5, §7).
        Authority(Issuer.XA, _GRASSROOTS_AWARDS, "Điều 59 Nghị định 129/2025/NĐ-CP"),
        Authority(Issuer.DOANH_NGHIEP, _GRASSROOTS_AWARDS, _ARTICLE_80),
    ),
    # §1.7: Decree 152/2025 Art. 50–54.
    reward_multiples=MappingProxyType(
        {
            **_MULTIPLES_INDIVIDUAL_TITLES,
            (TTLDXS, SubjectKind.COLLECTIVE): Decimal("1.5"),
            (TTLDTT, SubjectKind.COLLECTIVE): Decimal("0.8"),
            (CO_THI_DUA_CP, SubjectKind.COLLECTIVE): Decimal(12),
            (CO_THI_DUA_TINH, SubjectKind.COLLECTIVE): Decimal("8.0"),
            (BANG_KHEN_TTG, SubjectKind.COLLECTIVE): Decimal(7),
            (BANG_KHEN_TINH, SubjectKind.COLLECTIVE): Decimal(3),
            (GIAY_KHEN, SubjectKind.COLLECTIVE): Decimal("0.6"),
        }
    ),
    household_multiple_of_individual=Decimal("1.5"),
)

RULE_SETS: Final = (RULE_SET_98_2023, RULE_SET_152_2025)


def rule_set_for(day: date) -> RuleSet:
    """The rule set in force on ``day``; before 01/01/2024 (Law 2022 not in force) none."""
    for rule_set in RULE_SETS:
        if rule_set.covers(day):
            return rule_set
    raise ValueError(
        f"Ngày {day:%d/%m/%Y} trước khi Luật Thi đua, khen thưởng 2022 có hiệu lực (01/01/2024)"
    )


def deciding_authorities(award_code: str, on: date) -> tuple[Authority, ...]:
    """Who may decide ``award_code`` on ``on`` (district powers pass to communes 01/07/2025)."""
    return tuple(
        authority
        for authority in rule_set_for(on).authorities
        if award_code in authority.award_codes
    )


def can_decide(issuer: Issuer, award_code: str, on: date) -> bool:
    return any(authority.issuer is issuer for authority in deciding_authorities(award_code, on))


def reward_multiple(
    award_code: str, kind: SubjectKind, on: date, settings: Settings | None = None
) -> Decimal | None:
    """Multiple of the base salary, or None where neither RULES.md nor the settings give one.

    Households: the rule set's household multiple × the individual amount for the same form.
    """
    settings = settings or Settings()
    key = (award_code, kind)
    if key in settings.extra_reward_multiples:
        return settings.extra_reward_multiples[key]
    rule_set = rule_set_for(on)
    if key in rule_set.reward_multiples:
        return rule_set.reward_multiples[key]
    if kind is SubjectKind.HOUSEHOLD and rule_set.household_multiple_of_individual is not None:
        individual = reward_multiple(award_code, SubjectKind.INDIVIDUAL, on, settings)
        if individual is not None:
            return rule_set.household_multiple_of_individual * individual
    return None


def reward_amount(
    award_code: str, kind: SubjectKind, on: date, settings: Settings | None = None
) -> Decimal | None:
    """Amount in đồng (multiple × :attr:`Settings.base_salary_vnd`), not rounded."""
    settings = settings or Settings()
    multiple = reward_multiple(award_code, kind, on, settings)
    return None if multiple is None else multiple * settings.base_salary_vnd


def format_percent(share: Fraction) -> str:
    """A share as a Vietnamese percentage, one decimal half up, no ",0": 13/15 → "86,7 %"."""
    percent = Decimal(share.numerator * 100) / Decimal(share.denominator)
    text = format_number(percent, 1)
    return f"{text.removesuffix(',0')} %"
