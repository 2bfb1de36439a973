"""From an uploaded file to text and a structured draft: read (OCR when needed), restore legacy
OCR text when it looks damaged, extract. No database here: the CLI and the background job share it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from thidua.core.text import nfc, normalize_tone_placement
from thidua.ingest.extract import extract
from thidua.ingest.restore import looks_damaged, restore
from thidua.ingest.sources import SourcePage, read_source

# Restored words below this confidence are shown to the reviewer.
DOUBTFUL_BELOW = 0.8

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Reading:
    kind: str
    ocr: bool
    restored: bool
    source_text: str  # as read from the file (after OCR), before restoration
    text: str  # restored when it was damaged, else the source text
    doubtful: list[dict[str, Any]]
    pages: list[SourcePage]
    extraction: dict[str, Any] = field(default_factory=dict)


def read_document(
    name: str, data: bytes, *, allow_restore: bool = True, progress: Progress | None = None
) -> Reading:
    """Read `data` (raises SourceError with a Vietnamese reason) and extract its structure."""
    source = read_source(name, data, progress=progress)
    text, doubtful, restored = source.text, [], False
    if allow_restore and not source.ocr and looks_damaged(source.text):
        step = _("Khôi phục dấu tiếng Việt")

        def restoring(done: int, total: int) -> None:
            if progress is not None:
                progress(step, done, total)

        restoration = restore(source.text, progress=restoring)
        text, restored = restoration.text, True
        doubtful = [
            {
                "start": token.start,
                "end": token.end,
                "original": token.original,
                "text": token.text,
                "confidence": round(token.confidence, 3),
            }
            for token in restoration.tokens
            if token.confidence < DOUBTFUL_BELOW
        ]
    if source.ocr:
        doubtful = ocr_doubtful_spans(source.pages)
    if progress is not None:
        progress(_("Trích xuất chỉ tiêu và nội dung"), 1, 1)
    return Reading(
        kind=source.kind,
        ocr=source.ocr,
        restored=restored,
        source_text=source.text,
        text=text,
        doubtful=doubtful,
        pages=source.pages,
        extraction=extract(text).as_dict(),
    )


def ocr_doubtful_spans(pages: list[SourcePage]) -> list[dict[str, Any]]:
    """Where the words Tesseract was unsure of sit in the joined text (pages joined as
    `read_source` joins them); each word is searched after the previous one, in reading order."""
    spans: list[dict[str, Any]] = []
    offset = 0
    for page in pages:
        if not page.text:
            continue
        position = 0
        for word, confidence in page.doubtful:
            clean = normalize_tone_placement(nfc(word))
            found = page.text.find(clean, position)
            if found < 0:
                continue
            start = offset + found
            spans.append(
                {
                    "start": start,
                    "end": start + len(clean),
                    "original": clean,
                    "text": clean,
                    "confidence": confidence,
                }
            )
            position = found + len(clean)
        offset += len(page.text) + 2
    return spans


def as_json(reading: Reading) -> dict[str, Any]:
    """The `thidua ingest --json` document."""
    extraction = reading.extraction
    return {
        "document": extraction["document"],
        "text": reading.text,
        "restored": reading.restored,
        "ocr": reading.ocr,
        **{key: value for key, value in extraction.items() if key != "document"},
    }
