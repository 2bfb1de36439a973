"""The cluster's minutes of its year-end scoring (biên bản họp cụm, khối thi đua): the standings
and the proposals, as a DOCX attached to the nominations it proposes (RULES.md §4: the
conference adopts the scoring result, then proposes 1 unit for the Cờ thi đua and 1 for the
Bằng khen)."""

import io
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from thidua.core.text import file_slug, format_date_long, format_number, local_today, nfc
from thidua.emulation.models import ClusterYear

__all__ = ["standings_minutes_docx"]


def standings_minutes_docx(edition: ClusterYear) -> tuple[str, bytes]:
    """The published standings of `edition` as minutes to sign (file name, bytes)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]

    def centred(text: str, *, bold: bool = False, size: int = 13) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(nfc(text))
        run.bold = bold
        run.font.size = Pt(size)

    cluster = edition.cluster
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    centred("Độc lập - Tự do - Hạnh phúc", bold=True)
    centred("BIÊN BẢN", bold=True, size=14)
    title = f"Họp {cluster.name.lower()} năm {edition.year}: kết quả chấm điểm, xếp hạng"
    centred(title, bold=True)
    day = edition.published_at.date() if edition.published_at else local_today()
    document.add_paragraph(
        nfc(
            f"Hôm nay, {format_date_long(day)}, {cluster.name} tổ chức họp thông qua kết quả "
            f"chấm điểm thi đua năm {edition.year} do Trưởng cụm, khối "
            f"({edition.leader.name}) chủ trì."
        )
    )
    rows = edition.standings.get("rows", [])
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Hạng", "Đơn vị", "Tổng điểm", "Ghi chú"), strict=True
    ):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = str(row["rank"])
        cells[1].text = nfc(row["unit"])
        cells[2].text = format_number(Decimal(row["total"]), decimals=edition.decimals)
        cells[3].text = nfc(row["explanation"])
    document.add_paragraph(nfc(f"Kết quả bình xét: {edition.standings.get('explanation', '')}"))
    document.add_paragraph(
        nfc("Biên bản được lập và thông qua tại hội nghị; các thành viên thống nhất ký tên.")
    )
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "THƯ KÝ"
    signature.cell(0, 1).text = "TRƯỞNG CỤM, KHỐI"
    buffer = io.BytesIO()
    document.save(buffer)
    name = f"bien-ban-{file_slug(cluster.name)}-{edition.year}.docx"
    return name, buffer.getvalue()
