"""The Decree 30/2020/NĐ-CP layout of administrative documents (Phụ lục I; RULES.md §6), as
DOCX building blocks shared by every generated document: quyết định, tờ trình, biên bản, báo
cáo, công văn đôn đốc.

A4 portrait, margins 20/20/30/15 mm, Times New Roman (Liberation Serif, metric-compatible, is
what LibreOffice substitutes when it renders the PDF); the header is a borderless two-column
table (issuing body and number on the left, Quốc hiệu, Tiêu ngữ and the place and date on the
right); page numbers centred in the top margin from page 2; "Nơi nhận:" 12 pt bold italic with
an 11 pt list. Every text is NFC; documents are always written in Vietnamese, whatever the
reader's language. Nothing is fetched: the font is only named.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, TypeAlias

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from thidua.core.text import file_slug, format_date_long, format_number, nfc
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_ancestors

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


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def two_digits(count: int) -> str:
    """Counts below 10 get a leading zero in administrative documents: "02 tập thể"."""
    return f"{count:02d}"


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a free text, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def money(amount: Decimal) -> str:
    return format_number(amount, 0)


def slug_or(text: str, fallback: str) -> str:
    slug = file_slug(text)[:80].strip("-")
    return slug or fallback


def decree(on: datetime.date) -> str:
    return DECREE_152 if on >= DECREE_152_FROM else DECREE_98


def decree_number(on: datetime.date) -> str:
    return "Nghị định số 152/2025/NĐ-CP" if on >= DECREE_152_FROM else "Nghị định số 98/2023/NĐ-CP"


def dated(text: str, day: datetime.date | None, year: int) -> str:
    """`text` followed by "ngày 06 tháng 02 năm 2024", or blanks to fill in when not dated."""
    if day is not None:
        return f"{text}{format_date_long(day)}"
    return f"{text}ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"


def place_and_date(place: str, day: datetime.date | None, year: int) -> str:
    """ "Kon Tum, ngày 06 tháng 02 năm 2024" (blanks for a document not signed yet)."""
    if day is not None:
        return format_date_long(day, place or None)
    return dated(f"{place}, " if place else "", None, year)


# --- Units: how they name themselves --------------------------------------------------------


def is_peoples_committee(unit: OrgUnit) -> bool:
    return unit.kind in _PEOPLES_COMMITTEE_KINDS


def own_name(unit: OrgUnit) -> str:
    """The unit's name without its province when that is its parent: "Sở Nội vụ tỉnh Kon Tum"
    under "Tỉnh Kon Tum" → "Sở Nội vụ" (the header names the province on the line above)."""
    parent = unit.parent
    if parent is not None and is_peoples_committee(parent):
        suffix = f" {parent.name}".casefold()
        if unit.name.casefold().endswith(suffix) and len(unit.name) > len(suffix):
            return unit.name[: -len(suffix)]
    return unit.name


def unit_code(unit: OrgUnit) -> str:
    """The unit's part of a document symbol: its short name, else the initials of its name."""
    if is_peoples_committee(unit):
        return "UBND"
    if unit.short_name.strip():
        return "".join(char for char in unit.short_name.upper() if char.isalnum() or char == "&")
    words = [word for word in own_name(unit).split() if any(char.isalpha() for char in word)]
    return "".join(word[0].upper() for word in words) or "DV"


@dataclass(frozen=True)
class IssuingBody:
    """The top-left block: cơ quan chủ quản (regular), cơ quan ban hành (bold) and its code."""

    parent_line: str
    lines: tuple[str, ...]
    code: str


def issuing_body(unit: OrgUnit) -> IssuingBody:
    if is_peoples_committee(unit):
        return IssuingBody("", ("ỦY BAN NHÂN DÂN", unit.name.upper()), "UBND")
    parent = unit.parent
    parent_line = ""
    if parent is not None:
        parent_line = (
            f"UBND {parent.name.upper()}" if is_peoples_committee(parent) else parent.name.upper()
        )
    return IssuingBody(parent_line, (own_name(unit).upper(),), unit_code(unit))


def committee_of(unit: OrgUnit) -> str:
    """ "Ủy ban nhân dân tỉnh Kon Tum" for a people's committee, else the unit's name."""
    if is_peoples_committee(unit):
        return f"Ủy ban nhân dân {lower_first(unit.name)}"
    return unit.name


def head_title(unit: OrgUnit) -> str:
    """Who signs for the unit: "Chủ tịch Ủy ban nhân dân tỉnh Kon Tum", "Giám đốc Sở Y tế …"."""
    if is_peoples_committee(unit):
        return f"Chủ tịch {committee_of(unit)}"
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


def unit_place(unit: OrgUnit) -> str:
    """The place name of the date line: the commune, district or province the unit belongs to
    ("Kon Tum" for a provincial department of Kon Tum)."""
    chain = [unit, *reversed(orgunit_ancestors(unit))]
    for candidate in chain:
        if is_peoples_committee(candidate):
            name = candidate.name
            for prefix in _PLACE_PREFIXES:
                if name.casefold().startswith(prefix):
                    name = name[len(prefix) :]
                    break
            return "TP. Hồ Chí Minh" if name == "Hồ Chí Minh" else name
    return ""


# --- DOCX building blocks -------------------------------------------------------------------


def set_fonts(rpr: Any) -> None:
    """Times New Roman for every script slot, so that Vietnamese never falls back to a theme."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def new_document() -> DocxDocument:
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
            set_fonts(default_rpr)
            language = default_rpr.find(qn("w:lang"))
            if language is not None:
                language.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    set_fonts(normal.element.get_or_add_rPr())
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


def new_paragraph(container: Container) -> Paragraph:
    """A new paragraph; the empty one a fresh table cell starts with is used first."""
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            return paragraphs[0]
    return container.add_paragraph()


def add_run(
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


def add_paragraph(
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
    paragraph = new_paragraph(container)
    paragraph_format = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if first_line is not None:
        paragraph_format.first_line_indent = first_line
    paragraph_format.space_before = Pt(before)
    paragraph_format.space_after = Pt(after)
    if keep_with_next:
        paragraph_format.keep_with_next = True
    # Every paragraph gets a run, even an empty one: see `new_paragraph`.
    add_run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def add_text(
    document: DocxDocument, text: str, *, italic: bool = False, bold: bool = False
) -> Paragraph:
    """A body paragraph: 14 pt, justified, first line indented 1,27 cm, 6 pt after."""
    return add_paragraph(
        document,
        text,
        italic=italic,
        bold=bold,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=FIRST_LINE_INDENT,
        after=6,
    )


def add_labelled(document: DocxDocument, label: str, text: str) -> Paragraph:
    """A body paragraph starting with a bold label: "Điều 1. …", "Lý do: …"."""
    paragraph = add_text(document, label, bold=True)
    add_run(paragraph, text)
    return paragraph


def add_heading(document: DocxDocument, text: str) -> Paragraph:
    paragraph = add_text(document, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_rule(container: Container, length_mm: float, width_mm: float) -> Paragraph:
    """A centred solid rule `length_mm` long: the bottom border of a tiny paragraph indented
    from both sides of a block `width_mm` wide."""
    paragraph = add_paragraph(container, size=2)
    indent = Mm(max((width_mm - length_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph_borders(paragraph, ("bottom",), size=6, space=1)
    return paragraph


def paragraph_borders(paragraph: Paragraph, sides: Sequence[str], *, size: int, space: int) -> None:
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


def no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def add_table(
    document: DocxDocument, rows: int, widths_mm: Sequence[float], *, borders: bool
) -> Table:
    table = document.add_table(rows=rows, cols=len(widths_mm))
    if borders:
        table.style = "Table Grid"
    else:
        no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)
    return table


def add_data_table(
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
    table = add_table(document, 1 + len(rows), widths_mm, borders=True)
    centred_columns, right_columns = set(centred), set(right)
    header_row = table.rows[0]
    header_props = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_props.append(repeat)
    for cell, title in zip(header_row.cells, headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        add_paragraph(cell, title, size=size, bold=True)
    for row, values in zip(table.rows[1:], rows, strict=True):
        cells = row.cells
        if isinstance(values, str):
            merged = cells[0].merge(cells[-1])
            add_paragraph(merged, values, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            continue
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if index in centred_columns:
                align = WD_ALIGN_PARAGRAPH.CENTER
            elif index in right_columns:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                align = WD_ALIGN_PARAGRAPH.LEFT
            add_paragraph(cell, value, size=size, align=align)
    add_paragraph(document, size=6)  # keeps the next paragraph off the table
    return table


def add_draft_mark(document: DocxDocument) -> None:
    """ "DỰ THẢO" in a small frame at the top right (the frame spans the paragraph's width)."""
    paragraph = add_paragraph(document, DRAFT_MARK, size=HEADER_SIZE, bold=True, after=6)
    paragraph.paragraph_format.left_indent = Mm(TEXT_WIDTH_MM - DRAFT_MARK_WIDTH_MM)
    paragraph_borders(paragraph, ("top", "left", "bottom", "right"), size=8, space=2)


def add_header(
    document: DocxDocument,
    body: IssuingBody,
    number_line: str | None,
    place_and_date: str,
) -> None:
    """Ô 1–4 of Phụ lục I: issuing body and number | Quốc hiệu, Tiêu ngữ, place and date."""
    left_width, right_width = HEADER_WIDTHS_MM
    table = add_table(document, 2, HEADER_WIDTHS_MM, borders=False)
    top_left, top_right = table.rows[0].cells
    bottom_left, bottom_right = table.rows[1].cells
    if body.parent_line:
        add_paragraph(top_left, body.parent_line, size=HEADER_SIZE)
    for line in body.lines:
        add_paragraph(top_left, line, size=HEADER_SIZE, bold=True)
    add_rule(top_left, 20, left_width - CELL_PADDING_MM)
    add_paragraph(top_right, QUOC_HIEU, size=12, bold=True)
    add_paragraph(top_right, TIEU_NGU, size=HEADER_SIZE, bold=True)
    add_rule(top_right, 64, right_width - CELL_PADDING_MM)
    if number_line:
        add_paragraph(bottom_left, number_line, size=HEADER_SIZE, before=6)
    add_paragraph(bottom_right, place_and_date, size=BODY_SIZE, italic=True, before=6)


def add_title(document: DocxDocument, kind: str, summary: Sequence[str]) -> None:
    """Ô 5a: the document type and its trích yếu, with a short rule below."""
    add_paragraph(document, kind.upper(), bold=True, before=18, keep_with_next=True)
    for line in summary:
        add_paragraph(document, line, bold=True, keep_with_next=True)
    if summary:
        add_rule(document, 40, TEXT_WIDTH_MM)
    add_paragraph(document, size=6)


# "KT. Chủ tịch – Phó Chủ tịch" typed on one line: the authority ("KT.", "TM.", "TL.", "TUQ.")
# and the signer's own title go on two lines (Decree 30/2020, Appendix I, ô 7).
_AUTHORITY_AND_TITLE = re.compile(r"^((?:KT|TM|TL|TUQ)\.\s.+?)\s+[–—/-]\s+(.+)$", re.IGNORECASE)


def signer_title_lines(text: str) -> list[str]:
    """The signature block's title lines from what a user typed: one per line or per " / ",
    and an authority prefix split from the title that follows it after a dash."""
    lines: list[str] = []
    for part in text.replace(" / ", "\n").splitlines():
        part = " ".join(part.split())
        if not part:
            continue
        match = _AUTHORITY_AND_TITLE.match(part)
        lines.extend(match.groups() if match else [part])
    return lines


def fill_signature(
    cell: _Cell, titles: Sequence[str], note: str, name: str, *, size: float = BODY_SIZE
) -> None:
    """Ô 7: authority and title (bold uppercase), the signing note, room to sign, the name."""
    for title in titles:
        add_paragraph(cell, title.upper(), size=size, bold=True, keep_with_next=True)
    if note:
        add_paragraph(cell, note, size=HEADER_SIZE, italic=True, keep_with_next=True)
    for _ in range(4):
        add_paragraph(cell, keep_with_next=True)
    add_paragraph(cell, name or NAME_PLACEHOLDER, bold=bool(name))


def fill_recipients(cell: _Cell, recipients: Sequence[str]) -> None:
    """Ô 9b: "Nơi nhận:" 12 pt bold italic, one line per recipient in 11 pt."""
    add_paragraph(cell, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        add_paragraph(cell, f"- {recipient}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)


def add_signature_row(document: DocxDocument) -> tuple[_Cell, _Cell]:
    add_paragraph(document, size=6)
    table = add_table(document, 1, SIGNATURE_WIDTHS_MM, borders=False)
    left, right = table.rows[0].cells
    return left, right


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def legal_bases(on: datetime.date) -> list[str]:
    return [f"Căn cứ {LAW}", f"Căn cứ {decree(on)}"]


def write_bases(document: DocxDocument, bases: Sequence[str]) -> None:
    """Căn cứ lines, italic: each ends with ";", the last with "."."""
    for index, basis in enumerate(bases):
        end = "." if index == len(bases) - 1 else ";"
        add_text(document, f"{basis.rstrip(';.')}{end}", italic=True)
