"""Periodic reports and PDF renderings over the API: the same services, rules and selectors as
the pages (`/api/v1/reports/`)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from thidua.core.schemas import errors
from thidua.org.models import OrgUnit
from thidua.reports import services
from thidua.reports.contents import report_facts
from thidua.reports.kinds import KINDS
from thidua.reports.models import PeriodicReport, RenderJob
from thidua.reports.selectors import report_get, report_list_for

router = Router()


class ReportFields(Schema):
    id: int
    unit_id: int
    unit: str
    kind: str
    year: int
    status: str
    number: str
    issued_on: datetime.date | None
    version: int


class PeriodicReportOut(ReportFields):
    @staticmethod
    def resolve_unit(report: PeriodicReport) -> str:
        return report.unit.name


class ReportSections(Schema):
    overview: str
    shortcomings: str
    causes: str
    lessons: str
    next_tasks: str
    proposals: str
    signer_name: str
    signer_title: str


class TargetLineOut(Schema):
    code: str
    indicator: str
    target: str
    actual: str
    status: str


class FactsOut(Schema):
    start: datetime.date
    end: datetime.date
    targets: list[TargetLineOut]
    movements: int
    awards: int
    individuals: int
    direct_workers: int
    collectives: int
    grassroots: int


class PeriodicReportDetailOut(ReportFields):
    sections: ReportSections
    facts: FactsOut


class ReportIn(Schema):
    unit_id: int
    kind: str
    year: int


class SectionsIn(Schema):
    version: int
    overview: str | None = None
    shortcomings: str | None = None
    causes: str | None = None
    lessons: str | None = None
    next_tasks: str | None = None
    proposals: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None


class IssueIn(Schema):
    version: int
    number: str
    issued_on: datetime.date


class RenderIn(Schema):
    kind: str
    object_id: int


class RenderJobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    step: str
    progress: int
    attempts: int
    error: str
    page_count: int | None
    pdf_url: str | None


def _report(request: HttpRequest, report_id: int) -> PeriodicReport:
    report = report_get(report_id)
    if report is None or not request.user.has_perm("reports.view_report", report):
        raise Http404
    return report


def _detail(report: PeriodicReport) -> dict[str, Any]:
    facts = report_facts(report)
    stats = facts.awards
    return {
        **{name: getattr(report, name) for name in ReportFields.model_fields if name != "unit"},
        "unit": report.unit.name,
        "sections": {name: getattr(report, name) for name in ReportSections.model_fields},
        "facts": {
            "start": facts.start,
            "end": facts.end,
            "targets": [line.__dict__ for line in facts.targets],
            "movements": len(facts.movements),
            "awards": stats.total,
            "individuals": stats.individuals,
            "direct_workers": stats.direct_workers,
            "collectives": stats.collectives,
            "grassroots": stats.grassroots,
        },
    }


@router.get("/periodic", response={200: list[PeriodicReportOut], **errors(401, 404, 422)})
def list_reports(request: HttpRequest, year: int | None = None) -> Any:
    if not request.user.has_perm("reports.view_report"):
        raise Http404
    reports = report_list_for(request.user)
    return reports.filter(year=year) if year is not None else reports


@router.post(
    "/periodic", response={201: PeriodicReportDetailOut, **errors(400, 401, 403, 404, 422)}
)
def create_report(request: HttpRequest, payload: ReportIn) -> Any:
    unit = OrgUnit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    report = services.periodic_report_create(
        actor=request.user, unit=unit, kind=payload.kind, year=payload.year
    )
    return Status(201, _detail(report))


@router.get(
    "/periodic/{report_id}", response={200: PeriodicReportDetailOut, **errors(401, 404, 422)}
)
def get_report(request: HttpRequest, report_id: int) -> Any:
    return _detail(_report(request, report_id))


@router.patch(
    "/periodic/{report_id}",
    response={200: PeriodicReportDetailOut, **errors(400, 401, 403, 404, 409, 422)},
)
def update_report(request: HttpRequest, report_id: int, payload: SectionsIn) -> Any:
    report = _report(request, report_id)
    fields = payload.dict(exclude_none=True, exclude={"version"})
    report = services.periodic_report_update(
        actor=request.user, report=report, version=payload.version, **fields
    )
    return _detail(report)


@router.post(
    "/periodic/{report_id}/issue",
    response={200: PeriodicReportDetailOut, **errors(400, 401, 403, 404, 409, 422)},
)
def issue_report(request: HttpRequest, report_id: int, payload: IssueIn) -> Any:
    report = services.periodic_report_issue(
        actor=request.user,
        report=_report(request, report_id),
        version=payload.version,
        number=payload.number,
        issued_on=payload.issued_on,
    )
    return _detail(report)


def _job_out(job: RenderJob) -> dict[str, Any]:
    done = job.status == "done" and bool(job.pdf)
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "step": job.step,
        "progress": job.progress,
        "attempts": job.attempts,
        "error": job.error,
        "page_count": job.page_count,
        "pdf_url": reverse("reports:render-file", args=[job.pk]) if done else None,
    }


@router.post("/renderings", response={202: RenderJobOut, **errors(400, 401, 403, 404, 422)})
def request_rendering(request: HttpRequest, payload: RenderIn) -> Any:
    job = services.render_job_request(
        actor=request.user, kind=payload.kind, object_id=payload.object_id
    )
    job.refresh_from_db()
    return Status(202, _job_out(job))


@router.get("/renderings/{job_id}", response={200: RenderJobOut, **errors(401, 404, 422)})
def get_rendering(request: HttpRequest, job_id: int) -> Any:
    job = RenderJob.objects.filter(pk=job_id).first()
    kind = KINDS.get(job.kind) if job else None
    source = kind.load(job.object_id) if job and kind else None
    if job is None or kind is None or source is None or not kind.may_read(request.user, source):
        raise Http404
    return _job_out(job)
