"""The press pack of a published (or approved, consented) model: what the emulation office sends
to the provincial propaganda department and the information department (Chỉ thị 08/CT-UBND,
III.4: "Ban Tuyên giáo Tỉnh ủy chủ trì phối hợp với Sở Thông tin và Truyền thông ... giới
thiệu, nêu gương các mô hình, điển hình").

A ZIP with the story as DOCX (photos inside), a plain-text facts sheet for the newsroom's
systems, and the approved photos as files. Only what the person consented to publish goes in:
the public name, the unit if agreed, the story, the facts, the awards and movements, the photos
with consent and approval; never a birth date, a phone, an ID number, an address, or evidence.

The recipients depend on the day: from 01/03/2025 the press is managed by the culture department
(Sở Văn hóa, Thể thao và Du lịch) and the propaganda department of the provincial Party committee
merged with its mass-mobilisation department. Checked against the 2025 restructuring decisions of
a few provinces only: the table is the one place to adjust.
"""

import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from thidua.core.text import file_slug, format_date, nfc
from thidua.documents.layout import (
    add_heading,
    add_paragraph,
    add_text,
    docx_bytes,
    new_document,
)

# (from this day, propaganda department, information department); a "{committee}" is the Party
# committee ("Tỉnh ủy", "Thành ủy"), a "{level}" the level in lower case ("tỉnh", "thành phố").
RECIPIENTS: Final[tuple[tuple[datetime.date, str, str], ...]] = (
    (
        datetime.date(1, 1, 1),
        "Ban Tuyên giáo {committee} {place}",
        "Sở Thông tin và Truyền thông {level} {place}",
    ),
    (
        datetime.date(2025, 3, 1),
        "Ban Tuyên giáo và Dân vận {committee} {place}",
        "Sở Văn hóa, Thể thao và Du lịch {level} {place}",
    ),
)
ZIP_CONTENT_TYPE: Final = "application/zip"


def press_recipients(province_name: str, day: datetime.date) -> list[str]:
    """The two recipients of a pack made on `day` for the province named `province_name`
    ("Tỉnh Kon Tum", "Thành phố Hà Nội")."""
    if province_name.startswith("Thành phố "):
        committee, level, place = "Thành ủy", "thành phố", province_name[len("Thành phố ") :]
    else:
        committee, level = "Tỉnh ủy", "tỉnh"
        place = province_name.removeprefix("Tỉnh ").removeprefix("tỉnh ")
    _start, propaganda, information = [row for row in RECIPIENTS if row[0] <= day][-1]
    values = {"committee": committee, "level": level, "place": place}
    return [propaganda.format(**values), information.format(**values)]


@dataclass(frozen=True)
class PressPhoto:
    caption: str
    credit: str
    content: bytes
    extension: str


@dataclass(frozen=True)
class PressPack:
    """Everything that goes into the pack (public information only)."""

    public_name: str
    unit: str  # "" when the person did not agree to name the unit
    category: str
    sector: str
    year: int
    headline: str
    story: str
    facts: Sequence[str]
    awards: Sequence[str]
    movements: Sequence[str]
    consent_on: datetime.date
    recipients: Sequence[str]
    made_on: datetime.date
    made_by: str
    is_demo: bool = False
    photos: Sequence[PressPhoto] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return file_slug(self.public_name)[:60] or "dien-hinh"


def _photo_name(index: int, photo: PressPhoto) -> str:
    return f"anh/{index:02d}-{file_slug(photo.caption)[:50] or 'anh'}{photo.extension}"


def _credit(photo: PressPhoto) -> str:
    return f" (Ảnh: {photo.credit})" if photo.credit else ""


def _consent_note(pack: PressPack) -> str:
    what = "tên, đơn vị và câu chuyện" if pack.unit else "tên và câu chuyện"
    return (
        f"Người được nêu gương đã đồng ý công bố {what} trong bộ tư liệu này ngày "
        f"{format_date(pack.consent_on)}. Đề nghị chỉ sử dụng thông tin, hình ảnh trong bộ tư "
        "liệu; không đăng thông tin cá nhân nào khác."
    )


def build_docx(pack: PressPack) -> bytes:
    document = new_document()
    add_paragraph(document, "TƯ LIỆU TUYÊN TRUYỀN", bold=True, size=14)
    add_paragraph(document, pack.category.upper(), bold=True, size=13, after=12)
    if pack.is_demo:
        add_paragraph(document, "(DỮ LIỆU MINH HỌA – KHÔNG DÙNG ĐỂ ĐĂNG TẢI)", italic=True, after=6)
    recipients = add_paragraph(document, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.LEFT)
    recipients.paragraph_format.left_indent = Cm(2)
    for index, name in enumerate(pack.recipients):
        end = "." if index == len(pack.recipients) - 1 else ";"
        line = add_paragraph(document, f"- {name}{end}", align=WD_ALIGN_PARAGRAPH.LEFT)
        line.paragraph_format.left_indent = Cm(3.5)
    add_paragraph(document, pack.headline, bold=True, size=15, before=12, after=6)
    who = f"{pack.public_name} – {pack.unit}" if pack.unit else pack.public_name
    add_paragraph(document, who, italic=True, after=12)
    for paragraph in pack.story.splitlines():
        add_text(document, paragraph)
    sections = (
        ("Thông tin, số liệu nổi bật", pack.facts),
        ("Khen thưởng đã nhận", pack.awards),
        ("Phong trào thi đua", pack.movements),
    )
    for title, items in sections:
        if items:
            add_heading(document, title)
            for item in items:
                add_text(document, f"- {item}")
    if pack.photos:
        add_heading(document, "Hình ảnh")
        for index, photo in enumerate(pack.photos, start=1):
            document.add_picture(io.BytesIO(photo.content), width=Cm(14))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_paragraph(
                document, f"Ảnh {index}. {photo.caption}{_credit(photo)}", italic=True, after=6
            )
    add_text(document, _consent_note(pack), italic=True)
    add_text(
        document, f"Bộ tư liệu do {pack.made_by} lập ngày {format_date(pack.made_on)}.", italic=True
    )
    return docx_bytes(document)


def build_text(pack: PressPack) -> str:
    """The facts sheet as plain text (UTF-8), for pasting into the newsroom's system."""
    lines = [
        f"TƯ LIỆU TUYÊN TRUYỀN – {pack.category.upper()}",
        "Kính gửi: " + "; ".join(pack.recipients) + ".",
        "",
        f"Tiêu đề: {pack.headline}",
        f"Tên: {pack.public_name}",
    ]
    if pack.unit:
        lines.append(f"Đơn vị: {pack.unit}")
    lines += [f"Lĩnh vực: {pack.sector}", f"Năm: {pack.year}", ""]
    sections = (
        ("Thông tin, số liệu nổi bật", pack.facts),
        ("Khen thưởng đã nhận", pack.awards),
        ("Phong trào thi đua", pack.movements),
    )
    for title, items in sections:
        if items:
            lines += [f"{title}:", *(f"- {item}" for item in items), ""]
    if pack.photos:
        lines.append("Hình ảnh:")
        for index, photo in enumerate(pack.photos, start=1):
            lines.append(f"- {_photo_name(index, photo)}: {photo.caption}{_credit(photo)}")
        lines.append("")
    lines += ["Câu chuyện:", *pack.story.splitlines(), "", _consent_note(pack)]
    return nfc("\n".join(lines) + "\n")


def build_zip(pack: PressPack) -> bytes:
    """The pack: `<slug>/cau-chuyen.docx`, `<slug>/thong-tin.txt`, `<slug>/anh/…`."""
    stamp = (pack.made_on.year, pack.made_on.month, pack.made_on.day, 8, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"{pack.slug}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        put("cau-chuyen.docx", build_docx(pack))
        put("thong-tin.txt", build_text(pack).encode())
        for index, photo in enumerate(pack.photos, start=1):
            put(_photo_name(index, photo), photo.content)
    return buffer.getvalue()
