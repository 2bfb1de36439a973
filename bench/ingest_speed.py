#!/usr/bin/env python3
"""Speed of reading directives (a script, not a test; timings vary with the machine).

* Parsing: `extract` on a 10-page text (the hand-corrected Kon Tum directive repeated), goal
  < 0,5 s.
* OCR overhead: `read_source` on an image-only PDF against bare `tesseract -l vie` on the same
  page images at the same resolution, goal ≤ 20 % more. Our reader also rasterises the PDF,
  finds the two-column header and OCRs it per column, and makes page previews. Printed for one
  page at a time and for the default of pages read side by side.

Restoration speed and accuracy: bench/restore_accuracy.py.

Run: ``.venv/bin/python bench/ingest_speed.py [--pages 3]``
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from thidua.ingest import sources  # noqa: E402
from thidua.ingest.extract import extract  # noqa: E402
from thidua.ingest.rendering import OfficialHeader, render_pages  # noqa: E402
from thidua.ingest.sources import read_source  # noqa: E402
from thidua.ingest.tests.test_extract import damage  # noqa: E402

KEY = ROOT / "thidua" / "ingest" / "tests" / "data" / "chi-thi-08-key.txt"
PAGE_CHARS = 3000  # an A4 page of body text in 13 pt


def parsing() -> None:
    text = KEY.read_text(encoding="utf-8")
    ten_pages = (text + "\n\n") * max(1, (10 * PAGE_CHARS) // len(text) + 1)
    # OCR-damaged copies (1 syllable in 10) must not make the lookalike matching slow.
    damaged = "\n\n".join(damage(text, seed=seed, rate=0.1) for seed in range(4))
    for label, pages_text in (("sạch", ten_pages), ("hỏng 10 % âm tiết", damaged)):
        extract(pages_text)  # warm the regexes
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            extract(pages_text)
            runs.append(time.perf_counter() - started)
        pages = len(pages_text) / PAGE_CHARS
        print(
            f"Trích xuất {pages:.0f} trang, văn bản {label} ({len(pages_text)} ký tự): "
            f"{min(runs):.3f} s (tốt nhất 5 lần)"
        )


def ocr_overhead(page_count: int) -> None:
    lines = [line for line in KEY.read_text(encoding="utf-8").splitlines()[6:] if line.strip()]
    dpi = 200
    images = render_pages("\n".join(lines), dpi=dpi, noise=0.3, seed=1, header=OfficialHeader())
    images = images[:page_count]
    tesseract = shutil.which("tesseract")
    assert tesseract, "cần gói tesseract-ocr"  # noqa: S101
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, image in enumerate(images, start=1):
            path = Path(folder) / f"page-{number}.png"
            image.save(path, dpi=(dpi, dpi))
            paths.append(path)
        started = time.perf_counter()
        for path in paths:
            subprocess.run(  # noqa: S603 - our own files, a fixed program
                [tesseract, str(path), "stdout", "-l", "vie", "--dpi", str(dpi)],
                check=True,
                capture_output=True,
                env=environment,
            )
        bare = time.perf_counter() - started
        pdf = Path(folder) / "scan.pdf"
        images[0].save(pdf, save_all=True, append_images=images[1:], resolution=float(dpi))
        data = pdf.read_bytes()
    for lanes in (1, sources.OCR_PARALLEL_PAGES):
        sources.OCR_PARALLEL_PAGES = lanes  # type: ignore[misc]
        started = time.perf_counter()
        read_source("scan.pdf", data)
        ours = time.perf_counter() - started
        print(
            f"OCR {len(images)} trang: tesseract trần {bare:.2f} s, read_source {ours:.2f} s "
            f"({lanes} trang song song) → {100 * (ours - bare) / bare:+.0f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=3, help="số trang ảnh quét để đo OCR")
    arguments = parser.parse_args()
    parsing()
    ocr_overhead(arguments.pages)


if __name__ == "__main__":
    main()
