"""Template context shared by every page."""

from collections import Counter
from typing import Any

from django.http import HttpRequest
from django.urls import ResolverMatch, reverse

from thidua.core.navigation import NAVIGATION, NavEntry


def _namespace(entry: NavEntry) -> str:
    return entry.url_name.split(":")[0]


# A namespace that several entries share ("core": the overview and the audit log) cannot tell
# them apart: there, an entry is highlighted on its own page only.
_SHARED = {
    name for name, count in Counter(_namespace(entry) for entry in NAVIGATION).items() if count > 1
}


def _active(entry: NavEntry, match: ResolverMatch | None) -> bool:
    if match is None:
        return False
    if match.view_name == entry.url_name or match.namespace in entry.also:
        return True
    return _namespace(entry) not in _SHARED and match.namespace == _namespace(entry)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    match = request.resolver_match
    entries = [
        {"label": entry.label, "url": reverse(entry.url_name), "active": _active(entry, match)}
        for entry in NAVIGATION
        if entry.permission is None or user.has_perm(entry.permission)
    ]
    return {"nav_entries": entries}
