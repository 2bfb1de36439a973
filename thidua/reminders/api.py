"""Reminders API: the deadlines and late units the user may see, their own notifications, and
obstacles (list, raise, read, move through their statuses, attach files); the same services,
selectors and rules as the pages."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import UPLOAD, errors
from thidua.core.text import local_today
from thidua.emulation.models import Movement
from thidua.org.models import OrgUnit
from thidua.reminders.deadlines import (
    DeadlineItem,
    deadline_items_for,
    late_units,
    lookback_days,
    overdue_items,
)
from thidua.reminders.enums import DeadlineKind, DeadlineStatus
from thidua.reminders.models import Obstacle, ObstacleAttachment
from thidua.reminders.selectors import notification_list_for, obstacle_get_for, obstacle_list_for
from thidua.reminders.services import (
    notification_mark_all_read,
    notification_mark_read,
    obstacle_attachment_add,
    obstacle_create,
    obstacle_status_set,
)
from thidua.targets.models import Target

router = Router()


class DeadlineFilter(Schema):
    as_of: datetime.date | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kind: DeadlineKind | None = None
    status: DeadlineStatus | None = None
    unit_id: int | None = None


class DeadlineOut(Schema):
    key: str
    kind: str
    kind_label: str
    title: str
    unit_id: int
    unit_name: str
    due: datetime.date
    status: str
    status_label: str
    done_on: datetime.date | None
    days_late: int
    link: str


class LateUnitOut(Schema):
    unit_id: int
    unit_name: str
    items: list[DeadlineOut]


class LateFilter(Schema):
    as_of: datetime.date | None = None


class NotificationFilter(Schema):
    unread: bool = False


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    unit_id: int | None
    day: datetime.date
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class CountOut(Schema):
    count: int


class ObstacleFilter(Schema):
    status: str = ""


class ObstacleIn(Schema):
    unit_id: int
    title: str
    description: str
    area: str = ""
    movement_id: int | None = None
    target_id: int | None = None


class ObstacleStatusIn(Schema):
    status: str
    note: str = ""
    reply: str = ""
    forwarded_to: str = ""
    version: int | None = None


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class EventOut(Schema):
    from_status: str
    to_status: str
    note: str
    actor_name: str
    at: datetime.datetime


class ObstacleOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    recipient_id: int
    recipient_name: str
    title: str
    description: str
    area: str
    movement_id: int | None
    target_id: int | None
    status: str
    reply: str
    replied_at: datetime.datetime | None
    forwarded_to: str
    version: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obstacle: Obstacle) -> str:
        return obstacle.unit.name

    @staticmethod
    def resolve_recipient_name(obstacle: Obstacle) -> str:
        return obstacle.recipient.name


class ObstacleDetailOut(ObstacleOut):
    events: list[EventOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_events(obstacle: Obstacle) -> list[Any]:
        return list(obstacle.events.all())

    @staticmethod
    def resolve_attachments(obstacle: Obstacle) -> list[Any]:
        return list(obstacle.attachments.all())


def _deadline(item: DeadlineItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "kind": item.kind,
        "kind_label": item.kind_label,
        "title": item.title,
        "unit_id": item.unit.pk,
        "unit_name": item.unit.name,
        "due": item.due,
        "status": item.status,
        "status_label": item.status_label,
        "done_on": item.done_on,
        "days_late": item.days_late,
        "link": item.link,
    }


@router.get(
    "/deadlines",
    response={200: list[DeadlineOut], **errors(401, 403, 422)},
    summary="Các hạn của đơn vị bạn theo dõi (mặc định: hôm nay, khoảng nhắc lại về trước)",
)
@paginate(Pagination)
def deadline_index(request: HttpRequest, filters: Query[DeadlineFilter]) -> Any:
    ensure_can(request.user, "reminders.view_calendar")
    items = deadline_items_for(
        user=request.user,
        today=filters.as_of,
        start=filters.date_from,
        end=filters.date_to,
        kinds=[filters.kind] if filters.kind else None,
    )
    if filters.status:
        items = [item for item in items if item.status == filters.status]
    if filters.unit_id is not None:
        unit = OrgUnit.objects.filter(pk=filters.unit_id).first()
        items = [item for item in items if unit and item.unit.path.startswith(unit.path)]
    return [_deadline(item) for item in items]


@router.get(
    "/late-units",
    response={200: list[LateUnitOut], **errors(401, 403, 422)},
    summary="Các đơn vị chậm thực hiện trong ngày và nội dung quá hạn của từng đơn vị",
)
def late_unit_index(request: HttpRequest, filters: Query[LateFilter]) -> Any:
    ensure_can(request.user, "reminders.view_calendar")
    today = filters.as_of or local_today()
    since = today - datetime.timedelta(days=lookback_days())
    items = deadline_items_for(user=request.user, today=today, start=since, end=today)
    return [
        {
            "unit_id": late.unit.pk,
            "unit_name": late.unit.name,
            "items": [_deadline(item) for item in late.items],
        }
        for late in late_units(overdue_items(items, since=since))
    ]


@router.get(
    "/notifications",
    response={200: list[NotificationOut], **errors(401, 403, 422)},
    summary="Thông báo của tôi",
)
@paginate(Pagination)
def notification_index(request: HttpRequest, filters: Query[NotificationFilter]) -> Any:
    ensure_can(request.user, "reminders.view_notifications")
    return notification_list_for(user=request.user, unread_only=filters.unread)


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **errors(401, 403, 404, 422)},
    summary="Đánh dấu một thông báo đã đọc",
)
def notification_read(request: HttpRequest, notification_id: int) -> Any:
    notification = notification_list_for(user=request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification_mark_read(actor=request.user, notification=notification)


@router.post(
    "/notifications/read-all",
    response={200: CountOut, **errors(401, 403)},
    summary="Đánh dấu tất cả thông báo đã đọc",
)
def notification_read_everything(request: HttpRequest) -> Any:
    return {"count": notification_mark_all_read(actor=request.user)}


def _obstacle(request: HttpRequest, obstacle_id: int) -> Obstacle:
    obstacle = obstacle_get_for(user=request.user, pk=obstacle_id)
    if obstacle is None or not request.user.has_perm("reminders.view_obstacle", obstacle):
        raise Http404
    return obstacle


@router.get(
    "/obstacles",
    response={200: list[ObstacleOut], **errors(401, 403, 422)},
    summary="Vướng mắc, kiến nghị bạn xem được",
)
@paginate(Pagination)
def obstacle_index(request: HttpRequest, filters: Query[ObstacleFilter]) -> Any:
    ensure_can(request.user, "reminders.view_obstacles")
    return obstacle_list_for(user=request.user, status=filters.status)


@router.post(
    "/obstacles",
    response={201: ObstacleDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Nêu vướng mắc, kiến nghị (gửi Văn phòng UBND tỉnh và cơ quan thường trực)",
)
def obstacle_raise(request: HttpRequest, payload: ObstacleIn) -> Any:
    unit = OrgUnit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    movement = target = None
    if payload.movement_id is not None:
        movement = Movement.objects.filter(pk=payload.movement_id).first()
        if movement is None:
            raise Http404
    if payload.target_id is not None:
        target = Target.objects.filter(pk=payload.target_id).first()
        if target is None:
            raise Http404
    obstacle = obstacle_create(
        actor=request.user,
        unit=unit,
        title=payload.title,
        description=payload.description,
        area=payload.area,
        movement=movement,
        target=target,
    )
    return Status(201, _obstacle(request, obstacle.pk))


@router.get(
    "/obstacles/{obstacle_id}",
    response={200: ObstacleDetailOut, **errors(401, 404, 422)},
    summary="Một vướng mắc: nội dung, trả lời, lịch sử xử lý, tệp kèm theo",
)
def obstacle_read(request: HttpRequest, obstacle_id: int) -> Any:
    return _obstacle(request, obstacle_id)


@router.post(
    "/obstacles/{obstacle_id}/status",
    response={200: ObstacleDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Chuyển trạng thái: đang xử lý, đã trả lời (kèm trả lời), đã chuyển, đóng",
)
def obstacle_move(request: HttpRequest, obstacle_id: int, payload: ObstacleStatusIn) -> Any:
    obstacle = obstacle_status_set(
        actor=request.user,
        obstacle=_obstacle(request, obstacle_id),
        status=payload.status,
        note=payload.note,
        reply=payload.reply,
        forwarded_to=payload.forwarded_to,
        expected_version=payload.version,
    )
    return _obstacle(request, obstacle.pk)


@router.post(
    "/obstacles/{obstacle_id}/attachments",
    response={201: AttachmentOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary="Kèm tệp (PDF, DOCX, XLSX, ảnh) vào vướng mắc",
)
def obstacle_attach(request: HttpRequest, obstacle_id: int, file: File[UploadedFile]) -> Any:
    attachment: ObstacleAttachment = obstacle_attachment_add(
        actor=request.user,
        obstacle=_obstacle(request, obstacle_id),
        name=file.name or "",
        content=file.read(),
    )
    return Status(201, attachment)
