from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "thidua.reminders"
    label = "reminders"
    verbose_name = _("Nhắc việc, đôn đốc và vướng mắc")
