"""Template context shared by every page."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from thidua.core.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    current = request.resolver_match.namespace if request.resolver_match else ""
    entries = [
        {
            "label": entry.label,
            "url": reverse(entry.url_name),
            "active": current in (entry.url_name.split(":")[0], *entry.also)
            and (entry.url_name != "core:home" or request.path == "/"),
        }
        for entry in NAVIGATION
        if entry.permission is None or user.has_perm(entry.permission)
    ]
    return {"nav_entries": entries}
