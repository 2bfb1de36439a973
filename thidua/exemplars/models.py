"""Exemplary models (điển hình tiên tiến, gương người tốt việc tốt, mô hình hay).

A unit, the Fatherland Front or the press brings a model forward (the proposing side writes it in
the system: a unit's leaders or data officers, or the emulation office on behalf of the Front or
a newspaper). It has a story, facts, photos, evidence and the consent of the person it is about.
The emulation office approves it, publishes it, and makes the press pack for the provincial
propaganda department and the information (culture) department.

Privacy is in the data model:

* the personal details (birth date, phone, ID number, address) are for the office only and are
  never published, never put in the press pack, never copied into the audit trail;
* `public_name` is the name the person agreed to (an alias or a shortened name is possible), and
  `consent_show_unit` whether the unit may be named; the public search reads only public fields
  (`public_search_key`), so an alias never leads to a real name;
* a model is published only while consent is given (a database constraint), and only for the
  very text the person agreed to (`consent_digest`); withdrawing consent unpublishes it;
* a photo is shown only when the person in it consented and the office approved it (a database
  constraint ties approval to consent). Uploaded photos are re-encoded without metadata (no GPS).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.exemplars.enums import (
    ConsentStatus,
    ExemplarCategory,
    ExemplarKind,
    ExemplarStatus,
    ProposalSource,
    Sector,
)

FIRST_YEAR = 1945


class Exemplar(models.Model):
    kind = models.CharField(_("loại"), max_length=12, choices=ExemplarKind.choices)
    category = models.CharField(_("nhóm"), max_length=12, choices=ExemplarCategory.choices)
    sector = models.CharField(_("lĩnh vực"), max_length=12, choices=Sector.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị, địa phương"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("họ và tên hoặc tên tập thể"), max_length=200)
    public_name = models.CharField(_("tên được công bố"), max_length=200)
    headline = models.CharField(_("tiêu đề"), max_length=300)
    story = models.TextField(_("câu chuyện"), blank=True)
    facts = models.JSONField(_("thông tin, số liệu nổi bật"), default=list, blank=True)
    source = models.CharField(_("nguồn đề xuất"), max_length=12, choices=ProposalSource.choices)
    source_name = models.CharField(_("tên cơ quan đề xuất"), max_length=300, blank=True)
    person = models.ForeignKey(
        "commendation.Person",
        verbose_name=_("cá nhân trong sổ khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Personal details: for the office only, never published.
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    address = models.CharField(_("địa chỉ liên hệ"), max_length=300, blank=True)
    # Consent of the person (or the collective's head) to publish.
    consent_status = models.CharField(
        _("sự đồng ý công bố"),
        max_length=10,
        choices=ConsentStatus.choices,
        default=ConsentStatus.NONE,
    )
    consent_on = models.DateField(_("ngày đồng ý"), null=True, blank=True)
    consent_show_unit = models.BooleanField(_("đồng ý nêu tên đơn vị"), default=True)
    consent_note = models.TextField(_("ghi chú về sự đồng ý"), blank=True)
    consent_digest = models.CharField(max_length=64, blank=True, editable=False)
    consent_file = models.FileField(
        _("phiếu đồng ý"), upload_to="exemplars/consent/%Y/", blank=True
    )
    consent_file_name = models.CharField(_("tên tệp phiếu đồng ý"), max_length=200, blank=True)
    consent_withdrawn_on = models.DateField(_("ngày rút lại sự đồng ý"), null=True, blank=True)
    # Workflow.
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ExemplarStatus.choices,
        default=ExemplarStatus.DRAFT,
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    unpublished_at = models.DateTimeField(_("gỡ công bố lúc"), null=True, blank=True)
    unpublish_reason = models.TextField(_("lý do gỡ công bố"), blank=True)
    award_records = models.ManyToManyField(
        "commendation.AwardRecord", verbose_name=_("khen thưởng"), blank=True, related_name="+"
    )
    decisions = models.ManyToManyField(
        "commendation.Decision", verbose_name=_("quyết định"), blank=True, related_name="+"
    )
    movements = models.ManyToManyField(
        "emulation.Movement", verbose_name=_("phong trào thi đua"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_key = models.CharField(max_length=600, blank=True, editable=False)
    public_search_key = models.CharField(max_length=600, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "public_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(consent_status="given"),
                name="exemplar_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(consent_status="given") | Q(consent_on__isnull=False),
                name="exemplar_consent_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="exemplar_return_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR), name="exemplar_year_plausible"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"], name="exemplar_status_year_idx"),
        ]

    def __str__(self) -> str:
        return self.public_name or self.name

    @property
    def is_published(self) -> bool:
        return self.status == ExemplarStatus.PUBLISHED

    @property
    def public_digest(self) -> str:
        """A fingerprint of what would be published: the consent covers this very text."""
        parts = [
            self.public_name,
            self.unit.name if self.consent_show_unit else "",
            self.headline,
            self.story,
            *self.facts,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def consent_covers_text(self) -> bool:
        return (
            self.consent_status == ConsentStatus.GIVEN and self.consent_digest == self.public_digest
        )


class ExemplarPhoto(models.Model):
    """A photo of the model; public only with the consent of the person in it and the office's
    approval. Stored re-encoded, without the camera's metadata."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("ảnh"), upload_to="exemplars/photos/%Y/")
    file_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=50)
    file_size = models.PositiveIntegerField(_("dung lượng"), default=0)
    width = models.PositiveIntegerField(_("chiều rộng"), default=0)
    height = models.PositiveIntegerField(_("chiều cao"), default=0)
    caption = models.CharField(_("chú thích"), max_length=300)
    credit = models.CharField(_("tác giả ảnh"), max_length=200, blank=True)
    consent = models.BooleanField(_("người trong ảnh đồng ý công bố"), default=False)
    approved = models.BooleanField(_("được duyệt công bố"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh điển hình")
        verbose_name_plural = _("ảnh điển hình")
        ordering = ["exemplar", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved=False) | Q(consent=True),
                name="exemplarphoto_approved_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.caption

    @property
    def is_public(self) -> bool:
        return self.consent and self.approved


class ExemplarEvidence(models.Model):
    """A supporting document (minh chứng): never published, never in the press pack."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to="exemplars/evidence/%Y/")
    file_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    file_size = models.PositiveIntegerField(_("dung lượng"), default=0)
    description = models.CharField(_("nội dung minh chứng"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng điển hình")
        verbose_name_plural = _("minh chứng điển hình")
        ordering = ["exemplar", "id"]

    def __str__(self) -> str:
        return self.description
