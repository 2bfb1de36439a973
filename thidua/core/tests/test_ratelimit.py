"""The fixed-window rate limit per client and how the client's address is read."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from thidua.core.ratelimit import RateLimit, client_address, rate_limit_take

RULE = RateLimit(scope="test", limit=3, window_seconds=60)


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_a_client_gets_the_limit_then_is_refused() -> None:
    taken = [rate_limit_take(RULE, "192.0.2.1") for _ in range(5)]

    assert taken == [True, True, True, False, False]
    assert rate_limit_take(RULE, "192.0.2.2") is True
    assert rate_limit_take(RateLimit("other", 3, 60), "192.0.2.1") is True


def test_a_new_window_starts_when_the_old_one_expires() -> None:
    for _ in range(4):
        rate_limit_take(RULE, "192.0.2.1")

    cache.clear()  # what the window's expiry does to the counter

    assert rate_limit_take(RULE, "192.0.2.1") is True


def test_the_window_in_minutes_rounds_up() -> None:
    assert [RateLimit("x", 1, seconds).window_minutes for seconds in (1, 60, 61, 600)] == [
        1,
        1,
        2,
        10,
    ]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what our proxy saw
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.1"),  # too short: not trusted
    ],
)
def test_the_client_address_behind_trusted_proxies(
    settings, proxies: int, forwarded: str, expected: str
) -> None:
    settings.THIDUA_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
