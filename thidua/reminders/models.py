"""Notifications (one per user and thing to say; unread until read) and obstacles (vướng mắc,
kiến nghị) a unit raises to the chairman's office and the emulation office, with their status
history and attached files.

Deadlines themselves are not stored: they are read from the reports, movements, clusters and
commendation rounds where they live (`deadlines.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.reminders.enums import NotificationKind, ObstacleArea, ObstacleStatus


class Notification(models.Model):
    """Something one user is told in the application (and, once, by e-mail).

    `item_key` names what it is about (a deadline, the day's digest, an obstacle's event); with
    `day` it makes the detection idempotent: the same overdue item never notifies the same user
    twice on the same day.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=12, choices=NotificationKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item_key = models.CharField(_("mã nội dung"), max_length=200, blank=True)
    day = models.DateField(_("ngày"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_key", "day"],
                condition=~Q(item_key=""),
                name="notification_once_a_day",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Obstacle(models.Model):
    """A difficulty or proposal (vướng mắc, kiến nghị) a unit raises; it reaches the recipient
    unit (the chairman's office, Văn phòng UBND tỉnh) and the emulation office."""

    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị nêu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("nơi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    description = models.TextField(_("nội dung"))
    area = models.CharField(
        _("lĩnh vực"), max_length=20, choices=ObstacleArea.choices, blank=True, default=""
    )
    movement = models.ForeignKey(
        "emulation.Movement",
        verbose_name=_("phong trào liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target = models.ForeignKey(
        "targets.Target",
        verbose_name=_("chỉ tiêu liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ObstacleStatus.choices,
        default=ObstacleStatus.NEW,
    )
    reply = models.TextField(_("trả lời"), blank=True)
    replied_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_to = models.CharField(_("đã chuyển đến"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nêu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nêu lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vướng mắc, kiến nghị")
        verbose_name_plural = _("vướng mắc, kiến nghị")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="obstacle_status_idx")]

    def __str__(self) -> str:
        return self.title


class ObstacleEvent(models.Model):
    """One step of an obstacle's history: raised, taken up, answered, forwarded, closed."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("từ trạng thái"), max_length=12, choices=ObstacleStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("sang trạng thái"), max_length=12, choices=ObstacleStatus.choices
    )
    note = models.TextField(_("ghi chú"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử xử lý vướng mắc")
        verbose_name_plural = _("lịch sử xử lý vướng mắc")
        ordering = ["obstacle_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.obstacle_id}: {self.from_status or '-'} → {self.to_status}"


class ObstacleAttachment(models.Model):
    """A file attached to an obstacle (PDF, DOCX, XLSX or an image)."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="reminders/obstacles/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=200)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp kèm theo vướng mắc")
        verbose_name_plural = _("tệp kèm theo vướng mắc")
        ordering = ["obstacle_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
