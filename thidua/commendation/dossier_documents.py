"""Administrative documents of the commendation workflow, generated as DOCX to complete and sign.

* :func:`nomination_request_docx`: the unit's Tờ trình đề nghị (Mẫu số 01 spirit).
* :func:`achievement_report_docx`: the Báo cáo thành tích (Mẫu số 05 spirit) with the
  subject's history from the registry.
* :func:`tally_minutes_docx`: the council's Biên bản kiểm phiếu of a session.
* :func:`decision_docx`: the Quyết định (award or revocation) with its attached list.

Layout follows Decree 30/2020/NĐ-CP, Phụ lục I (RULES.md §6): A4 portrait, margins 20/20/30/15 mm,
Times New Roman; the header is a borderless two-column table (issuing body and number on the
left, Quốc hiệu, Tiêu ngữ and the place and date on the right); page numbers centred in the top
margin from page 2. Every text is NFC; documents are always written in Vietnamese, whatever the
reader's language. Nothing is fetched: the font is only named.

Each function returns ``(file name, DOCX bytes)``.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, TypeAlias

from django.utils import translation
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from thidua.commendation.catalogue import (
    AwardCategory,
    InitiativeScope,
    Rating,
    SubjectKind,
    award_definitions,
    reward_amount,
)
from thidua.commendation.enums import Gender
from thidua.commendation.models import (
    AwardRecord,
    BallotMode,
    CandidateResult,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionItem,
    DecisionKind,
    DossierKind,
    Household,
    Nomination,
    Person,
    Round,
    RoundKind,
    SessionStatus,
    Subject,
    subject_kind,
)
from thidua.commendation.selectors import award_history, person_history
from thidua.core.text import (
    file_slug,
    format_date,
    format_date_long,
    format_number,
    local_today,
    nfc,
)
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_ancestors

__all__ = [
    "DOCX_CONTENT_TYPE",
    "GENERATORS",
    "achievement_report_docx",
    "decision_docx",
    "nomination_request_docx",
    "tally_minutes_docx",
]

DOCX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# --- Layout constants (Decree 30/2020/NĐ-CP, Phụ lục I; RULES.md §6) ------------------------

FONT: Final = "Times New Roman"
PAGE_WIDTH_MM: Final = 210
PAGE_HEIGHT_MM: Final = 297
MARGIN_TOP_MM: Final = 20
MARGIN_BOTTOM_MM: Final = 20
MARGIN_LEFT_MM: Final = 30
MARGIN_RIGHT_MM: Final = 15
TEXT_WIDTH_MM: Final = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm
FIRST_LINE_INDENT: Final = Cm(1.27)
BODY_SIZE: Final = 14
HEADER_SIZE: Final = 13
# Header columns: issuing body | Quốc hiệu (12 pt bold needs about 90 mm).
HEADER_WIDTHS_MM: Final = (62.0, 103.0)
# Signature row: Nơi nhận | chức vụ, chữ ký, họ tên.
SIGNATURE_WIDTHS_MM: Final = (75.0, 90.0)
# Word's default left and right cell margins (0,19 cm each).
CELL_PADDING_MM: Final = 3.8

QUOC_HIEU: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU: Final = "Độc lập - Tự do - Hạnh phúc"
# The number is left for the signing office to fill in: "Số:      /TTr-SNV".
BLANK_NUMBER: Final = "      "
BLANK_DAY: Final = "      "
NAME_PLACEHOLDER: Final = "……………………………"
DRAFT_MARK: Final = "DỰ THẢO"
DRAFT_MARK_WIDTH_MM: Final = 35

LAW: Final = "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
DECREE_98: Final = (
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi "
    "hành một số điều của Luật Thi đua, khen thưởng"
)
DECREE_152: Final = (
    "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
    "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành "
    "một số điều của Luật Thi đua, khen thưởng"
)
# Decree 152/2025 replaces Decree 98/2023 from this day (its Art. 59; RULES.md, legal regime).
DECREE_152_FROM: Final = datetime.date(2025, 7, 1)
LOCAL_GOVERNMENT_LAW_2015: Final = (
    "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
    "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 "
    "năm 2019"
)
LOCAL_GOVERNMENT_LAW_2025: Final = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
# Marks the council module appends to its explanations; Times New Roman has no glyph for them.
_VERDICT_MARKS: Final = " ✓✗"

_PEOPLES_COMMITTEE_KINDS: Final = frozenset({UnitKind.TINH, UnitKind.HUYEN, UnitKind.XA})
# Prefixes of administrative unit names, dropped in the place line ("Tỉnh Kon Tum" → "Kon Tum").
_PLACE_PREFIXES: Final = (
    "tỉnh ",
    "thành phố ",
    "huyện ",
    "thị xã ",
    "quận ",
    "xã ",
    "phường ",
    "thị trấn ",
    "đặc khu ",
)
_KIND_NOUNS: Final = {
    SubjectKind.COLLECTIVE: "tập thể",
    SubjectKind.INDIVIDUAL: "cá nhân",
    SubjectKind.HOUSEHOLD: "hộ gia đình",
}
_KIND_ORDER: Final = (SubjectKind.COLLECTIVE, SubjectKind.INDIVIDUAL, SubjectKind.HOUSEHOLD)
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI")
# Verbs that start a trích yếu after "Về việc" in lower case ("Về việc tặng Bằng khen …").
_SUMMARY_VERBS: Final = ("Tặng", "Khen", "Công nhận", "Hủy", "Thu hồi", "Truy tặng")

# Children of <w:pPr> that must come after <w:pBdr> (ECMA-376 order; Word rejects others).
_AFTER_PBDR: Final = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

Container: TypeAlias = DocxDocument | _Cell
Row: TypeAlias = Sequence[str] | str  # a string is a group heading spanning the whole row


# --- Small text helpers ---------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _two_digits(count: int) -> str:
    """Counts below 10 get a leading zero in administrative documents: "02 tập thể"."""
    return f"{count:02d}"


def _lines(text: str) -> list[str]:
    """The non-empty lines of a free text, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _without_marks(text: str) -> str:
    return text.rstrip(_VERDICT_MARKS)


def _money(amount: Decimal) -> str:
    return format_number(amount, 0)


def _slug(text: str, fallback: str) -> str:
    slug = file_slug(text)[:80].strip("-")
    return slug or fallback


def _decree(on: datetime.date) -> str:
    return DECREE_152 if on >= DECREE_152_FROM else DECREE_98


def _decree_number(on: datetime.date) -> str:
    return "Nghị định số 152/2025/NĐ-CP" if on >= DECREE_152_FROM else "Nghị định số 98/2023/NĐ-CP"


def _dated(text: str, day: datetime.date | None, year: int) -> str:
    """`text` followed by "ngày 06 tháng 02 năm 2024", or blanks to fill in when not dated."""
    if day is not None:
        return f"{text}{format_date_long(day)}"
    return f"{text}ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"


def _place_and_date(place: str, day: datetime.date | None, year: int) -> str:
    """ "Kon Tum, ngày 06 tháng 02 năm 2024" (blanks for a document not signed yet)."""
    if day is not None:
        return format_date_long(day, place or None)
    return _dated(f"{place}, " if place else "", None, year)


# --- Units: how they name themselves --------------------------------------------------------


def _is_peoples_committee(unit: OrgUnit) -> bool:
    return unit.kind in _PEOPLES_COMMITTEE_KINDS


def _own_name(unit: OrgUnit) -> str:
    """The unit's name without its province when that is its parent: "Sở Nội vụ tỉnh Kon Tum"
    under "Tỉnh Kon Tum" → "Sở Nội vụ" (the header names the province on the line above)."""
    parent = unit.parent
    if parent is not None and _is_peoples_committee(parent):
        suffix = f" {parent.name}".casefold()
        if unit.name.casefold().endswith(suffix) and len(unit.name) > len(suffix):
            return unit.name[: -len(suffix)]
    return unit.name


def _unit_code(unit: OrgUnit) -> str:
    """The unit's part of a document symbol: its short name, else the initials of its name."""
    if _is_peoples_committee(unit):
        return "UBND"
    if unit.short_name.strip():
        return "".join(char for char in unit.short_name.upper() if char.isalnum() or char == "&")
    words = [word for word in _own_name(unit).split() if any(char.isalpha() for char in word)]
    return "".join(word[0].upper() for word in words) or "DV"


@dataclass(frozen=True)
class _Body:
    """The top-left block: cơ quan chủ quản (regular), cơ quan ban hành (bold) and its code."""

    parent_line: str
    lines: tuple[str, ...]
    code: str


def _body(unit: OrgUnit) -> _Body:
    if _is_peoples_committee(unit):
        return _Body("", ("ỦY BAN NHÂN DÂN", unit.name.upper()), "UBND")
    parent = unit.parent
    parent_line = ""
    if parent is not None:
        parent_line = (
            f"UBND {parent.name.upper()}" if _is_peoples_committee(parent) else parent.name.upper()
        )
    return _Body(parent_line, (_own_name(unit).upper(),), _unit_code(unit))


def _committee_of(unit: OrgUnit) -> str:
    """ "Ủy ban nhân dân tỉnh Kon Tum" for a people's committee, else the unit's name."""
    if _is_peoples_committee(unit):
        return f"Ủy ban nhân dân {_lower_first(unit.name)}"
    return unit.name


def _head_title(unit: OrgUnit) -> str:
    """Who signs for the unit: "Chủ tịch Ủy ban nhân dân tỉnh Kon Tum", "Giám đốc Sở Y tế …"."""
    if _is_peoples_committee(unit):
        return f"Chủ tịch {_committee_of(unit)}"
    name = unit.name
    folded = name.casefold()
    if folded.startswith(("sở ", "công ty", "trung tâm", "bệnh viện", "ngân hàng")):
        head = "Giám đốc"
    elif folded.startswith(("ban ", "phòng ")):
        head = "Trưởng"
    elif folded.startswith(("văn phòng", "thanh tra")):
        head = "Chánh"
    else:
        head = "Thủ trưởng"
    return f"{head} {name}"


def _place(unit: OrgUnit) -> str:
    """The place name of the date line: the commune, district or province the unit belongs to
    ("Kon Tum" for a provincial department of Kon Tum)."""
    chain = [unit, *reversed(orgunit_ancestors(unit))]
    for candidate in chain:
        if _is_peoples_committee(candidate):
            name = candidate.name
            for prefix in _PLACE_PREFIXES:
                if name.casefold().startswith(prefix):
                    name = name[len(prefix) :]
                    break
            return "TP. Hồ Chí Minh" if name == "Hồ Chí Minh" else name
    return ""


# --- Subjects -------------------------------------------------------------------------------


def _honorific(person: Person) -> str:
    return "Ông" if person.gender == Gender.NAM else "Bà"


def _subject_name(subject: Subject) -> str:
    if isinstance(subject, Person):
        return subject.full_name
    if isinstance(subject, Household):
        return f"Hộ {subject.head_name}"
    return subject.name


def _subject_listed_name(subject: Subject) -> str:
    """As written in a list: "Ông Nguyễn Văn A", "Hộ Trần Văn B", "Phòng Tổ chức"."""
    if isinstance(subject, Person):
        return f"{_honorific(subject)} {subject.full_name}"
    return _subject_name(subject)


def _subject_in_sentence(subject: Subject) -> str:
    """As written inside a sentence: "bà Nguyễn Thị Hòa", "hộ Trần Văn B", "Phòng Tổ chức"."""
    if isinstance(subject, Person):
        return f"{_honorific(subject).lower()} {subject.full_name}"
    if isinstance(subject, Household):
        return f"hộ {subject.head_name}"
    return subject.name


def _subject_where(subject: Subject) -> str:
    """Position and unit of a person, address of a household, parent of a collective."""
    if isinstance(subject, Person):
        return ", ".join(part for part in (subject.position.strip(), subject.unit.name) if part)
    if isinstance(subject, Household):
        return ", ".join(part for part in (subject.address.strip(), subject.unit.name) if part)
    return subject.parent.name if subject.parent is not None else ""


def _award_name(code: str) -> str:
    definition = award_definitions().get(code)
    return definition.name if definition is not None else code


def _award_phrase(code: str) -> str:
    """ "danh hiệu “Chiến sĩ thi đua cơ sở”", "Bằng khen của Chủ tịch …", "Cờ thi đua …"."""
    definition = award_definitions().get(code)
    if definition is None:
        return code
    if definition.category is AwardCategory.TITLE and not definition.name.startswith("Cờ"):
        return f"danh hiệu “{definition.name}”"
    return definition.name


def _count_phrase(counts: dict[SubjectKind, int]) -> str:
    """ "02 tập thể, 03 cá nhân và 01 hộ gia đình"."""
    parts = [
        f"{_two_digits(counts[kind])} {_KIND_NOUNS[kind]}"
        for kind in _KIND_ORDER
        if counts.get(kind)
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def _achievement_context(round_: Round) -> str:
    if round_.kind == RoundKind.ANNUAL:
        return f"trong thực hiện nhiệm vụ năm {round_.year}"
    return f"trong đợt “{round_.name}”"


# --- DOCX building blocks -------------------------------------------------------------------


def _set_fonts(rpr: Any) -> None:
    """Times New Roman for every script slot, so that Vietnamese never falls back to a theme."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _new_document() -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if default_rpr is not None:
            _set_fonts(default_rpr)
            language = default_rpr.find(qn("w:lang"))
            if language is not None:
                language.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr())
    normal_format = normal.paragraph_format
    normal_format.space_before = Pt(0)
    normal_format.space_after = Pt(0)
    normal_format.line_spacing = 1.0

    # Page numbers centred in the top margin, not on the first page (Phụ lục I).
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    run_props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(HEADER_SIZE * 2))
    run_props.append(size)
    run.append(run_props)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    header._p.append(field)
    return document


def _new_paragraph(container: Container) -> Paragraph:
    """A new paragraph; the empty one a fresh table cell starts with is used first."""
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            return paragraphs[0]
    return container.add_paragraph()


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> None:
    run = paragraph.add_run(nfc(text))
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


def _paragraph(
    container: Container,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
    first_line: Length | None = None,
    before: float = 0,
    after: float = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    paragraph = _new_paragraph(container)
    paragraph_format = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if first_line is not None:
        paragraph_format.first_line_indent = first_line
    paragraph_format.space_before = Pt(before)
    paragraph_format.space_after = Pt(after)
    if keep_with_next:
        paragraph_format.keep_with_next = True
    # Every paragraph gets a run, even an empty one: see `_new_paragraph`.
    _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _text(
    document: DocxDocument, text: str, *, italic: bool = False, bold: bool = False
) -> Paragraph:
    """A body paragraph: 14 pt, justified, first line indented 1,27 cm, 6 pt after."""
    return _paragraph(
        document,
        text,
        italic=italic,
        bold=bold,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=FIRST_LINE_INDENT,
        after=6,
    )


def _labelled(document: DocxDocument, label: str, text: str) -> Paragraph:
    """A body paragraph starting with a bold label: "Điều 1. …", "Lý do: …"."""
    paragraph = _text(document, label, bold=True)
    _run(paragraph, text)
    return paragraph


def _heading(document: DocxDocument, text: str) -> Paragraph:
    paragraph = _text(document, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _rule(container: Container, length_mm: float, width_mm: float) -> Paragraph:
    """A centred solid rule `length_mm` long: the bottom border of a tiny paragraph indented
    from both sides of a block `width_mm` wide."""
    paragraph = _paragraph(container, size=2)
    indent = Mm(max((width_mm - length_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    _paragraph_borders(paragraph, ("bottom",), size=6, space=1)
    return paragraph


def _paragraph_borders(
    paragraph: Paragraph, sides: Sequence[str], *, size: int, space: int
) -> None:
    """Solid black borders on `sides` of a paragraph (`size` in eighths of a point)."""
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", str(size)),
            ("w:space", str(space)),
            ("w:color", "000000"),
        ):
            edge.set(qn(key), value)
        borders.append(edge)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _table(
    document: DocxDocument, rows: int, widths_mm: Sequence[float], *, borders: bool
) -> Table:
    table = document.add_table(rows=rows, cols=len(widths_mm))
    if borders:
        table.style = "Table Grid"
    else:
        _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)
    return table


def _data_table(
    document: DocxDocument,
    headers: Sequence[str],
    widths_mm: Sequence[float],
    rows: Sequence[Row],
    *,
    centred: Iterable[int] = (0,),
    right: Iterable[int] = (),
    size: float = 12,
) -> Table:
    """A bordered table with a bold header row repeated on every page; a string row is a bold
    group heading ("I. TẬP THỂ") across all columns."""
    table = _table(document, 1 + len(rows), widths_mm, borders=True)
    centred_columns, right_columns = set(centred), set(right)
    header_row = table.rows[0]
    header_props = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_props.append(repeat)
    for cell, title in zip(header_row.cells, headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _paragraph(cell, title, size=size, bold=True)
    for row, values in zip(table.rows[1:], rows, strict=True):
        cells = row.cells
        if isinstance(values, str):
            merged = cells[0].merge(cells[-1])
            _paragraph(merged, values, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            continue
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if index in centred_columns:
                align = WD_ALIGN_PARAGRAPH.CENTER
            elif index in right_columns:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                align = WD_ALIGN_PARAGRAPH.LEFT
            _paragraph(cell, value, size=size, align=align)
    _paragraph(document, size=6)  # keeps the next paragraph off the table
    return table


def _draft_mark(document: DocxDocument) -> None:
    """ "DỰ THẢO" in a small frame at the top right (the frame spans the paragraph's width)."""
    paragraph = _paragraph(document, DRAFT_MARK, size=HEADER_SIZE, bold=True, after=6)
    paragraph.paragraph_format.left_indent = Mm(TEXT_WIDTH_MM - DRAFT_MARK_WIDTH_MM)
    _paragraph_borders(paragraph, ("top", "left", "bottom", "right"), size=8, space=2)


def _header(
    document: DocxDocument,
    body: _Body,
    number_line: str | None,
    place_and_date: str,
) -> None:
    """Ô 1–4 of Phụ lục I: issuing body and number | Quốc hiệu, Tiêu ngữ, place and date."""
    left_width, right_width = HEADER_WIDTHS_MM
    table = _table(document, 2, HEADER_WIDTHS_MM, borders=False)
    top_left, top_right = table.rows[0].cells
    bottom_left, bottom_right = table.rows[1].cells
    if body.parent_line:
        _paragraph(top_left, body.parent_line, size=HEADER_SIZE)
    for line in body.lines:
        _paragraph(top_left, line, size=HEADER_SIZE, bold=True)
    _rule(top_left, 20, left_width - CELL_PADDING_MM)
    _paragraph(top_right, QUOC_HIEU, size=12, bold=True)
    _paragraph(top_right, TIEU_NGU, size=HEADER_SIZE, bold=True)
    _rule(top_right, 64, right_width - CELL_PADDING_MM)
    if number_line:
        _paragraph(bottom_left, number_line, size=HEADER_SIZE, before=6)
    _paragraph(bottom_right, place_and_date, size=BODY_SIZE, italic=True, before=6)


def _title(document: DocxDocument, kind: str, summary: Sequence[str]) -> None:
    """Ô 5a: the document type and its trích yếu, with a short rule below."""
    _paragraph(document, kind.upper(), bold=True, before=18, keep_with_next=True)
    for line in summary:
        _paragraph(document, line, bold=True, keep_with_next=True)
    if summary:
        _rule(document, 40, TEXT_WIDTH_MM)
    _paragraph(document, size=6)


def _signature_cell(
    cell: _Cell, titles: Sequence[str], note: str, name: str, *, size: float = BODY_SIZE
) -> None:
    """Ô 7: authority and title (bold uppercase), the signing note, room to sign, the name."""
    for title in titles:
        _paragraph(cell, title.upper(), size=size, bold=True, keep_with_next=True)
    if note:
        _paragraph(cell, note, size=HEADER_SIZE, italic=True, keep_with_next=True)
    for _ in range(4):
        _paragraph(cell, keep_with_next=True)
    _paragraph(cell, name or NAME_PLACEHOLDER, bold=bool(name))


def _recipients_cell(cell: _Cell, recipients: Sequence[str]) -> None:
    """Ô 9b: "Nơi nhận:" 12 pt bold italic, one line per recipient in 11 pt."""
    _paragraph(cell, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        _paragraph(cell, f"- {recipient}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)


def _signature_row(document: DocxDocument) -> tuple[_Cell, _Cell]:
    _paragraph(document, size=6)
    table = _table(document, 1, SIGNATURE_WIDTHS_MM, borders=False)
    left, right = table.rows[0].cells
    return left, right


def _saved(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _legal_bases(on: datetime.date) -> list[str]:
    return [f"Căn cứ {LAW}", f"Căn cứ {_decree(on)}"]


def _write_bases(document: DocxDocument, bases: Sequence[str]) -> None:
    """Căn cứ lines, italic: each ends with ";", the last with "."."""
    for index, basis in enumerate(bases):
        end = "." if index == len(bases) - 1 else ";"
        _text(document, f"{basis.rstrip(';.')}{end}", italic=True)


# --- Tờ trình đề nghị -----------------------------------------------------------------------


def _nomination(nomination: Nomination) -> Nomination:
    """The nomination with what its documents show, read in one query."""
    return Nomination.objects.select_related(
        "round__issuer__parent",
        "unit__parent",
        "person__unit__parent",
        "collective__parent",
        "household__unit",
    ).get(pk=nomination.pk)


def _eligibility_lines(eligibility: dict[str, Any]) -> tuple[str, list[str]]:
    """The verdict stored at submission: its date and one line per criterion."""
    criteria = eligibility.get("criteria") or []
    lines = []
    for criterion in criteria:
        verdict = "Đạt" if criterion.get("passed") else "Chưa đạt"
        explanation = _without_marks(str(criterion.get("explanation", "")).strip())
        reference = str(criterion.get("reference", "")).strip()
        line = f"- {verdict}: {explanation}" if explanation else f"- {verdict}"
        if reference:
            line += f" ({reference})"
        lines.append(f"{line};")
    if lines:
        lines[-1] = f"{lines[-1][:-1]}."
    checked = ""
    as_of = eligibility.get("as_of")
    if isinstance(as_of, str):
        try:
            checked = format_date(datetime.date.fromisoformat(as_of))
        except ValueError:
            checked = ""
    return checked, lines


def _proposed_subject(document: DocxDocument, subject: Subject) -> None:
    paragraph = _text(document, "- ")
    if isinstance(subject, Person):
        _run(paragraph, f"{_honorific(subject)} {subject.full_name}", bold=True)
        where = _subject_where(subject)
        if where:
            _run(paragraph, f", {where}")
    elif isinstance(subject, Household):
        _run(paragraph, _subject_name(subject), bold=True)
        where = _subject_where(subject)
        if where:
            _run(paragraph, f", {where}")
    else:
        _run(paragraph, subject.name, bold=True)
        if subject.parent is not None:
            _run(paragraph, f" (trực thuộc {subject.parent.name})")
    _run(paragraph, ".")


def nomination_request_docx(
    nomination: Nomination, *, on: datetime.date | None = None
) -> tuple[str, bytes]:
    """The proposing unit's Tờ trình to the issuing body (Mẫu số 01 spirit), dated `on`
    (today by default, which also chooses Decree 98/2023 or 152/2025); the number is left blank
    for the unit to fill in when it signs."""
    with translation.override("vi"):
        nomination = _nomination(nomination)
        day = on or local_today()
        unit, issuer = nomination.unit, nomination.round.issuer
        subject = nomination.subject
        body = _body(unit)
        addressee = _head_title(issuer)
        phrase = _award_phrase(nomination.award)
        document = _new_document()

        _header(
            document,
            body,
            f"Số:{BLANK_NUMBER}/TTr-{body.code}",
            _place_and_date(_place(unit), day, day.year),
        )
        _title(document, "TỜ TRÌNH", [f"Về việc đề nghị tặng {phrase}"])
        kinh_gui = _paragraph(document, "Kính gửi: ", after=12)
        _run(kinh_gui, f"{addressee}.")

        context = _achievement_context(nomination.round)
        _write_bases(
            document,
            [
                *_legal_bases(day),
                f"Căn cứ thành tích đạt được của {_subject_in_sentence(subject)} {context}",
            ],
        )
        _text(
            document,
            f"{unit.name} kính trình {addressee} xem xét, tặng {phrase} "
            f"cho 01 {_KIND_NOUNS[subject_kind(subject)]}, đã có thành tích xuất sắc {context}:",
        )
        _proposed_subject(document, subject)
        _heading(document, "Tóm tắt thành tích:")
        for line in _lines(nomination.achievement):
            _text(document, line)

        checked, criteria = _eligibility_lines(nomination.eligibility or {})
        if criteria:
            when = f" ngày {checked}" if checked else ""
            _heading(
                document,
                f"Đối chiếu tiêu chuẩn, điều kiện (hệ thống kiểm tra khi gửi hồ sơ{when}):",
            )
            for line in criteria:
                _text(document, line)

        _text(document, "(Có báo cáo thành tích kèm theo).", italic=True)
        _text(document, f"Kính trình {addressee} xem xét, quyết định./.")

        left, right = _signature_row(document)
        _recipients_cell(left, ["Như trên", f"Lưu: VT, {body.code}"])
        _signature_cell(right, ["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, ghi rõ họ tên, đóng dấu)", "")

        name = f"to-trinh-{_slug(_subject_name(subject), f'de-nghi-{nomination.pk}')}.docx"
        return name, _saved(document)


# --- Báo cáo thành tích ---------------------------------------------------------------------


def _award_rows(awards: Sequence[AwardRecord]) -> list[Row]:
    return [
        [
            str(record.year),
            record.award_name,
            f"{record.decision_number} ngày {format_date(record.decision_date)}",
            record.issuer,
        ]
        for record in awards
    ]


def _or_none(document: DocxDocument, rows: Sequence[Row], build: Callable[[], Any]) -> None:
    if rows:
        build()
    else:
        _text(document, "Chưa có.", italic=True)


def _profile(document: DocxDocument, subject: Subject) -> None:
    if isinstance(subject, Person):
        _heading(document, "I. SƠ LƯỢC LÝ LỊCH")
        gender = Gender(subject.gender).label if subject.gender in Gender.values else ""
        facts = [
            ("Họ và tên", subject.full_name),
            ("Giới tính", str(gender)),
            ("Năm sinh", str(subject.birth_year) if subject.birth_year else ""),
            ("Chức vụ", subject.position.strip()),
            ("Đơn vị công tác", subject.unit.name),
        ]
    elif isinstance(subject, Household):
        _heading(document, "I. SƠ LƯỢC LÝ LỊCH")
        facts = [
            ("Chủ hộ", subject.head_name),
            ("Địa chỉ", subject.address.strip()),
            ("Xã, phường", subject.unit.name),
        ]
    else:
        _heading(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
        kind = UnitKind(subject.kind).label if subject.kind in UnitKind.values else ""
        facts = [
            ("Tên tập thể", subject.name),
            ("Loại hình", str(kind)),
            ("Cơ quan, đơn vị cấp trên trực tiếp", subject.parent.name if subject.parent else ""),
        ]
    for label, value in facts:
        _labelled(document, f"- {label}: ", value or "…")


def achievement_report_docx(
    nomination: Nomination, *, on: datetime.date | None = None
) -> tuple[str, bytes]:
    """The Báo cáo thành tích (Mẫu số 05 spirit): profile, achievements, and the awards still
    valid (revoked ones left out), plus a person's yearly ratings and initiatives."""
    with translation.override("vi"):
        nomination = _nomination(nomination)
        day = on or local_today()
        subject = nomination.subject
        kind = subject_kind(subject)
        unit = subject if isinstance(subject, OrgUnit) else subject.unit
        body = _body(unit)
        document = _new_document()

        number = f"Số:{BLANK_NUMBER}/BC-{body.code}" if kind is SubjectKind.COLLECTIVE else None
        _header(document, body, number, _place_and_date(_place(unit), day, day.year))
        _title(
            document,
            "BÁO CÁO THÀNH TÍCH",
            [f"Đề nghị tặng {_award_phrase(nomination.award)}", _subject_listed_name(subject)],
        )

        _profile(document, subject)
        _heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
        for line in _lines(nomination.achievement):
            _text(document, line)

        _heading(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
        _heading(document, "1. Danh hiệu thi đua, hình thức khen thưởng")
        awards = _award_rows(award_history(subject, include_revoked=False))
        _or_none(
            document,
            awards,
            lambda: _data_table(
                document,
                [
                    "Năm",
                    "Danh hiệu thi đua, hình thức khen thưởng",
                    "Số và ngày quyết định",
                    "Cơ quan ban hành",
                ],
                [16, 62, 45, 42],
                awards,
            ),
        )
        if isinstance(subject, Person):
            history = person_history(subject)
            _heading(document, "2. Kết quả xếp loại hằng năm")
            ratings: list[Row] = [
                [
                    str(rating.year),
                    Rating(rating.rating).label if rating.rating in set(Rating) else rating.rating,
                ]
                for rating in sorted(history.ratings, key=lambda item: item.year)
            ]
            _or_none(
                document,
                ratings,
                lambda: _data_table(document, ["Năm", "Xếp loại"], [25, 140], ratings),
            )
            _heading(document, "3. Sáng kiến, đề tài được công nhận")
            initiatives: list[Row] = [
                [
                    str(initiative.year),
                    initiative.title,
                    _upper_first(InitiativeScope(initiative.scope).label)
                    if initiative.scope in set(InitiativeScope)
                    else initiative.scope,
                ]
                for initiative in sorted(history.initiatives, key=lambda item: (item.year, item.pk))
            ]
            _or_none(
                document,
                initiatives,
                lambda: _data_table(
                    document,
                    ["Năm", "Tên sáng kiến, đề tài", "Phạm vi ảnh hưởng"],
                    [16, 109, 40],
                    initiatives,
                ),
            )

        left, right = _signature_row(document)
        if isinstance(subject, Person):
            _signature_cell(
                left,
                ["THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ"],
                "(Ký, ghi rõ họ tên, đóng dấu)",
                "",
                size=HEADER_SIZE,
            )
            _signature_cell(
                right, ["NGƯỜI BÁO CÁO THÀNH TÍCH"], "(Ký, ghi rõ họ và tên)", subject.full_name
            )
            _paragraph(document, size=6)
            _paragraph(document, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", bold=True, before=12)
            _paragraph(document, "(Ký, đóng dấu)", size=HEADER_SIZE, italic=True)
        else:
            _signature_cell(
                left,
                ["XÁC NHẬN CỦA CẤP", "TRÌNH KHEN THƯỞNG"],
                "(Ký, đóng dấu)",
                "",
                size=HEADER_SIZE,
            )
            if isinstance(subject, Household):
                _signature_cell(right, ["CHỦ HỘ"], "(Ký, ghi rõ họ và tên)", subject.head_name)
            else:
                _signature_cell(right, ["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, ghi rõ họ tên, đóng dấu)", "")

        slug = _slug(_subject_name(subject), f"de-nghi-{nomination.pk}")
        return f"bao-cao-thanh-tich-{slug}.docx", _saved(document)


GENERATORS: dict[str, Callable[[Nomination], tuple[str, bytes]]] = {
    DossierKind.TO_TRINH: nomination_request_docx,
    DossierKind.BAO_CAO: achievement_report_docx,
}


# --- Biên bản kiểm phiếu --------------------------------------------------------------------


def _council_of(issuer: OrgUnit) -> str:
    """ "Hội đồng Thi đua - Khen thưởng tỉnh Kon Tum"."""
    where = _lower_first(issuer.name) if _is_peoples_committee(issuer) else issuer.name
    return f"Hội đồng Thi đua - Khen thưởng {where}"


def _council_body(issuer: OrgUnit) -> _Body:
    parent_line = (
        f"UBND {issuer.name.upper()}" if _is_peoples_committee(issuer) else issuer.name.upper()
    )
    return _Body(parent_line, ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",), "HĐTĐKT")


def _member_with(members: Sequence[CouncilMember], match: Callable[[str], bool]) -> str:
    for member in members:
        if match(member.position.strip().casefold()):
            return member.full_name
    return ""


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return "Chưa kết luận"
    return "Thông qua" if passed else "Không thông qua"


def tally_minutes_docx(session: CouncilSession) -> tuple[str, bytes]:
    """The council's Biên bản kiểm phiếu: attendance and quorum, ballot mode, the votes and
    percentage on every candidate with the verdict, and the reasoning line by line."""
    with translation.override("vi"):
        session = CouncilSession.objects.select_related("round__issuer__parent").get(pk=session.pk)
        round_, issuer = session.round, session.round.issuer
        members = list(session.members.order_by("order", "id"))
        present_ids = set(session.present.values_list("pk", flat=True))
        results: list[CandidateResult] = list(
            session.results.select_related(
                "nomination__unit",
                "nomination__person",
                "nomination__collective",
                "nomination__household",
            ).order_by("nomination__unit__path", "nomination_id")
        )
        place = _place(issuer)
        document = _new_document()

        _header(
            document,
            _council_body(issuer),
            f"Số:{BLANK_NUMBER}/BB-HĐTĐKT",
            _place_and_date(place, session.held_on, session.held_on.year),
        )
        _title(
            document,
            "BIÊN BẢN KIỂM PHIẾU",
            ["Kết quả biểu quyết xét khen thưởng", round_.name],
        )
        where = f", tại {session.place.strip()}" if session.place.strip() else ""
        _text(
            document,
            f"Hôm nay, {format_date_long(session.held_on)}{where}, {_council_of(issuer)} họp xét "
            f"đề nghị khen thưởng đợt “{round_.name}”.",
        )

        _heading(document, "I. THÀNH PHẦN")
        present = [member for member in members if member.pk in present_ids]
        absent = [member for member in members if member.pk not in present_ids]
        _text(
            document,
            f"Tổng số thành viên Hội đồng: {_two_digits(len(members))}; số thành viên dự họp: "
            f"{_two_digits(len(present))}; vắng mặt: {_two_digits(len(absent))}.",
        )
        quorum = session.quorum or {}
        if quorum.get("explanation"):
            _text(document, f"{_without_marks(str(quorum['explanation'])).rstrip('.')}.")
        if quorum.get("met") is not None:
            enough = "đủ" if quorum["met"] else "không đủ"
            _text(document, f"Phiên họp {enough} số thành viên dự họp theo quy định.")
        if present:
            _text(document, "Thành viên dự họp:")
            for index, member in enumerate(present, start=1):
                _text(document, f"{index}. {member.full_name} – {member.position}.")
        if absent:
            names = ", ".join(f"{member.full_name} ({member.position})" for member in absent)
            _text(document, f"Thành viên vắng mặt: {names}.")

        _heading(document, "II. HÌNH THỨC BIỂU QUYẾT")
        mode = (
            BallotMode(session.ballot_mode).label
            if session.ballot_mode in BallotMode.values
            else session.ballot_mode
        )
        _text(document, f"{mode}.")

        _heading(document, "III. KẾT QUẢ KIỂM PHIẾU")
        if session.status != SessionStatus.CLOSED:
            _text(document, "Phiên họp chưa kết thúc: kết quả dưới đây chưa phải kết luận.")
        rows: list[Row] = [
            [
                str(index),
                _subject_name(result.nomination.subject),
                result.nomination.unit.name,
                _award_name(result.nomination.award),
                str(result.agree),
                str(result.disagree),
                str(result.abstain),
                str(result.written_agree),
                result.percent,
                _verdict(result.passed),
            ]
            for index, result in enumerate(results, start=1)
        ]
        if rows:
            _data_table(
                document,
                [
                    "STT",
                    "Họ tên/Tập thể",
                    "Đơn vị",
                    "Danh hiệu/hình thức",
                    "Đồng ý",
                    "Không đồng ý",
                    "Không biểu quyết",
                    "Bằng văn bản (đồng ý)",
                    "Tỷ lệ",
                    "Kết quả",
                ],
                [8, 28, 24, 24, 11, 12, 13, 13, 13, 19],
                rows,
                centred=(0, 4, 5, 6, 7, 8, 9),
                size=11,
            )
        else:
            _text(document, "Không có đề nghị nào được đưa ra biểu quyết.", italic=True)
        passed = sum(1 for result in results if result.passed)
        _text(
            document,
            f"Kết quả: {_two_digits(passed)}/{_two_digits(len(results))} đề nghị được Hội đồng "
            "thông qua.",
        )

        explained = [result for result in results if result.explanation.strip()]
        if explained:
            _heading(document, "IV. GIẢI THÍCH KẾT QUẢ")
            for index, result in enumerate(explained, start=1):
                name = _subject_name(result.nomination.subject)
                _text(document, f"{index}. {name}: {_without_marks(result.explanation.strip())}.")
        _text(document, "Biên bản được lập và thông qua tại phiên họp./.")

        left, right = _signature_row(document)
        secretary = _member_with(members, lambda position: "thư ký" in position)
        chair = _member_with(members, lambda position: position.startswith("chủ tịch"))
        _signature_cell(left, ["THƯ KÝ HỘI ĐỒNG"], "", secretary)
        _signature_cell(right, ["CHỦ TỊCH HỘI ĐỒNG"], "", chair)

        slug = _slug(round_.name, f"dot-{round_.pk}")
        return f"bien-ban-kiem-phieu-{slug}-{session.held_on.isoformat()}.docx", _saved(document)


# --- Quyết định ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One line of the decision's list."""

    subject: Subject
    award: str
    record: AwardRecord | None
    amount: Decimal | None

    @property
    def kind(self) -> SubjectKind:
        return subject_kind(self.subject)


def _entries(items: Sequence[DecisionItem], on: datetime.date, revocation: bool) -> list[_Entry]:
    entries = []
    for item in items:
        nomination, record = item.nomination, item.award_record
        if revocation and record is not None:
            subject, award = record.subject, record.award
        elif nomination is not None:
            subject, award = nomination.subject, nomination.award
        elif record is not None:
            subject, award = record.subject, record.award
        else:  # the check constraint forbids it
            continue
        amount = None
        if not revocation:
            try:
                amount = reward_amount(award, subject_kind(subject), on)
            except ValueError:  # before the Law of 2022: no amounts known
                amount = None
        entries.append(_Entry(subject, award, record, amount))
    return entries


def _kind_counts(entries: Iterable[_Entry]) -> dict[SubjectKind, int]:
    counts: dict[SubjectKind, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return counts


def _decision_summary(decision: Decision) -> str:
    title = " ".join(decision.title.split())
    if title.casefold().startswith(("về ", "v/v")):
        return title
    if title.startswith(_SUMMARY_VERBS):
        title = _lower_first(title)
    return f"Về việc {title}"


def _signer_titles(decision: Decision, issuer: OrgUnit) -> list[str]:
    """ "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" by default; a deputy's own title gets its "KT." line."""
    given = [
        part.strip().upper()
        for part in decision.signer_title.replace(" / ", "\n").splitlines()
        if part.strip()
    ]
    if given:
        if len(given) == 1 and given[0].startswith("PHÓ "):
            return [f"KT. {given[0][4:]}", given[0]]
        return given
    if _is_peoples_committee(issuer):
        return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    head = _head_title(issuer).split(" ")[0].upper()
    return [head]


def _list_rows(entries: Sequence[_Entry], build: Callable[[int, _Entry], list[str]]) -> list[Row]:
    """Rows grouped "I. TẬP THỂ", "II. CÁ NHÂN", "III. HỘ GIA ĐÌNH" (groups only when mixed)."""
    kinds = [kind for kind in _KIND_ORDER if any(entry.kind is kind for entry in entries)]
    rows: list[Row] = []
    number = 0
    for group, kind in enumerate(kinds):
        if len(kinds) > 1:
            rows.append(f"{_ROMAN[group]}. {_KIND_NOUNS[kind].upper()}")
        for entry in entries:
            if entry.kind is kind:
                number += 1
                rows.append(build(number, entry))
    return rows


def _session_basis(round_: Round | None, issuer: OrgUnit) -> str | None:
    if round_ is None:
        return None
    session = (
        round_.sessions.filter(status=SessionStatus.CLOSED).order_by("-held_on", "-id").first()
    )
    if session is None:
        return None
    return (
        f"Căn cứ kết quả họp {_council_of(issuer)} "
        f"{_dated('', session.held_on, session.held_on.year)}"
    )


def _award_article(
    document: DocxDocument, decision: Decision, entries: Sequence[_Entry], round_: Round | None
) -> None:
    counts = _kind_counts(entries)
    reason = "đã có thành tích xuất sắc"
    if round_ is not None:
        reason = f"{reason} {_achievement_context(round_)}"
    codes = list(dict.fromkeys(entry.award for entry in entries)) or [decision.award]
    if len(codes) == 1:
        _labelled(
            document,
            "Điều 1. ",
            f"Tặng {_award_phrase(codes[0])} cho {_count_phrase(counts)} (có danh sách kèm "
            f"theo), {reason}.",
        )
        return
    _labelled(
        document,
        "Điều 1. ",
        f"Khen thưởng {_count_phrase(counts)} (có danh sách kèm theo), {reason}, gồm:",
    )
    for index, code in enumerate(codes):
        share = _kind_counts(entry for entry in entries if entry.award == code)
        end = "." if index == len(codes) - 1 else ";"
        _text(document, f"- Tặng {_award_phrase(code)} cho {_count_phrase(share)}{end}")


def _money_article(document: DocxDocument, entries: Sequence[_Entry], on: datetime.date) -> bool:
    """Điều 2 when the rules give an amount for at least one line; False when none do."""
    amounts: dict[tuple[str, SubjectKind], Decimal] = {}
    for entry in entries:
        if entry.amount is not None:
            amounts.setdefault((entry.award, entry.kind), entry.amount)
    if not amounts:
        return False
    parts = [
        f"mỗi {_KIND_NOUNS[kind]} được tặng {_award_phrase(code)} kèm theo tiền thưởng "
        f"{_money(amount)} đồng"
        for (code, kind), amount in amounts.items()
    ]
    _labelled(
        document,
        "Điều 2. ",
        f"Tiền thưởng kèm theo thực hiện theo quy định tại {_decree_number(on)}: "
        f"{'; '.join(parts)} (chi tiết tại danh sách kèm theo). Kinh phí khen thưởng chi từ "
        "Quỹ thi đua, khen thưởng theo quy định.",
    )
    return True


def _execution_article(document: DocxDocument, number: int, issuer: OrgUnit) -> None:
    if issuer.kind == UnitKind.TINH:
        who = (
            f"Chánh Văn phòng {_committee_of(issuer)}, Giám đốc Sở Nội vụ, Thủ trưởng các cơ "
            "quan, đơn vị có liên quan"
        )
    else:
        who = "Thủ trưởng các cơ quan, đơn vị có liên quan"
    _labelled(
        document,
        f"Điều {number}. ",
        f"Quyết định này có hiệu lực kể từ ngày ký. {who} và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )


def decision_docx(decision: Decision) -> tuple[str, bytes]:
    """The Quyết định and, on a new page, its list: awards with the reward money the rules give,
    or the revocation of awards with its reason. An unnumbered decision is marked "DỰ THẢO"
    and keeps its number and date blank."""
    with translation.override("vi"):
        decision = Decision.objects.select_related("issuer__parent", "round").get(pk=decision.pk)
        issuer, round_ = decision.issuer, decision.round
        revocation = decision.kind == DecisionKind.REVOCATION
        on = decision.signed_on or local_today()
        items = list(
            decision.items.select_related(
                "nomination__person__unit",
                "nomination__collective__parent",
                "nomination__household__unit",
                "award_record__person__unit",
                "award_record__collective__parent",
                "award_record__household__unit",
            )
        )
        entries = _entries(items, on, revocation)
        body = _body(issuer)
        symbol = decision.symbol.strip() or "QĐ-UBND"
        number = decision.number.strip()
        full_number = (number if "/" in number else f"{number}/{symbol}") if number else ""
        shown_number = full_number or f"{BLANK_NUMBER}/{symbol}"
        head = _head_title(issuer)
        document = _new_document()

        if not number:
            _draft_mark(document)
        _header(
            document,
            body,
            f"Số: {shown_number}" if number else f"Số:{shown_number}",
            _place_and_date(_place(issuer), decision.signed_on, on.year),
        )
        _title(document, "QUYẾT ĐỊNH", [_decision_summary(decision)])
        _paragraph(document, head.upper(), bold=True, after=12)

        bases = []
        if _is_peoples_committee(issuer):
            local_law = (
                LOCAL_GOVERNMENT_LAW_2025 if on >= DECREE_152_FROM else (LOCAL_GOVERNMENT_LAW_2015)
            )
            bases.append(f"Căn cứ {local_law}")
        bases += _legal_bases(on)
        session_basis = None if revocation else _session_basis(round_, issuer)
        if session_basis:
            bases.append(session_basis)
        if issuer.kind == UnitKind.TINH:
            bases.append("Theo đề nghị của Giám đốc Sở Nội vụ")
        else:
            bases.append(f"Theo đề nghị của {_council_of(issuer)}")
        _write_bases(document, bases)
        _paragraph(document, "QUYẾT ĐỊNH:", bold=True, before=6, after=6)

        counts = _kind_counts(entries)
        if revocation:
            _labelled(
                document,
                "Điều 1. ",
                "Hủy bỏ quyết định khen thưởng, thu hồi hiện vật và tiền thưởng đã tặng cho "
                f"{_count_phrase(counts) or 'các tập thể, cá nhân'} có tên trong danh sách kèm "
                "theo.",
            )
            _text(document, f"Lý do: {' '.join(decision.reason.split()).rstrip('.')}.")
            _labelled(
                document,
                "Điều 2. ",
                "Các tập thể, cá nhân có tên tại Điều 1 có trách nhiệm nộp lại hiện vật và tiền "
                "thưởng đã nhận; cơ quan, đơn vị đã trình khen thưởng có trách nhiệm thu hồi và "
                "nộp về cơ quan ban hành quyết định theo quy định.",
            )
            last_article = 3
        else:
            _award_article(document, decision, entries, round_)
            last_article = 3 if _money_article(document, entries, on) else 2
        _execution_article(document, last_article, issuer)

        left, right = _signature_row(document)
        _recipients_cell(left, [f"Như Điều {last_article}", "Lưu: VT"])
        _signature_cell(right, _signer_titles(decision, issuer), "", decision.signer_name.strip())

        _attached_list(document, decision, entries, full_number, symbol, on, head, revocation)

        if number:
            name = f"quyet-dinh-{_slug(full_number, f'quyet-dinh-{decision.pk}')}.docx"
        else:
            name = f"du-thao-quyet-dinh-{_slug(decision.title, str(decision.pk))}.docx"
        return name, _saved(document)


def _attached_list(
    document: DocxDocument,
    decision: Decision,
    entries: Sequence[_Entry],
    full_number: str,
    symbol: str,
    on: datetime.date,
    head: str,
    revocation: bool,
) -> None:
    """The list attached to the decision, on its own page."""
    breaker = _paragraph(document)
    breaker.runs[0].add_break(WD_BREAK.PAGE)
    counts = _kind_counts(entries)
    who = (
        ", ".join(_KIND_NOUNS[kind] for kind in _KIND_ORDER if counts.get(kind))
        or "tập thể, cá nhân"
    )
    _paragraph(document, "DANH SÁCH", bold=True)
    codes = list(dict.fromkeys(entry.award for entry in entries))
    if revocation:
        _paragraph(document, f"{_upper_first(who)} bị hủy bỏ quyết định khen thưởng", bold=True)
    elif len(codes) == 1:
        _paragraph(document, f"{_upper_first(who)} được tặng {_award_phrase(codes[0])}", bold=True)
    else:
        _paragraph(document, f"{_upper_first(who)} được khen thưởng", bold=True)
    number_text = f" {full_number}" if full_number else f"{BLANK_NUMBER}/{symbol}"
    _paragraph(
        document,
        f"({_dated(f'Kèm theo Quyết định số{number_text} ', decision.signed_on, on.year)} "
        f"của {head})",
        italic=True,
    )
    _rule(document, 40, TEXT_WIDTH_MM)
    _paragraph(document, size=6)

    if revocation:

        def revoked_row(index: int, entry: _Entry) -> list[str]:
            record = entry.record
            decided = (
                f"{record.decision_number} ngày {format_date(record.decision_date)}"
                if record is not None
                else ""
            )
            return [
                str(index),
                _subject_listed_name(entry.subject),
                _subject_where(entry.subject),
                _award_name(entry.award),
                decided,
            ]

        _data_table(
            document,
            [
                "STT",
                "Họ và tên / Tập thể",
                "Chức vụ, đơn vị",
                "Danh hiệu, hình thức đã tặng",
                "Quyết định khen thưởng",
            ],
            [12, 42, 45, 34, 32],
            _list_rows(entries, revoked_row),
        )
        return

    with_money = any(entry.amount is not None for entry in entries)
    mixed = len(codes) > 1

    def award_row(index: int, entry: _Entry) -> list[str]:
        row = [str(index), _subject_listed_name(entry.subject), _subject_where(entry.subject)]
        if mixed:
            row.append(_award_name(entry.award))
        if with_money:
            row.append(_money(entry.amount) if entry.amount is not None else "")
        return row

    headers = ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị"]
    widths = [12.0, 60.0, 93.0]
    if mixed:
        headers.append("Danh hiệu, hình thức")
        widths = [12.0, 48.0, 60.0, 45.0]
    if with_money:
        headers.append("Tiền thưởng (đồng)")
        widths[2] -= 30
        widths.append(30.0)
    rows = _list_rows(entries, award_row)
    if with_money:
        total = sum((entry.amount for entry in entries if entry.amount is not None), Decimal(0))
        rows.append(["", "Tổng cộng", *([""] * (len(headers) - 3)), _money(total)])
    _data_table(
        document,
        headers,
        widths,
        rows,
        right=(len(headers) - 1,) if with_money else (),
    )
