"""Excel list of a unit's nominations in a round: the fill-in template and the reading of a
filled-in template. No database access here; `nomination_import.py` does that.

One row per nomination: the subject (a person, collective or household of the unit's subtree,
picked from a list whose values end with the subject's code in parentheses, e.g.
"Nguyễn Văn An – 1980 – Sở Nội vụ (CN-12)"), the award (its name or code) and the summary of
achievements. The code is what counts: a name that changed since the download, or a value typed
by hand that ends with a code, is still understood.

Like the award-history template (`history_excel.py`), the workbook carries a very hidden, protected
"_meta" sheet (format version, round, unit), guides the person filling it in with lists, and
protects its structure; the upload is distrusted all the same: size, zip structure, sheets,
header and every cell are checked again, and every problem is reported with its sheet, row and
column (`UploadError`). Whether a subject is really in the unit's lists is checked against the
database by the import.

Sheet names and column headers are part of the file format, compared on upload, so they are not
translated (a template downloaded in one language must read back in another).
"""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.commendation.catalogue import AwardDefinition, SubjectKind, award_definitions
from thidua.core.excel import (
    BAD_CELL,
    BOLD,
    BORDER,
    EDITABLE_FILL,
    HEADER_FILL,
    TITLE,
    WRAP,
    CellReader,
    UploadError,
    UploadProblem,
    add_meta_sheet,
    as_int,
    data_lines,
    finish_template,
    header,
    is_blank,
    neutralise,
    plain_text,
    put_int,
    put_text,
    read_upload,
    refuse,
    require_sheets,
    save,
    unguard,
)
from thidua.core.text import format_date, format_number, local_today, nfc, search_key
from thidua.ingest.sources import legacy_text_reason

__all__ = [
    "ACHIEVEMENT_COL",
    "AWARD_COL",
    "FIRST_DATA_ROW",
    "FORMAT_VERSION",
    "HEADERS",
    "HEADER_ROW",
    "LIST_SHEET",
    "MAX_BYTES",
    "MAX_CHOICES",
    "MAX_ROWS",
    "META_SHEET",
    "NOMINATION_SHEET",
    "SUBJECT_COL",
    "TEMPLATE_ROWS",
    "Candidate",
    "NominationUploadRow",
    "ParsedNominations",
    "build_nomination_template",
    "parse_nomination_upload",
    "problem",
    "subject_code",
]

FORMAT_VERSION = "thidua-nomination-list-1"
NOMINATION_SHEET = "Đề nghị"
LIST_SHEET = "Danh sách"
META_SHEET = "_meta"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# A 5 MB zip can inflate a thousandfold; refuse before any XML is parsed.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# Entries of the subject list; past this the unit should use its sub-units' templates.
MAX_CHOICES = 20000
MAX_ACHIEVEMENT = 5000
TEMPLATE_ROWS = 200  # numbered, yellow lines ready to fill in (more may be added below)

HEADERS = (
    "STT",
    "Cá nhân, tập thể, hộ gia đình",
    "Danh hiệu, hình thức",
    "Tóm tắt thành tích",
)
NUMBER_COL, SUBJECT_COL, AWARD_COL, ACHIEVEMENT_COL = range(1, len(HEADERS) + 1)
COLUMN_WIDTHS = (6, 60, 42, 80)
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
LAST_VALIDATED_ROW = FIRST_DATA_ROW + MAX_ROWS - 1

# Code prefixes: cá nhân, tập thể, hộ gia đình.
PREFIXES = {
    SubjectKind.INDIVIDUAL: "CN",
    SubjectKind.COLLECTIVE: "TT",
    SubjectKind.HOUSEHOLD: "HGD",
}
KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}
_CODE = r"(CN|TT|HGD)\s*-\s*(\d{1,12})"
_CODE_ALONE_RE = re.compile(rf"^{_CODE}$", re.IGNORECASE)
_CODE_AT_END_RE = re.compile(rf"\(\s*{_CODE}\s*\)\s*$", re.IGNORECASE)


def _new_template() -> str:
    return _("hãy tải mẫu mới từ hệ thống và nhập lại.")


def _required() -> str:
    return _("không được để trống.")


# --- Data --------------------------------------------------------------------------------------


def subject_code(kind: SubjectKind, pk: int) -> str:
    """The code of a subject in the template: "CN-12", "TT-5", "HGD-3"."""
    return f"{PREFIXES[kind]}-{pk}"


@dataclass(frozen=True)
class Candidate:
    """A subject the unit may propose, as listed in the template."""

    kind: SubjectKind
    pk: int
    name: str
    birth_year: int | None = None
    unit_name: str = ""  # where a person works, or a household lives

    @property
    def code(self) -> str:
        return subject_code(self.kind, self.pk)

    @property
    def choice(self) -> str:
        """The value picked in the list: a readable description ending with the code."""
        parts = [self.name]
        if self.birth_year is not None:
            parts.append(str(self.birth_year))
        if self.unit_name and self.kind != SubjectKind.COLLECTIVE:
            parts.append(self.unit_name)
        return f"{' – '.join(parts)} ({self.code})"


@dataclass(frozen=True)
class NominationUploadRow:
    """A valid line of an upload; `row` is its Excel row number, for messages."""

    row: int
    kind: SubjectKind
    subject_id: int
    award: str
    achievement: str

    @property
    def code(self) -> str:
        return subject_code(self.kind, self.subject_id)


@dataclass(frozen=True)
class ParsedNominations:
    """The valid lines of an upload, and the problems of the others (cell by cell).

    The file as a whole (format, round, unit, header) was right, or parsing would have raised.
    """

    round_id: int
    unit_id: int
    rows: list[NominationUploadRow]  # in sheet order
    problems: list[UploadProblem]


def problem(row: int, column: int, reason: str) -> UploadProblem:
    """A problem of one cell of the nomination sheet."""
    return UploadProblem(sheet=NOMINATION_SHEET, row=row, column=HEADERS[column - 1], reason=reason)


# --- Writing -----------------------------------------------------------------------------------


def _titles(ws: Any, lines: Sequence[tuple[str, Font]]) -> None:
    for index, (text, font) in enumerate(lines, start=1):
        cell = put_text(ws, index, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=len(HEADERS))


def _validation(ws: Any, column: int, validation: DataValidation) -> None:
    letter = get_column_letter(column)
    validation.sqref = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}"
    ws.add_data_validation(validation)


def _kinds_label(award: AwardDefinition) -> str:
    return ", ".join(kind.label for kind in SubjectKind if kind in award.subject_kinds)


def _list_sheet(
    wb: Any, candidates: Sequence[Candidate], awards: Sequence[AwardDefinition]
) -> dict[str, str]:
    """The "Danh sách" sheet; returns the ranges the list validations point at."""
    ws = wb.create_sheet(LIST_SHEET)
    columns = (
        (_("Cá nhân, tập thể, hộ gia đình (chọn ở trang “Đề nghị”)"), 70),
        (_("Loại"), 14),
        (_("Mã"), 12),
        (_("Đơn vị"), 40),
        ("", 3),
        (_("Danh hiệu, hình thức"), 46),
        (_("Mã danh hiệu, hình thức"), 22),
        (_("Dành cho"), 34),
    )
    for column, (title, width) in enumerate(columns, start=1):
        if title:
            cell = put_text(ws, 1, column, title)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    for row, candidate in enumerate(candidates, start=2):
        put_text(ws, row, 1, candidate.choice)
        put_text(ws, row, 2, candidate.kind.label)
        put_text(ws, row, 3, candidate.code)
        put_text(ws, row, 4, candidate.unit_name)
    for row, award in enumerate(awards, start=2):
        put_text(ws, row, 6, award.name)
        put_text(ws, row, 7, award.code)
        put_text(ws, row, 8, _kinds_label(award))
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.formatColumns = False
    ws.auto_filter.ref = f"A1:D{max(len(candidates), 1) + 1}"
    sheet = f"'{LIST_SHEET}'"
    return {
        "subjects": f"{sheet}!$A$2:$A${len(candidates) + 1}" if candidates else "",
        "awards": f"{sheet}!$F$2:$F${len(awards) + 1}",
    }


def build_nomination_template(
    round_: Any,
    unit: Any,
    candidates: Sequence[Candidate],
    *,
    awards: Mapping[str, AwardDefinition] | None = None,
    today: datetime.date | None = None,
) -> bytes:
    """The fill-in workbook of `unit` for `round_`: the subjects it may propose (`candidates`)
    and the catalogue's awards in lists, ~200 numbered empty lines."""
    today = today or local_today()
    catalogue = list((awards if awards is not None else award_definitions()).values())
    wb = Workbook()
    ws = wb.active
    ws.title = NOMINATION_SHEET
    _titles(
        ws,
        [
            (_("Đề nghị khen thưởng – %(unit)s") % {"unit": unit.name}, TITLE),
            (
                _(
                    "Đợt “%(round)s” (năm thành tích %(year)s, hạn nộp hồ sơ %(deadline)s) – "
                    "mẫu tải về ngày %(today)s"
                )
                % {
                    "round": round_.name,
                    "year": round_.year,
                    "deadline": format_date(round_.submission_deadline),
                    "today": format_date(today),
                },
                Font(italic=True),
            ),
            (
                _(
                    "Mỗi dòng là một đề nghị. Chọn cá nhân, tập thể hoặc hộ gia đình và danh "
                    "hiệu, hình thức trong danh sách (xem trang “Danh sách”), rồi ghi tóm tắt "
                    "thành tích. Khi nộp lại, mỗi dòng thành một đề nghị đang soạn; đơn vị bổ "
                    "sung hồ sơ và gửi từng đề nghị trên hệ thống. Không đổi tên trang hay dòng "
                    "tiêu đề."
                ),
                Font(italic=True, color="555555"),
            ),
        ],
    )
    ws.row_dimensions[3].height = 48
    # The data columns are editable all the way down (column style); titles and header are not.
    for column in (SUBJECT_COL, AWARD_COL, ACHIEVEMENT_COL):
        dimension = ws.column_dimensions[get_column_letter(column)]
        dimension.protection = Protection(locked=False)
        dimension.number_format = "@"
    for row in range(1, HEADER_ROW):
        for column in range(1, len(HEADERS) + 1):
            ws.cell(row=row, column=column).protection = Protection(locked=True)
    header(ws, HEADER_ROW, HEADERS, COLUMN_WIDTHS)
    for offset in range(TEMPLATE_ROWS):
        row = FIRST_DATA_ROW + offset
        number = put_int(ws, row, NUMBER_COL, offset + 1)
        number.border = BORDER
        for column in (SUBJECT_COL, AWARD_COL, ACHIEVEMENT_COL):
            cell = ws.cell(row=row, column=column)
            cell.fill, cell.border = EDITABLE_FILL, BORDER
            cell.protection = Protection(locked=False)
            cell.number_format = "@"
            if column == ACHIEVEMENT_COL:
                cell.alignment = WRAP

    ranges = _list_sheet(wb, candidates, catalogue)
    if ranges["subjects"]:
        _validation(
            ws,
            SUBJECT_COL,
            DataValidation(
                type="list",
                formula1=ranges["subjects"],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Không có trong danh sách"),
                error=_("Chọn cá nhân, tập thể, hộ gia đình trong trang “Danh sách”"),
            ),
        )
    _validation(
        ws,
        AWARD_COL,
        DataValidation(
            type="list",
            formula1=ranges["awards"],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Danh hiệu, hình thức không hợp lệ"),
            error=_("Chọn danh hiệu, hình thức trong danh sách"),
        ),
    )
    _validation(
        ws,
        ACHIEVEMENT_COL,
        DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(MAX_ACHIEVEMENT),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Tóm tắt quá dài"),
            error=_("Tóm tắt thành tích tối đa %(count)s ký tự")
            % {"count": format_number(MAX_ACHIEVEMENT)},
        ),
    )

    finish_template(ws, header_row=HEADER_ROW)
    ws.protection.insertRows = False  # allowed: the lines are read by content, not position
    ws.protection.deleteRows = False
    ws.protection.sort = False

    add_meta_sheet(
        wb,
        META_SHEET,
        [
            ("format", FORMAT_VERSION),
            ("round_id", round_.pk),
            ("unit_id", unit.pk),
            ("round", neutralise(round_.name)),
            ("unit", neutralise(unit.name)),
        ],
    )
    return save(wb)


# --- Reading -----------------------------------------------------------------------------------


_plain = plain_text


@dataclass(frozen=True)
class _Meta:
    round_id: int
    unit_id: int
    round_name: str
    unit_name: str


def _read_meta(ws: Any) -> _Meta:
    fields: dict[str, Any] = {}
    for line in ws.iter_rows(max_row=20, max_col=2, values_only=True):
        if line and isinstance(line[0], str):
            fields[line[0]] = line[1] if len(line) > 1 else None
    if fields.get("format") != FORMAT_VERSION:
        raise refuse(
            _(
                "Tệp không đúng mẫu danh sách đề nghị khen thưởng (phiên bản “%(found)s”, cần "
                "“%(wanted)s”); %(advice)s"
            )
            % {
                "found": _plain(fields.get("format"))[:40],
                "wanted": FORMAT_VERSION,
                "advice": _new_template(),
            }
        )
    round_id, unit_id = as_int(fields.get("round_id")), as_int(fields.get("unit_id"))
    if round_id is None or unit_id is None:
        raise refuse(
            _("Tệp không đúng mẫu: trang “%(sheet)s” bị hỏng; %(advice)s")
            % {"sheet": META_SHEET, "advice": _new_template()}
        )
    return _Meta(
        round_id=round_id,
        unit_id=unit_id,
        round_name=unguard(_plain(fields.get("round")))[:300],
        unit_name=unguard(_plain(fields.get("unit")))[:300],
    )


def _check_header(ws: Any) -> None:
    found = [
        _plain(cell.value)
        for cell in next(
            ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(HEADERS)), ()
        )
    ]
    if found != list(HEADERS):
        raise refuse(
            _("dòng tiêu đề đã bị thay đổi (cần: %(headers)s), tệp không đúng mẫu; %(advice)s")
            % {"headers": ", ".join(HEADERS), "advice": _new_template()},
            sheet=NOMINATION_SHEET,
            row=HEADER_ROW,
        )


def _read_lines(ws: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """The lines with something in the subject, award or achievement cell (the numbers in the
    "STT" column alone do not make a line)."""
    lines = data_lines(
        ws,
        first_row=FIRST_DATA_ROW,
        width=len(HEADERS),
        # The template numbers its first lines: they may all be there besides MAX_ROWS others.
        max_rows=MAX_ROWS + TEMPLATE_ROWS,
        too_many=_too_many(),
    )
    filled = [
        (number, cells)
        for number, cells in lines
        if not all(is_blank(cell) for cell in cells[SUBJECT_COL - 1 :])
    ]
    if len(filled) > MAX_ROWS:
        raise _too_many()
    return filled


def _too_many() -> UploadError:
    return refuse(
        _("Tệp có quá %(count)s dòng đề nghị; hãy chia thành nhiều tệp.")
        % {"count": format_number(MAX_ROWS)},
        sheet=NOMINATION_SHEET,
    )


_BAD = BAD_CELL


class _RowReader(CellReader):
    """Reads one line of the sheet, collecting a problem per bad cell."""

    def subject(self) -> tuple[SubjectKind, int] | None:
        value = self.raw(SUBJECT_COL)
        if value is _BAD:
            return None
        text = unguard(_plain(value))
        if not text:
            self.problem(SUBJECT_COL, _required())
            return None
        match = _CODE_ALONE_RE.match(text) or _CODE_AT_END_RE.search(text)
        if match is None:
            self.problem(
                SUBJECT_COL,
                _(
                    "“%(value)s” không có mã đối tượng (như “CN-12”) ở cuối; hãy chọn trong "
                    "danh sách (trang “%(sheet)s”)."
                )
                % {"value": text[:80], "sheet": LIST_SHEET},
            )
            return None
        return KINDS[match.group(1).upper()], int(match.group(2))

    def award(
        self, by_key: Mapping[str, AwardDefinition], kind: SubjectKind | None
    ) -> AwardDefinition | None:
        value = self.raw(AWARD_COL)
        if value is _BAD:
            return None
        text = unguard(_plain(value))
        if not text:
            self.problem(AWARD_COL, _required())
            return None
        award = by_key.get(search_key(text))
        if award is None:
            self.problem(
                AWARD_COL,
                _("“%(value)s” không có trong danh mục khen thưởng (xem trang “%(sheet)s”).")
                % {"value": text[:80], "sheet": LIST_SHEET},
            )
            return None
        if kind is not None and kind not in award.subject_kinds:
            self.problem(
                AWARD_COL,
                _("“%(award)s” không dành cho %(kind)s (chỉ dành cho: %(kinds)s).")
                % {"award": award.name, "kind": kind.label.lower(), "kinds": _kinds_label(award)},
            )
            return None
        return award

    def achievement(self) -> str:
        value = self.raw(ACHIEVEMENT_COL)
        if value is _BAD:
            return ""
        if isinstance(value, datetime.datetime | datetime.date):
            value = format_date(value)
        # Kept as text (line breaks too; the service decides how to store it). Text that looks
        # like a formula ("=…", "-…") is inert in the database and neutralised again whenever
        # it is written to a spreadsheet; bullet points ("- …") are common in summaries.
        text = unguard(nfc(str(value)).strip()) if value is not None else ""
        if not text:
            self.problem(ACHIEVEMENT_COL, _required())
            return ""
        if len(text) > MAX_ACHIEVEMENT:
            self.problem(
                ACHIEVEMENT_COL,
                _("dài quá %(count)s ký tự.") % {"count": format_number(MAX_ACHIEVEMENT)},
            )
            return ""
        legacy = legacy_text_reason(text)
        if legacy is not None:
            self.problem(ACHIEVEMENT_COL, legacy)
            return ""
        return text


def parse_nomination_upload(
    data: bytes,
    *,
    round_id: int,
    unit_id: int,
    awards: Mapping[str, AwardDefinition] | None = None,
) -> ParsedNominations:
    """Read a filled-in nomination template made for `round_id` and `unit_id`.

    A wrong or damaged file raises `UploadError` at its first problem; cell problems are
    collected over all rows and returned with the valid rows.
    """
    catalogue = awards if awards is not None else award_definitions()
    return read_upload(
        data,
        lambda wb: _parse(wb, round_id=round_id, unit_id=unit_id, awards=catalogue),
        max_bytes=MAX_BYTES,
        max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
        sheet=NOMINATION_SHEET,
    )


def _parse(
    wb: Any, *, round_id: int, unit_id: int, awards: Mapping[str, AwardDefinition]
) -> ParsedNominations:
    sheets = require_sheets(wb, (NOMINATION_SHEET, META_SHEET))
    meta = _read_meta(sheets[META_SHEET])
    if (meta.round_id, meta.unit_id) != (round_id, unit_id):
        raise refuse(
            _(
                "Tệp mẫu này dành cho đợt “%(round)s”, đơn vị “%(unit)s”, không phải đợt và đơn "
                "vị đang nhập; hãy tải mẫu của đúng đợt và đơn vị."
            )
            % {"round": meta.round_name, "unit": meta.unit_name}
        )
    ws = sheets[NOMINATION_SHEET]
    _check_header(ws)
    lines = _read_lines(ws)
    if not lines:
        raise refuse(_("Tệp chưa có dòng đề nghị nào."), sheet=NOMINATION_SHEET)

    by_key: dict[str, AwardDefinition] = {}
    for definition in awards.values():
        by_key[search_key(definition.code)] = definition
        by_key[search_key(definition.name)] = definition

    problems: list[UploadProblem] = []
    rows: list[NominationUploadRow] = []
    first: dict[tuple[SubjectKind, int, str], int] = {}
    for number, cells in lines:
        reader = _RowReader(number, cells, problems, sheet=NOMINATION_SHEET, headers=HEADERS)
        subject = reader.subject()
        award = reader.award(by_key, subject[0] if subject else None)
        achievement = reader.achievement()
        if not reader.ok or subject is None or award is None:
            continue
        key = (*subject, award.code)
        if key in first:
            reader.problem(
                SUBJECT_COL,
                _("trùng với dòng %(row)s: cùng đối tượng, cùng danh hiệu, hình thức “%(award)s”.")
                % {"row": first[key], "award": award.name},
            )
            continue
        first[key] = number
        rows.append(
            NominationUploadRow(
                row=number,
                kind=subject[0],
                subject_id=subject[1],
                award=award.code,
                achievement=achievement,
            )
        )
    return ParsedNominations(round_id=round_id, unit_id=unit_id, rows=rows, problems=problems)
