"""Excel files for target reports: the fill-in template a unit downloads, the campaign export,
and the reading of a filled-in template. No database access here; `imports.py` does that.

The template carries a hidden sheet "_meta" with its signature (format version, campaign, unit
and the (measure, period) of every row), so an upload can be checked against exactly the rows
it was made for. Everything read from an upload is distrusted: the sheet protection and the
data validation only guide the person filling the file in; `parse_upload` checks it all again.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.excel import (
    BAD_CELL,
    BOLD,
    BORDER,
    EDITABLE_FILL,
    NOT_XLSX,
    TITLE,
    WRAP,
    CellReader,
    UploadError,
    UploadProblem,
    add_meta_sheet,
    as_int,
    data_lines,
    finish_export,
    finish_template,
    header,
    neutralise,
    put_number,
    put_text,
    read_upload,
    refuse,
    require_sheets,
    save,
    unguard,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_date, format_number, local_today, nfc, parse_number
from thidua.ingest.sources import legacy_text_reason

# Re-exported: the upload error and the formula guard are part of this module's API.
__all__ = [
    "EXPORT_SHEET",
    "FIRST_DATA_ROW",
    "FORMAT_VERSION",
    "HEADERS",
    "HEADER_ROW",
    "MAX_BYTES",
    "MAX_ROWS",
    "META_SHEET",
    "NOT_XLSX",
    "REPORT_SHEET",
    "ExportRow",
    "ParsedUpload",
    "TemplateRow",
    "UploadError",
    "UploadProblem",
    "UploadRow",
    "build_export",
    "build_template",
    "neutralise",
    "parse_upload",
]

FORMAT_VERSION = "thidua-targets-1"
REPORT_SHEET = "Báo cáo"
META_SHEET = "_meta"
EXPORT_SHEET = "Số liệu"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A 5 MB zip can inflate a thousandfold; refuse before any XML is parsed.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# The Report.value field: 20 digits, 4 after the decimal point.
MAX_WHOLE_DIGITS = 16
MAX_DECIMALS = 4

HEADERS = (
    "Mã chỉ số",
    "Chỉ số",
    "Đơn vị tính",
    "Mã kỳ",
    "Kỳ báo cáo",
    "Hạn báo cáo",
    "Giá trị",
    "Giải trình",
    "Trạng thái",
)
COLUMN_WIDTHS = (11, 48, 14, 10, 22, 13, 16, 48, 20)
CODE_COL, PERIOD_COL, VALUE_COL, EXPLANATION_COL = 1, 4, 7, 8
HEADER_ROW = 5
FIRST_DATA_ROW = HEADER_ROW + 1

EXPORT_HEADERS = (
    "Chỉ tiêu số",
    "Mã chỉ số",
    "Chỉ số",
    "Đơn vị tính",
    "Kỳ báo cáo",
    "Đơn vị báo cáo",
    "Giá trị",
    "Trạng thái",
    "Giải trình",
    "Ngày gửi",
    "Ngày duyệt",
)
EXPORT_WIDTHS = (10, 11, 48, 14, 22, 36, 16, 20, 48, 12, 12)
EXPORT_HEADER_ROW = 4

# Meta sheet: "key | value" lines, then one line per template row.
META_ROWS_HEADER = ("measure_id", "period_key", "code", "editable", "allow_negative")

NEW_TEMPLATE = "hãy tải mẫu mới từ hệ thống và nhập lại."


# --- Data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateRow:
    """One (measure, period) line of a unit's template, with its current report if any."""

    measure_id: int
    code: str
    indicator: str
    unit_label: str
    period_key: str
    period_label: str
    due_date: datetime.date
    value: Decimal | None
    explanation: str
    status_label: str
    editable: bool
    # "increase_by" measures may report a fall (a negative increase); all others may not.
    allow_negative: bool = False


@dataclass(frozen=True)
class ExportRow:
    target_number: int
    measure_code: str
    indicator: str
    unit_label: str
    period_label: str
    reporting_unit: str
    value: Decimal | None
    status_label: str
    explanation: str
    submitted_on: datetime.date | None
    approved_on: datetime.date | None


@dataclass(frozen=True)
class UploadRow:
    """A filled-in editable line: `row` is its Excel row number, for messages."""

    row: int
    measure_id: int
    period_key: str
    value: Decimal
    explanation: str


@dataclass(frozen=True)
class ParsedUpload:
    campaign_id: int
    unit_id: int
    rows: list[UploadRow]  # editable lines with a value, in sheet order
    empty: int  # editable lines left without a value (nothing to do for them)


# --- Writing -----------------------------------------------------------------------------------


def _ranges(rows: Iterable[int], column: int) -> str:
    """The sqref "G6:G9 G12" for rows 6, 7, 8, 9, 12 (one data validation)."""
    letter = get_column_letter(column)
    parts: list[str] = []
    start = previous = None
    for row in sorted(rows):
        if previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            parts.append(f"{letter}{start}:{letter}{previous}")
        start = previous = row
    if start is not None:
        parts.append(f"{letter}{start}:{letter}{previous}")
    return " ".join(parts)


def build_template(
    *,
    campaign: Any,
    unit: Any,
    rows: Sequence[TemplateRow],
    today: datetime.date | None = None,
) -> bytes:
    """The fill-in workbook of `unit` for `campaign`: one line per (measure, period)."""
    if len(rows) > MAX_ROWS:
        raise ApplicationError(
            f"Mẫu có quá {format_number(MAX_ROWS)} dòng; hãy liên hệ quản trị hệ thống."
        )
    wb = Workbook()
    ws = wb.active
    ws.title = REPORT_SHEET
    width = len(HEADERS)
    today = today or local_today()

    titles = [
        (campaign.name, TITLE),
        (f"Đơn vị báo cáo: {unit.name}", BOLD),
        (f"Mẫu báo cáo chỉ tiêu – tải về ngày {format_date(today)}", Font(italic=True)),
        (
            "Chỉ nhập vào các ô “Giá trị” và “Giải trình” tô màu vàng. Số viết kiểu Việt Nam "
            "(4.600,5) hoặc nhập số bình thường; để trống nếu chưa có số liệu. Không thêm, "
            "xóa hay đổi thứ tự dòng.",
            Font(italic=True, color="555555"),
        ),
    ]
    for index, (text, font) in enumerate(titles, start=1):
        cell = put_text(ws, index, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=index == 4, vertical="top")
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    ws.row_dimensions[4].height = 30
    header(ws, HEADER_ROW, HEADERS, COLUMN_WIDTHS)

    non_negative: list[int] = []
    signed: list[int] = []
    for offset, item in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        cells = [
            put_text(ws, row, 1, item.code),
            put_text(ws, row, 2, item.indicator),
            put_text(ws, row, 3, item.unit_label),
            put_text(ws, row, 4, item.period_key),
            put_text(ws, row, 5, item.period_label),
            put_text(ws, row, 6, format_date(item.due_date)),
            put_number(ws, row, VALUE_COL, item.value),
            put_text(ws, row, EXPLANATION_COL, item.explanation),
            put_text(ws, row, 9, item.status_label),
        ]
        for cell in cells:
            cell.border = BORDER
            cell.alignment = WRAP
        if item.editable:
            for cell in (cells[VALUE_COL - 1], cells[EXPLANATION_COL - 1]):
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
            (signed if item.allow_negative else non_negative).append(row)

    if non_negative:
        validation = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Giá trị phải là số không âm",
        )
        validation.sqref = _ranges(non_negative, VALUE_COL)
        ws.add_data_validation(validation)
    if signed:
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1="-9999999999999999",
            formula2="9999999999999999",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Giá trị phải là số",
        )
        validation.sqref = _ranges(signed, VALUE_COL)
        ws.add_data_validation(validation)

    finish_template(ws, header_row=HEADER_ROW)

    properties = [
        ("format", FORMAT_VERSION),
        ("campaign_id", campaign.pk),
        ("unit_id", unit.pk),
        ("campaign", neutralise(campaign.name)),
        ("unit", neutralise(unit.name)),
        ("rows", len(rows)),
    ]
    signature = [
        (
            item.measure_id,
            neutralise(item.period_key),
            neutralise(item.code),
            int(item.editable),
            int(item.allow_negative),
        )
        for item in rows
    ]
    add_meta_sheet(wb, META_SHEET, [*properties, META_ROWS_HEADER, *signature])
    return save(wb)


def build_export(
    *, campaign: Any, rows: Sequence[ExportRow], today: datetime.date | None = None
) -> bytes:
    """Every report value of a campaign, one line per unit × measure × period."""
    wb = Workbook()
    ws = wb.active
    ws.title = EXPORT_SHEET
    today = today or local_today()
    for index, (text, font) in enumerate(
        [
            (campaign.name, TITLE),
            (f"Số liệu báo cáo chỉ tiêu – xuất ngày {format_date(today)}", Font(italic=True)),
        ],
        start=1,
    ):
        put_text(ws, index, 1, text).font = font
        ws.merge_cells(
            start_row=index, start_column=1, end_row=index, end_column=len(EXPORT_HEADERS)
        )
    header(ws, EXPORT_HEADER_ROW, EXPORT_HEADERS, EXPORT_WIDTHS)
    for offset, item in enumerate(rows):
        row = EXPORT_HEADER_ROW + 1 + offset
        ws.cell(row=row, column=1).value = item.target_number
        put_text(ws, row, 2, item.measure_code)
        put_text(ws, row, 3, item.indicator)
        put_text(ws, row, 4, item.unit_label)
        put_text(ws, row, 5, item.period_label)
        put_text(ws, row, 6, item.reporting_unit)
        put_number(ws, row, 7, item.value)
        put_text(ws, row, 8, item.status_label)
        put_text(ws, row, 9, item.explanation)
        put_text(ws, row, 10, format_date(item.submitted_on) if item.submitted_on else "")
        put_text(ws, row, 11, format_date(item.approved_on) if item.approved_on else "")
        for column in range(1, len(EXPORT_HEADERS) + 1):
            ws.cell(row=row, column=column).alignment = WRAP
    finish_export(ws, header_row=EXPORT_HEADER_ROW, width=len(EXPORT_HEADERS), rows=len(rows))
    return save(wb)


# --- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SignatureRow:
    measure_id: int
    period_key: str
    code: str
    editable: bool
    allow_negative: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.period_key)


@dataclass(frozen=True)
class _Signature:
    campaign_id: int
    unit_id: int
    campaign_name: str
    unit_name: str
    rows: list[_SignatureRow]


def _as_text(value: Any) -> str:
    """A cell that holds a code or a key, whatever type a spreadsheet program gave it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unguard(nfc(str(value)).strip())


def _read_signature(ws: Any) -> _Signature:
    broken = refuse(f"Tệp không đúng mẫu: trang “{META_SHEET}” bị hỏng; {NEW_TEMPLATE}")
    # Capped like the report sheet: a stray far-away row must not cost a million empty rows.
    lines = ws.iter_rows(max_row=MAX_ROWS + 40, max_col=len(META_ROWS_HEADER), values_only=True)
    fields: dict[str, Any] = {}
    for line in lines:
        if tuple(line) == META_ROWS_HEADER:
            break
        if line and isinstance(line[0], str):
            fields[line[0]] = line[1] if len(line) > 1 else None
        if len(fields) > 20:
            raise broken
    else:
        raise broken
    if fields.get("format") != FORMAT_VERSION:
        raise refuse(
            f"Tệp mẫu không đúng phiên bản (“{_as_text(fields.get('format'))[:40]}”, cần "
            f"“{FORMAT_VERSION}”); {NEW_TEMPLATE}"
        )
    campaign_id, unit_id, count = (
        as_int(fields.get(key), digits=True) for key in ("campaign_id", "unit_id", "rows")
    )
    if campaign_id is None or unit_id is None or count is None:
        raise broken
    if count > MAX_ROWS:
        raise refuse(f"Tệp có quá {format_number(MAX_ROWS)} dòng số liệu.")
    rows: list[_SignatureRow] = []
    for line in lines:
        if all(value is None for value in line):
            continue
        measure_id, period_key, code, editable, allow_negative = line
        measure = as_int(measure_id, digits=True)
        if measure is None or len(rows) >= count:
            raise broken
        rows.append(
            _SignatureRow(
                measure_id=measure,
                period_key=_as_text(period_key),
                code=_as_text(code),
                editable=as_int(editable, digits=True) == 1,
                allow_negative=as_int(allow_negative, digits=True) == 1,
            )
        )
    if len(rows) != count:
        raise broken
    return _Signature(
        campaign_id=campaign_id,
        unit_id=unit_id,
        campaign_name=_as_text(fields.get("campaign"))[:300],
        unit_name=_as_text(fields.get("unit"))[:300],
        rows=rows,
    )


def _check_owner(signature: _Signature, campaign_id: int, unit_id: int) -> None:
    if signature.campaign_id != campaign_id:
        raise refuse(
            f"Tệp mẫu này dành cho phong trào khác (“{signature.campaign_name}”); hãy tải mẫu "
            "của phong trào đang báo cáo."
        )
    if signature.unit_id != unit_id:
        raise refuse(
            f"Tệp mẫu này dành cho đơn vị “{signature.unit_name}”, không phải đơn vị đang "
            "báo cáo; hãy tải mẫu của đơn vị mình."
        )


def _read_lines(ws: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-empty lines under the header, with their Excel row numbers."""
    found = [
        _as_text(cell.value)
        for cell in next(
            ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(HEADERS)),
            (),
        )
    ]
    if found != list(HEADERS):
        raise refuse(
            f"dòng tiêu đề đã bị thay đổi, tệp không đúng mẫu; {NEW_TEMPLATE}",
            sheet=REPORT_SHEET,
            row=HEADER_ROW,
        )
    return data_lines(
        ws,
        first_row=FIRST_DATA_ROW,
        width=len(HEADERS),
        max_rows=MAX_ROWS,
        too_many=refuse(f"Tệp có quá {format_number(MAX_ROWS)} dòng số liệu."),
    )


def _structure_problems(
    lines: list[tuple[int, tuple[Any, ...]]], signature: _Signature
) -> list[UploadProblem]:
    """Lines added, removed, duplicated or moved relative to the template's signature."""
    expected = [row.key for row in signature.rows]
    wanted = Counter(expected)
    found: list[tuple[int, tuple[str, str]]] = [
        (number, (_as_text(cells[CODE_COL - 1].value), _as_text(cells[PERIOD_COL - 1].value)))
        for number, cells in lines
    ]
    problems: list[UploadProblem] = []
    seen: dict[tuple[str, str], list[int]] = {}
    for number, key in found:
        seen.setdefault(key, []).append(number)
        code, period = key
        if key not in wanted:
            problems.append(
                UploadProblem(
                    sheet=REPORT_SHEET,
                    row=number,
                    reason=(
                        f"dòng chỉ số “{code}” kỳ “{period}” không có trong mẫu; "
                        "không được thêm dòng hay sửa mã chỉ số, mã kỳ."
                    ),
                )
            )
        elif len(seen[key]) > wanted[key]:
            problems.append(
                UploadProblem(
                    sheet=REPORT_SHEET,
                    row=number,
                    reason=(
                        f"trùng chỉ số “{code}” kỳ “{period}” với dòng {seen[key][0]}; "
                        "mỗi chỉ số, mỗi kỳ chỉ có một dòng."
                    ),
                )
            )
    for key, count in wanted.items():
        if len(seen.get(key, [])) < count:
            code, period = key
            problems.append(
                UploadProblem(
                    sheet=REPORT_SHEET,
                    reason=(
                        f"thiếu dòng chỉ số “{code}” kỳ “{period}” so với mẫu; không được xóa dòng."
                    ),
                )
            )
    if problems:
        return problems
    for (number, key), want in zip(found, expected, strict=True):
        if key != want:
            return [
                UploadProblem(
                    sheet=REPORT_SHEET,
                    row=number,
                    reason=(
                        f"thứ tự dòng khác với mẫu (ở đây phải là chỉ số “{want[0]}” kỳ "
                        f"“{want[1]}”); không được đổi thứ tự dòng."
                    ),
                )
            ]
    return []


def _number(value: Any, allow_negative: bool) -> Decimal | str | None:
    """The value of a "Giá trị" cell (neither a formula nor an error: `CellReader.raw` reports
    those), None when empty, or the reason it is refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        return f"“{'TRUE' if value else 'FALSE'}” là giá trị đúng/sai, không phải là số."
    if isinstance(value, datetime.date):
        return f"“{format_date(value)}” là ngày tháng, không phải là số."
    if isinstance(value, datetime.time):
        return f"“{value.isoformat()}” là giờ, không phải là số."
    if isinstance(value, int | float):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, ValueError):
            return f"“{value}” không phải là số."
        shown = format_number(number) if number.is_finite() else str(value)
    else:
        text = unguard(nfc(str(value)).strip())
        if not text:
            return None
        try:
            number = parse_number(text)
        except ValueError as error:
            detail = str(error).rsplit(": ", 1)[-1]
            return f"“{text}” không phải là số ({detail})."
        shown = text
    if not number.is_finite():
        return f"“{shown}” không phải là số."
    if number < 0 and not allow_negative:
        return f"Giá trị không được âm (“{shown}”)."
    exponent = number.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > MAX_DECIMALS:
        return f"“{shown}” có quá {MAX_DECIMALS} chữ số thập phân; hãy làm tròn."
    if number != 0 and number.adjusted() >= MAX_WHOLE_DIGITS:
        return f"“{shown}” quá lớn (phần nguyên tối đa {MAX_WHOLE_DIGITS} chữ số)."
    return number.normalize() + 0


def _explanation(value: Any) -> str:
    if value is None or value is BAD_CELL:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return format_date(value)
    return unguard(nfc(str(value)).strip())


def parse_upload(data: bytes, *, campaign_id: int, unit_id: int) -> ParsedUpload:
    """Read a filled-in template of `unit_id` for `campaign_id`.

    Returns the editable lines that have a value. Raises `UploadError` listing every problem:
    a wrong or damaged file stops at the first problem; value errors are collected over all
    rows.
    """
    return read_upload(
        data,
        lambda wb: _parse(wb, campaign_id=campaign_id, unit_id=unit_id),
        max_bytes=MAX_BYTES,
        max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
        sheet=REPORT_SHEET,
    )


def _parse(wb: Any, *, campaign_id: int, unit_id: int) -> ParsedUpload:
    sheets = require_sheets(wb, (REPORT_SHEET, META_SHEET))
    signature = _read_signature(sheets[META_SHEET])
    _check_owner(signature, campaign_id, unit_id)
    lines = _read_lines(sheets[REPORT_SHEET])
    structure = _structure_problems(lines, signature)
    if structure:
        raise UploadError(structure)

    problems: list[UploadProblem] = []
    rows: list[UploadRow] = []
    empty = 0
    for (number, cells), line in zip(lines, signature.rows, strict=True):
        if not line.editable:
            continue  # locked in the template; whatever is there now is not the unit's to change
        reader = CellReader(number, cells, problems, sheet=REPORT_SHEET, headers=HEADERS)
        explanation = _explanation(reader.raw(EXPLANATION_COL))
        legacy = legacy_text_reason(explanation)
        if legacy is not None:
            reader.problem(EXPLANATION_COL, legacy)
        raw = reader.raw(VALUE_COL)
        if raw is BAD_CELL:
            continue
        value = _number(raw, line.allow_negative)
        if isinstance(value, str):
            reader.problem(VALUE_COL, value)
            continue
        if value is None:
            empty += 1
            continue
        rows.append(
            UploadRow(
                row=number,
                measure_id=line.measure_id,
                period_key=line.period_key,
                value=value,
                explanation=explanation,
            )
        )
    if problems:
        raise UploadError(problems)
    return ParsedUpload(campaign_id=campaign_id, unit_id=unit_id, rows=rows, empty=empty)
