"""Emulation clusters (cụm, by area) and blocks (khối, by function): a yearly edition with its
members, leader and deputy (rotation is data, RULES.md §4), the covenant each member signs, the
scoring table (groups → criteria with a formula), each member's assessment (self → cross →
review by the emulation office; returned with a reason, it restarts), and the published
standings with the proposals for the Cờ thi đua and Bằng khen.

Members point at `OrgUnit` versions: a unit that merged later keeps its past membership.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.org.models import OrgUnit


class ClusterKind(models.TextChoices):
    CLUSTER = "cum", _("Cụm thi đua (theo địa bàn)")
    BLOCK = "khoi", _("Khối thi đua (theo chức năng, nhiệm vụ)")


class Cluster(models.Model):
    name = models.CharField(_("tên cụm, khối"), max_length=300)
    kind = models.CharField(_("loại"), max_length=10, choices=ClusterKind.choices)
    organised_by = models.ForeignKey(
        OrgUnit, verbose_name=_("do ... tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class CrossMode(models.TextChoices):
    LEADER = "truong_cum", _("Trưởng cụm, khối chấm")
    PEERS = "cheo", _("Các thành viên chấm chéo (theo vòng)")


class EditionStatus(models.TextChoices):
    OPEN = "mo", _("Đang chấm điểm")
    PUBLISHED = "cong_bo", _("Đã công bố kết quả")


class ClusterYear(models.Model):
    """One year of a cluster: who leads, who signs, how it scores."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    leader = models.ForeignKey(
        OrgUnit, verbose_name=_("trưởng cụm, khối"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        OrgUnit,
        verbose_name=_("phó cụm, khối"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    covenant_signed_on = models.DateField(_("ngày ký giao ước"), null=True, blank=True)
    covenant_place = models.CharField(_("hội nghị ký giao ước"), max_length=300, blank=True)
    cross_mode = models.CharField(
        _("cách chấm chéo"), max_length=12, choices=CrossMode.choices, default=CrossMode.LEADER
    )
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân của tổng điểm"), default=2)
    tie_break = models.JSONField(_("thứ tự tiêu chí xét khi bằng điểm"), default=list, blank=True)
    bonus_cap = models.DecimalField(
        _("tối đa điểm cộng"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    penalty_cap = models.DecimalField(
        _("tối đa điểm trừ"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Member facts a criterion may require ({"ke_hoach": "Có kế hoạch tuyên truyền"}).
    facts = models.JSONField(_("điều kiện tiên quyết"), default=dict, blank=True)
    flags = models.PositiveSmallIntegerField(_("số Cờ thi đua đề nghị"), default=1)
    certificates = models.PositiveSmallIntegerField(_("số Bằng khen đề nghị"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.OPEN
    )
    votes = models.JSONField(_("kết quả bỏ phiếu khi bằng điểm"), default=dict, blank=True)
    standings = models.JSONField(_("kết quả xếp hạng"), default=dict, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cụm, khối thi đua theo năm")
        verbose_name_plural = _("cụm, khối thi đua theo năm")
        ordering = ["-year", "cluster__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} – {self.year}"


class ClusterMember(models.Model):
    """A member unit of a cluster's year, with its signature of the covenant."""

    edition = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cụm, khối năm"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị thành viên"), on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField(_("ngày ký giao ước"), null=True, blank=True)
    signer = models.CharField(_("người ký giao ước"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên cụm, khối")
        verbose_name_plural = _("thành viên cụm, khối")
        ordering = ["edition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "unit"], name="cluster_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.unit_id}"


class ScoringGroup(models.Model):
    edition = models.ForeignKey(
        ClusterYear,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("cụm, khối năm"),
    )
    code = models.CharField(_("mục"), max_length=10)
    name = models.CharField(_("nội dung"), max_length=300)
    # base points, điểm cộng or điểm trừ (thidua.emulation.scoring.Part), and an optional cap
    part = models.CharField(_("loại điểm"), max_length=10, default="base")
    cap = models.DecimalField(_("tối đa cả nhóm"), max_digits=7, decimal_places=2, null=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["edition", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class ScoringCriterion(models.Model):
    """A criterion with its maximum and formula; `params` holds what the formula needs (bands,
    caps, a precondition), `measure` binds it to a target measure whose result scores it."""

    group = models.ForeignKey(
        ScoringGroup, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("nhóm")
    )
    code = models.CharField(_("mã tiêu chí"), max_length=10)
    name = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm chuẩn"), max_digits=7, decimal_places=2)
    formula = models.CharField(_("cách tính"), max_length=20)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("cần minh chứng"), default=False)
    measure = models.ForeignKey(
        "targets.Measure",
        verbose_name=_("gắn với chỉ tiêu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SELF_SUBMITTED = "self", _("Đã gửi tự chấm, chờ chấm chéo")
    CROSS_SUBMITTED = "cross", _("Đã chấm chéo, chờ thẩm định")
    REVIEWED = "reviewed", _("Cơ quan thường trực đã thẩm định")
    RETURNED = "returned", _("Bị trả lại, chấm lại")
    PUBLISHED = "published", _("Đã công bố")


class Assessment(models.Model):
    """A member's scoring sheet for the year: its own entries, then the cross assessor's."""

    member = models.OneToOneField(
        ClusterMember, on_delete=models.CASCADE, related_name="assessment"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    self_entries = models.JSONField(_("tự chấm"), default=dict, blank=True)
    self_facts = models.JSONField(_("điều kiện đã có (tự khai)"), default=list, blank=True)
    cross_entries = models.JSONField(_("chấm chéo"), default=dict, blank=True)
    cross_by = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chấm chéo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    self_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    final_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    crossed_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bảng chấm điểm")
        verbose_name_plural = _("bảng chấm điểm")

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class Evidence(models.Model):
    """A file a member attaches to a criterion of its assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion_code = models.CharField(_("tiêu chí"), max_length=10)
    name = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="emulation/evidence/%Y/")
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng chấm điểm")
        verbose_name_plural = _("minh chứng chấm điểm")
        ordering = ["criterion_code", "id"]

    def __str__(self) -> str:
        return self.name
