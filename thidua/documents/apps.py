from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = _("Văn bản, báo cáo và biểu mẫu")

    def ready(self) -> None:
        from thidua.core.audit_actions import AUDIT_ACTION_LABELS

        AUDIT_ACTION_LABELS.update(
            {
                "tdkt_workforce.saved": _("Nhập số tổ chức, công chức làm công tác TĐKT"),
                "tdkt_workforce.deleted": _("Xóa số tổ chức, công chức làm công tác TĐKT"),
            }
        )
