"""Emulation movements (phong trào thi đua): launched by a document, by the province or a unit,
possibly cascaded from a movement above. Plans, registrations, clusters and blocks come later."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Theo đợt, chuyên đề")
    ANNIVERSARY = "anniversary", _("Chào mừng ngày lễ, kỷ niệm")


class Movement(models.Model):
    name = models.CharField(_("tên phong trào"), max_length=400)
    kind = models.CharField(_("loại"), max_length=20, choices=MovementKind.choices)
    launched_by = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị phát động"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The annual campaign whose directive names the movement, if any.
    campaign = models.ForeignKey(
        "targets.Campaign",
        verbose_name=_("phong trào thi đua năm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("phát động tiếp từ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    document_number = models.CharField(_("số văn bản phát động"), max_length=50, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="movement_unique_name_in_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.name
