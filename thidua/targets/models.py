"""Campaigns, their targets and measures, who reports them, and the reports themselves."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.targets.enums import (
    AccumulationChoice,
    ComparatorChoice,
    DirectionChoice,
    FrequencyChoice,
    PeriodScope,
    ReportStatus,
    RevisionAction,
    Rollup,
)


def value_field(label: Any, **options: Any) -> models.DecimalField:
    """Every figure: up to 16 digits before the decimal point, 4 after."""
    return models.DecimalField(label, max_digits=20, decimal_places=4, **options)


class Campaign(models.Model):
    """One annual emulation movement of a province, launched by a directive."""

    province = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên phong trào"), max_length=300)
    theme = models.TextField(_("chủ đề"), blank=True)
    directive_number = models.CharField(_("số văn bản phát động"), max_length=50)
    directive_date = models.DateField(_("ngày văn bản"))
    # As printed on the directive: the issuer keeps its 2024 name after the 2025 merger.
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua năm")
        verbose_name_plural = _("phong trào thi đua năm")
        ordering = ["-year", "province__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "directive_number"], name="campaign_unique_directive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.directive_number})"


class Target(models.Model):
    """A numbered key target of the directive (chỉ tiêu), with one or more measures."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung chỉ tiêu"))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["campaign_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="target_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Measure(models.Model):
    """One measurable part of a target: indicator, comparator and value(s)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("mã"), max_length=10)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    indicator = models.CharField(_("chỉ số"), max_length=300)
    comparator = models.CharField(_("so sánh"), max_length=20, choices=ComparatorChoice.choices)
    value = value_field(_("giá trị"))
    value_max = value_field(_("giá trị trên"), null=True, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    period_scope = models.CharField(
        _("kỳ"), max_length=10, choices=PeriodScope.choices, default=PeriodScope.YEAR
    )
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    baseline_value = value_field(_("giá trị gốc"), null=True, blank=True)
    direction = models.CharField(
        _("chiều tốt"), max_length=10, choices=DirectionChoice.choices, default="higher"
    )
    accumulation = models.CharField(
        _("cách báo cáo số liệu"), max_length=10, choices=AccumulationChoice.choices
    )
    rollup = models.CharField(
        _("cách tổng hợp"), max_length=20, choices=Rollup.choices, default=Rollup.LEAD_ONLY
    )
    frequency = models.CharField(
        _("tần suất báo cáo"), max_length=20, choices=FrequencyChoice.choices
    )
    deadline_days = models.PositiveSmallIntegerField(_("hạn báo cáo (số ngày sau kỳ)"), default=10)
    lead_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("chỉ số đo")
        verbose_name_plural = _("chỉ số đo")
        ordering = ["target__number", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["target", "code"], name="measure_unique_code"),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=models.F("value")),
                name="measure_value_max_not_below_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.indicator}"


class Assignment(models.Model):
    """A unit that reports on a measure: the lead unit (chủ trì) or a contributor (phối hợp)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("chủ trì"), default=False)
    sub_target = value_field(_("chỉ tiêu giao"), null=True, blank=True)
    weight = value_field(_("trọng số (dân số)"), null=True, blank=True)

    class Meta:
        verbose_name = _("giao chỉ tiêu")
        verbose_name_plural = _("giao chỉ tiêu")
        ordering = ["measure_id", "-is_lead", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "unit"], name="assignment_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} – {self.unit}"


class Report(models.Model):
    """A unit's value for a measure and a period, with its review state.

    The current revision lives on the row; every change is also kept in `ReportRevision`.
    `version` guards against two people saving over each other.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    period_key = models.CharField(_("kỳ báo cáo"), max_length=10)
    period_end = models.DateField(_("ngày cuối kỳ"))
    due_date = models.DateField(_("hạn báo cáo"))
    value = value_field(_("giá trị"), null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("lần sửa"), default=1)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo chỉ tiêu")
        verbose_name_plural = _("báo cáo chỉ tiêu")
        ordering = ["measure_id", "period_end", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "unit", "period_key"], name="report_unique_period"
            )
        ]
        indexes = [
            models.Index(fields=["measure", "status", "period_end"], name="report_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} – {self.unit} – {self.period_key}"


class ReportRevision(models.Model):
    """One step in a report's history: a saved value, a submission, an approval, a return."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("lần sửa"))
    action = models.CharField(_("thao tác"), max_length=20, choices=RevisionAction.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=ReportStatus.choices)
    value = value_field(_("giá trị"), null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
        ordering = ["report_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report} #{self.revision} {self.action}"


class Evidence(models.Model):
    """A file attached to a report as evidence (minh chứng)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="targets/evidence/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report_id", "uploaded_at"]

    def __str__(self) -> str:
        return self.name
