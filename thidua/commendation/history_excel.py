"""Excel files for the award history of a unit's people: the fill-in template, the reading of a
filled-in template, and the export. No database access here; `history_import.py` does that.

One row per award received. A person who appears on several rows is the same person when the
name (without diacritics, case or extra spaces) and the birth year agree.

The template follows the target-report template (`thidua.targets.excel`): a hidden sheet
"_meta" carries its format version and the unit it was made for; lists guide the person filling
it in; the sheet structure is protected. Everything read from an upload is distrusted all the
same: size, zip structure, sheets, headers and every cell are checked again, and every problem
is reported with its sheet, row and column (`UploadError`).
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.commendation.catalogue import (
    AwardDefinition,
    AwardType,
    Settings,
    SubjectKind,
    award_definitions,
)
from thidua.commendation.enums import Gender, PersonCategory
from thidua.commendation.validation import MIN_YEAR
from thidua.core.excel import (
    BAD_CELL,
    BOLD,
    BORDER,
    DATE_FORMAT,
    FORMULA_STARTS,
    HEADER_FILL,
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
    plain_text,
    put_date,
    put_int,
    put_text,
    read_upload,
    refuse,
    require_sheets,
    save,
    unguard,
)
from thidua.core.text import format_date, format_number, local_today, parse_date, search_key
from thidua.ingest.sources import legacy_text_reason

__all__ = [
    "CATALOGUE_SHEET",
    "FIRST_DATA_ROW",
    "FORMAT_VERSION",
    "HEADERS",
    "HEADER_ROW",
    "HISTORY_SHEET",
    "MAX_BYTES",
    "MAX_ROWS",
    "META_SHEET",
    "HistoryExportRow",
    "HistoryRow",
    "HistoryUploadRow",
    "ParsedHistory",
    "UploadError",
    "UploadProblem",
    "build_history_export",
    "build_history_template",
    "individual_awards",
    "parse_history_upload",
]

FORMAT_VERSION = "thidua-award-history-1"
HISTORY_SHEET = "Khen thưởng"
CATALOGUE_SHEET = "Danh mục"
META_SHEET = "_meta"
EXPORT_SHEET = "Lịch sử khen thưởng"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3000
# A 5 MB zip can inflate a thousandfold; refuse before any XML is parsed.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# Lengths of the model fields the values go to.
MAX_NAME, MAX_POSITION, MAX_NUMBER, MAX_ISSUER = 200, 200, 50, 200

HEADERS = (
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Chức vụ",
    "Đối tượng",
    "Năm thành tích",
    "Mã danh hiệu/hình thức",
    "Loại hình",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
)
(
    NAME_COL,
    BIRTH_COL,
    GENDER_COL,
    POSITION_COL,
    CATEGORY_COL,
    YEAR_COL,
    CODE_COL,
    TYPE_COL,
    NUMBER_COL,
    DATE_COL,
    ISSUER_COL,
) = range(1, len(HEADERS) + 1)
COLUMN_WIDTHS = (28, 10, 10, 24, 34, 12, 22, 34, 18, 14, 34)
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
LAST_VALIDATED_ROW = FIRST_DATA_ROW + MAX_ROWS - 1

EXPORT_HEADERS = (
    "Đơn vị",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Chức vụ",
    "Đối tượng",
    "Năm thành tích",
    "Mã danh hiệu/hình thức",
    "Danh hiệu/hình thức",
    "Loại hình",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Thu hồi",
)
EXPORT_WIDTHS = (30, 28, 10, 10, 24, 34, 12, 22, 34, 34, 18, 14, 34, 34)
EXPORT_HEADER_ROW = 3

NEW_TEMPLATE = "hãy tải mẫu mới từ hệ thống và nhập lại."
REQUIRED = "không được để trống."


# --- Data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One award of one person, as a template line (codes, not labels)."""

    full_name: str
    birth_year: int | None
    gender: str
    position: str
    category: str
    year: int
    award: str
    award_type: str
    decision_number: str
    decision_date: datetime.date
    issuer: str


@dataclass(frozen=True)
class HistoryUploadRow(HistoryRow):
    """A valid line of an upload; `row` is its Excel row number, for messages."""

    row: int = 0

    @property
    def person_key(self) -> tuple[str, int | None]:
        return (search_key(self.full_name), self.birth_year)


@dataclass(frozen=True)
class ParsedHistory:
    unit_id: int
    unit_name: str
    rows: list[HistoryUploadRow]  # in sheet order

    @property
    def people(self) -> int:
        return len({row.person_key for row in self.rows})


@dataclass(frozen=True)
class HistoryExportRow:
    unit_name: str
    full_name: str
    birth_year: int | None
    gender_label: str
    position: str
    category_label: str
    year: int
    award: str
    award_name: str
    award_type_label: str
    decision_number: str
    decision_date: datetime.date
    issuer: str
    revocation: str = ""  # "" or "dd/mm/yyyy: reason"


def individual_awards(settings: Settings | None = None) -> list[AwardDefinition]:
    """The titles and forms a person can receive, in catalogue order."""
    return [
        award
        for award in award_definitions(settings).values()
        if SubjectKind.INDIVIDUAL in award.subject_kinds
    ]


# --- Writing -----------------------------------------------------------------------------------


def _titles(ws: Any, lines: Sequence[tuple[str, Font]], width: int) -> None:
    for index, (text, font) in enumerate(lines, start=1):
        cell = put_text(ws, index, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)


def _list_validation(ws: Any, column: int, formula: str, title: str, message: str) -> None:
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=message,
    )
    letter = get_column_letter(column)
    validation.sqref = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}"
    ws.add_data_validation(validation)


def _whole_validation(ws: Any, column: int, low: int, high: int, message: str) -> None:
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Năm không hợp lệ",
        error=message,
    )
    letter = get_column_letter(column)
    validation.sqref = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}"
    ws.add_data_validation(validation)


def _catalogue_sheet(wb: Any, awards: Sequence[AwardDefinition]) -> dict[str, str]:
    """The "Danh mục" sheet; returns the ranges the list validations point at."""
    ws = wb.create_sheet(CATALOGUE_SHEET)
    columns = (
        ("Mã danh hiệu/hình thức", 24),
        ("Tên danh hiệu/hình thức", 40),
        ("Phân loại", 24),
        ("", 3),
        ("Loại hình", 40),
        ("Mã loại hình", 16),
        ("", 3),
        ("Đối tượng", 48),
        ("Giới tính", 10),
    )
    for column, (title, width) in enumerate(columns, start=1):
        if title:
            cell = put_text(ws, 1, column, title)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    for row, award in enumerate(awards, start=2):
        put_text(ws, row, 1, award.code)
        put_text(ws, row, 2, award.name)
        put_text(ws, row, 3, award.category.label)
    for row, award_type in enumerate(AwardType, start=2):
        put_text(ws, row, 5, award_type.label)
        put_text(ws, row, 6, award_type.value)
    for row, (_code, label) in enumerate(PersonCategory.choices, start=2):
        put_text(ws, row, 8, str(label))
    for row, (_code, label) in enumerate(Gender.choices, start=2):
        put_text(ws, row, 9, str(label))
    ws.protection.sheet = True
    sheet = f"'{CATALOGUE_SHEET}'"
    return {
        "codes": f"{sheet}!$A$2:$A${len(awards) + 1}",
        "types": f"{sheet}!$E$2:$E${len(AwardType) + 1}",
        "categories": f"{sheet}!$H$2:$H${len(PersonCategory.choices) + 1}",
        "genders": f"{sheet}!$I$2:$I${len(Gender.choices) + 1}",
    }


def _label(choices: Sequence[tuple[str, Any]], code: str) -> str:
    return next((str(label) for value, label in choices if value == code), code)


def build_history_template(
    unit: Any,
    rows: Sequence[HistoryRow] = (),
    *,
    settings: Settings | None = None,
    today: datetime.date | None = None,
) -> bytes:
    """The fill-in workbook of `unit`: one line per award, optionally pre-filled with `rows`
    (the awards already in the registry, which an import skips)."""
    if len(rows) > MAX_ROWS:
        raise UploadError(
            [UploadProblem(reason=f"Mẫu có quá {format_number(MAX_ROWS)} dòng khen thưởng.")]
        )
    today = today or local_today()
    awards = individual_awards(settings)
    wb = Workbook()
    ws = wb.active
    ws.title = HISTORY_SHEET
    _titles(
        ws,
        [
            (f"Khen thưởng đã nhận – {unit.name}", TITLE),
            (f"Mẫu nhập lịch sử khen thưởng – tải về ngày {format_date(today)}", Font(italic=True)),
            (
                "Mỗi dòng là một khen thưởng đã nhận; một người có nhiều khen thưởng thì nhập "
                "nhiều dòng, cùng họ tên và năm sinh. Chọn giới tính, đối tượng, mã danh hiệu "
                "(xem trang “Danh mục”) và loại hình trong danh sách; ngày quyết định dạng "
                "dd/mm/yyyy. Không đổi tên trang hay dòng tiêu đề.",
                Font(italic=True, color="555555"),
            ),
        ],
        len(HEADERS),
    )
    ws.row_dimensions[3].height = 45
    # Every data cell is editable (column style), the titles and headers are not.
    for column in range(1, len(HEADERS) + 1):
        dimension = ws.column_dimensions[get_column_letter(column)]
        dimension.protection = Protection(locked=False)
        if column in (BIRTH_COL, YEAR_COL):
            dimension.number_format = "0"
        elif column == DATE_COL:
            dimension.number_format = DATE_FORMAT
        else:
            dimension.number_format = "@"
    for row in range(1, HEADER_ROW):
        for column in range(1, len(HEADERS) + 1):
            ws.cell(row=row, column=column).protection = Protection(locked=True)
    header(ws, HEADER_ROW, HEADERS, COLUMN_WIDTHS)

    for offset, item in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        cells = [
            put_text(ws, row, NAME_COL, item.full_name),
            put_int(ws, row, BIRTH_COL, item.birth_year),
            put_text(ws, row, GENDER_COL, _label(Gender.choices, item.gender)),
            put_text(ws, row, POSITION_COL, item.position),
            put_text(ws, row, CATEGORY_COL, _label(PersonCategory.choices, item.category)),
            put_int(ws, row, YEAR_COL, item.year),
            put_text(ws, row, CODE_COL, item.award),
            put_text(ws, row, TYPE_COL, _type_label(item.award_type)),
            put_text(ws, row, NUMBER_COL, item.decision_number),
            put_date(ws, row, DATE_COL, item.decision_date),
            put_text(ws, row, ISSUER_COL, item.issuer),
        ]
        for cell in cells:
            cell.protection = Protection(locked=False)

    ranges = _catalogue_sheet(wb, awards)
    _list_validation(
        ws, GENDER_COL, ranges["genders"], "Giới tính không hợp lệ", "Chọn Nam hoặc Nữ"
    )
    _list_validation(
        ws,
        CATEGORY_COL,
        ranges["categories"],
        "Đối tượng không hợp lệ",
        "Chọn đối tượng trong danh sách",
    )
    _list_validation(
        ws,
        CODE_COL,
        ranges["codes"],
        "Mã không hợp lệ",
        "Chọn mã danh hiệu/hình thức trong trang “Danh mục”",
    )
    _list_validation(
        ws, TYPE_COL, ranges["types"], "Loại hình không hợp lệ", "Chọn loại hình trong danh sách"
    )
    _whole_validation(
        ws, BIRTH_COL, MIN_YEAR, today.year, f"Năm sinh từ {MIN_YEAR} đến {today.year}"
    )
    _whole_validation(
        ws, YEAR_COL, MIN_YEAR, today.year, f"Năm thành tích từ {MIN_YEAR} đến {today.year}"
    )
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ngày không hợp lệ",
        error="Nhập ngày dạng dd/mm/yyyy",
    )
    letter = get_column_letter(DATE_COL)
    dates.sqref = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}"
    ws.add_data_validation(dates)

    finish_template(ws, header_row=HEADER_ROW)
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.sort = False

    add_meta_sheet(
        wb,
        META_SHEET,
        [("format", FORMAT_VERSION), ("unit_id", unit.pk), ("unit", neutralise(unit.name))],
    )
    return save(wb)


def _type_label(code: str) -> str:
    try:
        return AwardType(code).label
    except ValueError:
        return code


def build_history_export(
    rows: Sequence[HistoryExportRow], *, title: str = "", today: datetime.date | None = None
) -> bytes:
    """The award history, one line per award; every text is neutralised against formulas."""
    today = today or local_today()
    wb = Workbook()
    ws = wb.active
    ws.title = EXPORT_SHEET
    _titles(
        ws,
        [
            (title or "Lịch sử khen thưởng", TITLE),
            (f"Xuất ngày {format_date(today)}", Font(italic=True)),
        ],
        len(EXPORT_HEADERS),
    )
    header(ws, EXPORT_HEADER_ROW, EXPORT_HEADERS, EXPORT_WIDTHS)
    for offset, item in enumerate(rows):
        row = EXPORT_HEADER_ROW + 1 + offset
        cells = [
            put_text(ws, row, 1, item.unit_name),
            put_text(ws, row, 2, item.full_name),
            put_int(ws, row, 3, item.birth_year),
            put_text(ws, row, 4, item.gender_label),
            put_text(ws, row, 5, item.position),
            put_text(ws, row, 6, item.category_label),
            put_int(ws, row, 7, item.year),
            put_text(ws, row, 8, item.award),
            put_text(ws, row, 9, item.award_name),
            put_text(ws, row, 10, item.award_type_label),
            put_text(ws, row, 11, item.decision_number),
            put_date(ws, row, 12, item.decision_date),
            put_text(ws, row, 13, item.issuer),
            put_text(ws, row, 14, item.revocation),
        ]
        for cell in cells:
            cell.alignment = WRAP
    finish_export(ws, header_row=EXPORT_HEADER_ROW, width=len(EXPORT_HEADERS), rows=len(rows))
    return save(wb)


# --- Reading -----------------------------------------------------------------------------------


_plain = plain_text


def _read_meta(ws: Any) -> tuple[int, str]:
    broken = refuse(f"Tệp không đúng mẫu: trang “{META_SHEET}” bị hỏng; {NEW_TEMPLATE}")
    fields: dict[str, Any] = {}
    for line in ws.iter_rows(max_row=20, max_col=2, values_only=True):
        if line and isinstance(line[0], str):
            fields[line[0]] = line[1] if len(line) > 1 else None
    if fields.get("format") != FORMAT_VERSION:
        shown = _plain(fields.get("format"))[:40]
        raise refuse(
            f"Tệp không đúng mẫu nhập khen thưởng (phiên bản “{shown}”, cần "
            f"“{FORMAT_VERSION}”); {NEW_TEMPLATE}"
        )
    unit_id = as_int(fields.get("unit_id"))
    if unit_id is None:
        raise broken
    return unit_id, unguard(_plain(fields.get("unit")))[:300]


def _problem(row: int, column: int, reason: str) -> UploadProblem:
    return UploadProblem(sheet=HISTORY_SHEET, row=row, column=HEADERS[column - 1], reason=reason)


class _Choices:
    """Accepted spellings of a choice: the code or the label, without diacritics or case."""

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.by_key: dict[str, str] = {}
        for code, label in entries.items():
            self.by_key[search_key(code)] = code
            self.by_key[search_key(label)] = code
        self.codes = list(entries)
        self.labels = list(entries.values())

    def get(self, text: str) -> str | None:
        return self.by_key.get(search_key(text))


class _RowReader(CellReader):
    """Reads one line of the sheet, collecting a problem per bad cell."""

    def text(self, column: int, *, required: bool = True, max_length: int = 200) -> str:
        value = self.raw(column)
        if value is _BAD:
            return ""
        text = unguard(_plain(value))
        if not text:
            if required:
                self.problem(column, REQUIRED)
            return ""
        if text.startswith(FORMULA_STARTS):
            self.problem(
                column,
                f"nội dung bắt đầu bằng “{text[0]}” có thể bị hiểu là công thức; hãy bỏ ký tự này.",
            )
            return ""
        if len(text) > max_length:
            self.problem(column, f"dài quá {max_length} ký tự.")
            return ""
        legacy = legacy_text_reason(text)
        if legacy is not None:
            self.problem(column, legacy)
            return ""
        return text

    def year(self, column: int, low: int, high: int) -> int | None:
        value = self.raw(column)
        if value is _BAD:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem(column, REQUIRED)
            return None
        number = as_int(value)
        if number is None and isinstance(value, str):
            text = value.strip()
            number = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None
        if number is None:
            if isinstance(value, datetime.datetime | datetime.date):
                reason = f"“{format_date(value)}” là ngày tháng, không phải là năm (số)."
            else:
                reason = f"“{_plain(value)[:40]}” không phải là năm (số), ví dụ 2024."
            self.problem(column, reason)
            return None
        if not low <= number <= high:
            self.problem(column, f"năm {number} nằm ngoài khoảng {low}–{high}.")
            return None
        return number

    def choice(self, column: int, choices: _Choices, what: str) -> str | None:
        text = self.text(column)
        if not text:
            return None
        code = choices.get(text)
        if code is None:
            self.problem(
                column,
                f"“{text[:60]}” không phải {what} trong danh sách ({'; '.join(choices.labels)}).",
            )
        return code

    def date(self, column: int, today: datetime.date) -> datetime.date | None:
        value = self.raw(column)
        if value is _BAD:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem(column, REQUIRED)
            return None
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        elif isinstance(value, str):
            text = _plain(value)
            try:
                day = parse_date(text)
            except ValueError:
                self.problem(column, f"“{text[:40]}” không phải ngày hợp lệ (dạng dd/mm/yyyy).")
                return None
        else:
            self.problem(
                column,
                f"“{_plain(value)[:40]}” không phải ngày; hãy nhập ngày dạng dd/mm/yyyy.",
            )
            return None
        if day > today:
            self.problem(column, f"ngày {format_date(day)} sau ngày hôm nay.")
            return None
        return day


_BAD = BAD_CELL


def _readheader(ws: Any) -> None:
    found = [
        _plain(cell.value)
        for cell in next(
            ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(HEADERS)), ()
        )
    ]
    if found != list(HEADERS):
        raise refuse(
            f"dòng tiêu đề đã bị thay đổi (cần: {', '.join(HEADERS)}), tệp không đúng mẫu; "
            f"{NEW_TEMPLATE}",
            sheet=HISTORY_SHEET,
            row=HEADER_ROW,
        )


def _read_lines(ws: Any) -> list[tuple[int, tuple[Any, ...]]]:
    return data_lines(
        ws,
        first_row=FIRST_DATA_ROW,
        width=len(HEADERS),
        max_rows=MAX_ROWS,
        too_many=refuse(
            f"Tệp có quá {format_number(MAX_ROWS)} dòng khen thưởng; hãy chia thành nhiều tệp.",
            sheet=HISTORY_SHEET,
        ),
    )


def parse_history_upload(
    data: bytes,
    *,
    unit_id: int | None = None,
    settings: Settings | None = None,
    today: datetime.date | None = None,
) -> ParsedHistory:
    """Read a filled-in history template (made for `unit_id`, when given).

    Raises `UploadError` listing every problem: a wrong or damaged file stops at the first
    problem; cell problems are collected over all rows.
    """
    day = today or local_today()
    return read_upload(
        data,
        lambda wb: _parse(wb, unit_id=unit_id, settings=settings, today=day),
        max_bytes=MAX_BYTES,
        max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
        sheet=HISTORY_SHEET,
    )


def _parse(
    wb: Any, *, unit_id: int | None, settings: Settings | None, today: datetime.date
) -> ParsedHistory:
    sheets = require_sheets(wb, (HISTORY_SHEET, META_SHEET))
    meta_unit_id, meta_unit_name = _read_meta(sheets[META_SHEET])
    if unit_id is not None and meta_unit_id != unit_id:
        raise refuse(
            f"Tệp mẫu này dành cho đơn vị “{meta_unit_name}”, không phải đơn vị đang nhập; "
            "hãy tải mẫu của đơn vị mình."
        )
    ws = sheets[HISTORY_SHEET]
    _readheader(ws)
    lines = _read_lines(ws)
    if not lines:
        raise refuse("Tệp chưa có dòng khen thưởng nào.", sheet=HISTORY_SHEET)

    genders = _Choices({code: str(label) for code, label in Gender.choices})
    categories = _Choices({code: str(label) for code, label in PersonCategory.choices})
    types = _Choices({item.value: item.label for item in AwardType})
    all_awards = award_definitions(settings)
    codes = _Choices({award.code: award.name for award in individual_awards(settings)})

    problems: list[UploadProblem] = []
    rows: list[HistoryUploadRow] = []
    for number, cells in lines:
        reader = _RowReader(number, cells, problems, sheet=HISTORY_SHEET, headers=HEADERS)
        name = reader.text(NAME_COL, max_length=MAX_NAME)
        birth_year = reader.year(BIRTH_COL, MIN_YEAR, today.year)
        gender = reader.choice(GENDER_COL, genders, "giới tính")
        position = reader.text(POSITION_COL, required=False, max_length=MAX_POSITION)
        category = reader.choice(CATEGORY_COL, categories, "đối tượng")
        year = reader.year(YEAR_COL, MIN_YEAR, today.year)
        award = _read_award(reader, codes, all_awards)
        award_type = reader.choice(TYPE_COL, types, "loại hình")
        decision_number = reader.text(NUMBER_COL, max_length=MAX_NUMBER)
        decision_date = reader.date(DATE_COL, today)
        issuer = reader.text(ISSUER_COL, max_length=MAX_ISSUER)
        if decision_date is not None and year is not None and decision_date.year < year:
            reader.problem(
                DATE_COL,
                f"ngày quyết định {format_date(decision_date)} trước năm thành tích {year}.",
            )
        # Every None here came with a problem; the checks also narrow the types.
        if not reader.ok or birth_year is None or year is None or decision_date is None:
            continue
        if gender is None or category is None or award is None or award_type is None:
            continue
        rows.append(
            HistoryUploadRow(
                row=number,
                full_name=name,
                birth_year=birth_year,
                gender=gender,
                position=position,
                category=category,
                year=year,
                award=award,
                award_type=award_type,
                decision_number=decision_number,
                decision_date=decision_date,
                issuer=issuer,
            )
        )
    problems.extend(_consistency_problems(rows))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, HEADERS.index(p.column) if p.column else -1))
        raise UploadError(problems)
    return ParsedHistory(unit_id=meta_unit_id, unit_name=meta_unit_name, rows=rows)


def _read_award(
    reader: _RowReader, codes: _Choices, all_awards: Mapping[str, AwardDefinition]
) -> str | None:
    text = reader.text(CODE_COL)
    if not text:
        return None
    code = codes.get(text)
    if code is not None:
        return code
    other = all_awards.get(text.upper())
    if other is not None:
        reader.problem(CODE_COL, f"“{other.code}” ({other.name}) không dành cho cá nhân.")
    else:
        reader.problem(
            CODE_COL,
            f"mã “{text[:40]}” không có trong danh mục khen thưởng (xem trang "
            f"“{CATALOGUE_SHEET}”: {', '.join(codes.codes)}).",
        )
    return None


def _consistency_problems(rows: Sequence[HistoryUploadRow]) -> list[UploadProblem]:
    """The same award twice, or the same person described differently on two rows."""
    problems: list[UploadProblem] = []
    first_award: dict[tuple[Any, ...], int] = {}
    first_person: dict[tuple[str, int | None], HistoryUploadRow] = {}
    for row in rows:
        key = (*row.person_key, row.year, row.award)
        if key in first_award:
            problems.append(
                _problem(
                    row.row,
                    CODE_COL,
                    f"trùng với dòng {first_award[key]}: {row.full_name} đã có "
                    f"{row.award} năm {row.year}.",
                )
            )
        else:
            first_award[key] = row.row
        person = first_person.setdefault(row.person_key, row)
        for column, attribute in ((GENDER_COL, "gender"), (CATEGORY_COL, "category")):
            if getattr(row, attribute) != getattr(person, attribute):
                problems.append(
                    _problem(
                        row.row,
                        column,
                        f"khác với dòng {person.row} của cùng người “{row.full_name}” "
                        f"(năm sinh {row.birth_year}).",
                    )
                )
    return problems
