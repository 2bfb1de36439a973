"""The month view of the deadline calendar (pure): weeks from Monday to Sunday, and for each day
the deadlines due that day counted by kind and state, so that a day with a hundred reports
stays one readable cell."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from thidua.reminders.deadlines import DeadlineItem
from thidua.reminders.enums import DeadlineKind, DeadlineStatus

__all__ = ["DayCell", "KindCount", "month_bounds", "month_grid", "shift_month"]


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    total: int
    overdue: int
    due_soon: int
    done: int

    @property
    def state(self) -> str:
        """The worst state among them, for the cell's colour."""
        if self.overdue:
            return DeadlineStatus.OVERDUE
        if self.due_soon:
            return DeadlineStatus.DUE_SOON
        if self.done == self.total:
            return DeadlineStatus.DONE
        return DeadlineStatus.UPCOMING


@dataclass(frozen=True)
class DayCell:
    day: datetime.date
    in_month: bool
    is_today: bool
    kinds: list[KindCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(kind.total for kind in self.kinds)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    """The month `step` months after (or before) the given one."""
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def month_grid(
    year: int, month: int, items: Iterable[DeadlineItem], today: datetime.date
) -> list[list[DayCell]]:
    """The weeks of the month (Monday first), each day with its deadlines counted by kind."""
    by_day: dict[datetime.date, list[DeadlineItem]] = defaultdict(list)
    for item in items:
        by_day[item.due].append(item)
    order: dict[str, int] = {kind.value: index for index, kind in enumerate(DeadlineKind)}
    weeks: list[list[DayCell]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            counts: dict[str, Counter[str]] = defaultdict(Counter)
            for item in by_day.get(day, []) if day.month == month else []:
                counts[item.kind][item.status] += 1
            kinds = [
                KindCount(
                    kind=kind,
                    label=str(DeadlineKind(kind).label),
                    total=sum(tally.values()),
                    overdue=tally[DeadlineStatus.OVERDUE],
                    due_soon=tally[DeadlineStatus.DUE_SOON],
                    done=tally[DeadlineStatus.DONE],
                )
                for kind, tally in sorted(counts.items(), key=lambda pair: order[pair[0]])
            ]
            cells.append(DayCell(day, day.month == month, day == today, kinds))
        weeks.append(cells)
    return weeks
