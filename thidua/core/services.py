"""Writing the audit trail; every service calls `audit_record` inside its transaction."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from thidua.core.models import AuditEvent
from thidua.core.text import search_key


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
    """Record one write. `unit` is the org unit whose subtree may read the entry."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    actor_name = (actor.get_full_name() or actor.get_username()) if is_person else "hệ thống"
    return AuditEvent.objects.create(
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
