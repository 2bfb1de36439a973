#!/usr/bin/env python3
"""Measure ``thidua.ingest.restore``: held-out accuracy, seed accuracy and speed.

* Held-out: documents the model never saw (every 50th of the corpus, see
  ``scripts/build_restore_model.py``) are rendered, OCR'd with ``tesseract -l eng`` (cached under
  ``var/restore-build/heldout``), restored, and compared syllable by syllable with the source.
* Seed: the first N lines of the Kon Tum directive's legacy OCR copy against a hand-written key
  (measuring only; the key never feeds the model).
* Speed: model load time and syllables per second of ``restore`` on one core, cold (the first
  restoration in the process, model already loaded) and warm (the same texts again).
* Confidence: the share of wrong and of right syllables whose ``confidence`` is below 0.8 (the
  review page highlights those).

A syllable counts as correct when it equals the truth after NFC, traditional tone placement
and lower-casing (the comparison is case-insensitive). Tokens are paired by aligning the
source with the damaged OCR text; the same pairs score the damaged input (baseline) and the
restored text.

Run: ``.venv/bin/python bench/restore_accuracy.py [--pages 8] [--seed-lines 70]``
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import build_restore_model as build  # noqa: E402

from thidua.ingest import restore as restore_module  # noqa: E402
from thidua.ingest.restore import (  # noqa: E402
    Restoration,
    RestoredToken,
    canonical_syllable,
    classify_core,
    split_token,
)

# The material of ../shared (see its README), beside the repository.
SEED = ROOT.parent / "shared" / "seeds" / "000_03ed2bbcc3960248.txt"
KEYS = [
    ROOT / "thidua" / "ingest" / "tests" / "data" / "chi-thi-08-key.txt",
    ROOT / "bench" / "data" / "seed-key-first-lines.txt",
]


def aligned_indexes(truth: list[str], damaged: list[str]) -> list[tuple[int, int]]:
    matcher = SequenceMatcher(
        None, [build.fold(t) for t in truth], [build.fold(t) for t in damaged], autojunk=False
    )
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
    return pairs


FLAG_BELOW = 0.8  # the review page highlights tokens less confident than this


class Score:
    def __init__(self) -> None:
        self.total = 0
        self.baseline = 0
        self.restored = 0
        self.unaligned = 0
        self.errors: list[tuple[str, str, str, float]] = []
        self.wrong_flagged = 0
        self.right_flagged = 0

    def add(self, truth: str, damaged: str, restoration: Restoration | str) -> None:
        """Score one text; ``restoration`` may be a plain string (then no confidences)."""
        if isinstance(restoration, str):
            restored, tokens = restoration, []
        else:
            restored, tokens = restoration.text, restoration.tokens
        truth_tokens = truth.split()
        damaged_tokens = damaged.split()
        # Restoration may split glued tokens ("02nam" → "02 năm"), so the restored text is
        # aligned with the truth on its own; the scored syllables are those the damaged input
        # aligns with, so baseline and restored are measured on the same set.
        spans = [(match.start(), match.end()) for match in re.finditer(r"\S+", restored)]
        restored_tokens = [restored[start:end] for start, end in spans]
        confidence = [1.0] * len(spans)
        position = 0
        for token in tokens:
            while position < len(spans) and spans[position][1] <= token.start:
                position += 1
            if position < len(spans):
                confidence[position] = min(confidence[position], token.confidence)
        restored_of = dict(aligned_indexes(truth_tokens, restored_tokens))
        pairs = aligned_indexes(truth_tokens, damaged_tokens)
        words = 0
        for i, j in pairs:
            _, true_core, _ = split_token(truth_tokens[i])
            if classify_core(true_core) != "word":
                continue
            words += 1
            expected = canonical_syllable(true_core)
            self.total += 1
            if canonical_syllable(split_token(damaged_tokens[j])[1]) == expected:
                self.baseline += 1
            k = restored_of.get(i)
            got = canonical_syllable(split_token(restored_tokens[k])[1]) if k is not None else ""
            flagged = k is not None and confidence[k] < FLAG_BELOW
            if got == expected:
                self.restored += 1
                self.right_flagged += flagged
            else:
                self.wrong_flagged += flagged
                self.errors.append(
                    (damaged_tokens[j], got, expected, confidence[k] if k is not None else 0.0)
                )
        self.unaligned += (
            sum(classify_core(split_token(t)[1]) == "word" for t in truth_tokens) - words
        )

    def report(self, title: str) -> None:
        print(f"{title}: {self.total} aligned syllables ({self.unaligned} unaligned, not scored)")
        print(f"  baseline (damaged input): {100 * self.baseline / self.total:.1f} %")
        print(f"  restored:                 {100 * self.restored / self.total:.1f} %")
        wrong = self.total - self.restored
        print(
            f"  confidence < {FLAG_BELOW}: {100 * self.wrong_flagged / max(1, wrong):.0f} % of "
            f"wrong tokens flagged, {100 * self.right_flagged / max(1, self.restored):.1f} % of "
            "right tokens flagged"
        )


def tokens_by_line(restoration: Restoration) -> dict[int, list[RestoredToken]]:
    """Restored tokens of each line, with offsets relative to the line."""
    starts = [0] + [match.end() for match in re.finditer("\n", restoration.text)]
    result: dict[int, list[RestoredToken]] = {}
    line = 0
    for token in restoration.tokens:
        while line + 1 < len(starts) and starts[line + 1] <= token.start:
            line += 1
        shift = starts[line]
        result.setdefault(line, []).append(
            dataclasses.replace(token, start=token.start - shift, end=token.end - shift)
        )
    return result


def line_restoration(text: str, tokens: list[RestoredToken]) -> Restoration:
    return Restoration(text=text, tokens=tokens, damaged=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8, help="held-out pages of 40 lines")
    parser.add_argument("--seed-lines", type=int, default=70)
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()

    started = time.perf_counter()
    restore_module._get_model()
    print(
        f"model load: {time.perf_counter() - started:.2f} s "
        f"({restore_module.MODEL_PATH.stat().st_size / 1e6:.1f} MB)"
    )

    heldout = [paragraphs for index, paragraphs in build.documents() if build.is_heldout(index)]
    pages = build.make_pages(heldout, args.pages, ROOT / "var" / "restore-build" / "heldout", 7)
    damaged_all = "\n\n".join(ocr for _, ocr in pages)
    syllables = sum(
        classify_core(split_token(t)[1]) in ("word", "damaged") for t in damaged_all.split()
    )
    started = time.perf_counter()
    restored_pages = [restore_module.restore(ocr) for _, ocr in pages]
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for _, ocr in pages:
        restore_module.restore(ocr)
    warm = time.perf_counter() - started
    score = Score()
    for (lines, ocr), restored in zip(pages, restored_pages, strict=True):
        score.add("\n".join(lines), ocr, restored)
    score.report(f"held-out ({len(heldout)} documents, {len(pages)} rendered pages)")
    print(
        f"speed, cold (first restoration in the process): {syllables / cold:.0f} syllables/s "
        f"({syllables} word tokens in {cold:.2f} s, one core)"
    )
    print(
        f"speed, warm (same texts again, caches filled): {syllables / warm:.0f} syllables/s "
        f"({warm:.2f} s)"
    )

    key_path = next((path for path in KEYS if path.exists()), None)
    if key_path is None:
        print("seed: no key file")
    else:
        seed_lines = SEED.read_text("utf-8").splitlines()
        key_lines = key_path.read_text("utf-8").splitlines()
        count = min(args.seed_lines, len(key_lines))
        restoration = restore_module.restore("\n".join(seed_lines))
        restored_lines = restoration.text.splitlines()
        seed_score = Score()
        line_tokens = tokens_by_line(restoration)
        for number in range(count):
            seed_score.add(
                key_lines[number],
                seed_lines[number],
                line_restoration(restored_lines[number], line_tokens.get(number, [])),
            )
        seed_score.report(f"seed, first {count} lines (key {key_path.relative_to(ROOT)})")
        seed_score_all = Score()
        for number in range(min(len(key_lines), len(restored_lines))):
            seed_score_all.add(
                key_lines[number],
                seed_lines[number],
                line_restoration(restored_lines[number], line_tokens.get(number, [])),
            )
        seed_score_all.report(f"seed, all {len(key_lines)} lines")
        if args.show_errors:
            for damaged, got, expected, conf in seed_score.errors[: args.show_errors]:
                print(f"    {damaged!r:>14} → {got!r:>12}  expected {expected!r} ({conf:.2f})")
    if args.show_errors:
        print("held-out errors:")
        for damaged, got, expected, conf in score.errors[: args.show_errors]:
            print(f"    {damaged!r:>14} → {got!r:>12}  expected {expected!r} ({conf:.2f})")


if __name__ == "__main__":
    main()
