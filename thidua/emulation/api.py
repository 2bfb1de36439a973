"""Movements API: list and read movements, launch and cascade them, a unit's registration
(save, send) and its acknowledgement, a unit's report for a milestone. Same services and the same
permission rules as the pages."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from thidua.core.exceptions import ApplicationError
from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import UPLOAD, errors
from thidua.emulation import services
from thidua.emulation.models import Milestone, MilestoneReport, Movement, Registration
from thidua.emulation.selectors import (
    movement_completeness,
    movement_detail,
    movement_list_for,
    registrations_for,
)
from thidua.org.models import OrgUnit

router = Router()


class MovementFilter(Schema):
    # A calendar year: the filter compares start dates, which have no year 0 or 10000.
    year: int | None = Field(None, ge=1, le=9999)


class MovementIn(Schema):
    launched_by_id: int
    name: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    document_number: str = ""
    document_date: datetime.date | None = None
    scope: str = ""
    participant_ids: list[int] = []
    registration_due_on: datetime.date | None = None


class CascadeIn(Schema):
    unit_id: int
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    document_number: str = ""
    document_date: datetime.date | None = None
    scope: str = ""
    registration_due_on: datetime.date | None = None


class MovementOut(Schema):
    id: int
    name: str
    kind: str
    launched_by_id: int
    launched_by_name: str
    parent_id: int | None
    campaign_id: int | None
    document_number: str
    document_date: datetime.date | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    registration_due_on: datetime.date | None
    scope: str

    @staticmethod
    def resolve_launched_by_name(movement: Movement) -> str:
        return movement.launched_by.name


class MilestoneOut(Schema):
    id: int
    kind: str
    name: str
    due_on: datetime.date


class UnitProgressOut(Schema):
    unit_id: int
    unit_name: str
    plan: str
    registration: str
    reports: list[str]
    cascaded_movement_id: int | None


class MovementDetailOut(MovementOut):
    milestones: list[MilestoneOut]
    children: list[int]
    units: list[UnitProgressOut]

    @staticmethod
    def resolve_milestones(movement: Movement) -> list[Any]:
        return sorted(movement.milestones.all(), key=lambda item: (item.due_on, item.pk))

    @staticmethod
    def resolve_children(movement: Movement) -> list[int]:
        return list(movement.children.order_by("id").values_list("id", flat=True))

    @staticmethod
    def resolve_units(movement: Movement) -> list[dict[str, Any]]:
        return getattr(movement, "progress", [])


class RegistrationIn(Schema):
    unit_id: int
    titles: list[str]
    commitments: list[str]
    version: int | None = None


class FilingVersionIn(Schema):
    version: int | None = None


class RegistrationOut(Schema):
    id: int
    movement_id: int
    unit_id: int
    unit_name: str
    year: int
    titles: list[str]
    commitments: list[str]
    status: str
    version: int
    submitted_at: datetime.datetime | None
    acknowledged_at: datetime.datetime | None
    late: bool

    @staticmethod
    def resolve_unit_name(registration: Registration) -> str:
        return registration.unit.name

    @staticmethod
    def resolve_late(registration: Registration) -> bool:
        return registration.is_late


class MilestoneReportOut(Schema):
    id: int
    milestone_id: int
    unit_id: int
    summary: str
    file_name: str
    status: str
    version: int
    submitted_at: datetime.datetime | None
    late: bool

    @staticmethod
    def resolve_late(report: MilestoneReport) -> bool:
        return report.is_late


def _unit(unit_id: int, field: str = "unit_id") -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApplicationError(
            _("Không có đơn vị mã %(id)s.") % {"id": unit_id}, extra={"field": field}
        )
    return unit


def _movement(request: HttpRequest, movement_id: int) -> Movement:
    movement = movement_detail(movement_id)
    if movement is None or not request.user.has_perm("emulation.view_movement", movement):
        raise Http404
    return movement


def _detail(request: HttpRequest, movement: Movement) -> Movement:
    """The movement with each unit's progress (`progress`) as the reader may see it."""
    completeness = movement_completeness(movement, user=request.user)
    movement.progress = [  # type: ignore[attr-defined]
        {
            "unit_id": row.unit.pk,
            "unit_name": row.unit.name,
            "plan": row.plan.state,
            "registration": row.registration.state,
            "reports": [cell.state for cell in row.reports],
            "cascaded_movement_id": row.cascade.pk if row.cascade else None,
        }
        for row in completeness.rows
    ]
    return movement


@router.get(
    "/movements",
    response={200: list[MovementOut], **errors(401, 403, 422)},
    summary="Phong trào thi đua người gọi tham gia",
)
@paginate(Pagination)
def movement_index(request: HttpRequest, filters: Query[MovementFilter]) -> Any:
    ensure_can(request.user, "emulation.view_movement")
    return movement_list_for(user=request.user, year=filters.year)


@router.post(
    "/movements",
    response={201: MovementDetailOut, **errors(400, 401, 403, 422)},
    summary="Phát động phong trào",
)
def movement_launch(request: HttpRequest, payload: MovementIn) -> Any:
    data = payload.dict()
    launched_by = _unit(data.pop("launched_by_id"), "launched_by_id")
    participants = [_unit(pk, "participant_ids") for pk in data.pop("participant_ids")]
    movement = services.movement_create(
        actor=request.user, launched_by=launched_by, participants=participants, **data
    )
    return Status(201, _detail(request, _movement(request, movement.pk)))


@router.get(
    "/movements/{movement_id}",
    response={200: MovementDetailOut, **errors(401, 404, 422)},
    summary="Một phong trào: mốc sơ kết, tổng kết, phát động tiếp, tình hình gửi hồ sơ từng đơn vị",
    description=(
        "Trạng thái hồ sơ: on_time (đúng hạn), late (gửi muộn), missing (quá hạn, chưa gửi), "
        "pending (chưa gửi, chưa đến hạn), draft (đơn vị của người gọi đang soạn)."
    ),
)
def movement_get(request: HttpRequest, movement_id: int) -> Any:
    return _detail(request, _movement(request, movement_id))


@router.post(
    "/movements/{movement_id}/cascade",
    response={201: MovementDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Đơn vị phát động tiếp phong trào cho các đơn vị trực thuộc",
)
def movement_cascade(request: HttpRequest, movement_id: int, payload: CascadeIn) -> Any:
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    child = services.movement_cascade(
        actor=request.user, movement=_movement(request, movement_id), unit=unit, **data
    )
    return Status(201, _detail(request, _movement(request, child.pk)))


@router.get(
    "/movements/{movement_id}/registrations",
    response={200: list[RegistrationOut], **errors(401, 404, 422)},
    summary="Đăng ký thi đua của các đơn vị mà người gọi được xem",
)
@paginate(Pagination)
def registration_index(request: HttpRequest, movement_id: int) -> Any:
    return registrations_for(user=request.user, movement=_movement(request, movement_id))


@router.post(
    "/movements/{movement_id}/registrations",
    response={200: RegistrationOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Lưu đăng ký thi đua của đơn vị (bản nháp): danh hiệu và nội dung cam kết",
)
def registration_write(request: HttpRequest, movement_id: int, payload: RegistrationIn) -> Any:
    return services.registration_save(
        actor=request.user,
        movement=_movement(request, movement_id),
        unit=_unit(payload.unit_id),
        titles=payload.titles,
        commitments=payload.commitments,
        expected_version=payload.version,
    )


def _registration(request: HttpRequest, registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_related("unit", "movement__launched_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not request.user.has_perm("emulation.view_filing", registration):
        raise Http404
    return registration


@router.post(
    "/registrations/{registration_id}/submit",
    response={200: RegistrationOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gửi đăng ký thi đua đến đơn vị phát động",
)
def registration_send(request: HttpRequest, registration_id: int, payload: FilingVersionIn) -> Any:
    return services.registration_submit(
        actor=request.user,
        registration=_registration(request, registration_id),
        expected_version=payload.version,
    )


@router.post(
    "/registrations/{registration_id}/acknowledge",
    response={200: RegistrationOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Đơn vị phát động xác nhận đã nhận đăng ký thi đua",
)
def registration_confirm(
    request: HttpRequest, registration_id: int, payload: FilingVersionIn
) -> Any:
    return services.registration_acknowledge(
        actor=request.user,
        registration=_registration(request, registration_id),
        expected_version=payload.version,
    )


@router.post(
    "/milestones/{milestone_id}/reports",
    response={201: MilestoneReportOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary="Gửi báo cáo sơ kết, tổng kết của đơn vị (tóm tắt và tệp PDF, DOCX)",
)
def milestone_report_send(
    request: HttpRequest,
    milestone_id: int,
    unit_id: Form[int],
    summary: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> Any:
    milestone = Milestone.objects.select_related("movement__launched_by").filter(pk=milestone_id)
    found = milestone.first()
    if found is None or not request.user.has_perm("emulation.view_movement", found.movement):
        raise Http404
    content = None
    if file is not None:
        if file.size and file.size > services.movements.FILE_MAX_BYTES:
            raise ApplicationError(
                _("Tệp “%(name)s” lớn hơn 20 MB.") % {"name": file.name}, extra={"field": "file"}
            )
        content = file.read()
    report = services.milestone_report_submit(
        actor=request.user,
        milestone=found,
        unit=_unit(unit_id),
        summary=summary or None,
        file_name=(file.name or "") if file is not None else "",
        content=content,
    )
    return Status(201, report)
