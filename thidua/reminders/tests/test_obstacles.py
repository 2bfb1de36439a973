"""Obstacles (vướng mắc, kiến nghị) through their services: a unit raises one, it reaches the
chairman's office and the emulation office, they take it up and answer it, the unit reads the
answer and closes it; every step is checked, audited and notified, and other units never see
it. A refused call changes nothing."""

from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.models import AuditEvent
from thidua.org.models import OrgUnit
from thidua.reminders.enums import NotificationKind, ObstacleStatus
from thidua.reminders.models import Notification, Obstacle, ObstacleAttachment, ObstacleEvent
from thidua.reminders.selectors import obstacle_list_for
from thidua.reminders.services import (
    obstacle_attachment_add,
    obstacle_create,
    obstacle_recipient_for,
    obstacle_status_set,
)
from thidua.reminders.tests.conftest import PDF

TITLE = "Mẫu báo cáo chỉ tiêu 6 tháng chưa có cột số liệu cùng kỳ"
DESCRIPTION = (
    "Mẫu Excel báo cáo chỉ tiêu 6 tháng đầu năm chưa có cột số liệu cùng kỳ năm trước, đơn vị "
    "không giải trình được mức tăng trưởng. Đề nghị bổ sung cột hoặc hướng dẫn cách ghi."
)
REPLY = "Đã bổ sung cột “Cùng kỳ năm trước” vào mẫu; đơn vị tải lại mẫu Excel để báo cáo."


@dataclass
class People:
    office_unit: OrgUnit
    raiser: User
    head: User
    office: User
    chairman_office: User
    other: User
    child: User
    province_viewer: User


@pytest.fixture
def people(tree: Tree, settings: Any, tmp_path: Any) -> People:
    settings.MEDIA_ROOT = tmp_path / "media"
    office_unit = make_unit("Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm", parent=tree.province)

    def person(role: str, unit: OrgUnit, email: str) -> User:
        user = make_user(role, unit)
        User.objects.filter(pk=user.pk).update(email=email)
        user.email = email
        return user

    return People(
        office_unit=office_unit,
        raiser=person(Role.NHAP_LIEU, tree.unit, "nhaplieu.snv@example.vn"),
        head=person(Role.LANH_DAO_DON_VI, tree.unit, "giamdoc.snv@example.vn"),
        office=person(Role.CHUYEN_VIEN_TDKT, tree.province, "tdkt@example.vn"),
        chairman_office=person(Role.NHAP_LIEU, office_unit, "vanphong@example.vn"),
        other=person(Role.NHAP_LIEU, tree.other, "nhaplieu.syt@example.vn"),
        child=person(Role.NHAP_LIEU, tree.child, "phong@example.vn"),
        province_viewer=person(Role.NGUOI_XEM, tree.province, "xem@example.vn"),
    )


def raise_one(tree: Tree, people: People, **extra: Any) -> Obstacle:
    return obstacle_create(
        actor=people.raiser,
        unit=tree.unit,
        title=TITLE,
        description=DESCRIPTION,
        **{"area": "chi_tieu", **extra},
    )


def told(user: User) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=NotificationKind.OBSTACLE)
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_a_raised_obstacle_reaches_the_chairmans_office_and_the_emulation_office(
    tree: Tree, people: People, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        obstacle = raise_one(tree, people, files=[("Mẫu hiện hành.pdf", PDF)])

    assert (obstacle.unit, obstacle.recipient, obstacle.status) == (
        tree.unit,
        people.office_unit,
        ObstacleStatus.NEW,
    )
    assert obstacle.created_by == people.raiser
    new = f"Vướng mắc mới của {tree.unit.name}: {TITLE}"
    assert told(people.office) == [new]
    assert told(people.chairman_office) == [new]
    for user in (people.raiser, people.head, people.other, people.child, people.province_viewer):
        assert told(user) == []
    assert sorted(message.to[0] for message in mail.outbox) == [
        "tdkt@example.vn",
        "vanphong@example.vn",
    ]
    assert mail.outbox[0].subject == f"[Thi đua – Khen thưởng] {new}"
    assert DESCRIPTION[:40] in mail.outbox[0].body
    assert [attachment.name for attachment in obstacle.attachments.all()] == ["Mẫu hiện hành.pdf"]
    assert list(ObstacleEvent.objects.values_list("from_status", "to_status")) == [("", "moi")]
    event = AuditEvent.objects.get(action="obstacle.raised")
    assert (event.actor, event.unit, event.after["recipient_id"]) == (
        people.raiser,
        tree.unit,
        people.office_unit.pk,
    )


def test_the_office_answers_and_the_unit_sees_the_answer(
    tree: Tree, people: People, django_capture_on_commit_callbacks: Any
) -> None:
    obstacle = raise_one(tree, people)
    mail.outbox.clear()

    taken = obstacle_status_set(
        actor=people.chairman_office,
        obstacle=obstacle,
        status=ObstacleStatus.IN_PROGRESS,
        note="Đã chuyển Sở Nội vụ rà soát mẫu.",
        expected_version=obstacle.version,
    )
    with django_capture_on_commit_callbacks(execute=True):
        answered = obstacle_status_set(
            actor=people.office,
            obstacle=taken,
            status=ObstacleStatus.ANSWERED,
            reply=REPLY,
            expected_version=taken.version,
        )

    assert (answered.status, answered.reply, answered.replied_by, answered.version) == (
        ObstacleStatus.ANSWERED,
        REPLY,
        people.office,
        3,
    )
    seen = obstacle_list_for(user=people.raiser).get()
    assert seen.reply == REPLY
    answered_title = f"Vướng mắc “{TITLE}” chuyển sang “Đã trả lời”"
    assert told(people.raiser)[-1] == answered_title
    assert told(people.head)[-1] == answered_title
    assert told(people.office) == [f"Vướng mắc mới của {tree.unit.name}: {TITLE}"]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "giamdoc.snv@example.vn",
        "nhaplieu.snv@example.vn",
    ]
    assert f"Trả lời: {REPLY}" in mail.outbox[0].body
    assert list(
        ObstacleEvent.objects.order_by("id").values_list("from_status", "to_status", "note")
    ) == [
        ("", "moi", ""),
        ("moi", "dang_xu_ly", "Đã chuyển Sở Nội vụ rà soát mẫu."),
        ("dang_xu_ly", "da_tra_loi", ""),
    ]
    assert [action for action in AuditEvent.objects.order_by("id").values_list(
        "action", flat=True) if action.startswith("obstacle.")] == [
        "obstacle.raised", "obstacle.dang_xu_ly", "obstacle.da_tra_loi"
    ]  # fmt: skip

    closed = obstacle_status_set(
        actor=people.raiser, obstacle=answered, status=ObstacleStatus.CLOSED, note="Đã rõ."
    )
    assert closed.status == ObstacleStatus.CLOSED
    assert told(people.office)[-1] == f"Vướng mắc “{TITLE}” chuyển sang “Đóng”"
    with pytest.raises(ApplicationError, match="từ “Đóng” sang “Đang xử lý”"):
        obstacle_status_set(actor=people.office, obstacle=closed, status=ObstacleStatus.IN_PROGRESS)


def test_answering_needs_a_reply_and_forwarding_a_destination(tree: Tree, people: People) -> None:
    obstacle = raise_one(tree, people)

    with pytest.raises(ApplicationError, match="“Nội dung trả lời” không được để trống"):
        obstacle_status_set(
            actor=people.office, obstacle=obstacle, status=ObstacleStatus.ANSWERED, reply="  "
        )
    with pytest.raises(ApplicationError, match="“Chuyển đến cơ quan, đơn vị” không được"):
        obstacle_status_set(actor=people.office, obstacle=obstacle, status=ObstacleStatus.FORWARDED)
    with pytest.raises(ApplicationError, match="Trạng thái “xong” không hợp lệ"):
        obstacle_status_set(actor=people.office, obstacle=obstacle, status="xong")

    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.version, obstacle.reply) == (ObstacleStatus.NEW, 1, "")
    forwarded = obstacle_status_set(
        actor=people.office,
        obstacle=obstacle,
        status=ObstacleStatus.FORWARDED,
        forwarded_to="Sở Tài chính tỉnh Thử Nghiệm",
    )
    assert (forwarded.status, forwarded.forwarded_to) == (
        ObstacleStatus.FORWARDED,
        "Sở Tài chính tỉnh Thử Nghiệm",
    )


def test_the_raising_unit_cannot_answer_itself_and_a_stale_form_is_refused(
    tree: Tree, people: People
) -> None:
    obstacle = raise_one(tree, people)

    with pytest.raises(PermissionDenied):
        obstacle_status_set(
            actor=people.raiser, obstacle=obstacle, status=ObstacleStatus.ANSWERED, reply=REPLY
        )
    with pytest.raises(PermissionDenied):
        obstacle_status_set(actor=people.other, obstacle=obstacle, status=ObstacleStatus.CLOSED)
    obstacle_status_set(actor=people.office, obstacle=obstacle, status=ObstacleStatus.IN_PROGRESS)
    with pytest.raises(ConflictError):
        obstacle_status_set(
            actor=people.chairman_office,
            obstacle=obstacle,
            status=ObstacleStatus.CLOSED,
            expected_version=1,
        )

    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.version, obstacle.events.count()) == (
        ObstacleStatus.IN_PROGRESS,
        2,
        2,
    )


def test_other_units_never_see_an_obstacle(tree: Tree, people: People) -> None:
    raise_one(tree, people)

    def sees(user: User) -> bool:
        return obstacle_list_for(user=user).exists()

    assert [sees(user) for user in (
        people.raiser, people.head, people.office, people.chairman_office, people.province_viewer
    )] == [True] * 5  # fmt: skip
    assert [sees(user) for user in (people.other, people.child, make_user())] == [False] * 3
    obstacle = Obstacle.objects.get()
    assert people.other.has_perm("reminders.view_obstacle", obstacle) is False
    assert people.chairman_office.has_perm("reminders.handle_obstacle", obstacle) is True
    assert people.province_viewer.has_perm("reminders.handle_obstacle", obstacle) is False


@pytest.mark.parametrize(
    ("case", "make_actor", "allowed"),
    [
        (case, make_actor, case in ("parent_unit", "right_role"))
        for case, make_actor in PERMISSION_CASES
    ],
)
def test_obstacle_create_permission_matrix(
    tree: Tree, people: People, case: str, make_actor: Any, allowed: bool
) -> None:
    actor = make_actor(tree, Role.NHAP_LIEU)

    with nullcontext() if allowed else pytest.raises(PermissionDenied):
        obstacle_create(actor=actor, unit=tree.unit, title=TITLE, description=DESCRIPTION)

    assert (Obstacle.objects.count(), AuditEvent.objects.filter(
        action="obstacle.raised").count()) == (int(allowed), int(allowed))  # fmt: skip


def test_a_viewer_cannot_raise_for_its_unit(tree: Tree, people: People) -> None:
    viewer = make_user(Role.NGUOI_XEM, tree.unit)

    with pytest.raises(PermissionDenied):
        obstacle_create(actor=viewer, unit=tree.unit, title=TITLE, description=DESCRIPTION)


def test_obstacle_create_validates(tree: Tree, people: People) -> None:
    with pytest.raises(ApplicationError, match="“Tiêu đề” không được để trống"):
        obstacle_create(actor=people.raiser, unit=tree.unit, title=" ", description=DESCRIPTION)
    with pytest.raises(ApplicationError, match="“Nội dung vướng mắc, kiến nghị” không được"):
        obstacle_create(actor=people.raiser, unit=tree.unit, title=TITLE, description="")
    with pytest.raises(ApplicationError, match="Lĩnh vực “thue” không hợp lệ"):
        raise_one(tree, people, area="thue")
    with pytest.raises(ApplicationError, match="chỉ nhận PDF, DOCX, XLSX, PNG, JPG"):
        raise_one(tree, people, files=[("virus.exe", b"MZ")])
    with pytest.raises(ApplicationError, match="không đúng định dạng PDF"):
        raise_one(tree, people, files=[("gia.pdf", b"<html>")])

    assert (Obstacle.objects.count(), ObstacleAttachment.objects.count()) == (0, 0)


def test_attachments_are_added_until_the_obstacle_is_closed(tree: Tree, people: People) -> None:
    obstacle = raise_one(tree, people)

    added = obstacle_attachment_add(
        actor=people.office, obstacle=obstacle, name="Mẫu mới.pdf", content=PDF
    )
    with pytest.raises(PermissionDenied):
        obstacle_attachment_add(actor=people.other, obstacle=obstacle, name="x.pdf", content=PDF)
    obstacle_status_set(actor=people.raiser, obstacle=obstacle, status=ObstacleStatus.CLOSED)
    with pytest.raises(ApplicationError, match="đã đóng"):
        obstacle_attachment_add(actor=people.raiser, obstacle=obstacle, name="y.pdf", content=PDF)

    assert [attachment.name for attachment in obstacle.attachments.all()] == [added.name]
    assert added.content_type == "application/pdf"


def test_without_a_chairmans_office_the_province_receives_it(tree: Tree) -> None:
    assert obstacle_recipient_for(tree.child) == tree.province
    assert obstacle_recipient_for(tree.province) == tree.province
