"""Writing the audit trail; every service calls `audit_record` inside its transaction, once
per call. A service that calls other services collects their records (`audit_nested`) and
records one event for the whole call."""

import datetime
import decimal
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

from thidua.core.models import AuditEvent
from thidua.core.text import search_key

#: The actor's name stored for what no signed-in person did (commands, jobs, the demo); pages
#: show it through the `actor` template filter, translated and capitalised.
SYSTEM_ACTOR = "hệ thống"


def json_value(value: Any) -> Any:
    """A JSON-safe copy of a field value (dates as ISO text, decimals as text)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of `fields` (default: all concrete fields) of `instance`, JSON-safe."""
    names = (
        list(fields)
        if fields is not None
        else [field.attname for field in instance._meta.concrete_fields]
    )
    return {name: json_value(getattr(instance, name)) for name in names}


class _Nested(threading.local):
    events: list[AuditEvent] | None = None


_nested = _Nested()


@contextmanager
def audit_nested() -> Iterator[list[AuditEvent]]:
    """Inside the block, the services called write no audit event of their own: the events
    they would have written are collected, unsaved, for the calling service, which records one
    event for its whole call with `audit_summary(collected)` in its `after`."""
    outer = _nested.events
    collected: list[AuditEvent] = []
    _nested.events = collected
    try:
        yield collected
    finally:
        _nested.events = outer
        if outer is not None:  # a collecting service inside a collecting service
            outer.extend(collected)


def audit_summary(events: list[AuditEvent]) -> dict[str, Any]:
    """What the services called inside `audit_nested` did: how many of each action, and on
    which objects."""
    counts = Counter(event.action for event in events)
    objects: dict[str, list[str]] = {}
    for event in events:
        if event.object_id:
            objects.setdefault(event.action, []).append(event.object_id)
    return {"counts": dict(sorted(counts.items())), "objects": dict(sorted(objects.items()))}


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    unit: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Record one write. `unit` is the org unit whose subtree may read the entry. Inside
    `audit_nested` the event is only collected (and returned unsaved)."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    actor_name = (actor.get_full_name() or actor.get_username()) if is_person else SYSTEM_ACTOR
    event = AuditEvent(
        actor=actor if is_person else None,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        before=json_value(before) if before is not None else None,
        after=json_value(after) if after is not None else None,
        note=note,
        search_text=search_key(f"{actor_name} {object_repr}")[:500],
    )
    if _nested.events is not None:
        _nested.events.append(event)
    else:
        event.save(force_insert=True)
    return event
