from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "thidua.exemplars"
    label = "exemplars"
    verbose_name = _("Điển hình tiên tiến")

    def ready(self) -> None:
        from thidua.core.audit_actions import AUDIT_ACTION_LABELS
        from thidua.exemplars.audit_actions import EXEMPLAR_ACTION_LABELS

        AUDIT_ACTION_LABELS.update(EXEMPLAR_ACTION_LABELS)
