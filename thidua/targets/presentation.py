"""Turning evaluations into what pages and reports show: colours and SVG trend charts."""

import datetime

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from thidua.core.charts import STATUS_COLOURS, completeness_bar, progress_bar, trend_chart
from thidua.core.text import format_number
from thidua.org.models import OrgUnit
from thidua.targets.evaluation import Comparator, progress_text, value_text
from thidua.targets.selectors import MeasureRow


def status_colour(code: str) -> str:
    return STATUS_COLOURS.get(code, STATUS_COLOURS["chua_co_so_lieu"])


def measure_chart(row: MeasureRow, year: int, *, width: int = 320, height: int = 160) -> SafeString:
    """The measure's provincial values over the year, its target line and year-end forecast.

    The SVG is built by `core.charts`, which escapes every text it draws.
    """
    measure = row.measure
    evaluation = row.evaluation
    forecast = None
    if evaluation.forecast is not None and evaluation.actual_date is not None:
        year_end = datetime.date(year, 12, 31)
        if evaluation.actual_date < year_end:
            forecast = (year_end, evaluation.forecast)
    description = f"{measure.indicator}: {evaluation.reason}"
    svg = trend_chart(
        [(observation.period_end, observation.value) for observation in row.series],
        title=f"{measure.code}. {measure.indicator}",
        description=description,
        target=row.target,
        target_label="Chỉ tiêu",
        forecast=forecast,
        year=year,
        unit=measure.unit,
        width=width,
        height=height,
    )
    return mark_safe(svg)  # noqa: S308 - built by core.charts, which escapes all text


def measure_figures(row: MeasureRow) -> dict[str, str]:
    """The row's result, the level to reach and how far it has come, as the table shows them
    ("hạng 43", "hạng 35", "lùi 3 bậc" for a rank; "4.712,4 tỷ đồng", …, "102,4%")."""
    rule, unit, actual = row.rule, row.measure.unit, row.evaluation.actual
    target = row.target if row.target is not None else row.measure.value
    return {
        "actual": "—" if actual is None else value_text(rule, actual, unit),
        "target": value_text(rule, target, unit),
        "progress": "" if actual is None else progress_text(rule, actual, row.evaluation.ratio),
    }


def measure_progress(row: MeasureRow) -> SafeString:
    """Achievement ratio as a bar with a mark at 100 %."""
    ratio, actual = row.evaluation.ratio, row.evaluation.actual
    description = None
    if ratio is None or actual is None:
        label = "Chưa có số liệu"
    elif row.rule.comparator == Comparator.RANK_IMPROVE_BY:
        label = description = (
            f"{capfirst(progress_text(row.rule, actual, ratio))}, cần tăng "
            f"{format_number(row.rule.value)} bậc"
        )
    else:
        label = f"Đạt {format_number(ratio * 100, 1)}% chỉ tiêu"
    colour = status_colour(row.evaluation.status.value)
    svg = progress_bar(ratio, label=label, status_colour=colour, description=description)
    return mark_safe(svg)  # noqa: S308 - built by core.charts, which escapes all text


def completeness_chart(unit: OrgUnit, tally: dict[str, int]) -> SafeString:
    svg = completeness_bar(
        tally["on_time"], tally["late"], tally["missing"], title=f"Tình hình báo cáo: {unit.name}"
    )
    return mark_safe(svg)  # noqa: S308 - built by core.charts, which escapes all text
