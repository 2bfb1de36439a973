from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "thidua.targets"
    label = "targets"
    verbose_name = _("Chỉ tiêu thi đua")
