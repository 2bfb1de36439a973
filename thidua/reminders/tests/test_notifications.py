"""The daily detection on a fixed day: exactly the late units' leaders and data officers are
notified, the office gets one digest of exactly the late units and its overdue appraisals;
e-mails in Vietnamese; a second run the same day notifies nobody again; the command and the
task run the same service; reading notifications is personal."""

import datetime
import io
import json
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from conftest import PERMISSION_CASES, make_user
from thidua.accounts.enums import Role
from thidua.core.exceptions import NotFoundError
from thidua.core.models import AuditEvent
from thidua.reminders.enums import NotificationKind
from thidua.reminders.models import Notification
from thidua.reminders.services import (
    notification_mark_all_read,
    notification_mark_read,
    reminders_send,
)
from thidua.reminders.tasks import send_reminders_task
from thidua.reminders.tests.conftest import TODAY, World


def received(user: Any) -> list[tuple[str, str]]:
    return sorted(
        (notification.kind, notification.title)
        for notification in Notification.objects.filter(user=user)
    )


def test_exactly_the_late_units_are_notified(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(actor=None, today=TODAY)

    assert {late.unit.name for late in run.late_units} == world.late
    assert {notification.unit.name for notification in Notification.objects.filter(kind="qua_han")
            if notification.unit.pk != world.tree.province.pk} == world.late  # fmt: skip
    assert received(world.missing_head) == [
        (NotificationKind.OVERDUE, "Quá hạn: Báo cáo chỉ tiêu 1a. Số sáng kiến được công nhận – "
         "6 tháng đầu năm 2024"),
        (NotificationKind.OVERDUE, "Quá hạn: Báo cáo sơ kết 6 tháng phong trào “Thi đua thực "
         "hiện cải cách hành chính”"),
        (NotificationKind.OVERDUE, "Quá hạn: Hồ sơ đề nghị khen thưởng đợt “Khen thưởng 6 tháng "
         "đầu năm 2024”: 1 hồ sơ chưa gửi"),
        (NotificationKind.OVERDUE, "Quá hạn: Ký giao ước thi đua Khối các sở tổng hợp năm 2024"),
    ]  # fmt: skip
    assert received(world.sent_after_officer) == [
        (NotificationKind.OVERDUE, "Quá hạn: Báo cáo chỉ tiêu 1a. Số sáng kiến được công nhận – "
         "6 tháng đầu năm 2024"),
    ]  # fmt: skip
    assert received(world.office) == [
        (NotificationKind.OVERDUE, "Quá hạn: Thẩm định 1 hồ sơ đợt “Khen thưởng 6 tháng đầu năm "
         "2024”"),
        (NotificationKind.DIGEST, "Tổng hợp ngày 20/07/2024: 2 cơ quan, đơn vị chậm thực hiện 4 "
         "nội dung"),
    ]  # fmt: skip
    digest = Notification.objects.get(user=world.office, kind=NotificationKind.DIGEST)
    assert digest.body.splitlines() == [  # alphabetical: Sở Tài chính, then Sở Y tế
        f"- {world.missing.name}: 3 nội dung, quá hạn nhiều nhất 137 ngày",
        f"- {world.sent_after.name}: 1 nội dung, quá hạn nhiều nhất 10 ngày",
    ]
    assert digest.link == "/nhac-viec/cong-van-don-doc/?ngay=20/07/2024"
    # Nobody else: not the units on time or done late, not viewers, not administrators.
    for user in (world.on_time_head, world.missing_viewer, world.admin):
        assert received(user) == []
    assert Notification.objects.count() == run.notifications == 7
    event = AuditEvent.objects.get(action="reminders.sent")
    assert (event.actor, event.after["notifications"], len(event.after["late_unit_ids"])) == (
        None,
        7,
        2,
    )


def test_e_mails_are_in_vietnamese_one_per_person(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(actor=None, today=TODAY)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["giamdoc.stc@example.vn", "thiduakhenthuong@example.vn"]
    assert run.emails == 2
    head = by_recipient["giamdoc.stc@example.vn"]
    assert head.subject == "[Thi đua – Khen thưởng] 4 thông báo mới ngày 20/07/2024"
    assert head.body.startswith(f"Kính gửi {world.missing_head.full_name},\n")
    assert "Quá hạn: Báo cáo chỉ tiêu 1a. Số sáng kiến được công nhận" in head.body
    assert (
        f"{world.missing.name} – Báo cáo sơ kết, tổng kết: hạn 15/07/2024, đã quá 5 ngày."
        in head.body
    )
    assert "http://127.0.0.1:8000/chi-tieu/bao-cao/" in head.body
    assert "Thư này do hệ thống gửi tự động" in head.body
    office = by_recipient["thiduakhenthuong@example.vn"]
    assert f"- {world.missing.name}: 3 nội dung, quá hạn nhiều nhất 137 ngày" in office.body
    assert world.on_time.name not in office.body
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 6


def test_a_second_run_the_same_day_notifies_nobody_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(actor=None, today=TODAY)
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(actor=None, today=TODAY)

    assert (first.notifications, second.notifications, second.emails) == (7, 0, 0)
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == 7
    assert {late.unit.name for late in second.late_units} == world.late
    next_day = reminders_send(actor=None, today=TODAY + datetime.timedelta(days=1))
    assert next_day.notifications == 7
    assert Notification.objects.count() == 14


def test_only_the_office_or_the_system_runs_the_detection(world: World) -> None:
    with pytest.raises(PermissionDenied):
        reminders_send(actor=world.missing_head, today=TODAY)
    assert Notification.objects.count() == 0
    assert not AuditEvent.objects.filter(action="reminders.sent").exists()

    run = reminders_send(actor=world.office, today=TODAY)

    assert run.notifications == 7
    assert AuditEvent.objects.get(action="reminders.sent").actor == world.office


def test_the_command_prints_the_late_units(world: World) -> None:
    out = io.StringIO()

    call_command("send_reminders", "--ngay", "20/07/2024", "--json", stdout=out)

    payload = json.loads(out.getvalue())
    assert {unit["name"] for unit in payload["late_units"]} == world.late
    assert (payload["day"], payload["notifications"]) == ("2024-07-20", 7)
    again = io.StringIO()
    call_command("send_reminders", "--ngay", "20/07/2024", stdout=again)
    assert "0 thông báo mới" in again.getvalue()
    assert f"- {world.missing.name}: 3 nội dung" in again.getvalue()


def test_the_task_runs_the_same_detection(world: World) -> None:
    result = send_reminders_task.enqueue(TODAY.isoformat())

    assert result.return_value["notifications"] == 7
    assert len(result.return_value["late_units"]) == 2
    queued = io.StringIO()
    call_command("send_reminders", "--ngay", "21/07/2024", "--hang-doi", stdout=queued)
    assert "Đã đưa vào hàng đợi" in queued.getvalue()
    assert Notification.objects.filter(day=datetime.date(2024, 7, 21)).count() == 7


def test_reading_notifications_is_personal(world: World) -> None:
    reminders_send(actor=None, today=TODAY)
    mine = Notification.objects.filter(user=world.missing_head).first()
    assert mine is not None

    with pytest.raises(NotFoundError):
        notification_mark_read(actor=world.office, notification=mine)
    mine.refresh_from_db()
    assert mine.read_at is None

    notification_mark_read(actor=world.missing_head, notification=mine)
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert notification_mark_all_read(actor=world.missing_head) == 3
    assert notification_mark_all_read(actor=world.missing_head) == 0
    assert Notification.objects.filter(user=world.office, read_at__isnull=True).count() == 2
    assert list(
        AuditEvent.objects.filter(action__startswith="notification.").values_list(
            "action", flat=True
        )
    ) == ["notification.read_all", "notification.read"]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_mark_all_read_permission_matrix(world: World, case: str, make_actor: Any) -> None:
    actor = make_actor(world.tree, Role.NGUOI_XEM)

    if case == "anonymous":
        with pytest.raises(PermissionDenied):
            notification_mark_all_read(actor=actor)
    else:
        assert notification_mark_all_read(actor=actor) == 0


def test_inactive_staff_are_not_notified(world: World) -> None:
    world.missing_head.is_active = False
    world.missing_head.save(update_fields=["is_active"])
    substitute = make_user(Role.NHAP_LIEU, world.missing)

    reminders_send(actor=None, today=TODAY)

    assert received(world.missing_head) == []
    assert len(received(substitute)) == 4
