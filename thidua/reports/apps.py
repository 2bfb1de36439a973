from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = _("Báo cáo sơ kết, tổng kết và bản PDF")

    def ready(self) -> None:
        from thidua.reports import report_rules  # noqa: F401 - registers the permissions
