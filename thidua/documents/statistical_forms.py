"""The annual statistical forms of emulation and commendation, 0601.N–0605.N/BNV-TĐKT
(Thông tư 02/2023/TT-BNV; RULES.md §5), as data, and pure builders: aggregates → figures →
an .xlsx workbook (or the rows of the HTML preview, the same figures).

Everything a form is made of lives here, in one place, so that it is easy to change: the rows
and columns of each form (:data:`FORMS`), and how the system's data maps onto them (award codes
to columns, award types, person categories and unit kinds to rows, movement durations to
buckets). RULES.md §5 takes the field lists from an open-source implementation of the circular
(lifephongphanmem/thiduakhenthuong, Mau0601–0603); the official text was not retrieved, so they
are **UNCONFIRMED**, and 0604.N / 0605.N, which that implementation does not show, are this
project's reading of their titles. Each choice that is not the reference's is commented.

No database access here: the selectors (`statistical_selectors`) compute the aggregates in SQL
and hand them over as the dataclasses below. Labels are lazy translations: the workbook is
always written in Vietnamese (it is the official form), the preview follows the page language.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from thidua.commendation.catalogue import (
    BANG_KHEN_TINH,
    BANG_KHEN_TTG,
    CO_THI_DUA_CP,
    CO_THI_DUA_TINH,
    CSTD_TINH,
    CSTD_TOAN_QUOC,
    AwardDefinition,
    AwardLevel,
    AwardType,
    SubjectKind,
)
from thidua.commendation.enums import PersonCategory
from thidua.core.excel import neutralise
from thidua.core.text import format_number, nfc
from thidua.emulation.models.movements import MovementKind
from thidua.org.enums import UnitKind

__all__ = [
    "FORMS",
    "FORM_CODES",
    "WORKFORCE_BREAKDOWNS",
    "WORKFORCE_FIELDS",
    "WORKFORCE_STAFF_TOTAL",
    "AwardColumn",
    "AwardGroup",
    "ClusterGroup",
    "Column",
    "FormSpec",
    "HeaderCell",
    "Line",
    "MovementGroup",
    "Row",
    "StatisticalReport",
    "WorkforceGroup",
    "award_figures",
    "movement_duration_row",
    "movement_figures",
    "workbook_bytes",
    "workforce_figures",
    "workforce_level_row",
    "workforce_problems",
]

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as Label
else:
    Label: TypeAlias = str  # a text or a lazy translation

Figures = Counter[tuple[str, str]]  # (row key, column key) → count

SYMBOL_SUFFIX: Final = "/BNV-TĐKT"
BASIS: Final = _("Ban hành kèm theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ")
RECEIVING_DAY: Final = _("Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo")
TOTAL: Final = _("Tổng số")


# --- Form definitions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A figure column; consecutive columns with the same `group` share a heading above."""

    key: str
    label: Label
    group: Label = ""


@dataclass(frozen=True)
class Row:
    """A line of the form: figures when `key` is set, else a section heading (no figures).
    `indent` 0 is bold (the total, headings), 1 an item ("- …"), 2 a sub-item ("+ …")."""

    key: str
    label: Label
    code: str = ""
    unit: Label = ""
    indent: int = 1


@dataclass(frozen=True)
class FormSpec:
    code: str  # "0603.N"
    title: Label
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # Đơn vị tính of the whole form; forms whose rows have their own carry a unit column.
    measure: Label = ""
    # The columns whose sum is the "Tổng số" column; empty: all of them.
    total_of: tuple[str, ...] = ()
    description: Label = ""

    @property
    def symbol(self) -> str:
        return f"{self.code}{SYMBOL_SUFFIX}"

    @property
    def unit_column(self) -> bool:
        return any(row.unit for row in self.rows)

    @property
    def total_keys(self) -> tuple[str, ...]:
        return self.total_of or tuple(column.key for column in self.columns)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rows if row.key)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)


def _heading(label: Label) -> Row:
    return Row("", label, indent=0)


# Individuals are split in the five categories of RULES.md §3.4 (PersonCategory), the same rows
# in 0602.N and 0603.N. A record without a category counts for "Cá nhân" only.
PERSON_CATEGORY_ROWS: Final[Mapping[str, str]] = {
    PersonCategory.LANH_DAO_TINH: "lanh_dao_tinh",
    PersonCategory.LANH_DAO_SO: "lanh_dao_so",
    PersonCategory.DOANH_NHAN: "doanh_nhan",
    PersonCategory.LANH_DAO_KHAC: "lanh_dao_khac",
    PersonCategory.TRUC_TIEP: "truc_tiep",
}
SUBJECT_ROWS: Final[Mapping[str, str]] = {
    SubjectKind.COLLECTIVE: "tap_the",
    SubjectKind.HOUSEHOLD: "ho_gia_dinh",
    SubjectKind.INDIVIDUAL: "ca_nhan",
}
# "Trong đó: Doanh nghiệp": a collective that is an enterprise.
ENTERPRISE_KINDS: Final = frozenset({UnitKind.DOANH_NGHIEP})
# Phương thức khen thưởng from the award's loại hình (Law Art. 8, stored on every award).
# Công trạng and phong trào are the regular (thường xuyên) commendation of achievements; the
# law has no "kháng chiến" type (resistance awards are no longer given), so that row stays 0.
AWARD_TYPE_ROWS: Final[Mapping[str, str]] = {
    AwardType.PHONG_TRAO: "thuong_xuyen",
    AwardType.CONG_TRANG: "thuong_xuyen",
    AwardType.CHUYEN_DE: "chuyen_de",
    AwardType.DOT_XUAT: "dot_xuat",
    AwardType.DOI_NGOAI: "doi_ngoai",
    AwardType.CONG_HIEN: "cong_hien",
    AwardType.NIEN_HAN: "nien_han",
}


def _award_rows(first_code: int) -> tuple[Row, ...]:
    """The đối tượng and phương thức rows shared by 0602.N and 0603.N, numbered from
    `first_code` (the reference numbers them 06–21 in 0602.N, 02–17 in 0603.N)."""
    people = _("Người")
    items: list[tuple[str, Label, Label, int]] = [
        ("tap_the", _("- Tập thể"), _("Tập thể"), 1),
        ("doanh_nghiep", _("Trong đó: Doanh nghiệp"), _("Doanh nghiệp"), 2),
        ("ho_gia_dinh", _("- Hộ gia đình"), _("Hộ"), 1),
        ("ca_nhan", _("- Cá nhân"), people, 1),
        ("lanh_dao_tinh", _("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"), people, 2),
        ("lanh_dao_so", _("+ Lãnh đạo cấp vụ, sở, ngành và tương đương"), people, 2),
        ("doanh_nhan", _("+ Doanh nhân"), people, 2),
        ("lanh_dao_khac", _("+ Các cấp lãnh đạo khác từ phó phòng trở lên"), people, 2),
        (
            "truc_tiep",
            _(
                "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
                "(công nhân, nông dân, …)"
            ),
            people,
            2,
        ),
    ]
    methods: list[tuple[str, Label]] = [
        ("thuong_xuyen", _("- Thường xuyên")),
        ("chuyen_de", _("- Chuyên đề")),
        ("dot_xuat", _("- Đột xuất")),
        ("doi_ngoai", _("- Đối ngoại")),
        ("cong_hien", _("- Cống hiến")),
        ("nien_han", _("- Niên hạn")),
        ("khang_chien", _("- Kháng chiến")),
    ]
    code = first_code
    rows: list[Row] = [_heading(_("Chia theo đối tượng khen thưởng"))]
    for key, label, unit, indent in items:
        rows.append(Row(key, label, f"{code:02d}", unit, indent))
        code += 1
    rows.append(_heading(_("Chia theo phương thức khen thưởng")))
    for key, label in methods:
        rows.append(Row(key, label, f"{code:02d}"))
        code += 1
    return tuple(rows)


def _numbered_sections(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """Number the section headings "1. …", "2. …" in order."""
    numbered: list[Row] = []
    section = 0
    for row in rows:
        if not row.key:
            section += 1
            row = Row("", format_lazy("{}. {}", section, row.label), indent=0)
        numbered.append(row)
    return tuple(numbered)


@dataclass(frozen=True)
class AwardColumn:
    """Which award codes a column of 0602.N / 0603.N counts: listed codes, codes starting with
    one of `prefixes` (awards a province adds to the catalogue), and, for the "other" column,
    any remaining award of `other_level`."""

    column: Column
    codes: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    other_level: AwardLevel | None = None


_SPLIT = _("Chia ra")

# 0602.N: the state-level awards the province proposed (its people and collectives received
# them). The reference splits each form in a "tập thể" and a "cá nhân" column and each kind of
# medal in its own column; here one column per form (the rows already split by đối tượng), and
# medals grouped. The catalogue has no codes for medals, prizes and honorary titles yet: a
# province adding them (Settings.extra_awards) names them with these prefixes.
AWARDS_0602: Final[tuple[AwardColumn, ...]] = (
    AwardColumn(Column("huan_chuong", _("Huân chương"), _SPLIT), prefixes=("HUAN_CHUONG",)),
    AwardColumn(Column("huy_chuong", _("Huy chương"), _SPLIT), prefixes=("HUY_CHUONG",)),
    AwardColumn(
        Column("giai_thuong_hcm", _("Giải thưởng Hồ Chí Minh"), _SPLIT),
        prefixes=("GIAI_THUONG_HCM",),
    ),
    AwardColumn(
        Column("giai_thuong_nn", _("Giải thưởng Nhà nước"), _SPLIT),
        prefixes=("GIAI_THUONG_NHA_NUOC",),
    ),
    AwardColumn(
        Column("vinh_du", _("Danh hiệu vinh dự nhà nước"), _SPLIT),
        prefixes=("DANH_HIEU_VINH_DU", "ANH_HUNG"),
    ),
    AwardColumn(
        Column("co_cp", _("Cờ thi đua của Chính phủ"), _SPLIT), codes=frozenset({CO_THI_DUA_CP})
    ),
    AwardColumn(
        Column("bang_khen_ttg", _("Bằng khen của Thủ tướng Chính phủ"), _SPLIT),
        codes=frozenset({BANG_KHEN_TTG}),
    ),
    AwardColumn(
        Column("cstd_toan_quoc", _("Danh hiệu “Chiến sĩ thi đua toàn quốc”"), _SPLIT),
        codes=frozenset({CSTD_TOAN_QUOC}),
    ),
    AwardColumn(
        Column("khac", _("Các hình thức khen thưởng khác"), _SPLIT),
        other_level=AwardLevel.TOAN_QUOC,
    ),
)

# 0603.N: the province's own awards. TTLĐXS (a provincial title too) has no column in the
# reference, so it is not counted; nor is any award not listed here.
AWARDS_0603: Final[tuple[AwardColumn, ...]] = (
    AwardColumn(Column("bang_khen", _("Bằng khen"), _SPLIT), codes=frozenset({BANG_KHEN_TINH})),
    AwardColumn(
        Column("cstd_tinh", _("Chiến sĩ thi đua cấp bộ, cấp tỉnh"), _SPLIT),
        codes=frozenset({CSTD_TINH}),
    ),
    AwardColumn(
        Column(
            "co_thi_dua",
            _(
                "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc "
                "Trung ương"
            ),
            _SPLIT,
        ),
        codes=frozenset({CO_THI_DUA_TINH}),
    ),
    AwardColumn(
        Column(
            "ky_niem_chuong",
            _(
                "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, "
                "thành phố trực thuộc Trung ương"
            ),
            _SPLIT,
        ),
        prefixes=("KY_NIEM_CHUONG", "HUY_HIEU"),
    ),
)

# Which tờ trình a state-level award came from (0602.N, section 1): everything this system
# records was proposed by the province (RULES.md §1.5), never by a central ministry.
PROPOSER_ROW_0602: Final = "to_trinh_tinh"

# 0601.N -----------------------------------------------------------------------------------

# Cấp chủ trì phát động (columns) and phạm vi (rows) from the kind of the launching unit. The
# central council launches nothing in this system (its movements reach the province through
# the province's own launch), so "Cấp Trung ương" and "Toàn quốc" stay 0. "Địa phương" is read
# as the province (the level of the "tỉnh" column); a district's or a department's movement
# is one of a "cơ quan, tổ chức, đơn vị".
LAUNCHER_COLUMNS: Final[Mapping[str, str]] = {UnitKind.TINH: "bo_tinh"}
LAUNCHER_DEFAULT_COLUMN: Final = "co_quan"
SCOPE_ROWS: Final[Mapping[str, str]] = {UnitKind.TINH: "dia_phuong"}
SCOPE_DEFAULT_ROW: Final = "co_quan"
# Each yearly edition of a cluster or block (its covenant, scoring and standings) is one
# movement of the "cụm, khối" scope, lasting a year, regular.
CLUSTER_SCOPE_ROW: Final = "cum_khoi"
CLUSTER_DURATION_ROW: Final = "mot_nam"
CLUSTER_METHOD_ROW: Final = "thuong_xuyen"
# Phương thức from the movement's kind: anniversaries are movements "theo đợt".
MOVEMENT_METHOD_ROWS: Final[Mapping[str, str]] = {
    MovementKind.REGULAR: "thuong_xuyen",
    MovementKind.THEMATIC: "chuyen_de",
    MovementKind.ANNIVERSARY: "chuyen_de",
}


@dataclass(frozen=True)
class DurationBucket:
    row: str
    below_days: int | None  # exclusive upper bound of the length in days; None: no bound


# Length = days from start to end inclusive. A movement launched in February for the rest of
# the year (the usual yearly movement, ~330 days) is a "1 năm" movement: from 300 days on.
# A movement without an end date counts as a long one (≥ 5 years). Bounds: UNCONFIRMED.
DURATION_BUCKETS: Final[tuple[DurationBucket, ...]] = (
    DurationBucket("duoi_mot_nam", 300),
    DurationBucket("mot_nam", 367),
    DurationBucket("mot_den_ba_nam", 3 * 365 + 1),
    DurationBucket("ba_den_nam_nam", 5 * 365 + 2),
    DurationBucket("tu_nam_nam", None),
)

FORM_0601: Final = FormSpec(
    code="0601.N",
    title=_("SỐ PHONG TRÀO THI ĐUA"),
    description=_("Số phong trào thi đua"),
    measure=_("Phong trào"),
    columns=tuple(
        Column(key, label, _("Số phong trào thi đua chia theo cấp chủ trì phát động thi đua"))
        for key, label in (
            ("trung_uong", _("Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)")),
            (
                "bo_tinh",
                _("Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
            ),
            ("co_quan", _("Cơ quan, tổ chức, đơn vị")),
        )
    ),
    rows=_numbered_sections(
        (
            Row("tong", TOTAL, "01", indent=0),
            _heading(_("Chia theo phạm vi tổ chức thi đua")),
            Row("toan_quoc", _("- Toàn quốc"), "02"),
            Row("dia_phuong", _("- Bộ, ban, ngành, đoàn thể, địa phương"), "03"),
            Row(
                "cum_khoi",
                _("- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức"),
                "04",
            ),
            Row("co_quan", _("- Cơ quan, tổ chức, đơn vị"), "05"),
            _heading(_("Chia theo thời hạn thi đua")),
            Row("duoi_mot_nam", _("- Dưới 1 năm"), "06"),
            Row("mot_nam", _("- 1 năm"), "07"),
            Row("mot_den_ba_nam", _("- Từ 1 năm đến dưới 3 năm"), "08"),
            Row("ba_den_nam_nam", _("- Từ 3 năm đến dưới 5 năm"), "09"),
            Row("tu_nam_nam", _("- Từ 5 năm trở lên"), "10"),
            _heading(_("Chia theo phương thức tổ chức phong trào thi đua")),
            Row("chuyen_de", _("- Thi đua theo chuyên đề"), "11"),
            Row("thuong_xuyen", _("- Thi đua thường xuyên hằng năm"), "12"),
        )
    ),
)

FORM_0602: Final = FormSpec(
    code="0602.N",
    title=_("SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"),
    description=_("Số lượng khen thưởng cấp Nhà nước"),
    columns=tuple(award.column for award in AWARDS_0602),
    # The reference skips codes 04 and 05; kept as it numbers them.
    rows=_numbered_sections(
        (
            Row("tong", TOTAL, "01", indent=0),
            _heading(_("Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng")),
            Row("to_trinh_bo", _("- Bộ, ban, ngành, đoàn thể Trung ương"), "02"),
            Row("to_trinh_tinh", _("- Tỉnh, thành phố trực thuộc Trung ương"), "03"),
            *_award_rows(first_code=6),
        )
    ),
)

FORM_0603: Final = FormSpec(
    code="0603.N",
    title=_(
        "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ "
        "TRỰC THUỘC TRUNG ƯƠNG"
    ),
    description=_("Số lượng khen thưởng cấp bộ, ban, ngành, tỉnh"),
    columns=tuple(award.column for award in AWARDS_0603),
    rows=_numbered_sections((Row("tong", TOTAL, "01", indent=0), *_award_rows(first_code=2))),
)

# 0604.N and 0605.N: from what the office enters per unit and year (TdktWorkforce). Rows by
# the level of the unit (a unit's internal department counts at its parent's level); columns
# are the entered fields, named after them.
LEVEL_ROWS: Final[Mapping[str, str]] = {
    UnitKind.TINH: "cap_tinh",
    UnitKind.SO_BAN_NGANH: "cap_so",
    UnitKind.TRUNG_UONG: "cap_so",
    UnitKind.MAT_TRAN: "cap_so",
    UnitKind.HUYEN: "cap_huyen",
    UnitKind.XA: "cap_xa",
}
LEVEL_DEFAULT_ROW: Final = "khac"
LEVEL_INHERITED_KINDS: Final = frozenset({UnitKind.PHONG_BAN})


def _level_rows() -> tuple[Row, ...]:
    return _numbered_sections(
        (
            Row("tong", TOTAL, "01", indent=0),
            _heading(_("Chia theo cấp")),
            Row("cap_tinh", _("- Cấp tỉnh"), "02"),
            Row("cap_so", _("- Cấp sở, ban, ngành và tương đương"), "03"),
            Row("cap_huyen", _("- Cấp huyện"), "04"),
            Row("cap_xa", _("- Cấp xã"), "05"),
            Row("khac", _("- Doanh nghiệp, đơn vị sự nghiệp, cơ quan, đơn vị khác"), "06"),
        )
    )


ORGANISATION_COLUMNS: Final[tuple[Column, ...]] = (
    Column("councils", _("Hội đồng Thi đua - Khen thưởng"), _SPLIT),
    Column(
        "dedicated_bodies",
        _("Cơ quan, bộ phận chuyên trách làm công tác thi đua, khen thưởng"),
        _SPLIT,
    ),
    Column("part_time_bodies", _("Bộ phận kiêm nhiệm công tác thi đua, khen thưởng"), _SPLIT),
)
_POSITION = _("Chia theo vị trí việc làm")
_AGE = _("Chia theo độ tuổi")
_TRAINING = _("Chia theo trình độ đào tạo")
_SENIORITY = _("Chia theo thâm niên làm công tác thi đua, khen thưởng")
STAFF_COLUMNS: Final[tuple[Column, ...]] = (
    Column("full_time_staff", _("Chuyên trách"), _POSITION),
    Column("part_time_staff", _("Kiêm nhiệm"), _POSITION),
    Column("women", _("Nữ"), _("Trong đó")),
    Column("age_under_30", _("Dưới 30 tuổi"), _AGE),
    Column("age_30_39", _("Từ 30 đến dưới 40 tuổi"), _AGE),
    Column("age_40_49", _("Từ 40 đến dưới 50 tuổi"), _AGE),
    Column("age_50_plus", _("Từ 50 tuổi trở lên"), _AGE),
    Column("postgraduate", _("Sau đại học"), _TRAINING),
    Column("university", _("Đại học"), _TRAINING),
    Column("college", _("Cao đẳng, trung cấp"), _TRAINING),
    Column("other_training", _("Khác"), _TRAINING),
    Column("seniority_under_5", _("Dưới 5 năm"), _SENIORITY),
    Column("seniority_5_9", _("Từ 5 đến dưới 10 năm"), _SENIORITY),
    Column("seniority_10_plus", _("Từ 10 năm trở lên"), _SENIORITY),
)
# The staff total (chuyên trách + kiêm nhiệm) and the splits that must add up to it.
WORKFORCE_STAFF_TOTAL: Final = ("full_time_staff", "part_time_staff")
WORKFORCE_BREAKDOWNS: Final[tuple[tuple[Label, tuple[str, ...]], ...]] = (
    (_("độ tuổi"), ("age_under_30", "age_30_39", "age_40_49", "age_50_plus")),
    (_("trình độ đào tạo"), ("postgraduate", "university", "college", "other_training")),
    (_("thâm niên"), ("seniority_under_5", "seniority_5_9", "seniority_10_plus")),
)
WORKFORCE_FIELDS: Final[tuple[str, ...]] = tuple(
    column.key for column in (*ORGANISATION_COLUMNS, *STAFF_COLUMNS)
)

FORM_0604: Final = FormSpec(
    code="0604.N",
    title=_("SỐ TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG"),
    description=_("Số tổ chức làm công tác thi đua, khen thưởng"),
    measure=_("Tổ chức"),
    columns=ORGANISATION_COLUMNS,
    rows=_level_rows(),
)

FORM_0605: Final = FormSpec(
    code="0605.N",
    title=_("SỐ CÔNG CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG"),
    description=_("Số công chức làm công tác thi đua, khen thưởng"),
    measure=_("Người"),
    columns=STAFF_COLUMNS,
    rows=_level_rows(),
    total_of=WORKFORCE_STAFF_TOTAL,
)

FORMS: Final[Mapping[str, FormSpec]] = {
    form.code: form for form in (FORM_0601, FORM_0602, FORM_0603, FORM_0604, FORM_0605)
}
FORM_CODES: Final = tuple(FORMS)


# --- Aggregates → figures --------------------------------------------------------------------


@dataclass(frozen=True)
class MovementGroup:
    """Movements sharing the kind of their launching unit, their kind and their dates."""

    launcher_kind: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    count: int


@dataclass(frozen=True)
class ClusterGroup:
    """Yearly editions of clusters and blocks organised by units of one kind."""

    organiser_kind: str
    count: int


@dataclass(frozen=True)
class AwardGroup:
    """Valid awards sharing their code, type, kind of subject, kind of collective (for a
    collective) and statistical category (for a person)."""

    award: str
    award_type: str
    subject: str  # a SubjectKind value
    collective_kind: str
    category: str
    count: int


@dataclass(frozen=True)
class WorkforceGroup:
    """Entered counts summed over units of one kind (and parent kind)."""

    unit_kind: str
    parent_kind: str
    counts: Mapping[str, int]


def movement_duration_row(starts_on: datetime.date, ends_on: datetime.date | None) -> str:
    if ends_on is None:
        return DURATION_BUCKETS[-1].row
    days = (ends_on - starts_on).days + 1
    for bucket in DURATION_BUCKETS:
        if bucket.below_days is None or days < bucket.below_days:
            return bucket.row
    return DURATION_BUCKETS[-1].row  # pragma: no cover - the last bucket has no bound


def movement_figures(
    movements: Iterable[MovementGroup], clusters: Iterable[ClusterGroup]
) -> Figures:
    figures: Figures = Counter()
    for group in movements:
        column = LAUNCHER_COLUMNS.get(group.launcher_kind, LAUNCHER_DEFAULT_COLUMN)
        rows = (
            "tong",
            SCOPE_ROWS.get(group.launcher_kind, SCOPE_DEFAULT_ROW),
            movement_duration_row(group.starts_on, group.ends_on),
            MOVEMENT_METHOD_ROWS.get(group.kind, "chuyen_de"),
        )
        for row in rows:
            figures[row, column] += group.count
    for cluster in clusters:
        column = LAUNCHER_COLUMNS.get(cluster.organiser_kind, LAUNCHER_DEFAULT_COLUMN)
        for row in ("tong", CLUSTER_SCOPE_ROW, CLUSTER_DURATION_ROW, CLUSTER_METHOD_ROW):
            figures[row, column] += cluster.count
    return figures


def award_columns(spec: FormSpec) -> tuple[AwardColumn, ...]:
    return {FORM_0602.code: AWARDS_0602, FORM_0603.code: AWARDS_0603}[spec.code]


def award_column(
    columns: Sequence[AwardColumn], code: str, definitions: Mapping[str, AwardDefinition]
) -> str | None:
    """The column counting award `code`, or None when the form does not count it."""
    for candidate in columns:
        if code in candidate.codes or (candidate.prefixes and code.startswith(candidate.prefixes)):
            return candidate.column.key
    definition = definitions.get(code)
    for candidate in columns:
        if (
            candidate.other_level is not None
            and definition is not None
            and definition.level == candidate.other_level
        ):
            return candidate.column.key
    return None


def award_figures(
    spec: FormSpec, groups: Iterable[AwardGroup], definitions: Mapping[str, AwardDefinition]
) -> Figures:
    """0602.N or 0603.N from the grouped awards (those the form has no column for are left)."""
    columns = award_columns(spec)
    figures: Figures = Counter()
    for group in groups:
        column = award_column(columns, group.award, definitions)
        if column is None:
            continue
        rows = ["tong", SUBJECT_ROWS[group.subject]]
        if spec is FORM_0602:
            rows.append(PROPOSER_ROW_0602)
        if group.subject == SubjectKind.COLLECTIVE and group.collective_kind in ENTERPRISE_KINDS:
            rows.append("doanh_nghiep")
        if group.subject == SubjectKind.INDIVIDUAL and group.category in PERSON_CATEGORY_ROWS:
            rows.append(PERSON_CATEGORY_ROWS[group.category])
        if group.award_type in AWARD_TYPE_ROWS:
            rows.append(AWARD_TYPE_ROWS[group.award_type])
        for row in rows:
            figures[row, column] += group.count
    return figures


def workforce_level_row(unit_kind: str, parent_kind: str) -> str:
    kind = parent_kind if unit_kind in LEVEL_INHERITED_KINDS and parent_kind else unit_kind
    return LEVEL_ROWS.get(kind, LEVEL_DEFAULT_ROW)


def workforce_figures(spec: FormSpec, groups: Iterable[WorkforceGroup]) -> Figures:
    figures: Figures = Counter()
    for group in groups:
        level = workforce_level_row(group.unit_kind, group.parent_kind)
        for column in spec.column_keys:
            value = group.counts.get(column) or 0
            figures["tong", column] += value
            figures[level, column] += value
    return figures


def workforce_problems(counts: Mapping[str, int]) -> list[str]:
    """What is inconsistent in one unit's entered counts (each split adds up to the staff)."""
    labels = {column.key: column.label for column in (*ORGANISATION_COLUMNS, *STAFF_COLUMNS)}
    problems = [
        str(_("Số liệu “%(field)s” phải là số nguyên không âm.")) % {"field": labels[name]}
        for name in WORKFORCE_FIELDS
        if isinstance(counts.get(name), bool)
        or not isinstance(counts.get(name), int)
        or counts[name] < 0
    ]
    if problems:
        return problems
    staff = sum(counts[name] for name in WORKFORCE_STAFF_TOTAL)
    if counts["women"] > staff:
        problems.append(
            str(_("Số công chức nữ (%(women)s) lớn hơn tổng số công chức (%(staff)s)."))
            % {"women": format_number(counts["women"]), "staff": format_number(staff)}
        )
    for label, names in WORKFORCE_BREAKDOWNS:
        split = sum(counts[name] for name in names)
        if split != staff:
            problems.append(
                str(
                    _(
                        "Số công chức chia theo %(split)s cộng lại được %(sum)s, phải bằng tổng "
                        "số công chức chuyên trách và kiêm nhiệm (%(staff)s)."
                    )
                )
                % {"split": label, "sum": format_number(split), "staff": format_number(staff)}
            )
    return problems


# --- A filled form: the same lines for the page and the workbook -----------------------------


@dataclass(frozen=True)
class HeaderCell:
    """A cell of the table head: `row` 0 or 1 (two heading lines) or 2 (column numbers)."""

    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Line:
    label: str
    code: str
    unit: str
    values: tuple[int, ...]  # the total first; empty for a section heading
    indent: int

    @property
    def is_heading(self) -> bool:
        return not self.values

    @property
    def bold(self) -> bool:
        return self.indent == 0


@dataclass(frozen=True)
class StatisticalReport:
    """One form filled for a year and a reporting unit (its subtree)."""

    spec: FormSpec
    year: int
    unit_name: str
    receiver: str
    place: str
    figures: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def value(self, row: str, column: str) -> int:
        """A figure; `column` "tong" is the total column."""
        if column == "tong":
            return sum(self.figures.get((row, key), 0) for key in self.spec.total_keys)
        return self.figures.get((row, column), 0)

    @property
    def column_count(self) -> int:
        """Every column of the table: label, code, (unit), total, the figures."""
        return self.fixed_count + 1 + len(self.spec.columns)

    @property
    def fixed_count(self) -> int:
        return 3 if self.spec.unit_column else 2

    def header(self) -> list[HeaderCell]:
        spec = self.spec
        cells = [HeaderCell(0, 0, "", rowspan=2), HeaderCell(0, 1, str(_("Mã số")), rowspan=2)]
        letters = ["A", "B"]
        if spec.unit_column:
            cells.append(HeaderCell(0, 2, str(_("Đơn vị tính")), rowspan=2))
            letters.append("C")
        first = self.fixed_count
        cells.append(HeaderCell(0, first, str(TOTAL), rowspan=2))
        index = 0
        columns = spec.columns
        while index < len(columns):
            group = columns[index].group
            width = 1
            while (
                group
                and index + width < len(columns)
                and str(columns[index + width].group) == str(group)
            ):
                width += 1
            position = first + 1 + index
            if group:
                cells.append(HeaderCell(0, position, str(group), colspan=width))
                for offset in range(width):
                    cells.append(
                        HeaderCell(1, position + offset, str(columns[index + offset].label))
                    )
            else:
                cells.append(HeaderCell(0, position, str(columns[index].label), rowspan=2))
            index += width
        numbers = {key: str(number) for number, key in enumerate(spec.column_keys, start=2)}
        total_number = "1=({})".format("+".join(numbers[key] for key in spec.total_keys))
        for position, letter in enumerate(letters):
            cells.append(HeaderCell(2, position, letter))
        cells.append(HeaderCell(2, first, total_number))
        for offset, key in enumerate(spec.column_keys, start=1):
            cells.append(HeaderCell(2, first + offset, numbers[key]))
        return cells

    def lines(self) -> list[Line]:
        lines = []
        keys = ("tong", *self.spec.column_keys)
        for row in self.spec.rows:
            values = tuple(self.value(row.key, key) for key in keys) if row.key else ()
            lines.append(Line(str(row.label), row.code, str(row.unit), values, row.indent))
        return lines


# --- The workbook ------------------------------------------------------------------------------

FONT_NAME: Final = "Times New Roman"
HEADER_TOP: Final = 9  # the table head starts on this line
LABEL_WIDTH: Final = 52
CODE_WIDTH: Final = 7
UNIT_WIDTH: Final = 12
NUMBER_WIDTH: Final = 11
NUMBER_FORMAT: Final = "#,##0"
_SIDE: Final = Side(style="thin", color="000000")
_BORDER: Final = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)


def _font(*, bold: bool = False, italic: bool = False, size: float = 12) -> Font:
    return Font(name=FONT_NAME, bold=bold, italic=italic, size=size)


def _put(
    ws: Any,
    row: int,
    column: int,
    value: str | int,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 12,
    horizontal: str = "left",
    wrap: bool = False,
    span_to: int | None = None,
    border: bool = False,
    indent: int = 0,
    guard: bool = False,
) -> Any:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, int):
        cell.value = value
        cell.number_format = NUMBER_FORMAT
    elif value:
        # The form's own texts ("- Tập thể") are written as they are, in a string cell that is
        # never a formula; what comes from the data (unit names) is neutralised too.
        cell.value = neutralise(value) if guard else ILLEGAL_CHARACTERS_RE.sub("", nfc(value))
        cell.data_type = "s"
    cell.font = _font(bold=bold, italic=italic, size=size)
    cell.alignment = Alignment(
        horizontal=horizontal, vertical="center", wrap_text=wrap, indent=indent
    )
    if border:
        cell.border = _BORDER
    if span_to is not None and span_to > column:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=span_to)
    return cell


def _write_sheet(ws: Any, report: StatisticalReport) -> None:
    spec = report.spec
    last = report.column_count
    right = max(report.fixed_count + 1, last - 4)  # the right-hand block of the top lines

    _put(ws, 1, 1, f"{_('Biểu số')} {spec.symbol}", bold=True)
    _put(ws, 2, 1, str(BASIS), italic=True)
    _put(ws, 3, 1, str(RECEIVING_DAY))
    _put(ws, 1, right, f"{_('Đơn vị báo cáo')}: {report.unit_name}", span_to=last, guard=True)
    _put(ws, 2, right, f"{_('Đơn vị nhận báo cáo')}: {report.receiver}", span_to=last, guard=True)

    _put(ws, 5, 1, str(spec.title), bold=True, size=14, horizontal="center", span_to=last)
    _put(ws, 6, 1, f"{_('Năm')} {report.year}", italic=True, horizontal="center", span_to=last)
    if spec.measure:
        _put(ws, 7, right, f"{_('Đơn vị tính')}: {spec.measure}", italic=True, span_to=last)

    for cell in report.header():
        row, column = HEADER_TOP + cell.row, cell.column + 1
        _put(ws, row, column, cell.text, bold=True, horizontal="center", wrap=True, border=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            end_row, end_column = row + cell.rowspan - 1, column + cell.colspan - 1
            for inner_row in range(row, end_row + 1):
                for inner_column in range(column, end_column + 1):
                    ws.cell(row=inner_row, column=inner_column).border = _BORDER
            ws.merge_cells(
                start_row=row, start_column=column, end_row=end_row, end_column=end_column
            )
    first_data = HEADER_TOP + 3
    ws.row_dimensions[HEADER_TOP + 1].height = 90

    fixed = report.fixed_count
    for number, line in enumerate(report.lines(), start=first_data):
        _put(
            ws,
            number,
            1,
            line.label,
            bold=line.bold,
            wrap=True,
            border=True,
            indent=max(line.indent - 1, 0) * 2,
        )
        _put(ws, number, 2, line.code, horizontal="center", border=True)
        if spec.unit_column:
            _put(ws, number, 3, line.unit, horizontal="center", wrap=True, border=True)
        for offset in range(1 + len(spec.columns)):
            column = fixed + 1 + offset
            if line.is_heading:
                _put(ws, number, column, "", border=True)
            else:
                _put(
                    ws,
                    number,
                    column,
                    line.values[offset],
                    bold=line.bold,
                    horizontal="right",
                    border=True,
                )
    end = first_data + len(spec.rows) - 1

    footer = end + 2
    _put(
        ws,
        footer,
        right,
        f"{report.place}, {_('ngày      tháng      năm')} {report.year}"
        if report.place
        else f"{_('Ngày      tháng      năm')} {report.year}",
        italic=True,
        horizontal="center",
        span_to=last,
        guard=True,
    )
    _put(ws, footer + 1, 1, str(_("NGƯỜI LẬP BIỂU")), bold=True, horizontal="center")
    _put(ws, footer + 2, 1, str(_("(Ký, họ tên)")), italic=True, horizontal="center")
    _put(
        ws,
        footer + 1,
        right,
        str(_("THỦ TRƯỞNG ĐƠN VỊ")),
        bold=True,
        horizontal="center",
        span_to=last,
    )
    _put(
        ws,
        footer + 2,
        right,
        str(_("(Ký, đóng dấu, họ tên)")),
        italic=True,
        horizontal="center",
        span_to=last,
    )

    ws.column_dimensions["A"].width = LABEL_WIDTH
    ws.column_dimensions["B"].width = CODE_WIDTH
    if spec.unit_column:
        ws.column_dimensions["C"].width = UNIT_WIDTH
    for column in range(fixed + 1, last + 1):
        ws.column_dimensions[get_column_letter(column)].width = NUMBER_WIDTH

    ws.freeze_panes = ws.cell(row=first_data, column=fixed + 1)
    ws.print_title_rows = f"{HEADER_TOP}:{HEADER_TOP + 2}"
    ws.print_area = f"A1:{get_column_letter(last)}{footer + 6}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def sheet_name(spec: FormSpec) -> str:
    return f"Biểu {spec.code}"


def workbook_bytes(reports: Sequence[StatisticalReport]) -> bytes:
    """One sheet per form ("Biểu 0603.N"), in Vietnamese whatever the page language."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    with translation.override("vi"):
        for report in reports:
            ws = workbook.create_sheet(nfc(sheet_name(report.spec)))
            _write_sheet(ws, report)
    workbook.properties.title = nfc(
        ", ".join(f"{_('Biểu số')} {report.spec.symbol}" for report in reports)
    )
    workbook.properties.creator = "Thi đua"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
