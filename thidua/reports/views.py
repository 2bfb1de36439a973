"""Pages of the periodic reports and of PDF renderings. Views are thin: forms clean, services
decide, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.forms import keep_for_reapply
from thidua.documents.layout import DOCX_CONTENT_TYPE
from thidua.reports import services
from thidua.reports.contents import report_facts
from thidua.reports.documents import periodic_report_docx, report_summary
from thidua.reports.forms import ReportCreateForm, ReportIssueForm, ReportSectionsForm
from thidua.reports.kinds import KINDS
from thidua.reports.models import PeriodicReport, RenderJob, RenderStatus, ReportStatus
from thidua.reports.selectors import (
    render_jobs_for,
    report_get,
    report_list_for,
    writable_units_for,
)

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reports.view_report"):
        raise PermissionDenied
    units = writable_units_for(request.user)
    can_create = request.user.has_perm("reports.edit_report")
    form = ReportCreateForm(request.POST or None, units=units)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                report = services.periodic_report_create(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    kind=form.cleaned_data["kind"],
                    year=form.cleaned_data["year"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lập dự thảo báo cáo."))
                return redirect("reports:report-detail", pk=report.pk)
    page = Paginator(report_list_for(request.user), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reports/report_list.html",
        {"page": page, "form": form, "can_create": can_create},
    )


def _report(request: HttpRequest, pk: int) -> PeriodicReport:
    report = report_get(pk)
    if report is None or not request.user.has_perm("reports.view_report", report):
        raise Http404
    return report


@require_http_methods(["GET", "POST"])
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    can_edit = report.status == ReportStatus.DRAFT and request.user.has_perm(
        "reports.edit_report", report
    )
    can_issue = report.status == ReportStatus.DRAFT and request.user.has_perm(
        "reports.issue_report", report
    )
    sections = ReportSectionsForm(instance=report, initial={"version": report.version})
    issue = ReportIssueForm(initial={"version": report.version})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save" and can_edit:
            sections = ReportSectionsForm(request.POST, instance=report)
            if sections.is_valid():
                data = {k: v for k, v in sections.cleaned_data.items() if k != "version"}
                try:
                    services.periodic_report_update(
                        actor=request.user,
                        report=report,
                        version=sections.cleaned_data["version"],
                        **data,
                    )
                except ConflictError as error:
                    keep_for_reapply(sections, error)
                    status = 409
                except ApplicationError as error:
                    sections.add_error(None, error.message)
                else:
                    messages.success(request, _("Đã lưu nội dung báo cáo."))
                    return redirect("reports:report-detail", pk=report.pk)
        elif action == "issue" and can_issue:
            issue = ReportIssueForm(request.POST)
            if issue.is_valid():
                try:
                    services.periodic_report_issue(
                        actor=request.user, report=report, **issue.cleaned_data
                    )
                except ConflictError as error:
                    keep_for_reapply(issue, error)
                    status = 409
                except ApplicationError as error:
                    issue.add_error(None, error.message)
                else:
                    messages.success(request, _("Đã ghi số, ngày ban hành; báo cáo đã khóa."))
                    return redirect("reports:report-detail", pk=report.pk)
        else:
            raise PermissionDenied
    facts = report_facts(report)
    ratio_chart = facts.ratio_chart()
    reporting_chart = facts.reporting_chart()
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "summary": report_summary(report),
            "facts": facts,
            # Built by core.charts, which escapes every text it draws.
            "ratio_chart": mark_safe(ratio_chart) if ratio_chart else "",  # noqa: S308
            "reporting_chart": mark_safe(reporting_chart) if reporting_chart else "",  # noqa: S308
            "sections": sections,
            "issue": issue,
            "can_edit": can_edit,
            "can_issue": can_issue,
            "renderings": render_jobs_for(request.user, "periodic_report", report.pk),
        },
        status=status,
    )


@require_GET
@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    name, content = periodic_report_docx(_report(request, pk))
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@login_required
def render_request(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    try:
        job = services.render_job_request(actor=request.user, kind=kind, object_id=object_id)
    except ApplicationError as error:
        if error.status_code == 404:
            raise Http404 from error
        messages.error(request, error.message)
        return redirect(request.META.get("HTTP_REFERER") or "reports:report-list")
    return redirect("reports:render-job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> RenderJob:
    job = RenderJob.objects.select_related("unit").filter(pk=pk).first()
    if job is None:
        raise Http404
    render_kind = KINDS.get(job.kind)
    source = render_kind.load(job.object_id) if render_kind else None
    if source is None or not render_kind or not render_kind.may_read(request.user, source):
        raise Http404
    job.back_url = render_kind.page(source)  # type: ignore[attr-defined]
    return job


@require_GET
@login_required
def render_job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    waiting = job.status in (RenderStatus.QUEUED, RenderStatus.RUNNING)
    return render(request, "reports/render_job.html", {"job": job, "waiting": waiting})


@require_GET
@login_required
def render_job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    which = request.GET.get("dang", "pdf")
    stored = job.docx if which == "docx" else job.pdf
    if job.status != RenderStatus.DONE or not stored:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1]
    content_type = DOCX_CONTENT_TYPE if which == "docx" else "application/pdf"
    return FileResponse(
        stored.open("rb"), as_attachment=which == "docx", filename=name, content_type=content_type
    )
