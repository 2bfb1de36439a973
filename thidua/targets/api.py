"""Targets API: campaigns, their targets and measures, the dashboard, and the report workflow."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from thidua.core.permissions import ensure_can
from thidua.core.text import local_today
from thidua.org.models import OrgUnit
from thidua.targets import services
from thidua.targets.enums import STATUS_LABELS
from thidua.targets.models import Campaign, Measure, Report, Target
from thidua.targets.schemas import (
    CampaignOut,
    DashboardOut,
    ReportActionIn,
    ReportCorrectIn,
    ReportOut,
    ReportReturnIn,
    ReportSaveIn,
    TargetOut,
)
from thidua.targets.selectors import campaign_get, campaign_list_for, dashboard, report_list_for

router = Router()


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    ensure_can(request.user, "targets.view_campaign")
    campaign = campaign_get(pk=campaign_id)
    if campaign is None:
        raise Http404
    return campaign


@router.get("/campaigns", response=list[CampaignOut], summary="Các phong trào thi đua năm")
def campaign_list(request: HttpRequest) -> Any:
    ensure_can(request.user, "targets.view_campaign")
    return list(campaign_list_for(user=request.user))


@router.get(
    "/campaigns/{campaign_id}/targets", response=list[TargetOut], summary="Chỉ tiêu và chỉ số đo"
)
def target_list(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _campaign(request, campaign_id)
    return list(Target.objects.filter(campaign=campaign).prefetch_related("measures"))


class AsOf(Schema):
    as_of: datetime.date | None = None


@router.get(
    "/campaigns/{campaign_id}/dashboard",
    response=DashboardOut,
    summary="Bảng điều hành: đánh giá từng chỉ số tại một ngày",
)
def campaign_dashboard(request: HttpRequest, campaign_id: int, query: Query[AsOf]) -> Any:
    campaign = _campaign(request, campaign_id)
    board = dashboard(campaign=campaign, as_of=query.as_of or local_today())
    return {
        "campaign_id": campaign.pk,
        "as_of": board.as_of,
        "measures": [
            {
                "measure_id": row.measure.pk,
                "target_number": row.measure.target.number,
                "code": row.measure.code,
                "indicator": row.measure.indicator,
                "unit": row.measure.unit,
                "lead_unit": row.measure.lead_unit.name,
                "evaluation": {
                    "status": row.evaluation.status.value,
                    "status_label": str(STATUS_LABELS[row.evaluation.status.value]),
                    "actual": row.evaluation.actual,
                    "actual_date": row.evaluation.actual_date,
                    "target": row.target,
                    "ratio": row.evaluation.ratio,
                    "forecast": row.evaluation.forecast,
                    "reason": row.evaluation.reason,
                },
                "series": [
                    {"period_end": point.period_end, "value": point.value} for point in row.series
                ],
            }
            for row in board.rows
        ],
        "completeness": board.completeness(),
        "overdue": [
            {
                "unit_id": unit.pk,
                "unit_name": unit.name,
                "reports": [f"{measure.code} {period.label}" for measure, period in items],
            }
            for unit, items in board.overdue()
        ],
    }


class ReportFilter(Schema):
    campaign_id: int | None = None
    unit_id: int | None = None
    status: str = ""


@router.get("/reports", response=list[ReportOut], summary="Báo cáo chỉ tiêu người gọi được xem")
@paginate(LimitOffsetPagination)
def report_list(request: HttpRequest, filters: Query[ReportFilter]) -> Any:
    ensure_can(request.user, "targets.view_campaign")
    return report_list_for(user=request.user, **filters.dict())


def _report(request: HttpRequest, report_id: int) -> Report:
    report = (
        Report.objects.select_related("measure__lead_unit", "unit").filter(pk=report_id).first()
    )
    if report is None or not request.user.has_perm("targets.view_report", report):
        raise Http404
    return report


@router.post("/reports", response=ReportOut, summary="Lưu nháp báo cáo của đơn vị cho một kỳ")
def report_save(request: HttpRequest, payload: ReportSaveIn) -> Any:
    measure = (
        Measure.objects.select_related("target__campaign").filter(pk=payload.measure_id).first()
    )
    unit = OrgUnit.objects.filter(pk=payload.unit_id).first()
    if measure is None or unit is None:
        raise Http404
    if not request.user.has_perm("targets.edit_report", unit):
        raise PermissionDenied("Bạn không báo cáo cho đơn vị này.")
    return services.report_save(
        actor=request.user,
        measure=measure,
        unit=unit,
        period_key=payload.period_key,
        value=payload.value,
        explanation=payload.explanation,
        expected_version=payload.expected_version,
    )


@router.post("/reports/{report_id}/submit", response=ReportOut, summary="Gửi báo cáo để duyệt")
def report_submit(request: HttpRequest, report_id: int, payload: ReportActionIn) -> Any:
    report = _report(request, report_id)
    return services.report_submit(
        actor=request.user, report=report, expected_version=payload.expected_version
    )


@router.post("/reports/{report_id}/approve", response=ReportOut, summary="Duyệt báo cáo")
def report_approve(request: HttpRequest, report_id: int, payload: ReportActionIn) -> Any:
    report = _report(request, report_id)
    return services.report_approve(
        actor=request.user, report=report, expected_version=payload.expected_version
    )


@router.post("/reports/{report_id}/return", response=ReportOut, summary="Trả lại báo cáo kèm lý do")
def report_return(request: HttpRequest, report_id: int, payload: ReportReturnIn) -> Any:
    report = _report(request, report_id)
    return services.report_return(
        actor=request.user,
        report=report,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )


@router.post(
    "/reports/{report_id}/correct", response=ReportOut, summary="Điều chỉnh số liệu đã duyệt"
)
def report_correct(request: HttpRequest, report_id: int, payload: ReportCorrectIn) -> Any:
    report = _report(request, report_id)
    return services.report_correct(
        actor=request.user,
        report=report,
        value=payload.value,
        explanation=payload.explanation,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
