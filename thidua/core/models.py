"""The audit trail (one row for every write made through a service) and the holiday calendar."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which object, when, with the values before and after."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the record survives the account being removed.
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=80)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    # The org unit the object belongs to: unit-level roles see only their subtree's entries.
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_path = models.CharField(_("đường dẫn đơn vị"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Who and what, without diacritics or case, for the search box.
    search_text = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name or '-'} {self.action} {self.object_repr}"


class Holiday(models.Model):
    """A public holiday (ngày nghỉ lễ, Tết, or a swapped day off) not counted as a working day."""

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("lịch ngày nghỉ lễ")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.name}"
