"""Clusters and blocks API: editions with their standings, the scoring table, a member's sheet
(save, send, review, return) and publishing; the same services and rules as the pages."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from thidua.core.permissions import ensure_can
from thidua.core.schemas import errors
from thidua.emulation.cluster_selectors import edition_detail, edition_list
from thidua.emulation.models import Assessment, ClusterYear
from thidua.emulation.services import clusters as services

router = Router()


class EditionFields(Schema):
    id: int
    cluster: str
    kind: str
    year: int
    leader: str
    status: str
    standings: dict[str, Any]


class EditionOut(EditionFields):
    @staticmethod
    def resolve_cluster(edition: ClusterYear) -> str:
        return edition.cluster.name

    @staticmethod
    def resolve_kind(edition: ClusterYear) -> str:
        return edition.cluster.kind

    @staticmethod
    def resolve_leader(edition: ClusterYear) -> str:
        return edition.leader.name


class MemberOut(Schema):
    unit: str
    assessment_id: int | None
    status: str
    signed_on: datetime.date | None


class EditionDetailOut(EditionFields):
    members: list[MemberOut]
    max_total: Decimal


class CriterionIn(Schema):
    code: str
    name: str
    max_points: Decimal
    formula: str
    params: dict[str, Any] = {}
    guidance: str = ""
    evidence_required: bool = False


class GroupIn(Schema):
    code: str
    name: str
    part: str = "base"
    cap: Decimal | None = None
    criteria: list[CriterionIn]


class TableIn(Schema):
    groups: list[GroupIn]
    tie_break: list[str] = []
    decimals: int = 2
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    facts: dict[str, str] = {}


class SheetOut(Schema):
    id: int
    unit: str
    status: str
    version: int
    self_entries: dict[str, Any]
    cross_entries: dict[str, Any]
    self_facts: list[str]
    self_total: Decimal | None
    final_total: Decimal | None
    return_reason: str

    @staticmethod
    def resolve_unit(sheet: Assessment) -> str:
        return sheet.member.unit.name


class SaveIn(Schema):
    entries: dict[str, dict[str, Any]]
    facts: list[str] | None = None
    version: int | None = None


class SheetVersionIn(Schema):
    version: int | None = None


class SheetReturnIn(SheetVersionIn):
    reason: str


class PublishIn(Schema):
    votes: dict[str, int] = {}


def _edition(request: HttpRequest, edition_id: int) -> ClusterYear:
    ensure_can(request.user, "emulation.view_cluster")
    edition = edition_detail(edition_id)
    if edition is None:
        raise Http404
    return edition


def _detail(request: HttpRequest, edition: ClusterYear) -> dict[str, Any]:
    members = []
    for member in edition.members.all():
        sheet = member.assessment
        visible = request.user.has_perm("emulation.view_assessment", sheet)
        members.append(
            {
                "unit": member.unit.name,
                "assessment_id": sheet.pk if visible else None,
                "status": sheet.status,
                "signed_on": member.signed_on,
            }
        )
    return {
        "id": edition.pk,
        "cluster": edition.cluster.name,
        "kind": edition.cluster.kind,
        "year": edition.year,
        "leader": edition.leader.name,
        "status": edition.status,
        "standings": edition.standings,
        "members": members,
        "max_total": services.table_for(edition).max_total,
    }


def _sheet(request: HttpRequest, assessment_id: int) -> Assessment:
    sheet = (
        Assessment.objects.select_related("member__edition__cluster", "member__unit", "cross_by")
        .filter(pk=assessment_id)
        .first()
    )
    if sheet is None or not request.user.has_perm("emulation.view_assessment", sheet):
        raise Http404
    return sheet


@router.get(
    "/clusters",
    response={200: list[EditionOut], **errors(401, 403, 422)},
    summary="Cụm, khối thi đua theo năm",
)
def cluster_index(request: HttpRequest, year: int | None = None) -> Any:
    ensure_can(request.user, "emulation.view_cluster")
    return edition_list(year).order_by("-year", "cluster__name")


@router.get(
    "/clusters/{edition_id}",
    response={200: EditionDetailOut, **errors(401, 403, 404, 422)},
    summary="Một cụm, khối năm: thành viên, kết quả",
)
def cluster_get(request: HttpRequest, edition_id: int) -> Any:
    return _detail(request, _edition(request, edition_id))


@router.put(
    "/clusters/{edition_id}/table",
    response={200: EditionDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Đặt thang điểm (nhóm, tiêu chí, cách tính); chỉ trước khi có thành viên chấm",
)
def cluster_table(request: HttpRequest, edition_id: int, payload: TableIn) -> Any:
    edition = _edition(request, edition_id)
    data = payload.dict()
    groups = [
        {**group, "criteria": [dict(item) for item in group["criteria"]]}
        for group in data.pop("groups")
    ]
    services.scoring_table_set(actor=request.user, edition=edition, groups=groups, **data)
    return _detail(request, _edition(request, edition_id))


@router.post(
    "/clusters/{edition_id}/publish",
    response={200: EditionDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Công bố kết quả (khóa bảng điểm); số phiếu theo tên đơn vị khi bằng điểm",
)
def cluster_publish(request: HttpRequest, edition_id: int, payload: PublishIn) -> Any:
    edition = _edition(request, edition_id)
    services.edition_publish(actor=request.user, edition=edition, votes=payload.votes or None)
    return _detail(request, _edition(request, edition_id))


@router.get(
    "/assessments/{assessment_id}",
    response={200: SheetOut, **errors(401, 404, 422)},
    summary="Một bảng chấm điểm",
)
def sheet_get(request: HttpRequest, assessment_id: int) -> Any:
    return _sheet(request, assessment_id)


@router.post(
    "/assessments/{assessment_id}/save",
    response={200: SheetOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Lưu số liệu chấm (tự chấm, hoặc chấm chéo sau khi thành viên đã gửi)",
)
def sheet_save(request: HttpRequest, assessment_id: int, payload: SaveIn) -> Any:
    return services.assessment_save(
        actor=request.user,
        assessment=_sheet(request, assessment_id),
        entries=payload.entries,
        facts=payload.facts,
        expected_version=payload.version,
    )


@router.post(
    "/assessments/{assessment_id}/submit",
    response={200: SheetOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gửi bảng điểm",
)
def sheet_submit(request: HttpRequest, assessment_id: int, payload: SheetVersionIn) -> Any:
    return services.assessment_submit(
        actor=request.user,
        assessment=_sheet(request, assessment_id),
        expected_version=payload.version,
    )


@router.post(
    "/assessments/{assessment_id}/review",
    response={200: SheetOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Thẩm định bảng điểm",
)
def sheet_review(request: HttpRequest, assessment_id: int, payload: SheetVersionIn) -> Any:
    return services.assessment_review(
        actor=request.user,
        assessment=_sheet(request, assessment_id),
        expected_version=payload.version,
    )


@router.post(
    "/assessments/{assessment_id}/return",
    response={200: SheetOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Trả lại bảng điểm kèm lý do (chấm lại từ đầu)",
)
def sheet_return(request: HttpRequest, assessment_id: int, payload: SheetReturnIn) -> Any:
    return services.assessment_return(
        actor=request.user,
        assessment=_sheet(request, assessment_id),
        reason=payload.reason,
        expected_version=payload.version,
    )
