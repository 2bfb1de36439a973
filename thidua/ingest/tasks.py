"""The background job that reads an uploaded directive (django-tasks; a database queue). A run
claims the job, beats while it reads, and is queued again by `thidua jobs_recover` when its
worker dies (thidua.core.jobs)."""

from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from thidua.core import jobs
from thidua.core.exceptions import ApplicationError
from thidua.ingest import services
from thidua.ingest.models import IngestJob, JobStatus
from thidua.ingest.pipeline import read_document


@task(takes_context=True)
def read_document_task(context: TaskContext, job_id: int) -> str:
    run = str(context.task_result.id)
    claim = jobs.job_claim(IngestJob, job_id, run)
    if claim.job is None:  # read already, or another live run holds it: nothing changes
        status = IngestJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return status or "missing"
    job = IngestJob.objects.select_related("document__unit").get(pk=job_id)
    if claim.exhausted:
        why = _("tiến trình nền dừng giữa chừng")
        services.job_record_failure(job=job, message=jobs.attempts_exhausted(job.attempts, why))
        return JobStatus.FAILED
    services.job_progress(job.pk, _("Bắt đầu đọc tệp"), 0, 0)

    def progress(step: str, page: int, page_count: int) -> None:
        services.job_progress(job.pk, step, page, page_count)

    try:
        with jobs.heartbeat(IngestJob, job.pk), job.document.file.open("rb") as handle:
            data = handle.read()
            reading = read_document(job.document.name, data, progress=progress)
    except ApplicationError as error:
        services.job_record_failure(job=job, message=error.message)
        return JobStatus.FAILED
    except Exception:
        # Leave no job "running" forever; the worker logs the traceback.
        services.job_record_failure(
            job=job, message=_("Lỗi không mong đợi khi đọc tệp; hãy báo quản trị hệ thống.")
        )
        raise
    if not jobs.owns(IngestJob, job.pk, run):
        return "superseded"  # a recovery gave the job to another run, which will finish it
    job.refresh_from_db()
    services.job_record_reading(job=job, reading=reading)
    return JobStatus.READY
