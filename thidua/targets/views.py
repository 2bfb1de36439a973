"""Pages: campaigns, the chairman's dashboard, a measure's drill-down, report entry and review."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.scope import scope_for
from thidua.commendation.workflow_selectors import award_statistics
from thidua.core.excel import xlsx_download
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.forms import keep_for_reapply
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import file_slug, format_number, local_today, search_key
from thidua.org.models import OrgUnit
from thidua.targets import services
from thidua.targets.enums import STATUS_LABELS, ReportStatus
from thidua.targets.evaluation import describe_rule
from thidua.targets.excel import MAX_BYTES, UploadError, build_export, build_template
from thidua.targets.forms import (
    AsOfForm,
    CorrectionForm,
    ExcelUploadForm,
    ReportForm,
    ReturnForm,
)
from thidua.targets.imports import export_rows_for, report_import, template_rows_for
from thidua.targets.models import Campaign, Evidence, Measure, Report
from thidua.targets.periods import period_by_key
from thidua.targets.presentation import (
    completeness_chart,
    measure_chart,
    measure_figures,
    measure_progress,
    status_colour,
)
from thidua.targets.rules import REPORTER_ROLES
from thidua.targets.selectors import campaign_get, campaign_list_for, dashboard, measure_rule


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    ensure_can(request.user, "targets.view_campaign")
    campaign = campaign_get(pk=pk)
    if campaign is None:
        raise Http404
    return campaign


def _as_of(request: HttpRequest, campaign: Campaign) -> tuple[AsOfForm, datetime.date]:
    form = AsOfForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["ngay"]:
        return form, form.cleaned_data["ngay"]
    return form, local_today()


@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "targets.view_campaign")
    campaigns = list(campaign_list_for(user=request.user))
    return render(request, "targets/campaign_list.html", {"campaigns": campaigns})


@require_GET
@login_required
def campaign_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form, as_of = _as_of(request, campaign)
    board = dashboard(campaign=campaign, as_of=as_of)
    groups = [
        (
            target,
            [
                {
                    "row": row,
                    "colour": status_colour(row.evaluation.status.value),
                    "label": STATUS_LABELS[row.evaluation.status.value],
                    "chart": measure_chart(row, campaign.year),
                    "progress": measure_progress(row),
                    "figures": measure_figures(row),
                }
                for row in rows
            ],
        )
        for target, rows in board.by_target()
    ]
    counts = board.status_counts()
    summary = [
        (code, STATUS_LABELS[code], status_colour(code), counts.get(code, 0))
        for code in STATUS_LABELS
        if counts.get(code)
    ]
    return render(
        request,
        "targets/dashboard.html",
        {
            "campaign": campaign,
            "form": form,
            "as_of": as_of,
            "groups": groups,
            "summary": summary,
            "completeness": board.completeness(),
            "overdue": board.overdue(),
            "by_unit": [
                (unit, tally, completeness_chart(unit, tally))
                for unit, tally in board.completeness_by_unit()
            ],
            "campaigns": campaign_list_for(user=request.user),
            # The directive's priority (§II.5): who the year's awards went to.
            "awards": award_statistics(year=campaign.year, user=request.user),
        },
    )


@require_GET
@login_required
def measure_detail(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    measure = (
        Measure.objects.select_related("target", "lead_unit")
        .filter(pk=measure_pk, target__campaign=campaign)
        .first()
    )
    if measure is None:
        raise Http404
    _form, as_of = _as_of(request, campaign)
    board = dashboard(campaign=campaign, as_of=as_of)
    row = next(r for r in board.rows if r.measure.pk == measure.pk)
    cells_by_key = {(cell.unit.pk, cell.period.key): cell for cell in row.cells}
    periods = [period for period in row.periods if period.end <= as_of]
    table = []
    for unit in row.units:
        can_enter = request.user.has_perm("targets.edit_report", unit)
        cells = []
        for period in periods:
            cell = cells_by_key.get((unit.pk, period.key))
            visible = (
                cell is not None
                and cell.report is not None
                and request.user.has_perm("targets.view_report", cell.report)
            )
            cells.append({"cell": cell, "visible": visible, "can_enter": can_enter})
        table.append((unit, cells))
    return render(
        request,
        "targets/measure_detail.html",
        {
            "campaign": campaign,
            "measure": measure,
            "rule_text": describe_rule(row.rule, measure.unit),
            "row": row,
            "as_of": as_of,
            "chart": measure_chart(row, campaign.year, width=760, height=300),
            "colour": status_colour(row.evaluation.status.value),
            "label": STATUS_LABELS[row.evaluation.status.value],
            "table": table,
            "periods": periods,
        },
    )


@require_GET
@login_required
def my_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """The reports the user's units owe for this campaign, and those waiting for their review."""
    campaign = _campaign(request, pk)
    today = local_today()
    board = dashboard(campaign=campaign, as_of=max(today, datetime.date(campaign.year, 12, 31)))
    scope = scope_for(request.user)
    to_report = [
        (row.measure, cell)
        for row in board.rows
        for cell in row.cells
        if scope.covers(cell.unit, REPORTER_ROLES)
        and (
            cell.report is None or cell.report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        )
    ]
    to_review = [
        (row.measure, cell)
        for row in board.rows
        for cell in row.cells
        if cell.report is not None
        and cell.report.status == ReportStatus.SUBMITTED
        and request.user.has_perm("targets.review_report", cell.report)
    ]
    return render(
        request,
        "targets/my_reports.html",
        {"campaign": campaign, "to_report": to_report, "to_review": to_review},
    )


def _report_context(measure: Measure, unit: OrgUnit, period_key: str) -> tuple[Any, Report | None]:
    try:
        period = period_by_key(period_key, measure.frequency)
    except ValueError as error:
        raise Http404 from error
    report = (
        Report.objects.select_related("measure", "unit")
        .filter(measure=measure, unit=unit, period_key=period.key)
        .first()
    )
    return period, report


# The form whose input a conflicting save keeps for the user to apply again.
FORM_OF_ACTION = {
    "save": "report_form",
    "submit": "report_form",
    "return": "return_form",
    "correct": "correction_form",
}


@require_http_methods(["GET", "POST"])
@login_required
@once
def report_page(
    request: HttpRequest, measure_pk: int, unit_pk: int, period_key: str
) -> HttpResponse:
    """Enter, submit, review or correct one unit's value for one period."""
    measure = (
        Measure.objects.select_related("target__campaign", "lead_unit")
        .filter(pk=measure_pk)
        .first()
    )
    unit = OrgUnit.objects.filter(pk=unit_pk).first()
    if measure is None or unit is None:
        raise Http404
    period, report = _report_context(measure, unit, period_key)
    can_edit = request.user.has_perm("targets.edit_report", unit)
    if report is not None and not request.user.has_perm("targets.view_report", report):
        raise PermissionDenied(_("Bạn không xem được báo cáo này."))
    if report is None and not can_edit:
        raise PermissionDenied(_("Bạn không báo cáo cho đơn vị này."))
    can_review = report is not None and request.user.has_perm("targets.review_report", report)
    action = request.POST.get("action", "")
    forms: dict[str, Any] = {
        "report_form": ReportForm(
            request.POST if action in ("save", "submit") else None,
            initial={
                "value": report.value if report else None,
                "explanation": report.explanation if report else "",
                # 0: the user saw no report yet (someone saving one meanwhile is a conflict).
                "version": report.version if report else 0,
            },
        ),
        "return_form": ReturnForm(
            request.POST if action == "return" else None,
            initial={"version": report.version if report else None},
        ),
        "correction_form": CorrectionForm(
            request.POST if action == "correct" else None,
            initial={"version": report.version if report else None},
        ),
    }
    status = 200
    if request.method == "POST":
        try:
            done = _apply(request, action, measure, unit, period.key, report, forms)
        except ConflictError as error:
            form_name = FORM_OF_ACTION.get(action)
            if form_name is None:
                messages.error(request, error.message)
            else:
                keep_for_reapply(forms[form_name], error)
            status = 409
            period, report = _report_context(measure, unit, period_key)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if done:
                messages.success(request, done)
                return redirect(request.path)
    if report is not None:
        report.refresh_from_db()
    return render(
        request,
        "targets/report_page.html",
        {
            "measure": measure,
            "rule_text": describe_rule(measure_rule(measure), measure.unit),
            "campaign": measure.target.campaign,
            "unit": unit,
            "period": period,
            "report": report,
            "history": report.revisions.all() if report else [],
            "evidence": report.evidence.all() if report else [],
            "can_edit": can_edit and (report is None or report.status in ("draft", "returned")),
            "can_correct": can_edit and report is not None and report.status == "approved",
            "can_review": can_review and report is not None and report.status == "submitted",
            "back": reverse(
                "targets:measure-detail", args=[measure.target.campaign_id, measure.pk]
            ),
            **forms,
        },
        status=status,
    )


def _apply(
    request: HttpRequest,
    action: str,
    measure: Measure,
    unit: OrgUnit,
    period_key: str,
    report: Report | None,
    forms: dict[str, Any],
) -> str | None:
    """Run the requested transition; returns the success message, None if a form is invalid."""
    user = request.user
    if action in ("save", "submit"):
        form = forms["report_form"]
        if not form.is_valid():
            return None
        saved = services.report_save(
            actor=user,
            measure=measure,
            unit=unit,
            period_key=period_key,
            value=form.cleaned_data["value"],
            explanation=form.cleaned_data["explanation"],
            expected_version=form.cleaned_data["version"],
        )
        if action == "save":
            return _("Đã lưu bản nháp.")
        services.report_submit(actor=user, report=saved)
        return _("Đã gửi báo cáo để duyệt.")
    if report is None:
        raise ApplicationError(_("Chưa có báo cáo để thực hiện thao tác này."))
    if action == "evidence":
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("Hãy chọn tệp minh chứng."))
        if upload.size and upload.size > services.EVIDENCE_MAX_BYTES:
            raise ApplicationError(_("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": upload.name})
        services.evidence_add(
            actor=user, report=report, name=upload.name or "", content=upload.read()
        )
        return _("Đã thêm minh chứng.")
    if action == "approve":
        version = request.POST.get("version")
        services.report_approve(
            actor=user, report=report, expected_version=int(version) if version else None
        )
        return _("Đã duyệt báo cáo.")
    if action == "return":
        form = forms["return_form"]
        if not form.is_valid():
            return None
        services.report_return(
            actor=user,
            report=report,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        return _("Đã trả lại báo cáo kèm lý do.")
    if action == "correct":
        form = forms["correction_form"]
        if not form.is_valid():
            return None
        services.report_correct(
            actor=user,
            report=report,
            value=form.cleaned_data["value"],
            explanation=form.cleaned_data["explanation"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        return _("Đã gửi số liệu điều chỉnh để duyệt lại.")
    raise ApplicationError(_("Thao tác không hợp lệ."))


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence files live outside the web root and are served only to those who see the report."""
    evidence = (
        Evidence.objects.select_related("report__measure__lead_unit", "report__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None or not request.user.has_perm("targets.view_report", evidence.report):
        raise Http404
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )


def _reporting_units(user: Any, campaign: Campaign) -> list[OrgUnit]:
    """The units this user reports for in the campaign (successors of closed units included)."""
    board = dashboard(
        campaign=campaign, as_of=max(local_today(), datetime.date(campaign.year, 12, 31))
    )
    scope = scope_for(user)
    units = {
        cell.unit.pk: cell.unit
        for row in board.rows
        for cell in row.cells
        if scope.covers(cell.unit, REPORTER_ROLES)
    }
    return sorted(units.values(), key=lambda unit: search_key(unit.name))


@require_http_methods(["GET", "POST"])
@login_required
@once
def excel_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a unit's fill-in template, upload it back, export the campaign's values."""
    campaign = _campaign(request, pk)
    units = _reporting_units(request.user, campaign)
    form = ExcelUploadForm(units, request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST":
        if not units:
            raise PermissionDenied(_("Bạn không báo cáo cho đơn vị nào trong phong trào này."))
        if form.is_valid():
            unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:
                    raise ApplicationError(_("Tệp lớn hơn 5 MB."))
                result = report_import(
                    actor=request.user,
                    campaign=campaign,
                    unit=unit,
                    data=upload.read(),
                    submit=form.cleaned_data["submit"],
                )
            except UploadError as error:
                problems = error.errors
                messages.error(
                    request,
                    _("Tệp không được nhận, chưa có số liệu nào được lưu: %(count)s lỗi.")
                    % {"count": format_number(len(problems))},
                )
            except ApplicationError as error:
                messages.error(
                    request,
                    _("Tệp không được nhận, chưa có số liệu nào được lưu. %(message)s")
                    % {"message": error.message},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Đã nhận tệp của %(unit)s: lưu %(saved)s dòng, gửi duyệt %(submitted)s, "
                        "không đổi %(unchanged)s, bỏ qua %(skipped)s dòng đã gửi hoặc đã duyệt."
                    )
                    % {
                        "unit": unit.name,
                        "saved": result.saved,
                        "submitted": result.submitted,
                        "unchanged": result.unchanged,
                        "skipped": result.skipped,
                    },
                )
                return redirect(request.path)
    return render(
        request,
        "targets/excel.html",
        {
            "campaign": campaign,
            "units": units,
            "form": form,
            "problems": problems,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
    )


@require_GET
@login_required
def excel_template(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponseBase:
    """The unit's pre-filled template: every period of the year it reports, current values in."""
    campaign = _campaign(request, pk)
    unit = OrgUnit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    ensure_can(request.user, "targets.edit_report", unit)
    rows = template_rows_for(campaign=campaign, unit=unit, year=campaign.year)
    if not rows:
        messages.error(
            request,
            _("%(unit)s không có chỉ số nào phải báo cáo trong phong trào này.")
            % {"unit": unit.name},
        )
        return redirect("targets:excel", pk=campaign.pk)
    data = build_template(campaign=campaign, unit=unit, rows=rows)
    return xlsx_download(data, f"mau-bao-cao-{campaign.year}-{file_slug(unit.name)}")


@require_GET
@login_required
def excel_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Every value of the campaign that the user may read, one line per unit, measure and period."""
    campaign = _campaign(request, pk)
    data = build_export(
        campaign=campaign, rows=export_rows_for(user=request.user, campaign=campaign)
    )
    return xlsx_download(data, f"so-lieu-chi-tieu-{campaign.year}")
