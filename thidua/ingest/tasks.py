"""The background job that reads an uploaded directive (django-tasks; a database queue)."""

from django.utils.translation import gettext as _
from django_tasks import task

from thidua.core.exceptions import ApplicationError
from thidua.ingest import services
from thidua.ingest.models import IngestJob, JobStatus
from thidua.ingest.pipeline import read_document


@task()
def read_document_task(job_id: int) -> str:
    job = IngestJob.objects.select_related("document__unit").get(pk=job_id)
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return job.status  # already read: a retried task changes nothing
    services.job_progress(job.pk, _("Bắt đầu đọc tệp"), 0, 0)

    def progress(step: str, page: int, page_count: int) -> None:
        services.job_progress(job.pk, step, page, page_count)

    try:
        with job.document.file.open("rb") as handle:
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
    services.job_record_reading(job=job, reading=reading)
    return JobStatus.READY
