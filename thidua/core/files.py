"""Checking an uploaded file before it is kept: a clean name, an allowed type recognised by its
first bytes (not by its name), a size cap, then its inside: an Office file must be a real,
unencrypted zip package that does not inflate into a zip bomb, a PDF must be complete and open
without a password, an image must decode as what its name says and not declare a gigantic
canvas. Messages name the file and say why, in Vietnamese; nothing is written before it passes.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_number, nfc

__all__ = [
    "MAX_IMAGE_PIXELS",
    "MAX_UNCOMPRESSED_BYTES",
    "OFFICE_PARTS",
    "SIGNATURES",
    "CheckedFile",
    "OfficeProblem",
    "bomb_reason",
    "check_file",
    "check_office_package",
    "office_problem",
]

SIGNATURES: Final[dict[str, tuple[bytes, str]]] = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

# The parts without which Word or Excel cannot open the package.
OFFICE_PARTS: Final[dict[str, tuple[str, ...]]] = {
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
_OFFICE_KINDS: Final = {".docx": "Word .docx", ".xlsx": "Excel .xlsx"}
# What the members of an Office file may add up to once inflated. A 20 MB document of text
# inflates to 100–200 MB at most; a zip bomb declares gigabytes in a few kilobytes.
MAX_UNCOMPRESSED_BYTES: Final = 256 * 1024 * 1024
# Deflate cannot do better than about 1:1030; text XML rarely passes 1:50. A member that
# claims more than this is forged or a bomb.
MAX_MEMBER_RATIO: Final = 1000
# An A4 page scanned at 600 dpi is 35 Mpx; Pillow itself gives up at 179 Mpx.
MAX_IMAGE_PIXELS: Final = 100_000_000
_OLE_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# ISO 32000: the last line of a PDF is "%%EOF"; readers look for it in the last 1,024 bytes.
_PDF_TAIL_BYTES: Final = 1024
_PDF_ENCRYPT_RE: Final = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str


def check_file(
    name: str,
    content: bytes,
    *,
    allowed: tuple[str, ...],
    max_bytes: int,
    default_name: str = "tep",
) -> CheckedFile:
    """The file's clean name, extension and type, or an ApplicationError saying what is wrong."""
    clean = " ".join(nfc(name or "").split()).replace("/", "_").replace("\\", "_")[:200]
    clean = clean or default_name
    extension = ("." + clean.rsplit(".", 1)[-1].lower()) if "." in clean else ""
    if extension not in allowed:
        kinds = ", ".join(dict.fromkeys(item[1:].upper() for item in allowed))
        raise ApplicationError(
            _("Tệp “%(name)s” không được nhận: chỉ nhận %(kinds)s.")
            % {"name": clean, "kinds": kinds}
        )
    if not content:
        raise ApplicationError(_("Tệp “%(name)s” rỗng.") % {"name": clean})
    if len(content) > max_bytes:
        raise ApplicationError(
            _("Tệp “%(name)s” lớn hơn %(size)s MB.")
            % {"name": clean, "size": max_bytes // (1024 * 1024)}
        )
    signature, content_type = SIGNATURES[extension]
    if extension in OFFICE_PARTS and content.startswith(_OLE_SIGNATURE):
        raise ApplicationError(_ole_refusal(clean))  # before the signature: say why
    if not content.startswith(signature):
        raise ApplicationError(
            _("Nội dung tệp “%(name)s” không đúng định dạng %(kind)s.")
            % {"name": clean, "kind": extension[1:].upper()}
        )
    if extension in OFFICE_PARTS:
        check_office_package(clean, content, extension=extension)
    elif extension == ".pdf":
        _check_pdf(clean, content)
    else:
        _check_image(clean, content, "PNG" if extension == ".png" else "JPEG")
    return CheckedFile(clean, extension, content_type)


# --- Office packages (DOCX, XLSX) --------------------------------------------------------------


@dataclass(frozen=True)
class OfficeProblem:
    """Why a DOCX/XLSX package is refused: "locked" (an old OLE file, or encrypted: Office
    saves a password-protected .docx/.xlsx as OLE), "damaged", or "bomb" (`inflated` bytes)."""

    kind: str
    inflated: int = 0


def office_problem(
    content: bytes, *, extension: str, max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
) -> OfficeProblem | None:
    """What is wrong with a DOCX/XLSX package, looked at before python-docx or openpyxl parse
    anything: not a readable zip, missing the parts of its kind, encrypted members, or members
    inflating beyond `max_uncompressed_bytes` or beyond what deflate can achieve. The sizes are
    those the zip declares: Python's zipfile never inflates a member past its declared size,
    so a lying header cannot get round this."""
    if content.startswith(_OLE_SIGNATURE):
        return OfficeProblem("locked")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return OfficeProblem("damaged")
    if not set(OFFICE_PARTS[extension]) <= {member.filename for member in members}:
        return OfficeProblem("damaged")
    if any(member.flag_bits & 0x1 for member in members):
        return OfficeProblem("locked")
    inflated = sum(member.file_size for member in members)
    forged = any(
        member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1) for member in members
    )
    if inflated > max_uncompressed_bytes or forged:
        return OfficeProblem("bomb", inflated)
    return None


def bomb_reason(inflated: int, limit: int) -> str:
    """Why a zip bomb is refused, without the file's name (the caller says which file)."""
    return _(
        "giải nén ra %(size)s MB (tối đa %(limit)s MB): có thể là tệp độc hại (“bom nén”), "
        "không được nhận."
    ) % {
        "size": format_number(inflated // (1024 * 1024)),
        "limit": format_number(limit // (1024 * 1024)),
    }


def _ole_refusal(name: str) -> str:
    return _(
        "Tệp “%(name)s” là tài liệu Office cũ (.doc, .xls) hoặc có đặt mật khẩu; hãy lưu lại "
        "thành .docx hoặc .xlsx không đặt mật khẩu."
    ) % {"name": name}


def check_office_package(
    name: str,
    content: bytes,
    *,
    extension: str,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
) -> None:
    """Refuse the DOCX/XLSX file `name` when `office_problem` finds something wrong."""
    problem = office_problem(
        content, extension=extension, max_uncompressed_bytes=max_uncompressed_bytes
    )
    if problem is None:
        return
    if problem.kind == "locked":
        raise ApplicationError(_ole_refusal(name))
    if problem.kind == "bomb":
        raise ApplicationError(
            _("Tệp “%(name)s” %(reason)s")
            % {"name": name, "reason": bomb_reason(problem.inflated, max_uncompressed_bytes)}
        )
    raise ApplicationError(
        _("Tệp “%(name)s” không phải tệp %(kind)s hợp lệ (hỏng, bị cắt cụt hoặc đổi đuôi).")
        % {"name": name, "kind": _OFFICE_KINDS[extension]}
    )


# --- PDF -------------------------------------------------------------------------------------


def _check_pdf(name: str, content: bytes) -> None:
    """A complete PDF that opens without a password.

    The file must end with "%%EOF" (a cut-off upload does not). When it declares encryption,
    pypdf tells whether it opens with an empty password (an owner password that only restricts
    printing does). When it has a cross-reference section, pypdf must be able to read its page
    tree; a hand-made PDF without one is left to the viewers, which rebuild it.
    """
    if b"%%EOF" not in content[-_PDF_TAIL_BYTES:]:
        raise ApplicationError(
            _("Tệp PDF “%(name)s” bị cắt cụt hoặc hỏng (thiếu phần kết thúc tệp).") % {"name": name}
        )
    encrypted = _PDF_ENCRYPT_RE.search(content) is not None
    if not encrypted and b"startxref" not in content:
        return
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    locked = _("Tệp PDF “%(name)s” có mật khẩu; hãy gửi bản không đặt mật khẩu.") % {"name": name}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise ApplicationError(locked)
                except (NotImplementedError, PyPdfError):
                    raise ApplicationError(locked) from None
            pages = len(reader.pages)
    except ApplicationError:
        raise
    except Exception:  # pypdf fails in many ways on damaged input (KeyError, ValueError…)
        raise ApplicationError(
            _("Tệp PDF “%(name)s” bị hỏng, không đọc được.") % {"name": name}
        ) from None
    if pages == 0:
        raise ApplicationError(_("Tệp PDF “%(name)s” không có trang nào.") % {"name": name})


# --- Images ----------------------------------------------------------------------------------


def _check_image(name: str, content: bytes, expected: str) -> None:
    """An image Pillow recognises as `expected` whose declared canvas is reasonable. Only the
    header and the chunk checksums are read (`verify`), never the pixels."""
    unreadable = _("Tệp “%(name)s” không phải ảnh đọc được (ảnh hỏng hoặc chỉ đổi đuôi tệp).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                width, height = probe.size
                found = probe.format
                if found == expected and width * height <= MAX_IMAGE_PIXELS:
                    probe.verify()
    except Image.DecompressionBombError:
        raise _too_large(name, None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ApplicationError(unreadable % {"name": name}) from None
    if found != expected:
        raise ApplicationError(unreadable % {"name": name})
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_large(name, (width, height))


def _too_large(name: str, size: tuple[int, int] | None) -> ApplicationError:
    limit = format_number(MAX_IMAGE_PIXELS // 1_000_000)
    if size is None:
        return ApplicationError(
            _("Ảnh “%(name)s” quá lớn (quá %(limit)s triệu điểm ảnh), không được nhận.")
            % {"name": name, "limit": limit}
        )
    return ApplicationError(
        _(
            "Ảnh “%(name)s” quá lớn (%(width)s × %(height)s điểm ảnh); tối đa %(limit)s triệu "
            "điểm ảnh."
        )
        % {
            "name": name,
            "width": format_number(size[0]),
            "height": format_number(size[1]),
            "limit": limit,
        }
    )
