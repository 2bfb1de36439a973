"""What the statistical forms need and the system does not otherwise record: the organisations
and civil servants doing emulation and commendation work (0604.N, 0605.N), entered by the
emulation office per unit and year."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.db.models.lookups import Exact, LessThanOrEqual
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.documents.statistical_forms import (
    WORKFORCE_BREAKDOWNS,
    WORKFORCE_STAFF_TOTAL,
    Label,
)
from thidua.org.models import OrgUnit


def _count(label: Label) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


def _sum(names: tuple[str, ...]) -> F | CombinedExpression:
    total: F | CombinedExpression = F(names[0])
    for name in names[1:]:
        total = total + F(name)
    return total


class TdktWorkforce(models.Model):
    """A unit's own TĐKT organisations and staff in a year (its subunits enter theirs)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # 0604.N
    councils = _count(_("Hội đồng Thi đua - Khen thưởng"))
    dedicated_bodies = _count(_("cơ quan, bộ phận chuyên trách"))
    part_time_bodies = _count(_("bộ phận kiêm nhiệm"))
    # 0605.N
    full_time_staff = _count(_("công chức chuyên trách"))
    part_time_staff = _count(_("công chức kiêm nhiệm"))
    women = _count(_("trong đó nữ"))
    age_under_30 = _count(_("dưới 30 tuổi"))
    age_30_39 = _count(_("từ 30 đến dưới 40 tuổi"))
    age_40_49 = _count(_("từ 40 đến dưới 50 tuổi"))
    age_50_plus = _count(_("từ 50 tuổi trở lên"))
    postgraduate = _count(_("sau đại học"))
    university = _count(_("đại học"))
    college = _count(_("cao đẳng, trung cấp"))
    other_training = _count(_("trình độ khác"))
    seniority_under_5 = _count(_("thâm niên dưới 5 năm"))
    seniority_5_9 = _count(_("thâm niên từ 5 đến dưới 10 năm"))
    seniority_10_plus = _count(_("thâm niên từ 10 năm trở lên"))
    note = models.TextField(_("ghi chú"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking: several people of the office may edit the same figures.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tổ chức, công chức làm công tác thi đua, khen thưởng")
        verbose_name_plural = _("tổ chức, công chức làm công tác thi đua, khen thưởng")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="tdkt_workforce_unit_year"),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("women"), _sum(WORKFORCE_STAFF_TOTAL)),
                name="tdkt_workforce_women_within_staff",
                violation_error_message=_(
                    "Số công chức nữ không được lớn hơn tổng số công chức chuyên trách và "
                    "kiêm nhiệm."
                ),
            ),
            *(
                models.CheckConstraint(
                    condition=Exact(_sum(names), _sum(WORKFORCE_STAFF_TOTAL)),
                    name=f"tdkt_workforce_{names[0]}_split_adds_up",
                    violation_error_message=format_lazy(
                        "{} {} {}",
                        _("Số công chức chia theo"),
                        label,
                        _("phải bằng tổng số công chức chuyên trách và kiêm nhiệm."),
                    ),
                )
                for label, names in WORKFORCE_BREAKDOWNS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"

    @property
    def staff(self) -> int:
        return sum(getattr(self, name) for name in WORKFORCE_STAFF_TOTAL)
