"""Structural checks of a generated DOCX against the Decree 30/2020 layout (RULES.md §6), shared
by the tests of every module that generates documents."""

import io
import re
import unicodedata

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
# Days below 10 and the months 1 and 2 are written with a leading zero (Phụ lục I).
DATE_LINE = re.compile(
    r"^(?:[^,]+, )?ngày ?(?:0[1-9]|[12]\d|3[01]|\s+) ?tháng ?(?:0[12]|[3-9]|1[0-2]|\s+) ?"
    r"năm \d{4}$"
)


def read_docx(content: bytes) -> DocxDocument:
    assert content[:2] == b"PK", "a DOCX is a zip archive"
    return Document(io.BytesIO(content))


def _size(paragraph: Paragraph, default: float) -> float:
    sizes = {run.font.size.pt for run in paragraph.runs if run.font.size is not None and run.text}
    assert len(sizes) <= 1, f"mixed sizes in {paragraph.text!r}"
    return sizes.pop() if sizes else default


def _bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _italic(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.italic for run in runs)


def _has_page_field(part_element: object) -> bool:
    xml = part_element.xml  # type: ignore[attr-defined]
    return "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml)


def all_paragraphs(document: DocxDocument) -> list[Paragraph]:
    found: list[Paragraph] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            found.append(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    found.extend(cell.paragraphs)
    return found


def assert_decree_30_layout(
    document: DocxDocument,
    *,
    number_prefix: str | None = "Số:",
    recipients: bool = True,
    title: str | None = None,
) -> None:
    """A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 body; the header table with the
    issuing body, "Số:" line, Quốc hiệu, Tiêu ngữ and the italic place-and-date line; the type
    bold and centred; "Nơi nhận:" 12 pt bold italic with an 11 pt list ending "- Lưu: VT";
    page numbers in the header from page 2 only."""
    section = document.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert abs(section.top_margin.mm - 20) < 0.1
    assert abs(section.bottom_margin.mm - 20) < 0.1
    assert abs(section.left_margin.mm - 30) < 0.1
    assert abs(section.right_margin.mm - 15) < 0.1

    normal = document.styles["Normal"]
    assert normal.font.name == FONT
    assert normal.font.size is not None
    assert 13 <= normal.font.size.pt <= 14
    for paragraph in all_paragraphs(document):
        assert paragraph.text == unicodedata.normalize("NFC", paragraph.text)
        for run in paragraph.runs:
            assert run.font.name in (None, FONT), run.font.name
            fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
            if fonts is not None:
                assert fonts.get(qn("w:asciiTheme")) is None

    header = document.tables[0]
    left, right = header.rows[0].cells
    body_lines = [p for p in left.paragraphs if p.text.strip()]
    assert body_lines
    assert body_lines[-1].text == body_lines[-1].text.upper()
    assert _bold(body_lines[-1])
    assert 12 <= _size(body_lines[-1], 14) <= 13
    quoc_hieu, tieu_ngu = (p for p in right.paragraphs if p.text.strip())
    assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _bold(quoc_hieu)
    assert 12 <= _size(quoc_hieu, 14) <= 13
    assert tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert _bold(tieu_ngu)
    assert 13 <= _size(tieu_ngu, 14) <= 14
    number_cell, date_cell = header.rows[1].cells
    if number_prefix is not None:
        number = next(p for p in number_cell.paragraphs if p.text.strip())
        assert number.text.startswith(number_prefix), number.text
        assert not _bold(number)
        assert _size(number, 14) == 13
    date = next(p for p in date_cell.paragraphs if p.text.strip())
    assert DATE_LINE.match(date.text), date.text
    assert _italic(date)
    assert 13 <= _size(date, 14) <= 14

    body = [p for p in document.paragraphs if p.text.strip()]
    if title is not None:
        heading = next(p for p in body if p.text == title)
        assert _bold(heading)
        assert heading.alignment == 1

    if recipients:
        cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
        block = next(
            cell for cell in cells if cell.paragraphs and cell.paragraphs[0].text == "Nơi nhận:"
        )
        label, *lines = [p for p in block.paragraphs if p.text.strip()]
        assert _bold(label)
        assert _italic(label)
        assert _size(label, 14) == 12
        assert lines
        assert all(line.text.startswith("- ") for line in lines)
        assert all(_size(line, 14) == 11 for line in lines)
        assert all(line.text.endswith(";") for line in lines[:-1])
        assert lines[-1].text.startswith("- Lưu: VT")
        assert lines[-1].text.endswith(".")

    # No page number on page 1; the header of the other pages carries the PAGE field.
    assert section.different_first_page_header_footer
    assert not _has_page_field(section.first_page_header._element)
    assert _has_page_field(section.header._element)
