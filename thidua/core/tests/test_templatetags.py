"""The Vietnamese template filters."""

import datetime
from decimal import Decimal

import pytest

from thidua.core.templatetags.vn import ngay, percent, so


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (datetime.date(2024, 2, 6), "06/02/2024"),
        (datetime.datetime(2024, 2, 6, 9, 30, tzinfo=datetime.UTC), "06/02/2024"),
        ("2024-02-06", "06/02/2024"),  # a date kept in JSON
        ("không phải ngày", "không phải ngày"),
        (None, ""),
    ],
)
def test_ngay(value, shown) -> None:
    assert ngay(value) == shown


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [(Decimal("4600.5"), None, "4.600,5"), (1700000, None, "1.700.000"), ("63.7", 2, "63,70")],
)
def test_so(value, decimals, shown) -> None:
    assert so(value, decimals) == shown


def test_percent() -> None:
    assert percent(Decimal("1.024")) == "102,4%"


def test_the_system_as_actor_reads_as_a_name_in_the_pages_language() -> None:
    from django.utils import translation

    from thidua.core.services import SYSTEM_ACTOR
    from thidua.core.templatetags.vn import actor

    assert actor(SYSTEM_ACTOR) == "Hệ thống"
    assert actor("Trần Thị Bình") == "Trần Thị Bình"
    with translation.override("en"):
        assert actor(SYSTEM_ACTOR) == "System"
