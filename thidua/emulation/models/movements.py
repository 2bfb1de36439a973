"""Emulation movements (phong trào thi đua): launched by a document, by the province or a unit,
possibly cascaded from a movement above (the unit launches its own, `parent` set). The units in
its scope file their plan (kế hoạch) and their registration (đăng ký thi đua: the titles they aim
for and their commitments); the launching unit sets milestones (sơ kết, tổng kết) for which each
unit sends a report. A unit's drafts stay inside the unit until sent.

Plan and report: draft → submitted. Registration: draft → submitted → acknowledged (the
launching unit's office confirms it). Lateness is derived from the send time and the deadline.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.text import to_local


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
    scope = models.TextField(_("phạm vi, đối tượng"), blank=True)
    # The units that file a plan, a registration and reports; none listed: the launching unit's
    # direct subordinates on the first day of the movement.
    participants = models.ManyToManyField(
        "org.OrgUnit", verbose_name=_("đơn vị thực hiện"), blank=True, related_name="+"
    )
    registration_due_on = models.DateField(
        _("hạn gửi kế hoạch, đăng ký thi đua"), null=True, blank=True
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="movement_unique_name_in_campaign"
            ),
            models.UniqueConstraint(
                fields=["parent", "launched_by"],
                condition=Q(parent__isnull=False),
                name="movement_one_cascade_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="movement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        return self.starts_on.year


class FilingStatus(models.TextChoices):
    """A plan or a milestone report."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ xác nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã xác nhận")


def _late(submitted_at: datetime.datetime | None, due: datetime.date | None) -> bool:
    return submitted_at is not None and due is not None and to_local(submitted_at).date() > due


class Filing(models.Model):
    """What every filing of a unit has: its unit, version (optimistic locking) and send time."""

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AttachedFile(models.Model):
    """An optional attached document (PDF or DOCX), checked by `core.files.check_file`."""

    file = models.FileField(_("tệp"), upload_to="emulation/%Y/%m/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("dung lượng"), default=0)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True


class MovementPlan(Filing, AttachedFile):
    """A unit's plan (kế hoạch) to carry out a movement: a text, a file, or both."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="plans"
    )
    text = models.TextField(_("nội dung kế hoạch"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.DRAFT
    )

    class Meta:
        verbose_name = _("kế hoạch thực hiện phong trào")
        verbose_name_plural = _("kế hoạch thực hiện phong trào")
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="plan_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.movement}"

    @property
    def is_late(self) -> bool:
        return _late(self.submitted_at, self.movement.registration_due_on)


class Registration(Filing):
    """A unit's registration (đăng ký thi đua) for a movement of a year: the collective titles it
    aims for (award codes of the catalogue) and its commitments (one line each)."""

    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    titles = models.JSONField(_("danh hiệu đăng ký"), default=list, blank=True)
    commitments = models.JSONField(_("nội dung cam kết"), default=list, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
    )
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="registration_one_per_unit")
        ]
        indexes = [models.Index(fields=["year", "unit"], name="registration_year_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.movement}"

    @property
    def is_late(self) -> bool:
        return _late(self.submitted_at, self.movement.registration_due_on)

    @property
    def title_names(self) -> list[str]:
        from thidua.commendation.catalogue import award_definitions

        definitions = award_definitions()
        return [definitions[code].name if code in definitions else code for code in self.titles]


class MilestoneKind(models.TextChoices):
    INTERIM = "so_ket", _("Sơ kết")
    FINAL = "tong_ket", _("Tổng kết")


class Milestone(models.Model):
    """A review of the movement (sơ kết, tổng kết) for which every unit sends a report."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=MilestoneKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    due_on = models.DateField(_("hạn gửi báo cáo"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mốc sơ kết, tổng kết")
        verbose_name_plural = _("mốc sơ kết, tổng kết")
        ordering = ["movement", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement"],
                condition=Q(kind="tong_ket"),
                name="milestone_one_final_per_movement",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MilestoneReport(Filing, AttachedFile):
    """A unit's report for a milestone: a summary and the signed report as a file."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("mốc"), on_delete=models.CASCADE, related_name="reports"
    )
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.DRAFT
    )

    class Meta:
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        ordering = ["milestone", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "unit"], name="report_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.milestone}"

    @property
    def is_late(self) -> bool:
        return _late(self.submitted_at, self.milestone.due_on)
