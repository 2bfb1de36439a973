from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "thidua.reminders"
    label = "reminders"
    verbose_name = _("Nhắc việc, đôn đốc và vướng mắc")

    def ready(self) -> None:
        from thidua.core.audit_actions import AUDIT_ACTION_LABELS

        AUDIT_ACTION_LABELS.update(
            {
                "reminders.sent": _("Gửi nhắc việc quá hạn"),
                "notification.read": _("Đọc thông báo"),
                "notification.read_all": _("Đánh dấu đã đọc mọi thông báo"),
                "obstacle.raised": _("Nêu vướng mắc, kiến nghị"),
                "obstacle.dang_xu_ly": _("Tiếp nhận, xử lý vướng mắc"),
                "obstacle.da_tra_loi": _("Trả lời vướng mắc"),
                "obstacle.da_chuyen": _("Chuyển vướng mắc"),
                "obstacle.dong": _("Đóng vướng mắc"),
                "obstacle.attachment_added": _("Kèm tệp vào vướng mắc"),
            }
        )
