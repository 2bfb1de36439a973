from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "thidua.ingest"
    label = "ingest"
    verbose_name = _("Tiếp nhận văn bản phát động")

    def ready(self) -> None:
        from thidua.core import jobs

        jobs.register(
            jobs.JobKind(
                name="ingest",
                label=_("đọc văn bản"),
                model_path="ingest.IngestJob",
                recover_path="thidua.ingest.services.job_recover",
            )
        )
