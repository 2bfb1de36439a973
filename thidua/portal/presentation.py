"""Charts of the public pages: server-side SVG from `core.charts` (which escapes every text)."""

from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from thidua.core.charts import stacked_bars
from thidua.emulation.models import ClusterYear
from thidua.portal.selectors import PublicMeasure
from thidua.targets.presentation import measure_chart, measure_progress

__all__ = ["progress_svg", "standings_svg", "trend_svg"]


def progress_svg(measure: PublicMeasure) -> SafeString:
    """The measure's achievement ratio as a bar with a mark at 100 %."""
    return measure_progress(measure.row)


def trend_svg(measure: PublicMeasure, year: int) -> SafeString:
    """The province's values over the year, the target line and the year-end forecast."""
    return measure_chart(measure.row, year, width=360, height=180)


def standings_svg(edition: ClusterYear) -> SafeString | None:
    """Each member's total as a bar, in the order of the published standings."""
    rows = (edition.standings or {}).get("rows", [])
    totals = [(str(row["unit"]), Decimal(str(row["total"]))) for row in rows if "total" in row]
    if not totals:
        return None
    highest = max(total for _, total in totals)
    if highest <= 0:
        return None
    label = gettext("Tổng điểm")
    svg = stacked_bars(
        [(unit, [(label, total)]) for unit, total in totals],
        maximum=highest,
        title=gettext("Kết quả xếp hạng %(cluster)s năm %(year)s")
        % {"cluster": edition.cluster.name, "year": str(edition.year)},
    )
    return mark_safe(svg)  # noqa: S308 - built by core.charts, which escapes all text
