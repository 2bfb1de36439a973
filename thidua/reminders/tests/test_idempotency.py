"""API writes sent with an Idempotency-Key run once (core.middleware.ApiIdempotencyMiddleware),
shown on obstacles and their attachments: the writes an unreliable connection repeats."""

from typing import Any

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_user
from thidua.accounts.enums import Role
from thidua.core.middleware import idempotency_slot
from thidua.core.models import AuditEvent
from thidua.reminders.models import Obstacle, ObstacleAttachment
from thidua.reminders.tests.conftest import PDF, World

API = "/api/v1/reminders"
JSON = {"content_type": "application/json"}


def _payload(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "unit_id": world.missing.pk,
        "title": "Đề nghị gia hạn báo cáo sơ kết",
        "description": "Đơn vị đề nghị gia hạn báo cáo sơ kết 6 tháng đến ngày 31/07/2024.",
        "area": "phong_trao",
        **changes,
    }


def test_a_repeated_create_with_its_key_is_replayed(world: World, login: Any) -> None:
    client = login(world.missing_head)
    key = {"HTTP_IDEMPOTENCY_KEY": "3f1c2a9e-0b7d-4c55-9a51-6d2f0e8b7a10"}

    first = client.post(f"{API}/obstacles", _payload(world), **JSON, **key)
    again = client.post(f"{API}/obstacles", _payload(world), **JSON, **key)
    other = client.post(f"{API}/obstacles", _payload(world, title="Khác"), **JSON, **key)
    unkeyed = client.post(f"{API}/obstacles", _payload(world), **JSON)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert other.status_code == 422
    assert "đã được dùng cho một yêu cầu khác" in other.json()["message"]
    assert unkeyed.status_code == 201
    assert Obstacle.objects.count() == 2
    assert AuditEvent.objects.filter(action__startswith="obstacle.").count() == 2


def test_a_repeated_upload_keeps_one_file(world: World, login: Any) -> None:
    client = login(world.missing_head)
    obstacle = client.post(f"{API}/obstacles", _payload(world), **JSON).json()
    url = f"{API}/obstacles/{obstacle['id']}/attachments"

    answers = [
        client.post(
            url,
            {"file": SimpleUploadedFile("Tờ trình.pdf", PDF)},
            HTTP_IDEMPOTENCY_KEY="tep-to-trinh-1",
        )
        for _ in range(3)
    ]

    assert [answer.status_code for answer in answers] == [201, 201, 201]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert ObstacleAttachment.objects.filter(obstacle_id=obstacle["id"]).count() == 1


def test_a_refused_request_may_be_corrected_under_the_same_key(world: World, login: Any) -> None:
    client = login(world.missing_head)
    key = {"HTTP_IDEMPOTENCY_KEY": "gia-han-1"}

    refused = client.post(f"{API}/obstacles", _payload(world, title=" "), **JSON, **key)
    corrected = client.post(f"{API}/obstacles", _payload(world), **JSON, **key)
    again = client.post(f"{API}/obstacles", _payload(world), **JSON, **key)

    assert refused.status_code == 400, refused.content
    assert (corrected.status_code, again.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in corrected
    assert again["Idempotent-Replayed"] == "true"
    assert Obstacle.objects.count() == 1


def test_keys_belong_to_their_caller(world: World, login: Any) -> None:
    key = {"HTTP_IDEMPOTENCY_KEY": "chung-mot-khoa"}
    mine = login(world.missing_head).post(f"{API}/obstacles", _payload(world), **JSON, **key)
    # A colleague's client chose the same key: theirs is a different slot, and runs.
    colleague = make_user(Role.LANH_DAO_DON_VI, world.missing)
    theirs = login(colleague).post(f"{API}/obstacles", _payload(world), **JSON, **key)

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs
    assert Obstacle.objects.count() == 2


def test_a_sending_still_running_holds_its_key(world: World, login: Any) -> None:
    client = login(world.missing_head)
    first = client.post(f"{API}/obstacles", _payload(world), **JSON, HTTP_IDEMPOTENCY_KEY="x")
    # As while the first sending runs: its entry holds the request's fingerprint, no answer.
    slot = idempotency_slot(f"user:{world.missing_head.pk}", "x")
    cache.set(slot, {"fingerprint": cache.get(slot)["fingerprint"]})

    second = client.post(f"{API}/obstacles", _payload(world), **JSON, HTTP_IDEMPOTENCY_KEY="x")

    assert (first.status_code, second.status_code) == (201, 409)
    assert "đang được xử lý" in second.json()["message"]
    assert second["Retry-After"] == "5"
    assert Obstacle.objects.count() == 1


def test_a_malformed_key_is_refused_before_anything_runs(world: World, login: Any) -> None:
    client = login(world.missing_head)

    answer = client.post(
        f"{API}/obstacles", _payload(world), **JSON, HTTP_IDEMPOTENCY_KEY="k" * 256
    )

    assert answer.status_code == 400
    assert "1–255 ký tự ASCII" in answer.json()["message"]
    assert Obstacle.objects.count() == 0
