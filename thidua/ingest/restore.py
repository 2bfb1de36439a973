"""Restore Vietnamese text that was OCR'd by Tesseract with the English model.

Legacy text like "Téc d6 tang truéng cua tinh" lost most diacritics and turned some letters
into digits or symbols. This module puts them back with a noisy-channel decoder:

* a **channel** model P(observed characters | true character), learned by rendering correct
  Vietnamese, OCR-ing it with ``tesseract -l eng`` and aligning both (see
  ``scripts/build_restore_model.py``), proposes candidate syllables for each damaged token
  through an A* search over a trie of valid syllables. The model file carries the search's
  results for the ~16k observed forms English-model OCR produces most often (the forms seen
  in the training OCR and the likeliest renderings of every syllable), so the common token is
  a dictionary lookup and only unusual damage is searched;
* a **syllable bigram language model** of administrative and legal text ranks the
  candidates in context (beam-pruned Viterbi over each clause; the context restarts at
  clause punctuation, quotes, brackets, dashes and blank lines);
* numbers, codes, dates, acronyms, punctuation and spacing are kept exactly, so offsets of
  untouched text stay meaningful and every line stays a line. Compounds are restored part by
  part ("giuong/1" → "giường/1", "3-4%/nim" → "3-4%/năm"); a number glued to a word keeps its
  digits and gets its space back ("02nam" → "02 năm"); tokens mixing letters, digits and
  junk symbols ("1€", "¢6", "d6") are damaged words, digit-only tokens are numbers;
* each token's **confidence** is its local posterior against the rivals with both
  neighbours fixed, flattened by a temperature fitted on held-out pages so that most wrong
  restorations fall below 0.8 (the review page's highlight threshold) and few right ones do.

Only derived statistics ship with the project (``data/restore_model.bin``); the model is
loaded lazily, once per process.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import struct
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, TypeVar

from thidua.core.text import nfc, normalize_tone_placement, strip_diacritics

__all__ = [
    "MODEL_PATH",
    "Restoration",
    "RestoredToken",
    "damage_score",
    "looks_damaged",
    "restore",
]

MODEL_PATH: Final = Path(__file__).with_name("data") / "restore_model.bin"
MODEL_MAGIC: Final = b"TDRESTORE2"
_T = TypeVar("_T")
INDEX_COST_SCALE: Final = 1000  # channel costs in the candidate index, in thousandths of a nat
MAX_OBSERVED_LENGTH: Final = 8

# Special language-model tokens; their ids are fixed.
BOS: Final = "<s>"
EOS: Final = "</s>"
UNK: Final = "<unk>"
NUM: Final = "<num>"
SPECIAL_TOKENS: Final = (BOS, EOS, UNK, NUM)

# Symbols Tesseract's English model produces for Vietnamese letters ("1€" for "lệ",
# "v&i" for "với", "¢6" for "có"); inside a token they belong to the word, not punctuation.
LOOKALIKE_SYMBOLS: Final = "€¢©&@$§®£¥"
# Marks the English model leaves *inside* a word for a horn or hook ("tru’éc" for "trước",
# "chi?c" for "chức"); at either end of a token they are punctuation.
_INNER_DAMAGE: Final = frozenset("’‘'`´?°")
# Quotes and brackets: the language-model context restarts at them, wherever OCR put them
# (closing quotes are often lost or turned into opening ones).
_QUOTES: Final = frozenset('"“”‘’«»„')
# Punctuation that ends a clause: the language model context restarts after it.
_CLAUSE_END: Final = frozenset(".,;:!?)]}…") | _QUOTES
_CLAUSE_START: Final = frozenset("([{") | _QUOTES
# Separators of compounds whose parts are restored one by one ("giường/1", "3-4%/năm").
_COMPOUND_SEPARATORS_RE: Final = re.compile(r"[^/\-–]+")
# Measurement units that follow a number without a space ("100ha", "25km"): kept as written.
_UNITS: Final = frozenset(
    (
        *("ha", "km", "km2", "m", "m2", "m3", "cm", "mm", "kg", "mg", "ml", "kw", "kwh", "mw"),
        *("mwh", "gw", "gb", "mb", "tb", "tr", "vnđ", "vnd", "usd", "ppm"),
    )
)
_GLUED_NUMBER_RE: Final = re.compile(r"(\d{2,})([^\W\d_][^\d]*)|([^\W\d_][^\d]*?)(\d{2,})")
_LONG_DIGIT_RUN_RE: Final = re.compile(r"\d{3,}|\d°")
_ROMAN_NUMERAL_RE: Final = re.compile(r"[IVXLC]+")
_SYLLABLE_SHAPE_RE: Final = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"[aeiouy]{1,3}"
    r"(?:ch|nh|ng|[cmnpt])?"
)
_TOKEN_RE: Final = re.compile(r"\S+")
_VIETNAMESE_MARKED: Final = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)


# --- Tokens --------------------------------------------------------------------------------


def _is_core_char(char: str) -> bool:
    return char.isalnum() or char in LOOKALIKE_SYMBOLS


def split_token(token: str) -> tuple[str, str, str]:
    """Split a whitespace token into leading punctuation, core and trailing punctuation."""
    start = 0
    end = len(token)
    while start < end and not _is_core_char(token[start]):
        start += 1
    while end > start and not _is_core_char(token[end - 1]):
        end -= 1
    return token[:start], token[start:end], token[end:]


def is_syllable_shaped(word: str) -> bool:
    """Whether ``word`` (any case, with or without marks) has the shape of one syllable."""
    return _SYLLABLE_SHAPE_RE.fullmatch(strip_diacritics(word).lower()) is not None


# Kinds of token cores.
WORD: Final = "word"  # letters only: may be intact or have lost its marks
DAMAGED: Final = "damaged"  # letters mixed with digits or lookalike symbols: "d6", "1én", "1€"
NUMBER: Final = "number"
KEEP: Final = "keep"  # codes, acronyms, Roman numerals, anything else: never changed


def _is_acronym(core: str) -> bool:
    return (
        len(core) >= 2
        and core.isupper()
        and (_ROMAN_NUMERAL_RE.fullmatch(core) is not None or not is_syllable_shaped(core))
    )


def classify_core(core: str) -> str:
    if not core:
        return KEEP
    if core.isdigit():
        return NUMBER
    if core.isalpha():
        return KEEP if _is_acronym(core) else WORD  # UBND, GRDP, PCI, II stay as written
    if (
        len(core) <= 8
        and any(char.isalpha() or char in LOOKALIKE_SYMBOLS for char in core)
        and all(_is_core_char(char) or char in _INNER_DAMAGE for char in core)
        and _LONG_DIGIT_RUN_RE.search(core) is None
        and not (core[0].isdigit() and core[-1].isdigit())  # 1A2, 3x3: codes and sizes
    ):
        return DAMAGED
    return KEEP


# (offset of the part inside the token, part, kind, text to insert before it)
TokenPart = tuple[int, str, str, str]
TokenParts = tuple[str, tuple[TokenPart, ...], str]


def _glued_parts(offset: int, core: str) -> list[TokenPart]:
    """Split a number glued to a word ("02nam" → "02" + "nam"); units stay glued ("100ha")."""
    match = _GLUED_NUMBER_RE.fullmatch(core)
    if match is not None:
        digits_first = match.group(1) is not None
        word = match.group(2) if digits_first else match.group(3)
        letters = sum(char.isalpha() for char in word)
        word_kind = classify_core(word)
        if letters >= 2 and word_kind in (WORD, DAMAGED) and word.lower() not in _UNITS:
            if digits_first:
                digits = match.group(1)
                return [
                    (offset, digits, NUMBER, ""),
                    (offset + len(digits), word, word_kind, " "),
                ]
            return [
                (offset, word, word_kind, ""),
                (offset + len(word), match.group(4), NUMBER, " "),
            ]
    return [(offset, core, classify_core(core), "")]


@lru_cache(maxsize=100_000)
def token_parts(token: str) -> TokenParts:
    """Leading punctuation, restorable parts and trailing punctuation of a whitespace token.

    Compounds are split at "/" and "-" so their word parts are restored one by one
    ("giuong/1" → "giường/1"); in a compound holding a number or an acronym (a code such as
    "23-NQ/TU"), capitalised parts are kept as written.
    """
    lead, core, trail = split_token(token)
    if not core:
        return lead, (), trail
    base = len(lead)
    if core.isalpha() or core.isdigit():
        return lead, ((base, core, classify_core(core), ""),), trail
    lowered = core.lower()
    if "://" in core or lowered.startswith("www.") or ("@" in core and "." in core):
        return lead, ((base, core, KEEP, ""),), trail
    pieces = list(_COMPOUND_SEPARATORS_RE.finditer(core))
    if len(pieces) == 1 and pieces[0].group() == core:
        return lead, tuple(_glued_parts(base, core)), trail
    parts: list[TokenPart] = []
    for piece in pieces:
        inner_lead, inner_core, _ = split_token(piece.group())
        if inner_core:
            parts.extend(_glued_parts(base + piece.start() + len(inner_lead), inner_core))
    if len(parts) > 1 and all(len(part) == 1 for _, part, _, _ in parts):
        # Letter abbreviations ("b/c" báo cáo, "v/v" về việc): no syllable to restore.
        return lead, tuple((o, part, KEEP, i) for o, part, _, i in parts), trail
    if any(kind == NUMBER or (kind == KEEP and part.isupper()) for _, part, kind, _ in parts):
        parts = [
            (offset, part, KEEP if kind != NUMBER and part.isupper() else kind, insert)
            for offset, part, kind, insert in parts
        ]
    return lead, tuple(parts), trail


@lru_cache(maxsize=200_000)
def canonical_syllable(word: str) -> str:
    """Lower-case NFC form with the traditional tone placement ("Hoà" → "hòa")."""
    return normalize_tone_placement(nfc(word).lower())


def lm_tokens(line: str) -> Iterator[list[str]]:
    """Language-model token clauses of one corpus paragraph (shared by build and decode)."""
    clause: list[str] = []
    for match in _TOKEN_RE.finditer(line):
        lead, parts, trail = token_parts(match.group())
        if clause and any(char in _CLAUSE_START for char in lead):
            yield clause
            clause = []
        for _, core, kind, _ in parts:
            if kind == NUMBER:
                clause.append(NUM)
            elif kind == WORD:
                clause.append(canonical_syllable(core))
            else:
                clause.append(UNK)
        if clause and (not parts or any(char in _CLAUSE_END for char in trail)):
            yield clause
            clause = []
    if clause:
        yield clause


# --- Model ---------------------------------------------------------------------------------


def _expect(value: object, kind: type[_T]) -> _T:
    if not isinstance(value, kind):
        raise ValueError(f"restore model: expected {kind.__name__}, got {type(value).__name__}")
    return value


class _Model:
    """Syllable bigram LM, syllable trie and character channel, as loaded from the file."""

    def __init__(self, header: dict[str, object], arrays: dict[str, array[int]]) -> None:
        vocab = _expect(header["vocab"], list)
        self.vocab: list[str] = vocab
        self.ids: dict[str, int] = {word: index for index, word in enumerate(vocab)}
        params = _expect(header["params"], dict)
        self.discount: float = float(params["discount"])
        self.channel_weight: float = float(params["channel_weight"])
        self.keep_cost: float = float(params["keep_cost"])
        self.generic_substitution: float = float(params["generic_substitution"])
        self.default_insertion: float = float(params["default_insertion"])
        self.search_margin: float = float(params["search_margin"])
        self.max_candidates: int = int(params["max_candidates"])
        self.max_expansions: int = int(params.get("max_expansions", 2000))
        self.quick_margin: float = float(params.get("quick_margin", 6.0))
        self.quick_accept: float = float(params.get("quick_accept", 0.0))

        unigram = arrays["unigram"]
        total = sum(unigram)
        size = len(vocab)
        self.size = size
        # Interpolated absolute discounting: P(w|v) = (max(c(v,w) - D, 0) + D·n(v)·P(w)) / c(v)
        # where n(v) counts distinct followers. For pairs pruned from the file this reduces to
        # backoff(v)·P(w), so only the kept pairs need a table.
        self.unigram_cost: list[float] = [
            -math.log((count + 0.5) / (total + 0.5 * size)) for count in unigram
        ]
        context_total = arrays["context_total"]
        context_types = arrays["context_types"]
        discount = self.discount
        self.backoff_cost: list[float] = [
            -math.log(discount * types / count) if count else 0.0
            for count, types in zip(context_total, context_types, strict=True)
        ]
        keys = arrays["bigram_key_deltas"]
        counts = arrays["bigram_counts"]
        self.bigram: dict[int, float] = {}
        key = 0
        unigram_cost = self.unigram_cost
        for delta, count in zip(keys, counts, strict=True):
            key += delta
            previous, word = divmod(key, size)
            self.bigram[key] = -math.log(
                (
                    count
                    - discount
                    + discount * context_types[previous] * math.exp(-unigram_cost[word])
                )
                / context_total[previous]
            )

        channel = _expect(header["channel"], dict)
        emissions = _expect(channel["emissions"], dict)
        # Per true character: observed piece -> cost ("" = the character was dropped).
        self.emissions: dict[str, dict[str, float]] = {
            true_char: {piece: float(cost) for piece, cost in table.items()}
            for true_char, table in emissions.items()
        }
        insertions = _expect(channel["insertions"], dict)
        self.insertions: dict[str, float] = {key: float(v) for key, v in insertions.items()}
        self.longest_emission = max(
            (len(piece) for table in self.emissions.values() for piece in table), default=1
        )

        targets = arrays["targets"]
        self.known: frozenset[str] = frozenset(vocab[word_id] for word_id in targets)
        self.trie = _build_trie(sorted(self.known), self.emissions)
        self.candidate_cache: dict[str, list[tuple[str, float]]] = {}
        self.char_floor: dict[str, float] = {}
        self.options_cache: dict[tuple[str, str, bool], list[tuple[int, str, float]]] = {}
        # Precomputed candidates of the observed forms English-model OCR produces most often
        # (built by the build script with the very search below), so the common case is a
        # lookup and only unusual damage pays for the search.
        index_keys: list[str] = _expect(header.get("index_keys", []), list)
        self.index: dict[str, int] = {key: number for number, key in enumerate(index_keys)}
        self.index_offsets = arrays.get("index_offsets", array("I", [0]))
        self.index_words = arrays.get("index_words", array("I"))
        self.index_costs = arrays.get("index_costs", array("H"))

    def bigram_cost(self, previous: int, word: int) -> float:
        cost = self.bigram.get(previous * self.size + word)
        if cost is None:
            return self.backoff_cost[previous] + self.unigram_cost[word]
        return cost

    def word_id(self, word: str) -> int:
        return self.ids.get(word, 2)

    def candidates(self, observed: str) -> list[tuple[str, float]]:
        """Best syllables that could have produced ``observed`` (lower case), with costs."""
        cached = self.candidate_cache.get(observed)
        if cached is None:
            number = self.index.get(observed)
            if number is not None:
                start, end = self.index_offsets[number], self.index_offsets[number + 1]
                vocab = self.vocab
                cached = [
                    (vocab[word_id], cost / INDEX_COST_SCALE)
                    for word_id, cost in zip(
                        self.index_words[start:end], self.index_costs[start:end], strict=True
                    )
                ]
                self.candidate_cache[observed] = cached
                return cached
            cached = self.search(observed)
            if len(self.candidate_cache) < 200_000:
                self.candidate_cache[observed] = cached
        return cached

    def search(self, observed: str) -> list[tuple[str, float]]:
        """Candidates of ``observed`` by searching the trie (what the index precomputes)."""
        if len(observed) > MAX_OBSERVED_LENGTH:
            return []  # no syllable is this long, even damaged: a name or a foreign word
        # Most tokens have a cheap explanation without free substitutions; only the rest pay
        # for the wider search.
        found: list[tuple[str, float]] = []
        if self.quick_accept > 0:
            found = self._search(observed, self.quick_margin, generic_left=False)
        if not found or found[0][1] > self.quick_accept:
            found = self._search(observed, self.search_margin, generic_left=True)
        return found

    def _char_floor(self, char: str) -> float:
        """Cheapest cost any path can pay per occurrence of the observed ``char``."""
        floor = self.char_floor.get(char)
        if floor is None:
            floor = self.insertions.get(char, self.default_insertion)
            for table in self.emissions.values():
                for piece, cost in table.items():
                    if char in piece:
                        floor = min(floor, cost / len(piece))
            self.char_floor[char] = floor
        return floor

    def _search(
        self, observed: str, margin: float, *, generic_left: bool
    ) -> list[tuple[str, float]]:
        # A* over (trie node, observed position, generic edit left); costs are -log
        # probabilities and the heuristic (the cheapest possible cost of the observed characters
        # still to explain) never overestimates, so complete words pop in order of cost.
        length = len(observed)
        longest = self.longest_emission
        pieces = [
            [observed[position : position + size] for size in range(1, longest + 1)]
            if position + longest <= length
            else [observed[position : position + size] for size in range(1, length - position + 1)]
            for position in range(length)
        ]
        generic = self.generic_substitution
        floors = [self._char_floor(char) for char in observed]
        rest = [0.0] * (length + 1)  # heuristic without / with the generic edit left
        rest_generic = [0.0] * (length + 1)
        best_saving = 0.0
        for position in range(length - 1, -1, -1):
            rest[position] = rest[position + 1] + floors[position]
            best_saving = max(best_saving, floors[position] - generic)
            rest_generic[position] = rest[position] - best_saving
        heuristic = (rest, rest_generic)
        heap: list[tuple[float, float, int, _TrieNode, int, bool]] = [
            (heuristic[generic_left][0], 0.0, 0, self.trie, 0, generic_left)
        ]
        tie = 0
        settled: set[tuple[int, int, bool]] = set()
        found: dict[str, float] = {}
        limit = math.inf
        push = heapq.heappush
        pop = heapq.heappop
        insertions = self.insertions
        default_insertion = self.default_insertion
        max_candidates = self.max_candidates
        here: list[str] = []
        budget = self.max_expansions
        while heap:
            estimate, cost, _, node, position, generic_left = pop(heap)
            if estimate > limit or len(found) >= max_candidates:
                break
            budget -= 1
            if budget < 0:
                break  # pathological input (a long foreign word): keep what was found
            state = (id(node), position, generic_left)
            if state in settled:
                continue
            settled.add(state)
            at_end = position == length
            if at_end and node.word is not None and node.word not in found:
                found[node.word] = cost
                if limit == math.inf:
                    limit = cost + margin
            remaining = heuristic[generic_left]
            if not at_end:
                step_cost = cost + insertions.get(observed[position], default_insertion)
                if step_cost + remaining[position + 1] <= limit:
                    tie += 1
                    push(
                        heap,
                        (
                            step_cost + remaining[position + 1],
                            step_cost,
                            tie,
                            node,
                            position + 1,
                            generic_left,
                        ),
                    )
                here = pieces[position]
            here_estimate = remaining[position]
            for child, table, deletion in node.children:
                if deletion is not None and cost + deletion + here_estimate <= limit:
                    tie += 1
                    push(
                        heap,
                        (
                            cost + deletion + here_estimate,
                            cost + deletion,
                            tie,
                            child,
                            position,
                            generic_left,
                        ),
                    )
                if at_end:
                    continue
                for piece in here:
                    step = table.get(piece)
                    if step is not None:
                        after = position + len(piece)
                        total = cost + step + remaining[after]
                        if total <= limit:
                            tie += 1
                            push(heap, (total, cost + step, tie, child, after, generic_left))
                if generic_left:
                    total = cost + generic + rest[position + 1]
                    if total <= limit:
                        tie += 1
                        push(heap, (total, cost + generic, tie, child, position + 1, False))
        return sorted(found.items(), key=lambda item: item[1])


class _TrieNode:
    """A node of the syllable trie; children carry their character's channel table."""

    __slots__ = ("children", "word")

    def __init__(self) -> None:
        self.word: str | None = None
        self.children: list[tuple[_TrieNode, dict[str, float], float | None]] = []


def _build_trie(words: Sequence[str], emissions: dict[str, dict[str, float]]) -> _TrieNode:
    root = _TrieNode()
    by_char: dict[int, dict[str, _TrieNode]] = {}
    for word in words:
        node = root
        for char in word:
            children = by_char.setdefault(id(node), {})
            child = children.get(char)
            if child is None:
                child = _TrieNode()
                children[char] = child
                table = emissions.get(char, {})
                node.children.append((child, table, table.get("")))
            node = child
        node.word = word
    return root


def _read_model(path: Path) -> _Model:
    raw = zlib.decompress(path.read_bytes())
    if not raw.startswith(MODEL_MAGIC):
        raise ValueError(f"{path} is not a restore model")
    offset = len(MODEL_MAGIC)
    (header_size,) = struct.unpack_from("<I", raw, offset)
    offset += 4
    header = json.loads(raw[offset : offset + header_size].decode("utf-8"))
    offset += header_size
    arrays: dict[str, array[int]] = {}
    layout = header["arrays"]
    for name, typecode, byte_size in layout:
        values = array(typecode)
        values.frombytes(raw[offset : offset + byte_size])
        arrays[name] = values
        offset += byte_size
    return _Model(header, arrays)


def write_model(path: Path, header: dict[str, object], arrays: dict[str, array[int]]) -> None:
    """Serialise a model (used by the build script): JSON header + raw arrays, zlib'd."""
    layout = [
        [name, values.typecode, len(values) * values.itemsize] for name, values in arrays.items()
    ]
    header = {**header, "arrays": layout}
    header_bytes = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    parts = [MODEL_MAGIC, struct.pack("<I", len(header_bytes)), header_bytes]
    parts.extend(values.tobytes() for values in arrays.values())
    path.write_bytes(zlib.compress(b"".join(parts), 9))


_model: _Model | None = None
_model_lock = threading.Lock()


def _get_model() -> _Model:
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = _read_model(MODEL_PATH)
    return _model


# --- Damage detection ----------------------------------------------------------------------


def damage_score(text: str) -> float:
    """0 for clean Vietnamese, towards 1 for English-model OCR output.

    Clean Vietnamese carries marks on most syllables; English-model OCR keeps them on few and
    produces non-syllables ("tir", "nudc") and letter-digit mixtures ("d6", "1én").
    """
    model = _get_model()
    words = 0
    marked = 0
    suspicious = 0
    for match in _TOKEN_RE.finditer(text):
        _, core, _ = split_token(match.group())
        kind = classify_core(core)
        if kind == DAMAGED:
            words += 1
            suspicious += 1
        elif kind == WORD:
            words += 1
            lowered = canonical_syllable(core)
            if any(char in _VIETNAMESE_MARKED for char in lowered):
                marked += 1
            if lowered not in model.known:
                suspicious += 1
    if words == 0:
        return 0.0
    marked_share = marked / words
    suspicious_share = suspicious / words
    unmarked_part = max(0.0, 1.0 - marked_share / 0.45)
    suspicious_part = min(1.0, suspicious_share / 0.25)
    # Few words say little: pull short texts towards "clean".
    evidence = min(1.0, words / 6)
    return evidence * (0.5 * unmarked_part + 0.5 * suspicious_part)


def looks_damaged(text: str) -> bool:
    """Whether ``text`` looks like Vietnamese OCR'd with the English model."""
    return damage_score(text) >= 0.55


# --- Restoration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoredToken:
    start: int  # offsets in the restored text
    end: int
    original: str  # the token as it was in the input
    text: str  # the restored token
    confidence: float  # 0..1


@dataclass(frozen=True)
class Restoration:
    text: str  # full restored text, NFC, same lines as the input
    tokens: list[RestoredToken]  # every word token considered (changed or not)
    damaged: bool  # what looks_damaged said about the input


@dataclass
class _Slot:
    """One word token of the input with its candidate restorations."""

    start: int  # offsets of the core in the input
    end: int
    core: str
    # (language-model id, output text, channel cost)
    options: list[tuple[int, str, float]]
    clause_start: bool
    clause_end: bool
    insert: str = ""  # text inserted before the token (a space after a glued number)
    choice: int = 0
    confidence: float = 1.0


def _apply_case(word: str, observed: str) -> str:
    letters = [char for char in observed if char.isalpha()]
    if not letters:
        return word
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return word.upper()
    first = observed[0]
    # "Iy" is "lý" read with a capital I; digits in front ("1én") say nothing about case.
    if first.isupper() and not (first == "I" and word.startswith("l") and len(observed) > 1):
        return word[:1].upper() + word[1:]
    return word


# In text that does not look damaged, changing a token must beat this many nats: clean
# Vietnamese keeps its unmarked syllables ("ban", "thi") instead of being "corrected".
_CLEAN_TEXT_CHANGE_COST: Final = 8.0


def _options_for(
    model: _Model, core: str, kind: str, *, damaged: bool
) -> list[tuple[int, str, float]]:
    key = (core, kind, damaged)
    cached = model.options_cache.get(key)
    if cached is None:
        cached = _compute_options(model, core, kind, damaged=damaged)
        if len(model.options_cache) < 200_000:
            model.options_cache[key] = cached
    return cached


def _compute_options(
    model: _Model, core: str, kind: str, *, damaged: bool
) -> list[tuple[int, str, float]]:
    if kind == NUMBER:
        return [(model.word_id(NUM), core, 0.0)]
    if kind == KEEP:
        return [(model.word_id(core.lower()), core, 0.0)]
    observed = canonical_syllable(core)
    options = [
        (model.word_id(word), _apply_case(word, core), cost * model.channel_weight)
        for word, cost in model.candidates(observed)
    ]
    # Keeping the token as written covers names and foreign words the lexicon lacks.
    keep_id = model.word_id(observed)
    if not damaged:
        options = [
            (word_id, text, cost if text == core else cost + _CLEAN_TEXT_CHANGE_COST)
            for word_id, text, cost in options
            if text != core
        ]
        options.append((keep_id, core, 0.0))
    elif not any(text == core for _, text, _ in options):
        options.append((keep_id, core, model.keep_cost + (0.0 if keep_id != 2 else 2.0)))
    return options


# Viterbi beam: states this many nats worse than the best of their slot are dropped.
_BEAM: Final = 10.0


def _decode_clause(model: _Model, slots: Sequence[_Slot]) -> None:
    # Viterbi over the clause: state = chosen option of the current slot.
    bos = model.word_id(BOS)
    eos = model.word_id(EOS)
    back: list[list[int]] = []
    previous_options = [0]  # option indexes of the surviving states of the previous slot
    previous_scores = [0.0]
    previous_ids = [bos]
    bigram = model.bigram
    size = model.size
    backoff = model.backoff_cost
    unigram = model.unigram_cost
    for slot in slots:
        options = slot.options
        current: list[float] = []
        pointers: list[int] = []
        # Unseen pairs cost backoff(v) + unigram(w), so their best predecessor is shared;
        # kept pairs are never dearer than that, so only they need checking one by one.
        via_backoff = [
            score + backoff[previous_id]
            for score, previous_id in zip(previous_scores, previous_ids, strict=True)
        ]
        backoff_index = min(range(len(via_backoff)), key=via_backoff.__getitem__)
        backoff_score = via_backoff[backoff_index]
        rows = list(
            zip([previous_id * size for previous_id in previous_ids], previous_scores, strict=True)
        )
        for word_id, _, channel_cost in options:
            best_score = backoff_score + unigram[word_id]
            best_index = backoff_index
            for index, (row, previous_score) in enumerate(rows):
                cost = bigram.get(row + word_id)
                if cost is not None and previous_score + cost < best_score:
                    best_score = previous_score + cost
                    best_index = index
            current.append(best_score + channel_cost)
            pointers.append(previous_options[best_index])
        back.append(pointers)
        cut = min(current) + _BEAM
        previous_options = [index for index, score in enumerate(current) if score <= cut]
        previous_scores = [current[index] for index in previous_options]
        previous_ids = [options[index][0] for index in previous_options]
    final = [
        score + model.bigram_cost(word_id, eos)
        for score, word_id in zip(previous_scores, previous_ids, strict=True)
    ]
    choice = previous_options[min(range(len(final)), key=final.__getitem__)]
    for position in range(len(slots) - 1, -1, -1):
        slots[position].choice = choice
        choice = back[position][choice]
    for position, slot in enumerate(slots):
        left = bos if position == 0 else _chosen_id(slots[position - 1])
        right = eos if position == len(slots) - 1 else _chosen_id(slots[position + 1])
        slot.confidence = _confidence(model, slot, left, right)


# Confidence calibration (fitted on held-out pages by bench/restore_accuracy.py): the local
# posterior is flattened by a temperature, and badly damaged tokens (an expensive channel
# explanation) lose confidence even when no rival is close.
_CONFIDENCE_TEMPERATURE: Final = 1.75
_CONFIDENCE_DAMAGE_FREE: Final = 8.0  # nats of channel cost before confidence drops
_CONFIDENCE_DAMAGE_SCALE: Final = 4.0
_UNRESTORED_DAMAGE_CONFIDENCE: Final = 0.3


def _confidence(model: _Model, slot: _Slot, left: int, right: int) -> float:
    """The chosen option's share against its rivals with both neighbours fixed."""
    chosen_text = slot.options[slot.choice][1]
    if chosen_text == slot.core and classify_core(slot.core) == DAMAGED:
        return _UNRESTORED_DAMAGE_CONFIDENCE  # "1¢" left as written: surely wrong
    if len(slot.options) == 1:
        return 1.0
    bigram_cost = model.bigram_cost
    local = [
        channel_cost + bigram_cost(left, word_id) + bigram_cost(word_id, right)
        for word_id, _, channel_cost in slot.options
    ]
    lowest = min(local)
    temperature = _CONFIDENCE_TEMPERATURE
    weights = [math.exp((lowest - cost) / temperature) for cost in local]
    share = weights[slot.choice] / sum(weights)
    damage = slot.options[slot.choice][2] - _CONFIDENCE_DAMAGE_FREE
    if damage > 0:
        share *= math.exp(-damage / _CONFIDENCE_DAMAGE_SCALE)
    return share


def _chosen_id(slot: _Slot) -> int:
    return slot.options[slot.choice][0]


def _slots(model: _Model, text: str, *, damaged: bool) -> list[list[_Slot]]:
    """Word tokens of ``text`` grouped into clauses (lines do not end clauses; blank lines do)."""
    clauses: list[list[_Slot]] = []
    clause: list[_Slot] = []
    last_end = 0

    def close() -> None:
        nonlocal clause
        if clause:
            clause[-1].clause_end = True
            clauses.append(clause)
            clause = []

    for match in _TOKEN_RE.finditer(text):
        if "\n\n" in text[last_end : match.start()].replace("\r", "").replace(" ", ""):
            close()
        last_end = match.end()
        lead, parts, trail = token_parts(match.group())
        if any(char in _CLAUSE_START for char in lead):
            close()
        for offset, core, kind, insert in parts:
            start = match.start() + offset
            clause.append(
                _Slot(
                    start=start,
                    end=start + len(core),
                    core=core,
                    options=_options_for(model, core, kind, damaged=damaged),
                    clause_start=not clause,
                    clause_end=False,
                    insert=insert,
                )
            )
        if not parts or any(char in _CLAUSE_END for char in trail):
            close()
    close()
    return clauses


def restore(text: str, *, progress: Callable[[int, int], None] | None = None) -> Restoration:
    """Restore diacritics and OCR-damaged letters of ``text``; keep everything else in place."""
    model = _get_model()
    text = nfc(text)
    damaged = looks_damaged(text)
    clauses = _slots(model, text, damaged=damaged)
    total = len(clauses)
    for done, clause in enumerate(clauses, start=1):
        _decode_clause(model, clause)
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    pieces: list[str] = []
    tokens: list[RestoredToken] = []
    cursor = 0
    length = 0
    for clause in clauses:
        for slot in clause:
            gap = text[cursor : slot.start] + slot.insert
            pieces.append(gap)
            length += len(gap)
            restored = nfc(slot.options[slot.choice][1])
            pieces.append(restored)
            tokens.append(
                RestoredToken(
                    start=length,
                    end=length + len(restored),
                    original=slot.core,
                    text=restored,
                    confidence=max(0.0, min(1.0, slot.confidence)),
                )
            )
            length += len(restored)
            cursor = slot.end
    pieces.append(text[cursor:])
    return Restoration(text="".join(pieces), tokens=tokens, damaged=damaged)
