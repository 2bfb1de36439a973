"""Audit trail endpoint: GET /api/v1/audit/events."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from thidua.core.audit_actions import audit_action_label
from thidua.core.models import AuditEvent
from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import errors
from thidua.core.selectors import audit_event_list_for

router = Router()


class AuditEventOut(Schema):
    id: int
    at: datetime.datetime
    actor_id: int | None
    actor_name: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    unit_id: int | None
    before: Any = None
    after: Any = None
    note: str

    @staticmethod
    def resolve_action_label(event: AuditEvent) -> str:
        return audit_action_label(event.action)


class AuditFilter(Schema):
    query: str = ""
    action: str = ""
    actor_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@router.get(
    "/events",
    response={200: list[AuditEventOut], **errors(401, 403, 422)},
    summary="Nhật ký thao tác",
)
@paginate(Pagination)
def event_list(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    """Các bản ghi nhật ký người gọi được xem (theo phạm vi đơn vị), mới nhất trước."""
    ensure_can(request.user, "core.view_auditevent")
    return audit_event_list_for(user=request.user, **filters.dict())
