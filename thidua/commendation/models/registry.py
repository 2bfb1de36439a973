"""The commendation registry: people, households, and the history of every subject.

A subject of commendation is exactly one of a person (cá nhân), an org unit (tập thể) or a
household (hộ gia đình). Records about a subject (ratings, awards, holds) carry three nullable
foreign keys and a check constraint that exactly one is set: simple to query, and the database
refuses a record that belongs to nobody or to two subjects. Discipline and initiatives belong
to people only.

Collectives point at an `OrgUnit` *version*: a 2023 award stays with the unit as it was in
2023, and the selectors follow lineage to show it in its successor's history.
"""

from typing import TypeAlias

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.commendation.catalogue import SubjectKind, award_definitions
from thidua.commendation.enums import (
    AWARD_TYPE_CHOICES,
    DISCIPLINE_LEVEL_CHOICES,
    HOLD_KIND_CHOICES,
    INITIATIVE_SCOPE_CHOICES,
    RATING_CHOICES,
    Gender,
    PersonCategory,
)
from thidua.org.models import OrgUnit


class Person(models.Model):
    """An individual who may be commended, attached to the unit where they work."""

    full_name = models.CharField(_("họ và tên"), max_length=200)
    gender = models.CharField(_("giới tính"), max_length=3, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(
        _("đối tượng thống kê"), max_length=20, choices=PersonCategory.choices
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["search_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="person_birth_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["unit", "category"], name="person_unit_category_idx")]

    def __str__(self) -> str:
        return self.full_name


class Household(models.Model):
    """A household (hộ gia đình) of a commune, named by its head."""

    head_name = models.CharField(_("chủ hộ"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["search_key", "id"]

    def __str__(self) -> str:
        return gettext("Hộ %(name)s") % {"name": self.head_name}


Subject: TypeAlias = Person | OrgUnit | Household
SUBJECT_FIELDS = ("person", "collective", "household")


def subject_kind(subject: Subject) -> SubjectKind:
    if isinstance(subject, Person):
        return SubjectKind.INDIVIDUAL
    if isinstance(subject, Household):
        return SubjectKind.HOUSEHOLD
    return SubjectKind.COLLECTIVE


def subject_field(subject: Subject) -> str:
    """The name of the foreign key that points at `subject` on a record."""
    return {
        SubjectKind.INDIVIDUAL: "person",
        SubjectKind.COLLECTIVE: "collective",
        SubjectKind.HOUSEHOLD: "household",
    }[subject_kind(subject)]


def subject_unit(subject: Subject) -> OrgUnit:
    """The unit whose roles see the subject: the collective itself, or where one works."""
    return subject if isinstance(subject, OrgUnit) else subject.unit


def _exactly_one_subject() -> Q:
    person, collective, household = (Q(**{f"{name}__isnull": False}) for name in SUBJECT_FIELDS)
    return (
        (person & ~collective & ~household)
        | (~person & collective & ~household)
        | (~person & ~collective & household)
    )


class SubjectRecord(models.Model):
    """A record about exactly one subject: a person, a collective or a household."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective = models.ForeignKey(
        OrgUnit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_subject(), name="%(app_label)s_%(class)s_one_subject"
            ),
        ]

    @property
    def subject(self) -> Subject:
        subject = self.person or self.collective or self.household
        assert subject is not None  # the check constraint guarantees it  # noqa: S101
        return subject


class PerformanceRating(SubjectRecord):
    """The yearly rating (mức xếp loại) of a subject: one per subject and year."""

    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=10, choices=RATING_CHOICES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["year", "id"]
        constraints = [
            *SubjectRecord.Meta.constraints,
            *(
                models.UniqueConstraint(
                    fields=[name, "year"],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"rating_unique_{name}_year",
                )
                for name in SUBJECT_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.year}: {self.rating}"


class AwardRecord(SubjectRecord):
    """An award received (title or form), as written on its decision.

    Revocation (Law Art. 93) keeps the row: `revoked_at` and the reason mark it, and it no
    longer counts for eligibility or statistics.
    """

    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    award = models.CharField(_("danh hiệu, hình thức"), max_length=40)
    award_type = models.CharField(_("loại hình"), max_length=20, choices=AWARD_TYPE_CHOICES)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan, người ký quyết định"), max_length=200)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    # The person's statistical category when awarded (RULES.md §3.4): the direct-worker share
    # of a year stays what it was even if the person is later promoted.
    category = models.CharField(
        _("đối tượng thống kê"), max_length=20, choices=PersonCategory.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")
        ordering = ["year", "decision_date", "id"]
        constraints = [
            *SubjectRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="awardrecord_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["award", "year"], name="awardrecord_award_year_idx"),
            models.Index(fields=["year", "revoked_at"], name="awardrecord_year_revoked_idx"),
            # A person's awards in the engine's order (selectors.subjects_for_people): read
            # in index order, no sort.
            models.Index(fields=["person", "year", "id"], name="awardrecord_person_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year} – {self.subject}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def award_name(self) -> str:
        """The catalogue's name of the award (its code, if a province has since dropped it)."""
        definition = award_definitions().get(self.award)
        return definition.name if definition is not None else self.award


class DisciplineRecord(models.Model):
    """A disciplinary measure against a person, in force from `starts_on` to `ends_on`."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("hình thức kỷ luật"), max_length=20, choices=DISCIPLINE_LEVEL_CHOICES
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="disciplinerecord_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_level_display()} ({self.starts_on:%d/%m/%Y})"


class Hold(SubjectRecord):
    """A pending matter (investigation, complaint, inspection…) that holds commendation."""

    kind = models.CharField(_("loại"), max_length=20, choices=HOLD_KIND_CHOICES)
    since = models.DateField(_("từ ngày"))
    until = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tạm hoãn xét khen thưởng")
        verbose_name_plural = _("tạm hoãn xét khen thưởng")
        ordering = ["since", "id"]
        constraints = [
            *SubjectRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="hold_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.get_kind_display()} ({self.since:%d/%m/%Y})"


class InitiativeRecord(models.Model):
    """An initiative (sáng kiến, đề tài) of a person, recognised with a scope.

    It serves one award only (CV 5007/BNV-TĐKT): `used_for_award` is set once, by
    `initiative_mark_used`.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    scope = models.CharField(
        _("phạm vi ảnh hưởng"), max_length=20, choices=INITIATIVE_SCOPE_CHOICES
    )
    recognised_by = models.CharField(_("cơ quan công nhận"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    used_for_award = models.ForeignKey(
        AwardRecord,
        verbose_name=_("đã dùng cho khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sáng kiến, đề tài")
        verbose_name_plural = _("sáng kiến, đề tài")
        ordering = ["year", "id"]
        # With the id: a person's initiatives in the engine's order, read without a sort.
        indexes = [
            models.Index(fields=["person", "year", "id"], name="initiative_person_year_id_idx")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class DecisionRegister(models.Model):
    """The numbering register (sổ đăng ký) of one issuer's decisions of one symbol in one year:
    numbers are taken one by one, never twice, whatever the number of concurrent requests."""

    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    symbol = models.CharField(_("ký hiệu"), max_length=30)
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số quyết định")
        verbose_name_plural = _("sổ đăng ký số quyết định")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "symbol"], name="decision_register_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.year} – {self.last_number}"
