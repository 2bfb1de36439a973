"""Reads of the reminders app, scoped to the reader: their own notifications, the obstacles
they may see, the units they raise obstacles for, the provinces they issue a letter for."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from thidua.accounts.scope import scope_for
from thidua.org.models import OrgUnit
from thidua.reminders.models import Notification, Obstacle
from thidua.reminders.rules import RECIPIENT_ROLES, REMINDED_ROLES
from thidua.targets.rules import OFFICE_ROLES

__all__ = [
    "letter_provinces_for",
    "notification_list_for",
    "obstacle_get_for",
    "obstacle_list_for",
    "raising_units_for",
    "unread_count",
]


def notification_list_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notifications = Notification.objects.filter(user=user).select_related("unit")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def _obstacles_q(user: Any) -> Q | None:
    """Obstacles of units the user covers, and those the user handles (None: all)."""
    scope = scope_for(user)
    if scope.everything:
        return None
    return (
        scope.filter_q("unit__path")
        | scope.filter_q("unit__path", OFFICE_ROLES)
        | scope.filter_q("recipient__path", RECIPIENT_ROLES)
    )


def obstacle_list_for(*, user: Any, status: str = "") -> QuerySet[Obstacle]:
    """What the user may read: their units' obstacles and those they handle; never another
    unit's."""
    scope = scope_for(user)
    if not scope.has_any_role:
        return Obstacle.objects.none()
    obstacles = Obstacle.objects.select_related("unit", "recipient", "created_by")
    condition = _obstacles_q(user)
    if condition is not None:
        obstacles = obstacles.filter(condition)
    if status:
        obstacles = obstacles.filter(status=status)
    return obstacles.order_by("-created_at", "-id")


def obstacle_get_for(*, user: Any, pk: int) -> Obstacle | None:
    """One obstacle with its history and files, or None when the user may not see it."""
    obstacle = (
        obstacle_list_for(user=user)
        .select_related("movement", "target", "replied_by")
        .prefetch_related("events", "attachments")
        .filter(pk=pk)
        .first()
    )
    return obstacle


def raising_units_for(*, user: Any, day: datetime.date) -> list[OrgUnit]:
    """Units (valid on `day`) the user raises obstacles for: where they hold a leader's or data
    officer's role (the provinces, for a superuser)."""
    scope = scope_for(user)
    units = OrgUnit.objects.valid_on(day)
    if scope.everything:
        return list(units.filter(parent__isnull=True).order_by("name"))
    paths = scope.paths(REMINDED_ROLES)
    return list(units.filter(path__in=paths).order_by("path")) if paths else []


def letter_provinces_for(*, user: Any, day: datetime.date) -> list[OrgUnit]:
    """Provinces (valid on `day`) whose emulation office the user works in: the letter is
    issued for one of them (through their predecessors' history too)."""
    scope = scope_for(user)
    roots = OrgUnit.objects.valid_on(day).filter(parent__isnull=True).order_by("name")
    return [root for root in roots if scope.covers(root, OFFICE_ROLES)]
