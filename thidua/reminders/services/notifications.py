"""Notifications: telling people in the application and by e-mail.

* `reminders_send` (the daily detection, run by `thidua send_reminders` or its task): every
  overdue deadline notifies the leaders and data officers of the late unit; the office's own
  overdue appraisals notify the office; each emulation officer gets one digest of the late units
  they cover. Idempotent: the same item never notifies the same user twice on the same day
  (a unique row per user, item and day), so a second run that day sends nothing.
* `deliver`: writes the notifications not written yet and queues one e-mail per person with an
  address (Django's e-mail backend; sent after the commit).
* `notification_mark_read`, `notification_mark_all_read`: a person's own notifications only.

Texts are always Vietnamese: they are stored and mailed, whatever the reader's language.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.accounts.scope import Scope, scope_for
from thidua.core.exceptions import NotFoundError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record
from thidua.core.text import format_date, local_today
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_successor_ids
from thidua.reminders.deadlines import (
    DeadlineItem,
    LateUnit,
    deadline_items,
    late_units,
    lookback_days,
    overdue_items,
)
from thidua.reminders.enums import Audience, NotificationKind, Visibility
from thidua.reminders.models import Notification
from thidua.reminders.rules import REMINDED_ROLES

__all__ = [
    "DIGEST_ROLES",
    "Notice",
    "ReminderRun",
    "deliver",
    "notification_mark_all_read",
    "notification_mark_read",
    "office_staff",
    "reminders_send",
    "unit_staff",
]

# Who gets the office's digest and its overdue appraisals: the emulation officers.
DIGEST_ROLES = (Role.CHUYEN_VIEN_TDKT,)
TITLE_LENGTH = 300


@dataclass(frozen=True)
class Notice:
    """A notification to write: `key` (with the day) identifies it."""

    user: Any
    kind: str
    key: str
    title: str
    body: str = ""
    link: str = ""
    unit: OrgUnit | None = None


def site_url(path: str) -> str:
    """An absolute address for an e-mail (THIDUA_SITE_URL), or the path alone."""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if path.startswith("/") else path


def _mail_body(user: Any, notices: Sequence[Notice], day: datetime.date) -> str:
    lines = [
        _("Kính gửi %(name)s,") % {"name": user.get_full_name() or user.get_username()},
        "",
        _("Hệ thống Thi đua – Khen thưởng có %(count)s thông báo mới cho bạn (ngày %(day)s):")
        % {"count": len(notices), "day": format_date(day)},
        "",
    ]
    for index, notice in enumerate(notices, start=1):
        lines.append(f"{index}. {notice.title}")
        lines.extend(f"   {line}" for line in notice.body.splitlines() if line.strip())
        if notice.link:
            lines.append(f"   {site_url(notice.link)}")
    lines += [
        "",
        _("Xem tất cả thông báo: %(url)s")
        % {"url": site_url(reverse("reminders:notification-list"))},
        "",
        _("Thư này do hệ thống gửi tự động, xin đừng trả lời thư."),
    ]
    return "\n".join(lines)


def _mail_subject(notices: Sequence[Notice], day: datetime.date) -> str:
    if len(notices) == 1:
        return _("[Thi đua – Khen thưởng] %(title)s") % {"title": notices[0].title}
    return _("[Thi đua – Khen thưởng] %(count)s thông báo mới ngày %(day)s") % {
        "count": len(notices),
        "day": format_date(day),
    }


def _send_after_commit(messages: list[EmailMessage]) -> None:
    if not messages:
        return

    def send() -> None:
        get_connection().send_messages(messages)

    # A mail server that is down must not undo the notifications already written.
    transaction.on_commit(send, robust=True)


def deliver(notices: Iterable[Notice], *, day: datetime.date) -> tuple[list[Notification], int]:
    """Write the notices not written yet for `day` and queue one e-mail per person (with an
    address) listing them. Returns the new notifications and the number of e-mails."""
    pending: dict[tuple[int, str], Notice] = {}
    for notice in notices:
        pending.setdefault((notice.user.pk, notice.key), notice)
    if not pending:
        return [], 0
    existing = set(
        Notification.objects.filter(
            day=day, user_id__in={user_id for user_id, _key in pending}
        ).values_list("user_id", "item_key")
    )
    fresh = [notice for pair, notice in pending.items() if pair not in existing]
    now = timezone.now()
    rows = [
        Notification(
            user=notice.user,
            kind=notice.kind,
            title=notice.title[:TITLE_LENGTH],
            body=notice.body,
            link=notice.link,
            unit=notice.unit,
            item_key=notice.key,
            day=day,
            emailed_at=now if notice.user.email else None,
        )
        for notice in fresh
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    by_user: dict[int, list[Notice]] = defaultdict(list)
    users: dict[int, Any] = {}
    for notice in fresh:
        if notice.user.email:
            by_user[notice.user.pk].append(notice)
            users[notice.user.pk] = notice.user
    messages = [
        EmailMessage(
            subject=_mail_subject(mine, day),
            body=_mail_body(users[user_id], mine, day),
            to=[users[user_id].email],
        )
        for user_id, mine in by_user.items()
    ]
    _send_after_commit(messages)
    return rows, len(messages)


# --- Who is told ------------------------------------------------------------------------------


def unit_staff(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """For each unit, the active leaders and data officers holding their role on it, or on a
    unit that succeeded it (their roles moved there when it was restructured)."""
    ids = set(unit_ids)
    if not ids:
        return {}
    successors = orgunit_successor_ids(ids)
    holders = ids | {pk for found in successors.values() for pk in found}
    by_unit: dict[int, dict[int, User]] = defaultdict(dict)
    for membership in Membership.objects.filter(
        unit_id__in=holders, role__in=REMINDED_ROLES, user__is_active=True
    ).select_related("user"):
        by_unit[membership.unit_id][membership.user_id] = membership.user
    staff: dict[int, list[User]] = {}
    for unit_id in ids:
        people: dict[int, User] = {}
        for holder in (unit_id, *successors.get(unit_id, ())):
            people.update(by_unit.get(holder, {}))
        staff[unit_id] = sorted(people.values(), key=lambda user: user.username)
    return staff


def office_staff() -> list[tuple[User, Scope]]:
    """The active emulation officers with what their roles cover."""
    officers = (
        User.objects.filter(is_active=True, memberships__role__in=DIGEST_ROLES)
        .distinct()
        .order_by("username")
    )
    return [(officer, scope_for(officer)) for officer in officers]


# --- The daily detection ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    day: datetime.date
    overdue: list[DeadlineItem]
    late_units: list[LateUnit]
    notifications: int
    emails: int


def _overdue_notice(user: Any, item: DeadlineItem) -> Notice:
    return Notice(
        user=user,
        kind=NotificationKind.OVERDUE,
        key=item.key,
        title=_("Quá hạn: %(title)s") % {"title": item.title},
        body=_("%(unit)s – %(kind)s: hạn %(due)s, đã quá %(days)s ngày.")
        % {
            "unit": item.unit.name,
            "kind": item.kind_label,
            "due": format_date(item.due),
            "days": item.days_late,
        },
        link=item.link,
        unit=item.unit,
    )


def _digest_notice(user: Any, late: Sequence[LateUnit], day: datetime.date) -> Notice:
    count = sum(len(unit.items) for unit in late)
    lines = [
        _("- %(unit)s: %(count)s nội dung, quá hạn nhiều nhất %(days)s ngày")
        % {"unit": unit.unit.name, "count": len(unit.items), "days": unit.most_days_late}
        for unit in late
    ]
    return Notice(
        user=user,
        kind=NotificationKind.DIGEST,
        key="digest",
        title=_(
            "Tổng hợp ngày %(day)s: %(units)s cơ quan, đơn vị chậm thực hiện %(count)s nội dung"
        )
        % {"day": format_date(day), "units": len(late), "count": count},
        body="\n".join(lines),
        link=f"{reverse('reminders:letter')}?ngay={format_date(day)}",
    )


@transaction.atomic
def reminders_send(*, actor: Any = None, today: datetime.date | None = None) -> ReminderRun:
    """Notify everyone concerned by the deadlines overdue on `today` (within the lookback
    period); a second run on the same day notifies nobody again."""
    ensure_can(actor, "reminders.issue_letter")
    today = today or local_today()
    since = today - datetime.timedelta(days=lookback_days())
    with translation.override("vi"):
        overdue = overdue_items(deadline_items(today=today, start=since, end=today))
        notices: list[Notice] = []
        own = [item for item in overdue if item.audience == Audience.UNIT]
        staff = unit_staff(item.unit.pk for item in own)
        for item in own:
            notices.extend(_overdue_notice(user, item) for user in staff.get(item.unit.pk, ()))
        for officer, scope in office_staff():
            covered = [
                item
                for item in overdue
                if item.visibility != Visibility.FILERS and scope.covers(item.unit, DIGEST_ROLES)
            ]
            notices.extend(
                _overdue_notice(officer, item)
                for item in covered
                if item.audience == Audience.OFFICE
            )
            late = late_units(covered)
            if late:
                notices.append(_digest_notice(officer, late, today))
        created, emails = deliver(notices, day=today)
        late = late_units(overdue)
        audit_record(
            actor=actor,
            action="reminders.sent",
            object_type="reminders.run",
            object_id=today.isoformat(),
            object_repr=_("Nhắc việc quá hạn ngày %(day)s") % {"day": format_date(today)},
            after={
                "overdue": len(overdue),
                "late_unit_ids": [unit.unit.pk for unit in late],
                "notifications": len(created),
                "emails": emails,
            },
        )
    return ReminderRun(
        day=today, overdue=overdue, late_units=late, notifications=len(created), emails=emails
    )


# --- Reading ----------------------------------------------------------------------------------


def _own(actor: Any, notification: Notification) -> None:
    if getattr(actor, "pk", None) != notification.user_id:
        raise NotFoundError(_("Không tìm thấy thông báo."))


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (reading it twice changes nothing)."""
    ensure_can(actor, "reminders.view_notifications")
    _own(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=actor,
            action="notification.read",
            target=notification,
            after={"read_at": notification.read_at},
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: Any) -> int:
    """Mark all the actor's unread notifications read; returns how many."""
    ensure_can(actor, "reminders.view_notifications")
    now = timezone.now()
    count = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=now)
    if count:
        audit_record(
            actor=actor,
            action="notification.read_all",
            object_type="reminders.notification",
            object_repr=_("%(count)s thông báo") % {"count": count},
            after={"count": count, "read_at": now},
        )
    return count
