"""A fixed-window rate limit per client, counted in Django's cache.

Used where anyone may write without an account (public comments), for every upload of files
(`core.middleware.UploadRateLimitMiddleware`) and for wrong current passwords when a signed-in
user changes theirs (sign-in itself is django-axes'). The counter lives in the
default cache: with the in-process cache each worker counts on its own, so a production site
with several workers should point `CACHES["default"]` at a shared cache (database, Redis…).

The client is its IP address: `REMOTE_ADDR`, or, behind `THIDUA_TRUSTED_PROXIES` reverse
proxies (a setting, default 0), the address those proxies appended to `X-Forwarded-For`.
Addresses are hashed before they become cache keys.
"""

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from thidua.core.exceptions import ApplicationError

__all__ = [
    "RateLimit",
    "RateLimitedError",
    "client_address",
    "client_ip_or_none",
    "rate_limit_reached",
    "rate_limit_take",
]


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


def client_ip_or_none(request: HttpRequest) -> str | None:
    """`client_address` when it is an IP address, else None: what django-axes stores (its
    column is an IP address field; a request made in code, as by force_login, has none)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _key(rule: RateLimit, client: str) -> str:
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    return f"thidua:ratelimit:{rule.scope}:{digest}"


def rate_limit_take(rule: RateLimit, client: str, amount: int = 1) -> bool:
    """Count `amount` actions of `client`; False when they go beyond the limit of the window.

    The window starts with the client's first action and lasts `window_seconds`.
    """
    key = _key(rule, client)
    cache.add(key, 0, timeout=rule.window_seconds)
    try:
        count = cache.incr(key, amount)
    except ValueError:  # the entry expired between add and incr: a new window
        cache.set(key, amount, timeout=rule.window_seconds)
        count = amount
    return count <= rule.limit


def rate_limit_reached(rule: RateLimit, client: str) -> bool:
    """Whether `client` has used up the window, without counting an action."""
    return int(cache.get(_key(rule, client), 0)) >= rule.limit
