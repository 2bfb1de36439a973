"""Reads of the audit trail, scoped: unit-level roles only see their own subtrees' entries;
and of the holiday calendar for time limits counted in working days."""

import datetime
from typing import Any

from django.db.models import QuerySet

from thidua.accounts.enums import AUDIT_READER_ROLES
from thidua.accounts.scope import scope_for
from thidua.core.models import AuditEvent, Holiday
from thidua.core.text import TIME_ZONE, search_key
from thidua.core.workdays import add_working_days


def audit_event_list_for(
    *,
    user: Any,
    action: str = "",
    actor_id: int | None = None,
    unit_path: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    query: str = "",
) -> QuerySet[AuditEvent]:
    """Entries the user may read, newest first. Entries tied to no unit are for superusers."""
    scope = scope_for(user)
    events = AuditEvent.objects.select_related("unit")
    if not scope.everything:
        events = events.filter(scope.filter_q("unit_path", AUDIT_READER_ROLES))
    if action:
        events = events.filter(action__startswith=action)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if unit_path:
        events = events.filter(unit_path__startswith=unit_path)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    for word in search_key(query).split():
        events = events.filter(search_text__contains=word)
    if date_from is not None:
        events = events.filter(
            at__gte=datetime.datetime.combine(date_from, datetime.time.min, TIME_ZONE)
        )
    if date_to is not None:
        end = datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time.min, TIME_ZONE
        )
        events = events.filter(at__lt=end)
    return events.order_by("-at", "-id")


def audit_action_choices() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def holidays_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """The calendar's holidays in [start, end], for the pure working-day functions."""
    return frozenset(Holiday.objects.filter(day__range=(start, end)).values_list("day", flat=True))


def working_day_deadline(start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start`, skipping the calendar's holidays (one query)."""
    # A window that holds weekends and the longest Tết break; widened if a calendar is odder.
    window = 2 * days + 31
    while True:
        end = start + datetime.timedelta(days=window)
        deadline = add_working_days(start, days, holidays_between(start, end))
        if deadline <= end:
            return deadline
        window *= 2
