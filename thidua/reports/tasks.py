"""The background job that renders a generated document to PDF (django-tasks; a database
queue)."""

from django_tasks import task

from thidua.reports import services


@task()
def render_pdf_task(job_id: int) -> str:
    return services.render_job_run(job_id)
