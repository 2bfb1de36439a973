"""Working days (ngày làm việc): Monday to Friday except the public holidays of a calendar.

Legal time limits are counted in working days (e.g. "20 ngày làm việc kể từ ngày nhận đủ hồ
sơ", RULES.md §3.2). Counting starts the day after the starting event: a dossier received on a
Friday with a 1-working-day limit is due the following Monday. Holidays are data (the
`core.Holiday` calendar, kept in the admin), because the lunar holidays and the days swapped
each year are announced by the government every year.
"""

from collections.abc import Collection
from datetime import date, timedelta

__all__ = ["add_working_days", "is_working_day", "working_days_between"]

_SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The day on which `days` working days after `start` have elapsed (`start` excluded)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, holidays)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
