"""Rendering Vietnamese text to page images and image-only PDFs (OCR fixtures)."""

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from thidua.ingest import rendering
from thidua.ingest.rendering import (
    FontNotFoundError,
    OfficialHeader,
    find_font,
    render_lines,
    render_official_header_page,
    render_pages,
    render_scan_pdf,
)
from thidua.ingest.sources import find_two_column_header

A4_RATIO = 297 / 210


def test_fonts_come_from_debian_paths() -> None:
    path = find_font("serif", bold=True)
    assert path.name == "LiberationSerif-Bold.ttf"
    assert str(path).startswith("/usr/share/fonts/truetype/liberation")


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "_FONT_DIRS", (Path("/nonexistent"),))
    with pytest.raises(FontNotFoundError, match="fonts-liberation2"):
        find_font("sans")
    with pytest.raises(ValueError, match="Unknown font"):
        find_font("comic")


def test_pages_are_a4_black_on_white() -> None:
    [page] = render_lines(["Cộng hòa xã hội chủ nghĩa Việt Nam"], dpi=100)
    assert page.mode == "L"
    assert page.size == (827, 1169)
    assert page.height / page.width == pytest.approx(A4_RATIO, rel=0.01)
    low, high = page.getextrema()
    assert (low, high) == (0, 255)


def test_long_lines_wrap_and_paginate() -> None:
    long_line = "phong trào thi đua yêu nước " * 40
    [one] = render_lines([long_line], dpi=100)
    # The wrapped paragraph stays inside the 20 mm margins.
    left, _, right, bottom = Image.eval(one, lambda value: 255 - value).getbbox() or (0, 0, 0, 0)
    margin = round(20 / 25.4 * 100)
    assert left >= margin - 1
    assert right <= one.width - margin + 1
    assert bottom > 3 * 13 / 72 * 100  # several lines, not one
    pages = render_lines(["Dòng số " + str(number) for number in range(120)], dpi=100)
    assert len(pages) == 3


def test_header_page_has_two_columns_above_the_body() -> None:
    pages = render_official_header_page(
        OfficialHeader(), ["Nội dung chỉ thị."], title_lines=["CHỈ THỊ"], dpi=150
    )
    assert len(pages) == 1
    header = find_two_column_header(pages[0])
    assert header is not None
    bottom, split_x = header
    # Left column is 40 % of the text width after a 20 mm margin.
    assert 0.25 * pages[0].width < split_x < 0.55 * pages[0].width
    assert bottom < 0.25 * pages[0].height


def test_plain_page_has_no_two_column_header() -> None:
    pages = render_lines(["CHỈ THỊ", "", "Nội dung chỉ thị " * 30, "Dòng cuối."], dpi=150)
    assert find_two_column_header(pages[0]) is None


def test_scan_pdf_is_image_only_and_reproducible() -> None:
    text = "Ủy ban nhân dân tỉnh\n" * 80
    pdf = render_scan_pdf(text, dpi=100, noise=0.6, seed=7)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert all(not page.extract_text().strip() for page in reader.pages)
    assert all(page.images for page in reader.pages)
    # The PDF itself carries a creation time, so compare the degraded pages.
    first = render_pages(text, dpi=100, noise=0.6, seed=7)[0].tobytes()
    assert first == render_pages(text, dpi=100, noise=0.6, seed=7)[0].tobytes()
    assert first != render_pages(text, dpi=100, noise=0.6, seed=8)[0].tobytes()


def test_noise_degrades_but_keeps_the_page() -> None:
    [clean] = render_pages("Độc lập - Tự do - Hạnh phúc", dpi=100)
    [noisy] = render_pages("Độc lập - Tự do - Hạnh phúc", dpi=100, noise=1.0, seed=1)
    assert clean.size == noisy.size
    assert noisy.getextrema()[1] < 255  # grey photocopy background
