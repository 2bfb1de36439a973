"""The statistical forms without a database: the definitions, aggregates → figures, and the
workbook (sheet names, title lines, the two-line head, numbers in cells, the signature
footer, Times New Roman, A4 landscape, the frozen head)."""

import datetime
import io
from collections import Counter

import pytest
from django.utils import translation
from openpyxl import load_workbook

from thidua.commendation.catalogue import award_definitions
from thidua.documents.statistical_forms import (
    FORM_0601,
    FORM_0602,
    FORM_0603,
    FORM_0604,
    FORM_0605,
    FORM_CODES,
    FORMS,
    WORKFORCE_FIELDS,
    AwardGroup,
    ClusterGroup,
    MovementGroup,
    StatisticalReport,
    WorkforceGroup,
    award_figures,
    movement_duration_row,
    movement_figures,
    workbook_bytes,
    workforce_figures,
    workforce_level_row,
    workforce_problems,
)

D = datetime.date
HEAD = 9  # first line of the table head
FIRST_DATA = HEAD + 3


def _report(spec, figures=None, *, unit="Tỉnh Thử Nghiệm", place="Thử Nghiệm"):  # type: ignore[no-untyped-def]
    return StatisticalReport(
        spec=spec,
        year=2024,
        unit_name=unit,
        receiver="Bộ Nội vụ",
        place=place,
        figures=Counter(figures or {}),
    )


def _sheets(*reports):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(workbook_bytes(list(reports))))


def _row_of(ws, code: str) -> int:  # type: ignore[no-untyped-def]
    for row in range(FIRST_DATA, ws.max_row + 1):
        if ws.cell(row=row, column=2).value == code:
            return row
    raise AssertionError(f"no line {code}")


# --- Definitions -------------------------------------------------------------------------------


def test_five_forms_in_order_with_their_symbols() -> None:
    assert FORM_CODES == ("0601.N", "0602.N", "0603.N", "0604.N", "0605.N")
    assert [FORMS[code].symbol for code in FORM_CODES] == [
        "0601.N/BNV-TĐKT",
        "0602.N/BNV-TĐKT",
        "0603.N/BNV-TĐKT",
        "0604.N/BNV-TĐKT",
        "0605.N/BNV-TĐKT",
    ]


@pytest.mark.parametrize("code", FORM_CODES)
def test_row_codes_are_unique_and_keys_distinct(code: str) -> None:
    spec = FORMS[code]

    codes = [row.code for row in spec.rows if row.key]
    keys = [row.key for row in spec.rows if row.key]

    assert codes[0] == "01"
    assert len(set(codes)) == len(codes)
    assert len(set(keys)) == len(keys)
    assert len(set(spec.column_keys)) == len(spec.column_keys)


def test_0603_rows_and_columns_as_the_reference_form() -> None:
    with translation.override("vi"):
        columns = [str(column.label) for column in FORM_0603.columns]
        rows = [(row.code, str(row.label)) for row in FORM_0603.rows]

    assert columns[:2] == ["Bằng khen", "Chiến sĩ thi đua cấp bộ, cấp tỉnh"]
    assert columns[2].startswith("Cờ thi đua")
    assert columns[3].startswith("Huy hiệu (kỷ niệm chương)")
    assert [code for code, _ in rows if code] == [f"{n:02d}" for n in range(1, 18)]
    assert rows[1] == ("", "1. Chia theo đối tượng khen thưởng")
    assert ("03", "Trong đó: Doanh nghiệp") in rows
    assert rows[11] == ("", "2. Chia theo phương thức khen thưởng")
    assert [label for code, label in rows[12:]] == [
        "- Thường xuyên",
        "- Chuyên đề",
        "- Đột xuất",
        "- Đối ngoại",
        "- Cống hiến",
        "- Niên hạn",
        "- Kháng chiến",
    ]


# --- Aggregates → figures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "row"),
    [
        (D(2024, 1, 1), D(2024, 2, 3), "duoi_mot_nam"),
        (D(2024, 2, 6), D(2024, 11, 30), "duoi_mot_nam"),  # 299 days
        (D(2024, 2, 6), D(2024, 12, 1), "mot_nam"),  # 300 days
        (D(2024, 1, 1), D(2024, 12, 31), "mot_nam"),
        (D(2024, 1, 1), D(2025, 1, 1), "mot_den_ba_nam"),
        (D(2022, 1, 1), D(2024, 12, 31), "ba_den_nam_nam"),
        (D(2020, 1, 1), D(2024, 12, 31), "tu_nam_nam"),
        (D(2024, 5, 1), None, "tu_nam_nam"),
    ],
)
def test_movement_duration_buckets(
    starts_on: datetime.date, ends_on: datetime.date | None, row: str
) -> None:
    assert movement_duration_row(starts_on, ends_on) == row


def test_movement_figures_by_launcher_scope_duration_and_method() -> None:
    movements = [
        MovementGroup("tinh", "regular", D(2024, 2, 6), D(2024, 12, 31), 1),
        MovementGroup("tinh", "thematic", D(2024, 2, 6), D(2024, 12, 31), 6),
        MovementGroup("tinh", "anniversary", D(2024, 1, 1), D(2024, 2, 3), 2),
        MovementGroup("huyen", "thematic", D(2021, 1, 1), D(2025, 12, 31), 3),
        MovementGroup("so_ban_nganh", "regular", D(2024, 2, 16), None, 1),
    ]
    clusters = [ClusterGroup("tinh", 2), ClusterGroup("huyen", 1)]

    figures = movement_figures(movements, clusters)
    report = _report(FORM_0601, figures)

    assert report.value("tong", "tong") == 16
    assert [report.value("tong", key) for key in FORM_0601.column_keys] == [0, 11, 5]
    assert [report.value(row, "tong") for row in ("toan_quoc", "dia_phuong", "cum_khoi")] == [
        0,
        9,
        3,
    ]
    assert report.value("co_quan", "co_quan") == 4
    assert report.value("cum_khoi", "co_quan") == 1
    assert [
        report.value(row, "tong")
        for row in ("duoi_mot_nam", "mot_nam", "mot_den_ba_nam", "ba_den_nam_nam", "tu_nam_nam")
    ] == [2, 10, 0, 3, 1]
    assert (report.value("chuyen_de", "tong"), report.value("thuong_xuyen", "tong")) == (11, 5)


def test_award_figures_of_0603_by_subject_category_and_method() -> None:
    groups = [
        AwardGroup("BANG_KHEN_TINH", "phong_trao", "individual", "", "truc_tiep", 5),
        AwardGroup("BANG_KHEN_TINH", "cong_trang", "individual", "", "lanh_dao_so", 2),
        AwardGroup("BANG_KHEN_TINH", "dot_xuat", "individual", "", "", 1),  # no category
        AwardGroup("BANG_KHEN_TINH", "chuyen_de", "household", "", "", 3),
        AwardGroup("CO_THI_DUA_TINH", "phong_trao", "collective", "doanh_nghiep", "", 1),
        AwardGroup("CO_THI_DUA_TINH", "phong_trao", "collective", "xa", "", 2),
        AwardGroup("CSTD_TINH", "phong_trao", "individual", "", "lanh_dao_khac", 4),
        AwardGroup("KY_NIEM_CHUONG_TINH", "cong_hien", "individual", "", "doanh_nhan", 1),
        AwardGroup("TTLDXS", "phong_trao", "collective", "so_ban_nganh", "", 7),  # no column
        AwardGroup("LDTT", "phong_trao", "individual", "", "truc_tiep", 50),  # not provincial
        AwardGroup("BANG_KHEN_TTG", "phong_trao", "individual", "", "truc_tiep", 9),  # 0602
    ]

    report = _report(FORM_0603, award_figures(FORM_0603, groups, award_definitions()))

    assert [report.value("tong", key) for key in ("tong", *FORM_0603.column_keys)] == [
        19,
        11,
        4,
        3,
        1,
    ]
    assert [report.value(row, "tong") for row in ("tap_the", "doanh_nghiep", "ho_gia_dinh")] == [
        3,
        1,
        3,
    ]
    assert report.value("ca_nhan", "tong") == 13
    assert [
        report.value(row, "tong")
        for row in ("lanh_dao_tinh", "lanh_dao_so", "doanh_nhan", "lanh_dao_khac", "truc_tiep")
    ] == [0, 2, 1, 4, 5]
    assert [
        report.value(row, "tong")
        for row in (
            "thuong_xuyen",
            "chuyen_de",
            "dot_xuat",
            "doi_ngoai",
            "cong_hien",
            "nien_han",
            "khang_chien",
        )
    ] == [14, 3, 1, 0, 1, 0, 0]


def test_award_figures_of_0602_count_state_awards_proposed_by_the_province() -> None:
    groups = [
        AwardGroup("BANG_KHEN_TTG", "phong_trao", "individual", "", "truc_tiep", 3),
        AwardGroup("BANG_KHEN_TTG", "cong_trang", "collective", "doanh_nghiep", "", 1),
        AwardGroup("CO_THI_DUA_CP", "phong_trao", "collective", "so_ban_nganh", "", 1),
        AwardGroup("CSTD_TOAN_QUOC", "phong_trao", "individual", "", "lanh_dao_so", 1),
        AwardGroup("HUAN_CHUONG_LAO_DONG_HANG_BA", "cong_hien", "individual", "", "", 2),
        AwardGroup("BANG_KHEN_TINH", "phong_trao", "individual", "", "truc_tiep", 40),
    ]

    report = _report(FORM_0602, award_figures(FORM_0602, groups, award_definitions()))

    assert report.value("tong", "tong") == 8
    assert (report.value("to_trinh_tinh", "tong"), report.value("to_trinh_bo", "tong")) == (8, 0)
    assert report.value("tong", "bang_khen_ttg") == 4
    assert report.value("tong", "huan_chuong") == 2
    assert report.value("doanh_nghiep", "bang_khen_ttg") == 1
    assert report.value("cong_hien", "huan_chuong") == 2


def test_workforce_levels_and_figures() -> None:
    counts = dict.fromkeys(WORKFORCE_FIELDS, 0) | {
        "councils": 1,
        "dedicated_bodies": 1,
        "full_time_staff": 3,
        "part_time_staff": 1,
        "women": 2,
        "age_30_39": 4,
        "university": 4,
        "seniority_under_5": 4,
    }
    groups = [
        WorkforceGroup("tinh", "", counts),
        WorkforceGroup("phong_ban", "huyen", counts),  # a district's department
        WorkforceGroup("xa", "huyen", counts),
        WorkforceGroup("doanh_nghiep", "tinh", counts),
    ]

    staff = _report(FORM_0605, workforce_figures(FORM_0605, groups))
    bodies = _report(FORM_0604, workforce_figures(FORM_0604, groups))

    assert workforce_level_row("phong_ban", "so_ban_nganh") == "cap_so"
    assert workforce_level_row("trung_uong", "tinh") == "cap_so"
    assert [staff.value(row, "tong") for row in FORM_0605.row_keys] == [16, 4, 0, 4, 4, 4]
    assert staff.value("tong", "women") == 8
    assert [bodies.value("tong", key) for key in ("tong", *FORM_0604.column_keys)] == [8, 4, 4, 0]


def test_workforce_problems_name_each_split_that_does_not_add_up() -> None:
    counts = dict.fromkeys(WORKFORCE_FIELDS, 0) | {
        "full_time_staff": 2,
        "part_time_staff": 1,
        "women": 4,
        "age_under_30": 3,
        "university": 2,
        "seniority_10_plus": 3,
    }

    with translation.override("vi"):
        problems = workforce_problems(counts)
        negative = workforce_problems(counts | {"councils": -1})

    assert problems == [
        "Số công chức nữ (4) lớn hơn tổng số công chức (3).",
        "Số công chức chia theo trình độ đào tạo cộng lại được 2, phải bằng tổng số công chức "
        "chuyên trách và kiêm nhiệm (3).",
    ]
    assert negative == ["Số liệu “Hội đồng Thi đua - Khen thưởng” phải là số nguyên không âm."]


# --- The workbook ----------------------------------------------------------------------------


def test_workbook_has_one_sheet_per_form_in_order() -> None:
    reports = [_report(FORMS[code]) for code in FORM_CODES]

    workbook = _sheets(*reports)

    assert workbook.sheetnames == [f"Biểu {code}" for code in FORM_CODES]


def test_sheet_top_lines_title_and_measure() -> None:
    ws = _sheets(_report(FORM_0601))["Biểu 0601.N"]

    assert ws["A1"].value == "Biểu số 0601.N/BNV-TĐKT"
    assert ws["A1"].font.bold
    assert "Thông tư số 02/2023/TT-BNV" in ws["A2"].value
    assert ws["A3"].value == "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo"
    assert ws["C1"].value == "Đơn vị báo cáo: Tỉnh Thử Nghiệm"
    assert ws["C2"].value == "Đơn vị nhận báo cáo: Bộ Nội vụ"
    assert ws["A5"].value == "SỐ PHONG TRÀO THI ĐUA"
    assert ws["A6"].value == "Năm 2024"
    assert ws["C7"].value == "Đơn vị tính: Phong trào"
    assert "A5:F5" in {str(merged) for merged in ws.merged_cells.ranges}


def test_sheet_head_two_lines_merged_and_numbered() -> None:
    ws = _sheets(_report(FORM_0601))["Biểu 0601.N"]
    merged = {str(cells) for cells in ws.merged_cells.ranges}

    assert [ws.cell(row=HEAD, column=column).value for column in range(1, 5)] == [
        None,
        "Mã số",
        "Tổng số",
        "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
    ]
    assert {"A9:A10", "B9:B10", "C9:C10", "D9:F9"} <= merged
    assert ws["D10"].value == "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"
    assert ws["F10"].value == "Cơ quan, tổ chức, đơn vị"
    assert [ws.cell(row=HEAD + 2, column=column).value for column in range(1, 7)] == [
        "A",
        "B",
        "1=(2+3+4)",
        "2",
        "3",
        "4",
    ]


def test_sheet_with_a_unit_column_and_its_head() -> None:
    ws = _sheets(_report(FORM_0603))["Biểu 0603.N"]

    assert [ws.cell(row=HEAD, column=column).value for column in range(1, 6)] == [
        None,
        "Mã số",
        "Đơn vị tính",
        "Tổng số",
        "Chia ra",
    ]
    assert ws.cell(row=HEAD + 2, column=4).value == "1=(2+3+4+5)"
    row = _row_of(ws, "10")
    assert ws.cell(row=row, column=3).value == "Người"
    assert ws.cell(row=row, column=1).value.startswith("+ Người trực tiếp công tác")


def test_sheet_numbers_are_numeric_cells_with_the_total_column() -> None:
    figures = {
        ("tong", "bang_khen"): 4600,
        ("tong", "cstd_tinh"): 7,
        ("ca_nhan", "bang_khen"): 4000,
        ("tap_the", "bang_khen"): 600,
    }
    ws = _sheets(_report(FORM_0603, figures))["Biểu 0603.N"]

    total, people, households = _row_of(ws, "01"), _row_of(ws, "05"), _row_of(ws, "04")
    values = [ws.cell(row=total, column=column).value for column in range(4, 9)]

    assert values == [4607, 4600, 7, 0, 0]
    assert ws.cell(row=total, column=4).number_format == "#,##0"
    assert ws.cell(row=total, column=1).font.bold
    assert ws.cell(row=people, column=5).value == 4000
    assert ws.cell(row=households, column=4).value == 0
    heading = _row_of(ws, "02") - 1
    assert ws.cell(row=heading, column=1).value == "1. Chia theo đối tượng khen thưởng"
    assert ws.cell(row=heading, column=4).value is None


def test_0605_total_is_full_time_plus_part_time_only() -> None:
    figures = {
        ("tong", "full_time_staff"): 3,
        ("tong", "part_time_staff"): 2,
        ("tong", "women"): 4,
        ("tong", "age_under_30"): 5,
    }
    ws = _sheets(_report(FORM_0605, figures))["Biểu 0605.N"]
    total = _row_of(ws, "01")

    assert ws.cell(row=HEAD + 2, column=3).value == "1=(2+3)"
    assert [ws.cell(row=total, column=column).value for column in range(3, 8)] == [5, 3, 2, 4, 5]
    assert ws.cell(row=HEAD, column=6).value == "Trong đó"
    assert ws.cell(row=HEAD + 1, column=6).value == "Nữ"


def test_sheet_footer_fonts_and_print_setup() -> None:
    ws = _sheets(_report(FORM_0604))["Biểu 0604.N"]
    last_line = _row_of(ws, "06")

    footer = {
        ws.cell(row=row, column=column).value
        for row in range(last_line + 1, ws.max_row + 1)
        for column in range(1, 7)
    }

    assert {
        "Thử Nghiệm, ngày      tháng      năm 2024",
        "NGƯỜI LẬP BIỂU",
        "(Ký, họ tên)",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, đóng dấu, họ tên)",
    } <= footer
    fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {"Times New Roman"}
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9": A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == f"C{FIRST_DATA}"
    assert ws.print_title_rows == f"${HEAD}:${HEAD + 2}"


def test_workbook_is_vietnamese_whatever_the_page_language() -> None:
    with translation.override("en"):
        ws = _sheets(_report(FORM_0601))["Biểu 0601.N"]

    assert ws["A5"].value == "SỐ PHONG TRÀO THI ĐUA"
    assert ws.cell(row=HEAD, column=3).value == "Tổng số"


def test_unit_names_that_look_like_formulas_are_neutralised() -> None:
    ws = _sheets(_report(FORM_0601, unit="=HYPERLINK(1)", place="+Kon Tum"))["Biểu 0601.N"]

    assert ws["C1"].value == "Đơn vị báo cáo: =HYPERLINK(1)"
    assert ws["C1"].data_type == "s"
    footer = [
        cell.value
        for row in ws.iter_rows(min_row=FIRST_DATA)
        for cell in row
        if isinstance(cell.value, str) and "Kon Tum" in cell.value
    ]
    assert footer == ["'+Kon Tum, ngày      tháng      năm 2024"]
