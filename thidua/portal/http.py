"""How public responses are made: the same bytes for every visitor, so that browsers and shared
caches may keep them.

* Pages and files are made in Vietnamese, pages without the request's context (no user, no CSRF
  token, no session is touched): no `Vary: Cookie`, and nothing personal in a cached copy.
* `Cache-Control: public, max-age=N`; an ETag (a hash of the content, or of the data for the
  JSON files, whose `generated_at` changes on every build) answers conditional requests with
  304 Not Modified.
* Only GET and HEAD.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import conditional_page, require_safe

from thidua.portal.open_data import json_bytes, payload_etag

__all__ = ["PAGE_MAX_AGE", "bad_request", "cacheable", "json_response", "public_page", "query_year"]

PAGE_MAX_AGE = 5 * 60

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def cacheable(max_age: int) -> Callable[[View], View]:
    """GET/HEAD only; a successful response gets `Cache-Control: public, max-age`, an ETag,
    and 304 Not Modified for a conditional request that matches it. Errors are not cached."""

    def decorate(view: View) -> View:
        @wraps(view)
        def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # The portal and its files are in Vietnamese whatever the visitor's language: the
            # labels in a JSON file do not change with a browser's settings.
            with translation.override("vi"):
                response = view(request, *args, **kwargs)
            response["Content-Language"] = "vi"
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age)
            else:
                patch_cache_control(response, no_store=True)
            return response

        return require_safe(conditional_page(cached))  # type: ignore[return-value]

    return decorate


def public_page(template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """A page rendered identically for everyone: without the request's context."""
    return HttpResponse(render_to_string(template, context), status=status)


def json_response(payload: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """Open data as UTF-8 JSON, readable from any site (CORS), tagged by its data."""
    response = HttpResponse(
        json_bytes(payload), status=status, content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    if status == 200:
        response["ETag"] = payload_etag(payload)
    return response


def bad_request(message: str) -> HttpResponse:
    return json_response({"message": message}, status=400)


def query_year(request: HttpRequest, name: str) -> tuple[int | None, bool]:
    """The year asked for in the query string: (year or None, whether the value was valid)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None, True
    if not raw.isdigit() or not 1945 <= int(raw) <= 2100:
        return None, False
    return int(raw), True
