"""Small, accessible charts rendered server-side as SVG strings.

The same markup can be inlined in an HTML page and later embedded in a DOCX/PDF report, so
every chart is self-contained: no JavaScript, no CSS, no external fonts, links or ``url(...)``
references; only presentation attributes. Every SVG carries ``role="img"``, a ``<title>`` and
a ``<desc>`` (both referenced by ``aria-labelledby``) and an explicit ``viewBox``.

All text is XML-escaped (labels come from users) and characters that XML 1.0 forbids are
dropped, so the output is always well-formed. Coordinates are rounded to one decimal.

Public API:

* :func:`trend_chart` – values of one indicator over a year, with target and forecast.
* :func:`progress_bar` – a ratio against its target (marker at 100 %).
* :func:`completeness_bar` – on-time / late / missing reports as a stacked bar.
* :func:`nice_ceiling` – the "nice" axis maximum (1, 2, 2,5 or 5 × 10^k).
* :data:`STATUS_COLOURS` – fill colour per status code, each ≥ 3:1 against white.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from thidua.core.text import format_date, format_number

__all__ = [
    "EMPTY_MESSAGE",
    "FONT_FAMILY",
    "FORECAST_COLOUR",
    "SERIES_COLOUR",
    "STATUS_COLOURS",
    "SVG_NAMESPACE",
    "TARGET_COLOUR",
    "completeness_bar",
    "nice_ceiling",
    "progress_bar",
    "trend_chart",
]

SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
FONT_FAMILY: Final = "Liberation Sans, Arial, sans-serif"
EMPTY_MESSAGE: Final = "Chưa có số liệu"

SERIES_COLOUR: Final = "#0b4f9c"  # dark blue, 8.0:1 on white
TARGET_COLOUR: Final = "#a31d1d"  # dark red, 7.6:1
FORECAST_COLOUR: Final = "#6b6b6b"  # grey, 5.3:1
_TEXT_COLOUR: Final = "#333333"  # 12.6:1
_MUTED_TEXT_COLOUR: Final = "#595959"  # 7.0:1
_AXIS_COLOUR: Final = "#767676"  # 4.5:1
_GRID_COLOUR: Final = "#dddddd"  # decorative only
_TRACK_COLOUR: Final = "#e8e8e8"  # bar background; its outline uses _AXIS_COLOUR
_MARKER_COLOUR: Final = "#1a1a1a"

STATUS_COLOURS: Final[dict[str, str]] = {
    "vuot": "#0d5c2c",  # dark green, 8.1:1
    "dat": "#1a7f37",  # green, 5.1:1
    "dung_tien_do": "#2f855a",  # light green, 4.5:1
    "cham_tien_do": "#b7791f",  # amber, 3.6:1
    "nguy_co": "#c2410c",  # orange-red, 5.2:1
    "chua_dat": "#9b1c1c",  # dark red, 8.0:1
    "chua_co_so_lieu": "#6e6e6e",  # grey, 5.1:1
}

_FONT_SIZE: Final = 11
_CHAR_WIDTH: Final = 6.2  # generous average advance of a digit/letter at 11 px
_HEX_COLOUR_RE: Final = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# Characters XML 1.0 does not allow at all (escaping cannot help), plus lone surrogates.
_XML_INVALID_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NICE_MANTISSAS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
_PROGRESS_CAP: Final = Decimal("1.5")

_AttrValue = str | int | float


# --- Markup helpers ------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Drop characters that cannot appear in an XML 1.0 document even when escaped."""
    return _XML_INVALID_RE.sub("", text)


def _text(text: str) -> str:
    """Character data, escaped."""
    return escape(_clean(text))


def _coord(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ".0" or a "-0"."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    text = f"{rounded:.1f}"
    return text.removesuffix(".0")


def _tag(name: str, attrs: Mapping[str, _AttrValue], content: str | None = None) -> str:
    """One element; ``content`` is markup that is already escaped."""
    parts = []
    for key, value in attrs.items():
        if isinstance(value, float):
            rendered = _coord(value)
        elif isinstance(value, int):
            rendered = str(value)
        else:
            rendered = _clean(value)
        parts.append(f" {key}={quoteattr(rendered)}")
    opening = f"<{name}{''.join(parts)}"
    if content is None:
        return f"{opening}/>"
    return f"{opening}>{content}</{name}>"


def _label(x: float, y: float, text: str, **attrs: _AttrValue) -> str:
    """A ``<text>``; in ``attrs`` "_" stands for "-" and a trailing "_" is dropped (class_)."""
    merged: dict[str, _AttrValue] = {"x": x, "y": y, "font-size": _FONT_SIZE}
    merged |= {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
    merged.setdefault("fill", _MUTED_TEXT_COLOUR)
    return _tag("text", merged, _text(text))


def _svg(
    *, width: int, height: int, title: str, desc: str, body: str, responsive: bool = False
) -> str:
    """The root element with title/desc; ids derive from the content so they are stable."""
    seed = "\x1f".join(_clean(part) for part in (title, desc, body)).encode()
    digest = hashlib.blake2b(seed, digest_size=5).hexdigest()
    title_id, desc_id = f"svg-{digest}-title", f"svg-{digest}-desc"
    attrs: dict[str, _AttrValue] = {
        "xmlns": SVG_NAMESPACE,
        "viewBox": f"0 0 {width} {height}",
        "width": "100%" if responsive else width,
    }
    if not responsive:
        attrs["height"] = height
    attrs |= {
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "font-family": FONT_FAMILY,
    }
    content = (
        _tag("title", {"id": title_id}, _text(title))
        + _tag("desc", {"id": desc_id}, _text(desc))
        + body
    )
    return _tag("svg", attrs, content)


def _check_size(width: int, height: int, *, min_width: int = 1, min_height: int = 1) -> None:
    if width < min_width or height < min_height:
        raise ValueError(
            f"Kích thước biểu đồ {width}×{height} quá nhỏ: cần tối thiểu {min_width}×{min_height}"
        )


def _check_finite(value: Decimal, what: str) -> None:
    if not value.is_finite():
        raise ValueError(f'Giá trị {what} "{value}" không hữu hạn')


def _with_unit(value: Decimal, unit: str) -> str:
    number = format_number(value)
    return f"{number} {unit}" if unit else number


def _resolve_colour(colour: str) -> str:
    """A status code from :data:`STATUS_COLOURS` or a hex colour (#rgb / #rrggbb)."""
    if colour in STATUS_COLOURS:
        return STATUS_COLOURS[colour]
    if _HEX_COLOUR_RE.fullmatch(colour):
        return colour
    raise ValueError(f'Màu "{colour}" không hợp lệ: cần mã trạng thái hoặc dạng #rrggbb')


# --- Scale ---------------------------------------------------------------------------------


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros or exponent notation: 5E+3 → 5000, 0.50 → 0.5."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value() and normalized.adjusted() < 28:
        return normalized.quantize(Decimal(1))
    return normalized


def nice_ceiling(value: Decimal) -> Decimal:
    """Smallest 1, 2, 2.5 or 5 × 10^k that is ≥ ``value``: 7 → 10, 23 → 25, 0.42 → 0.5.

    Values ≤ 0 give 1 (the smallest axis drawn when there is nothing above zero).
    """
    value = Decimal(value)
    _check_finite(value, "trục")
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    mantissa = value.scaleb(-exponent)
    nice = next(candidate for candidate in _NICE_MANTISSAS if mantissa <= candidate)
    return _plain(nice.scaleb(exponent))


def _value_axis(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(bottom, top, step) of the value axis covering ``low`` ≤ 0 ≤ ``high``.

    Without negative values the axis runs from 0 to ``nice_ceiling(high)`` in 4 or 5 steps
    (5 or 6 gridlines). With negative values both ends are multiples of a nice step and
    there are at most 5 steps.
    """
    if low >= 0:
        top = nice_ceiling(high)
        mantissa = top.scaleb(-top.adjusted())
        step = top / (4 if mantissa == 2 else 5)
        return Decimal(0), top, _plain(step)
    step = nice_ceiling((high - low) / 5)
    while True:
        bottom = (low / step).to_integral_value(ROUND_FLOOR) * step
        top = (high / step).to_integral_value(ROUND_CEILING) * step
        if (top - bottom) / step <= 5:
            return _plain(bottom), _plain(top), step
        step = nice_ceiling(step * Decimal("1.001"))


# --- Trend chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """Plot area in SVG coordinates plus the data domain it maps."""

    left: float
    top: float
    right: float
    bottom: float
    start: date
    end: date
    low: Decimal
    high: Decimal

    def x_days(self, days: float) -> float:
        span = (self.end - self.start).days
        return self.left + days / span * (self.right - self.left)

    def x(self, day: date) -> float:
        return self.x_days((day - self.start).days)

    def y(self, value: Decimal) -> float:
        fraction = float((value - self.low) / (self.high - self.low))
        return self.bottom - fraction * (self.bottom - self.top)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _month_axis(frame: _Frame) -> str:
    """Tick marks at month boundaries and "T1".."T12" centred on each visible month."""
    total_days = (frame.end - frame.start).days
    px_per_month = (frame.right - frame.left) * 30.44 / total_days
    every = max(1, math.ceil(24 / px_per_month))  # thin out labels that would collide
    ticks: list[str] = []
    labels: list[str] = []
    month = _month_start(frame.start)
    index = 0
    while month <= frame.end:
        following = _next_month(month)
        if frame.start < month <= frame.end:
            x = frame.x(month)
            ticks.append(
                _tag("line", {"x1": x, "y1": frame.bottom, "x2": x, "y2": frame.bottom + 4})
            )
        visible_from = max(month, frame.start)
        visible_to = min(following, frame.end)
        visible = (visible_to - visible_from).days
        if visible >= min(10, total_days / 3) and index % every == 0:
            middle = (visible_from - frame.start).days + visible / 2
            labels.append(
                _label(
                    frame.x_days(middle), frame.bottom + 16, f"T{month.month}", text_anchor="middle"
                )
            )
        month = following
        index += 1
    return _tag(
        "g", {"class": "x-ticks", "stroke": _AXIS_COLOUR, "stroke-width": 1}, "".join(ticks)
    ) + _tag("g", {"class": "x-labels"}, "".join(labels))


def _forecast_legend(frame: _Frame, text: str) -> str:
    """A dotted sample line and ``text`` right-aligned in the top margin, clear of the data."""
    baseline = frame.top - 9
    sample_end = frame.right - len(text) * _CHAR_WIDTH * 0.85 - 6
    sample = _tag(
        "line",
        {
            "x1": sample_end - 18,
            "y1": baseline - 4,
            "x2": sample_end,
            "y2": baseline - 4,
            "stroke": FORECAST_COLOUR,
            "stroke-width": 2,
            "stroke-dasharray": "1 4",
            "stroke-linecap": "round",
        },
    )
    return _tag(
        "g",
        {"class": "forecast-legend"},
        sample + _label(frame.right, baseline, text, text_anchor="end"),
    )


def _empty_chart(width: int, height: int) -> str:
    frame = _tag(
        "rect",
        {
            "class": "frame",
            "x": 0.5,
            "y": 0.5,
            "width": width - 1,
            "height": height - 1,
            "fill": "none",
            "stroke": _AXIS_COLOUR,
            "stroke-width": 1,
        },
    )
    message = _label(
        width / 2,
        height / 2 + 5,
        EMPTY_MESSAGE,
        class_="empty",
        text_anchor="middle",
        font_size=13,
        fill=_TEXT_COLOUR,
    )
    return frame + message


def trend_chart(
    points: Sequence[tuple[date, Decimal]],
    *,
    title: str,
    description: str,
    target: Decimal | None = None,
    target_label: str = "Chỉ tiêu",
    forecast: tuple[date, Decimal] | None = None,
    year: int | None = None,
    unit: str = "",
    width: int = 640,
    height: int = 260,
    responsive: bool = False,
) -> str:
    """Line chart of ``points`` over the year, with an optional target line and forecast.

    The x axis runs from 1 January to 31 December of ``year`` (widened if a point or the
    forecast falls outside it) or, without ``year``, from the first to the last date. The
    y axis runs from min(0, data) to :func:`nice_ceiling` of the largest of data, target and
    forecast. Each point is a ``<circle class="point">`` with a "dd/mm/yyyy: value unit"
    tooltip; the target is a dashed dark-red line (``class="target"``) labelled
    "``target_label``: value unit"; the forecast is a dotted grey segment
    (``class="forecast"``) from the last point to the forecast point. Without points the
    chart is a frame with "Chưa có số liệu".

    ``responsive=True`` sets ``width="100%"`` and omits ``height`` so the chart scales to its
    container (HTML only; reports need the fixed size).
    """
    _check_size(width, height, min_width=160, min_height=100)
    series = sorted(points, key=lambda point: point[0])
    for _, value in series:
        _check_finite(value, "số liệu")
    if target is not None:
        _check_finite(target, "chỉ tiêu")
    if forecast is not None:
        _check_finite(forecast[1], "dự báo")

    def render(body: str) -> str:
        return _svg(
            width=width,
            height=height,
            title=title,
            desc=description,
            body=body,
            responsive=responsive,
        )

    if not series:
        return render(_empty_chart(width, height))

    values = [value for _, value in series]
    if target is not None:
        values.append(target)
    if forecast is not None:
        values.append(forecast[1])
    low, high, step = _value_axis(min(*values, Decimal(0)), max(*values, Decimal(0)))
    steps = int((high - low) / step)
    ticks = [_plain(low + step * i) for i in range(steps + 1)]
    tick_labels = [format_number(tick) for tick in ticks]

    dates = [day for day, _ in series]
    if forecast is not None:
        dates.append(forecast[0])
    if year is not None:
        start = min(date(year, 1, 1), *dates)
        end = max(date(year, 12, 31), *dates)
    else:
        start, end = min(dates), max(dates)
        if start == end:
            start, end = start - timedelta(days=15), end + timedelta(days=15)

    left = max(36.0, 12 + _CHAR_WIDTH * max(len(label) for label in tick_labels))
    frame = _Frame(
        left=round(left, 1),
        top=22,
        right=width - 16,
        bottom=height - 26,
        start=start,
        end=end,
        low=low,
        high=high,
    )

    grid_lines: list[str] = []
    grid_labels: list[str] = []
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = frame.y(tick)
        is_zero = tick == 0
        grid_lines.append(
            _tag(
                "line",
                {
                    "x1": frame.left,
                    "y1": y,
                    "x2": frame.right,
                    "y2": y,
                    "stroke": _AXIS_COLOUR if is_zero else _GRID_COLOUR,
                },
            )
        )
        grid_labels.append(_label(frame.left - 6, y + 4, label, text_anchor="end"))
    body = [
        _tag("g", {"class": "grid", "stroke-width": 1}, "".join(grid_lines)),
        _tag("g", {"class": "y-labels"}, "".join(grid_labels)),
        _month_axis(frame),
    ]
    if low != 0:  # the x axis itself, at the bottom of the plot
        body.append(
            _tag(
                "line",
                {
                    "x1": frame.left,
                    "y1": frame.bottom,
                    "x2": frame.right,
                    "y2": frame.bottom,
                    "stroke": _AXIS_COLOUR,
                },
            )
        )

    if target is not None:
        y = frame.y(target)
        text = (
            f"{target_label}: {_with_unit(target, unit)}"
            if target_label
            else _with_unit(target, unit)
        )
        body.append(
            _tag(
                "g",
                {"class": "target"},
                _tag("title", {}, _text(text))
                + _tag(
                    "line",
                    {
                        "x1": frame.left,
                        "y1": y,
                        "x2": frame.right,
                        "y2": y,
                        "stroke": TARGET_COLOUR,
                        "stroke-width": 1.5,
                        "stroke-dasharray": "6 4",
                    },
                )
                + _label(frame.left + 4, y - 5, text, fill=TARGET_COLOUR),
            )
        )

    last_day, last_value = series[-1]
    if forecast is not None:
        forecast_day, forecast_value = forecast
        fx, fy = frame.x(forecast_day), frame.y(forecast_value)
        text = f"Dự báo {format_date(forecast_day)}: {_with_unit(forecast_value, unit)}"
        body.append(
            _tag(
                "g",
                {"class": "forecast"},
                _tag("title", {}, _text(text))
                + _tag(
                    "line",
                    {
                        "class": "forecast",
                        "x1": frame.x(last_day),
                        "y1": frame.y(last_value),
                        "x2": fx,
                        "y2": fy,
                        "stroke": FORECAST_COLOUR,
                        "stroke-width": 2,
                        "stroke-dasharray": "1 4",
                        "stroke-linecap": "round",
                    },
                )
                + _tag(
                    "circle",
                    {
                        "class": "forecast-point",
                        "cx": fx,
                        "cy": fy,
                        "r": 4,
                        "fill": "#ffffff",
                        "stroke": FORECAST_COLOUR,
                        "stroke-width": 2,
                    },
                )
                + _forecast_legend(frame, f"Dự báo: {_with_unit(forecast_value, unit)}"),
            )
        )

    coordinates = [(frame.x(day), frame.y(value)) for day, value in series]
    body.append(
        _tag(
            "polyline",
            {
                "class": "series",
                "points": " ".join(f"{_coord(x)},{_coord(y)}" for x, y in coordinates),
                "fill": "none",
                "stroke": SERIES_COLOUR,
                "stroke-width": 2,
                "stroke-linejoin": "round",
            },
        )
    )
    circles = [
        _tag(
            "circle",
            {"class": "point", "cx": x, "cy": y, "r": 3.5},
            _tag("title", {}, _text(f"{format_date(day)}: {_with_unit(value, unit)}")),
        )
        for (day, value), (x, y) in zip(series, coordinates, strict=True)
    ]
    body.append(
        _tag(
            "g",
            {"class": "points", "fill": SERIES_COLOUR, "stroke": "#ffffff", "stroke-width": 1},
            "".join(circles),
        )
    )
    return render("".join(body))


# --- Bars ----------------------------------------------------------------------------------


def _bar_track(width: int, top: float, bar_height: float) -> tuple[str, str]:
    """(background, outline) of a horizontal bar; the outline is drawn over the fill."""
    background = _tag(
        "rect",
        {
            "class": "track",
            "x": 0,
            "y": top,
            "width": width,
            "height": bar_height,
            "fill": _TRACK_COLOUR,
        },
    )
    outline = _tag(
        "rect",
        {
            "class": "outline",
            "x": 0.5,
            "y": top + 0.5,
            "width": width - 1,
            "height": max(bar_height - 1, 0),
            "fill": "none",
            "stroke": _AXIS_COLOUR,
            "stroke-width": 1,
        },
    )
    return background, outline


def progress_bar(
    ratio: Decimal | None,
    *,
    label: str,
    status_colour: str,
    width: int = 160,
    height: int = 14,
    description: str | None = None,
) -> str:
    """Horizontal bar filled to min(ratio, 1.5) / 1.5 of ``width``, marker at ratio 1.

    ``status_colour`` is a hex colour or a key of :data:`STATUS_COLOURS`. ``None`` gives an
    empty grey bar (still with the 100 % marker). The ``<title>`` is ``label``; the
    ``<desc>`` states the percentage, or is ``description`` when a percentage would mislead
    (a rank's places).
    """
    _check_size(width, height, min_width=10, min_height=4)
    colour = _resolve_colour(status_colour)
    inset = min(2, height // 5)
    bar_height = height - 2 * inset
    background, outline = _bar_track(width, inset, bar_height)
    parts = [background]
    if ratio is None:
        desc = EMPTY_MESSAGE
    else:
        _check_finite(ratio, "tỷ lệ")
        shown = min(max(ratio, Decimal(0)), _PROGRESS_CAP)
        fill_width = float(shown / _PROGRESS_CAP) * width
        parts.append(
            _tag(
                "rect",
                {
                    "class": "fill",
                    "x": 0,
                    "y": inset,
                    "width": fill_width,
                    "height": bar_height,
                    "fill": colour,
                },
            )
        )
        percent = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        desc = description or f"Đạt {format_number(percent)} % so với chỉ tiêu"
    marker_x = width / float(_PROGRESS_CAP)
    parts.append(outline)
    parts.append(
        _tag(
            "line",
            {
                "class": "marker",
                "x1": marker_x,
                "y1": 0,
                "x2": marker_x,
                "y2": height,
                "stroke": _MARKER_COLOUR,
                "stroke-width": 2,
            },
        )
    )
    return _svg(width=width, height=height, title=label, desc=desc, body="".join(parts))


def completeness_bar(
    on_time: int,
    late: int,
    missing: int,
    *,
    title: str,
    width: int = 240,
    height: int = 16,
) -> str:
    """Stacked bar of reports: on time (green), late (amber), missing (red).

    The SVG ``<title>`` is ``title``; the ``<desc>`` and the tooltip of the bar read
    "Đúng hạn: n, Trễ hạn: n, Chưa báo cáo: n". All zero gives an empty grey bar.
    """
    _check_size(width, height, min_width=10, min_height=4)
    counts = (
        ("on-time", on_time, STATUS_COLOURS["dat"]),
        ("late", late, STATUS_COLOURS["cham_tien_do"]),
        ("missing", missing, STATUS_COLOURS["chua_dat"]),
    )
    for _, count, _ in counts:
        if count < 0:
            raise ValueError(f"Số báo cáo không được âm, nhận được {count}")
    summary = (
        f"Đúng hạn: {format_number(on_time)}, Trễ hạn: {format_number(late)}, "
        f"Chưa báo cáo: {format_number(missing)}"
    )
    background, outline = _bar_track(width, 0, height)
    parts = [_tag("title", {}, _text(summary)), background]
    total = on_time + late + missing
    cumulative = 0
    for name, count, colour in counts:
        if count == 0:
            continue
        # Edges from the cumulative sum, so rounding never leaves a gap or an overflow.
        x0 = round(cumulative / total * width, 1)
        cumulative += count
        x1 = round(cumulative / total * width, 1)
        parts.append(
            _tag(
                "rect",
                {
                    "class": f"segment {name}",
                    "x": x0,
                    "y": 0,
                    "width": x1 - x0,
                    "height": height,
                    "fill": colour,
                },
            )
        )
    # White separators so adjacent segments stay apart without relying on hue alone.
    cumulative = 0
    separators = []
    for _, count, _ in counts[:-1]:
        cumulative += count
        if 0 < cumulative < total and count:
            x = cumulative / total * width
            separators.append(_tag("line", {"x1": x, "y1": 0, "x2": x, "y2": height}))
    if separators:
        parts.append(_tag("g", {"stroke": "#ffffff", "stroke-width": 1.5}, "".join(separators)))
    parts.append(outline)
    body = _tag("g", {"class": "bar"}, "".join(parts))
    return _svg(width=width, height=height, title=title, desc=summary, body=body)


# Segment colours for stacked bars: distinguishable, each ≥ 4.5:1 against white text.
SEGMENT_COLOURS: Final = ("#1d4e89", "#2f855a", "#b7791f", "#7b341e", "#553c9a", "#2c7a7b")


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, Decimal]]]],
    *,
    maximum: Decimal,
    title: str,
    width: int = 640,
) -> str:
    """One horizontal bar per row (a unit), split into segments (its points per group), on a
    common scale up to ``maximum``; the row's total at the end. A legend names the segments."""
    if maximum <= 0:
        raise ValueError("Giá trị tối đa của biểu đồ phải lớn hơn 0")
    label_width, total_width, row_height, bar_height = 200, 60, 22, 14
    names = list(dict.fromkeys(name for _, segments in rows for name, _ in segments))
    colour = {name: SEGMENT_COLOURS[i % len(SEGMENT_COLOURS)] for i, name in enumerate(names)}
    legend_height = 20
    height = legend_height + row_height * max(len(rows), 1) + 4
    track = width - label_width - total_width
    parts: list[str] = []
    x = 0.0
    for name in names:
        parts.append(
            _tag("rect", {"x": x, "y": 4, "width": 10, "height": 10, "fill": colour[name]})
        )
        parts.append(_label(x + 14, 13, name))
        x += 14 + len(name) * _CHAR_WIDTH + 16
    descriptions = []
    for index, (label, segments) in enumerate(rows):
        top = legend_height + index * row_height
        shown = label if len(label) * _CHAR_WIDTH <= label_width - 8 else label[:28] + "…"
        parts.append(_label(0, top + 11, shown, fill=_MARKER_COLOUR))
        start = float(label_width)
        total = Decimal(0)
        for name, value in segments:
            _check_finite(value, "điểm")
            total += value
            size = float(max(value, Decimal(0)) / maximum) * track
            if size > 0:
                parts.append(
                    _tag(
                        "rect",
                        {
                            "x": start,
                            "y": top + 1,
                            "width": size,
                            "height": bar_height,
                            "fill": colour[name],
                        },
                        _tag("title", {}, _text(f"{label} – {name}: {format_number(value)}")),
                    )
                )
            start += size
        parts.append(_label(label_width + track + 6, top + 11, format_number(total)))
        descriptions.append(f"{label}: {format_number(total)}")
    return _svg(
        width=width,
        height=height,
        title=title,
        desc="; ".join(descriptions) or EMPTY_MESSAGE,
        body="".join(parts),
        responsive=True,
    )
