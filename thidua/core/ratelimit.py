"""A fixed-window rate limit per client, counted in Django's cache.

Used where anyone may write without an account (public comments). The counter lives in the
default cache: with the in-process cache each worker counts on its own, so a production site
with several workers should point `CACHES["default"]` at a shared cache (database, Redis…).

The client is its IP address: `REMOTE_ADDR`, or, behind `THIDUA_TRUSTED_PROXIES` reverse
proxies (a setting, default 0), the address those proxies appended to `X-Forwarded-For`.
Addresses are hashed before they become cache keys.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from thidua.core.exceptions import ApplicationError

__all__ = ["RateLimit", "RateLimitedError", "client_address", "rate_limit_take"]


class RateLimitedError(ApplicationError):
    """Too many requests from one client in the window (HTTP 429)."""

    status_code = 429


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` actions per client in `window_seconds`."""

    scope: str
    limit: int
    window_seconds: int

    @property
    def window_minutes(self) -> int:
        return max(1, -(-self.window_seconds // 60))


def client_address(request: HttpRequest) -> str:
    """The client's IP address as seen past the trusted reverse proxies."""
    proxies = int(settings.THIDUA_TRUSTED_PROXIES)
    address = str(request.META.get("REMOTE_ADDR", "") or "")
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address or "unknown"


def _key(rule: RateLimit, client: str) -> str:
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    return f"thidua:ratelimit:{rule.scope}:{digest}"


def rate_limit_take(rule: RateLimit, client: str) -> bool:
    """Count one action of `client`; False when it goes beyond the limit of the window.

    The window starts with the client's first action and lasts `window_seconds`.
    """
    key = _key(rule, client)
    cache.add(key, 0, timeout=rule.window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr: a new window
        cache.set(key, 1, timeout=rule.window_seconds)
        count = 1
    return count <= rule.limit
