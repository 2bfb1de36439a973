"""Org units that keep their history.

Each `OrgUnit` row is one version of a unit: its name, kind and parent hold for the half-open
interval [valid_from, valid_to). A change (rename, move, merge, split, dissolve) closes rows and
opens new ones, linked by a `LineageEvent`; rows are never rewritten, so records attached to a
unit in 2024 keep pointing at the unit as it was in 2024.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.enums import LineageKind, UnitKind


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def valid_on(self, day: datetime.date) -> "OrgUnitQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def subtree_of(self, unit: "OrgUnit") -> "OrgUnitQuerySet":
        return self.filter(path__startswith=unit.path)


class OrgUnit(models.Model):
    """One version of an administrative unit, agency or internal department."""

    code = models.CharField(_("mã hành chính"), max_length=20, blank=True, db_index=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids, "/12/345/": a subtree is one prefix query.
    path = models.CharField(_("đường dẫn"), max_length=255, blank=True, db_index=True)
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hết hiệu lực từ ngày"), null=True, blank=True)
    search_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="orgunit_valid_interval",
            ),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="orgunit_validity_idx")]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)

    @property
    def last_valid_day(self) -> datetime.date | None:
        """The last day the unit existed (valid_to is exclusive)."""
        return self.valid_to - datetime.timedelta(days=1) if self.valid_to else None

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]


class LineageEvent(models.Model):
    """A dated change of the unit tree: merge, split, rename, move, dissolve or establishment."""

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=LineageKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"), db_index=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện thay đổi đơn vị")
        verbose_name_plural = _("sự kiện thay đổi đơn vị")
        ordering = ["effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class LineageLink(models.Model):
    """predecessor → successor within one event.

    `carried` marks a child that followed its parent to the parent's successor.
    """

    event = models.ForeignKey(LineageEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="predecessor_links"
    )
    carried = models.BooleanField(_("chuyển theo đơn vị cấp trên"), default=False)

    class Meta:
        verbose_name = _("liên kết kế thừa")
        verbose_name_plural = _("liên kết kế thừa")
        constraints = [
            models.CheckConstraint(
                condition=Q(predecessor__isnull=False) | Q(successor__isnull=False),
                name="lineagelink_has_a_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
