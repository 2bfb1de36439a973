"""Excel files for target reports: the fill-in template a unit downloads, the campaign export,
and the reading of a filled-in template. No database access here; `imports.py` does that.

The template carries a hidden sheet "_meta" with its signature (format version, campaign, unit
and the (measure, period) of every row), so an upload can be checked against exactly the rows
it was made for. Everything read from an upload is distrusted: the sheet protection and the
data validation only guide the person filling the file in; `parse_upload` checks it all again.
"""

import datetime
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_date, format_number, local_today, nfc, parse_number

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

NOT_XLSX = "Tệp không phải bảng tính Excel .xlsx hợp lệ."
NEW_TEMPLATE = "hãy tải mẫu mới từ hệ thống và nhập lại."

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


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


@dataclass(frozen=True)
class UploadProblem:
    reason: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Trang “{self.sheet}”")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class UploadError(ApplicationError):
    """The upload was refused; `errors` lists every problem found (all rows, not the first)."""

    MAX_LISTED = 100

    def __init__(self, errors: list[UploadProblem]) -> None:
        self.errors = errors
        lines = [str(problem) for problem in errors[: self.MAX_LISTED]]
        if len(errors) > self.MAX_LISTED:
            lines.append(f"… và {format_number(len(errors) - self.MAX_LISTED)} lỗi khác.")
        super().__init__(
            "\n".join(lines),
            extra={
                "problems": [
                    {"sheet": p.sheet, "row": p.row, "column": p.column, "reason": p.reason}
                    for p in errors
                ]
            },
        )


def _refuse(reason: str, **where: Any) -> UploadError:
    return UploadError([UploadProblem(reason=reason, **where)])


# --- Writing -----------------------------------------------------------------------------------

# Text that a spreadsheet (or a CSV made from the sheet) could take for a formula. Full-width
# forms are included because some spreadsheet programs fold them to their ASCII equivalents.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """Text safe to put in a cell: NFC, no XML-illegal control characters, no formula start.

    openpyxl turns any str beginning with "=" into a formula cell, and Excel or LibreOffice
    re-evaluate "+…", "-…", "@…" when a cell is edited or the sheet is saved as CSV. A leading
    apostrophe is the guard OWASP recommends for that ("CSV injection"): written into the string
    itself it stays visible, survives copy-paste and CSV export, and makes the text inert
    everywhere. (Excel's own quotePrefix style would hide the apostrophe but is lost as soon as
    the value leaves the workbook.) `parse_upload` removes the guard again on the way back.
    """
    clean = ILLEGAL_CHARACTERS_RE.sub("", nfc(text or ""))
    return "'" + clean if clean.startswith(_FORMULA_STARTS) else clean


def _unguard(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def _put_text(ws: Any, row: int, column: int, text: str) -> Any:
    cell = ws.cell(row=row, column=column)
    value = neutralise(text)
    if value:
        cell.value = value
        # Never a formula or an error code ("#N/A"), whatever the text: a plain string cell.
        cell.data_type = "s"
    return cell


def _put_number(ws: Any, row: int, column: int, value: Decimal | None) -> Any:
    cell = ws.cell(row=row, column=column)
    cell.value = value.normalize() + 0 if value is not None else None  # "+ 0": no "1E+3"
    cell.number_format = "General"
    return cell


def _save(wb: Any) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header(ws: Any, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    for column, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _put_text(ws, row, column, title)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width


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
        (campaign.name, _TITLE),
        (f"Đơn vị báo cáo: {unit.name}", _BOLD),
        (f"Mẫu báo cáo chỉ tiêu – tải về ngày {format_date(today)}", Font(italic=True)),
        (
            "Chỉ nhập vào các ô “Giá trị” và “Giải trình” tô màu vàng. Số viết kiểu Việt Nam "
            "(4.600,5) hoặc nhập số bình thường; để trống nếu chưa có số liệu. Không thêm, "
            "xóa hay đổi thứ tự dòng.",
            Font(italic=True, color="555555"),
        ),
    ]
    for index, (text, font) in enumerate(titles, start=1):
        cell = _put_text(ws, index, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=index == 4, vertical="top")
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    ws.row_dimensions[4].height = 30
    _header(ws, HEADER_ROW, HEADERS, COLUMN_WIDTHS)

    non_negative: list[int] = []
    signed: list[int] = []
    for offset, item in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        cells = [
            _put_text(ws, row, 1, item.code),
            _put_text(ws, row, 2, item.indicator),
            _put_text(ws, row, 3, item.unit_label),
            _put_text(ws, row, 4, item.period_key),
            _put_text(ws, row, 5, item.period_label),
            _put_text(ws, row, 6, format_date(item.due_date)),
            _put_number(ws, row, VALUE_COL, item.value),
            _put_text(ws, row, EXPLANATION_COL, item.explanation),
            _put_text(ws, row, 9, item.status_label),
        ]
        for cell in cells:
            cell.border = _BORDER
            cell.alignment = _WRAP
        if item.editable:
            for cell in (cells[VALUE_COL - 1], cells[EXPLANATION_COL - 1]):
                cell.protection = Protection(locked=False)
                cell.fill = _EDITABLE_FILL
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

    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    # No password: the protection guides the person filling the file in; the server checks.
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # allowed: widening a column
    ws.protection.formatRows = False

    meta = wb.create_sheet(META_SHEET)
    header = [
        ("format", FORMAT_VERSION),
        ("campaign_id", campaign.pk),
        ("unit_id", unit.pk),
        ("campaign", neutralise(campaign.name)),
        ("unit", neutralise(unit.name)),
        ("rows", len(rows)),
    ]
    for key, value in header:
        meta.append([key, value])
    meta.append(list(META_ROWS_HEADER))
    for item in rows:
        meta.append(
            [
                item.measure_id,
                neutralise(item.period_key),
                neutralise(item.code),
                int(item.editable),
                int(item.allow_negative),
            ]
        )
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    return _save(wb)


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
            (campaign.name, _TITLE),
            (f"Số liệu báo cáo chỉ tiêu – xuất ngày {format_date(today)}", Font(italic=True)),
        ],
        start=1,
    ):
        _put_text(ws, index, 1, text).font = font
        ws.merge_cells(
            start_row=index, start_column=1, end_row=index, end_column=len(EXPORT_HEADERS)
        )
    _header(ws, EXPORT_HEADER_ROW, EXPORT_HEADERS, EXPORT_WIDTHS)
    for offset, item in enumerate(rows):
        row = EXPORT_HEADER_ROW + 1 + offset
        ws.cell(row=row, column=1).value = item.target_number
        _put_text(ws, row, 2, item.measure_code)
        _put_text(ws, row, 3, item.indicator)
        _put_text(ws, row, 4, item.unit_label)
        _put_text(ws, row, 5, item.period_label)
        _put_text(ws, row, 6, item.reporting_unit)
        _put_number(ws, row, 7, item.value)
        _put_text(ws, row, 8, item.status_label)
        _put_text(ws, row, 9, item.explanation)
        _put_text(ws, row, 10, format_date(item.submitted_on) if item.submitted_on else "")
        _put_text(ws, row, 11, format_date(item.approved_on) if item.approved_on else "")
        for column in range(1, len(EXPORT_HEADERS) + 1):
            ws.cell(row=row, column=column).alignment = _WRAP
    last = EXPORT_HEADER_ROW + max(len(rows), 1)
    ws.auto_filter.ref = f"A{EXPORT_HEADER_ROW}:{get_column_letter(len(EXPORT_HEADERS))}{last}"
    ws.freeze_panes = ws.cell(row=EXPORT_HEADER_ROW + 1, column=1)
    return _save(wb)


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


def _check_container(data: bytes) -> None:
    """Size, zip structure, encryption and zip-bomb checks, before openpyxl sees anything.

    A password-protected .xlsx is not a zip at all (it is an OLE compound file), so it fails
    here like any other non-workbook.
    """
    if len(data) > MAX_BYTES:
        raise _refuse(
            f"Tệp lớn hơn 5 MB ({format_number(Decimal(len(data)) / 1024 / 1024, 1)} MB); "
            "hãy chỉ giữ lại trang “Báo cáo” của mẫu."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _refuse(NOT_XLSX) from None
    names = {info.filename for info in infos}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise _refuse(NOT_XLSX)
    if any(info.flag_bits & 0x1 for info in infos):
        raise _refuse(NOT_XLSX)
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(NOT_XLSX)


def _as_text(value: Any) -> str:
    """A cell that holds a code or a key, whatever type a spreadsheet program gave it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _unguard(nfc(str(value)).strip())


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _read_signature(ws: Any) -> _Signature:
    broken = _refuse(f"Tệp không đúng mẫu: trang “{META_SHEET}” bị hỏng; {NEW_TEMPLATE}")
    # Capped like the report sheet: a stray far-away row must not cost a million empty rows.
    lines = ws.iter_rows(max_row=MAX_ROWS + 40, max_col=len(META_ROWS_HEADER), values_only=True)
    header: dict[str, Any] = {}
    for line in lines:
        if tuple(line) == META_ROWS_HEADER:
            break
        if line and isinstance(line[0], str):
            header[line[0]] = line[1] if len(line) > 1 else None
        if len(header) > 20:
            raise broken
    else:
        raise broken
    if header.get("format") != FORMAT_VERSION:
        raise _refuse(
            f"Tệp mẫu không đúng phiên bản (“{_as_text(header.get('format'))[:40]}”, cần "
            f"“{FORMAT_VERSION}”); {NEW_TEMPLATE}"
        )
    campaign_id, unit_id, count = (
        _as_int(header.get(key)) for key in ("campaign_id", "unit_id", "rows")
    )
    if campaign_id is None or unit_id is None or count is None:
        raise broken
    if count > MAX_ROWS:
        raise _refuse(f"Tệp có quá {format_number(MAX_ROWS)} dòng số liệu.")
    rows: list[_SignatureRow] = []
    for line in lines:
        if all(value is None for value in line):
            continue
        measure_id, period_key, code, editable, allow_negative = line
        measure = _as_int(measure_id)
        if measure is None or len(rows) >= count:
            raise broken
        rows.append(
            _SignatureRow(
                measure_id=measure,
                period_key=_as_text(period_key),
                code=_as_text(code),
                editable=_as_int(editable) == 1,
                allow_negative=_as_int(allow_negative) == 1,
            )
        )
    if len(rows) != count:
        raise broken
    return _Signature(
        campaign_id=campaign_id,
        unit_id=unit_id,
        campaign_name=_as_text(header.get("campaign"))[:300],
        unit_name=_as_text(header.get("unit"))[:300],
        rows=rows,
    )


def _check_owner(signature: _Signature, campaign_id: int, unit_id: int) -> None:
    if signature.campaign_id != campaign_id:
        raise _refuse(
            f"Tệp mẫu này dành cho phong trào khác (“{signature.campaign_name}”); hãy tải mẫu "
            "của phong trào đang báo cáo."
        )
    if signature.unit_id != unit_id:
        raise _refuse(
            f"Tệp mẫu này dành cho đơn vị “{signature.unit_name}”, không phải đơn vị đang "
            "báo cáo; hãy tải mẫu của đơn vị mình."
        )


def _is_blank(cell: Any) -> bool:
    value = cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def _read_lines(ws: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-empty lines under the header, with their Excel row numbers."""
    header = [
        _as_text(cell.value)
        for cell in next(
            ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(HEADERS)),
            (),
        )
    ]
    if header != list(HEADERS):
        raise _refuse(
            f"dòng tiêu đề đã bị thay đổi, tệp không đúng mẫu; {NEW_TEMPLATE}",
            sheet=REPORT_SHEET,
            row=HEADER_ROW,
        )
    lines: list[tuple[int, tuple[Any, ...]]] = []
    # Capped: a sheet may declare a row a million lines down, which would otherwise be
    # reached through a million empty rows.
    last = FIRST_DATA_ROW + MAX_ROWS
    for number, cells in enumerate(
        ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=last, max_col=len(HEADERS)),
        start=FIRST_DATA_ROW,
    ):
        if all(_is_blank(cell) for cell in cells):
            continue
        if len(lines) >= MAX_ROWS:
            raise _refuse(f"Tệp có quá {format_number(MAX_ROWS)} dòng số liệu.")
        lines.append((number, tuple(cells)))
    return lines


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


def _problem(row: int, column: int, reason: str) -> UploadProblem:
    return UploadProblem(sheet=REPORT_SHEET, row=row, column=HEADERS[column - 1], reason=reason)


FORMULA = "Ô chứa công thức; hãy nhập giá trị cụ thể."


def _read_value(cell: Any, allow_negative: bool) -> Decimal | str | None:
    """The value of a "Giá trị" cell, None when empty, or the reason it is refused."""
    value = cell.value
    if cell.data_type == "f":
        return FORMULA
    if cell.data_type == "e":
        return f"ô báo lỗi “{value}”; hãy nhập giá trị cụ thể."
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
        text = _unguard(nfc(str(value)).strip())
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


def _read_explanation(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return format_date(value)
    return _unguard(nfc(str(value)).strip())


def parse_upload(data: bytes, *, campaign_id: int, unit_id: int) -> ParsedUpload:
    """Read a filled-in template of `unit_id` for `campaign_id`.

    Returns the editable lines that have a value. Raises `UploadError` listing every problem:
    a wrong or damaged file stops at the first problem; value errors are collected over all
    rows.
    """
    _check_container(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl fails in many ways on bad input (zip, XML, KeyError…)
        raise _refuse(NOT_XLSX) from None
    try:
        return _parse(wb, campaign_id=campaign_id, unit_id=unit_id)
    except UploadError:
        raise
    except Exception:  # damaged sheet XML surfaces only while iterating
        raise _refuse(NOT_XLSX) from None
    finally:
        wb.close()


def _parse(wb: Any, *, campaign_id: int, unit_id: int) -> ParsedUpload:
    sheets = {nfc(name): name for name in wb.sheetnames}
    missing = [name for name in (REPORT_SHEET, META_SHEET) if name not in sheets]
    if missing:
        raise UploadError(
            [UploadProblem(reason=f"Tệp không đúng mẫu: thiếu trang “{name}”.") for name in missing]
        )
    signature = _read_signature(wb[sheets[META_SHEET]])
    _check_owner(signature, campaign_id, unit_id)
    lines = _read_lines(wb[sheets[REPORT_SHEET]])
    structure = _structure_problems(lines, signature)
    if structure:
        raise UploadError(structure)

    problems: list[UploadProblem] = []
    rows: list[UploadRow] = []
    empty = 0
    for (number, cells), line in zip(lines, signature.rows, strict=True):
        if not line.editable:
            continue  # locked in the template; whatever is there now is not the unit's to change
        value_cell, explanation_cell = cells[VALUE_COL - 1], cells[EXPLANATION_COL - 1]
        if explanation_cell.data_type == "f":
            problems.append(_problem(number, EXPLANATION_COL, FORMULA))
        value = _read_value(value_cell, line.allow_negative)
        if isinstance(value, str):
            problems.append(_problem(number, VALUE_COL, value))
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
                explanation=_read_explanation(explanation_cell),
            )
        )
    if problems:
        raise UploadError(problems)
    return ParsedUpload(campaign_id=campaign_id, unit_id=unit_id, rows=rows, empty=empty)
