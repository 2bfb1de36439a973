#!/usr/bin/env python3
"""Build ``thidua/ingest/data/restore_model.bin``, the model of ``thidua.ingest.restore``.

Inputs (all local, no network):

* ``../shared/corpus/vi-admin-legal.txt.gz`` (beside the repository): NFC administrative and
  legal Vietnamese, one paragraph per line, a blank line between documents. Every 50th document
  is held out for ``bench/restore_accuracy.py`` and never used here.
* ``/usr/share/hunspell/vi_VN.dic`` (Debian ``hunspell-vi``): the valid syllables.
* Liberation Serif (``fonts-liberation2``) and ``tesseract -l eng`` (``tesseract-ocr``): pages
  of training text are rendered with Pillow and OCR'd with the English model to learn how that
  model damages Vietnamese (the channel). OCR output is cached under ``var/restore-build/``.

Output: a zlib-compressed file holding only derived statistics: the vocabulary, pruned
syllable unigram/bigram counts, the character confusion table and a candidate index (for
each of ~16k observed forms, the syllables the decoder's channel search proposes, computed
by that very search). No corpus sentences.

Run: ``.venv/bin/python scripts/build_restore_model.py`` (about 2m15 on two cores with
the OCR cache warm: ~1.5 minutes of corpus counting, ~25 s of candidate index; the first run
adds the OCR of 36 pages).
"""

from __future__ import annotations

import argparse
import gzip
import heapq
import math
import multiprocessing
import random
import subprocess
import sys
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from difflib import SequenceMatcher
from io import BytesIO
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from thidua.core.text import nfc, normalize_tone_placement, strip_diacritics  # noqa: E402
from thidua.ingest import restore as restore_module  # noqa: E402
from thidua.ingest.restore import (  # noqa: E402
    MODEL_PATH,
    SPECIAL_TOKENS,
    canonical_syllable,
    classify_core,
    is_syllable_shaped,
    lm_tokens,
    split_token,
    token_parts,
    write_model,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "vi-admin-legal.txt.gz"
HUNSPELL = Path("/usr/share/hunspell/vi_VN.dic")
FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
]
WORK_DIR = ROOT / "var" / "restore-build"
HELDOUT_EVERY = 50

LM_MIN_COUNT = 2  # words seen fewer times are <unk>
BIGRAM_MIN_COUNT = 2  # pruning: rarer bigrams fall back to unigrams
TARGET_MIN_COUNT = 20  # corpus words this frequent join the hunspell syllables as targets
VIETNAMESE_LOWER = set(
    "abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)


# --- Corpus --------------------------------------------------------------------------------


def documents(corpus: Path = CORPUS) -> Iterator[tuple[int, list[str]]]:
    """(index, paragraphs) of every document; a blank line separates documents."""
    index = 0
    paragraphs: list[str] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as stream:
        for line in stream:
            line = line.strip()
            if line:
                paragraphs.append(line)
            elif paragraphs:
                yield index, paragraphs
                index += 1
                paragraphs = []
    if paragraphs:
        yield index, paragraphs


def is_heldout(index: int) -> bool:
    return index % HELDOUT_EVERY == 0


# --- Rendering and OCR ---------------------------------------------------------------------


def font_path() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    raise FileNotFoundError("Liberation Serif not found (apt install fonts-liberation2)")


def wrap(paragraph: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in paragraph.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def page_lines(paragraphs: list[str], rng: random.Random, size: int, count: int) -> list[str]:
    """Wrapped lines of consecutive paragraphs, some in capitals like document headings."""
    font = ImageFont.truetype(str(font_path()), size)
    lines: list[str] = []
    start = rng.randrange(len(paragraphs))
    for paragraph in paragraphs[start:] + paragraphs[:start]:
        text = normalize_tone_placement(nfc(paragraph))
        if rng.random() < 0.08 and len(text) < 120:
            text = text.upper()
        lines.extend(wrap(text, font, 2480 - 2 * 200))
        if len(lines) >= count:
            break
    return lines[:count]


def render_page(lines: list[str], size: int, rng: random.Random) -> bytes:
    font = ImageFont.truetype(str(font_path()), size)
    spacing = int(size * 1.5)
    image = Image.new("L", (2480, 200 * 2 + spacing * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((200, 200 + number * spacing), line, font=font, fill=0)
    # Mild scan-like degradation so the channel is not learned from perfect glyphs only.
    if rng.random() < 0.5:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    if rng.random() < 0.4:
        scale = rng.uniform(0.6, 0.85)
        small = image.resize((int(image.width * scale), int(image.height * scale)))
        image = small.resize(image.size)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ocr_english(png: bytes) -> str:
    result = subprocess.run(
        ["tesseract", "-", "-", "-l", "eng", "--psm", "6"],  # noqa: S607
        input=png,
        capture_output=True,
        check=True,
    )
    return nfc(result.stdout.decode("utf-8", errors="replace"))


def make_pages(
    docs: list[list[str]], count: int, cache: Path, seed: int, jobs: int = 2
) -> list[tuple[list[str], str]]:
    """(source lines, English-model OCR text) for ``count`` rendered pages, cached on disk."""
    cache.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)  # noqa: S311 - reproducible page choice
    jobs_to_run: list[tuple[Path, Path, list[str], int, int]] = []
    for page in range(count):
        size = rng.choice([42, 46, 50, 54])
        lines = page_lines(rng.choice(docs), rng, size, 40)
        source_path = cache / f"page-{seed}-{page:03d}.src.txt"
        ocr_path = cache / f"page-{seed}-{page:03d}.ocr.txt"
        jobs_to_run.append((source_path, ocr_path, lines, size, rng.randrange(1 << 30)))

    def work(job: tuple[Path, Path, list[str], int, int]) -> tuple[list[str], str]:
        source_path, ocr_path, lines, size, page_seed = job
        if ocr_path.exists() and source_path.exists():
            return source_path.read_text("utf-8").splitlines(), ocr_path.read_text("utf-8")
        text = ocr_english(render_page(lines, size, random.Random(page_seed)))  # noqa: S311
        source_path.write_text("\n".join(lines), "utf-8")
        ocr_path.write_text(text, "utf-8")
        return lines, text

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(work, jobs_to_run))


# --- Alignment -----------------------------------------------------------------------------

_FOLD = str.maketrans({"6": "o", "0": "o", "1": "l", "€": "e", "¢": "c", "&": "o", "|": "l"})


def fold(token: str) -> str:
    """Rough key so that damaged and true tokens of the same word usually agree."""
    return strip_diacritics(token.lower()).translate(_FOLD)


def aligned_tokens(source: str, observed: str) -> list[tuple[str, str]]:
    """(true token, observed token) pairs of two texts, matched on folded keys."""
    source_tokens = source.split()
    observed_tokens = observed.split()
    matcher = SequenceMatcher(
        None, [fold(t) for t in source_tokens], [fold(t) for t in observed_tokens], autojunk=False
    )
    pairs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.extend(zip(source_tokens[i1:i2], observed_tokens[j1:j2], strict=True))
    return pairs


def word_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(true syllable, observed core), both lower case, for word tokens only."""
    result: list[tuple[str, str]] = []
    for true_token, observed_token in pairs:
        _, true_core, _ = split_token(true_token)
        _, observed_core, _ = split_token(observed_token)
        if not true_core or not observed_core or classify_core(true_core) != "word":
            continue
        if not true_core.isalpha() or classify_core(observed_core) not in ("word", "damaged"):
            continue
        result.append((canonical_syllable(true_core), canonical_syllable(observed_core)))
    return result


# --- Channel (character confusion) ---------------------------------------------------------

LOOKALIKES = {
    "o": "6089&@",
    "a": "4@&d",
    "e": "€©c8",
    "l": "1I|!",
    "i": "1l!|",
    "c": "¢(©",
    "d": "p",
    "u": "wv",
    "s": "5$",
    "g": "9",
    "b": "6",
}
MAX_EMISSION = 3


def base_letter(char: str) -> str:
    return strip_diacritics(char)


def generic_cost(true_char: str, observed: str) -> float:
    """Prior cost before learning, and smoothing afterwards."""
    base = base_letter(true_char)
    if observed == true_char:
        return 0.7
    if observed == base:
        return 1.2
    if not observed:
        return 5.0
    if len(observed) == 1 and observed in LOOKALIKES.get(base, ""):
        return 3.0
    if len(observed) == 1 and base_letter(observed) == base:
        return 2.5
    return 4.0 + 3.0 * len(observed)


def align_characters(
    true_word: str,
    observed: str,
    emission_cost: dict[tuple[str, str], float],
    insertion_cost: dict[str, float],
) -> list[tuple[str, str]]:
    """Cheapest segmentation of ``observed`` into emissions of the true characters.

    Returns (true char, observed piece) pairs; an insertion is ("", observed char).
    """
    rows = len(true_word) + 1
    columns = len(observed) + 1
    infinity = math.inf
    best = [[infinity] * columns for _ in range(rows)]
    back: list[list[tuple[int, int] | None]] = [[None] * columns for _ in range(rows)]
    best[0][0] = 0.0
    for i in range(rows):
        for j in range(columns):
            here = best[i][j]
            if here == infinity:
                continue
            if j < len(observed):  # observed char from nothing
                cost = here + insertion_cost.get(observed[j], 5.0)
                if cost < best[i][j + 1]:
                    best[i][j + 1] = cost
                    back[i][j + 1] = (i, j)
            if i < len(true_word):
                char = true_word[i]
                for size in range(0, min(MAX_EMISSION, len(observed) - j) + 1):
                    piece = observed[j : j + size]
                    step = emission_cost.get((char, piece))
                    if step is None:
                        step = generic_cost(char, piece)
                    cost = here + step
                    if cost < best[i + 1][j + size]:
                        best[i + 1][j + size] = cost
                        back[i + 1][j + size] = (i, j)
    steps: list[tuple[str, str]] = []
    i, j = rows - 1, columns - 1
    while (i, j) != (0, 0):
        previous = back[i][j]
        if previous is None:
            raise RuntimeError("alignment lattice is broken")
        pi, pj = previous
        steps.append((true_word[pi] if pi < i else "", observed[pj:j]))
        i, j = pi, pj
    steps.reverse()
    return steps


def learn_channel(
    pairs: list[tuple[str, str]], iterations: int = 4
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Hard-EM character confusion costs (-log P(observed piece | true char))."""
    emission_cost: dict[tuple[str, str], float] = {}
    insertion_cost: dict[str, float] = {}
    distinct = Counter(pairs)
    smoothing = 2.0
    for _ in range(iterations):
        emitted: dict[str, Counter[str]] = defaultdict(Counter)
        inserted: Counter[str] = Counter()
        observed_total: Counter[str] = Counter()
        for (true_word, observed), weight in distinct.items():
            for char in observed:
                observed_total[char] += weight
            for true_char, piece in align_characters(
                true_word, observed, emission_cost, insertion_cost
            ):
                if true_char:
                    emitted[true_char][piece] += weight
                else:
                    inserted[piece] += weight
        emission_cost = {}
        for true_char, pieces in emitted.items():
            total = sum(pieces.values())
            for piece, count in pieces.items():
                prior = math.exp(-generic_cost(true_char, piece))
                probability = (count + smoothing * prior) / (total + smoothing)
                emission_cost[(true_char, piece)] = -math.log(probability)
        insertion_cost = {
            char: -math.log((inserted[char] + 0.5) / (observed_total[char] + 2.0))
            for char in observed_total
        }
    # Keep emissions seen at least twice plus the generic identity and base-letter ones, so
    # clean or merely unaccented text always has a cheap path.
    emissions: dict[str, dict[str, float]] = defaultdict(dict)
    for true_char, pieces in emitted.items():
        for piece, count in pieces.items():
            if count >= 2:
                emissions[true_char][piece] = round(emission_cost[(true_char, piece)], 3)
    for true_char in VIETNAMESE_LOWER:
        table = emissions[true_char]
        for piece in {true_char, base_letter(true_char)}:
            fallback = generic_cost(true_char, piece) + 1.5
            table[piece] = round(min(table.get(piece, fallback), fallback), 3)
        if true_char != base_letter(true_char):
            # Marks that survive intact are rare in English-model output but must stay cheap
            # enough for already-correct text.
            table[true_char] = min(table[true_char], 1.5)
        for piece in LOOKALIKES.get(base_letter(true_char), ""):
            table.setdefault(piece, round(generic_cost(true_char, piece) + 2.0, 3))
    return dict(emissions), {char: round(cost, 3) for char, cost in insertion_cost.items()}


# --- Language model ------------------------------------------------------------------------


def hunspell_syllables(path: Path = HUNSPELL) -> set[str]:
    lines = path.read_text("utf-8").splitlines()[1:]
    syllables = set()
    for line in lines:
        word = line.split("/")[0].strip()
        if word and word.islower() and " " not in word:
            syllables.add(canonical_syllable(word))
    return syllables


def is_vietnamese_word(word: str) -> bool:
    return all(char in VIETNAMESE_LOWER for char in word) and is_syllable_shaped(word)


# --- Candidate index ----------------------------------------------------------------------

INDEX_OUTPUTS_PER_SYLLABLE = 5  # likeliest English-model renderings of each target syllable
INDEX_OUTPUT_SLACK = 6.0  # ... within this many nats of its likeliest rendering


def likely_outputs(word: str, emissions: dict[str, dict[str, float]]) -> list[str]:
    """The likeliest observed forms of ``word`` under the channel (no insertions)."""
    tables = [
        sorted((cost, piece) for piece, cost in emissions.get(char, {char: 0.0}).items())
        for char in word
    ]
    best = sum(table[0][0] for table in tables)
    start = (0,) * len(word)
    heap = [(best, start)]
    seen = {start}
    outputs: list[str] = []
    while heap and len(outputs) < INDEX_OUTPUTS_PER_SYLLABLE:
        cost, choice = heapq.heappop(heap)
        if cost > best + INDEX_OUTPUT_SLACK:
            break
        output = canonical_syllable("".join(tables[i][j][1] for i, j in enumerate(choice)))
        if output and output not in outputs:
            outputs.append(output)
        for i, j in enumerate(choice):
            if j + 1 < len(tables[i]):
                following = (*choice[:i], j + 1, *choice[i + 1 :])
                if following not in seen:
                    seen.add(following)
                    step = tables[i][j + 1][0] - tables[i][j][0]
                    heapq.heappush(heap, (cost + step, following))
    return outputs


def index_keys(
    pages: list[tuple[list[str], str]],
    emissions: dict[str, dict[str, float]],
    targets: list[str],
) -> list[str]:
    """Observed forms worth precomputing: those of the training OCR and likely renderings."""
    keys: set[str] = set()
    for _, ocr in pages:
        for token in ocr.split():
            for _, core, kind, _ in token_parts(token)[1]:
                if kind in ("word", "damaged"):
                    keys.add(canonical_syllable(core))
    for word in targets:
        keys.update(likely_outputs(word, emissions))
    return sorted(key for key in keys if len(key) <= restore_module.MAX_OBSERVED_LENGTH)


_index_model: restore_module._Model | None = None


def _index_worker(keys: list[str]) -> list[list[tuple[str, float]]]:
    if _index_model is None:
        raise RuntimeError("index model not set")
    return [_index_model.search(key) for key in keys]


def candidate_index(
    model: restore_module._Model, keys: list[str], jobs: int
) -> tuple[list[str], dict[str, array[int]]]:
    """Candidates of every key, computed by the decoder's own search, packed into arrays."""
    global _index_model
    _index_model = model
    chunks = [keys[start : start + 500] for start in range(0, len(keys), 500)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        results = [found for chunk in pool.map(_index_worker, chunks) for found in chunk]
    offsets = array("I", [0])
    words = array("I")
    costs = array("H")
    for found in results:
        for word, cost in found:
            words.append(model.ids[word])
            costs.append(min(65535, round(cost * restore_module.INDEX_COST_SCALE)))
        offsets.append(len(words))
    return keys, {"index_offsets": offsets, "index_words": words, "index_costs": costs}


def build(args: argparse.Namespace) -> None:
    started = time.monotonic()
    training: list[list[str]] = []
    clauses: list[list[str]] = []
    unigrams: Counter[str] = Counter()
    for index, paragraphs in documents(args.corpus):
        if is_heldout(index):
            continue
        training.append(paragraphs)
        for paragraph in paragraphs:
            for clause in lm_tokens(paragraph):
                unigrams.update(clause)
                clauses.append(clause)
    print(
        f"corpus: {len(training)} training documents, {sum(unigrams.values())} tokens "
        f"({time.monotonic() - started:.0f} s)"
    )

    hunspell = hunspell_syllables()
    vocab = list(SPECIAL_TOKENS)
    frequent = sorted(
        (
            word
            for word, count in unigrams.items()
            if count >= LM_MIN_COUNT and word not in SPECIAL_TOKENS
        ),
        key=lambda word: -unigrams[word],
    )[: 65_000 - len(SPECIAL_TOKENS) - len(hunspell)]
    vocab.extend(frequent)
    in_vocab = set(vocab)
    vocab.extend(sorted(hunspell - in_vocab))
    ids = {word: index for index, word in enumerate(vocab)}
    targets = array(
        "I",
        sorted(
            ids[word]
            for word in vocab
            if word in hunspell or (unigrams[word] >= TARGET_MIN_COUNT and is_vietnamese_word(word))
        ),
    )
    print(f"vocabulary: {len(vocab)} words, {len(targets)} restoration targets")

    size = len(vocab)
    unk = ids["<unk>"]
    bos, eos = ids["<s>"], ids["</s>"]
    bigrams: Counter[int] = Counter()
    for clause in clauses:
        sequence = [bos, *(ids.get(word, unk) for word in clause), eos]
        bigrams.update(a * size + b for a, b in pairwise(sequence))
    unigram_counts = array("I", [0] * size)
    for word, count in unigrams.items():
        unigram_counts[ids.get(word, unk)] += count
    context_total = array("I", [0] * size)
    context_types = array("I", [0] * size)
    for key, count in bigrams.items():
        context_total[key // size] += count
        context_types[key // size] += 1
    kept = sorted(key for key, count in bigrams.items() if count >= BIGRAM_MIN_COUNT)
    deltas = array("I", [kept[0]] + [b - a for a, b in pairwise(kept)])
    counts = array("I", [bigrams[key] for key in kept])
    print(
        f"bigrams: {len(bigrams)} distinct, {len(kept)} kept ({time.monotonic() - started:.0f} s)"
    )

    pages = make_pages(training, args.pages, args.work_dir / "pages", seed=1, jobs=args.jobs)
    pairs: list[tuple[str, str]] = []
    for lines, ocr in pages:
        pairs.extend(word_pairs(aligned_tokens("\n".join(lines), ocr)))
    print(
        f"channel: {len(pages)} pages, {len(pairs)} aligned word pairs "
        f"({time.monotonic() - started:.0f} s)"
    )
    emissions, insertions = learn_channel(pairs)
    print(
        f"channel: {sum(len(t) for t in emissions.values())} emissions "
        f"({time.monotonic() - started:.0f} s)"
    )

    header: dict[str, object] = {
        "vocab": vocab,
        "params": {
            "discount": 0.75,
            "channel_weight": args.channel_weight,
            "keep_cost": 12.0,
            "generic_substitution": 8.0,
            "default_insertion": 6.0,
            "search_margin": 9.0,
            "max_candidates": 24,
            "max_expansions": 2000,  # search budget per token (long foreign words)
            "quick_accept": 0.0,  # > 0 enables a cheaper first search pass
        },
        "channel": {"emissions": emissions, "insertions": insertions},
    }
    arrays = {
        "unigram": unigram_counts,
        "context_total": context_total,
        "context_types": context_types,
        "bigram_key_deltas": deltas,
        "bigram_counts": counts,
        "targets": targets,
    }
    keys = index_keys(pages, emissions, [vocab[word_id] for word_id in targets])
    print(f"index: {len(keys)} observed forms ({time.monotonic() - started:.0f} s)")
    model = restore_module._Model(header, arrays)
    header["index_keys"], index_arrays = candidate_index(model, keys, args.jobs)
    arrays.update(index_arrays)
    print(
        f"index: {len(index_arrays['index_words'])} candidates ({time.monotonic() - started:.0f} s)"
    )
    write_model(args.output, header, arrays)
    print(
        f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB) "
        f"in {time.monotonic() - started:.0f} s"
    )


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    parser.add_argument("--pages", type=int, default=36, help="rendered pages for the channel")
    parser.add_argument("--jobs", type=int, default=2, help="parallel tesseract processes")
    parser.add_argument("--channel-weight", type=float, default=1.0)
    build(parser.parse_args())


if __name__ == "__main__":
    main()
