"""Obstacles (vướng mắc, kiến nghị): a unit raises one; it reaches the chairman's office (the
recipient unit, Văn phòng UBND tỉnh) and the emulation office, who take it up, answer it,
forward it or close it. Every step is one transaction: authorised, validated (Vietnamese
messages naming what is wrong), written with its history row, audited, and the other side
notified in the application and by e-mail.

The recipient is found in the unit tree: the unit of the raising unit's province whose name
starts with one of `recipient_prefixes()` (REMINDERS_RECIPIENT_PREFIXES; "Văn phòng Ủy ban nhân
dân" by default), or the province itself when it has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.accounts.models import Membership
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.files import CheckedFile, check_file
from thidua.core.permissions import ensure_can
from thidua.core.services import SYSTEM_ACTOR, audit_record, snapshot
from thidua.core.text import local_today, nfc
from thidua.emulation.models import Movement
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_successor_ids
from thidua.reminders.enums import (
    OBSTACLE_TRANSITIONS,
    NotificationKind,
    ObstacleArea,
    ObstacleStatus,
)
from thidua.reminders.models import Obstacle, ObstacleAttachment, ObstacleEvent
from thidua.reminders.rules import RECIPIENT_ROLES
from thidua.reminders.services.notifications import (
    DIGEST_ROLES,
    Notice,
    deliver,
    office_staff,
    unit_staff,
)
from thidua.targets.models import Target

__all__ = [
    "ATTACHMENT_TYPES",
    "obstacle_attachment_add",
    "obstacle_create",
    "obstacle_recipient_for",
    "obstacle_status_set",
    "recipient_prefixes",
]

ATTACHMENT_TYPES = (".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
RECIPIENT_PREFIXES = ("Văn phòng Ủy ban nhân dân", "Văn phòng UBND")
FIELDS = ["status", "reply", "replied_at", "replied_by_id", "forwarded_to", "version"]


def recipient_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "REMINDERS_RECIPIENT_PREFIXES", RECIPIENT_PREFIXES))


def obstacle_recipient_for(unit: OrgUnit) -> OrgUnit:
    """The chairman's office of the unit's province, else the province: as they are today, or
    on the unit's last day for a unit since restructured."""
    today = local_today()
    day = today if unit.is_valid_on(today) else (unit.last_valid_day or today)
    ids = unit.ancestor_ids
    root = OrgUnit.objects.get(pk=ids[0]) if ids else unit
    condition = Q(pk__in=[])
    for prefix in recipient_prefixes():
        condition |= Q(name__startswith=prefix)
    office = (
        OrgUnit.objects.valid_on(day).filter(parent=root).filter(condition).order_by("path").first()
    )
    return office or root


def _clean(text: str, label: str, *, limit: int | None = None, required: bool = True) -> str:
    value = nfc(text or "").strip()
    if required and not value:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": label}, extra={"field": label}
        )
    if limit is not None and len(value) > limit:
        raise ApplicationError(
            _("Trường “%(field)s” dài quá %(limit)s ký tự.") % {"field": label, "limit": limit},
            extra={"field": label},
        )
    return value


def _link(obstacle: Obstacle) -> str:
    return reverse("reminders:obstacle-detail", args=[obstacle.pk])


def _people(users: Iterable[Any], actor: Any) -> list[Any]:
    """Each person once, never the actor (who knows what they just did)."""
    seen: dict[int, Any] = {}
    for user in users:
        if user is not None and user.is_active and user.pk != getattr(actor, "pk", None):
            seen.setdefault(user.pk, user)
    return sorted(seen.values(), key=lambda user: user.username)


def _handlers(obstacle: Obstacle) -> list[Any]:
    """The emulation officers whose roles cover the raising unit (through its history too), and
    the staff of the recipient unit (or of the unit that succeeded it)."""
    officers = [
        officer for officer, scope in office_staff() if scope.covers(obstacle.unit, DIGEST_ROLES)
    ]
    successors = orgunit_successor_ids([obstacle.recipient_id]).get(obstacle.recipient_id, [])
    memberships = Membership.objects.filter(
        unit_id__in=[obstacle.recipient_id, *successors], role__in=RECIPIENT_ROLES
    ).select_related("user")
    return [*officers, *(membership.user for membership in memberships)]


def _raisers(obstacle: Obstacle) -> list[Any]:
    """Who raised it, and the leaders and data officers of the raising unit (or its successor)."""
    return [obstacle.created_by, *unit_staff([obstacle.unit.pk]).get(obstacle.unit.pk, [])]


def _notify(obstacle: Obstacle, event: ObstacleEvent, users: Sequence[Any], actor: Any) -> None:
    status = ObstacleStatus(event.to_status).label
    if event.from_status:
        title = _("Vướng mắc “%(title)s” chuyển sang “%(status)s”") % {
            "title": obstacle.title,
            "status": status,
        }
    else:
        title = _("Vướng mắc mới của %(unit)s: %(title)s") % {
            "unit": obstacle.unit.name,
            "title": obstacle.title,
        }
    body = event.note if event.note else obstacle.description
    if event.to_status == ObstacleStatus.ANSWERED:
        body = _("Trả lời: %(reply)s") % {"reply": obstacle.reply}
    notices = [
        Notice(
            user=user,
            kind=NotificationKind.OBSTACLE,
            key=f"obstacle:{obstacle.pk}:{event.pk}",
            title=title,
            body=body,
            link=_link(obstacle),
            unit=obstacle.unit,
        )
        for user in _people(users, actor)
    ]
    deliver(notices, day=local_today())


def _record(obstacle: Obstacle, actor: Any, from_status: str, note: str = "") -> ObstacleEvent:
    person = actor if getattr(actor, "is_authenticated", False) else None
    return ObstacleEvent.objects.create(
        obstacle=obstacle,
        from_status=from_status,
        to_status=obstacle.status,
        note=note,
        actor=person,
        actor_name=(person.get_full_name() or person.get_username()) if person else SYSTEM_ACTOR,
    )


def _checked(name: str, content: bytes) -> CheckedFile:
    return check_file(
        name,
        content,
        allowed=ATTACHMENT_TYPES,
        max_bytes=MAX_ATTACHMENT_BYTES,
        default_name="tep-dinh-kem",
    )


def _attach(
    obstacle: Obstacle, actor: Any, checked: CheckedFile, content: bytes
) -> ObstacleAttachment:
    if obstacle.attachments.count() >= MAX_ATTACHMENTS:
        raise ApplicationError(
            _("Mỗi vướng mắc kèm tối đa %(count)s tệp.") % {"count": MAX_ATTACHMENTS}
        )
    attachment = ObstacleAttachment(
        obstacle=obstacle,
        name=checked.name,
        size=len(content),
        content_type=checked.content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"vuong-mac{checked.extension}", ContentFile(content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def obstacle_create(
    *,
    actor: Any,
    unit: OrgUnit,
    title: str,
    description: str,
    area: str = "",
    movement: Movement | None = None,
    target: Target | None = None,
    files: Sequence[tuple[str, bytes]] = (),
    recipient: OrgUnit | None = None,
    is_demo: bool = False,
) -> Obstacle:
    """The unit raises an obstacle; it goes to the chairman's office and the emulation office."""
    ensure_can(actor, "reminders.raise_obstacle", unit)
    with translation.override("vi"):
        clean_title = _clean(title, _("Tiêu đề"), limit=300)
        clean_description = _clean(description, _("Nội dung vướng mắc, kiến nghị"))
    if area and area not in ObstacleArea.values:
        raise ApplicationError(_("Lĩnh vực “%(area)s” không hợp lệ.") % {"area": area})
    if (
        movement is not None
        and actor is not None
        and not actor.has_perm("emulation.view_movement", movement)
    ):
        raise ApplicationError(
            _("Phong trào liên quan không có trong các phong trào bạn xem được.")
        )
    if len(files) > MAX_ATTACHMENTS:
        raise ApplicationError(
            _("Mỗi vướng mắc kèm tối đa %(count)s tệp.") % {"count": MAX_ATTACHMENTS}
        )
    # Every file is checked before any is stored: a refusal must leave no file behind.
    checked = [(_checked(name, content), content) for name, content in files]
    obstacle = Obstacle.objects.create(
        unit=unit,
        recipient=recipient or obstacle_recipient_for(unit),
        title=clean_title,
        description=clean_description,
        area=area,
        movement=movement,
        target=target,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    for checked_file, content in checked:
        _attach(obstacle, actor, checked_file, content)
    event = _record(obstacle, actor, "")
    audit_record(
        actor=actor,
        action="obstacle.raised",
        target=obstacle,
        unit=unit,
        after={
            **snapshot(obstacle, ["id", "title", "area", "movement_id", "target_id"]),
            "recipient_id": obstacle.recipient_id,
            "attachments": [name for name, _content in files],
        },
    )
    with translation.override("vi"):
        _notify(obstacle, event, _handlers(obstacle), actor)
    return obstacle


def _locked(obstacle: Obstacle, expected_version: int | None) -> Obstacle:
    current = (
        Obstacle.objects.select_for_update(of=("self",))
        .select_related("unit", "recipient", "created_by")
        .get(pk=obstacle.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Vướng mắc đã được người khác cập nhật trong lúc bạn đang xem; hãy tải lại trang "
                "(thay đổi của bạn chưa được lưu)."
            )
        )
    return current


@transaction.atomic
def obstacle_status_set(
    *,
    actor: Any,
    obstacle: Obstacle,
    status: str,
    note: str = "",
    reply: str = "",
    forwarded_to: str = "",
    expected_version: int | None = None,
) -> Obstacle:
    """Move the obstacle to `status`: handlers take it up, answer it (with the reply),
    forward it (saying where) or close it; the raising unit may close it too."""
    obstacle = _locked(obstacle, expected_version)
    permission = (
        "reminders.close_obstacle"
        if status == ObstacleStatus.CLOSED
        else "reminders.handle_obstacle"
    )
    ensure_can(actor, permission, obstacle)
    if status not in ObstacleStatus.values:
        raise ApplicationError(_("Trạng thái “%(status)s” không hợp lệ.") % {"status": status})
    if status not in OBSTACLE_TRANSITIONS[obstacle.status]:
        raise ApplicationError(
            _("Không chuyển được vướng mắc từ “%(from)s” sang “%(to)s”.")
            % {
                "from": ObstacleStatus(obstacle.status).label,
                "to": ObstacleStatus(status).label,
            }
        )
    clean_reply = clean_forward = ""
    with translation.override("vi"):
        clean_note = _clean(note, _("Ghi chú"), required=False)
        if status == ObstacleStatus.ANSWERED:
            clean_reply = _clean(reply, _("Nội dung trả lời"))
        if status == ObstacleStatus.FORWARDED:
            clean_forward = _clean(forwarded_to, _("Chuyển đến cơ quan, đơn vị"), limit=300)
    before = snapshot(obstacle, FIELDS)
    previous = obstacle.status
    obstacle.status = status
    if status == ObstacleStatus.ANSWERED:
        obstacle.reply = clean_reply
        obstacle.replied_at = timezone.now()
        obstacle.replied_by = actor if getattr(actor, "is_authenticated", False) else None
    if status == ObstacleStatus.FORWARDED:
        obstacle.forwarded_to = clean_forward
    obstacle.version += 1
    obstacle.save(update_fields=[*(name.removesuffix("_id") for name in FIELDS), "updated_at"])
    event = _record(obstacle, actor, previous, clean_note)
    audit_record(
        actor=actor,
        action=f"obstacle.{status}",
        target=obstacle,
        unit=obstacle.unit,
        before=before,
        after={**snapshot(obstacle, FIELDS), "note": clean_note},
    )
    handles = actor is None or actor.has_perm("reminders.handle_obstacle", obstacle)
    with translation.override("vi"):
        _notify(obstacle, event, _raisers(obstacle) if handles else _handlers(obstacle), actor)
    return obstacle


@transaction.atomic
def obstacle_attachment_add(
    *, actor: Any, obstacle: Obstacle, name: str, content: bytes
) -> ObstacleAttachment:
    """Attach a file (PDF, DOCX, XLSX or an image) to an obstacle not closed yet: the raising
    unit or a handler."""
    obstacle = _locked(obstacle, None)
    ensure_can(actor, "reminders.close_obstacle", obstacle)
    if obstacle.status == ObstacleStatus.CLOSED:
        raise ApplicationError(_("Vướng mắc đã đóng, không kèm thêm tệp được."))
    attachment = _attach(obstacle, actor, _checked(name, content), content)
    audit_record(
        actor=actor,
        action="obstacle.attachment_added",
        target=obstacle,
        unit=obstacle.unit,
        after={"attachment_id": attachment.pk, "name": attachment.name, "size": attachment.size},
    )
    return attachment
