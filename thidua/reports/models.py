"""Periodic reports (báo cáo sơ kết 6 tháng, tổng kết năm) and PDF renderings of generated
documents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.org.models import OrgUnit


class ReportKind(models.TextChoices):
    SO_KET = "so_ket", _("Sơ kết 6 tháng")
    TONG_KET = "tong_ket", _("Tổng kết năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


# The sections people write; the figures between them come from the data.
WRITTEN_SECTIONS = (
    "overview",
    "shortcomings",
    "causes",
    "lessons",
    "next_tasks",
    "proposals",
)


class PeriodicReport(models.Model):
    """A unit's report on the emulation and commendation work of a half year or a year."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    overview = models.TextField(_("đánh giá chung"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    next_tasks = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        ordering = ["-year", "kind", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year"], name="one_periodic_report_per_unit_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} – {self.unit.name}"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class RenderJob(models.Model):
    """One generated document rendered to PDF in the background (LibreOffice, headless)."""

    kind = models.CharField(_("loại văn bản"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("văn bản"), max_length=300)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    step = models.CharField(_("bước"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    # Surviving a worker restart (thidua.core.jobs): runs started, the last sign of life of the
    # run, and the django-tasks result of the run queued or running.
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    docx = models.FileField(upload_to="renderings/%Y/%m/", blank=True)
    pdf = models.FileField(upload_to="renderings/%Y/%m/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản PDF")
        verbose_name_plural = _("bản PDF")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
