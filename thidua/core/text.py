"""Vietnamese text, number and date helpers.

Everything here is pure Python (standard library only) so it can be used from models,
forms, importers and management commands alike:

* Unicode hygiene: :func:`nfc`, :func:`normalize_tone_placement` (one tone-mark convention,
  the classic style of government documents: "hòa", "thủy", "ủy ban"), :func:`strip_diacritics`
  and :func:`search_key` for diacritic-insensitive search.
* Numbers in Vietnamese notation (dot = thousands, comma = decimals):
  :func:`parse_number`, :func:`format_number`.
* Dates as written in administrative documents (Decree 30/2020/NĐ-CP):
  :func:`parse_date`, :func:`format_date`, :func:`format_date_long`.
* Local time in Asia/Ho_Chi_Minh: :data:`TIME_ZONE`, :func:`local_now`, :func:`local_today`,
  :func:`to_local`.

Error messages are in Vietnamese because they are shown to end users.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final
from zoneinfo import ZoneInfo

__all__ = [
    "TIME_ZONE",
    "format_date",
    "format_date_long",
    "format_number",
    "local_now",
    "local_today",
    "nfc",
    "normalize_tone_placement",
    "parse_date",
    "parse_number",
    "search_key",
    "strip_diacritics",
    "to_local",
]

TIME_ZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")


# --- Unicode -------------------------------------------------------------------------------


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normalisation form C."""
    return unicodedata.normalize("NFC", text)


# Combining grave, acute, tilde, hook above, dot below: the five Vietnamese tones.
_TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Circumflex (â ê ô), breve (ă), horn (ơ ư): vowel quality, never moved.
_QUALITY_MARKS: Final = frozenset("\u0302\u0306\u031b")
# Letters plus any combining mark NFC could not absorb, so a syllable is never split.
_WORD_RE: Final = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
# Matched against the lower-cased, tone-less syllable. "gi"/"qu" come before "g" so their
# i/u count as part of the onset ("già", "quả"); backtracking still gives "gì" → g + i.
# "ð" is accepted for "đ" because legacy converters produce it.
_SYLLABLE_RE: Final = re.compile(
    r"(?P<onset>ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđðghklmnprstvx])?"
    r"(?P<nucleus>[aăâeêioôơuưy]{1,3})"
    r"(?P<coda>ch|nh|ng|[cmnpt])?"
)


def _tone_index(nucleus: str, has_coda: bool) -> int:
    """Index inside ``nucleus`` that carries the tone (classic convention)."""
    if len(nucleus) == 1:
        return 0
    marked = [i for i, vowel in enumerate(nucleus) if vowel not in "aeiouy"]
    if marked:
        # The last vowel with a quality mark: "ươ" → ơ, "uyê" → ê, "ưa" → ư.
        return marked[-1]
    if len(nucleus) == 3 or has_coda:
        # "oai" → a, "khuỷu" → y; "hoàng", "huỳnh" → second vowel.
        return 1
    # Open two-vowel nuclei (ai, ao, ia, ua, ...); classic style puts oa/oe/uy here too.
    return 0


def _retone_syllable(match: re.Match[str]) -> str:
    """Move the tone of one letter run to its classic position; leave non-syllables alone."""
    word = match.group()
    units: list[list[str]] = []  # [base letter, quality marks...] per letter
    tone = ""
    for char in unicodedata.normalize("NFD", word):
        if char in _TONE_MARKS:
            if tone or not units:
                return word  # two tones or a stray mark: not a Vietnamese syllable
            tone = char
        elif unicodedata.combining(char):
            if char not in _QUALITY_MARKS or not units:
                return word
            units[-1].append(char)
        else:
            units.append([char])
    if not tone:
        return word
    skeleton = nfc("".join("".join(unit) for unit in units)).lower()
    if len(skeleton) != len(units):
        return word  # some letter did not compose into a single Vietnamese letter
    parsed = _SYLLABLE_RE.fullmatch(skeleton)
    if parsed is None:
        return word
    index = parsed.start("nucleus") + _tone_index(
        parsed.group("nucleus"), has_coda=parsed.group("coda") is not None
    )
    # Quality mark before tone mark, otherwise NFC would not compose e.g. "ế".
    units[index].append(tone)
    return nfc("".join("".join(unit) for unit in units))


def normalize_tone_placement(text: str) -> str:
    """Return NFC ``text`` with every Vietnamese syllable's tone in the classic position.

    "hoà" → "hòa", "thuỷ" → "thủy", "khoẻ" → "khỏe", while "hoàng", "quyết", "quả", "già"
    keep theirs. Case is preserved; anything that is not a Vietnamese syllable is untouched.
    """
    return _WORD_RE.sub(_retone_syllable, nfc(text))


# Đ has no Unicode decomposition; Ð/ð (eth) appear in text from legacy encodings.
_LETTER_MAP: Final = str.maketrans({"đ": "d", "Đ": "D", "\u00d0": "D", "\u00f0": "d"})


def strip_diacritics(text: str) -> str:
    """Remove all diacritics (including đ → d): "Sở Nội vụ" → "So Noi vu"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_MAP))
    return nfc("".join(char for char in decomposed if not unicodedata.combining(char)))


def search_key(text: str) -> str:
    """Diacritic-, case- and spacing-insensitive key: "Sở  Nội vụ" → "so noi vu"."""
    # Casefold before stripping: casefold may itself emit combining marks ("İ" → "i̇").
    return " ".join(strip_diacritics(nfc(text).casefold()).split())


def file_slug(text: str) -> str:
    """A file-name-safe form: "Sở Nội vụ tỉnh Kon Tum" → "so-noi-vu-tinh-kon-tum"."""
    return re.sub(r"[^a-z0-9]+", "-", search_key(text)).strip("-")


# --- Numbers -------------------------------------------------------------------------------

_GROUP_SEPARATORS: Final = ". \u00a0\u202f\u2009"
_NUMBER_CHARS_RE: Final = re.compile(rf"[0-9,{_GROUP_SEPARATORS}]+")
# Plain digits, or groups of three after a first group that does not start with 0, all
# separated by the same separator. The leading-zero rule rejects "0.500" (an English decimal).
_WHOLE_RE: Final = re.compile(
    rf"[0-9]+|[1-9][0-9]{{0,2}}(?P<sep>[{_GROUP_SEPARATORS}])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*"
)
_DIGITS_RE: Final = re.compile(r"[0-9]+")


def parse_number(text: str) -> Decimal:
    """Parse Vietnamese notation: "4.600,5" → Decimal("4600.5"), "1 700 000" → 1700000.

    Raises ``ValueError`` with a Vietnamese message naming ``text`` when it is not a number.
    """

    def error(reason: str) -> ValueError:
        return ValueError(f'Không đọc được số "{text}": {reason}')

    body = text.strip()
    if not body:
        raise error("chuỗi rỗng")
    sign = ""
    if body[0] in "+-\u2212":
        sign = "" if body[0] == "+" else "-"
        body = body[1:]
    if not body:
        raise error("không có chữ số nào")
    if not _NUMBER_CHARS_RE.fullmatch(body):
        raise error("chỉ được dùng chữ số, dấu chấm phân cách hàng nghìn và dấu phẩy thập phân")
    if body.count(",") > 1:
        raise error("có nhiều hơn một dấu phẩy thập phân")
    whole, comma, fraction = body.partition(",")
    if not whole:
        raise error("thiếu phần nguyên trước dấu phẩy")
    if comma and not _DIGITS_RE.fullmatch(fraction):
        raise error("phần thập phân sau dấu phẩy chỉ được gồm chữ số")
    if not _WHOLE_RE.fullmatch(whole):
        raise error("dấu chấm phân cách hàng nghìn phải tách các nhóm đúng 3 chữ số")
    digits = "".join(_DIGITS_RE.findall(whole))
    return Decimal(f"{sign}{digits}.{fraction}" if comma else f"{sign}{digits}")


def format_number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """Format in Vietnamese notation: 1700000 → "1.700.000", Decimal("4600.5") → "4.600,5".

    With ``decimals=None`` trailing zeros are dropped; otherwise the value is rounded half up
    to exactly ``decimals`` places. Never uses scientific notation.
    """
    # str() first so 0.1 becomes Decimal("0.1"), not its binary approximation.
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f'Không định dạng được số "{value}": giá trị không hữu hạn')
    if decimals is not None:
        if decimals < 0:
            raise ValueError(f"Số chữ số thập phân phải không âm, nhận được {decimals}")
        with localcontext() as context:
            # Enough precision that quantize never fails on large values.
            context.prec = max(context.prec, number.adjusted() + decimals + 2)
            number = number.quantize(Decimal(f"1e-{decimals}"), rounding=ROUND_HALF_UP)
    plain = format(number, "f")
    if decimals is None and "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    negative = plain.startswith("-")
    whole, _, fraction = plain.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    # No "-0" or "-0,00" after rounding a tiny negative value.
    sign = "-" if negative and (whole + fraction).strip("0") else ""
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


# --- Dates ---------------------------------------------------------------------------------

_NUMERIC_DATE_RE: Final = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_ISO_DATE_RE: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# Matched against search_key(text); an optional "Place, " prefix mirrors format_date_long.
_LONG_DATE_RE: Final = re.compile(
    r"(?:[^,]*, ?)?ngay ([0-9]{1,2}) thang ([0-9]{1,2}) nam ([0-9]{4})"
)


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    """Build a date, explaining in Vietnamese why it does not exist."""
    if not 1 <= year <= 9999:
        reason = "năm phải từ 1 đến 9999"
    elif not 1 <= month <= 12:
        reason = f"không có tháng {month}"
    else:
        last = calendar.monthrange(year, month)[1]
        if 1 <= day <= last:
            return date(year, month, day)
        reason = f"tháng {month} năm {year} chỉ có {last} ngày"
    raise ValueError(f'Ngày "{text}" không hợp lệ: {reason}')


def parse_date(text: str) -> date:
    """Parse "06/02/2024", "6-2-2024", "2024-02-06" or "ngày 06 tháng 02 năm 2024".

    The long form is case- and diacritic-insensitive. Raises ``ValueError`` with a Vietnamese
    message naming ``text`` when it is unreadable or not a real date.
    """
    body = text.strip()
    if match := _NUMERIC_DATE_RE.fullmatch(body):
        day, _, month, year = match.groups()
    elif match := _ISO_DATE_RE.fullmatch(body):
        year, month, day = match.groups()
    elif match := _LONG_DATE_RE.fullmatch(search_key(body)):
        day, month, year = match.groups()
    else:
        raise ValueError(
            f'Không đọc được ngày "{text}": cần dạng dd/mm/yyyy, yyyy-mm-dd '
            'hoặc "ngày dd tháng mm năm yyyy"'
        )
    return _checked_date(text, int(year), int(month), int(day))


def format_date(value: date) -> str:
    """Format as dd/mm/yyyy: "06/02/2024"."""
    # Not strftime: %Y is not zero-padded for years < 1000 on every platform.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_date_long(value: date, place: str | None = None) -> str:
    """Format as in document headers: "Kon Tum, ngày 06 tháng 02 năm 2024".

    Decree 30/2020/NĐ-CP: days below 10 and months 1 and 2 get a leading zero, so that the
    figures cannot be altered by hand afterwards; other months are written without one.
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    long = f"ngày {value.day:02d} tháng {month} năm {value.year:04d}"
    return f"{place.strip()}, {long}" if place and place.strip() else long


# --- Time ----------------------------------------------------------------------------------


def local_now() -> datetime:
    """Current aware datetime in Asia/Ho_Chi_Minh."""
    return datetime.now(TIME_ZONE)


def local_today() -> date:
    """Today's date in Asia/Ho_Chi_Minh (not the server's zone)."""
    return local_now().date()


def to_local(dt: datetime) -> datetime:
    """Convert an aware datetime to Asia/Ho_Chi_Minh; naive input raises ``ValueError``."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(
            f'Thời điểm "{dt.isoformat()}" không có múi giờ nên không thể đổi sang giờ Việt Nam'
        )
    return dt.astimezone(TIME_ZONE)
