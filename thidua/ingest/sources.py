"""Turn an uploaded file (text, Markdown, DOCX, PDF or a scan) into Vietnamese Unicode text.

:func:`read_source` detects the format from the content (not only the file name), decodes
legacy 8-bit Vietnamese encodings (TCVN3/ABC, VNI-Windows, Windows-1258), extracts the text
layer of PDFs with ``pdftotext`` and OCRs scans with Tesseract ``-l vie``. On the first page
of a scan the two-column header of an official document (Decree 30/2020/NĐ-CP) is OCR'd
column by column, so the issuer, number, motto and date do not get interleaved.

Everything returned is NFC with the classic tone placement ("hòa", "thủy"). Every refusal is
a :class:`SourceError` whose message says why, in Vietnamese.

External programs (Debian packages): ``tesseract-ocr`` + ``tesseract-ocr-vie``,
``poppler-utils`` (``pdftotext``, ``pdftoppm``); word list ``hunspell-vi`` (optional: a
structural syllable check is used when it is missing).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageFilter, ImageSequence, UnidentifiedImageError

from thidua.core.exceptions import ApplicationError
from thidua.core.files import office_problem
from thidua.core.text import format_number, normalize_tone_placement, strip_diacritics

__all__ = [
    "MAX_CHARS",
    "MAX_FILE_BYTES",
    "MAX_PAGES",
    "ProgressCallback",
    "SourceError",
    "SourcePage",
    "SourceText",
    "check_source",
    "decode_tcvn3",
    "decode_vni",
    "encode_tcvn3",
    "encode_vni",
    "find_two_column_header",
    "legacy_reading",
    "legacy_text_reason",
    "ocr_page",
    "read_source",
    "vietnamese_share",
]

logger = logging.getLogger(__name__)

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
MAX_PAGES: Final = 50
MAX_CHARS: Final = 2_000_000
# A page image larger than this is refused rather than OCR'd (an A4 page at 600 dpi is 35 Mpx).
MAX_PAGE_PIXELS: Final = 60_000_000

OCR_DPI: Final = 300  # highest resolution a PDF page is rasterised at for OCR
MIN_OCR_DPI: Final = 150
PREVIEW_MAX_WIDTH: Final = 1200
PREVIEW_DPI: Final = 120  # an A4 page at 120 dpi is 992 px wide
OCR_TIMEOUT_SECONDS: Final = 180
# Pages of one PDF read at the same time (each Tesseract process uses one thread).
OCR_PARALLEL_PAGES: Final = max(1, min(2, os.cpu_count() or 1))
PDF_TOOL_TIMEOUT_SECONDS: Final = 120
# A PDF page with fewer visible characters than this in its text layer is treated as a scan.
MIN_TEXT_LAYER_CHARS: Final = 25
# Share of letter runs that must be (ASCII-folded) Vietnamese syllables.
MIN_VIETNAMESE_SHARE: Final = 0.6

HUNSPELL_VI_DIC: Final = Path("/usr/share/hunspell/vi_VN.dic")

ProgressCallback = Callable[[str, int, int], None]


class SourceError(ApplicationError):
    """The uploaded file cannot be turned into Vietnamese text; the message says why."""


@dataclass(frozen=True)
class SourcePage:
    number: int  # 1-based
    text: str
    image_png: bytes | None  # preview for scans and PDFs (≤ PREVIEW_MAX_WIDTH px wide)
    # OCR'd pages: (word, confidence 0–1) of the words Tesseract was unsure of, in order.
    doubtful: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class SourceText:
    kind: str  # "text" | "markdown" | "docx" | "pdf" | "scan"
    text: str
    pages: list[SourcePage]
    ocr: bool
    encoding: str  # "utf-8", "utf-16", "tcvn3", "vni", "cp1258", or "" for binary formats


# --- Vietnamese syllables ------------------------------------------------------------------

_LETTER_RUN_RE: Final = re.compile(r"[^\W\d_]+")
# Fallback when hunspell-vi is missing: onset + nucleus + coda of an ASCII-folded syllable.
_SKELETON_RE: Final = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|nh|ng|[cmnpt])?"
)


@dataclass(frozen=True)
class _Lexicon:
    syllables: frozenset[str]  # lower case, NFC, classic tone placement
    skeletons: frozenset[str]  # the same, ASCII-folded


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon | None:
    try:
        lines = HUNSPELL_VI_DIC.read_text(encoding="utf-8").splitlines()
    except OSError:
        logger.warning(
            "%s not found (Debian package hunspell-vi); using a rough check", HUNSPELL_VI_DIC
        )
        return None
    # First line is the entry count; entries may carry "/FLAGS".
    words = {normalize_tone_placement(line.split("/", 1)[0].strip()).lower() for line in lines[1:]}
    words.discard("")
    return _Lexicon(frozenset(words), frozenset(strip_diacritics(word) for word in words))


def _letter_runs(text: str) -> list[str]:
    return [run.lower() for run in _LETTER_RUN_RE.findall(text)]


_SHARE_SAMPLE_RUNS: Final = 20_000


def vietnamese_share(text: str, *, exact: bool = False) -> float:
    """Share of letter runs in ``text`` that are Vietnamese syllables (0.0 when none).

    By default the runs are compared ASCII-folded, so old OCR output that lost its diacritics
    ("Phat dong phong trao thi dua") still counts as Vietnamese while English does not.
    With ``exact=True`` the diacritics must be right too (used to pick a legacy encoding).
    """
    runs = _letter_runs(text)
    if not runs:
        return 0.0
    if len(runs) > _SHARE_SAMPLE_RUNS:
        # An evenly spread sample is as telling as the whole of a long text, and much faster.
        step = len(runs) / _SHARE_SAMPLE_RUNS
        runs = [runs[int(index * step)] for index in range(_SHARE_SAMPLE_RUNS)]
    lexicon = _lexicon()
    if exact:
        if lexicon is None:
            valid = sum(
                1 for run in runs if run.isascii() or _SKELETON_RE.fullmatch(strip_diacritics(run))
            )
        else:
            syllables = lexicon.syllables
            valid = sum(1 for run in runs if normalize_tone_placement(run) in syllables)
    else:
        folded = [strip_diacritics(run) for run in runs]
        if lexicon is None:
            valid = sum(1 for run in folded if _SKELETON_RE.fullmatch(run))
        else:
            valid = sum(1 for run in folded if run in lexicon.skeletons)
    return valid / len(runs)


# --- Legacy 8-bit encodings ----------------------------------------------------------------

# TCVN 5712:1993 VN3 ("ABC", the .VnTime fonts): lower-case letters with tones and the
# upper-case letters without tones. Upper case with tones was typed in the ".VnTimeH" fonts
# using these same lower-case codes, so it decodes as lower case.
_TCVN3_TO_UNICODE: Final[dict[int, str]] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_UNICODE_TO_TCVN3: Final[dict[str, int]] = {char: code for code, char in _TCVN3_TO_UNICODE.items()}

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

# VNI-Windows: a base letter followed by one byte carrying the vowel mark and/or the tone.
# Lower-case mark bytes follow lower-case letters, upper-case ones upper-case letters.
_VNI_MARKS_LOWER: Final[dict[str, tuple[str, str]]] = {
    "ø": ("", _GRAVE), "ù": ("", _ACUTE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
    "â": (_CIRCUMFLEX, ""), "à": (_CIRCUMFLEX, _GRAVE), "á": (_CIRCUMFLEX, _ACUTE),
    "å": (_CIRCUMFLEX, _HOOK), "ã": (_CIRCUMFLEX, _TILDE), "ä": (_CIRCUMFLEX, _DOT),
    "ê": (_BREVE, ""), "è": (_BREVE, _GRAVE), "é": (_BREVE, _ACUTE),
    "ú": (_BREVE, _HOOK), "ü": (_BREVE, _TILDE), "ë": (_BREVE, _DOT),
}  # fmt: skip
_VNI_MARKS: Final[dict[str, tuple[str, str]]] = {
    **_VNI_MARKS_LOWER,
    **{mark.upper(): value for mark, value in _VNI_MARKS_LOWER.items()},
}
# Letters VNI-Windows encodes in a single byte (ơ, ư, đ and i/y with some tones).
_VNI_LETTERS_LOWER: Final[dict[str, str]] = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip
_VNI_LETTERS: Final[dict[str, str]] = {
    **_VNI_LETTERS_LOWER,
    **{byte.upper(): letter.upper() for byte, letter in _VNI_LETTERS_LOWER.items()},
}
_VNI_FROM_LETTER: Final[dict[str, str]] = {letter: byte for byte, letter in _VNI_LETTERS.items()}
_VNI_FROM_MARKS: Final[dict[tuple[str, str], str]] = {
    value: mark for mark, value in _VNI_MARKS_LOWER.items()
}
# Which vowel-quality marks each base letter can take.
_MARKABLE: Final = {
    _CIRCUMFLEX: frozenset("aeoAEO"),
    _BREVE: frozenset("aA"),
    "": frozenset("aeiouyAEIOUYơưƠƯ"),
}


def _windows_1252_table() -> dict[int, str]:
    """Byte → char for bytes 0x80–0x9F as Windows-1252 shows them (curly quotes, dashes)."""
    table: dict[int, str] = {}
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252_CONTROLS: Final = _windows_1252_table()


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to NFC Unicode."""
    return unicodedata.normalize(
        "NFC", data.decode("latin-1").translate(_CP1252_CONTROLS | _TCVN3_TO_UNICODE)
    )


def encode_tcvn3(text: str) -> bytes:
    """Encode Vietnamese text as TCVN3; upper-case letters with tones become their lower-case
    code, as the ".VnTimeH" fonts expect. Raises ``UnicodeEncodeError`` for other characters."""
    out = bytearray()
    for position, char in enumerate(unicodedata.normalize("NFC", text)):
        if ord(char) < 0x80:
            out.append(ord(char))
        elif char in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[char])
        elif char.lower() in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[char.lower()])
        else:
            raise UnicodeEncodeError("tcvn3", text, position, position + 1, "not in TCVN3")
    return bytes(out)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC Unicode."""
    raw = data.decode("latin-1").translate(_CP1252_CONTROLS)
    out: list[str] = []
    for char in raw:
        mark = _VNI_MARKS.get(char)
        if mark is not None and out:
            quality, tone = mark
            previous = out[-1]
            base = previous[0]
            already_marked = any(unicodedata.combining(c) for c in previous[1:])
            if base in _MARKABLE[quality] and not already_marked:
                out[-1] = previous + quality + tone
                continue
        out.append(_VNI_LETTERS.get(char, char))
    return unicodedata.normalize("NFC", "".join(out))


def encode_vni(text: str) -> bytes:
    """Encode Vietnamese text as VNI-Windows. Raises ``UnicodeEncodeError`` when impossible."""
    out: list[str] = []
    for position, char in enumerate(unicodedata.normalize("NFC", text)):
        if ord(char) < 0x80 or char in _VNI_FROM_LETTER:
            out.append(_VNI_FROM_LETTER.get(char, char))
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((mark for mark in marks if mark in (_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT)), "")
        quality = next((mark for mark in marks if mark in (_CIRCUMFLEX, _BREVE, _HORN)), "")
        if base in "đĐ" or len(marks) != bool(tone) + bool(quality) or not base.isascii():
            raise UnicodeEncodeError("vni", text, position, position + 1, "not in VNI")
        if quality == _HORN:
            base = unicodedata.normalize("NFC", base + _HORN)
            out.append(_VNI_FROM_LETTER[base])
            quality = ""
        else:
            out.append(base)
        if quality or tone:
            mark = _VNI_FROM_MARKS[(quality, tone)]
            out.append(mark.upper() if base.isupper() else mark)
    return "".join(out).encode("latin-1")


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


_LEGACY_DECODERS: Final[dict[str, Callable[[bytes], str]]] = {
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
    "cp1258": _decode_cp1258,
}


# Names of the encodings as people know them (the fonts they typed with).
_LEGACY_LABELS: Final = {
    "tcvn3": gettext_noop("TCVN3 (ABC, phông .VnTime)"),
    "vni": gettext_noop("VNI (phông VNI-Times)"),
    "cp1258": gettext_noop("Windows-1258"),
    "utf-8": gettext_noop("UTF-8 bị đọc nhầm thành Latin-1"),
}
# A re-decoding must read this well (share of exact syllables), and better than the text as it
# is, to be proposed.
_LEGACY_SHARE: Final = 0.8


def legacy_reading(text: str) -> tuple[str, str] | None:
    """(encoding, Unicode text) when ``text`` is Vietnamese typed in a legacy 8-bit encoding
    (TCVN3, VNI, Windows-1258) or UTF-8 shown as Latin-1 — what a cell typed with a .VnTime
    font, or pasted from an old document, holds — else None.

    Such text only has characters of Windows-1252/Latin-1, and one of the decodings of its
    bytes reads as more Vietnamese syllables than the text itself.
    """
    if text.isascii():
        return None
    raw = bytearray()
    for char in text:
        # Bytes 0x80–0x9F show as Windows-1252 punctuation, or as C1 controls in Latin-1.
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None  # beyond Latin-1 (ă, ư, ạ…): Unicode Vietnamese, or another script
            raw.append(ord(char))
    share_as_is = vietnamese_share(text, exact=True)
    decoders: dict[str, Callable[[bytes], str]] = {
        **_LEGACY_DECODERS,
        "utf-8": lambda data: data.decode("utf-8"),
    }
    best: tuple[float, str, str] | None = None
    for name, decode in decoders.items():
        try:
            decoded = normalize_tone_placement(unicodedata.normalize("NFC", decode(bytes(raw))))
        except UnicodeDecodeError:
            continue
        share = vietnamese_share(decoded, exact=True)
        if decoded != text and (best is None or share > best[0]):
            best = (share, name, decoded)
    if best is None or best[0] < _LEGACY_SHARE or best[0] <= share_as_is:
        return None
    return best[1], best[2]


def legacy_text_reason(text: str) -> str | None:
    """Why ``text`` cannot be taken as it is (see :func:`legacy_reading`), else None."""
    reading = legacy_reading(text)
    if reading is None:
        return None
    encoding, decoded = reading
    return _(
        "chữ gõ bằng bảng mã cũ %(encoding)s, không phải Unicode (đọc ra là “%(text)s”); hãy "
        "chuyển sang Unicode (ví dụ bằng chức năng chuyển mã của Unikey) rồi tải lên lại."
    ) % {"encoding": _(_LEGACY_LABELS[encoding]), "text": decoded[:80]}


# --- Format detection ----------------------------------------------------------------------

_EXTENSION_KINDS: Final = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


def _content_kind(data: bytes) -> str:
    """ "pdf", "docx", "image", "zip", "ole", "binary" or "text", judged by the bytes."""
    # The PDF header may follow a little junk (the spec allows up to 1024 bytes).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "binary"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # old .doc/.xls, or an Office file protected by a password
    if _utf16_byte_order(data) or data.startswith(b"\xef\xbb\xbf"):
        return "text"
    sample = data[:65536]
    if b"\x00" in sample:
        return "binary"
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\f\x1a")
    return "binary" if controls > len(sample) * 0.01 else "text"


# Marked with gettext_noop so makemessages extracts them; translated where they are shown.
_KIND_NAMES: Final = {
    "pdf": gettext_noop("PDF"),
    "docx": gettext_noop("DOCX"),
    "image": gettext_noop("ảnh (PNG/JPEG/TIFF)"),
    "text": gettext_noop("văn bản thuần"),
    "zip": gettext_noop("tệp nén ZIP"),
    "ole": gettext_noop("tài liệu Office cũ (.doc) hoặc có mật khẩu"),
    "binary": gettext_noop("dữ liệu nhị phân"),
}


def _utf16_byte_order(data: bytes) -> str:
    """ "utf-16" when the data has a UTF-16 BOM or the zero-byte pattern of Vietnamese UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[: 4096 - 4096 % 2]
    if len(sample) < 8:
        return ""
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return ""


# --- Limits and clean-up -------------------------------------------------------------------


def check_size(data: bytes) -> None:
    """Refuse an empty or too large file before anything else is done with it."""
    if not data:
        raise SourceError(_("Tệp rỗng: không có nội dung nào để đọc."))
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(
            _("Tệp quá lớn: %(actual)s MB, tối đa %(limit)s MB.")
            % {
                "actual": format_number(len(data) / 1024 / 1024, 1),
                "limit": format_number(MAX_FILE_BYTES / 1024 / 1024, 1),
            }
        )


def _check_pages(count: int) -> None:
    if count > MAX_PAGES:
        raise SourceError(
            _("Tệp có %(actual)s trang, vượt giới hạn %(limit)s trang.")
            % {"actual": format_number(count), "limit": format_number(MAX_PAGES)}
        )


def _check_chars(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise SourceError(
            _("Văn bản có %(actual)s ký tự, vượt giới hạn %(limit)s ký tự.")
            % {"actual": format_number(len(text)), "limit": format_number(MAX_CHARS)}
        )


def _check_vietnamese(text: str, *, ocr: bool) -> None:
    if not _letter_runs(text):
        if ocr:
            raise SourceError(_("Không nhận dạng được chữ nào trên ảnh quét."))
        raise SourceError(_("Tệp không chứa chữ nào."))
    share = vietnamese_share(text)
    if share < MIN_VIETNAMESE_SHARE:
        raise SourceError(
            _(
                "Nội dung không phải văn bản tiếng Việt: chỉ %(share)s%% số từ là âm tiết "
                "tiếng Việt (cần ít nhất %(minimum)s%%)."
            )
            % {
                "share": format_number(share * 100, 0),
                "minimum": format_number(MIN_VIETNAMESE_SHARE * 100, 0),
            }
        )


_TRAILING_SPACE_RE: Final = re.compile(r"[ \t]+$", re.MULTILINE)
_MANY_BLANK_LINES_RE: Final = re.compile(r"\n{3,}")


# Table rules, page edges and specks come out of Tesseract as a lone "|" at a line's ends.
_STRAY_BAR_RE: Final = re.compile(r"^[|¦][ \t]+|[ \t]+[|¦]$|^[|¦]$", re.MULTILINE)


def _clean_ocr(text: str) -> str:
    return _clean(_STRAY_BAR_RE.sub("", text), collapse_blank_lines=True)


def _clean(text: str, *, collapse_blank_lines: bool = False) -> str:
    """NFC, classic tone placement, Unix line ends, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _TRAILING_SPACE_RE.sub("", normalize_tone_placement(text))
    if collapse_blank_lines:
        text = _MANY_BLANK_LINES_RE.sub("\n\n", text.replace("\f", "\n"))
    return text.strip("\n")


def _result(kind: str, pages: list[SourcePage], *, ocr: bool, encoding: str) -> SourceText:
    text = "\n\n".join(page.text for page in pages if page.text)
    _check_chars(text)
    _check_vietnamese(text, ocr=ocr)
    return SourceText(kind=kind, text=text, pages=pages, ocr=ocr, encoding=encoding)


# --- Plain text ----------------------------------------------------------------------------


_ENCODING_SAMPLE_BYTES: Final = 65536


def _decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for UTF-8, UTF-16 or a legacy Vietnamese 8-bit encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            raise SourceError(
                _("Tệp có dấu BOM UTF-8 nhưng nội dung không phải UTF-8 hợp lệ.")
            ) from error
    byte_order = _utf16_byte_order(data)
    if byte_order:
        try:
            return data.decode(byte_order).lstrip("\ufeff"), "utf-16"
        except UnicodeDecodeError as error:
            raise SourceError(_("Tệp UTF-16 bị hỏng: không giải mã được.")) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # An 8-bit encoding, or UTF-8 with a few damaged bytes: keep the decoding with the most
    # correctly spelled syllables, judged on the first 64 KB (decoding VNI is slow in Python).
    sample = data[:_ENCODING_SAMPLE_BYTES]
    decoders: dict[str, Callable[[bytes], str]] = {
        "utf-8": lambda raw: raw.decode("utf-8", errors="replace"),
        **_LEGACY_DECODERS,
    }
    name = max(
        decoders, key=lambda candidate: vietnamese_share(decoders[candidate](sample), exact=True)
    )
    return decoders[name](data), name


def _read_text(name: str, data: bytes) -> SourceText:
    text, encoding = _decode_text(data)
    suffix = Path(name).suffix.lower()
    kind = "markdown" if suffix in (".md", ".markdown") else "text"
    cleaned = _clean(text)
    _check_chars(cleaned)
    return _result(kind, [SourcePage(1, cleaned, None)], ocr=False, encoding=encoding)


# --- DOCX ----------------------------------------------------------------------------------


def _docx_lines(container: object) -> Iterator[str]:
    """Paragraph texts of a document, header or cell, tables row by row, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_lines(cell)


def _check_docx_package(data: bytes) -> None:
    """The zip-bomb, encryption and structure checks every DOCX reader shares."""
    problem = office_problem(data, extension=".docx", max_uncompressed_bytes=10 * MAX_FILE_BYTES)
    if problem is None:
        return
    if problem.kind == "bomb":
        raise SourceError(_("Tệp DOCX giải nén ra quá lớn, có thể là tệp độc hại."))
    if problem.kind == "locked":
        raise SourceError(_("Tệp DOCX có mật khẩu; hãy gửi bản không đặt mật khẩu."))
    raise SourceError(_("Tệp DOCX bị hỏng, không đọc được nội dung."))


def _read_docx(data: bytes) -> SourceText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_docx_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        if document.sections:
            # The first page's Word header sometimes holds the two-column document header.
            section = document.sections[0]
            page_header = (
                section.first_page_header
                if section.different_first_page_header_footer
                else section.header
            )
            if not page_header.is_linked_to_previous:
                lines.extend(_docx_lines(page_header))
        lines.extend(_docx_lines(document))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise SourceError(_("Tệp DOCX bị hỏng, không đọc được nội dung.")) from error
    text = _clean("\n".join(lines), collapse_blank_lines=True)
    _check_chars(text)
    return _result("docx", [SourcePage(1, text, None)], ocr=False, encoding="")


# --- External programs ---------------------------------------------------------------------


def _program(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SourceError(
            _(
                "Máy chủ chưa cài chương trình %(program)s (gói %(package)s) nên chưa đọc "
                "được tệp này."
            )
            % {"program": name, "package": package}
        )
    return path


def _run(args: Sequence[str], *, timeout: float, stdin: bytes | None = None) -> bytes:
    """Run an external program; its failure becomes a SourceError."""
    environment = dict(os.environ)
    # Tesseract's OpenMP threads slow a page down on small machines (measured: 3 s → 0.8 s).
    environment["OMP_THREAD_LIMIT"] = "1"
    try:
        completed = subprocess.run(  # noqa: S603 - absolute program path, no shell, fixed args
            list(args),
            input=stdin,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=environment,
        )
    except subprocess.TimeoutExpired as error:
        raise SourceError(
            _("Xử lý tệp quá lâu (quá %(seconds)s giây), đã dừng.") % {"seconds": int(timeout)}
        ) from error
    if completed.returncode != 0:
        logger.warning("%s failed (%s): %s", args[0], completed.returncode, completed.stderr[-500:])
        raise SourceError(
            _("Không xử lý được tệp (chương trình %(program)s báo lỗi).")
            % {"program": Path(args[0]).name}
        )
    return completed.stdout


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Light compression: a greyscale page preview is small anyway, and this runs per page.
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _preview(image: Image.Image) -> bytes:
    if image.width > PREVIEW_MAX_WIDTH:
        height = round(image.height * PREVIEW_MAX_WIDTH / image.width)
        image = image.resize((PREVIEW_MAX_WIDTH, height), Image.Resampling.BOX)
    return _png_bytes(image)


# --- OCR -----------------------------------------------------------------------------------

_INK_THRESHOLD: Final = 150
_INK_TABLE: Final = bytes(1 if value < _INK_THRESHOLD else 0 for value in range(256))
_ANALYSIS_WIDTH: Final = 800
_HEADER_SEARCH_SHARE: Final = 0.35  # the header sits in the top third of the first page


def _ink_runs(counts: Sequence[int], minimum: int = 1) -> list[tuple[int, int]]:
    """[start, end) runs of positions whose ink count reaches ``minimum``."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for position, count in enumerate(counts):
        if count >= minimum and start is None:
            start = position
        elif count < minimum and start is not None:
            runs.append((start, position))
            start = None
    if start is not None:
        runs.append((start, len(counts)))
    return runs


def _row_ink(image: Image.Image) -> list[int]:
    data = image.tobytes().translate(_INK_TABLE)
    width = image.width
    return [data.count(1, row * width, (row + 1) * width) for row in range(image.height)]


def _merge_close(runs: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:
    """Join runs separated by at most ``max_gap``: a letter's marks belong to its line."""
    merged: list[tuple[int, int]] = []
    for start, end in runs:
        if merged and start - merged[-1][1] <= max_gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def find_two_column_header(page: Image.Image) -> tuple[int, int] | None:
    """(bottom y, split x) in ``page`` pixels of a two-column header, or None.

    Text lines are taken from the top of the page while a vertical white gap between 25 %
    and 70 % of the text width survives across all of them: the issuer block on the left,
    the motto and date on the right. A line crossing the gap (the body) ends the header, and
    so does a line on one side only after a wider space than the header's own line spacing
    (the centred title, or a short first body line).
    """
    gray = page.convert("L")
    scale = _ANALYSIS_WIDTH / gray.width
    band = gray.crop((0, 0, gray.width, int(gray.height * _HEADER_SEARCH_SHARE)))
    # The median drops one-pixel specks (which would fill the gap between the columns)
    # while keeping strokes; BOX averaging then lightens whatever noise is left.
    band = band.filter(ImageFilter.MedianFilter(3))
    small_size = (_ANALYSIS_WIDTH, max(1, round(band.height * scale)))
    small = band.resize(small_size, Image.Resampling.BOX)
    lines = [
        (top, bottom)
        for top, bottom in _merge_close(_ink_runs(_row_ink(small), 2), 3)
        if bottom - top >= 4  # rules and specks are thinner than a line of text
    ]
    if len(lines) < 2:
        return None
    columns_all = _row_ink(small.transpose(Image.Transpose.ROTATE_90))[::-1]
    inked = [x for x, count in enumerate(columns_all) if count >= 2]
    if not inked:
        return None
    text_left, text_right = inked[0], inked[-1]
    text_width = text_right - text_left
    gap_low, gap_high = text_left + 0.25 * text_width, text_left + 0.70 * text_width
    min_gap = max(8, round(0.025 * _ANALYSIS_WIDTH))

    header_columns = [0] * small.width
    header_end = 0
    split: tuple[int, int] | None = None
    for index, (top, bottom) in enumerate(lines):
        strip = small.crop((0, top, small.width, bottom)).transpose(Image.Transpose.ROTATE_90)
        line_columns = _row_ink(strip)[::-1]
        trial = [a + b for a, b in zip(header_columns, line_columns, strict=True)]
        gaps = [
            (start, end)
            for start, end in _ink_runs([0 if count else 1 for count in trial])
            if end - start >= min_gap and start < gap_high and end > gap_low
        ]
        if not gaps:
            break
        if split is not None and index >= 2:
            middle = (split[0] + split[1]) // 2
            one_sided = not any(line_columns[:middle]) or not any(line_columns[middle:])
            heights = sorted(b - t for t, b in lines[:index])
            space_above = top - lines[index - 1][1]
            if one_sided and space_above > 1.2 * heights[len(heights) // 2]:
                break
        header_columns = trial
        header_end = index + 1
        split = max(gaps, key=lambda gap: gap[1] - gap[0])
    if split is None or header_end < 2:
        return None
    split_x = (split[0] + split[1]) // 2
    if not any(header_columns[:split_x]) or not any(header_columns[split_x:]):
        return None  # a one-sided block (a centred or indented title), not two columns
    last_bottom = lines[header_end - 1][1]
    if header_end < len(lines):
        bottom_small = (last_bottom + lines[header_end][0]) / 2
    else:
        bottom_small = min(small.height, last_bottom + (last_bottom - lines[0][0]) / header_end)
    return round(bottom_small / scale), round(split_x / scale)


# Words Tesseract reads with a confidence below this (0–100) are shown to the reviewer.
OCR_DOUBTFUL_BELOW: Final = 60


@dataclass(frozen=True)
class OcrText:
    text: str
    # (word, confidence 0–1) of the doubtful words, in reading order.
    doubtful: tuple[tuple[str, float], ...] = ()


def _text_from_tsv(tsv: str) -> OcrText:
    """Tesseract's TSV (one row per word with its confidence) laid out as its plain text is:
    words of a line joined by spaces, a blank line between paragraphs and blocks."""
    lines: list[str] = []
    words: list[str] = []
    doubtful: list[tuple[str, float]] = []
    current: tuple[str, str, str] | None = None
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        block, paragraph, line = fields[2], fields[3], fields[4]
        if current is not None and (block, paragraph, line) != current:
            lines.append(" ".join(words))
            words = []
            if (block, paragraph) != current[:2]:
                lines.append("")
        current = (block, paragraph, line)
        word = fields[11].strip()
        words.append(word)
        try:
            confidence = float(fields[10])
        except ValueError:
            continue
        # Words only: numbers and codes (08/CT-UBND) are checked against the page image anyway.
        is_word = any(c.isalpha() for c in word) and not any(c.isdigit() for c in word)
        if 0 <= confidence < OCR_DOUBTFUL_BELOW and is_word:
            doubtful.append((word, round(confidence / 100, 3)))
    if words:
        lines.append(" ".join(words))
    return OcrText("\n".join(lines).strip(), tuple(doubtful))


def _tesseract(image: Image.Image, *, psm: int, dpi: int) -> OcrText:
    program = _program("tesseract", "tesseract-ocr, tesseract-ocr-vie")
    args = [program, "stdin", "stdout", "-l", "vie", "--psm", str(psm), "--dpi", str(dpi), "tsv"]
    # Uncompressed PGM on stdin: no temporary file, and no time spent compressing.
    pgm = io.BytesIO()
    image.convert("L").save(pgm, format="PPM")
    output = _run(args, timeout=OCR_TIMEOUT_SECONDS, stdin=pgm.getvalue())
    return _text_from_tsv(output.decode("utf-8", errors="replace"))


def ocr_page(page: Image.Image, *, dpi: int, first: bool) -> OcrText:
    """OCR one page; on the first page read a two-column header column by column.

    The two header columns are cut out and stacked, left above right, and read in one
    Tesseract run as a block of lines (--psm 6 keeps "Số: 08/CT-UBND" intact, where page
    segmentation loses the slash); the body is read with page segmentation (paragraphs kept).
    """
    gray = page.convert("L")
    header = find_two_column_header(gray) if first else None
    if header is None:
        return _tesseract(gray, psm=3, dpi=dpi)
    bottom, split_x = header
    left = gray.crop((0, 0, split_x, bottom))
    right = gray.crop((split_x, 0, gray.width, bottom))
    gap = max(20, dpi // 3)
    columns = Image.new("L", (max(left.width, right.width), 2 * bottom + gap), 255)
    columns.paste(left, (0, 0))
    columns.paste(right, (0, bottom + gap))
    head = _tesseract(columns, psm=6, dpi=dpi)
    body = _tesseract(gray.crop((0, bottom, gray.width, gray.height)), psm=3, dpi=dpi)
    return OcrText("\n".join([head.text, "", body.text]).strip(), head.doubtful + body.doubtful)


def _image_dpi(image: Image.Image) -> int:
    """The scan resolution, or one estimated from an A4 page width when it is not recorded."""
    recorded = image.info.get("dpi")
    if isinstance(recorded, tuple) and recorded and 70 <= float(recorded[0]) <= 1200:
        return round(float(recorded[0]))
    return min(1200, max(70, round(image.width / (210 / 25.4))))


def _ocr_pages(
    images: Iterator[tuple[Image.Image, int]], count: int, progress: ProgressCallback | None
) -> list[SourcePage]:
    pages: list[SourcePage] = []
    for number, (image, dpi) in enumerate(images, start=1):
        if progress is not None:
            progress(_("Nhận dạng chữ (OCR)"), number, count)
        read = ocr_page(image, dpi=dpi, first=number == 1)
        pages.append(SourcePage(number, _clean_ocr(read.text), _preview(image), read.doubtful))
    return pages


def _too_large(name: str) -> SourceError:
    if not name:
        return SourceError(_("Ảnh quá lớn (quá nhiều điểm ảnh) để nhận dạng chữ."))
    return SourceError(
        _("Ảnh “%(name)s” quá lớn (quá %(limit)s triệu điểm ảnh) để nhận dạng chữ.")
        % {"name": name, "limit": format_number(MAX_PAGE_PIXELS // 1_000_000)}
    )


def _open_image(data: bytes, name: str = "") -> tuple[Image.Image, int]:
    """The image and its number of pages (frames); refuses damaged and gigantic images."""
    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError as error:
        raise _too_large(name) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise SourceError(_("Tệp ảnh bị hỏng hoặc định dạng ảnh không được hỗ trợ.")) from error
    if image.width * image.height > MAX_PAGE_PIXELS:
        raise _too_large(name)
    _check_pages(count)
    return image, count


_IMAGE_FORMATS: Final = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}


def _check_image_file(name: str, suffix: str, data: bytes) -> None:
    """The image's format is the one its name says, and its first page is not damaged."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image, _count = _open_image(data, name)
    with image:
        expected = _IMAGE_FORMATS.get(suffix)
        if expected is not None and image.format != expected:
            raise SourceError(
                _("Tệp “%(name)s” có đuôi %(suffix)s nhưng nội dung là ảnh %(format)s.")
                % {"name": name, "suffix": suffix, "format": image.format}
            )
        try:
            image.verify()  # chunk checksums and structure, without decoding the pixels
        except (OSError, SyntaxError, ValueError) as error:
            raise SourceError(
                _("Tệp ảnh “%(name)s” bị hỏng, không đọc được.") % {"name": name}
            ) from error


def _read_image(data: bytes, progress: ProgressCallback | None) -> SourceText:
    image, count = _open_image(data)

    def frames() -> Iterator[tuple[Image.Image, int]]:
        for frame in ImageSequence.Iterator(image):
            if frame.width * frame.height > MAX_PAGE_PIXELS:
                raise SourceError(_("Ảnh quá lớn (quá nhiều điểm ảnh) để nhận dạng chữ."))
            dpi = _image_dpi(frame)
            yield frame.convert("L"), dpi

    try:
        pages = _ocr_pages(frames(), count, progress)
    except (OSError, Image.DecompressionBombError) as error:
        raise SourceError(_("Tệp ảnh bị hỏng, không đọc được hết các trang.")) from error
    return _result("scan", pages, ocr=True, encoding="")


# --- PDF -----------------------------------------------------------------------------------


def _pdf_page_count(data: bytes) -> int:
    """Number of pages; refuses damaged PDFs and PDFs that need a password to open."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password alone (printing/copying restrictions) still opens with "".
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as error:
                raise SourceError(
                    _(
                        "Tệp PDF có mật khẩu hoặc kiểu mã hóa không hỗ trợ; hãy gửi bản "
                        "không đặt mật khẩu."
                    )
                ) from error
            if not opened:
                raise SourceError(_("Tệp PDF có mật khẩu; hãy gửi bản không đặt mật khẩu."))
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise SourceError(_("Tệp PDF bị hỏng, không đọc được.")) from error


def _render_pdf_page(path: Path, number: int, dpi: int, directory: Path) -> Image.Image:
    program = _program("pdftoppm", "poppler-utils")
    prefix = directory / f"page-{number}"
    # Greyscale PGM: writing PNG costs pdftoppm ten times longer than rendering the page.
    _run(
        [program, "-r", str(dpi), "-f", str(number), "-l", str(number), "-gray",
         "-singlefile", str(path), str(prefix)],
        timeout=PDF_TOOL_TIMEOUT_SECONDS,
    )  # fmt: skip
    output = prefix.with_suffix(".pgm")
    with Image.open(output) as rendered:
        rendered.load()
        image = rendered.copy()
    output.unlink()
    return image


def _scan_resolutions(path: Path) -> dict[int, int]:
    """Page number → resolution of the page's sharpest embedded image (``pdfimages -list``).

    Scanned pages are rasterised at their own resolution: resampling a 150 dpi JPEG scan to
    300 dpi made Tesseract's error rate 3–8 times worse on the test renders.
    """
    listing = _run(
        [_program("pdfimages", "poppler-utils"), "-list", str(path)],
        timeout=PDF_TOOL_TIMEOUT_SECONDS,
    ).decode("utf-8", errors="replace")
    resolutions: dict[int, int] = {}
    for row in listing.splitlines()[2:]:
        # page num type width height color comp bpc enc interp object ID x-ppi y-ppi ...
        fields = row.split()
        if len(fields) < 14 or fields[2] != "image":
            continue
        try:
            page, ppi = int(fields[0]), round(float(fields[12]))
        except ValueError:
            continue
        resolutions[page] = max(resolutions.get(page, 0), ppi)
    return resolutions


def _ocr_resolution(native: int | None) -> int:
    if native is None:
        return OCR_DPI  # no image on the page: vector drawing or text without a usable layer
    return min(OCR_DPI, max(MIN_OCR_DPI, native))


def _read_pdf(data: bytes, progress: ProgressCallback | None) -> SourceText:
    count = _pdf_page_count(data)
    if count == 0:
        raise SourceError(_("Tệp PDF không có trang nào."))
    _check_pages(count)
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as temporary:
        directory = Path(temporary)
        path = directory / "source.pdf"
        path.write_bytes(data)
        if progress is not None:
            progress(_("Đọc lớp chữ của tệp PDF"), 0, count)
        # Plain (not -layout) mode keeps each column of a two-column header together.
        layer = _run(
            [_program("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(path), "-"],
            timeout=PDF_TOOL_TIMEOUT_SECONDS,
        ).decode("utf-8", errors="replace")
        layer_pages = [_clean(page, collapse_blank_lines=True) for page in layer.split("\f")]
        layer_pages += [""] * (count - len(layer_pages))
        layer_text = "\n\n".join(layer_pages[:count])
        # A text layer that is not Vietnamese (fonts without a Unicode map) is OCR'd instead.
        layer_usable = vietnamese_share(layer_text) >= MIN_VIETNAMESE_SHARE
        to_ocr = [
            number
            for number in range(1, count + 1)
            if not layer_usable
            or len("".join(layer_pages[number - 1].split())) < MIN_TEXT_LAYER_CHARS
        ]
        resolutions = _scan_resolutions(path) if to_ocr else {}

        def read_page(number: int) -> SourcePage:
            if number in to_ocr:
                dpi = _ocr_resolution(resolutions.get(number))
                image = _render_pdf_page(path, number, dpi, directory)
                read = ocr_page(image, dpi=dpi, first=number == 1)
                return SourcePage(number, _clean_ocr(read.text), _preview(image), read.doubtful)
            image = _render_pdf_page(path, number, PREVIEW_DPI, directory)
            return SourcePage(number, layer_pages[number - 1], _preview(image))

        step = _("Nhận dạng chữ (OCR)") if to_ocr else _("Tạo ảnh xem trước trang")
        # Pages are independent: poppler and Tesseract run as separate processes, so a couple
        # of pages at a time use the machine's cores (each Tesseract is limited to one thread).
        with ThreadPoolExecutor(max_workers=OCR_PARALLEL_PAGES) as pool:
            pending = [pool.submit(read_page, number) for number in range(1, count + 1)]
            pages = []
            for done, future in enumerate(pending, start=1):
                pages.append(future.result())
                if progress is not None:
                    progress(step, done, count)
    kind = "scan" if len(to_ocr) == count else "pdf"
    return _result(kind, pages, ocr=bool(to_ocr), encoding="")


# --- Entry point ---------------------------------------------------------------------------


def check_source(name: str, data: bytes) -> str:
    """The content kind ("pdf", "docx", "image" or "text") of a file that can be read, or a
    :class:`SourceError` saying why it cannot. Only the cheap checks (size, format against the
    name, a PDF's pages and password, a DOCX package, an image's header), so that an upload is
    refused before it is kept; the reading itself (text layer, OCR, encodings) comes later.
    """
    check_size(data)
    content = _content_kind(data)
    suffix = Path(name).suffix.lower()
    if suffix == ".doc" or content == "ole":
        raise SourceError(
            _(
                "Tệp “%(name)s” là tài liệu Word cũ (.doc) hoặc có mật khẩu; hãy lưu lại thành "
                ".docx hoặc PDF không đặt mật khẩu."
            )
            % {"name": name}
        )
    expected = _EXTENSION_KINDS.get(suffix)
    if expected is not None and expected != content:
        raise SourceError(
            _("Tệp “%(name)s” có đuôi %(suffix)s nhưng nội dung là %(content)s.")
            % {"name": name, "suffix": suffix, "content": _(_KIND_NAMES[content])}
        )
    if content in ("binary", "zip"):
        raise SourceError(
            _(
                "Không nhận ra định dạng của tệp “%(name)s” (%(content)s). Hãy gửi văn bản "
                "thuần (.txt, .md), DOCX, PDF hoặc ảnh quét (PNG, JPEG, TIFF)."
            )
            % {"name": name, "content": _(_KIND_NAMES[content])}
        )
    if suffix and expected is None:
        raise SourceError(
            _(
                "Tệp “%(name)s” có đuôi %(suffix)s, không phải loại tệp đọc được. Hãy gửi văn "
                "bản thuần (.txt, .md), DOCX, PDF hoặc ảnh quét (PNG, JPEG, TIFF)."
            )
            % {"name": name, "suffix": suffix}
        )
    try:
        if content == "pdf":
            count = _pdf_page_count(data)
            if count == 0:
                raise SourceError(_("Tệp PDF không có trang nào."))
            _check_pages(count)
        elif content == "docx":
            _check_docx_package(data)
    except SourceError as error:  # say which file
        raise SourceError(
            _("Tệp “%(name)s”: %(reason)s") % {"name": name, "reason": error.message}
        ) from error
    if content == "image":
        _check_image_file(name, suffix, data)
    return content


def read_source(name: str, data: bytes, *, progress: ProgressCallback | None = None) -> SourceText:
    """Read an uploaded file as Vietnamese text; raises :class:`SourceError` when impossible.

    ``progress(step label, page number, page count)`` is called before each slow step; page
    number 0 means a step over the whole document (reading a PDF's text layer).
    """
    content = check_source(name, data)
    if content == "pdf":
        return _read_pdf(data, progress)
    if content == "docx":
        return _read_docx(data)
    if content == "image":
        return _read_image(data, progress)
    return _read_text(name, data)
