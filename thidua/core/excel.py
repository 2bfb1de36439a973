"""What every Excel file of the application shares: the refusal of an upload with all its
problems, the guard against formula injection, cell writers, styles, and the checks an uploaded
workbook passes before openpyxl parses any of it.

No database and no domain knowledge here: the templates and their readers live with their
domain (`thidua.targets.excel`, `thidua.commendation.history_excel`).
"""

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.http import FileResponse
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection

from thidua.core.exceptions import ApplicationError
from thidua.core.files import bomb_reason, office_problem
from thidua.core.text import format_date, format_number, nfc

__all__ = [
    "BAD_CELL",
    "BOLD",
    "BORDER",
    "DATE_FORMAT",
    "EDITABLE_FILL",
    "FORMULA_STARTS",
    "HEADER_FILL",
    "LOCKED_XLSX",
    "NOT_XLSX",
    "THIN",
    "TITLE",
    "WRAP",
    "CellReader",
    "UploadError",
    "UploadProblem",
    "add_meta_sheet",
    "as_int",
    "check_container",
    "data_lines",
    "finish_export",
    "finish_template",
    "header",
    "is_blank",
    "neutralise",
    "plain_text",
    "put_date",
    "put_int",
    "put_number",
    "put_text",
    "read_upload",
    "refuse",
    "require_sheets",
    "save",
    "unguard",
]

T = TypeVar("T")

NOT_XLSX = "Tệp không phải bảng tính Excel .xlsx hợp lệ."
LOCKED_XLSX = (
    "Tệp là bảng tính Excel cũ (.xls) hoặc có đặt mật khẩu; hãy lưu lại thành .xlsx không đặt "
    "mật khẩu."
)
DATE_FORMAT = "DD/MM/YYYY"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


# --- Problems ----------------------------------------------------------------------------------


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


def refuse(reason: str, **where: Any) -> UploadError:
    """An `UploadError` with a single problem; `where` is its sheet, row and column."""
    return UploadError([UploadProblem(reason=reason, **where)])


# --- Formula injection -------------------------------------------------------------------------

# Text that a spreadsheet (or a CSV made from the sheet) could take for a formula. Full-width
# forms are included because some spreadsheet programs fold them to their ASCII equivalents.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """Text safe to put in a cell: NFC, no XML-illegal control characters, no formula start.

    openpyxl turns any str beginning with "=" into a formula cell, and Excel or LibreOffice
    re-evaluate "+…", "-…", "@…" when a cell is edited or the sheet is saved as CSV. A leading
    apostrophe is the guard OWASP recommends for that ("CSV injection"): written into the string
    itself it stays visible, survives copy-paste and CSV export, and makes the text inert
    everywhere. (Excel's own quotePrefix style would hide the apostrophe but is lost as soon as
    the value leaves the workbook.) `unguard` removes the guard again on the way back.
    """
    clean = ILLEGAL_CHARACTERS_RE.sub("", nfc(text or ""))
    return "'" + clean if clean.startswith(FORMULA_STARTS) else clean


def unguard(text: str) -> str:
    """Remove the apostrophe `neutralise` puts before formula-looking text."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# --- Writing -----------------------------------------------------------------------------------


def put_text(ws: Any, row: int, column: int, text: str) -> Any:
    """Write `text`, neutralised, as a plain string cell; an empty text leaves the cell empty."""
    cell = ws.cell(row=row, column=column)
    value = neutralise(text)
    if value:
        cell.value = value
        # Never a formula or an error code ("#N/A"), whatever the text: a plain string cell.
        cell.data_type = "s"
    return cell


def put_number(ws: Any, row: int, column: int, value: Decimal | None) -> Any:
    cell = ws.cell(row=row, column=column)
    cell.value = value.normalize() + 0 if value is not None else None  # "+ 0": no "1E+3"
    cell.number_format = "General"
    return cell


def put_int(ws: Any, row: int, column: int, value: int | None) -> Any:
    cell = ws.cell(row=row, column=column)
    cell.value = value
    cell.number_format = "0"
    return cell


def put_date(ws: Any, row: int, column: int, value: datetime.date) -> Any:
    cell = ws.cell(row=row, column=column)
    cell.value = value
    cell.number_format = DATE_FORMAT
    return cell


def header(ws: Any, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    """A bold, filled, bordered and locked header line; sets the column widths too."""
    for column, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put_text(ws, row, column, title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        # Locked even where the column's own style unlocks the cells below it.
        cell.protection = Protection(locked=True)
        ws.column_dimensions[get_column_letter(column)].width = width


def finish_template(ws: Any, *, header_row: int) -> None:
    """Freeze and print the header, landscape, and protect the sheet (cells stay locked unless
    unlocked one by one or by column style); columns and rows can still be resized."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    # No password: the protection guides the person filling the file in; the server checks.
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # allowed: widening a column
    ws.protection.formatRows = False


def add_meta_sheet(wb: Any, title: str, lines: Iterable[Sequence[Any]]) -> None:
    """The very hidden, protected sheet `title` holding `lines` (a template's signature).

    Also locks the workbook structure, so sheets cannot be added, removed or renamed, and
    makes the first sheet the active one.
    """
    meta = wb.create_sheet(title)
    for line in lines:
        meta.append(list(line))
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0


def finish_export(ws: Any, *, header_row: int, width: int, rows: int) -> None:
    """An auto filter over the `rows` lines under the header, which stays frozen."""
    last = header_row + max(rows, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{last}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def save(wb: Any) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- Reading -----------------------------------------------------------------------------------


def check_container(
    data: bytes, *, max_bytes: int, max_uncompressed_bytes: int, sheet: str
) -> None:
    """Size, zip structure, encryption and zip-bomb checks, before openpyxl sees anything.

    The package checks are `core.files.office_problem`, shared with every DOCX/XLSX reader. A
    password-protected .xlsx is not a zip at all (it is an OLE compound file, like an old .xls)
    and is refused saying so. `sheet` is the one sheet a too-large file should keep.
    """
    if len(data) > max_bytes:
        raise refuse(
            f"Tệp lớn hơn {format_number(Decimal(max_bytes) / 1024 / 1024)} MB "
            f"({format_number(Decimal(len(data)) / 1024 / 1024, 1)} MB); "
            f"hãy chỉ giữ lại trang “{sheet}” của mẫu."
        )
    problem = office_problem(data, extension=".xlsx", max_uncompressed_bytes=max_uncompressed_bytes)
    if problem is None:
        return
    if problem.kind == "locked":
        raise refuse(LOCKED_XLSX)
    if problem.kind == "bomb":
        raise refuse("Tệp " + bomb_reason(problem.inflated, max_uncompressed_bytes))
    raise refuse(NOT_XLSX)


def read_upload(
    data: bytes,
    parse: Callable[[Any], T],
    *,
    max_bytes: int,
    max_uncompressed_bytes: int,
    sheet: str,
) -> T:
    """`parse` applied to the workbook in `data`, after `check_container`.

    Any failure of openpyxl on a damaged file becomes the `NOT_XLSX` refusal; an `UploadError`
    raised by `parse` goes through as it is. The workbook is opened read-only, formulas kept
    as formulas (so they can be refused) and external links dropped.
    """
    check_container(
        data, max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes, sheet=sheet
    )
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl fails in many ways on bad input (zip, XML, KeyError…)
        raise refuse(NOT_XLSX) from None
    try:
        return parse(wb)
    except UploadError:
        raise
    except Exception:  # damaged sheet XML surfaces only while iterating
        raise refuse(NOT_XLSX) from None
    finally:
        wb.close()


def require_sheets(wb: Any, names: Sequence[str]) -> dict[str, Any]:
    """The worksheets called `names` (compared in NFC); refuses naming every missing one."""
    sheets = {nfc(name): name for name in wb.sheetnames}
    missing = [name for name in names if name not in sheets]
    if missing:
        raise UploadError(
            [UploadProblem(reason=f"Tệp không đúng mẫu: thiếu trang “{name}”.") for name in missing]
        )
    return {name: wb[sheets[name]] for name in names}


def is_blank(cell: Any) -> bool:
    value = cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def data_lines(
    ws: Any, *, first_row: int, width: int, max_rows: int, too_many: UploadError
) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-blank lines from `first_row` on, with their Excel row numbers and `width` cells.

    Raises `too_many` past `max_rows` lines. The reading is capped too: a sheet may declare a
    row a million lines down, which would otherwise be reached through a million empty rows.
    """
    lines: list[tuple[int, tuple[Any, ...]]] = []
    last = first_row + max_rows
    for number, cells in enumerate(
        ws.iter_rows(min_row=first_row, max_row=last, max_col=width), start=first_row
    ):
        if all(is_blank(cell) for cell in cells):
            continue
        if len(lines) >= max_rows:
            raise too_many
        lines.append((number, tuple(cells)))
    return lines


def as_int(value: Any, *, digits: bool = False) -> int | None:
    """An integral cell value as an int, else None (never a bool).

    With `digits`, a text of ASCII digits counts too (as a spreadsheet program may store an
    identifier typed into a text cell).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if digits and isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(data: bytes, name: str) -> FileResponse:
    """A workbook sent as an attachment named `name`.xlsx (pages and API alike)."""
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# --- Reading cells -------------------------------------------------------------------------

#: What `CellReader.raw` returns after reporting a formula or an error cell.
BAD_CELL: Any = object()


def plain_text(value: Any) -> str:
    """A cell value as one line of clean text (NFC, single spaces); "" when empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = format_date(value)
    return " ".join(nfc(str(value)).split())


class CellReader:
    """Reads one line of an uploaded sheet, collecting a problem per bad cell; templates add
    the readers of their own columns."""

    def __init__(
        self,
        number: int,
        cells: Sequence[Any],
        problems: list[UploadProblem],
        *,
        sheet: str,
        headers: Sequence[str],
    ) -> None:
        self.number = number
        self.cells = cells
        self.problems = problems
        self.sheet = sheet
        self.headers = headers
        self.ok = True

    def problem(self, column: int, reason: str) -> None:
        self.ok = False
        self.problems.append(
            UploadProblem(
                sheet=self.sheet, row=self.number, column=self.headers[column - 1], reason=reason
            )
        )

    def raw(self, column: int) -> Any:
        """The cell's value, or `BAD_CELL` after reporting a formula or an error cell."""
        cell = self.cells[column - 1] if column <= len(self.cells) else None
        if cell is None:
            return None
        if cell.data_type == "f":
            self.problem(column, gettext("ô chứa công thức; hãy nhập giá trị cụ thể."))
            return BAD_CELL
        if cell.data_type == "e":
            self.problem(
                column,
                gettext("ô báo lỗi “%(value)s”; hãy nhập giá trị cụ thể.")
                % {"value": plain_text(cell.value)},
            )
            return BAD_CELL
        return cell.value
