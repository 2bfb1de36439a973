"""Checking an uploaded file before it is kept: a clean name, an allowed type recognised by its
first bytes (not by its name), a size cap. Messages name the file and say why, in Vietnamese."""

from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.text import nfc

__all__ = ["SIGNATURES", "CheckedFile", "check_file"]

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
    if not content.startswith(signature):
        raise ApplicationError(
            _("Nội dung tệp “%(name)s” không đúng định dạng %(kind)s.")
            % {"name": clean, "kind": extension[1:].upper()}
        )
    return CheckedFile(clean, extension, content_type)
