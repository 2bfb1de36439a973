"""Targets API: campaigns, their targets and measures, the dashboard, and the report workflow."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from thidua.core.excel import XLSX_CONTENT_TYPE, xlsx_download
from thidua.core.exceptions import ApplicationError
from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import UPLOAD, errors
from thidua.core.text import local_today
from thidua.org.models import OrgUnit
from thidua.targets import services
from thidua.targets.enums import STATUS_LABELS
from thidua.targets.excel import MAX_BYTES, build_export, build_template
from thidua.targets.imports import export_rows_for, report_import, template_rows_for
from thidua.targets.models import Campaign, Measure, Report, Target
from thidua.targets.schemas import (
    CampaignOut,
    DashboardOut,
    ImportResultOut,
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


@router.get(
    "/campaigns",
    response={200: list[CampaignOut], **errors(401, 403)},
    summary="Các phong trào thi đua năm",
)
def campaign_list(request: HttpRequest) -> Any:
    ensure_can(request.user, "targets.view_campaign")
    return list(campaign_list_for(user=request.user))


@router.get(
    "/campaigns/{campaign_id}/targets",
    response={200: list[TargetOut], **errors(401, 403, 404, 422)},
    summary="Chỉ tiêu và chỉ số đo",
)
def target_list(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _campaign(request, campaign_id)
    return list(Target.objects.filter(campaign=campaign).prefetch_related("measures"))


class AsOf(Schema):
    as_of: datetime.date | None = None


@router.get(
    "/campaigns/{campaign_id}/dashboard",
    response={200: DashboardOut, **errors(401, 403, 404, 422)},
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


@router.get(
    "/reports",
    response={200: list[ReportOut], **errors(401, 403, 422)},
    summary="Báo cáo chỉ tiêu người gọi được xem",
)
@paginate(Pagination)
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


@router.post(
    "/reports",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Lưu nháp báo cáo của đơn vị cho một kỳ",
)
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


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gửi báo cáo để duyệt",
)
def report_submit(request: HttpRequest, report_id: int, payload: ReportActionIn) -> Any:
    report = _report(request, report_id)
    return services.report_submit(
        actor=request.user, report=report, expected_version=payload.expected_version
    )


@router.post(
    "/reports/{report_id}/approve",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Duyệt báo cáo",
)
def report_approve(request: HttpRequest, report_id: int, payload: ReportActionIn) -> Any:
    report = _report(request, report_id)
    return services.report_approve(
        actor=request.user, report=report, expected_version=payload.expected_version
    )


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Trả lại báo cáo kèm lý do",
)
def report_return(request: HttpRequest, report_id: int, payload: ReportReturnIn) -> Any:
    report = _report(request, report_id)
    return services.report_return(
        actor=request.user,
        report=report,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )


@router.post(
    "/reports/{report_id}/correct",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Điều chỉnh số liệu đã duyệt",
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


def _unit(unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


@router.get(
    "/campaigns/{campaign_id}/excel/template",
    response=errors(400, 401, 403, 404, 422),
    summary="Tải mẫu Excel báo cáo của một đơn vị (.xlsx)",
    openapi_extra={"responses": {200: {"content": {XLSX_CONTENT_TYPE: {}}}}},
)
def excel_template(request: HttpRequest, campaign_id: int, unit_id: int) -> HttpResponseBase:
    campaign = _campaign(request, campaign_id)
    unit = _unit(unit_id)
    ensure_can(request.user, "targets.edit_report", unit)
    rows = template_rows_for(campaign=campaign, unit=unit, year=campaign.year)
    if not rows:
        raise ApplicationError("Đơn vị không có chỉ số nào phải báo cáo trong phong trào này.")
    data = build_template(campaign=campaign, unit=unit, rows=rows)
    return xlsx_download(data, f"mau-bao-cao-{campaign.year}-{unit.pk}")


@router.post(
    "/campaigns/{campaign_id}/excel/import",
    response={200: ImportResultOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary="Nộp mẫu Excel đã điền: lưu (và gửi duyệt) mọi dòng, hoặc không dòng nào",
)
def excel_import(
    request: HttpRequest,
    campaign_id: int,
    unit_id: Form[int],
    file: File[UploadedFile],
    submit: Form[bool] = False,
) -> Any:
    campaign = _campaign(request, campaign_id)
    unit = _unit(unit_id)
    if not request.user.has_perm("targets.edit_report", unit):
        raise PermissionDenied("Bạn không báo cáo cho đơn vị này.")
    if file.size and file.size > MAX_BYTES:
        raise ApplicationError("Tệp lớn hơn 5 MB.")
    return report_import(
        actor=request.user, campaign=campaign, unit=unit, data=file.read(), submit=submit
    )


@router.get(
    "/campaigns/{campaign_id}/excel/export",
    response=errors(401, 403, 404, 422),
    summary="Xuất mọi số liệu người gọi được xem của phong trào (.xlsx)",
    openapi_extra={"responses": {200: {"content": {XLSX_CONTENT_TYPE: {}}}}},
)
def excel_export(request: HttpRequest, campaign_id: int) -> HttpResponseBase:
    campaign = _campaign(request, campaign_id)
    data = build_export(
        campaign=campaign, rows=export_rows_for(user=request.user, campaign=campaign)
    )
    return xlsx_download(data, f"so-lieu-chi-tieu-{campaign.year}")
