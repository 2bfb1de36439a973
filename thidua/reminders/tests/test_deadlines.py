"""The deadline calendar read on a fixed day: exactly the late units are overdue (a unit that sent
late before the day is done, one that sent after the day is still late on it), each unit sees
its own subtree's deadlines, the office all of its province's, and the month grid counts them."""

import datetime

import pytest

from conftest import make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.scope import scope_for
from thidua.reminders.deadlines import (
    deadline_items,
    deadline_items_for,
    deadline_status,
    late_units,
    overdue_items,
)
from thidua.reminders.enums import DeadlineKind, DeadlineStatus
from thidua.reminders.month import month_bounds, month_grid, shift_month
from thidua.reminders.tests.conftest import (
    MILESTONE_DUE,
    REGISTRATION_DUE,
    REPORT_DUE,
    TODAY,
    World,
)

D = datetime.date
SINCE = TODAY - datetime.timedelta(days=180)


@pytest.mark.parametrize(
    ("due", "done_on", "expected"),
    [
        (D(2024, 7, 10), D(2024, 7, 9), DeadlineStatus.DONE),  # on time
        (D(2024, 7, 10), D(2024, 7, 15), DeadlineStatus.DONE),  # late, but done by today
        (D(2024, 7, 10), D(2024, 7, 25), DeadlineStatus.OVERDUE),  # done only after today
        (D(2024, 7, 10), None, DeadlineStatus.OVERDUE),
        (D(2024, 7, 19), None, DeadlineStatus.OVERDUE),  # yesterday
        (D(2024, 7, 20), None, DeadlineStatus.DUE_SOON),  # the deadline is today
        (D(2024, 7, 27), None, DeadlineStatus.DUE_SOON),  # seven days ahead
        (D(2024, 7, 28), None, DeadlineStatus.UPCOMING),
        (D(2024, 7, 28), D(2024, 7, 20), DeadlineStatus.DONE),  # done early
    ],
)
def test_deadline_status(due: datetime.date, done_on: datetime.date | None, expected: str) -> None:
    assert deadline_status(due, done_on, TODAY, 7) == expected


def test_with_a_fixed_clock_exactly_the_late_units_are_overdue(world: World) -> None:
    items = deadline_items(today=TODAY, start=SINCE, end=TODAY)

    overdue = overdue_items(items)
    late = late_units(overdue)

    assert {late_unit.unit.name for late_unit in late} == world.late
    assert {
        (late_unit.unit.name, item.kind, item.due, item.days_late)
        for late_unit in late
        for item in late_unit.items
    } == {
        (world.sent_after.name, DeadlineKind.REPORT, REPORT_DUE, 10),
        (world.missing.name, DeadlineKind.REPORT, REPORT_DUE, 10),
        (world.missing.name, DeadlineKind.MILESTONE, MILESTONE_DUE, 5),
        (world.missing.name, DeadlineKind.COVENANT, datetime.date(2024, 3, 5), 137),
    }
    # Overdue too, but not a unit's own public duty: the office's appraisal, and a dossier only
    # the unit's filers know about.
    listed = {item.key for late_unit in late for item in late_unit.items}
    assert sorted((item.kind, item.unit.name) for item in overdue if item.key not in listed) == [
        (DeadlineKind.DOSSIER, world.missing.name),
        (DeadlineKind.APPRAISAL, world.tree.province.name),
    ]


def test_units_that_sent_late_before_the_day_are_done_and_marked_late(world: World) -> None:
    items = deadline_items(today=TODAY, start=SINCE, end=TODAY)

    sent_late = {
        item.kind: (item.status, item.done_on, item.days_late)
        for item in items
        if item.unit == world.sent_late
    }
    on_time = {item.kind: item.days_late for item in items if item.unit == world.on_time}

    assert sent_late == {
        DeadlineKind.REPORT: (DeadlineStatus.DONE, D(2024, 7, 15), 5),
        DeadlineKind.MILESTONE: (DeadlineStatus.DONE, D(2024, 7, 16), 1),
        DeadlineKind.COVENANT: (DeadlineStatus.DONE, D(2024, 3, 12), 7),
    }
    assert on_time == {
        DeadlineKind.REPORT: 0,
        DeadlineKind.MILESTONE: 0,
        DeadlineKind.COVENANT: 0,
    }


def test_a_later_day_sees_the_report_sent_after_the_first_one(world: World) -> None:
    later = datetime.date(2024, 7, 26)

    late = late_units(overdue_items(deadline_items(today=later, start=SINCE, end=later)))

    assert [late_unit.unit.name for late_unit in late] == [world.missing.name]


def test_upcoming_deadlines_are_in_the_calendar_not_among_the_late(world: World) -> None:
    items = deadline_items(today=TODAY, start=D(2024, 7, 1), end=D(2024, 7, 31))

    coming = {
        (item.kind, item.status)
        for item in items
        if item.due == REGISTRATION_DUE and item.unit == world.missing
    }
    round_deadline = [item for item in items if item.kind == DeadlineKind.ROUND]

    assert coming == {
        (DeadlineKind.PLAN, DeadlineStatus.UPCOMING),
        (DeadlineKind.REGISTRATION, DeadlineStatus.UPCOMING),
    }
    assert [(item.status, item.note) for item in round_deadline] == [
        (DeadlineStatus.DONE, "Đã hết hạn nhận hồ sơ")
    ]
    on_the_23rd = deadline_items(today=D(2024, 7, 24), start=REGISTRATION_DUE, end=REGISTRATION_DUE)
    assert {item.status for item in on_the_23rd} == {DeadlineStatus.DUE_SOON}


def test_a_unit_user_sees_only_its_subtree(world: World) -> None:
    child = make_unit("Phòng Kế hoạch - Tài chính", kind="phong_ban", parent=world.missing)
    head = make_user(Role.LANH_DAO_DON_VI, world.missing)
    viewer = make_user(Role.NGUOI_XEM, world.missing)
    child_user = make_user(Role.NHAP_LIEU, child)

    mine = deadline_items_for(user=head, today=TODAY, start=SINCE, end=TODAY)
    viewed = deadline_items_for(user=viewer, today=TODAY, start=SINCE, end=TODAY)

    assert {item.unit.name for item in mine} == {
        world.missing.name,
        world.tree.province.name,  # the round's deadline reaches the units below the issuer
    }
    assert {item.kind for item in mine if item.unit == world.tree.province} == {DeadlineKind.ROUND}
    # The draft dossier is seen by the unit's filers only.
    assert DeadlineKind.DOSSIER in {item.kind for item in mine}
    assert DeadlineKind.DOSSIER not in {item.kind for item in viewed}
    assert deadline_items_for(user=child_user, today=TODAY, start=SINCE, end=TODAY) == [
        item for item in mine if item.kind == DeadlineKind.ROUND
    ]
    assert deadline_items_for(user=make_user(), today=TODAY, start=SINCE, end=TODAY) == []


def test_the_office_sees_every_unit_and_its_own_appraisals(world: World) -> None:
    items = deadline_items_for(user=world.office, today=TODAY, start=SINCE, end=TODAY)

    assert {item.unit.name for item in items} == {
        world.on_time.name,
        world.sent_late.name,
        world.sent_after.name,
        world.missing.name,
        world.tree.province.name,
    }
    assert DeadlineKind.APPRAISAL in {item.kind for item in items}
    assert DeadlineKind.DOSSIER not in {item.kind for item in items}  # drafts stay inside
    other_office = make_user(Role.CHUYEN_VIEN_TDKT, world.on_time)
    assert DeadlineKind.APPRAISAL not in {
        item.kind
        for item in deadline_items_for(user=other_office, today=TODAY, start=SINCE, end=TODAY)
    }
    assert scope_for(world.office).everything is False


def test_kinds_limit_what_is_read(world: World, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):  # the editions, their members: nothing else is read
        items = deadline_items(today=TODAY, start=SINCE, end=TODAY, kinds=[DeadlineKind.COVENANT])

    assert {item.kind for item in items} == {DeadlineKind.COVENANT}
    assert len(items) == 4


def test_the_month_grid_counts_each_day_by_kind(world: World) -> None:
    first, last = month_bounds(2024, 7)
    items = deadline_items(today=TODAY, start=first, end=last)

    weeks = month_grid(2024, 7, items, TODAY)

    days = {cell.day: cell for week in weeks for cell in week}
    assert weeks[0][0].day == D(2024, 7, 1)  # a Monday
    assert all(len(week) == 7 for week in weeks)
    tenth = {
        kind.kind: (kind.total, kind.overdue, kind.done, kind.state)
        for kind in days[REPORT_DUE].kinds
    }
    assert tenth == {DeadlineKind.REPORT: (4, 2, 2, DeadlineStatus.OVERDUE)}
    assert days[TODAY].is_today
    assert days[D(2024, 7, 31)].total == 8  # plans and registrations of the four departments
    assert {kind.state for kind in days[D(2024, 7, 31)].kinds} == {DeadlineStatus.UPCOMING}
    assert shift_month(2024, 12, 1) == (2025, 1)
    assert shift_month(2024, 1, -1) == (2023, 12)
