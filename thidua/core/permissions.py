"""One permission vocabulary (django-rules) for pages, API and services."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def ensure_can(actor: Any, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (on `obj`).

    `actor=None` is the system itself (management commands, the demo loader); pages and the API
    always pass the request's user.
    """
    if actor is None:
        return
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
