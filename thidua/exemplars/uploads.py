"""Checking uploaded photos and documents of exemplary models before they are kept.

Photos: JPG or PNG recognised by their first bytes (`core.files.check_file`), at most 10 MB,
decoded by Pillow (a file that only looks like an image is refused), big enough for the press
(the shorter side at least 400 px) and not absurdly large (at most 12.000 px a side, 60
megapixels: decompression bombs are refused before decoding). The photo is then turned upright
and re-encoded without its metadata: a phone's EXIF carries the place the photo was taken (GPS),
the device and the owner's name, none of which may be published.
"""

import io
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.core.exceptions import ApplicationError
from thidua.core.files import CheckedFile, check_file
from thidua.core.text import format_number

PHOTO_EXTENSIONS: Final = (".jpg", ".jpeg", ".png")
PHOTO_MAX_BYTES: Final = 10 * 1024 * 1024
PHOTO_MIN_SIDE: Final = 400
PHOTO_MAX_SIDE: Final = 12_000
PHOTO_MAX_PIXELS: Final = 60_000_000
JPEG_QUALITY: Final = 88
DOCUMENT_EXTENSIONS: Final = (".pdf", ".docx", ".jpg", ".jpeg", ".png")
DOCUMENT_MAX_BYTES: Final = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedPhoto:
    name: str
    extension: str
    content_type: str
    content: bytes
    width: int
    height: int


def _unreadable(name: str) -> ApplicationError:
    return ApplicationError(
        _("Tệp “%(name)s” không phải ảnh đọc được (ảnh hỏng hoặc chỉ đổi đuôi tệp).")
        % {"name": name},
        extra={"field": "file"},
    )


def check_photo(name: str, content: bytes) -> CheckedPhoto:
    """The photo, upright and re-encoded without metadata, or an ApplicationError saying why
    it is refused."""
    try:
        checked = check_file(
            name, content, allowed=PHOTO_EXTENSIONS, max_bytes=PHOTO_MAX_BYTES, default_name="anh"
        )
    except ApplicationError as error:
        raise ApplicationError(error.message, extra={"field": "file"}) from error
    expected = "PNG" if checked.extension == ".png" else "JPEG"
    try:
        with Image.open(io.BytesIO(content)) as probe:
            width, height = probe.size
            found = probe.format
            if found == expected and width * height <= PHOTO_MAX_PIXELS:
                probe.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise _unreadable(checked.name) from error
    if found != expected:
        raise _unreadable(checked.name)
    if max(width, height) > PHOTO_MAX_SIDE or width * height > PHOTO_MAX_PIXELS:
        raise ApplicationError(
            _(
                "Ảnh “%(name)s” quá lớn (%(width)s × %(height)s điểm ảnh); tối đa %(side)s "
                "điểm ảnh mỗi cạnh."
            )
            % {
                "name": checked.name,
                "width": format_number(width),
                "height": format_number(height),
                "side": format_number(PHOTO_MAX_SIDE),
            },
            extra={"field": "file"},
        )
    if min(width, height) < PHOTO_MIN_SIDE:
        raise ApplicationError(
            _(
                "Ảnh “%(name)s” quá nhỏ (%(width)s × %(height)s điểm ảnh); ảnh gửi báo chí "
                "cần cạnh ngắn ít nhất %(side)s điểm ảnh."
            )
            % {"name": checked.name, "width": width, "height": height, "side": PHOTO_MIN_SIDE},
            extra={"field": "file"},
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            upright = ImageOps.exif_transpose(image)
            upright.load()
            output = io.BytesIO()
            if expected == "PNG":
                upright.save(output, "PNG", optimize=True)
            else:
                upright.convert("RGB").save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, SyntaxError, ValueError) as error:
        raise _unreadable(checked.name) from error
    extension = ".png" if expected == "PNG" else ".jpg"
    return CheckedPhoto(
        name=checked.name,
        extension=extension,
        content_type=checked.content_type,
        content=output.getvalue(),
        width=upright.width,
        height=upright.height,
    )


def check_document(name: str, content: bytes, *, default_name: str = "tep") -> CheckedFile:
    """Evidence or a signed consent form: PDF, DOCX, JPG or PNG, at most 20 MB."""
    try:
        return check_file(
            name,
            content,
            allowed=DOCUMENT_EXTENSIONS,
            max_bytes=DOCUMENT_MAX_BYTES,
            default_name=default_name,
        )
    except ApplicationError as error:
        raise ApplicationError(error.message, extra={"field": "file"}) from error
