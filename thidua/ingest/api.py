"""Ingestion API: upload a directive, follow its job, read the extracted draft."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.schemas import UPLOAD, errors
from thidua.ingest import services
from thidua.ingest.models import IngestJob
from thidua.org.models import OrgUnit

router = Router()


class JobOut(Schema):
    id: int
    document_name: str
    unit_id: int
    status: str
    status_label: str
    step: str
    page: int
    page_count: int
    percent: int
    error: str
    ocr: bool
    restored: bool
    campaign_id: int | None
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class JobResultOut(Schema):
    id: int
    status: str
    version: int
    text: str
    restored: bool
    ocr: bool
    doubtful: list[dict[str, Any]]
    draft: dict[str, Any]


def _job_out(job: IngestJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "document_name": job.document.name,
        "unit_id": job.document.unit_id,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "step": job.step,
        "page": job.page,
        "page_count": job.page_count,
        "percent": job.percent,
        "error": job.error,
        "ocr": job.ocr,
        "restored": job.restored,
        "campaign_id": job.campaign_id,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _job(request: HttpRequest, job_id: int) -> IngestJob:
    job = IngestJob.objects.select_related("document__unit").filter(pk=job_id).first()
    if job is None or not request.user.has_perm("ingest.view_job", job):
        raise Http404
    return job


@router.post(
    "/documents",
    response={200: JobOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary="Tải lên văn bản phát động để đọc",
)
def document_upload(request: HttpRequest, unit_id: Form[int], file: File[UploadedFile]) -> Any:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    ensure_can(request.user, "ingest.upload_document", unit)
    job = services.document_upload(
        actor=request.user, unit=unit, name=file.name or "", data=file.read()
    )
    job.refresh_from_db()
    return _job_out(job)


@router.get(
    "/jobs/{job_id}", response={200: JobOut, **errors(401, 404, 422)}, summary="Tiến độ đọc văn bản"
)
def job_status(request: HttpRequest, job_id: int) -> Any:
    return _job_out(_job(request, job_id))


@router.get(
    "/jobs/{job_id}/result",
    response={200: JobResultOut, **errors(400, 401, 404, 422)},
    summary="Kết quả đọc: văn bản, bản nháp",
)
def job_result(request: HttpRequest, job_id: int) -> Any:
    job = _job(request, job_id)
    if not job.draft:
        raise ApplicationError(
            _("Văn bản chưa đọc xong (trạng thái: %(status)s).")
            % {"status": job.get_status_display()}
        )
    return job
