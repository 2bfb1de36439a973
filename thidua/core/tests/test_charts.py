"""Tests for thidua.core.charts (pure Python SVG rendering, no Django needed)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from thidua.core.charts import (
    EMPTY_MESSAGE,
    FONT_FAMILY,
    FORECAST_COLOUR,
    SERIES_COLOUR,
    STATUS_COLOURS,
    SVG_NAMESPACE,
    TARGET_COLOUR,
    completeness_bar,
    nice_ceiling,
    progress_bar,
    trend_chart,
)

NS = {"svg": SVG_NAMESPACE}
EVIL = '<script>alert("x")</script>&"\'>'
D = Decimal


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def find_all(root: ET.Element, tag: str, css_class: str | None = None) -> list[ET.Element]:
    found = root.findall(f".//svg:{tag}", NS)
    if css_class is None:
        return found
    return [el for el in found if css_class in (el.get("class") or "").split()]


def num(element: ET.Element, attribute: str) -> float:
    value = element.get(attribute)
    assert value is not None, f"{element.tag} has no {attribute}"
    return float(value)


def monthly(*values: str, year: int = 2024) -> list[tuple[date, Decimal]]:
    """One value at the 15th of each month, starting in January."""
    return [(date(year, month, 15), D(value)) for month, value in enumerate(values, start=1)]


def grid_lines(root: ET.Element) -> dict[str, float]:
    """Gridline label → y coordinate."""
    lines = find_all(root, "g", "grid")[0].findall("svg:line", NS)
    labels = find_all(root, "g", "y-labels")[0].findall("svg:text", NS)
    assert len(lines) == len(labels)
    return {label.text or "": num(line, "y1") for line, label in zip(lines, labels, strict=True)}


def plot_edges(root: ET.Element) -> tuple[float, float]:
    first = find_all(root, "g", "grid")[0].findall("svg:line", NS)[0]
    return num(first, "x1"), num(first, "x2")


def relative_luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


FULL_CHART = {
    "points": monthly("350", "720", "1100", "1480", "1900", "2310", "2650", "3020"),
    "title": "Số km đường giao thông nông thôn",
    "description": "Lũy kế 8 tháng đạt 3.020 km; dự báo cả năm 4.400 km; chỉ tiêu 4.600 km.",
    "target": D(4600),
    "forecast": (date(2024, 12, 31), D(4400)),
    "year": 2024,
    "unit": "km",
}


def full_chart(**overrides: object) -> str:
    return trend_chart(**{**FULL_CHART, **overrides})  # type: ignore[arg-type]


SAMPLES = {
    "full": lambda: full_chart(),
    "empty": lambda: trend_chart([], title="Trống", description="Chưa có dữ liệu"),
    "empty_with_target": lambda: trend_chart(
        [], title="T", description="D", target=D(5), forecast=(date(2024, 12, 31), D(3))
    ),
    "single_point_no_year": lambda: trend_chart(
        [(date(2024, 3, 20), D("63.7"))], title="Một điểm", description="D", unit="%"
    ),
    "no_year_multi_year": lambda: trend_chart(
        [(date(2022, 6, 1), D(1)), (date(2024, 9, 1), D(9))], title="Nhiều năm", description="D"
    ),
    "negative": lambda: trend_chart(
        monthly("-12.5", "-3", "4", "7"), title="Âm", description="D", year=2024, target=D(5)
    ),
    "all_zero": lambda: trend_chart(monthly("0", "0"), title="0", description="D", year=2024),
    "responsive": lambda: full_chart(responsive=True),
    "small": lambda: full_chart(width=200, height=120),
    "evil": lambda: full_chart(title=EVIL, description=EVIL, target_label=EVIL, unit=EVIL),
    "progress": lambda: progress_bar(D("0.637"), label="Tiến độ", status_colour="dat"),
    "progress_none": lambda: progress_bar(None, label=EVIL, status_colour="#767676"),
    "completeness": lambda: completeness_bar(3, 1, 2, title="Báo cáo quý I"),
    "completeness_zero": lambda: completeness_bar(0, 0, 0, title=EVIL),
}


# --- nice_ceiling ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "1"),
        ("7", "10"),
        ("12", "20"),
        ("23", "25"),
        ("4600", "5000"),
        ("63.7", "100"),
        ("0.42", "0.5"),
        ("1", "1"),
        ("2", "2"),
        ("2.5", "2.5"),
        ("2.6", "5"),
        ("5", "5"),
        ("10", "10"),
        ("10.01", "20"),
        ("99", "100"),
        ("1700000", "2000000"),
        ("0.07", "0.1"),
        ("-5", "1"),
    ],
)
def test_nice_ceiling(value: str, expected: str) -> None:
    result = nice_ceiling(D(value))
    assert result == D(expected)
    assert str(result) == expected  # plain notation, no "5E+3" or "0.50"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_nice_ceiling_rejects_non_finite(value: str) -> None:
    with pytest.raises(ValueError, match="không hữu hạn"):
        nice_ceiling(D(value))


# --- Common properties of every SVG --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_well_formed_and_accessible(name: str) -> None:
    svg = SAMPLES[name]()
    root = parse(svg)
    assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
    assert root.get("role") == "img"
    assert root.get("font-family") == FONT_FAMILY
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox") or "")
    if name == "responsive":
        assert root.get("width") == "100%"
        assert root.get("height") is None
    else:
        _, _, width, height = (root.get("viewBox") or "").split()
        assert (root.get("width"), root.get("height")) == (width, height)
    # <title> then <desc> are the first children and are what aria-labelledby points to.
    title, desc = list(root)[:2]
    assert title.tag == f"{{{SVG_NAMESPACE}}}title"
    assert desc.tag == f"{{{SVG_NAMESPACE}}}desc"
    assert title.text
    assert desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_no_external_references(name: str) -> None:
    svg = SAMPLES[name]()
    urls = re.findall(r"[a-z][a-z0-9+.-]*://[^\s\"'<>]*", svg, flags=re.IGNORECASE)
    assert urls == [SVG_NAMESPACE]
    assert svg.count("http") == 1
    lowered = svg.lower()
    for forbidden in ("url(", "href", "<script", "<style", "<image", "<foreignobject", "@import"):
        assert forbidden not in lowered


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_coordinates_rounded_to_one_decimal(name: str) -> None:
    root = parse(SAMPLES[name]())
    geometric = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"}
    checked = 0
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute in geometric and value != "100%":
                assert re.fullmatch(r"-?\d+(\.\d)?", value), f"{attribute}={value}"
                checked += 1
            if attribute == "points":
                for pair in value.split():
                    assert re.fullmatch(r"-?\d+(\.\d)?,-?\d+(\.\d)?", pair), pair
    assert checked > 0


def test_output_is_deterministic_and_ids_differ_between_charts() -> None:
    assert full_chart() == full_chart()
    first = parse(full_chart()).get("aria-labelledby")
    second = parse(full_chart(target=D(4000))).get("aria-labelledby")
    assert first != second


# --- Escaping ------------------------------------------------------------------------------


def test_trend_chart_escapes_user_text() -> None:
    svg = full_chart(title=EVIL, description=EVIL, target_label=EVIL, unit=EVIL)
    assert "<script" not in svg
    root = parse(svg)
    assert root.findtext("svg:title", namespaces=NS) == EVIL
    assert root.findtext("svg:desc", namespaces=NS) == EVIL
    target = find_all(root, "g", "target")[0]
    assert target.findtext("svg:title", namespaces=NS) == f"{EVIL}: 4.600 {EVIL}"
    assert target.findtext("svg:text", namespaces=NS) == f"{EVIL}: 4.600 {EVIL}"
    point = find_all(root, "circle", "point")[0]
    assert point.findtext("svg:title", namespaces=NS) == f"15/01/2024: 350 {EVIL}"


def test_bars_escape_user_text() -> None:
    label = '<script>&"'
    for svg in (
        progress_bar(D(1), label=label, status_colour="vuot"),
        completeness_bar(1, 2, 3, title=label),
    ):
        assert "<script" not in svg
        assert parse(svg).findtext("svg:title", namespaces=NS) == label


def test_characters_invalid_in_xml_are_dropped() -> None:
    svg = full_chart(title="Chỉ\x00 tiêu\x0b 2024\ud800", target_label="A\x1fB")
    root = parse(svg)
    assert root.findtext("svg:title", namespaces=NS) == "Chỉ tiêu 2024"
    assert find_all(root, "g", "target")[0].findtext("svg:title", namespaces=NS) == "AB: 4.600 km"


# --- Trend chart ---------------------------------------------------------------------------


def test_point_count_and_tooltips() -> None:
    root = parse(full_chart())
    points = find_all(root, "circle", "point")
    assert len(points) == len(FULL_CHART["points"])  # type: ignore[arg-type]
    assert [p.findtext("svg:title", namespaces=NS) for p in points][:3] == [
        "15/01/2024: 350 km",
        "15/02/2024: 720 km",
        "15/03/2024: 1.100 km",
    ]
    assert all(p.findtext("svg:title", namespaces=NS) for p in points)
    series = find_all(root, "polyline", "series")
    assert len(series) == 1
    assert series[0].get("stroke") == SERIES_COLOUR
    assert len((series[0].get("points") or "").split()) == len(points)


def test_decimal_values_use_vietnamese_notation() -> None:
    root = parse(
        trend_chart([(date(2024, 3, 20), D("63.7"))], title="T", description="D", unit="%")
    )
    point = find_all(root, "circle", "point")[0]
    assert point.findtext("svg:title", namespaces=NS) == "20/03/2024: 63,7 %"
    assert list(grid_lines(root)) == ["0", "20", "40", "60", "80", "100"]


def test_unsorted_points_are_drawn_in_date_order() -> None:
    points = [(date(2024, 5, 1), D(5)), (date(2024, 2, 1), D(2)), (date(2024, 9, 1), D(9))]
    root = parse(trend_chart(points, title="T", description="D", year=2024))
    xs = [num(c, "cx") for c in find_all(root, "circle", "point")]
    assert xs == sorted(xs)
    titles = [c.findtext("svg:title", namespaces=NS) for c in find_all(root, "circle", "point")]
    assert titles == ["01/02/2024: 2", "01/05/2024: 5", "01/09/2024: 9"]


@pytest.mark.parametrize(
    ("values", "expected_labels"),
    [
        (["3020", "4600"], ["0", "1.000", "2.000", "3.000", "4.000", "5.000"]),
        (["63.7"], ["0", "20", "40", "60", "80", "100"]),
        (["1.7"], ["0", "0,5", "1", "1,5", "2"]),
        (["23"], ["0", "5", "10", "15", "20", "25"]),
        (["0.42"], ["0", "0,1", "0,2", "0,3", "0,4", "0,5"]),
        (["0"], ["0", "0,2", "0,4", "0,6", "0,8", "1"]),
        (["1700000"], ["0", "500.000", "1.000.000", "1.500.000", "2.000.000"]),
    ],
)
def test_value_axis_gridlines(values: list[str], expected_labels: list[str]) -> None:
    root = parse(trend_chart(monthly(*values), title="T", description="D", year=2024))
    lines = grid_lines(root)
    assert list(lines) == expected_labels
    assert 4 <= len(lines) <= 6
    ys = list(lines.values())
    assert ys == sorted(ys, reverse=True)  # from the bottom up
    gaps = {round(b - a, 1) for a, b in itertools.pairwise(reversed(ys))}
    assert max(gaps) - min(gaps) <= 0.2  # evenly spaced (up to rounding)


def test_target_and_forecast_extend_the_value_axis() -> None:
    root = parse(trend_chart(monthly("10", "20"), title="T", description="D", target=D(60)))
    assert list(grid_lines(root))[-1] == "100"
    root = parse(
        trend_chart(
            monthly("10", "20"),
            title="T",
            description="D",
            forecast=(date(2024, 12, 31), D(230)),
        )
    )
    assert list(grid_lines(root))[-1] == "250"


def test_negative_values_extend_the_axis_below_zero() -> None:
    root = parse(trend_chart(monthly("-12.5", "-3", "4", "7"), title="T", description="D"))
    lines = grid_lines(root)
    assert list(lines) == ["-15", "-10", "-5", "0", "5", "10"]
    points = find_all(root, "circle", "point")
    lowest = max(num(p, "cy") for p in points)
    assert lines["-15"] >= lowest >= lines["-10"]


@pytest.mark.parametrize(("target", "data_max"), [("50", "80"), ("100", "80"), ("4600", "3020")])
def test_target_line_matches_the_scale(target: str, data_max: str) -> None:
    root = parse(
        trend_chart(monthly("0", data_max), title="T", description="D", target=D(target), year=2024)
    )
    lines = grid_lines(root)
    top_label = list(lines)[-1]
    top_value = D(top_label.replace(".", "").replace(",", "."))
    expected = lines["0"] + (lines[top_label] - lines["0"]) * float(D(target) / top_value)
    group = find_all(root, "g", "target")
    assert len(group) == 1
    line = group[0].find("svg:line", NS)
    assert line is not None
    assert num(line, "y1") == num(line, "y2")
    assert num(line, "y1") == pytest.approx(expected, abs=0.11)
    assert line.get("stroke") == TARGET_COLOUR
    assert line.get("stroke-dasharray")
    assert (num(line, "x1"), num(line, "x2")) == plot_edges(root)


def test_target_label_text() -> None:
    root = parse(full_chart(target_label="Chỉ tiêu năm 2024"))
    group = find_all(root, "g", "target")[0]
    assert group.findtext("svg:text", namespaces=NS) == "Chỉ tiêu năm 2024: 4.600 km"
    root = parse(full_chart(target_label="", unit=""))
    assert find_all(root, "g", "target")[0].findtext("svg:text", namespaces=NS) == "4.600"


def test_no_target_line_without_target() -> None:
    root = parse(full_chart(target=None))
    assert find_all(root, "g", "target") == []
    assert TARGET_COLOUR not in full_chart(target=None)


def test_forecast_segment_only_when_given() -> None:
    root = parse(full_chart())
    segments = find_all(root, "line", "forecast")
    assert len(segments) == 1
    segment = segments[0]
    assert segment.get("stroke") == FORECAST_COLOUR
    assert segment.get("stroke-dasharray")
    last = find_all(root, "circle", "point")[-1]
    assert (num(segment, "x1"), num(segment, "y1")) == (num(last, "cx"), num(last, "cy"))
    marker = find_all(root, "circle", "forecast-point")
    assert len(marker) == 1
    assert (num(segment, "x2"), num(segment, "y2")) == (num(marker[0], "cx"), num(marker[0], "cy"))
    assert num(segment, "x2") == plot_edges(root)[1]  # 31/12 is the right edge
    lines = grid_lines(root)
    expected_y = lines["0"] + (lines["5.000"] - lines["0"]) * 4400 / 5000
    assert num(segment, "y2") == pytest.approx(expected_y, abs=0.11)
    group = find_all(root, "g", "forecast")[0]
    assert group.findtext("svg:title", namespaces=NS) == "Dự báo 31/12/2024: 4.400 km"

    without = parse(full_chart(forecast=None))
    assert find_all(without, "line", "forecast") == []
    assert find_all(without, "circle", "forecast-point") == []
    assert find_all(without, "g", "forecast-legend") == []


def test_year_axis_runs_from_first_of_january_to_last_of_december() -> None:
    points = [(date(2024, 1, 1), D(1)), (date(2024, 12, 31), D(2))]
    root = parse(trend_chart(points, title="T", description="D", year=2024))
    first, last = find_all(root, "circle", "point")
    assert (num(first, "cx"), num(last, "cx")) == plot_edges(root)
    labels = find_all(root, "g", "x-labels")[0].findall("svg:text", NS)
    assert [label.text for label in labels] == [f"T{month}" for month in range(1, 13)]
    xs = [num(label, "x") for label in labels]
    assert xs == sorted(xs)
    # 11 month boundaries inside the year.
    assert len(find_all(root, "g", "x-ticks")[0].findall("svg:line", NS)) == 11


def test_year_axis_with_partial_data_keeps_the_whole_year() -> None:
    root = parse(trend_chart(monthly("5", "6"), title="T", description="D", year=2024))
    left, right = plot_edges(root)
    first, second = find_all(root, "circle", "point")
    assert left < num(first, "cx") < num(second, "cx") < (left + right) / 2
    labels = find_all(root, "g", "x-labels")[0].findall("svg:text", NS)
    assert len(labels) == 12


def test_without_year_the_axis_spans_the_data() -> None:
    points = [(date(2024, 3, 1), D(1)), (date(2024, 6, 30), D(2))]
    root = parse(trend_chart(points, title="T", description="D"))
    first, last = find_all(root, "circle", "point")
    assert (num(first, "cx"), num(last, "cx")) == plot_edges(root)
    labels = [t.text for t in find_all(root, "g", "x-labels")[0].findall("svg:text", NS)]
    assert labels == ["T3", "T4", "T5", "T6"]


def test_single_point_without_year_is_centred() -> None:
    root = parse(trend_chart([(date(2024, 3, 20), D(5))], title="T", description="D"))
    left, right = plot_edges(root)
    assert num(find_all(root, "circle", "point")[0], "cx") == pytest.approx((left + right) / 2, 0.1)
    labels = [t.text for t in find_all(root, "g", "x-labels")[0].findall("svg:text", NS)]
    assert labels == ["T3"]


def test_narrow_chart_thins_month_labels() -> None:
    root = parse(full_chart(width=200, height=120))
    labels = [t.text for t in find_all(root, "g", "x-labels")[0].findall("svg:text", NS)]
    assert 1 < len(labels) < 12
    assert labels[0] == "T1"


@pytest.mark.parametrize("kwargs", [{"target": D(5)}, {"forecast": (date(2024, 12, 31), D(3))}])
def test_empty_points_show_a_message(kwargs: dict[str, object]) -> None:
    svg = trend_chart([], title="Tiêu đề", description="Mô tả", **kwargs)  # type: ignore[arg-type]
    root = parse(svg)
    messages = find_all(root, "text", "empty")
    assert [m.text for m in messages] == [EMPTY_MESSAGE]
    assert EMPTY_MESSAGE == "Chưa có số liệu"
    assert len(find_all(root, "rect", "frame")) == 1
    assert find_all(root, "circle") == []
    assert find_all(root, "polyline") == []
    assert find_all(root, "line", "forecast") == []
    assert root.findtext("svg:title", namespaces=NS) == "Tiêu đề"
    assert root.findtext("svg:desc", namespaces=NS) == "Mô tả"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"points": [(date(2024, 1, 1), D("NaN"))]},
        {"points": [(date(2024, 1, 1), D(1))], "target": D("Infinity")},
        {"points": [(date(2024, 1, 1), D(1))], "forecast": (date(2024, 12, 31), D("NaN"))},
        {"points": [], "width": 100},
    ],
)
def test_trend_chart_rejects_bad_input(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"hữu hạn|quá nhỏ"):
        trend_chart(title="T", description="D", **kwargs)  # type: ignore[arg-type]


def test_custom_size_sets_viewbox() -> None:
    root = parse(full_chart(width=480, height=200))
    assert root.get("viewBox") == "0 0 480 200"
    assert (root.get("width"), root.get("height")) == ("480", "200")
    for element in root.iter():
        for attribute in ("x", "x1", "x2", "cx"):
            if element.get(attribute) is not None:
                assert 0 <= num(element, attribute) <= 480
        for attribute in ("y", "y1", "y2", "cy"):
            if element.get(attribute) is not None:
                assert 0 <= num(element, attribute) <= 200


# --- Progress bar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "expected_width"),
    [
        ("0", 0.0),
        ("0.5", 53.3),
        ("1", 106.7),
        ("1.5", 160.0),
        ("2", 160.0),
        ("-0.2", 0.0),
    ],
)
def test_progress_bar_fill_width(ratio: str, expected_width: float) -> None:
    root = parse(progress_bar(D(ratio), label="Tiến độ", status_colour="dat"))
    fills = find_all(root, "rect", "fill")
    assert len(fills) == 1
    assert num(fills[0], "width") == expected_width
    assert num(fills[0], "x") == 0
    assert fills[0].get("fill") == STATUS_COLOURS["dat"]


def test_progress_bar_marker_at_one_hundred_percent() -> None:
    root = parse(progress_bar(D("0.3"), label="L", status_colour="nguy_co", width=300, height=20))
    marker = find_all(root, "line", "marker")
    assert len(marker) == 1
    assert num(marker[0], "x1") == num(marker[0], "x2") == 200
    assert (num(marker[0], "y1"), num(marker[0], "y2")) == (0, 20)
    assert root.get("viewBox") == "0 0 300 20"


def test_progress_bar_title_and_desc() -> None:
    root = parse(progress_bar(D("0.637"), label="Tiến độ chỉ tiêu 1", status_colour="#0b4f9c"))
    assert root.findtext("svg:title", namespaces=NS) == "Tiến độ chỉ tiêu 1"
    assert root.findtext("svg:desc", namespaces=NS) == "Đạt 63,7 % so với chỉ tiêu"
    assert find_all(root, "rect", "fill")[0].get("fill") == "#0b4f9c"
    root = parse(progress_bar(D("1.25"), label="L", status_colour="vuot"))
    assert root.findtext("svg:desc", namespaces=NS) == "Đạt 125 % so với chỉ tiêu"


def test_progress_bar_without_ratio_is_empty_grey() -> None:
    root = parse(progress_bar(None, label="Chưa có", status_colour="chua_co_so_lieu"))
    assert find_all(root, "rect", "fill") == []
    assert len(find_all(root, "rect", "track")) == 1
    assert root.findtext("svg:desc", namespaces=NS) == EMPTY_MESSAGE


@pytest.mark.parametrize("colour", ["red", "#12", "#1234567", 'x" onload="alert(1)', ""])
def test_progress_bar_rejects_unknown_colours(colour: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        progress_bar(D(1), label="L", status_colour=colour)


# --- Completeness bar ----------------------------------------------------------------------


def test_completeness_bar_segments_and_texts() -> None:
    root = parse(completeness_bar(3, 1, 2, title="Báo cáo quý I"))
    assert root.findtext("svg:title", namespaces=NS) == "Báo cáo quý I"
    summary = "Đúng hạn: 3, Trễ hạn: 1, Chưa báo cáo: 2"
    assert root.findtext("svg:desc", namespaces=NS) == summary
    assert find_all(root, "g", "bar")[0].findtext("svg:title", namespaces=NS) == summary
    segments = find_all(root, "rect", "segment")
    assert [(s.get("class"), num(s, "x"), num(s, "width")) for s in segments] == [
        ("segment on-time", 0, 120),
        ("segment late", 120, 40),
        ("segment missing", 160, 80),
    ]
    assert [s.get("fill") for s in segments] == [
        STATUS_COLOURS["dat"],
        STATUS_COLOURS["cham_tien_do"],
        STATUS_COLOURS["chua_dat"],
    ]


def test_completeness_bar_segments_fill_exactly_the_width() -> None:
    root = parse(completeness_bar(1, 1, 1, title="T", width=100))
    segments = find_all(root, "rect", "segment")
    assert num(segments[0], "x") == 0
    for left, right in itertools.pairwise(segments):
        assert num(left, "x") + num(left, "width") == pytest.approx(num(right, "x"))
    assert num(segments[-1], "x") + num(segments[-1], "width") == pytest.approx(100)


def test_completeness_bar_omits_empty_segments() -> None:
    root = parse(completeness_bar(0, 5, 0, title="T"))
    segments = find_all(root, "rect", "segment")
    assert [(s.get("class"), num(s, "width")) for s in segments] == [("segment late", 240)]


def test_completeness_bar_all_zero_and_large_numbers() -> None:
    root = parse(completeness_bar(0, 0, 0, title="T"))
    assert find_all(root, "rect", "segment") == []
    assert root.findtext("svg:desc", namespaces=NS) == "Đúng hạn: 0, Trễ hạn: 0, Chưa báo cáo: 0"
    root = parse(completeness_bar(1234, 0, 5, title="T"))
    desc = root.findtext("svg:desc", namespaces=NS)
    assert desc == "Đúng hạn: 1.234, Trễ hạn: 0, Chưa báo cáo: 5"


def test_completeness_bar_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="không được âm"):
        completeness_bar(1, -1, 0, title="T")


# --- Colours -------------------------------------------------------------------------------


def test_contrast_helper_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#fff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_status_colour_keys() -> None:
    assert list(STATUS_COLOURS) == [
        "vuot",
        "dat",
        "dung_tien_do",
        "cham_tien_do",
        "nguy_co",
        "chua_dat",
        "chua_co_so_lieu",
    ]
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


@pytest.mark.parametrize(
    "colour", [*STATUS_COLOURS.values(), SERIES_COLOUR, TARGET_COLOUR, FORECAST_COLOUR]
)
def test_colours_have_at_least_3_to_1_contrast_on_white(colour: str) -> None:
    assert re.fullmatch(r"#[0-9a-f]{6}", colour)
    assert contrast_ratio(colour, "#ffffff") >= 3


def test_required_line_colours() -> None:
    assert SERIES_COLOUR == "#0b4f9c"
    assert TARGET_COLOUR == "#a31d1d"


def test_status_colour_hues() -> None:
    def rgb(colour: str) -> tuple[int, int, int]:
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)

    for code in ("vuot", "dat", "dung_tien_do"):
        red, green, blue = rgb(STATUS_COLOURS[code])
        assert green > red, code
        assert green > blue, code
    red, green, blue = rgb(STATUS_COLOURS["cham_tien_do"])
    assert red > green > blue  # amber
    for code in ("nguy_co", "chua_dat"):
        red, green, blue = rgb(STATUS_COLOURS[code])
        assert red > 2 * green, code
        assert red > 2 * blue, code
    red, green, blue = rgb(STATUS_COLOURS["chua_co_so_lieu"])
    assert red == green == blue  # grey


def test_stacked_bars_show_each_rows_segments_and_total() -> None:
    from thidua.core.charts import stacked_bars

    svg = stacked_bars(
        [
            ("Sở Y tế", [("Nhiệm vụ", Decimal("60.5")), ("Điểm cộng", Decimal(5))]),
            ("Sở Giáo dục và Đào tạo", [("Nhiệm vụ", Decimal(70)), ("Điểm cộng", Decimal(0))]),
        ],
        maximum=Decimal(100),
        title="Kết quả chấm điểm",
    )

    assert svg.startswith("<svg")
    assert "<title>Sở Y tế – Nhiệm vụ: 60,5</title>" in svg
    assert "Sở Y tế: 65,5; Sở Giáo dục và Đào tạo: 70" in svg
    assert svg.count("<rect") == 2 + 3  # legend swatches + three non-empty segments
    with pytest.raises(ValueError, match="lớn hơn 0"):
        stacked_bars([], maximum=Decimal(0), title="x")
