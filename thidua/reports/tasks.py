"""The background job that renders a generated document to PDF (django-tasks; a database
queue). A run claims the job, beats while it prints, and is queued again by `thidua
jobs_recover` when its worker dies (thidua.core.jobs)."""

import uuid

from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from thidua.core import jobs
from thidua.core.exceptions import ApplicationError
from thidua.reports import services
from thidua.reports.kinds import KINDS
from thidua.reports.models import RenderJob, RenderStatus
from thidua.reports.pdf import docx_to_pdf


@task(takes_context=True)
def render_pdf_task(context: TaskContext, job_id: int) -> str:
    return render_job_run(job_id, run=str(context.task_result.id))


def render_job_run(job_id: int, run: str = "") -> str:
    """Build the DOCX and print it to PDF: one run of the job, at most MAX_ATTEMPTS in all
    (a run a killed worker left is queued again by `thidua jobs_recover`); then failed with
    the reason."""
    run = run or f"direct-{uuid.uuid4()}"
    claim = jobs.job_claim(RenderJob, job_id, run)
    if claim.job is None:  # finished already, or another live run holds it
        status = RenderJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return status or "missing"
    job = claim.job
    if claim.exhausted:
        why = _("tiến trình nền dừng giữa chừng")
        services.render_job_fail(job_id=job.pk, message=jobs.attempts_exhausted(job.attempts, why))
        return RenderStatus.FAILED
    render_kind = KINDS[job.kind]
    try:
        with jobs.heartbeat(RenderJob, job.pk):
            services.render_job_progress(job.pk, _("Đang lập văn bản từ dữ liệu"), 20)
            source = render_kind.load(job.object_id)
            if source is None:
                raise ApplicationError(_("Văn bản gốc không còn trong hệ thống."))
            docx = render_kind.build(source)
            services.render_job_progress(job.pk, _("Đang in ra PDF bằng LibreOffice"), 60)
            pdf = docx_to_pdf(docx[1])
    except ApplicationError as error:
        services.render_job_fail(job_id=job.pk, message=error.message)
        return RenderStatus.FAILED
    except Exception:
        services.render_job_fail(
            job_id=job.pk, message=_("Lỗi không mong đợi khi tạo PDF; hãy báo quản trị hệ thống.")
        )
        raise
    if not jobs.owns(RenderJob, job.pk, run):
        return "superseded"  # a recovery gave the job to another run, which will finish it
    job.refresh_from_db()
    services.render_job_finish(job=job, docx=docx, pdf=pdf)
    return RenderStatus.DONE
