"""The reminders demo: Kon Tum's 2024 obstacles with their answers, seen only by their units and
their handlers, and the overdue detection of 20/07/2024 whose digest names exactly the units the
đôn đốc letter lists.

The demo is loaded once for the module, inside a transaction rolled back when the module ends
(each test runs in a savepoint of it)."""

import datetime

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.demo.reminders_2024 import DETECTION_DAY
from thidua.org.models import OrgUnit
from thidua.reminders.deadlines import late_units
from thidua.reminders.enums import NotificationKind, ObstacleStatus
from thidua.reminders.letter import letter_items
from thidua.reminders.models import Notification, Obstacle
from thidua.reminders.selectors import obstacle_list_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def account(username: str) -> User:
    return User.objects.get(username=username, is_demo=True)


def test_the_obstacles_went_through_their_statuses() -> None:
    obstacles = {
        obstacle.title: obstacle
        for obstacle in Obstacle.objects.select_related("unit", "recipient").filter(is_demo=True)
    }

    assert sorted((obstacle.unit.name, obstacle.status) for obstacle in obstacles.values()) == [
        ("Huyện Ia H'Drai", ObstacleStatus.NEW),
        ("Phường Quang Trung", ObstacleStatus.ANSWERED),
        ("Sở Y tế tỉnh Kon Tum", ObstacleStatus.FORWARDED),
        ("Sở Y tế tỉnh Kon Tum", ObstacleStatus.CLOSED),
    ]
    assert {obstacle.recipient.name for obstacle in obstacles.values()} == {
        "Văn phòng Ủy ban nhân dân tỉnh Kon Tum"
    }
    assert {obstacle.created_at.year for obstacle in obstacles.values()} == {2024}
    for obstacle in obstacles.values():
        times = [event.at for event in obstacle.events.order_by("id")]
        assert times == sorted(times)
        assert times[0] == obstacle.created_at


def test_the_ward_reads_its_answer_and_other_units_see_nothing(client) -> None:
    clerk, head, block_leader = account("nhaplieu"), account("lanhdao"), account("truongcum")
    answered = Obstacle.objects.get(status=ObstacleStatus.ANSWERED)

    client.force_login(clerk)
    page = client.get(reverse("reminders:obstacle-detail", args=[answered.pk]))

    assert page.status_code == 200
    assert "cột cùng kỳ" in page.content.decode()
    assert [obstacle.unit.name for obstacle in obstacle_list_for(user=clerk)] == [
        "Phường Quang Trung"
    ]
    assert {obstacle.unit.name for obstacle in obstacle_list_for(user=head)} == {
        "Sở Y tế tỉnh Kon Tum"
    }
    assert list(obstacle_list_for(user=block_leader)) == []
    assert obstacle_list_for(user=account("chuyenvien")).count() == 4


def test_the_detection_of_20_07_2024_notified_the_late_units_and_the_office() -> None:
    office = account("chuyenvien")
    digest = Notification.objects.get(user=office, kind=NotificationKind.DIGEST)
    root = OrgUnit.objects.valid_on(DETECTION_DAY).get(parent__isnull=True, code="62")
    late = late_units(letter_items(province=root, today=DETECTION_DAY))

    assert digest.day == DETECTION_DAY
    assert digest.created_at.date() == DETECTION_DAY
    assert [line.split(":")[0].removeprefix("- ") for line in digest.body.splitlines()] == [
        unit.unit.name for unit in late
    ]
    assert len(late) > 10
    assert "Phường Quang Trung" in {unit.unit.name for unit in late}
    clerk_items = Notification.objects.filter(
        user=account("nhaplieu"), kind=NotificationKind.OVERDUE
    )
    assert clerk_items.exists()
    assert {notification.day for notification in clerk_items} == {DETECTION_DAY}
    assert not Notification.objects.filter(day__gt=datetime.date(2024, 12, 31)).exists()
