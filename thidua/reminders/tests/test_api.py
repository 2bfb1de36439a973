"""The reminders API: the same scoping and rules as the pages: deadlines and late units on a
fixed day, a user's own notifications, obstacles raised, answered, closed and never seen by
another unit."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PERMISSION_CASES
from thidua.accounts.enums import Role
from thidua.reminders.enums import ObstacleStatus
from thidua.reminders.models import Notification, Obstacle
from thidua.reminders.services import reminders_send
from thidua.reminders.tests.conftest import PDF, TODAY, World

COVERED_API_OPERATIONS = [
    "GET /api/v1/reminders/deadlines",
    "GET /api/v1/reminders/late-units",
    "GET /api/v1/reminders/notifications",
    "POST /api/v1/reminders/notifications/{notification_id}/read",
    "POST /api/v1/reminders/notifications/read-all",
    "GET /api/v1/reminders/obstacles",
    "POST /api/v1/reminders/obstacles",
    "GET /api/v1/reminders/obstacles/{obstacle_id}",
    "POST /api/v1/reminders/obstacles/{obstacle_id}/status",
    "POST /api/v1/reminders/obstacles/{obstacle_id}/attachments",
]
API = "/api/v1/reminders"
JSON = {"content_type": "application/json"}
WINDOW = "as_of=2024-07-20&date_from=2024-01-22&date_to=2024-07-31"


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_read_operations_permission_matrix(
    world: World, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(world.tree, Role.NGUOI_XEM))

    statuses = [
        client.get(f"{API}/deadlines?{WINDOW}").status_code,
        client.get(f"{API}/late-units?as_of=2024-07-20").status_code,
        client.get(f"{API}/notifications").status_code,
        client.get(f"{API}/obstacles").status_code,
        client.post(f"{API}/notifications/read-all").status_code,
    ]

    expected = {
        "anonymous": [401] * 5,
        "no_role": [403, 403, 200, 403, 200],
    }.get(case, [200] * 5)
    assert statuses == expected


def test_deadlines_and_late_units_on_a_fixed_day(world: World, login: Any) -> None:
    office = login(world.office)

    overdue = office.get(f"{API}/deadlines?{WINDOW}&status=qua_han").json()
    late = office.get(f"{API}/late-units?as_of=2024-07-20").json()
    covenants = office.get(f"{API}/deadlines?{WINDOW}&kind=giao_uoc&unit_id={world.missing.pk}")

    assert {item["unit_name"] for item in overdue["items"]} == {
        *world.late,
        world.tree.province.name,
    }
    assert {unit["unit_name"] for unit in late} == world.late
    assert sorted(len(unit["items"]) for unit in late) == [1, 3]
    assert [
        (item["unit_name"], item["status"], item["due"], item["days_late"])
        for item in covenants.json()["items"]
    ] == [(world.missing.name, "qua_han", "2024-03-05", 137)]
    unit = login(world.missing_head)
    assert [
        item["unit_name"] for item in unit.get(f"{API}/late-units?as_of=2024-07-20").json()
    ] == [world.missing.name]
    bad = office.get(f"{API}/deadlines?kind=khong_co")
    assert bad.status_code == 422
    assert "kind" in bad.json()["message"]


def test_notifications_are_personal(world: World, login: Any) -> None:
    reminders_send(actor=None, today=TODAY)
    theirs = Notification.objects.filter(user=world.missing_head).first()
    assert theirs is not None
    office = login(world.office)

    listed = office.get(f"{API}/notifications?unread=true").json()
    refused = office.post(f"{API}/notifications/{theirs.pk}/read")
    mine = listed["items"][0]["id"]
    read = office.post(f"{API}/notifications/{mine}/read")
    everything = office.post(f"{API}/notifications/read-all")

    assert listed["count"] == 2
    assert {item["kind"] for item in listed["items"]} == {"qua_han", "tong_hop"}
    assert refused.status_code == 404
    assert read.json()["read_at"] is not None
    assert everything.json() == {"count": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_an_obstacle_through_the_api(world: World, login: Any, settings: Any) -> None:
    unit = login(world.missing_head)
    payload = {
        "unit_id": world.missing.pk,
        "title": "Đề nghị gia hạn báo cáo sơ kết",
        "description": "Đơn vị đề nghị gia hạn báo cáo sơ kết 6 tháng đến ngày 31/07/2024.",
        "area": "phong_trao",
        "movement_id": world.movement.pk,
    }

    created = unit.post(f"{API}/obstacles", payload, **JSON)
    other_unit = unit.post(f"{API}/obstacles", {**payload, "unit_id": world.on_time.pk}, **JSON)

    assert created.status_code == 201
    body = created.json()
    assert (body["unit_name"], body["status"], body["events"][0]["to_status"]) == (
        world.missing.name,
        "moi",
        "moi",
    )
    assert other_unit.status_code == 403
    assert "quyền" in other_unit.json()["message"]
    pk = body["id"]
    attached = unit.post(
        f"{API}/obstacles/{pk}/attachments", {"file": SimpleUploadedFile("Tờ trình.pdf", PDF)}
    )
    assert attached.status_code == 201
    assert attached.json()["name"] == "Tờ trình.pdf"
    raiser_answers = unit.post(
        f"{API}/obstacles/{pk}/status", {"status": "da_tra_loi", "reply": "Tự trả lời"}, **JSON
    )
    assert raiser_answers.status_code == 403

    office = login(world.office)
    empty_reply = office.post(f"{API}/obstacles/{pk}/status", {"status": "da_tra_loi"}, **JSON)
    answered = office.post(
        f"{API}/obstacles/{pk}/status",
        {"status": "da_tra_loi", "reply": "Đồng ý gia hạn đến 31/07/2024.", "version": 1},
        **JSON,
    )
    assert empty_reply.status_code == 400
    assert "Nội dung trả lời" in empty_reply.json()["message"]
    assert (answered.json()["status"], answered.json()["version"]) == ("da_tra_loi", 2)
    stale = office.post(f"{API}/obstacles/{pk}/status", {"status": "dong", "version": 1}, **JSON)
    assert stale.status_code == 409

    unit = login(world.missing_head)
    read = unit.get(f"{API}/obstacles/{pk}").json()
    assert read["reply"] == "Đồng ý gia hạn đến 31/07/2024."
    assert [event["to_status"] for event in read["events"]] == ["moi", "da_tra_loi"]
    assert [attachment["name"] for attachment in read["attachments"]] == ["Tờ trình.pdf"]
    closed = unit.post(f"{API}/obstacles/{pk}/status", {"status": "dong"}, **JSON)
    assert closed.json()["status"] == ObstacleStatus.CLOSED

    stranger = login(world.sent_after_officer)
    assert stranger.get(f"{API}/obstacles/{pk}").status_code == 404
    assert stranger.get(f"{API}/obstacles").json()["count"] == 0
    assert (
        stranger.post(f"{API}/obstacles/{pk}/status", {"status": "dong"}, **JSON).status_code == 404
    )
    assert Obstacle.objects.get().status == ObstacleStatus.CLOSED


def test_filtering_obstacles_by_status(world: World, login: Any) -> None:
    client = login(world.missing_head)
    payload = {"unit_id": world.missing.pk, "title": "Vướng mắc", "description": "Nội dung"}
    client.post(f"{API}/obstacles", payload, **JSON)

    new = client.get(f"{API}/obstacles?status=moi").json()
    closed = client.get(f"{API}/obstacles?status=dong").json()

    assert (new["count"], closed["count"]) == (1, 0)
    missing_unit = client.post(f"{API}/obstacles", {**payload, "unit_id": 999999}, **JSON)
    missing_movement = client.post(f"{API}/obstacles", {**payload, "movement_id": 999999}, **JSON)
    assert (missing_unit.status_code, missing_movement.status_code) == (404, 404)
    assert Obstacle.objects.count() == 1
