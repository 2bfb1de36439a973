"""Every public page: Vietnamese, landmarks, a skip link to the main content, one h1 and no
skipped heading level, tables with header cells, charts with a text alternative, forms with
labels; and the portal's colours contrast enough (WCAG AA)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from thidua.portal.tests.conftest import Portal

PAGES = [
    ("portal:home", ()),
    ("portal:targets", ()),
    ("portal:movements", ()),
    ("portal:standings", ()),
    ("opendata:index", ()),
    ("public:commendation", ()),
    ("public:decision", ("decision",)),
]
STATIC = Path(__file__).resolve().parents[2] / "static"
PORTAL_CSS = Path(__file__).resolve().parents[1] / "static" / "portal" / "portal.css"


class Outline(HTMLParser):
    """What the checks need from a page, gathered in one pass."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.first_link: dict[str, str] | None = None
        self.ids: dict[str, str] = {}
        self.landmarks: list[str] = []
        self.nav_labels: list[str] = []
        self.headings: list[int] = []
        self.tables: list[dict[str, int]] = []
        self.svgs: list[dict[str, Any]] = []
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "a" and self.first_link is None:
            self.first_link = values
        if "id" in values:
            self.ids[values["id"]] = tag
        sectioning = {"article", "aside", "main", "nav", "section"} & set(self._stack)
        if tag == "main" or (tag in ("header", "footer") and not sectioning):
            self.landmarks.append(tag)  # a header inside an article is no banner
        if tag == "nav":
            self.nav_labels.append(values.get("aria-label", ""))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append({"th": 0})
        if tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
        if tag == "svg":
            self.svgs.append({"role": values.get("role", ""), "title": False})
        if tag == "title" and self.svgs and "svg" in self._stack:
            self.svgs[-1]["title"] = True
        if tag == "label" and values.get("for"):
            self.labels.add(values["for"])
        if tag in ("input", "textarea", "select") and values.get("type") not in (
            "hidden",
            "submit",
        ):
            self.controls.append(values.get("id", ""))
        if tag not in ("input", "meta", "link", "br", "img", "circle", "line", "rect", "path"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass


def _outline(html: str) -> Outline:
    outline = Outline()
    outline.feed(html)
    return outline


def _url(name: str, args: tuple[str, ...], portal: Portal) -> str:
    return reverse(name, args=[portal.world.decision.pk] if args else [])


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_public_pages_are_accessible(portal: Portal, client: Any, name: str, args: Any) -> None:
    html = client.get(_url(name, args, portal)).content.decode()
    outline = _outline(html)

    assert outline.lang == "vi"
    assert outline.first_link is not None
    assert (outline.first_link.get("class"), outline.first_link.get("href")) == (
        "skip-link",
        "#noi-dung",
    )
    assert outline.ids.get("noi-dung") == "main"
    assert outline.landmarks == ["header", "main", "footer"]
    assert all(outline.nav_labels), "every navigation has a name"
    assert outline.headings.count(1) == 1
    assert outline.headings[0] == 1
    jumps = [
        (before, after)
        for before, after in zip(outline.headings, outline.headings[1:], strict=False)
        if after > before + 1
    ]
    assert jumps == [], "a heading level is skipped"
    assert all(table["th"] > 0 for table in outline.tables)
    assert all(svg["role"] == "img" and svg["title"] for svg in outline.svgs)
    assert [control for control in outline.controls if control not in outline.labels] == []


def test_the_comment_forms_have_labels_of_their_own(portal: Portal, client: Any) -> None:
    """One comment form per listed nomination: its fields' ids (and labels) are unique."""
    html = client.get(reverse("public:commendation")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)

    assert len(ids) == len(set(ids))
    assert f'id="id_text_{portal.listed.pk}"' in html


def _hex(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(part * 2 for part in colour)
    channels = [int(colour[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return linear[0], linear[1], linear[2]


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        red, green, blue = _hex(colour)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _variables(path: Path) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})", path.read_text(encoding="utf-8")))


def test_the_portal_colours_meet_wcag_aa() -> None:
    colours = {**_variables(STATIC / "thidua" / "app.css"), **_variables(PORTAL_CSS)}
    pairs = [
        ("--portal-ink", "#ffffff"),
        ("--portal-ink", "--bg"),
        ("--portal-ink", "--portal-band"),
        ("--portal-muted", "#ffffff"),
        ("--portal-muted", "--bg"),
        ("--portal-accent", "#ffffff"),
        ("--portal-accent", "--bg"),
        ("--portal-header-ink", "--brand"),
        ("--link", "--card"),
        ("--muted", "--bg"),
    ]

    ratios = {
        (fg, bg): round(contrast(colours.get(fg, fg), colours.get(bg, bg)), 2) for fg, bg in pairs
    }

    assert {pair: ratio for pair, ratio in ratios.items() if ratio < 4.5} == {}
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
