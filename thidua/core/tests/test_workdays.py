"""Working days: Monday to Friday except the calendar's holidays, counted from the day after the
starting event (RULES.md §3.2); the deadline reads the `Holiday` rows it needs in one query,
and widens its window when a calendar holds more holidays than it expected."""

import datetime
from typing import Any

import pytest

from thidua.core.models import Holiday
from thidua.core.selectors import holidays_between, working_day_deadline
from thidua.core.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date
# Tết Ất Tỵ 2025: Saturday 25/01 to Sunday 02/02 (five weekdays, 27/01–31/01).
TET_2025 = frozenset(D(2025, 1, day) for day in range(25, 32)) | {D(2025, 2, 1), D(2025, 2, 2)}
# National Day 2025: Monday 01/09 and Tuesday 02/09.
NATIONAL_DAY_2025 = frozenset({D(2025, 9, 1), D(2025, 9, 2)})
NONE: frozenset[datetime.date] = frozenset()


@pytest.mark.parametrize(
    ("day", "holidays", "expected"),
    [
        (D(2025, 1, 24), NONE, True),  # Friday
        (D(2025, 1, 25), NONE, False),  # Saturday
        (D(2025, 1, 26), NONE, False),  # Sunday
        (D(2025, 1, 27), NONE, True),  # Monday
        (D(2025, 1, 27), TET_2025, False),  # Monday of Tết
        (D(2025, 2, 3), TET_2025, True),  # back to work
    ],
)
def test_is_working_day(
    day: datetime.date, holidays: frozenset[datetime.date], expected: bool
) -> None:
    assert is_working_day(day, holidays) is expected


@pytest.mark.parametrize(
    ("start", "days", "holidays", "expected"),
    [
        pytest.param(D(2025, 1, 20), 0, NONE, D(2025, 1, 20), id="zero-days-is-the-start"),
        pytest.param(D(2025, 1, 25), 0, NONE, D(2025, 1, 25), id="zero-days-even-on-saturday"),
        pytest.param(D(2025, 1, 20), 1, NONE, D(2025, 1, 21), id="monday-plus-one"),
        pytest.param(D(2025, 1, 17), 1, NONE, D(2025, 1, 20), id="friday-plus-one-is-monday"),
        pytest.param(D(2025, 1, 18), 1, NONE, D(2025, 1, 20), id="saturday-plus-one-is-monday"),
        pytest.param(D(2025, 1, 17), 5, NONE, D(2025, 1, 24), id="one-week"),
        pytest.param(D(2025, 1, 17), 10, NONE, D(2025, 1, 31), id="two-weeks"),
        pytest.param(D(2025, 1, 24), 1, NONE, D(2025, 1, 27), id="no-calendar-no-tet"),
        pytest.param(D(2025, 1, 24), 1, TET_2025, D(2025, 2, 3), id="tet-skipped"),
        pytest.param(D(2025, 1, 22), 5, TET_2025, D(2025, 2, 5), id="across-tet"),
        pytest.param(D(2025, 1, 22), 20, TET_2025, D(2025, 2, 26), id="twenty-days-across-tet"),
        pytest.param(D(2025, 8, 29), 3, NATIONAL_DAY_2025, D(2025, 9, 5), id="national-day"),
        # A holiday on a weekend changes nothing (no day in lieu is implied).
        pytest.param(D(2025, 1, 24), 1, {D(2025, 1, 25)}, D(2025, 1, 27), id="saturday-holiday"),
    ],
)
def test_add_working_days(
    start: datetime.date, days: int, holidays: Any, expected: datetime.date
) -> None:
    assert add_working_days(start, days, holidays) == expected


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="days must not be negative"):
        add_working_days(D(2025, 1, 20), -1, NONE)


@pytest.mark.parametrize(
    ("start", "end", "holidays", "expected"),
    [
        (D(2025, 1, 20), D(2025, 1, 20), NONE, 0),
        (D(2025, 1, 17), D(2025, 1, 20), NONE, 1),  # Friday → Monday
        (D(2025, 1, 18), D(2025, 1, 19), NONE, 0),  # a weekend only
        (D(2025, 1, 24), D(2025, 2, 3), NONE, 6),
        (D(2025, 1, 24), D(2025, 2, 3), TET_2025, 1),
        (D(2025, 1, 1), D(2025, 1, 31), TET_2025, 17),
    ],
)
def test_working_days_between_both_directions(
    start: datetime.date, end: datetime.date, holidays: Any, expected: int
) -> None:
    assert working_days_between(start, end, holidays) == expected
    assert working_days_between(end, start, holidays) == -expected


@pytest.mark.parametrize(("start", "days"), [(D(2025, 1, 22), 5), (D(2025, 1, 3), 37)])
def test_between_is_the_inverse_of_add(start: datetime.date, days: int) -> None:
    end = add_working_days(start, days, TET_2025)

    assert working_days_between(start, end, TET_2025) == days


# --- The calendar in the database -----------------------------------------------------------


def holidays(days: Any, name: str = "Nghỉ lễ") -> None:
    Holiday.objects.bulk_create(Holiday(day=day, name=name) for day in days)


@pytest.mark.django_db
def test_holidays_between_is_inclusive_and_bounded() -> None:
    holidays([D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 31), D(2025, 2, 1), D(2025, 4, 30)])

    assert holidays_between(D(2025, 1, 27), D(2025, 2, 1)) == frozenset(
        {D(2025, 1, 27), D(2025, 1, 31), D(2025, 2, 1)}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2025, 1, 24), 0, D(2025, 1, 24), id="zero"),
        pytest.param(D(2025, 1, 24), 1, D(2025, 2, 3), id="friday-before-tet"),
        pytest.param(D(2025, 1, 22), 20, D(2025, 2, 26), id="twenty-across-tet"),
        pytest.param(D(2025, 3, 3), 5, D(2025, 3, 10), id="no-holiday-in-reach"),
    ],
)
def test_working_day_deadline_reads_the_calendar(
    django_assert_num_queries: Any, start: datetime.date, days: int, expected: datetime.date
) -> None:
    holidays(TET_2025, "Tết Nguyên đán")

    with django_assert_num_queries(1):
        deadline = working_day_deadline(start, days)

    assert deadline == expected


@pytest.mark.django_db
def test_working_day_deadline_without_a_calendar_counts_weekdays() -> None:
    assert working_day_deadline(D(2025, 1, 24), 1) == D(2025, 1, 27)


@pytest.mark.django_db
def test_working_day_deadline_widens_its_window_for_an_odd_calendar(
    django_assert_num_queries: Any,
) -> None:
    # Every weekday from 04/03 to 15/04/2025 is a holiday: 1 working day after Monday 03/03
    # lies beyond the first window (2 × 1 + 31 days, up to 05/04), so the window doubles; a
    # deadline read from the first window alone would be Monday 07/04, itself a holiday.
    odd = [
        D(2025, 3, 4) + datetime.timedelta(days=offset)
        for offset in range(43)
        if (D(2025, 3, 4) + datetime.timedelta(days=offset)).weekday() < 5
    ]
    holidays(odd, "Nghỉ theo lịch thử nghiệm")
    assert odd[-1] == D(2025, 4, 15)

    with django_assert_num_queries(2):
        deadline = working_day_deadline(D(2025, 3, 3), 1)

    assert deadline == D(2025, 4, 16)


@pytest.mark.django_db
def test_working_day_deadline_widens_more_than_once() -> None:
    # 120 weekdays of holidays from 04/03/2025: windows of 33, 66 and 132 days are too short.
    start = D(2025, 3, 3)
    odd: list[datetime.date] = []
    day = start
    while len(odd) < 120:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            odd.append(day)
    holidays(odd)

    deadline = working_day_deadline(start, 1)

    assert deadline == add_working_days(odd[-1], 1, NONE)
    assert deadline == add_working_days(start, 1, frozenset(odd))


@pytest.mark.django_db
def test_working_day_deadline_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="days must not be negative"):
        working_day_deadline(D(2025, 1, 20), -1)
