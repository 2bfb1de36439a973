from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = _("Báo cáo sơ kết, tổng kết và bản PDF")

    def ready(self) -> None:
        from thidua.core import jobs
        from thidua.reports import report_rules  # noqa: F401 - registers the permissions

        jobs.register(
            jobs.JobKind(
                name="render",
                label=_("tạo bản PDF"),
                model_path="reports.RenderJob",
                recover_path="thidua.reports.services.render_job_recover",
            )
        )
