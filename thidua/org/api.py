"""Org unit endpoints: GET /api/v1/org/units and /api/v1/org/units/{id}."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import errors
from thidua.core.text import local_today
from thidua.org.models import OrgUnit
from thidua.org.schemas import OrgUnitDetailOut, OrgUnitOut
from thidua.org.selectors import (
    LineageStep,
    orgunit_ancestors,
    orgunit_lineage,
    orgunit_list_as_of,
)

router = Router()


class UnitFilter(Schema):
    as_of: datetime.date | None = None
    q: str = ""
    kind: str = ""
    parent_id: int | None = None


def _step_out(step: LineageStep) -> dict[str, Any]:
    return {
        "unit": step.unit,
        "event": {
            "id": step.event.pk,
            "kind": step.event.kind,
            "kind_label": step.event.get_kind_display(),
            "effective_date": step.event.effective_date,
            "legal_basis": step.event.legal_basis,
        },
        "depth": step.depth,
        "carried": step.carried,
    }


def _ensure_can_view(request: HttpRequest) -> None:
    try:
        ensure_can(request.user, "org.view_orgunit")
    except PermissionDenied:
        raise PermissionDenied(
            "Tài khoản chưa được giao vai trò nào nên chưa xem được đơn vị."
        ) from None


@router.get(
    "/units",
    response={200: list[OrgUnitOut], **errors(401, 403, 422)},
    summary="Danh sách đơn vị có hiệu lực vào một ngày",
)
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[UnitFilter]) -> Any:
    """Đơn vị có hiệu lực vào ngày `as_of` (mặc định: hôm nay); `q` tìm không phân biệt dấu."""
    _ensure_can_view(request)
    units = orgunit_list_as_of(
        day=filters.as_of or local_today(),
        query=filters.q,
        kind=filters.kind,
        parent_id=filters.parent_id,
    ).prefetch_related("predecessor_links", "successor_links")
    return units


@router.get(
    "/units/{unit_id}",
    response={200: OrgUnitDetailOut, **errors(401, 403, 404, 422)},
    summary="Một đơn vị và quá trình kế thừa",
)
def unit_detail(request: HttpRequest, unit_id: int) -> OrgUnit:
    """Chi tiết đơn vị, các đơn vị tiền thân (`predecessors`) và kế thừa (`successors`)."""
    _ensure_can_view(request)
    unit = (
        OrgUnit.objects.prefetch_related("predecessor_links", "successor_links")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        raise Http404
    # The detail schema reads these as attributes next to the unit's own fields.
    predecessors = [_step_out(step) for step in orgunit_lineage(unit, backwards=True)]
    successors = [_step_out(step) for step in orgunit_lineage(unit, backwards=False)]
    unit.ancestors = orgunit_ancestors(unit)  # type: ignore[attr-defined]
    unit.predecessors = predecessors  # type: ignore[attr-defined]
    unit.successors = successors  # type: ignore[attr-defined]
    return unit
