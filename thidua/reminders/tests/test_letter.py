"""The công văn đôn đốc read back from its DOCX: the Decree 30/2020 layout (A4, margins
20/20/30/15 mm, Times New Roman, the header table with the number and its "V/v" and the italic
place and date, "Nơi nhận:" in 12 pt bold italic over an 11 pt list ending "- Lưu: VT, …", the
page number only from page 2) and a table listing exactly the late units."""

import io
import unicodedata

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import make_unit
from thidua.documents.tests.layout_checks import assert_decree_30_layout
from thidua.reminders.letter import (
    TABLE_HEADERS,
    letter_issuer,
    letter_items,
    overdue_letter,
    overdue_letter_docx,
)
from thidua.reminders.tests.conftest import TODAY, World


def read(content: bytes) -> DocxDocument:
    assert content[:2] == b"PK"
    return Document(io.BytesIO(content))


def paragraphs(document: DocxDocument) -> list[Paragraph]:
    """Every paragraph in reading order, those inside tables included."""
    found: list[Paragraph] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            found.append(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    found.extend(cell.paragraphs)
    return found


def texts(document: DocxDocument) -> list[str]:
    return [paragraph.text for paragraph in paragraphs(document)]


def late_table(document: DocxDocument) -> Table:
    for table in document.tables:
        if tuple(cell.text for cell in table.rows[0].cells) == TABLE_HEADERS:
            return table
    raise AssertionError("no table of late units")


def size_of(paragraph: Paragraph) -> float:
    sizes = {run.font.size.pt for run in paragraph.runs if run.font.size is not None}
    assert len(sizes) == 1, paragraph.text
    return sizes.pop()


def test_the_letter_follows_the_decree_30_layout(world: World) -> None:
    name, content = overdue_letter_docx(province=world.tree.province, today=TODAY)

    document = read(content)
    assert name == "cong-van-don-doc-2024-07-20.docx"
    assert_decree_30_layout(document)  # the checks every generated document passes
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(margin.mm) for margin in (
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin
    )] == [20, 20, 30, 15]  # fmt: skip
    assert document.styles["Normal"].font.name == "Times New Roman"
    for paragraph in paragraphs(document):
        assert paragraph.text == unicodedata.normalize("NFC", paragraph.text)
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
    # Page numbers in the header, not on the first page.
    assert section.different_first_page_header_footer is True
    header_xml = section.header._element.xml
    assert 'w:instr="PAGE"' in header_xml
    assert section.first_page_header.paragraphs[0].text == ""

    header = document.tables[0]
    issuer = [paragraph.text for paragraph in header.rows[0].cells[0].paragraphs if paragraph.text]
    assert issuer == ["UBND TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ"]
    assert header.rows[0].cells[0].paragraphs[1].runs[-1].bold
    nation = header.rows[0].cells[1].paragraphs
    assert (nation[0].text, nation[1].text) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert [nation[0].runs[-1].bold, nation[1].runs[-1].bold] == [True, True]
    number, subject = header.rows[1].cells[0].paragraphs[:2]
    assert number.text == "Số:      /SNV-TĐKT"
    assert size_of(number) == 13
    # Ô 5b: the công văn's trích yếu "V/v …", 13 pt regular, under the number.
    assert subject.text == "V/v đôn đốc thực hiện các nội dung thi đua, khen thưởng quá hạn"
    assert (size_of(subject), any(run.bold for run in subject.runs)) == (13, False)
    date_line = header.rows[1].cells[1].paragraphs[0]
    assert date_line.text == "Thử Nghiệm, ngày 20 tháng 7 năm 2024"
    assert all(run.italic for run in date_line.runs if run.text)

    all_texts = texts(document)
    # The late units in alphabetical order.
    assert "Kính gửi:\t- Sở Tài chính tỉnh Thử Nghiệm;" in all_texts
    assert "- Sở Y tế tỉnh Thử Nghiệm." in all_texts
    signature = document.tables[-1]
    recipients = signature.rows[0].cells[0].paragraphs
    title = recipients[0]
    assert title.text == "Nơi nhận:"
    assert (size_of(title), title.runs[-1].bold, title.runs[-1].italic) == (12, True, True)
    listed = [paragraph for paragraph in recipients[1:] if paragraph.text]
    assert [size_of(paragraph) for paragraph in listed] == [11] * len(listed)
    assert listed[0].text == "- Như trên;"
    assert listed[-1].text == "- Lưu: VT, TĐKT."
    signer = [
        paragraph.text for paragraph in signature.rows[0].cells[1].paragraphs if paragraph.text
    ]
    assert signer[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_the_letters_table_lists_exactly_the_late_units(world: World) -> None:
    _name, content = overdue_letter_docx(province=world.tree.province, today=TODAY)

    table = late_table(read(content))

    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    headings = [row[0] for row in rows if len(set(row)) == 1]
    assert sorted(heading.split(". ", 1)[0] for heading in headings) == ["1", "2"]
    assert {heading.split(". ", 1)[1] for heading in headings} == {
        f"{world.sent_after.name} (01 nội dung)",
        f"{world.missing.name} (03 nội dung)",
    }
    lines = [row for row in rows if len(set(row)) > 1]
    assert sorted((row[1], row[2], row[3]) for row in lines) == sorted(
        [
            ("Báo cáo chỉ tiêu 1a. Số sáng kiến được công nhận – 6 tháng đầu năm 2024",
             "10/07/2024", "10"),
            ("Báo cáo chỉ tiêu 1a. Số sáng kiến được công nhận – 6 tháng đầu năm 2024",
             "10/07/2024", "10"),
            ("Báo cáo sơ kết 6 tháng phong trào “Thi đua thực hiện cải cách hành chính”",
             "15/07/2024", "5"),
            ("Ký giao ước thi đua Khối các sở tổng hợp năm 2024", "05/03/2024", "137"),
        ]
    )  # fmt: skip
    text = "\n".join(texts(read(content)))
    for unit in (world.on_time, world.sent_late, world.planning):
        assert unit.name not in text
    assert "Hồ sơ đề nghị" not in text  # a draft dossier is the unit's own business
    assert "Thẩm định" not in text  # and the appraisal the office's


def test_the_letter_asks_for_completion_within_working_days(world: World) -> None:
    letter = overdue_letter(
        province=world.tree.province,
        today=TODAY,
        items=letter_items(province=world.tree.province, today=TODAY),
    )

    assert letter.respond_by.isoformat() == "2024-07-26"  # five working days after Saturday
    assert "trước ngày 26 tháng 7 năm 2024" in letter.closing[0]
    assert letter.opening.endswith(
        "còn 02 cơ quan, đơn vị chưa thực hiện 04 nội dung đã quá thời hạn quy định, "
        "cụ thể như sau:"
    )
    assert letter.issuer == world.on_time  # Sở Nội vụ tỉnh Thử Nghiệm


def test_without_a_so_noi_vu_the_province_issues_it(world: World) -> None:
    other = make_unit("Tỉnh Hòa Bình Mới", kind="tinh", parent=None, code="98")

    assert letter_issuer(other, TODAY) == other
    _name, content = overdue_letter_docx(province=other, today=TODAY, items=[])

    document = read(content)
    header = document.tables[0]
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH HÒA BÌNH MỚI",
    ]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số:      /UBND-TĐKT"
    all_texts = texts(document)
    assert "TM. ỦY BAN NHÂN DÂN" in all_texts
    assert any("không có nội dung nào quá hạn" in text for text in all_texts)
    assert not [table for table in document.tables if table.rows[0].cells[0].text == "STT"]
    assert document.element.body.find(qn("w:sectPr")) is not None
