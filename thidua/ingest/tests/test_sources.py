"""Reading uploaded files as Vietnamese text: formats, encodings, OCR, refusals, limits.

Fixtures are generated here (rendered with the Debian Liberation fonts, OCR'd for real with
Tesseract ``-l vie``); nothing binary is committed.
"""

import io
import os
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from rapidfuzz.distance import Levenshtein

from thidua.ingest import sources
from thidua.ingest.rendering import OfficialHeader, render_pages, render_scan_pdf
from thidua.ingest.sources import (
    SourceError,
    SourceText,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    read_source,
    vietnamese_share,
)

SEED = Path("/work/shared/seeds/000_03ed2bbcc3960248.txt")
HEADER = OfficialHeader()
TITLE = ["CHỈ THỊ", "Phát động Phong trào thi đua yêu nước năm 2024"]
BODY = """\
Để thực hiện thắng lợi các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc \
phòng - an ninh, xây dựng hệ thống chính trị của tỉnh năm 2024 theo tinh thần Nghị quyết số \
23-NQ/TU ngày 05 tháng 12 năm 2023 của Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh phát động \
Phong trào thi đua yêu nước năm 2024 với chủ đề "Đoàn kết - Trách nhiệm - Chủ động - Vượt \
khó - Quyết tâm thi đua thực hiện thắng lợi nhiệm vụ".
I. CHỈ TIÊU THI ĐUA CHỦ YẾU
1. Tốc độ tăng trưởng GRDP của tỉnh đạt từ 10% trở lên.
2. Thu ngân sách nhà nước trên địa bàn từ 4.600 tỷ đồng trở lên.
3. Thành lập mới 360 doanh nghiệp; giá trị xuất khẩu đạt 320 triệu USD.
4. Tỷ lệ lao động qua đào tạo đạt 58,5%, trong đó có bằng cấp, chứng chỉ đạt 30%.
II. NHIỆM VỤ VÀ GIẢI PHÁP
Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố tổ chức quán triệt, tuyên truyền \
sâu rộng nội dung Chỉ thị này đến cán bộ, công chức, viên chức, người lao động và Nhân dân; \
kịp thời phát hiện, biểu dương, khen thưởng các tập thể, cá nhân tiêu biểu, xuất sắc."""
HEADER_TEXT = "\n".join([*HEADER.left_lines, *HEADER.right_lines])
FULL_TEXT = "\n".join([HEADER_TEXT, *TITLE, BODY])
# Every Vietnamese vowel with every tone, plus đ: what the legacy tables must round-trip.
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
ALL_LOWER = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) + "đ"


def words(text: str) -> str:
    return " ".join(text.split())


def character_error_rate(recognised: str, truth: str) -> float:
    return Levenshtein.distance(words(recognised), words(truth)) / len(words(truth))


def png_bytes(image: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def assert_nfc(result: SourceText) -> None:
    assert unicodedata.is_normalized("NFC", result.text)
    assert all(unicodedata.is_normalized("NFC", page.text) for page in result.pages)


def refused(name: str, data: bytes) -> str:
    with pytest.raises(SourceError) as caught:
        read_source(name, data)
    return caught.value.message


# --- Scans (real OCR) ----------------------------------------------------------------------


def test_scanned_pdf_with_official_header_reads_in_order() -> None:
    pdf = render_scan_pdf(BODY, dpi=200, noise=0.4, seed=3, header=HEADER, title_lines=TITLE)
    steps: list[tuple[str, int, int]] = []

    result = read_source("chi-thi-08.pdf", pdf, progress=lambda *step: steps.append(step))

    assert (result.kind, result.ocr, result.encoding) == ("scan", True, "")
    assert character_error_rate(result.text, FULL_TEXT) < 0.02
    text = result.text
    # Left column, then right column, then the title and body: not interleaved line by line.
    order = ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "Số: 08/CT-UBND", "CỘNG HÒA XÃ HỘI", "Độc lập"]
    order += ["Kon Tum, ngày 06 tháng 02 năm 2024", "CHỈ THỊ", "Để thực hiện"]
    positions = [text.find(fragment) for fragment in order]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    assert ("Nhận dạng chữ (OCR)", 1, 1) in steps
    [page] = result.pages
    assert page.number == 1
    assert page.image_png is not None
    assert page.image_png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(page.image_png)).width <= 1200
    assert_nfc(result)


def test_png_scan_is_ocred() -> None:
    [page] = render_pages(BODY, dpi=200)
    result = read_source("trang-1.png", png_bytes(page, 200))
    assert (result.kind, result.ocr) == ("scan", True)
    assert character_error_rate(result.text, BODY) < 0.02


def test_multipage_tiff_is_ocred_page_by_page() -> None:
    first = render_pages("Ủy ban nhân dân tỉnh Kon Tum phát động thi đua.", dpi=150)[0]
    second = render_pages("Trang thứ hai: khen thưởng kịp thời, công khai, minh bạch.", dpi=150)[0]
    buffer = io.BytesIO()
    first.save(buffer, format="TIFF", save_all=True, append_images=[second], dpi=(150, 150))
    steps: list[tuple[str, int, int]] = []

    result = read_source("scan.tif", buffer.getvalue(), progress=lambda *s: steps.append(s))

    assert [page.number for page in result.pages] == [1, 2]
    assert "phát động thi đua" in result.pages[0].text
    assert "khen thưởng kịp thời" in result.pages[1].text
    assert result.text == result.pages[0].text + "\n\n" + result.pages[1].text
    assert [step[1:] for step in steps] == [(1, 2), (2, 2)]


@pytest.fixture(scope="module")
def text_layer_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A searchable PDF (invisible text layer over the image) made by Tesseract itself."""
    tesseract = shutil.which("tesseract")
    assert tesseract is not None
    directory = tmp_path_factory.mktemp("pdf")
    page = render_pages(BODY, dpi=200, header=HEADER, title_lines=TITLE)[0]
    page.save(directory / "page.png", dpi=(200, 200))
    subprocess.run(  # noqa: S603 - test fixture, absolute path, fixed arguments
        [tesseract, str(directory / "page.png"), str(directory / "out"), "-l", "vie", "pdf"],
        check=True,
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return (directory / "out.pdf").read_bytes()


def test_text_layer_pdf_is_read_without_ocr(text_layer_pdf: bytes) -> None:
    result = read_source("chi-thi.pdf", text_layer_pdf)
    assert (result.kind, result.ocr, result.encoding) == ("pdf", False, "")
    # pdftotext keeps each column's block together, but puts the number/date row after both.
    header, title, body = result.text.partition("CHỈ THỊ")
    assert character_error_rate(title + body, "\n".join([*TITLE, BODY])) < 0.02
    for line in [*HEADER.left_lines, *HEADER.right_lines]:
        assert line in header
    assert header.find("Số: 08/CT-UBND") < header.find("Kon Tum, ngày 06 tháng 02 năm 2024")
    assert result.pages[0].image_png is not None


def test_pdf_with_owner_password_only_is_read(text_layer_pdf: bytes) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_layer_pdf)))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "Tốc độ tăng trưởng" in read_source("khoa-in.pdf", buffer.getvalue()).text


# --- Text files and encodings --------------------------------------------------------------

SAMPLE = (
    "Ủy ban nhân dân tỉnh Kon Tum phát động phong trào thi đua yêu nước năm 2024; "
    "khuyến khích, quyết tâm, nghiêng, khuỷu tay, thuở trước, giặt giũ, người dân tộc.\n"
    "Độc lập - Tự do - Hạnh phúc"
)


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16"),  # no BOM: told by its zero bytes
        (encode_vni(SAMPLE), "vni"),
    ],
)
def test_text_encodings_are_detected(encoded: bytes, encoding: str) -> None:
    result = read_source("chi-thi.txt", encoded)
    assert (result.kind, result.ocr, result.encoding) == ("text", False, encoding)
    assert result.text == SAMPLE
    assert result.pages[0].image_png is None


def test_tcvn3_file_is_detected() -> None:
    # TCVN3 has no upper-case letters with tones (the .VnTimeH fonts reuse lower-case codes).
    result = read_source("cu.txt", encode_tcvn3(SAMPLE))
    assert result.encoding == "tcvn3"
    assert result.text == SAMPLE.replace("Ủy", "ủy")


def test_windows_1258_file_is_detected() -> None:
    # Windows-1258 spells most toned letters as a letter plus a combining tone mark.
    decomposed = "".join(
        unicodedata.normalize(
            "NFC", char[0] + "".join(m for m in char[1:] if m in "\u0302\u0306\u031b")
        )
        + "".join(m for m in char[1:] if m not in "\u0302\u0306\u031b")
        for char in (unicodedata.normalize("NFD", c) for c in SAMPLE)
    )
    result = read_source("cu.txt", decomposed.encode("cp1258"))
    assert (result.encoding, result.text) == ("cp1258", SAMPLE)


def test_legacy_tables_round_trip_every_letter() -> None:
    letters = ALL_LOWER + "ĂÂÊÔƠƯĐ"
    assert decode_tcvn3(encode_tcvn3(letters)) == letters
    both_cases = ALL_LOWER + ALL_LOWER.upper()
    assert decode_vni(encode_vni(both_cases)) == both_cases
    assert len(set(encode_tcvn3(ALL_LOWER))) == len(ALL_LOWER)  # one byte each, all distinct
    # Well-known renderings of "Cộng hòa" and "Việt Nam" in each encoding.
    assert encode_tcvn3("Cộng hòa Việt Nam") == b"C\xe9ng h\xdfa Vi\xd6t Nam"
    assert encode_vni("Cộng hòa Việt Nam") == b"Co\xe4ng ho\xf8a Vie\xe4t Nam"


def test_markdown_and_tone_placement_are_normalised() -> None:
    text = "# Kế hoạch\n\nThi đua **hoà** nhập, tăng cường sức khoẻ, Uỷ ban, thuỷ lợi.\r\n"
    result = read_source("ke-hoach.md", unicodedata.normalize("NFD", text).encode())
    assert result.kind == "markdown"
    assert (
        result.text == "# Kế hoạch\n\nThi đua **hòa** nhập, tăng cường sức khỏe, Ủy ban, thủy lợi."
    )
    assert_nfc(result)


def test_legacy_ocr_text_without_diacritics_is_accepted() -> None:
    result = read_source(SEED.name, SEED.read_bytes())
    assert (result.kind, result.encoding, result.ocr) == ("text", "utf-8", False)
    assert "Phong trao thi dua" in result.text


# --- DOCX ----------------------------------------------------------------------------------


def make_docx(build: Callable[[docx.document.Document], None]) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_reads_header_table_paragraphs_and_tables_in_order() -> None:
    def build(document: docx.document.Document) -> None:
        header = document.add_table(rows=2, cols=2)
        header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH KON TUM"
        header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        header.cell(1, 0).text = "Số: 08/CT-UBND"
        header.cell(1, 1).text = "Kon Tum, ngày 06 tháng 02 năm 2024"
        document.add_paragraph("CHỈ THỊ")
        document.add_paragraph("Phát động phong trào thi đua yêu nước năm 2024")
        table = document.add_table(rows=1, cols=3)
        merged = table.cell(0, 0).merge(table.cell(0, 1))
        merged.text = "Chỉ tiêu tăng trưởng"
        table.cell(0, 2).text = "đạt từ 10% trở lên"
        document.add_paragraph("Nơi nhận: các sở, ban, ngành.")

    result = read_source("chi-thi.docx", make_docx(build))

    assert (result.kind, result.ocr, result.encoding) == ("docx", False, "")
    assert result.text.splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH KON TUM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 08/CT-UBND",
        "Kon Tum, ngày 06 tháng 02 năm 2024",
        "CHỈ THỊ",
        "Phát động phong trào thi đua yêu nước năm 2024",
        "Chỉ tiêu tăng trưởng",  # once, although the merged cell spans two columns
        "đạt từ 10% trở lên",
        "Nơi nhận: các sở, ban, ngành.",
    ]


# --- Refusals ------------------------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    assert "Tệp rỗng" in refused("trong.txt", b"")


def test_random_bytes_are_refused() -> None:
    noise = bytes(range(256)) * 40
    assert "Không nhận ra định dạng" in refused("du-lieu.bin", noise)
    assert "có đuôi .txt" in refused("du-lieu.txt", noise)


def test_encrypted_pdf_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "Tệp PDF có mật khẩu" in refused("mat.pdf", buffer.getvalue())


def test_damaged_pdf_is_refused() -> None:
    assert "PDF bị hỏng" in refused("hong.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8)


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog. This report covers the quarterly "
        "results of the sales team and the plans for the next year.",
        Path(sources.__file__).read_text(encoding="utf-8")[:3000],
    ],
    ids=["english", "python-source"],
)
def test_non_vietnamese_text_is_refused(text: str) -> None:
    assert "không phải văn bản tiếng Việt" in refused("van-ban.txt", text.encode())


def test_file_without_letters_is_refused() -> None:
    assert "không chứa chữ" in refused("so.txt", b"2024 - 10% - 4.600\n")


def test_png_renamed_pdf_is_refused() -> None:
    [page] = render_pages("Thi đua", dpi=50)
    message = refused("chi-thi.pdf", png_bytes(page, 50))
    assert "có đuôi .pdf" in message
    assert "ảnh" in message


def test_old_word_and_plain_zip_are_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert ".docx hoặc PDF" in refused("cu.doc", ole)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("chi-thi.txt", "Thi đua yêu nước")
    assert "tệp nén ZIP" in refused("goi.zip", buffer.getvalue())


def test_limits_name_the_limit_and_the_actual_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1024 * 1024)
    message = refused("lon.txt", SAMPLE.encode() * 8000)
    assert "tối đa 1,0 MB" in message
    assert "Tệp quá lớn: 1,8 MB" in message

    monkeypatch.setattr(sources, "MAX_CHARS", 100)
    message = refused("dai.txt", SAMPLE.encode())
    assert "vượt giới hạn 100 ký tự" in message
    assert f"có {len(SAMPLE)} ký tự" in message

    monkeypatch.setattr(sources, "MAX_PAGES", 1)
    pages = render_pages("Trang một\n" * 70, dpi=50)
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    assert "Tệp có 2 trang, vượt giới hạn 1 trang" in refused("nhieu.tif", buffer.getvalue())
    pdf = render_scan_pdf("Trang một\n" * 70, dpi=50)
    assert "Tệp có 2 trang" in refused("nhieu.pdf", pdf)


def test_vietnamese_share_ignores_diacritics_by_default() -> None:
    assert vietnamese_share("Phat dong phong trao thi dua yeu nuoc") == 1.0
    # "kinh", "te" are real syllables without marks; "phat", "trien", "nuoc" are not.
    assert vietnamese_share("Phat trien kinh te nuoc", exact=True) == pytest.approx(0.4)
    assert vietnamese_share("The quick brown fox jumps over the lazy dog") < 0.4
