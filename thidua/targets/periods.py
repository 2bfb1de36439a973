"""Reporting periods of a year: months, quarters, halves, the year. Pure functions.

A period is named by a stable key: "2024-03" (month), "2024-Q1" (quarter), "2024-H1" (half
year), "2024" (year). Reports are due a configurable number of days after the period ends.
"""

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date

    def due_date(self, deadline_days: int) -> datetime.date:
        return self.end + datetime.timedelta(days=deadline_days)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def periods_for(year: int, frequency: str) -> list[Period]:
    """All periods of `year` at `frequency`, in order."""
    if frequency == Frequency.MONTHLY:
        return [
            Period(
                f"{year}-{month:02d}",
                f"Tháng {month}/{year}",
                datetime.date(year, month, 1),
                _month_end(year, month),
            )
            for month in range(1, 13)
        ]
    if frequency == Frequency.QUARTERLY:
        return [
            Period(
                f"{year}-Q{quarter}",
                f"Quý {ROMAN[quarter]}/{year}",
                datetime.date(year, quarter * 3 - 2, 1),
                _month_end(year, quarter * 3),
            )
            for quarter in range(1, 5)
        ]
    if frequency == Frequency.HALF_YEARLY:
        return [
            Period(
                f"{year}-H1",
                f"6 tháng đầu năm {year}",
                datetime.date(year, 1, 1),
                datetime.date(year, 6, 30),
            ),
            Period(
                f"{year}-H2",
                f"6 tháng cuối năm {year}",
                datetime.date(year, 7, 1),
                datetime.date(year, 12, 31),
            ),
        ]
    if frequency == Frequency.YEARLY:
        return [
            Period(f"{year}", f"Năm {year}", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        ]
    raise ValueError(f"Tần suất báo cáo “{frequency}” không hợp lệ.")


def period_by_key(key: str, frequency: str) -> Period:
    """The period named `key` ("2024-03", "2024-Q1", "2024-H1", "2024") at `frequency`."""
    try:
        year = int(key[:4])
    except ValueError:
        raise ValueError(f"Kỳ báo cáo “{key}” không hợp lệ.") from None
    for period in periods_for(year, frequency):
        if period.key == key:
            return period
    raise ValueError(f"Kỳ báo cáo “{key}” không thuộc tần suất đã giao.")
