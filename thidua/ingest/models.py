"""An uploaded directive (kept once per content hash) and the job that reads it into a draft
campaign: text (OCR'd or restored when needed), extraction, a person's corrections, confirmation.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceDocument(models.Model):
    """The file as uploaded. Its SHA-256 makes a second upload of the same bytes a no-op."""

    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    file = models.FileField(_("tệp"), upload_to="ingest/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Where the uploader works: jobs and drafts of this document are visible in its subtree.
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản tải lên")
        verbose_name_plural = _("văn bản tải lên")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    READY = "ready", _("Chờ rà soát")
    FAILED = "failed", _("Không đọc được")
    CONFIRMED = "confirmed", _("Đã xác nhận")


class IngestJob(models.Model):
    """Reading one document: progress while it runs, then the draft a person reviews."""

    document = models.OneToOneField(SourceDocument, on_delete=models.CASCADE, related_name="job")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    step = models.CharField(_("bước"), max_length=120, blank=True)
    page = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    error = models.TextField(_("lỗi"), blank=True)
    kind = models.CharField(_("loại tệp"), max_length=20, blank=True)
    ocr = models.BooleanField(_("đã nhận dạng chữ"), default=False)
    restored = models.BooleanField(_("đã khôi phục dấu"), default=False)
    # The text as read, then as restored; `text` is what the person has corrected.
    source_text = models.TextField(blank=True)
    text = models.TextField(blank=True)
    # [{"start", "end", "original", "text", "confidence"}] of the restored tokens worth a look.
    doubtful = models.JSONField(default=list, blank=True)
    pages = models.JSONField(default=list, blank=True)  # [{"number", "has_image"}]
    # The extraction (the `thidua ingest --json` structure), as edited by the reviewer.
    draft = models.JSONField(default=dict, blank=True)
    campaign = models.OneToOneField(
        "targets.Campaign",
        verbose_name=_("phong trào đã tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_job",
    )
    version = models.PositiveIntegerField(default=1)
    # Surviving a worker restart (thidua.core.jobs): runs started, the last sign of life of the
    # run, and the django-tasks result of the run queued or running.
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lượt đọc văn bản")
        verbose_name_plural = _("lượt đọc văn bản")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.document.name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status in (JobStatus.READY, JobStatus.CONFIRMED):
            return 100
        if not self.page_count:
            return 5 if self.status == JobStatus.RUNNING else 0
        return min(95, 5 + 90 * self.page // self.page_count)


class PageImage(models.Model):
    """A preview of a scanned or PDF page, shown beside the text on the review page."""

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="page_images")
    number = models.PositiveIntegerField()
    image = models.FileField(upload_to="ingest/pages/%Y/%m/")

    class Meta:
        ordering = ["job_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="page_image_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.number}"
