"""Render correct Vietnamese text to A4 page images and image-only ("scanned") PDFs.

Used to build OCR test fixtures at test time and to learn OCR confusions from text whose
truth is known. Fonts come only from Debian packages (``fonts-liberation2`` or
``fonts-liberation``); nothing is downloaded.

Layout follows Decree 30/2020/NĐ-CP loosely: A4, 20 mm margins, Times-like serif at 13 pt,
and for :func:`render_official_header_page` the two-column header (issuing body and number on
the left, national motto, place and date on the right).
"""

from __future__ import annotations

import io
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = [
    "A4_MM",
    "FontNotFoundError",
    "OfficialHeader",
    "find_font",
    "render_lines",
    "render_official_header_page",
    "render_pages",
    "render_scan_pdf",
]

A4_MM: Final = (210.0, 297.0)
MM_PER_INCH: Final = 25.4
POINTS_PER_INCH: Final = 72.0
LINE_SPACING: Final = 1.35  # baseline-to-baseline distance, in multiples of the font size

_FONT_DIRS: Final = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
_FONT_FAMILIES: Final = {
    "serif": "LiberationSerif",
    "sans": "LiberationSans",
    "mono": "LiberationMono",
}
_FONT_STYLES: Final = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


class FontNotFoundError(RuntimeError):
    """The Debian font package the renderer needs is not installed."""


def find_font(font: str = "serif", *, bold: bool = False, italic: bool = False) -> Path:
    """Path of a Liberation font file; ``font`` is "serif", "sans" or "mono"."""
    family = _FONT_FAMILIES.get(font)
    if family is None:
        raise ValueError(f"Unknown font {font!r}; use one of {sorted(_FONT_FAMILIES)}")
    file_name = f"{family}-{_FONT_STYLES[(bold, italic)]}.ttf"
    for directory in _FONT_DIRS:
        candidate = directory / file_name
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(directory) for directory in _FONT_DIRS)
    raise FontNotFoundError(
        f"Font {file_name} not found in {searched}; install the Debian package fonts-liberation2"
    )


@lru_cache(maxsize=64)
def _load_font(
    font: str, size_px: int, bold: bool = False, italic: bool = False
) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(find_font(font, bold=bold, italic=italic)), size_px)


def _mm_to_px(mm: float, dpi: int) -> int:
    return round(mm / MM_PER_INCH * dpi)


def _pt_to_px(points: float, dpi: int) -> int:
    return max(1, round(points / POINTS_PER_INCH * dpi))


def _blank_page(dpi: int) -> Image.Image:
    size = (_mm_to_px(A4_MM[0], dpi), _mm_to_px(A4_MM[1], dpi))
    return Image.new("L", size, 255)


def _wrap(line: str, typeface: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    """Greedy word wrap; a single word wider than the line is cut by characters."""
    if not line.strip():
        return [""]
    wrapped: list[str] = []
    current = ""
    for word in line.split():
        candidate = f"{current} {word}" if current else word
        if typeface.getlength(candidate) <= width_px:
            current = candidate
            continue
        if current:
            wrapped.append(current)
        while typeface.getlength(word) > width_px:
            cut = len(word) - 1
            while cut > 1 and typeface.getlength(word[:cut]) > width_px:
                cut -= 1
            wrapped.append(word[:cut])
            word = word[cut:]
        current = word
    wrapped.append(current)
    return wrapped


@dataclass(frozen=True)
class _Style:
    font: str
    size_px: int
    margin_px: int
    dpi: int

    @property
    def line_height(self) -> int:
        return round(self.size_px * LINE_SPACING)

    def typeface(self, *, bold: bool = False, italic: bool = False) -> ImageFont.FreeTypeFont:
        return _load_font(self.font, self.size_px, bold, italic)


def _flow_lines(
    lines: Sequence[str], style: _Style, first_page: Image.Image | None, first_y: int
) -> list[Image.Image]:
    """Draw ``lines`` top to bottom, starting a new page whenever the bottom margin is hit."""
    typeface = style.typeface()
    pages: list[Image.Image] = []
    page = first_page if first_page is not None else _blank_page(style.dpi)
    pages.append(page)
    draw = ImageDraw.Draw(page)
    width_px = page.width - 2 * style.margin_px
    bottom = page.height - style.margin_px
    y = first_y
    for source_line in lines:
        for line in _wrap(unicodedata.normalize("NFC", source_line), typeface, width_px):
            if y + style.line_height > bottom:
                page = _blank_page(style.dpi)
                pages.append(page)
                draw = ImageDraw.Draw(page)
                y = style.margin_px
            if line:
                draw.text((style.margin_px, y), line, font=typeface, fill=0)
            y += style.line_height
    return pages


def render_lines(
    lines: Sequence[str],
    *,
    dpi: int = 300,
    font_size_pt: float = 13,
    font: str = "serif",
    margin_mm: float = 20,
) -> list[Image.Image]:
    """Render ``lines`` on A4 pages (greyscale, black on white), wrapping and paginating.

    An empty string gives an empty line (a paragraph break). Always returns at least one page.
    """
    style = _Style(font, _pt_to_px(font_size_pt, dpi), _mm_to_px(margin_mm, dpi), dpi)
    return _flow_lines(lines, style, None, style.margin_px)


@dataclass(frozen=True)
class OfficialHeader:
    """The two-column header of a Vietnamese administrative document (Decree 30/2020)."""

    issuer_parent: str = "ỦY BAN NHÂN DÂN"
    issuer: str = "TỈNH KON TUM"
    number: str = "Số: 08/CT-UBND"
    place_date: str = "Kon Tum, ngày 06 tháng 02 năm 2024"
    motto_country: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"

    @property
    def left_lines(self) -> list[str]:
        return [self.issuer_parent, self.issuer, self.number]

    @property
    def right_lines(self) -> list[str]:
        return [self.motto_country, self.motto, self.place_date]


def _draw_header_column(
    draw: ImageDraw.ImageDraw,
    rows: Sequence[tuple[str, ImageFont.FreeTypeFont, bool]],
    left: int,
    width: int,
    top: int,
    line_height: int,
) -> int:
    """Centre each (text, font, underline) row in the column; return the y below it."""
    y = top
    for text, typeface, underline in rows:
        text_width = typeface.getlength(text)
        x = left + (width - text_width) / 2
        draw.text((x, y), text, font=typeface, fill=0)
        y += line_height
        if underline:
            # The short rule under the issuer and the motto, a third of the text's width.
            rule = max(text_width / 3, line_height)
            rule_y = y + line_height // 10
            draw.line(
                [(left + (width - rule) / 2, rule_y), (left + (width + rule) / 2, rule_y)],
                fill=0,
                width=max(1, line_height // 25),
            )
            y += line_height // 3
    return y


def render_official_header_page(
    header: OfficialHeader,
    body_lines: Sequence[str],
    *,
    title_lines: Sequence[str] = (),
    dpi: int = 300,
    font_size_pt: float = 13,
    font: str = "serif",
    margin_mm: float = 20,
) -> list[Image.Image]:
    """Pages of a document whose first page carries the two-column official header.

    ``title_lines`` (e.g. "CHỈ THỊ", the subject line) are centred and bold below the header;
    ``body_lines`` flow after them exactly as in :func:`render_lines`.
    """
    style = _Style(font, _pt_to_px(font_size_pt, dpi), _mm_to_px(margin_mm, dpi), dpi)
    page = _blank_page(dpi)
    draw = ImageDraw.Draw(page)
    # Header text is a point smaller than the body, as in real documents.
    header_px = _pt_to_px(font_size_pt - 1, dpi)
    regular = _load_font(font, header_px)
    bold = _load_font(font, header_px, True)
    line_height = round(header_px * LINE_SPACING)
    content_width = page.width - 2 * style.margin_px
    left_width = round(content_width * 0.40)
    right_left = style.margin_px + left_width
    right_width = content_width - left_width
    left_rows = [
        (header.issuer_parent, regular, False),
        (header.issuer, bold, True),
        (header.number, regular, False),
    ]
    right_rows = [
        (header.motto_country, bold, False),
        (header.motto, bold, True),
        (header.place_date, _load_font(font, header_px, False, True), False),
    ]
    top = style.margin_px
    left_bottom = _draw_header_column(
        draw, left_rows, style.margin_px, left_width, top, line_height
    )
    right_bottom = _draw_header_column(draw, right_rows, right_left, right_width, top, line_height)
    y = max(left_bottom, right_bottom) + style.line_height
    title_font = style.typeface(bold=True)
    for title in title_lines:
        for line in _wrap(unicodedata.normalize("NFC", title), title_font, content_width):
            x = style.margin_px + (content_width - title_font.getlength(line)) / 2
            draw.text((x, y), line, font=title_font, fill=0)
            y += style.line_height
    if title_lines:
        y += style.line_height // 2
    return _flow_lines(body_lines, style, page, y)


def render_pages(
    text: str,
    *,
    dpi: int = 200,
    noise: float = 0.0,
    seed: int = 0,
    header: OfficialHeader | None = None,
    title_lines: Sequence[str] = (),
    font_size_pt: float = 13,
) -> list[Image.Image]:
    """Pages of ``text`` (one source line per paragraph), degraded by ``noise`` in [0, 1]."""
    lines = text.splitlines()
    if header is not None:
        pages = render_official_header_page(
            header, lines, title_lines=title_lines, dpi=dpi, font_size_pt=font_size_pt
        )
    else:
        pages = render_lines(
            [*title_lines, *lines] if title_lines else lines, dpi=dpi, font_size_pt=font_size_pt
        )
    if noise <= 0:
        return pages
    generator = random.Random(seed)  # noqa: S311 - reproducible fixture noise, not security
    return [_degrade(page, noise, generator) for page in pages]


def _degrade(page: Image.Image, noise: float, generator: random.Random) -> Image.Image:
    """Make a clean render look photocopied: slight skew, blur, grey speckles."""
    strength = min(max(noise, 0.0), 1.0)
    angle = generator.uniform(-1.0, 1.0) * strength
    degraded = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if strength >= 0.2:
        degraded = degraded.filter(ImageFilter.GaussianBlur(radius=0.3 + 0.7 * strength))
    # Sparse speckles: a few per thousand pixels at full strength; cheap with a point mask.
    speckle_count = int(page.width * page.height * 0.002 * strength)
    pixels = degraded.load()
    if pixels is None:  # only for lazily decoded images, never for a rendered page
        return degraded
    for _ in range(speckle_count):
        x = generator.randrange(page.width)
        y = generator.randrange(page.height)
        pixels[x, y] = generator.randrange(0, 160) if generator.random() < 0.5 else 255
    # A light grey background, as a photocopier leaves it.
    return degraded.point(lambda value: min(value, 255 - round(18 * strength)))


def render_scan_pdf(
    text: str,
    *,
    dpi: int = 200,
    noise: float = 0.0,
    seed: int = 0,
    header: OfficialHeader | None = None,
    title_lines: Sequence[str] = (),
) -> bytes:
    """An image-only PDF of ``text`` (no text layer), as a scanner would produce it.

    With ``header`` the first page carries the two-column official header; ``noise`` in
    [0, 1] adds skew, blur and speckles, reproducibly for a given ``seed``.
    """
    pages = render_pages(
        text, dpi=dpi, noise=noise, seed=seed, header=header, title_lines=title_lines
    )
    buffer = io.BytesIO()
    pages[0].save(
        buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi)
    )
    return buffer.getvalue()
