"""Structure of a Vietnamese directive (Chỉ thị, Kế hoạch, Quyết định…) read from its text.

Pure functions, no I/O and no Django: :func:`extract` turns the text into an
:class:`Extraction` (document header, targets and their measures, other quantitative aims,
movements, anniversaries, cited documents, responsibilities, recipients).

The text may come from OCR whose diacritics were restored automatically, so some tones may
still be wrong ("tông" for "tổng"). Every pattern is therefore matched on a folded key (no
diacritics, lower case, see :class:`Folded`) and the values returned are the matching spans of
the original text, so they keep whatever correct Vietnamese the input has.

OCR also leaves debris the restorer cannot mend ("c6" for "có", "Tỷ 1€" for "Tỷ lệ",
"givdng" for "giường", "Tỉnh lỵ" for "Tỉnh ủy"). All tolerance is generic:

- in the key, a word that is no Vietnamese syllable is read through OCR lookalikes
  (6 → o, 1 → l/i, ¢ → c…) or as the one pattern word a letter away ("trd" → "tro");
- units, "per" denominators ("/nim", "/1 vân đồn"), issuing bodies, body words in actors
  and indicator heads ("Chỉ sơ" → "Chỉ số") are matched against vocabularies with a small,
  length-dependent edit distance (rapidfuzz), units only when a word is visibly damaged;
- debris tokens (digits or symbols inside letters) are left out of names;
- "N bậc so với năm Y" is a rise in rank whatever OCR made of its verb, unless "giảm".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import product
from typing import Any, Final

from rapidfuzz.distance import Levenshtein

from thidua.core.text import (
    nfc,
    normalize_tone_placement,
    parse_number,
    search_key,
    strip_diacritics,
)
from thidua.targets.evaluation import Comparator

__all__ = [
    "Aim",
    "DocumentInfo",
    "Extraction",
    "Folded",
    "LegalBasis",
    "Measure",
    "Responsibility",
    "Target",
    "extract",
    "parse_measures",
]


# --- Result --------------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """Decimal as a plain string without exponent or trailing zeros: 4.6E+3 → "4600"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Measure:
    """One measurable figure of a target: "từ 4.600 tỷ đồng trở lên" → >= 4600 tỷ đồng."""

    indicator: str
    comparator: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    period: str
    baseline: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": _plain(self.value),
            "value_max": None if self.value_max is None else _plain(self.value_max),
            "unit": self.unit,
            "period": self.period,
            "baseline": self.baseline,
        }


@dataclass(frozen=True)
class Target:
    no: int
    text: str
    measures: tuple[Measure, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "text": self.text,
            "measures": [measure.as_dict() for measure in self.measures],
        }


@dataclass(frozen=True)
class Aim:
    """A quantitative aim stated outside the targets list."""

    text: str
    measures: tuple[Measure, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "measures": [measure.as_dict() for measure in self.measures]}


@dataclass(frozen=True)
class LegalBasis:
    number: str
    date: date | None
    issuer: str
    title: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "title": self.title,
        }


@dataclass(frozen=True)
class Responsibility:
    actor: str
    duties: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "duties": list(self.duties)}


@dataclass(frozen=True)
class DocumentInfo:
    type: str
    number: str
    issuer: str
    place: str
    date: date | None
    title: str
    theme: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "type": self.type,
            "number": self.number,
            "issuer": self.issuer,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "theme": self.theme,
        }


@dataclass(frozen=True)
class Extraction:
    document: DocumentInfo
    targets: tuple[Target, ...]
    other_aims: tuple[Aim, ...]
    movements: tuple[str, ...]
    anniversaries: tuple[str, ...]
    legal_bases: tuple[LegalBasis, ...]
    responsibilities: tuple[Responsibility, ...]
    recipients: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able: dates as ISO strings, decimals as plain strings."""
        return {
            "document": self.document.as_dict(),
            "targets": [target.as_dict() for target in self.targets],
            "other_aims": [aim.as_dict() for aim in self.other_aims],
            "movements": list(self.movements),
            "anniversaries": list(self.anniversaries),
            "legal_bases": [basis.as_dict() for basis in self.legal_bases],
            "responsibilities": [item.as_dict() for item in self.responsibilities],
            "recipients": list(self.recipients),
        }


# --- OCR tolerance: damaged words in the key, fuzzy vocabularies ---------------------------

# A folded (tone-less, lower-case) Vietnamese syllable: onset, vowel nucleus, coda.
_FOLDED_SYLLABLE_RE: Final = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"(?:ieu|yeu|oai|oay|oao|oeo|uay|uoi|uou|uya|uye|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|"
    r"oo|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])"
    r"(?:ch|nh|ng|[cmnpt])?"
)
# Characters OCR puts for letters: "c6" (có), "1ệ" (lệ), "¢6" (có), "gi4m" (giảm), "vo1" (với).
_LOOKALIKES: Final = {
    "0": "o",
    "1": "li",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "o",
    "8": "e",
    "¢": "c",
    "€": "e",
    "@": "a",
    "|": "li",
}
_LOOKALIKE_SYMBOLS: Final = "¢€@|"
_KEY_TOKEN_RE: Final = re.compile(r"[a-z0-9¢€@|]+")
# Cheap test for a key that may hold a damaged word: a lookalike next to a letter, or two
# consonants no Vietnamese onset or coda has ("givdng", "trd", "Bcfy").
_DAMAGE_HINT_RE: Final = re.compile(
    r"[a-z][0-9¢€@|]|[0-9¢€@|][a-z]|[¢€@|]"
    r"|(?!ch|gh|kh|nh|ng|ph|th|tr)[bcdfghjklmnpqrstvwxz]{2}|[bdfjklqrsvwxz](?![a-z0-9])"
)
# Words the patterns below rely on. A letter-only key token that is no syllable and one
# substitution away from exactly one of them is read as it ("trd" → "tro", "gidm" → "giam");
# sound syllables are never touched, ambiguous tokens neither.
_LEXICON_WORDS: Final = re.findall(
    r"[a-z]+",
    "tren duoi giam tang tro len xuong nhat toi thieu khong qua vuot them moi thanh lap dat "
    "so voi nam thang ngay bac hang trieu dong nghin doanh nghiep san pham luot khach nguoi "
    "giuong benh van dan phan dau chi tieu muc hop tac xuat khau trong nhung nhu sau cong "
    "trinh thuc hien trach nhiem to chuc phong trao nhan",
)
_LEXICON_BY_LENGTH: Final[dict[int, tuple[str, ...]]] = {
    size: tuple(word for word in _LEXICON_WORDS if len(word) == size)
    for size in {len(word) for word in _LEXICON_WORDS}
}


def _is_syllable(word: str) -> bool:
    """Whether a folded word is a well-formed Vietnamese syllable."""
    return _FOLDED_SYLLABLE_RE.fullmatch(word) is not None


def _lookalike_reading(token: str) -> str | None:
    """ "c6" → "co", "1e" → "le", "vo1" → "voi": the syllable behind OCR lookalikes, if any."""
    if not any(char in _LOOKALIKES for char in token) or token.isdigit():
        return None
    if any(char.isdigit() and char not in _LOOKALIKES for char in token):
        return None  # "02nam", "2024cua": a number glued to a word
    choices = [_LOOKALIKES.get(char, char) for char in token]
    if sum(len(choice) > 1 for choice in choices) > 3:
        return None
    for letters in product(*choices):
        candidate = "".join(letters)
        if _is_syllable(candidate):
            return candidate
    return None


def _lexicon_reading(token: str) -> str | None:
    """A non-syllable one substitution away from exactly one lexicon word: "trd" → "tro"."""
    if len(token) < 3 or _is_syllable(token):
        return None
    found = [
        word
        for word in _LEXICON_BY_LENGTH.get(len(token), ())
        if sum(a != b for a, b in zip(word, token, strict=True)) == 1
    ]
    return found[0] if len(found) == 1 else None


_READING_CACHE: dict[str, str | None] = {}


def _reading(token: str) -> str | None:
    """The word a damaged key token stands for, None for a sound word or no reading."""
    if token in _READING_CACHE:
        return _READING_CACHE[token]
    reading = None
    if not token.isdigit() and not _is_syllable(token):
        reading = _lookalike_reading(token) if not token.isalpha() else _lexicon_reading(token)
        if reading is not None and len(reading) != len(token):
            reading = None
    if len(_READING_CACHE) < 50_000:
        _READING_CACHE[token] = reading
    return reading


def _repair_key(key: str, text: str, index: Sequence[int]) -> str:
    """The key with OCR-damaged words read as the word they stand for (same length)."""
    parts: list[str] = []
    cursor = 0
    for match in _KEY_TOKEN_RE.finditer(key):
        token = match.group()
        reading = _reading(token)
        if reading is None:
            continue
        original = text[index[match.start()] : index[match.end() - 1] + 1]
        if not any(char.islower() for char in original) and not any(
            char in _LOOKALIKE_SYMBOLS for char in token
        ):
            continue  # an acronym or code: "T6", "QH15", "H5N1"
        parts.append(key[cursor : match.start()])
        parts.append(reading)
        cursor = match.end()
    if not parts:
        return key
    parts.append(key[cursor:])
    return "".join(parts)


def _damaged(word: str) -> bool:
    """A token of the original text with digits or symbols inside its letters ("1€", "¢6",
    "dé‘ng", "c6") or symbols only ("¢"): OCR debris, not a word. Codes and acronyms in
    capitals ("COVID-19", "PM2.5") and plain numbers are words."""
    core = word.strip(".,;:!?()[]{}\"“”'’‘«»…-–—")
    if not core:
        return False
    letters = [char for char in core if char.isalpha()]
    if not letters:
        return any(not char.isdigit() and char not in ".,%/-+" for char in core)
    if all(char.isupper() for char in letters) and len(letters) >= 2:
        return False
    return any(not (char.isalpha() or unicodedata.combining(char)) for char in core)


def _fuzzy_pick(
    phrase: str, choices: Iterable[str], *, short: int = 0, long: int = 1, long_from: int = 5
) -> tuple[str, int] | None:
    """The choice nearest to ``phrase`` (folded) within a length-dependent edit distance."""
    best: tuple[str, int] | None = None
    for choice in choices:
        limit = long if len(choice) >= long_from else short
        distance = Levenshtein.distance(phrase, choice, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[1]):
            best = (choice, distance)
            if distance == 0:
                break
    return best


# "Tỷ 1€", "Tỷ 18", "tỷ lê": in this register "tỷ" before a non-word (or a figure that
# cannot be money, no number before "tỷ") is "tỷ lệ" whose "lệ" OCR read as "1€", "18"…
_TY_LE_RE: Final = re.compile(
    r"(?<![\d.,]\s)(?<![\d.,])\b(?P<ty>[Tt][ỷỶyYýÝỉỈ])\s+"
    r"(?P<le>[1lIi|!][^\s,;:.]{0,2})(?=\s+[^\W\d_])"
)
_MONEY_WORDS: Final = frozenset({"trieu", "nghin", "ngan", "tram", "dong", "usd"})


def _ty_le(match: re.Match[str]) -> str:
    le = match.group("le")
    key = strip_diacritics(le.casefold())
    after = match.string[match.end() :].split(None, 1)
    if after and strip_diacritics(after[0].casefold()).strip(".,;:") in _MONEY_WORDS:
        return match.group()
    if key != "le" and _is_syllable(key):
        return match.group()  # a real word: "tỷ lợi" is no "tỷ lệ"
    if le.isdigit() and len(le) > 2:
        return match.group()
    ty = match.group("ty")
    if ty.isascii():  # text typed or left without diacritics stays so
        return (
            match.group()
            if le.isascii() and key == "le"
            else f"{ty} {'LE' if ty.isupper() else 'le'}"
        )
    upper = ty.isupper() and (le.isupper() or not le.isalpha())
    return f"{ty} {'LỆ' if upper else 'lệ'}"


def _repair_text(text: str) -> str:
    """Generic repairs of OCR debris that change words, not only the key: "Tỷ 1€" → "Tỷ lệ"."""
    return _TY_LE_RE.sub(_ty_le, text)


# --- Folding: match on a key, return spans of the original -------------------------------

# Dashes and minus signs all fold to "-" so "3–4%" and "3-4%" read alike.
_DASHES: Final = frozenset("\u2010\u2011\u2012\u2013\u2014\u2212")
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    folded = _FOLD_CACHE.get(char)
    if folded is None:
        if char in _DASHES:
            folded = "-"
        elif unicodedata.combining(char):
            folded = ""  # a stray mark NFC could not absorb: drop it from the key
        else:
            folded = strip_diacritics(char.casefold())
        _FOLD_CACHE[char] = folded
    return folded


@dataclass(frozen=True)
class Folded:
    """``text`` with its diacritic- and case-free ``key`` and the key → text index map."""

    text: str
    key: str
    index: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        key = [_FOLD_CACHE.get(char) or _fold_char(char) for char in text]
        joined = "".join(key)
        index: Sequence[int]
        if len(joined) == len(text):
            index = range(len(text))  # every character folded to one: the usual case
        else:
            spread: list[int] = []
            for position, folded in enumerate(key):
                spread.extend([position] * len(folded))
            index = spread
        if _DAMAGE_HINT_RE.search(joined):
            joined = _repair_key(joined, text, index)
        return cls(text, joined, tuple(index))

    def original(self, start: int, end: int) -> str:
        """The text behind ``key[start:end]``."""
        if end <= start:
            return ""
        return self.text[self.index[start] : self.index[end - 1] + 1]


def _tidy(text: str) -> str:
    """One line, single spaces, NFC and classic tone placement."""
    return normalize_tone_placement(nfc(" ".join(text.split())))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _strip_punctuation(text: str) -> str:
    return text.strip(" \t,;:.-–—").strip()


# --- Lines -----------------------------------------------------------------------------------

_MD_HEADING_RE: Final = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_ESCAPE_RE: Final = re.compile(r"\\([\\.()\[\]\-*_#+!])")
_MD_STAR_RE: Final = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_UNDERSCORE_RE: Final = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
# Page numbers and running footers: "2", "- 2 -", "Trang 2/5", "Page 3".
_PAGE_NOISE_RE: Final = re.compile(r"(?:[-–—(\[]\s*)?(?:trang|page)?\s*\d{1,3}(?:\s*/\s*\d{1,3})?")
_SEPARATOR_RE: Final = re.compile(r"[-–—_=*~.\s]{3,}")

# List markers, matched on the original line (case matters for roman numerals).
_ROMAN_RE: Final = re.compile(r"(?P<label>[IVXL1l]{1,6}|[A-Z])\s*[.)]\s+(?P<body>\S.*)")
_DECIMAL_RE: Final = re.compile(r"(?P<label>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<body>\S.*)")
_NUMBER_RE: Final = re.compile(r"(?P<label>\d{1,2})(?P<sep>[.)])\s*(?P<body>[^\d\s.,].*)")
_PAREN_RE: Final = re.compile(r"\((?P<label>\d{1,2}|[a-zđ])\)\s*(?P<body>\S.*)")
_LETTER_RE: Final = re.compile(r"(?P<label>[a-zđ])\)\s*(?P<body>\S.*)")
_BULLET_RE: Final = re.compile(r"(?P<label>[-–—+*•·▪○●])\s*(?P<body>\S.*)")


@dataclass(frozen=True)
class _Line:
    text: str  # cleaned original: markdown removed, single spaces
    kind: str  # "", "section", "num", "num)", "decimal", "paren", "letter", "bullet-"…
    label: str
    body: str  # text after the marker
    heading: bool  # a Markdown heading or a roman-numbered section title

    @property
    def blank(self) -> bool:
        return not self.text


_BLANK: Final = _Line("", "", "", "", heading=False)


def _mostly_upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) >= 0.7 * len(letters)


def _clean_line(raw: str) -> tuple[str, int]:
    """Markdown-free single-spaced line and its Markdown heading level (0 if none)."""
    line = raw.strip()
    level = 0
    if match := _MD_HEADING_RE.match(line):
        level = len(match.group(1))
        line = line[match.end() :]
    line = line.lstrip(">").strip() if line.startswith(">") else line
    line = _MD_ESCAPE_RE.sub(r"\1", line)
    line = line.replace("**", "").replace("__", "")
    line = _MD_STAR_RE.sub(r"\1", line)
    line = _MD_UNDERSCORE_RE.sub(r"\1", line)
    line = " ".join(line.split()).rstrip("#").strip()
    return line, level


def _classify(raw: str) -> _Line:
    text, level = _clean_line(raw)
    if not text or _SEPARATOR_RE.fullmatch(text):
        return _BLANK
    key = Folded.of(text).key
    if _PAGE_NOISE_RE.fullmatch(key.strip(" -–—)]")) and len(text) <= 14:
        return _BLANK
    if (match := _ROMAN_RE.fullmatch(text)) and (
        re.search(r"[IVXL]", match.group("label"))
        and (_mostly_upper(match.group("body")) or 0 < level <= 2)
    ):
        return _Line(text, "section", match.group("label"), match.group("body"), heading=True)
    if 0 < level <= 2 and not re.match(r"\(?\d", text):
        return _Line(text, "section", "", text, heading=True)
    for kind, pattern in (
        ("decimal", _DECIMAL_RE),
        ("num", _NUMBER_RE),
        ("paren", _PAREN_RE),
        ("letter", _LETTER_RE),
        ("bullet", _BULLET_RE),
    ):
        if match := pattern.fullmatch(text):
            label = match.group("label")
            if kind == "num":
                kind = "num)" if match.group("sep") == ")" else "num"
            elif kind == "paren" and not label.isdigit():
                kind = "paren-letter"
            elif kind == "bullet":
                kind = "bullet" + {"+": "+", "*": "*", "•": "*"}.get(label, "-")
            return _Line(text, kind, label, match.group("body"), heading=level > 0)
    return _Line(text, "", "", text, heading=level > 0)


def _drop_running_headers(lines: list[_Line]) -> list[_Line]:
    """Blank out short unmarked lines repeated on every page (running headers)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.text and not line.kind and len(line.text) < 80:
            counts[line.text] = counts.get(line.text, 0) + 1
    repeated = {text for text, count in counts.items() if count >= 3}
    return [_BLANK if line.text in repeated and not line.kind else line for line in lines]


# --- Blocks: items with continuation lines and nested sub-items ---------------------------


@dataclass
class _Block:
    kind: str  # a marker kind, "para" or "root"
    label: str
    lines: list[str] = field(default_factory=list)
    children: list[_Block] = field(default_factory=list)
    heading: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def items(self) -> list[_Block]:
        return [child for child in self.children if child.kind != "para"]

    def walk(self) -> Iterator[_Block]:
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """The block and all its descendants, one space apart."""
        return " ".join(part for part in (block.text for block in self.walk()) if part)


@dataclass
class _Section:
    heading: str  # "" for the preamble
    root: _Block


_SENTENCE_END: Final = tuple('.:;!?…"”)')


def _looks_like_heading(block: _Block) -> bool:
    """A short title line ("1. Chỉ tiêu thi đua") that takes no continuation lines."""
    if block.heading:
        return True
    return len(block.lines) == 1 and len(block.lines[0]) < 60 and len(block.lines[0].split()) <= 8


def _build_blocks(lines: Iterable[_Line]) -> _Block:
    """Nest list items: a marker kind already open closes the deeper ones (like Markdown)."""
    root = _Block("root", "")
    stack = [root]
    current: _Block | None = None
    after_blank = True
    for line in lines:
        if line.blank:
            after_blank = True
            continue
        if line.kind and line.kind != "section":
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].kind == line.kind:
                    del stack[depth:]
                    break
            current = _Block(line.kind, line.label, [line.body], heading=line.heading)
            stack[-1].children.append(current)
            stack.append(current)
        else:
            starts_lower = line.text[:1].islower()
            continues = current is not None and (
                starts_lower
                or (not after_blank and not _looks_like_heading(current))
                or (after_blank and not current.text.endswith(_SENTENCE_END))
            )
            if continues and current is not None:
                current.lines.append(line.text)
            else:
                current = _Block("para", "", [line.text])
                stack[-1].children.append(current)
        after_blank = False
    return root


def _sections(lines: list[_Line]) -> list[_Section]:
    sections: list[_Section] = []
    heading = ""
    pending: list[_Line] = []
    for line in [*lines, _Line("", "end", "", "", heading=False)]:
        if line.kind in ("section", "end"):
            if heading or any(not item.blank for item in pending):
                sections.append(_Section(heading, _build_blocks(pending)))
            heading, pending = line.body, []
        else:
            pending.append(line)
    return sections


# --- Numbers, units and comparators ---------------------------------------------------------

_NUMBER: Final = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE_RE: Final = re.compile(
    rf"(?<![\w.,/-])(?P<value>{_NUMBER})(?![\d]|[.,]\d)"
    rf"(?P<pct>\s*%)?"
    rf"(?:\s*(?:-|den|toi)\s*(?P<max>{_NUMBER})(?![\d]|[.,]\d))?"
)

# Canonical units; the key of each is what is matched.
_UNITS: Final = (
    "%",
    "nghìn tỷ đồng",
    "tỷ đồng",
    "triệu đồng",
    "nghìn đồng",
    "đồng",
    "tỷ USD",
    "triệu USD",
    "USD",
    "doanh nghiệp",
    "hợp tác xã",
    "sản phẩm",
    "lượt khách",
    "lượt người",
    "lượt",
    "giường bệnh",
    "giường",
    "bác sĩ",
    "bậc",
    "hạng",
    "điểm",
    "xã",
    "phường",
    "thị trấn",
    "thôn",
    "làng",
    "hộ",
    "người",
    "lao động",
    "học sinh",
    "trường",
    "công trình",
    "dự án",
    "mô hình",
    "cơ sở",
    "km",
    "ha",
    "tấn",
    "con",
    "ngày",
    "căn nhà",
    "căn",
    "nhà",
    "chợ",
    "thư viện",
    "câu lạc bộ",
    "đội",
    "tổ",
    "nhóm",
)
_UNIT_BY_KEY: Final = {strip_diacritics(unit).lower(): unit for unit in _UNITS}
_UNIT_ALIASES: Final = {"hang": "bậc", "giuong benh": "giường"}
_UNIT_RE: Final = re.compile(
    r"\s*(?P<unit>"
    + "|".join(re.escape(key) for key in sorted(_UNIT_BY_KEY, key=len, reverse=True))
    + r")(?![a-z0-9])(?! hoi\b)(?! hoa\b)"
)
# "giường/1 vạn dân", "triệu đồng/người/năm": "/năm" is a period, the rest joins the unit.
_PER_RE: Final = re.compile(
    r"\s*/\s*(?P<per>nam|(?:1\s*)?van dan|(?:1\.000|1000|100\.000|10\.000)\s*dan|nguoi|ho|thang)\b"
)
_PER_UNITS: Final = {
    "van dan": "vạn dân",
    "1 van dan": "vạn dân",
    "1van dan": "vạn dân",
    "nguoi": "người",
    "ho": "hộ",
    "thang": "tháng",
}
# A damaged denominator: "/nim", "/1 vân đồn", "/ngvoi".
_LOOSE_PER_RE: Final = re.compile(r"\s*/\s*(?:1\s*)?(?P<per>[a-z]+(?: [a-z]+)?)")
_PER_WORDS: Final = ("nam", "van dan", "nguoi", "thang")
# Units worth a fuzzy match: long enough that one or two wrong letters still single them out.
_FUZZY_UNITS: Final = tuple(key for key in _UNIT_BY_KEY if len(key) >= 4)
_WORD_RUN_RE: Final = re.compile(r"\s*([a-z]+)(?: ([a-z]+))?(?: ([a-z]+))?")
_TAIL_RE: Final = re.compile(
    r"(?P<upward>\s*tro len)?(?P<downward>\s*tro xuong)?"
    r"(?P<yearly>\s*(?:moi nam|hang nam|mot nam))?"
    r"(?:\s*,?\s*so voi (?:cung ky )?(?:nam )?(?P<baseline>\d{4}))?"
)
# Numbers that are parts of dates, article numbers or document numbers.
_NOT_FIGURE_BEFORE_RE: Final = re.compile(
    r"\b(?:ngay|thang|nam|so|khoan|dieu|lan thu|giai doan|nhiem ky|thoi ky|ky|quy|phu luc|"
    r"chuong|muc|mau)\s*:?\s*$"
)
_NOT_FIGURE_AFTER_RE: Final = re.compile(r"\s*(?:thang\b|/\s*\d|-\s*[a-z]|/\s*[a-z]{2})")

_COMPARATOR_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(rf"(?:^|(?<=[\s,:;(]))(?:{pattern})\s*:?\s*$"), comparator)
    for pattern, comparator in (
        (r"giam xuong (?:con )?duoi|giam xuong (?:con|muc)|giam con", "<or<="),
        (r"giam(?: (?:it nhat|toi thieu|khoang|binh quan|tu|tren|them))*", Comparator.DECREASE_BY),
        (
            r"(?:(?:co|xay dung|tang|phat trien|cong nhan|thanh lap|bo sung) )?them"
            r"|thanh lap moi|thanh lap|xay dung moi|phat trien moi|cong nhan moi",
            Comparator.NEW_COUNT,
        ),
        (r"(?:tang|nang|cai thien)(?: (?:it nhat|toi thieu|khoang|tu|len|tren|binh quan))*", "up"),
        (r"khong qua|khong vuot qua|khong vuot|toi da|khong cao hon|khong lon hon", Comparator.LTE),
        (r"it nhat|toi thieu|khong it hon|khong duoi|khong thap hon", Comparator.GTE),
        (r"(?:dat )?tu", "from"),
        (r"tren|vuot|cao hon|lon hon|hon", Comparator.GT),
        (r"duoi|thap hon|it hon|nho hon", Comparator.LT),
    )
)


@dataclass(frozen=True)
class _Figure:
    start: int  # key position where the comparator phrase (or the number) starts
    number_start: int
    end: int  # after unit and tail ("trở lên", "/năm", "so với năm 2023")
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: str
    verb: str  # the comparator phrase as printed ("Thành lập mới"), for empty subjects
    yearly: bool
    baseline: str | None


def _match_per(key: str, position: int) -> tuple[str, int] | None:
    """The denominator after a figure ("/năm", "/1 vạn dân") as a folded key, and its end."""
    if per := _PER_RE.match(key, position):
        return " ".join(per.group("per").split()), per.end()
    loose = _LOOSE_PER_RE.match(key, position)
    if loose is None:
        return None
    words = loose.group("per").split()
    for size in (2, 1):
        if len(words) < size:
            continue
        phrase = " ".join(words[:size])
        choices = [word for word in _PER_WORDS if len(word.split()) == size]
        if found := _fuzzy_pick(phrase, choices, short=1, long=1, long_from=3):
            end = loose.start("per") + len(phrase)
            return found[0], end
    return None


def _fuzzy_unit(key: str, position: int) -> tuple[str, int] | None:
    """A unit with an OCR-damaged word ("givdng" → giường): one of the words must be no
    Vietnamese syllable, so real words next to a figure are never read as units."""
    run = _WORD_RUN_RE.match(key, position)
    if run is None:
        return None
    words = [word for word in run.groups() if word]
    best: tuple[str, int, int] | None = None
    for size in range(len(words), 0, -1):
        if all(_is_syllable(word) for word in words[:size]):
            continue
        phrase = " ".join(words[:size])
        choices = [unit for unit in _FUZZY_UNITS if unit.count(" ") == size - 1]
        if (found := _fuzzy_pick(phrase, choices, short=1, long=2, long_from=6)) and (
            best is None or found[1] < best[1]
        ):
            best = (found[0], found[1], run.end(size))
    return (best[0], best[2]) if best else None


def _is_year(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100


def _find_figures(folded: Folded, *, require_unit: bool = False) -> list[_Figure]:
    key = folded.key
    figures: list[_Figure] = []
    previous_end = 0
    for match in _FIGURE_RE.finditer(key):
        before = key[max(previous_end, match.start() - 40) : match.start()]
        if _NOT_FIGURE_BEFORE_RE.search(before) or (
            _NOT_FIGURE_AFTER_RE.match(key, match.end()) and not _match_per(key, match.end())
        ):
            continue
        position = match.end()
        if key[position : position + 1].isalpha() and not _UNIT_RE.match(key, position):
            continue  # OCR letters read as digits: "1én" (lên), "1ap" (lập)
        unit = "%" if match.group("pct") else ""
        if unit_match := _UNIT_RE.match(key, position):
            raw_unit = unit_match.group("unit")
            unit = _UNIT_ALIASES.get(raw_unit, _UNIT_BY_KEY[raw_unit])
            position = unit_match.end()
        elif not unit and (fuzzy := _fuzzy_unit(key, position)):
            unit = _UNIT_ALIASES.get(fuzzy[0], _UNIT_BY_KEY[fuzzy[0]])
            position = fuzzy[1]
        yearly = False
        while per := _match_per(key, position):
            denominator, per_end = per
            if denominator == "nam":
                yearly = True
            elif unit:
                unit += "/" + _PER_UNITS.get(
                    denominator, folded.original(position, per_end).strip(" /")
                )
            position = per_end
        if _is_year(match.group("value")) and unit == "":
            continue  # "năm 2024", "2021-2025"
        if require_unit and not unit:
            continue
        # Every part of _TAIL_RE is optional, so it matches (maybe empty) everywhere.
        tail = _TAIL_RE.match(key, position) or _TAIL_RE.match("")
        if tail is None:
            continue
        yearly = yearly or bool(tail.group("yearly"))
        position = max(position, tail.end())
        value = parse_number(match.group("value"))
        value_max = parse_number(match.group("max")) if match.group("max") else None
        if value_max is not None and value_max <= value:
            value_max = None  # "10-5" is not a band; keep the first figure
        comparator, verb_start = _comparator(key, previous_end, match.start(), unit)
        if comparator == "from":
            comparator = Comparator.RANGE if value_max is not None else Comparator.GTE
        if (
            unit == "bậc"
            and tail.group("baseline")
            and comparator in (Comparator.EQ, "increase_by")
        ):
            # "…: tăng 05 bậc so với năm 2023" whatever OCR made of the verb: only "giảm"
            # (already read above) is a fall in rank.
            comparator = Comparator.RANK_IMPROVE_BY
            verb_start = _mangled_verb_start(key, previous_end, verb_start)
        if comparator == Comparator.EQ:
            if tail.group("upward"):
                comparator = Comparator.GTE
            elif tail.group("downward"):
                comparator = Comparator.LTE
            elif value_max is not None:
                comparator = Comparator.RANGE
        figures.append(
            _Figure(
                start=verb_start,
                number_start=match.start(),
                end=position,
                value=value,
                value_max=value_max,
                unit=unit,
                comparator=str(comparator),
                verb=folded.original(verb_start, match.start()).strip(" :"),
                yearly=yearly,
                baseline=tail.group("baseline"),
            )
        )
        previous_end = position
    return figures


def _mangled_verb_start(key: str, floor: int, verb_start: int) -> int:
    """Where an unread verb before a figure starts: "(SIPAS): ứng 05 bậc" → at ":"."""
    before = key[floor:verb_start]
    if (found := re.search(r"[:;,)]\s*(?:[^\W\d_]+\s*){0,2}$", before)) is not None:
        return floor + found.start() + (1 if found.group().startswith(")") else 0)
    return verb_start


def _comparator(key: str, floor: int, number_start: int, unit: str) -> tuple[str, int]:
    """Comparator for the number at ``number_start`` and where its phrase starts."""
    before = key[max(floor, number_start - 40) : number_start]
    offset = number_start - len(before)
    for pattern, comparator in _COMPARATOR_RULES:
        if match := pattern.search(before):
            phrase = match.group().strip()
            if comparator == "<or<=":
                comparator = Comparator.LT if phrase.endswith("duoi") else Comparator.LTE
            elif comparator == "up":
                comparator = Comparator.RANK_IMPROVE_BY if unit == "bậc" else "increase_by"
            return str(comparator), offset + match.start()
    return str(Comparator.EQ), number_start


# --- Measures: subjects and indicators -------------------------------------------------------

_LEADING_FILLER_RE: Final = re.compile(
    r"^(?:[\s,;:.()\-]|trong do\b|phan dau\b|dong thoi\b|va\b|rieng\b|"
    r"(?:den|toi) (?:het |cuoi )?nam \d{4}\b|nam \d{4}\b|toan (?:tinh|huyen)\b)+"
)
_TRAILING_FILLER_RE: Final = re.compile(
    r"(?:[\s,;:(\-]|(?<![a-z])(?:dat|la|co|bang|o muc|muc|khoang|vao khoang|phan dau|"
    r"cua tinh|toan tinh|cua huyen|toan huyen|cua thanh pho|binh quan|hang nam|moi nam|"
    r"trong nam|nam \d{4}|(?:den|toi) (?:het |cuoi )?nam \d{4}))+$"
)
_CLAUSE_BREAK_RE: Final = re.compile(r";|\.(?:\s|$)|,")
# Words that start a list of parallel indicators ("Chỉ số A (PCI), Chỉ số B (PAPI)…").
_LIST_SPLIT_RE: Final = re.compile(r"\s*[,;]\s*")
_DESCRIPTION_END_RE: Final = re.compile(r"[;.,(]|$")
_HEAD_WORDS: Final = ("ty le ", "so ", "tong so ", "gia tri ", "chi so ")
# Two-word heads of indicator names, by folded key.
_HEAD_NAMES: Final = {
    search_key(name): name
    for name in ("Tỷ lệ", "Chỉ số", "Tổng số", "Giá trị", "Tốc độ", "Số lượng", "Kim ngạch")
}
_YEAR_PERIOD_RE: Final = re.compile(
    r"\b(?:(?P<stage>giai doan) (?P<from>\d{4})\s*-\s*(?P<to>\d{4})"
    r"|(?:den|toi|trong|cuoi|het) (?:het |cuoi )?nam (?P<year>\d{4}))"
)


def _trim(folded: Folded, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` of the key to the subject words, without filler."""
    segment = folded.key[start:end]
    if (aim := segment.rfind("phan dau ")) > 0:
        # "Tăng cường tuyên truyền, phấn đấu tỷ lệ…": the subject follows "phấn đấu".
        start += aim
        segment = segment[aim:]
    if match := _LEADING_FILLER_RE.match(segment):
        start += match.end()
        segment = segment[match.end() :]
    if match := _TRAILING_FILLER_RE.search(segment):
        end = start + match.start()
    return start, max(start, end)


def _split_parallel(folded: Folded, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Chỉ số A (PCI), Chỉ số B (PAPI); Chỉ số C (SIPAS)" into its parts."""
    parts: list[tuple[int, int]] = []
    cursor = start
    for match in _LIST_SPLIT_RE.finditer(folded.key, start, end):
        parts.append((cursor, match.start()))
        cursor = match.end()
    parts.append((cursor, end))
    parts = [part for part in parts if part[1] > part[0]]
    if len(parts) < 2:
        return [(start, end)]
    keys = [folded.key[a:b] for a, b in parts]
    same_head = len({" ".join(key.split()[:2]) for key in keys}) == 1
    acronyms = all(re.search(r"\([^)]+\)$", key) for key in keys)
    if all(len(key.split()) >= 2 for key in keys) and (same_head or acronyms):
        return parts
    return [(start, end)]


def _period(folded: Folded, figure: _Figure, context: Folded | None, default: str) -> str:
    if figure.yearly:
        return "mỗi năm"
    for source in (folded, context):
        if source is None:
            continue
        if match := _YEAR_PERIOD_RE.search(source.key):
            if match.group("stage"):
                return f"giai đoạn {match.group('from')}-{match.group('to')}"
            return f"năm {match.group('year')}"
    return default


def parse_measures(
    text: str, *, default_period: str = "", context: str = ""
) -> tuple[Measure, ...]:
    """The measures of one target or aim: "Tỷ lệ hộ nghèo giảm ít nhất 3-4%/năm" → one.

    ``context`` is the text introducing a list ("Phấn đấu đến năm 2025:"), searched for a
    period when the item names none.
    """
    folded = Folded.of(_repair_text(text))
    context_folded = Folded.of(context) if context else None
    figures = _find_figures(folded)
    if any(figure.unit for figure in figures):
        # A bare number beside figures with units is usually OCR debris ("Tỷ 18 bao phủ").
        figures = [f for f in figures if f.unit or f.comparator != Comparator.EQ]
    measures: list[Measure] = []
    previous_end = 0
    previous_indicator = ""
    for number, figure in enumerate(figures):
        subject_start = previous_end
        # What follows the previous figure up to a clause break describes that figure.
        if number and (found := _CLAUSE_BREAK_RE.search(folded.key, previous_end, figure.start)):
            subject_start = found.end()
        start, end = _trim(folded, subject_start, figure.start)
        parts = _split_parallel(folded, start, end) if end > start else []
        indicators = _indicator_names(
            [_tidy(folded.original(*_trim(folded, *part))) for part in parts]
        )
        if not indicators:
            indicators = [_indicator_from_unit(folded, figure, figures, number)]
        elif number and "trong do" in folded.key[previous_end : figure.start]:
            # "…, trong đó lao động được đào tạo nghề: 43%" is a part of the previous one.
            indicators = [_inherit_head(name, previous_indicator) for name in indicators]
        period = _period(folded, figure, context_folded, default_period)
        for indicator in indicators:
            measures.append(
                Measure(
                    indicator=indicator,
                    comparator=figure.comparator,
                    value=figure.value,
                    value_max=figure.value_max,
                    unit=figure.unit,
                    period=period,
                    baseline=figure.baseline,
                )
            )
        previous_indicator = indicators[-1]
        previous_end = figure.end
    return tuple(measures)


def _without_debris(text: str) -> str:
    """ "Phấn đấu ¢6" → "Phấn đấu": OCR debris tokens dropped."""
    return _strip_punctuation(" ".join(word for word in text.split() if not _damaged(word)))


def _indicator_names(names: list[str]) -> list[str]:
    """Indicator names without OCR debris and with their head word restored: "Chỉ sơ…",
    and beside "Chỉ số…" also "Chỉ sẽ…" or "Chủ sở…", read "Chỉ số…"."""
    cleaned = [_without_debris(name) for name in names]
    cleaned = [name for name in cleaned if name]
    heads = {" ".join(search_key(name).split()[:2]) for name in cleaned}
    present = [head for head in _HEAD_NAMES if head in heads]
    result = []
    for name in cleaned:
        words = name.split()
        head_key = search_key(" ".join(words[:2]))
        canonical = _HEAD_NAMES.get(head_key)
        if canonical is None and len(words) > 2:
            near = _fuzzy_pick(head_key, present, short=0, long=1, long_from=5)
            canonical = _HEAD_NAMES[near[0]] if near else None
        if canonical is not None and len(words) >= 2:
            name = " ".join([canonical, *words[2:]])
        result.append(_capitalise(name))
    return result


def _indicator_from_unit(folded: Folded, figure: _Figure, figures: list[_Figure], at: int) -> str:
    """Name a measure whose figure comes first: "có thêm 05 xã đạt chuẩn…" → "Số xã đạt…"."""
    limit = figures[at + 1].start if at + 1 < len(figures) else len(folded.key)
    end_match = _DESCRIPTION_END_RE.search(folded.key, figure.end, limit)
    end = end_match.start() if end_match else limit
    description = _without_debris(_tidy(folded.original(figure.end, end)))
    description = " ".join(description.split()[:14])
    if figure.unit and figure.unit != "%":
        unit_words = _tidy(folded.original(figure.number_start, figure.end)).split()[1:]
        noun = " ".join(word for word in unit_words if "/" not in word) or figure.unit
        verb = _without_debris(figure.verb.lower())
        if search_key(verb) in ("co", "co them", "them"):
            verb = ""  # "có thêm 40 hợp tác xã" names "Số hợp tác xã"
        named = f"Số {noun} {description or verb}"
        return _tidy(named)
    return _capitalise(description or figure.verb)


def _inherit_head(indicator: str, previous: str) -> str:
    """ "lao động được đào tạo nghề" after "Tỷ lệ lao động…" → "Tỷ lệ lao động được…"."""
    key = strip_diacritics(indicator).lower() + " "
    previous_key = strip_diacritics(previous).lower()
    for head in _HEAD_WORDS:
        if previous_key.startswith(head) and not key.startswith(head):
            first = previous[: len(head)].strip()
            # Keep the capital of an acronym ("GRDP"), lower a sentence start ("Lao động").
            rest = indicator if indicator[:2].isupper() else indicator[:1].lower() + indicator[1:]
            return f"{first} {rest}"
    return indicator


# --- Document header -------------------------------------------------------------------------

_DOCUMENT_TYPES: Final = (
    "Chỉ thị",
    "Kế hoạch",
    "Quyết định",
    "Công văn",
    "Nghị quyết",
    "Thông báo",
    "Hướng dẫn",
    "Báo cáo",
    "Tờ trình",
    "Chương trình",
    "Kết luận",
    "Quy chế",
    "Quy định",
    "Công điện",
    "Thông tư",
    "Nghị định",
    "Đề án",
)
_TYPE_BY_KEY: Final = {strip_diacritics(name).lower(): name for name in _DOCUMENT_TYPES}
_TYPE_BY_CODE: Final = {
    "ct": "Chỉ thị",
    "kh": "Kế hoạch",
    "qd": "Quyết định",
    "nq": "Nghị quyết",
    "tb": "Thông báo",
    "hd": "Hướng dẫn",
    "bc": "Báo cáo",
    "ttr": "Tờ trình",
    "ctr": "Chương trình",
    "kl": "Kết luận",
    "qc": "Quy chế",
    "da": "Đề án",
    "cd": "Công điện",
}
_ISSUER_BY_CODE: Final = {
    "ubnd": "Ủy ban nhân dân",
    "hdnd": "Hội đồng nhân dân",
    "hdtdkt": "Hội đồng Thi đua - Khen thưởng",
    "btdkt": "Ban Thi đua - Khen thưởng",
    "snv": "Sở Nội vụ",
}
_ABBREVIATIONS: Final = {"ubnd": "Ủy ban nhân dân", "hdnd": "Hội đồng nhân dân"}
_HEADER_NUMBER_RE: Final = re.compile(
    r"\bs[o06]\s*[:.]?\s*(?P<number>\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[a-z][a-z0-9]*"
    r"(?:\s*-\s*[a-z0-9]+)*)"
)
# Loose on the day, month and year words (OCR gives "thdng", "02nam", "ngáy") and on a
# month lost in restoring ("ngày 06 tháng năm 2024": the place is still read); "06/02/2024".
_HEADER_DATE_RE: Final = re.compile(
    r"\bng[a-z]{0,2}y\s*(?P<day>\d{1,2})\s*"
    r"(?:,?\s*th[a-z]{0,3}n?g?\s*(?P<month>\d{1,2})?\s*,?\s*n[a-z]{0,2}m?\s*"
    r"|[/.-]\s*(?P<slash_month>\d{1,2})\s*[/.-]\s*)"
    r"(?P<year>\d{4})\b"
)
# OCR reads "l" as "1": "Doc 1ap - Tw do - Hanh phic".
_MOTTO_RE: Final = re.compile(r"\bcong hoa\b|\bdoc\s*[l1i|]ap\b|\bhanh ph[a-z]{1,2}c\b")
_ADMIN_LEVELS: Final = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran")
_ORG_HEADS: Final = ("so", "bo", "ban", "van phong", "cuc", "chi cuc", "hoi dong", "cong an")
_TITLE_STOP_RE: Final = re.compile(
    r"^(?:can cu|de |thuc hien|nham|theo |xet |trong |nam \d{4}|[ivx]+\.\s)"
)
_NOTICE_RE: Final = re.compile(r"^(?:v/v|ve viec)\b")


def _official_case(name: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH KON TUM" → "Ủy ban nhân dân tỉnh Kon Tum"."""
    if not _mostly_upper(name):
        return name
    words = name.lower().split()
    keys = [strip_diacritics(word) for word in words]
    result = list(words)
    for position in range(len(words)):
        two = " ".join(keys[position : position + 2])
        if keys[position] in _ADMIN_LEVELS or two in _ADMIN_LEVELS:
            skip = 2 if two in _ADMIN_LEVELS else 1
            rest = position + skip
            if rest < len(words) and keys[rest] == "uy":
                continue  # "tỉnh ủy" is a body, not a place
            for place in range(rest, len(words)):
                result[place] = words[place].capitalize()
            break
    for head in _ORG_HEADS:
        size = len(head.split())
        if " ".join(keys[:size]) == head and len(words) > size:
            result[size] = result[size].capitalize()
    for position in range(1, len(words)):
        if words[position - 1] == "-":
            result[position] = result[position].capitalize()
    return _capitalise(" ".join(result))


def _expand_abbreviations(fragment: str) -> str:
    words = []
    for word in fragment.split():
        words.append(_ABBREVIATIONS.get(strip_diacritics(word).lower(), word).upper())
    return " ".join(words)


def _issuer(fragments: list[str], number_code: str) -> str:
    fragments = [_expand_abbreviations(fragment) for fragment in fragments]
    keys = [strip_diacritics(fragment).lower() for fragment in fragments]

    def is_place(key: str) -> bool:
        return any(key.startswith(level + " ") for level in _ADMIN_LEVELS)

    body_from_code = next(
        (name for code, name in _ISSUER_BY_CODE.items() if code in number_code.split("-")), ""
    )
    if not fragments:
        return body_from_code
    if len(fragments) >= 2 and is_place(keys[-1]):
        return _official_case(f"{fragments[-2]} {fragments[-1]}")
    if is_place(keys[-1]):
        place = _official_case(fragments[-1])
        place = place[:1].lower() + place[1:]
        return f"{body_from_code} {place}".strip() if body_from_code else _capitalise(place)
    issuer = _official_case(fragments[-1])
    if len(fragments) >= 2 and not any(level in keys[-1].split() for level in _ADMIN_LEVELS):
        # "SỞ NỘI VỤ" under "UBND TỈNH KON TUM": the body's place is the parent's.
        parent = keys[-2]
        for level in _ADMIN_LEVELS:
            if (found := parent.find(level + " ")) >= 0:
                place = _official_case(fragments[-2])
                issuer += " " + place[found:]
                break
    return issuer


@dataclass(frozen=True)
class _Header:
    info: DocumentInfo
    body_start: int  # index of the first line after the title


def _read_header(lines: list[_Line]) -> _Header:
    window = min(len(lines), 40)
    keys = [Folded.of(line.text).key for line in lines[:window]]
    type_at = next(
        (
            position
            for position, key in enumerate(keys)
            if key.strip(" .:") in _TYPE_BY_KEY
            and lines[position].kind in ("", "section")
            and not lines[position].label
        ),
        None,
    )
    number = number_code = place = ""
    number_line = date_line = None
    issued: date | None = None
    limit = type_at if type_at is not None else min(window, 15)
    for position in range(min(window, limit + 3)):
        folded = Folded.of(lines[position].text)
        if not number and (match := _HEADER_NUMBER_RE.search(folded.key)):
            number = _canonical_number("".join(folded.original(*match.span("number")).split()))
            number_code = "".join(match.group("number").split()).split("/")[-1]
            number_line = position
        if date_line is None and (match := _HEADER_DATE_RE.search(folded.key)):
            month = match.group("month") or match.group("slash_month")
            if month is not None:
                try:
                    issued = date(int(match.group("year")), int(month), int(match.group("day")))
                except ValueError:
                    continue
            date_line = position
            place_start = 0
            if position == number_line and (found := _HEADER_NUMBER_RE.search(folded.key)):
                place_start = found.end()
            place = _strip_punctuation(folded.original(place_start, match.start()))
            if len(place.split()) > 6:
                place = ""
    doc_type = _TYPE_BY_KEY[keys[type_at].strip(" .:")] if type_at is not None else ""
    if not doc_type and number:
        codes = number_code.split("-")
        doc_type = _TYPE_BY_CODE.get(codes[0], "Công văn" if len(codes) > 1 else "")

    fragments: list[str] = []
    for position in range(limit):
        if position in (number_line, date_line) or lines[position].blank:
            continue
        folded = Folded.of(lines[position].text)
        cut = _MOTTO_RE.search(folded.key)
        left = _strip_punctuation(folded.original(0, cut.start()) if cut else folded.text)
        if left and _mostly_upper(left):
            fragments.append(left)
    issuer = _tidy(_issuer(fragments, number_code))

    title_lines: list[str] = []
    body_start = (type_at + 1) if type_at is not None else 0
    if type_at is not None:
        position = type_at + 1
        while position < len(lines) and lines[position].blank and position < type_at + 4:
            position += 1
        while position < len(lines) and len(title_lines) < 4:
            line = lines[position]
            key = Folded.of(line.text).key
            if line.blank or line.kind == "section" or (line.kind and title_lines):
                break
            if title_lines and (_TITLE_STOP_RE.match(key) or _mostly_upper(line.text)):
                break
            title_lines.append(line.text)
            position += 1
            if line.text.endswith((".", ";")):
                break
        body_start = position
    else:
        for position in range(limit):
            if _NOTICE_RE.match(Folded.of(lines[position].text).key):
                title_lines.append(lines[position].text)
                body_start = max(body_start, position + 1)
        body_start = max(body_start, (date_line or 0) + 1, (number_line or 0) + 1)
    title = _tidy(" ".join(title_lines)).rstrip(".;")
    if _mostly_upper(title):
        title = _capitalise(title.lower())
    info = DocumentInfo(
        type=doc_type,
        number=number,
        issuer=issuer,
        place=_tidy(place),
        date=issued,
        title=title,
        theme="",
    )
    return _Header(info, body_start)


# --- Text-wide finds: theme, movements, anniversaries, cited documents ---------------------

_THEME_RE: Final = re.compile(r"\bchu de\s*(?:la\s*)?:?\s*[“\"«']")
_THEME_END_RE: Final = re.compile(r"[”\"»]|\s(?:cu the|nhu sau)\b|\.(?:\s|$)|\n")
# A quotation; OCR may lose its closing mark, then the next opening one ends it ("“Toàn dân
# bảo vệ an ninh Tổ quốc ky “Cả nước thi đua…”").
_QUOTE_RE: Final = re.compile(r"[“\"«](?P<inner>[^“”\"«»\n]{3,400}?)(?:[”\"»]|(?=\s*[“«]))")
_MOVEMENT_CUE_RE: Final = re.compile(
    r"\b(?:phong trao|cuoc van dong|chuong trinh|chien dich|cuoc thi|hoi thi|giai thuong|"
    r"de an)\b(?!.*\b(?:chu de|khau hieu|thong diep)\b)[^.“”\"]*$"
)
# Stray apostrophes are OCR debris of the closing quote: "…công sở”’; “Toàn dân…".
_CHAIN_GAP_RE: Final = re.compile(r"[\s;,.…’'‘]*(?:va|hoac)?[\s;,.…’'‘]*")
_ANNIVERSARY_RE: Final = re.compile(
    r"\b\d{1,4}\s+nam\s+(?=ngay\b|chien thang\b|thanh lap\b|giai phong\b|khoi nghia\b|"
    r"cach mang\b|tong tien cong\b|quoc khanh\b|truyen thong\b|dai thang\b|le\b|sinh\b)"
)
_ANNIVERSARY_NAME_RE: Final = re.compile(r"(?<![\d.,])\b\d{1,3}\s+nam\s+(?=[a-z])")
_ANNIVERSARY_END_RE: Final = re.compile(r"[;,()]|\.(?:\s|$)|\s-\s|\.\.\.|\n|$")
_DOC_KINDS: Final = (
    r"so|chi thi|nghi quyet|nghi dinh|quyet dinh|ke hoach|thong tu|cong van|ket luan|"
    r"huong dan|thong bao|chuong trinh|luat|quy dinh"
)
_CITATION_RE: Final = re.compile(
    rf"\b(?:{_DOC_KINDS})\s*:?\s*(?P<number>\d{{1,5}}(?:\s*/\s*\d{{4}})?"
    r"(?:\s*[-/]\s*[a-z][a-z0-9]*)+)"
)
_CITATION_DATE_RE: Final = re.compile(
    r"\s*,?\s*ngay\s*(?P<day>\d{1,2})\s*(?:thang\s*|[/.-]\s*)(?P<month>\d{1,2})"
    r"\s*(?:,?\s*nam\s*|[/.-]\s*)(?P<year>\d{4})"
)
_CITATION_ISSUER_RE: Final = re.compile(r"\s*,?\s*(?:cua|do)\s+")
_ISSUER_END_RE: Final = re.compile(
    r"\s+(?:ve|ngay|quy dinh|huong dan|ban hanh|nham|tai|theo|va cac)\b|[,;.()\n]|$"
)
_CITATION_TITLE_RE: Final = re.compile(r"\s*,?\s*ve\s+")
_TITLE_END_RE: Final = re.compile(
    r";|\.(?:\s|$)|,\s*(?:nham|de|theo|dong thoi|trong do|gan voi|qua do|tao)\b"
    r"|\s+va cac (?:quy dinh|van ban)\b|[()\n]|$"
)
_ISSUER_BY_SUFFIX: Final = (
    (re.compile(r"/qh\d*$"), "Quốc hội"),
    (re.compile(r"/ubtvqh\d*$"), "Ủy ban Thường vụ Quốc hội"),
    (re.compile(r"(?:nd|nq)-cp$"), "Chính phủ"),
    (re.compile(r"-ttg$"), "Thủ tướng Chính phủ"),
)


# Issuing bodies of cited documents, longest first so "Ban Thường vụ Tỉnh ủy" wins over
# "Tỉnh ủy"; matched fuzzily on the leading words ("Tỉnh lỵ", "Bộ Chính trở").
_ISSUING_BODIES: Final = tuple(
    sorted(
        (
            "Ban Chấp hành Trung ương",
            "Bộ Chính trị",
            "Ban Bí thư",
            "Tỉnh ủy",
            "Ban Thường vụ Tỉnh ủy",
            "Ban Chấp hành Đảng bộ tỉnh",
            "Thành ủy",
            "Ban Thường vụ Thành ủy",
            "Huyện ủy",
            "Ban Thường vụ Huyện ủy",
            "Đảng ủy",
            "Quốc hội",
            "Ủy ban Thường vụ Quốc hội",
            "Chủ tịch nước",
            "Chính phủ",
            "Thủ tướng Chính phủ",
            "Hội đồng nhân dân tỉnh",
            "Ủy ban nhân dân tỉnh",
            "Hội đồng nhân dân huyện",
            "Ủy ban nhân dân huyện",
            "Hội đồng nhân dân thành phố",
            "Ủy ban nhân dân thành phố",
            "Chủ tịch Ủy ban nhân dân tỉnh",
            "Bộ Nội vụ",
            "Bộ Tài chính",
            "Bộ Kế hoạch và Đầu tư",
            "Ban Thi đua - Khen thưởng Trung ương",
            "Hội đồng Thi đua - Khen thưởng Trung ương",
            "Hội đồng Thi đua - Khen thưởng tỉnh",
            "Ban Tuyên giáo Tỉnh ủy",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        ),
        key=lambda name: -len(name.split()),
    )
)
_BODY_KEYS: Final = tuple((search_key(name), name) for name in _ISSUING_BODIES)
# Letters OCR and diacritic-free typing lose in document codes: "ND-CP" is "NĐ-CP".
_CODE_FIXES: Final = {
    "ND": "NĐ",
    "QD": "QĐ",
    "HDND": "HĐND",
    "TDKT": "TĐKT",
    "BTDKT": "BTĐKT",
    "HDTDKT": "HĐTĐKT",
    "DU": "ĐU",
}
_CODE_PART_RE: Final = re.compile(r"(?<=[-/])[A-Z]+(?=[-/]|$)|^[A-Z]+(?=[-/])")


def _canonical_number(number: str) -> str:
    """ "73/2023/ND-CP" → "73/2023/NĐ-CP"."""
    return _CODE_PART_RE.sub(lambda match: _CODE_FIXES.get(match.group(), match.group()), number)


# The code a body puts last in its documents' numbers ("01/CT-TTg", "23-NQ/TU").
_CODE_OF_BODY: Final = {
    "Thủ tướng Chính phủ": "TTg",
    "Chính phủ": "CP",
    "Bộ Chính trị": "TW",
    "Ban Bí thư": "TW",
    "Ban Chấp hành Trung ương": "TW",
    "Tỉnh ủy": "TU",
    "Ban Thường vụ Tỉnh ủy": "TU",
}
_NOT_A_CODE_RE: Final = re.compile(r"[^A-Za-z0-9Đđ]")


def _number_for_issuer(number: str, issuer: str) -> str:
    """ "01/CT-Từ" of the Prime Minister is "01/CT-TTg": a last part with Vietnamese letters is
    no code (a diacritic restorer rewrote it); the issuer's own code is put back."""
    head, separator, last = max(
        (number.rpartition("-"), number.rpartition("/")), key=lambda parts: len(parts[0])
    )
    code = _CODE_OF_BODY.get(issuer)
    if separator and code and _NOT_A_CODE_RE.search(last):
        return f"{head}{separator}{code}"
    return number


def _canonical_body(name: str, bodies: tuple[tuple[str, str], ...] = _BODY_KEYS) -> str:
    """A body's name with its leading words matched against known bodies, tolerant to OCR:
    "Tỉnh lỵ" → "Tỉnh ủy", "Bộ Chính trở" → "Bộ Chính trị"; what follows ("Kon Tum") stays."""
    words = name.split()
    for body_key, body in bodies:
        size = len(body_key.split())
        if len(words) < size:
            continue
        head = search_key(" ".join(words[:size]))
        limit = 0 if len(body_key) < 6 else 1 if len(body_key) < 16 else 2
        if Levenshtein.distance(head, body_key, score_cutoff=limit) <= limit:
            return " ".join([body, *words[size:]])
    return name


def _before_capitalised_clause(text: str) -> str:
    """Cut "…thi đua năm 2025, Ủy ban nhân dân huyện ban hành…" before the new subject."""
    match = re.search(r",\s+(?=[^\W\d_])(?=\w)(?=[A-ZÀ-ỸĐ])", text)
    return text[: match.start()] if match else text


def _theme(flat: Folded) -> str:
    match = _THEME_RE.search(flat.key)
    if match is None:
        return ""
    end = _THEME_END_RE.search(flat.key, match.end())
    stop = end.start() if end else min(len(flat.key), match.end() + 300)
    return _strip_punctuation(_tidy(flat.original(match.end(), stop)))


_EDGE_DEBRIS_RE: Final = re.compile(r"^[\W_]+|(?<![)\]])[\W_]+$")


def _strip_debris(text: str) -> str:
    """Punctuation and debris tokens off both ends: "“…công sở”’" → "…công sở"."""
    words = text.split()
    while words and _damaged(words[0]) and not words[0][:1].isalpha():
        words.pop(0)
    while words and _damaged(words[-1]) and not words[-1][-1:].isalpha():
        words.pop()
    return _EDGE_DEBRIS_RE.sub("", " ".join(words)).strip()


def _movements(flat: Folded) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    previous_end = -1
    previous_was_movement = False
    for match in _QUOTE_RE.finditer(flat.key):
        gap = flat.key[previous_end : match.start()] if previous_end >= 0 else None
        chained = previous_was_movement and gap is not None and _CHAIN_GAP_RE.fullmatch(gap)
        window = flat.key[max(0, match.start() - 60) : match.start()]
        is_movement = bool(chained or _MOVEMENT_CUE_RE.search(window))
        if is_movement:
            name = _strip_debris(_tidy(flat.original(*match.span("inner"))))
            if match.end() == match.end("inner") and re.search(r"\s[a-z]{1,2}$", name):
                # Unclosed: a short lower-case last word is what OCR made of ”; ("… ky").
                name = name.rsplit(None, 1)[0]
            key = " ".join(Folded.of(name).key.split())
            if name and key not in seen:
                seen.add(key)
                found.append(name)
        previous_end, previous_was_movement = match.end(), is_movement
    return found


def _anniversaries(flat: Folded) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    matches = list(_ANNIVERSARY_RE.finditer(flat.key))
    # "70 năm Chiến thưởng Điện Biên Phủ": a capitalised event name after "N năm" is one
    # even when OCR damaged its first word.
    known = {match.start() for match in matches}
    for match in _ANNIVERSARY_NAME_RE.finditer(flat.key):
        if match.start() not in known and flat.original(match.end(), match.end() + 1).isupper():
            matches.append(match)
    matches.sort(key=lambda match: match.start())
    for match in matches:
        end = _ANNIVERSARY_END_RE.search(flat.key, match.end())
        stop = min(end.start() if end else len(flat.key), match.end() + 120)
        text = _strip_punctuation(_tidy(flat.original(match.start(), stop)))
        key = " ".join(Folded.of(text).key.split())
        if key not in seen:
            seen.add(key)
            found.append(text)
    return found


def _legal_bases(flat: Folded, own_number: str) -> list[LegalBasis]:
    by_number: dict[str, LegalBasis] = {}
    own_key = Folded.of(own_number).key
    for match in _CITATION_RE.finditer(flat.key):
        number = "".join(flat.original(*match.span("number")).split())
        number_key = "".join(match.group("number").split())
        if number_key == own_key or not re.search(r"[a-z]", number_key):
            continue
        position = match.end()
        cited: date | None = None
        if found := _CITATION_DATE_RE.match(flat.key, position):
            try:
                cited = date(
                    int(found.group("year")), int(found.group("month")), int(found.group("day"))
                )
                position = found.end()
            except ValueError:
                pass
        issuer = ""
        if found := _CITATION_ISSUER_RE.match(flat.key, position):
            end = _ISSUER_END_RE.search(flat.key, found.end())
            stop = end.start() if end else len(flat.key)
            words = flat.original(found.end(), stop).split()
            if 0 < len(words) <= 10:
                issuer = _tidy(" ".join(words))
                position = stop
        if not issuer:
            issuer = next(
                (name for pattern, name in _ISSUER_BY_SUFFIX if pattern.search(number_key)), ""
            )
        title = ""
        if found := _CITATION_TITLE_RE.match(flat.key, position):
            end = _TITLE_END_RE.search(flat.key, found.end())
            stop = end.start() if end else len(flat.key)
            words = _before_capitalised_clause(flat.original(found.end(), stop)).split()
            title = _strip_punctuation(_tidy(" ".join(words[:40])))
        issuer = _canonical_body(issuer)
        basis = LegalBasis(
            number=_number_for_issuer(_canonical_number(number), issuer),
            date=cited,
            issuer=issuer,
            title=title,
        )
        known = by_number.get(number_key)
        if known is None:
            by_number[number_key] = basis
        else:
            by_number[number_key] = LegalBasis(
                number=known.number,
                date=known.date or basis.date,
                issuer=known.issuer or basis.issuer,
                title=known.title or basis.title,
            )
    return list(by_number.values())


# --- Targets and other aims -----------------------------------------------------------------

_TARGET_HEADING_RE: Final = re.compile(r"\bchi tieu\b")
_GOAL_HEADING_RE: Final = re.compile(r"\bmuc tieu\b")
_TARGET_INTRO_RE: Final = re.compile(r"\b(?:chi tieu|phan dau|muc tieu)\b")
_INLINE_ITEM_RE: Final = re.compile(r"(?:^|(?<=[\s:;,.]))\((?P<label>\d{1,2})\)\s*")
_AIM_CUE_RE: Final = re.compile(
    r"\b(?:phan dau|dat|chi tieu|muc tieu|tro len|it nhat|toi thieu|tang|giam|khong qua|"
    r"duoi|tren|vuot|them)\b"
)
_AIM_SPLIT_RE: Final = re.compile(r";\s*|\.\s+(?=[^\sa-z])|:\s*(?=[-+])")


@dataclass(frozen=True)
class _Item:
    no: int
    text: str
    context: str  # the text introducing the list


def _has_figure(text: str) -> bool:
    return bool(_find_figures(Folded.of(text)))


def _mostly_figures(items: list[_Block]) -> bool:
    return bool(items) and sum(_has_figure(item.full_text()) for item in items) * 2 > len(items)


def _as_items(blocks: list[_Block], context: str) -> list[_Item]:
    items = []
    for position, block in enumerate(blocks, start=1):
        no = int(block.label) if block.label.isdigit() else position
        items.append(_Item(no, _tidy(block.full_text()), _tidy(context)))
    return items


def _inline_items(text: str) -> list[_Item] | None:
    """ "…các chỉ tiêu sau: (1) …; (2) …" written in one paragraph."""
    key = Folded.of(text).key
    marks = list(_INLINE_ITEM_RE.finditer(key))
    if len(marks) < 2 or not _TARGET_INTRO_RE.search(key[: marks[0].start()]):
        return None
    items = []
    for position, mark in enumerate(marks):
        end = marks[position + 1].start() if position + 1 < len(marks) else len(text)
        body = _strip_punctuation(text[mark.end() : end]) + "."
        items.append(_Item(int(mark.group("label")), _tidy(body), _tidy(text[: marks[0].start()])))
    return items


def _target_items(sections: list[_Section]) -> tuple[list[_Item], set[int]]:
    """Target items and the ids of the blocks they came from."""

    def from_section(pattern: re.Pattern[str]) -> tuple[list[_Item], set[int]] | None:
        for section in sections:
            if not pattern.search(Folded.of(section.heading).key):
                continue
            items = section.root.items
            if items and all(item.items for item in items) and not _mostly_figures(items):
                items = [child for item in items for child in item.items]
            if _mostly_figures(items):
                intro = " ".join(
                    child.text for child in section.root.children[:1] if child.kind == "para"
                )
                blocks = {id(block) for item in items for block in item.walk()}
                return _as_items(items, intro or section.heading), blocks
        return None

    if found := from_section(_TARGET_HEADING_RE):
        return found
    for section in sections:
        for block in section.root.walk():
            for child in block.children:
                if inline := _inline_items(child.text):
                    return inline, {id(child)}
                items = child.items
                intro = child.text
                if not items:
                    continue
                first = child.children.index(items[0])
                if first and child.children[first - 1].kind == "para":
                    intro = f"{intro} {child.children[first - 1].text}"
                if _TARGET_INTRO_RE.search(Folded.of(intro).key) and _mostly_figures(items):
                    blocks = {id(part) for item in items for part in item.walk()}
                    return _as_items(items, intro), blocks
    if found := from_section(_GOAL_HEADING_RE):
        return found
    return [], set()


def _other_aims(sections: list[_Section], skip: set[int], default_period: str) -> list[Aim]:
    aims: list[Aim] = []
    seen: set[str] = set()
    for section in sections:
        for block in section.root.walk():
            if id(block) in skip or not block.lines:
                continue
            folded = Folded.of(block.text)
            cursor = 0
            pieces: list[tuple[int, int]] = []
            for match in _AIM_SPLIT_RE.finditer(folded.key):
                pieces.append((cursor, match.start()))
                cursor = match.end()
            pieces.append((cursor, len(folded.key)))
            for start, end in pieces:
                clause = Folded.of(folded.original(start, end))
                if not _AIM_CUE_RE.search(clause.key):
                    continue
                if not _find_figures(clause, require_unit=True):
                    continue
                text = _capitalise(_strip_punctuation(_tidy(clause.text)))
                key = " ".join(Folded.of(text).key.split())
                if key in seen:
                    continue
                seen.add(key)
                measures = tuple(
                    measure
                    for measure in parse_measures(text, default_period=default_period)
                    if measure.unit
                )
                aims.append(Aim(text=text, measures=measures))
    return aims


# --- Responsibilities and recipients ------------------------------------------------------

_RESPONSIBILITY_HEADING_RE: Final = re.compile(
    r"\b(?:to chuc thuc hien|trach nhiem|phan cong|giao nhiem vu)\b"
)
_DUTY_START_RE: Final = re.compile(
    r"\b(?:co trach nhiem|chiu trach nhiem|chu tri|can cu|xay dung|(?<!cac )(?<!va )to chuc|"
    r"phoi hop|(?<!ban )chi dao|tham muu|trien khai|thuc hien|theo doi|huong dan|don doc|"
    r"tang cuong|phat huy|tuyen truyen|bao cao|quan triet|nghien cuu|ra soat|tiep tuc|"
    r"huong ung|van dong|lanh dao|day manh|quan tam|uu tien|kiem tra|dinh ky|khan truong|"
    r"bo tri|lua chon|de xuat|tong hop|cap nhat|ban hanh)\b|:"
)
_ACTOR_PREFIX_RE: Final = re.compile(r"^(?:de nghi|giao|yeu cau|doi voi)\s+")
_ACTOR_SUFFIX_RE: Final = re.compile(r"(?:[\s,;:]|(?:trong )?nam \d{4})+$")
_SENTENCE_SPLIT_RE: Final = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _sentences(text: str) -> list[str]:
    sentences = []
    for sentence in _SENTENCE_SPLIT_RE.split(text):
        cleaned = sentence.strip()
        cleaned = cleaned.removesuffix("./.").rstrip(" .;")
        if cleaned:
            sentences.append(_capitalise(cleaned))
    return sentences


# "…đóng trên địa bàn tỉnh căn cứ vào tình hình…": "vào" never belongs to an actor's name;
# the verb before it has one syllable ("dựa vào", "đưa vào") or, mostly, two ("căn cứ vào").
_INTO_RE: Final = re.compile(r"(?<=\s)vao\b")
_ONE_SYLLABLE_VERBS: Final = frozenset({"dua", "di"})


def _verb_before_preposition(actor_key: str) -> int | None:
    """Where the verb of "<verb> vào" starts in an actor candidate, or None."""
    found = _INTO_RE.search(actor_key)
    if found is None:
        return None
    words = list(re.finditer(r"[^\W_]+", actor_key[: found.start()]))
    if len(words) < 4:
        return None
    size = 1 if words[-1].group() in _ONE_SYLLABLE_VERBS else 2
    return words[-size].start()


# Words that make up the names of bodies and offices, for actors and recipients: a word
# OCR damaged ("Mit trận", "đã bàn") or whose tones it lost is put back.
_ACTOR_TERMS: Final = (
    "Ủy ban",
    "Mặt trận",
    "Tổ quốc",
    "Văn phòng",
    "Hội đồng",
    "Thi đua",
    "Khen thưởng",
    "Tuyên giáo",
    "Dân vận",
    "Trung ương",
    "nhân dân",
    "đơn vị",
    "địa bàn",
    "Công an",
    "Quân sự",
    "Liên đoàn",
    "Lao động",
    "Phụ nữ",
    "Cựu chiến binh",
    "Nông dân",
    "Thanh niên",
    "Thủ trưởng",
    "Giám đốc",
    "Chủ tịch",
    "chính trị",
    "xã hội",
    "Nội vụ",
    "Tài chính",
    "Kế hoạch",
    "Đầu tư",
    "Thông tin",
    "Truyền thông",
    "Giáo dục",
    "Đào tạo",
    "Công Thương",
    "Tư pháp",
    "Trung tâm",
    "Bệnh viện",
    "Tỉnh ủy",
    "Huyện ủy",
    "Thành ủy",
    # Common words of such names, so their near neighbours above do not take them.
    "thành viên",
    "thành phố",
    "cán bộ",
    "công chức",
    "viên chức",
    "cơ quan",
    "các cấp",
    "tổ chức",
    "Việt Nam",
    "thông tin",
    "điện tử",
    "Cổng thông tin",
    "Phát thanh",
    "Truyền hình",
)
_ACTOR_TERM_KEYS: Final = tuple((search_key(term), term.split()) for term in _ACTOR_TERMS)
# The first word of an actor is a kind of body: "Số Nội vụ" is "Sở Nội vụ".
_ACTOR_HEADS: Final = {
    search_key(word): word
    # Not "Đài", "Báo": "Đại học…", "Bảo hiểm xã hội…" start actors too.
    for word in ("Sở", "Ban", "Bộ", "Phòng", "Cục", "Viện")
}


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word[:1].lower() + word[1:]


def _canonical_actor(actor: str) -> str:
    """ "Số Nội vụ" → "Sở Nội vụ", "Ủy ban Mit trận Tổ quốc" → "Ủy ban Mặt trận Tổ quốc".

    Terms found as they are (tones aside) are taken first and their words locked, so only
    the words left are read fuzzily: "Cổng thông tin" keeps "thông tin", not "Công Thương".
    """
    words = actor.split()
    if not words:
        return actor
    if (head := _ACTOR_HEADS.get(search_key(words[0]))) and len(words) > 1:
        words[0] = _match_case(head, words[0])
    locked = [False] * len(words)
    for fuzzy in (False, True):
        position = 0
        while position < len(words):
            for term_key, term_words in _ACTOR_TERM_KEYS:
                size = len(term_words)
                window = words[position : position + size]
                if (
                    len(window) < size
                    or any(locked[position : position + size])
                    or any(not word.isalpha() for word in window)
                ):
                    continue
                limit = 1 if fuzzy and len(term_key) >= 6 else 0
                window_key = search_key(" ".join(window))
                if Levenshtein.distance(window_key, term_key, score_cutoff=limit) <= limit:
                    words[position : position + size] = [
                        _match_case(term_word, word)
                        for term_word, word in zip(term_words, window, strict=True)
                    ]
                    locked[position : position + size] = [True] * size
                    position += size - 1
                    break
            position += 1
    return " ".join(words)


def _responsibility(block: _Block) -> Responsibility:
    head = _tidy(block.text)
    folded = Folded.of(head)
    start = 0
    if prefix := _ACTOR_PREFIX_RE.match(folded.key):
        start = prefix.end()
    duties: list[str] = []
    cue = _DUTY_START_RE.search(folded.key, start)
    if (
        cue is not None
        and cue.start() > start
        and len(folded.key[start : cue.start()].split()) <= 40
    ):
        rest_start = cue.end() if cue.group() == ":" else cue.start()
        actor_key = folded.key[start : cue.start()]
        if (verb := _verb_before_preposition(actor_key)) is not None:
            # The verb was damaged beyond reading ("tin cư vào" for "căn cứ vào").
            actor_key, rest_start = actor_key[:verb], start + verb
        trimmed = _ACTOR_SUFFIX_RE.search(actor_key)
        actor_end = start + (trimmed.start() if trimmed else len(actor_key))
        actor = _strip_punctuation(folded.original(start, actor_end))
        duties.extend(_sentences(folded.original(rest_start, len(folded.key))))
    elif block.items and len(head.split()) <= 25:
        actor = _strip_punctuation(folded.original(start, len(folded.key)))
    else:
        actor = ""
        duties.extend(_sentences(head))
    for child in block.children:
        if child.kind == "para":
            duties.extend(_sentences(_tidy(child.text)))
        else:
            duties.extend(_sentences(_tidy(child.full_text())))
    return Responsibility(actor=_capitalise(_canonical_actor(actor)), duties=tuple(duties))


def _responsibilities(sections: list[_Section]) -> list[Responsibility]:
    candidates = [s for s in sections if s.heading]
    chosen = next(
        (
            section
            for section in reversed(candidates)
            # Without punctuation: OCR leaves stray marks inside words ("THU'C HIEN").
            if _RESPONSIBILITY_HEADING_RE.search(
                re.sub(r"[^\w\s]", "", Folded.of(section.heading).key)
            )
        ),
        None,
    )
    if chosen is None:
        return []
    return [_responsibility(item) for item in chosen.root.items]


_RECIPIENTS_RE: Final = re.compile(r"^n[o0][il1]\s*nh[a-z]{1,2}n\s*:?")
_END_OF_BODY_RE: Final = re.compile(
    r"^(?:n[o0][il1]\s*nh[a-z]{1,2}n\s*:|(?:kt|tm|tl|tuq)\s*\.\s*[a-z]|"
    r"(?:pho )?(?:chu tich|giam doc|truong ban|bi thu)\s*$)"
)


def _recipients(lines: list[str]) -> list[str]:
    recipients: list[str] = []
    for line in lines:
        key = Folded.of(line).key
        if re.match(r"^[-+•*]?\s*luu\b", key):
            break
        if match := _BULLET_RE.fullmatch(line):
            recipients.append(_canonical_actor(_tidy(match.group("body")).rstrip(";,.")))
        elif recipients and line[:1].islower():
            recipients[-1] = _tidy(f"{recipients[-1]} {line}").rstrip(";,.")
    return recipients


# --- Entry point -----------------------------------------------------------------------------


def extract(text: str) -> Extraction:
    """The structure of a directive's text (see the module docstring)."""
    raw_lines = _repair_text(nfc(text)).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _drop_running_headers([_classify(line) for line in raw_lines])
    header = _read_header(lines)

    body_end = len(lines)
    recipient_lines: list[str] = []
    for position in range(header.body_start, len(lines)):
        key = Folded.of(lines[position].text).key
        if _END_OF_BODY_RE.match(key):
            body_end = position
            break
    for position in range(body_end, len(lines)):
        key = Folded.of(lines[position].text).key
        if match := _RECIPIENTS_RE.match(key):
            first = Folded.of(lines[position].text).original(match.end(), len(key)).strip()
            recipient_lines = [first] if first else []
            recipient_lines += [line.text for line in lines[position + 1 :] if line.text]
            break
    body = lines[header.body_start : body_end]
    sections = _sections(body)

    title_and_body = "\n".join(
        " ".join(part.text for part in group)
        for group in _paragraphs([_Line(header.info.title, "", "", "", heading=False), *body])
    )
    flat = Folded.of(title_and_body)

    year = header.info.date.year if header.info.date else None
    if year is None and (found := re.search(r"\bnam (\d{4})\b", Folded.of(header.info.title).key)):
        year = int(found.group(1))
    default_period = f"năm {year}" if year else ""

    items, target_blocks = _target_items(sections)
    targets = tuple(
        Target(
            no=item.no,
            text=item.text,
            measures=parse_measures(item.text, default_period=default_period, context=item.context),
        )
        for item in items
    )
    document = DocumentInfo(
        type=header.info.type,
        number=header.info.number,
        issuer=header.info.issuer,
        place=header.info.place,
        date=header.info.date,
        title=header.info.title,
        theme=_theme(flat),
    )
    return Extraction(
        document=document,
        targets=targets,
        other_aims=tuple(_other_aims(sections, target_blocks, default_period)),
        movements=tuple(_movements(flat)),
        anniversaries=tuple(_anniversaries(flat)),
        legal_bases=tuple(_legal_bases(flat, header.info.number)),
        responsibilities=tuple(_responsibilities(sections)),
        recipients=tuple(_recipients(recipient_lines)),
    )


def _paragraphs(lines: Iterable[_Line]) -> Iterator[list[_Line]]:
    """Groups of consecutive non-blank lines."""
    group: list[_Line] = []
    for line in lines:
        if line.blank:
            if group:
                yield group
            group = []
        else:
            group.append(line)
    if group:
        yield group
