"""`thidua targets --year 2024 [--province "Kon Tum"] [--as-of YYYY-MM-DD] --json`:
the campaign's targets and measures with their evaluation, as JSON or as a table."""

import datetime
import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.core.text import format_number, local_today, parse_date, search_key
from thidua.targets.models import Campaign
from thidua.targets.selectors import Dashboard, dashboard


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def dashboard_json(board: Dashboard) -> list[dict[str, Any]]:
    return [
        {
            "no": target.number,
            "text": target.text,
            "measures": [
                {
                    "code": row.measure.code,
                    "indicator": row.measure.indicator,
                    "comparator": row.measure.comparator,
                    "value": _number(row.measure.value),
                    "value_max": _number(row.measure.value_max),
                    "unit": row.measure.unit,
                    "period": row.measure.period_scope,
                    "baseline": (
                        {
                            "year": row.measure.baseline_year,
                            "value": _number(row.measure.baseline_value),
                        }
                        if row.measure.baseline_year or row.measure.baseline_value is not None
                        else None
                    ),
                    "lead_unit": row.measure.lead_unit.name,
                    "actual": _number(row.evaluation.actual),
                    "status": row.evaluation.status.value,
                    "forecast": _number(row.evaluation.forecast),
                }
                for row in rows
            ],
        }
        for target, rows in board.by_target()
    ]


class Command(BaseCommand):
    help = "In các chỉ tiêu của phong trào thi đua năm và kết quả đánh giá (bảng hoặc JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="Năm của phong trào.")
        parser.add_argument("--province", default="", help="Tên tỉnh (không cần dấu).")
        parser.add_argument("--as-of", default="", help="Đánh giá tại ngày (mặc định: hôm nay).")
        parser.add_argument("--json", action="store_true", help="In JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = list(Campaign.objects.filter(year=options["year"]).select_related("province"))
        wanted = search_key(options["province"])
        campaigns = [c for c in campaigns if wanted in search_key(c.province.name)]
        if not campaigns:
            raise CommandError(f"Không có phong trào thi đua năm {options['year']} phù hợp.")
        if len(campaigns) > 1:
            names = "; ".join(f"{c.province.name}: {c}" for c in campaigns)
            raise CommandError(f"Có nhiều phong trào, hãy chọn tỉnh bằng --province ({names}).")
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else local_today()
        except ValueError as error:
            raise CommandError(str(error)) from error
        board = dashboard(campaign=campaigns[0], as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps(dashboard_json(board), ensure_ascii=False, indent=2))
            return
        self._table(board, as_of)

    def _table(self, board: Dashboard, as_of: datetime.date) -> None:
        self.stdout.write(f"{board.campaign} — đánh giá tại ngày {as_of:%d/%m/%Y}")
        for target, rows in board.by_target():
            self.stdout.write(f"\n{target.number}. {target.text}")
            for row in rows:
                actual = row.evaluation.actual
                shown = format_number(actual) if actual is not None else "—"
                self.stdout.write(
                    f"   {row.measure.code:>4} {row.measure.indicator}: {shown} {row.measure.unit}"
                    f" → {row.evaluation.status.label}"
                )
