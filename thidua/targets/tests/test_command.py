"""`thidua targets --year 2024 --json` on the demo: the directive's 14 targets and 19 measures."""

import io
import json

import pytest
from django.core.management import call_command

EXPECTED = [  # (no, code, comparator, value, value_max, unit, demo status on 24/11/2026)
    (1, "1", ">=", 10, None, "%", "vuot"),
    (2, "2", ">", 63.7, None, "triệu đồng", "dat"),
    (3, "3", ">=", 4600, None, "tỷ đồng", "vuot"),
    (4, "4", "new_count", 360, None, "doanh nghiệp", "chua_dat"),
    (5, "5", "=", 320, None, "triệu USD", "chua_dat"),
    (6, "6", "new_count", 1, None, "sản phẩm", "dat"),
    (7, "7a", "=", 58.5, None, "%", "vuot"),
    (7, "7b", "=", 43, None, "%", "dat"),
    (8, "8", "decrease_by", 3, 4, "%", "dat"),
    (9, "9", "=", 39.3, None, "giường/vạn dân", "vuot"),
    (10, "10", "=", 94.15, None, "%", "chua_dat"),
    (11, "11a", "=", 100, None, "%", "dat"),
    (11, "11b", "=", 85, None, "%", "chua_dat"),
    (12, "12a", "rank_improve_by", 5, None, "bậc", "vuot"),
    (12, "12b", "rank_improve_by", 5, None, "bậc", "chua_dat"),
    (12, "12c", "rank_improve_by", 5, None, "bậc", "dat"),
    (12, "12d", "rank_improve_by", 5, None, "bậc", "chua_co_so_lieu"),
    (13, "13", "new_count", 5, None, "xã", "dat"),
    (14, "14", "=", 1700000, None, "lượt khách", "vuot"),
]


@pytest.mark.django_db
def test_targets_json_prints_the_directive_with_demo_statuses() -> None:
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()

    call_command(
        "targets", year=2024, province="Kon Tum", json=True, as_of="24/11/2026", stdout=out
    )

    targets = json.loads(out.getvalue())
    rows = [
        (t["no"], m["code"], m["comparator"], m["value"], m["value_max"], m["unit"], m["status"])
        for t in targets
        for m in t["measures"]
    ]
    assert (len(targets), len(rows)) == (14, 19)
    assert rows == EXPECTED
    pci = targets[11]["measures"][0]
    assert (pci["baseline"], pci["actual"], pci["lead_unit"]) == (
        {"year": 2023, "value": 57},
        49,
        "Sở Kế hoạch và Đầu tư tỉnh Kon Tum",
    )
    revenue = targets[2]["measures"][0]
    assert (revenue["actual"], revenue["forecast"], revenue["period"]) == (4712.4, 4712.4, "year")


@pytest.mark.django_db
def test_targets_command_explains_unknown_campaign() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có phong trào thi đua năm 1999"):
        call_command("targets", year=1999, json=True)
