"""Template filters for Vietnamese numbers and dates: {{ value|so }}, {{ value|so:2 }},
{{ day|ngay }}, {{ day|ngay_day_du }}; and {{ event.actor_name|actor }}."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _

from thidua.core.services import SYSTEM_ACTOR
from thidua.core.text import format_date, format_date_long, format_number

register = template.Library()


@register.filter
def so(value: Any, decimals: int | None = None) -> str:
    """4600.5 → "4.600,5"; with an argument, a fixed number of decimals."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, int | Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return format_number(number, decimals=None if decimals is None else int(decimals))


@register.filter
def ngay(value: Any) -> str:
    """A date (or an ISO "YYYY-MM-DD" string, as JSON keeps dates) as dd/mm/yyyy."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    return format_date(value) if isinstance(value, datetime.date) else ""


@register.filter
def ngay_day_du(value: Any) -> str:
    """A date as "ngày 06 tháng 02 năm 2024" (Decree 30/2020 layout)."""
    return format_date_long(value) if isinstance(value, datetime.date) else ""


@register.filter
def percent(ratio: Any) -> str:
    """An achievement ratio as a percentage: 1.024 → "102,4%"."""
    if ratio is None or ratio == "":
        return ""
    return f"{format_number(Decimal(str(ratio)) * 100, decimals=1)}%"


@register.filter
def actor(name: str) -> str:
    """Who did it, as stored in a history: a person's name, or "Hệ thống" for the system."""
    return _("Hệ thống") if name == SYSTEM_ACTOR else name
