"""Excel round trip for target reports: the template, the import through the report services,
every way a file can be wrong (each refused with its Vietnamese message and nothing saved),
and formula injection on export."""

import datetime
import io
import random
import zipfile
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.exceptions import ApplicationError
from thidua.org.services import orgunit_rename
from thidua.targets.enums import ReportStatus
from thidua.targets.excel import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    HEADERS,
    MAX_BYTES,
    ExportRow,
    TemplateRow,
    UploadError,
    build_export,
    build_template,
    parse_upload,
)
from thidua.targets.imports import export_rows_for, report_import, template_rows_for
from thidua.targets.models import Report, ReportRevision
from thidua.targets.services import campaign_create, report_save, report_submit

TODAY = datetime.date(2024, 3, 15)
# tree.unit's template: the monthly revenue measure, January in row 6 … December in row 17.
JAN, FEB, MAR, DEC = FIRST_DATA_ROW, FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 2, FIRST_DATA_ROW + 11
VALUE, EXPLANATION = "G", "H"


def template(setup, unit) -> bytes:
    rows = template_rows_for(campaign=setup.campaign, unit=unit, year=2024)
    return build_template(campaign=setup.campaign, unit=unit, rows=rows, today=TODAY)


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    """Open the workbook as a person would in a spreadsheet program, change it, save it."""
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def fill(data: bytes, cells: dict[str, Any]) -> bytes:
    def change(wb: Any) -> None:
        for coordinate, value in cells.items():
            wb["Báo cáo"][coordinate] = value

    return edit(data, change)


def open_book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


# --- Template rows -----------------------------------------------------------------------------


def test_template_rows_follow_assignments(tree: Tree, setup) -> None:
    rows = template_rows_for(campaign=setup.campaign, unit=tree.unit, year=2024)
    assert [(r.code, r.period_key) for r in rows] == [
        ("1", f"2024-{month:02d}") for month in range(1, 13)
    ]
    assert rows[0].period_label == "Tháng 1/2024"
    assert rows[0].due_date == datetime.date(2024, 2, 10)
    assert rows[0].status_label == "Chưa báo cáo"
    assert all(r.editable and r.value is None for r in rows)

    # The summed measure is reported by its contributors, not by its lead unit.
    child = template_rows_for(campaign=setup.campaign, unit=tree.child, year=2024)
    assert [(r.code, r.period_key) for r in child] == [("2", f"2024-Q{q}") for q in range(1, 5)]
    assert template_rows_for(campaign=setup.campaign, unit=tree.province, year=2024) == []


def test_template_rows_go_to_the_successor(tree: Tree, setup) -> None:
    renamed = orgunit_rename(
        actor=None, unit=tree.unit, name="Sở mới", effective_date=datetime.date(2024, 7, 1)
    )

    new = template_rows_for(campaign=setup.campaign, unit=renamed, year=2024)
    old = template_rows_for(campaign=setup.campaign, unit=tree.unit, year=2024)

    assert [r.period_key for r in new] == [f"2024-{month:02d}" for month in range(7, 13)]
    assert [r.period_key for r in old] == [f"2024-{month:02d}" for month in range(1, 7)]


def test_template_rows_carry_current_values(tree: Tree, setup) -> None:
    sent = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(5)
    )
    report_submit(actor=None, report=sent)
    report_save(
        actor=None,
        measure=setup.revenue,
        unit=tree.unit,
        period_key="2024-02",
        value=Decimal("7.25"),
        explanation="Ước tính",
    )

    rows = template_rows_for(campaign=setup.campaign, unit=tree.unit, year=2024)

    assert (rows[0].value, rows[0].status_label, rows[0].editable) == (
        Decimal(5),
        "Đã gửi, chờ duyệt",
        False,
    )
    assert (rows[1].value, rows[1].explanation, rows[1].editable) == (
        Decimal("7.25"),
        "Ước tính",
        True,
    )


def test_template_rows_only_for_the_campaign_year(tree: Tree, setup) -> None:
    with pytest.raises(ApplicationError, match="không có kỳ báo cáo của năm 2025"):
        template_rows_for(campaign=setup.campaign, unit=tree.unit, year=2025)


# --- Template workbook -------------------------------------------------------------------------


def test_template_layout(tree: Tree, setup) -> None:
    wb = open_book(template(setup, tree.unit))
    ws = wb["Báo cáo"]

    assert wb.sheetnames == ["Báo cáo", "_meta"]
    assert ws["A1"].value == "Phong trào thi đua năm 2024"
    assert ws["A2"].value == "Đơn vị báo cáo: Sở Nội vụ tỉnh Thử Nghiệm"
    assert ws["A3"].value == "Mẫu báo cáo chỉ tiêu – tải về ngày 15/03/2024"
    assert [cell.value for cell in ws[HEADER_ROW]] == [
        "Mã chỉ số",
        "Chỉ số",
        "Đơn vị tính",
        "Mã kỳ",
        "Kỳ báo cáo",
        "Hạn báo cáo",
        "Giá trị",
        "Giải trình",
        "Trạng thái",
    ]
    assert [cell.value for cell in ws[JAN]] == [
        "1",
        "Thu ngân sách",
        "tỷ đồng",
        "2024-01",
        "Tháng 1/2024",
        "10/02/2024",
        None,
        None,
        "Chưa báo cáo",
    ]
    assert ws["F6"].data_type == "s"  # the due date is text, dd/mm/yyyy
    assert ws.max_row == DEC
    assert all(ws.column_dimensions[letter].width > 5 for letter in "ABCDEFGHI")

    meta = wb["_meta"]
    assert meta.sheet_state == "veryHidden"
    values = [tuple(row) for row in meta.iter_rows(values_only=True)]
    assert values[:3] == [
        ("format", "thidua-targets-1", None, None, None),
        ("campaign_id", setup.campaign.pk, None, None, None),
        ("unit_id", tree.unit.pk, None, None, None),
    ]
    assert values[7] == (setup.revenue.pk, "2024-01", "1", 1, 0)
    assert len(values) == 7 + 12


def test_template_is_protected_except_value_cells(tree: Tree, setup) -> None:
    sent = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(5)
    )
    report_submit(actor=None, report=sent)
    wb = open_book(template(setup, tree.unit))
    ws = wb["Báo cáo"]

    assert ws.protection.sheet is True
    assert wb.security.lockStructure is True
    assert ws[f"G{FEB}"].protection.locked is False
    assert ws[f"H{FEB}"].protection.locked is False
    assert ws[f"A{FEB}"].protection.locked is True
    assert ws[f"I{FEB}"].protection.locked is True
    # The submitted January line is locked entirely and shows its value.
    assert ws[f"G{JAN}"].protection.locked is True
    assert ws[f"G{JAN}"].value == 5
    assert ws[f"I{JAN}"].value == "Đã gửi, chờ duyệt"


def test_template_validates_the_value_column(tree: Tree, setup) -> None:
    ws = open_book(template(setup, tree.unit))["Báo cáo"]

    [validation] = ws.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )
    assert validation.error == "Giá trị phải là số không âm"
    assert validation.showErrorMessage is True
    assert str(validation.sqref) == f"G{JAN}:G{DEC}"


def test_negative_values_allowed_where_the_measure_allows_them() -> None:
    row = TemplateRow(
        measure_id=1,
        code="3",
        indicator="Tăng hạng chỉ số PCI",
        unit_label="bậc",
        period_key="2024",
        period_label="Năm 2024",
        due_date=datetime.date(2025, 1, 10),
        value=None,
        explanation="",
        status_label="Chưa báo cáo",
        editable=True,
        allow_negative=True,
    )
    data = build_template(
        campaign=SimpleNamespace(pk=7, name="Phong trào"),
        unit=SimpleNamespace(pk=8, name="Sở"),
        rows=[row],
    )

    parsed = parse_upload(fill(data, {f"G{JAN}": -3}), campaign_id=7, unit_id=8)

    assert [(r.measure_id, r.period_key, r.value) for r in parsed.rows] == [(1, "2024", -3)]


# --- Import ------------------------------------------------------------------------------------


def test_round_trip_saves_exact_values(tree: Tree, setup) -> None:
    reporter = make_user(Role.NHAP_LIEU, tree.unit)
    data = fill(
        template(setup, tree.unit),
        {
            f"G{JAN}": "1.234,5",  # typed as Vietnamese text
            f"G{MAR}": 310.25,  # a native number
            f"H{MAR}": "  Lũy kế quý I  ",
        },
    )

    result = report_import(actor=reporter, campaign=setup.campaign, unit=tree.unit, data=data)

    assert (result.saved, result.submitted, result.skipped, result.unchanged) == (2, 0, 0, 0)
    reports = {r.period_key: r for r in Report.objects.filter(unit=tree.unit)}
    assert set(reports) == {"2024-01", "2024-03"}
    assert reports["2024-01"].value == Decimal("1234.5")
    assert reports["2024-03"].value == Decimal("310.25")
    assert str(reports["2024-03"].value) == "310.2500"
    assert reports["2024-03"].explanation == "Lũy kế quý I"
    assert {r.status for r in reports.values()} == {ReportStatus.DRAFT}
    assert reports["2024-01"].revisions.get().actor == reporter

    # The next template shows the saved values, ready to be completed.
    ws = open_book(template(setup, tree.unit))["Báo cáo"]
    assert ws[f"G{JAN}"].value == Decimal("1234.5")
    assert ws[f"I{JAN}"].value == "Đang soạn"


def test_import_can_submit(tree: Tree, setup) -> None:
    reporter = make_user(Role.NHAP_LIEU, tree.unit)
    data = fill(template(setup, tree.unit), {f"G{JAN}": 12, f"G{FEB}": "4.600,5"})

    result = report_import(
        actor=reporter, campaign=setup.campaign, unit=tree.unit, data=data, submit=True
    )

    assert (result.saved, result.submitted) == (2, 2)
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}
    assert Report.objects.get(period_key="2024-02").value == Decimal("4600.5")


def test_reimport_of_the_same_values_saves_nothing(tree: Tree, setup) -> None:
    data = fill(template(setup, tree.unit), {f"G{JAN}": 12, f"H{JAN}": "Ghi chú"})
    report_import(actor=None, campaign=setup.campaign, unit=tree.unit, data=data)
    revisions = ReportRevision.objects.count()

    again = report_import(actor=None, campaign=setup.campaign, unit=tree.unit, data=data)

    assert (again.saved, again.unchanged) == (0, 1)
    assert ReportRevision.objects.count() == revisions


def test_reports_sent_after_download_are_skipped(tree: Tree, setup) -> None:
    data = fill(template(setup, tree.unit), {f"G{JAN}": 99, f"G{FEB}": 1})
    sent = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(5)
    )
    report_submit(actor=None, report=sent)

    result = report_import(actor=None, campaign=setup.campaign, unit=tree.unit, data=data)

    assert (result.saved, result.skipped) == (1, 1)
    assert Report.objects.get(period_key="2024-01").value == Decimal(5)


def test_empty_values_are_not_errors(tree: Tree, setup) -> None:
    data = fill(template(setup, tree.unit), {f"G{FEB}": 3, f"G{MAR}": "  ", f"H{MAR}": "x"})

    parsed = parse_upload(data, campaign_id=setup.campaign.pk, unit_id=tree.unit.pk)

    assert [(r.row, r.period_key, r.value) for r in parsed.rows] == [(FEB, "2024-02", 3)]
    assert parsed.empty == 11


def test_a_row_refused_by_the_service_rolls_everything_back(tree: Tree, setup) -> None:
    """A line the report services refuse aborts the import and names its Excel row."""

    def quarterly_march(wb: Any) -> None:
        # A doctored file: March claims a quarter key, in the sheet and in the signature alike.
        wb["Báo cáo"][f"D{MAR}"] = "2024-Q1"
        wb["_meta"].cell(row=8 + 2, column=2).value = "2024-Q1"

    data = edit(fill(template(setup, tree.unit), {f"G{JAN}": 1, f"G{MAR}": 2}), quarterly_march)

    with pytest.raises(ApplicationError, match=f"^Dòng {MAR}: Kỳ báo cáo “2024-Q1” không thuộc"):
        report_import(actor=None, campaign=setup.campaign, unit=tree.unit, data=data)
    assert Report.objects.count() == 0


def test_import_needs_the_right_to_report_for_the_unit(tree: Tree, setup) -> None:
    data = fill(template(setup, tree.unit), {f"G{JAN}": 1})

    with pytest.raises(PermissionDenied):
        report_import(
            actor=make_user(Role.NHAP_LIEU, tree.other),
            campaign=setup.campaign,
            unit=tree.unit,
            data=data,
        )
    assert Report.objects.count() == 0


# --- Bad files ---------------------------------------------------------------------------------


def _empty_zip(tree: Tree, setup, good: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    return buffer.getvalue()


def _broken_workbook_xml(tree: Tree, setup, good: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, b"<workbook" if item.filename == "xl/workbook.xml" else content)
    return buffer.getvalue()


def _other_unit(tree: Tree, setup, good: bytes) -> bytes:
    return fill(template(setup, tree.child), {f"G{JAN}": 1})


def _other_campaign(tree: Tree, setup, good: bytes) -> bytes:
    campaign = campaign_create(
        actor=None,
        province=tree.province,
        year=2024,
        name="Phong trào thi đua chuyên đề",
        directive_number="02/CT-UBND",
        directive_date=datetime.date(2024, 3, 1),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
    )
    return build_template(campaign=campaign, unit=tree.unit, rows=[])


def _without_meta(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        del wb["_meta"]

    return edit(good, change)


def _without_report_sheet(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        wb["_meta"].sheet_state = "visible"
        del wb["Báo cáo"]

    return edit(good, change)


def _old_version(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        wb["_meta"]["B1"] = "thidua-targets-0"

    return edit(good, change)


def _changed_header(tree: Tree, setup, good: bytes) -> bytes:
    return fill(good, {f"G{HEADER_ROW}": "Số liệu"})


def _copy_row(ws: Any, source: int, target: int) -> None:
    for column in range(1, len(HEADERS) + 1):
        ws.cell(row=target, column=column).value = ws.cell(row=source, column=column).value


def _duplicated_row(tree: Tree, setup, good: bytes) -> bytes:
    return edit(good, lambda wb: _copy_row(wb["Báo cáo"], JAN, DEC + 1))


def _added_row(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        _copy_row(wb["Báo cáo"], JAN, DEC + 1)
        wb["Báo cáo"][f"D{DEC + 1}"] = "2025-01"

    return edit(good, change)


def _removed_row(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        for column in range(1, len(HEADERS) + 1):
            wb["Báo cáo"].cell(row=DEC, column=column).value = None

    return edit(good, change)


def _swapped_rows(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        ws = wb["Báo cáo"]
        _copy_row(ws, FEB, DEC + 1)
        _copy_row(ws, MAR, FEB)
        _copy_row(ws, DEC + 1, MAR)
        for column in range(1, len(HEADERS) + 1):
            ws.cell(row=DEC + 1, column=column).value = None

    return edit(good, change)


def _too_many_rows(tree: Tree, setup, good: bytes) -> bytes:
    def change(wb: Any) -> None:
        ws = wb["Báo cáo"]
        for row in range(DEC + 1, FIRST_DATA_ROW + 5001):
            ws.cell(row=row, column=1).value = "1"

    return edit(good, change)


BAD_FILES: list[tuple[str, Callable[[Tree, Any, bytes], bytes], str]] = [
    (
        "random_bytes",
        lambda tree, setup, good: random.Random(1).randbytes(4000),
        "Tệp không phải bảng tính Excel .xlsx hợp lệ.",
    ),
    (
        "encrypted_ole",
        lambda tree, setup, good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
        "Tệp là bảng tính Excel cũ (.xls) hoặc có đặt mật khẩu; hãy lưu lại thành .xlsx không "
        "đặt mật khẩu.",
    ),
    ("empty_zip", _empty_zip, "Tệp không phải bảng tính Excel .xlsx hợp lệ."),
    ("broken_xml", _broken_workbook_xml, "Tệp không phải bảng tính Excel .xlsx hợp lệ."),
    (
        "oversized",
        lambda tree, setup, good: good + bytes(MAX_BYTES),
        "Tệp lớn hơn 5 MB",
    ),
    (
        "other_unit",
        _other_unit,
        "Tệp mẫu này dành cho đơn vị “Phòng Thi đua - Khen thưởng”",
    ),
    ("other_campaign", _other_campaign, "Tệp mẫu này dành cho phong trào khác"),
    ("meta_removed", _without_meta, "Tệp không đúng mẫu: thiếu trang “_meta”."),
    ("report_sheet_removed", _without_report_sheet, "Tệp không đúng mẫu: thiếu trang “Báo cáo”."),
    ("old_version", _old_version, "Tệp mẫu không đúng phiên bản (“thidua-targets-0”"),
    (
        "changed_header",
        _changed_header,
        f"Trang “Báo cáo”, dòng {HEADER_ROW}: dòng tiêu đề đã bị thay đổi, tệp không đúng mẫu",
    ),
    (
        "duplicated_row",
        _duplicated_row,
        f"Trang “Báo cáo”, dòng {DEC + 1}: trùng chỉ số “1” kỳ “2024-01” với dòng {JAN}",
    ),
    (
        "added_row",
        _added_row,
        f"Trang “Báo cáo”, dòng {DEC + 1}: dòng chỉ số “1” kỳ “2025-01” không có trong mẫu",
    ),
    ("removed_row", _removed_row, "thiếu dòng chỉ số “1” kỳ “2024-12” so với mẫu"),
    (
        "reordered_rows",
        _swapped_rows,
        f"dòng {FEB}: thứ tự dòng khác với mẫu (ở đây phải là chỉ số “1” kỳ “2024-02”)",
    ),
    ("too_many_rows", _too_many_rows, "Tệp có quá 5.000 dòng số liệu."),
    (
        "text_not_number",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "abc"}),
        f"Trang “Báo cáo”, dòng {FEB}, cột “Giá trị”: “abc” không phải là số (",
    ),
    (
        "two_commas",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "12,3,4"}),
        f"dòng {FEB}, cột “Giá trị”: “12,3,4” không phải là số "
        "(có nhiều hơn một dấu phẩy thập phân).",
    ),
    (
        "english_decimal",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "1234.5"}),
        "“1234.5” không phải là số (dấu chấm phân cách hàng nghìn",
    ),
    (
        "negative",
        lambda tree, setup, good: fill(good, {f"G{FEB}": -5}),
        f"dòng {FEB}, cột “Giá trị”: Giá trị không được âm (“-5”).",
    ),
    (
        "negative_text",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "-1.000"}),
        "Giá trị không được âm (“-1.000”).",
    ),
    (
        "too_many_decimals",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "1,23456"}),
        "“1,23456” có quá 4 chữ số thập phân",
    ),
    (
        "too_large",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "12345678901234567"}),
        "quá lớn (phần nguyên tối đa 16 chữ số)",
    ),
    (
        "boolean",
        lambda tree, setup, good: fill(good, {f"G{FEB}": True}),
        "“TRUE” là giá trị đúng/sai, không phải là số.",
    ),
    (
        "date",
        lambda tree, setup, good: fill(good, {f"G{FEB}": datetime.date(2024, 3, 15)}),
        "“15/03/2024” là ngày tháng, không phải là số.",
    ),
    (
        "formula_value",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "=1+1"}),
        f"dòng {FEB}, cột “Giá trị”: ô chứa công thức; hãy nhập giá trị cụ thể.",
    ),
    (
        "formula_explanation",
        lambda tree, setup, good: fill(good, {f"H{FEB}": '=HYPERLINK("http://x.example")'}),
        f"dòng {FEB}, cột “Giải trình”: ô chứa công thức; hãy nhập giá trị cụ thể.",
    ),
    (
        "error_value",
        lambda tree, setup, good: fill(good, {f"G{FEB}": "#DIV/0!"}),
        f"dòng {FEB}, cột “Giá trị”: ô báo lỗi “#DIV/0!”; hãy nhập giá trị cụ thể.",
    ),
    (
        "error_explanation",
        lambda tree, setup, good: fill(good, {f"H{FEB}": "#REF!"}),
        f"dòng {FEB}, cột “Giải trình”: ô báo lỗi “#REF!”; hãy nhập giá trị cụ thể.",
    ),
]


@pytest.mark.parametrize(
    ("make", "message"),
    [pytest.param(make, message, id=name) for name, make, message in BAD_FILES],
)
def test_bad_files_are_refused_and_nothing_is_saved(tree: Tree, setup, make, message) -> None:
    report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-12", value=Decimal(9)
    )
    good = fill(template(setup, tree.unit), {f"G{JAN}": 1, f"G{MAR}": "2,5"})
    data = make(tree, setup, good)
    before = (Report.objects.count(), ReportRevision.objects.count())

    with pytest.raises(UploadError) as raised:
        report_import(actor=None, campaign=setup.campaign, unit=tree.unit, data=data)

    assert message in str(raised.value)
    assert raised.value.message == str(raised.value)
    assert (Report.objects.count(), ReportRevision.objects.count()) == before
    assert Report.objects.get(period_key="2024-12").value == Decimal(9)


def test_all_row_errors_are_reported_together(tree: Tree, setup) -> None:
    data = fill(
        template(setup, tree.unit),
        {f"G{JAN}": "abc", f"G{MAR}": -1, f"G{DEC}": "=1+1", f"H{DEC}": "=A1", f"G{FEB}": 4},
    )

    with pytest.raises(UploadError) as raised:
        parse_upload(data, campaign_id=setup.campaign.pk, unit_id=tree.unit.pk)

    problems = raised.value.errors
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Báo cáo", JAN, "Giá trị"),
        ("Báo cáo", MAR, "Giá trị"),
        ("Báo cáo", DEC, "Giải trình"),
        ("Báo cáo", DEC, "Giá trị"),
    ]
    assert str(raised.value).splitlines()[0] == (
        f"Trang “Báo cáo”, dòng {JAN}, cột “Giá trị”: “abc” không phải là số (chỉ được dùng "
        "chữ số, dấu chấm phân cách hàng nghìn và dấu phẩy thập phân)."
    )
    assert raised.value.extra["problems"][1]["row"] == MAR


# --- Formula injection -------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://evil.example","Bấm")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def test_export_writes_dangerous_text_as_inert_text() -> None:
    rows = [
        ExportRow(
            target_number=1,
            measure_code="1",
            indicator="Thu ngân sách",
            unit_label="tỷ đồng",
            period_label="Tháng 1/2024",
            reporting_unit=text,
            value=Decimal("1234.5000"),
            status_label="Đã duyệt",
            explanation=text,
            submitted_on=datetime.date(2024, 2, 5),
            approved_on=None,
        )
        for text in [*DANGEROUS, "Bình thường"]
    ]
    data = build_export(campaign=SimpleNamespace(name="=Phong trào"), rows=rows, today=TODAY)

    ws = open_book(data)["Số liệu"]
    assert ws["A1"].value == "'=Phong trào"
    for offset, text in enumerate(DANGEROUS, start=5):
        for column in ("F", "I"):
            cell = ws[f"{column}{offset}"]
            assert cell.data_type == "s"
            assert cell.value == "'" + text
    assert ws["I9"].value == "Bình thường"
    assert (ws["G5"].value, ws["G5"].data_type) == (Decimal("1234.5"), "n")
    assert (ws["J5"].value, ws["K5"].value) == ("05/02/2024", None)


def test_template_neutralises_explanations_and_reads_them_back(tree: Tree, setup) -> None:
    for month, text in enumerate(DANGEROUS, start=1):
        report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.unit,
            period_key=f"2024-{month:02d}",
            value=Decimal(month),
            explanation=text,
        )
    data = template(setup, tree.unit)

    ws = open_book(data)["Báo cáo"]
    for offset, text in enumerate(DANGEROUS):
        cell = ws[f"H{JAN + offset}"]
        assert (cell.data_type, cell.value) == ("s", "'" + text)

    parsed = parse_upload(data, campaign_id=setup.campaign.pk, unit_id=tree.unit.pk)
    assert [r.explanation for r in parsed.rows] == DANGEROUS
    result = report_import(actor=None, campaign=setup.campaign, unit=tree.unit, data=data)
    assert (result.saved, result.unchanged) == (0, len(DANGEROUS))


def test_export_rows_follow_what_the_user_may_read(tree: Tree, setup) -> None:
    sent = report_save(
        actor=None,
        measure=setup.revenue,
        unit=tree.unit,
        period_key="2024-01",
        value=Decimal("4600.5"),
        explanation="+cmd",
    )
    report_submit(actor=None, report=sent)
    report_save(
        actor=None, measure=setup.communes, unit=tree.other, period_key="2024-Q1", value=Decimal(1)
    )

    rows = export_rows_for(user=make_user(Role.NHAP_LIEU, tree.unit), campaign=setup.campaign)

    assert [(r.measure_code, r.period_label, r.reporting_unit, r.value) for r in rows] == [
        ("1", "Tháng 1/2024", "Sở Nội vụ tỉnh Thử Nghiệm", Decimal("4600.5"))
    ]
    assert rows[0].submitted_on is not None
    ws = open_book(build_export(campaign=setup.campaign, rows=rows))["Số liệu"]
    assert [cell.value for cell in ws[5]][:9] == [
        1,
        "1",
        "Thu ngân sách",
        "tỷ đồng",
        "Tháng 1/2024",
        "Sở Nội vụ tỉnh Thử Nghiệm",
        Decimal("4600.5"),
        "Đã gửi, chờ duyệt",
        "'+cmd",
    ]


def test_a_plain_workbook_is_not_a_template(tree: Tree, setup) -> None:
    buffer = io.BytesIO()
    Workbook().save(buffer)

    with pytest.raises(UploadError) as raised:
        parse_upload(buffer.getvalue(), campaign_id=setup.campaign.pk, unit_id=tree.unit.pk)

    assert str(raised.value) == (
        "Tệp không đúng mẫu: thiếu trang “Báo cáo”.\nTệp không đúng mẫu: thiếu trang “_meta”."
    )
