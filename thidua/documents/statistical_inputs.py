"""Django forms of the statistical pages: choosing a form, a year and a unit; entering a unit's
TĐKT organisations and staff (0604.N, 0605.N)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from thidua.core.text import local_today
from thidua.documents.models import TdktWorkforce
from thidua.documents.statistical_forms import (
    FORMS,
    ORGANISATION_COLUMNS,
    STAFF_COLUMNS,
    WORKFORCE_FIELDS,
    Label,
    workforce_problems,
)
from thidua.org.models import OrgUnit

FIRST_YEAR = 2000
LAST_YEAR = 2100


def year_from(data: QueryDict | Mapping[str, Any], name: str = "nam") -> int:
    """The year asked for, or the current one when missing or out of range."""
    try:
        year = int(str(data.get(name, "")).strip())
    except ValueError:
        return local_today().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else local_today().year


def unit_choices(units: Iterable[OrgUnit]) -> list[tuple[int, str]]:
    """Units in tree order, indented by depth below the shallowest one."""
    units = list(units)
    top = min((unit.depth for unit in units), default=0)
    return [(unit.pk, f"{'— ' * (unit.depth - top)}{unit.name}") for unit in units]


class YearUnitForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm báo cáo"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    don_vi = forms.TypedChoiceField(label=_("Đơn vị báo cáo"), coerce=int)

    def __init__(self, units: Iterable[OrgUnit], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        field = self.fields["don_vi"]
        field.choices = unit_choices(self.units.values())  # type: ignore[attr-defined]
        # Not localised: the year goes back in the URL and in file names.
        self.fields["nam"].widget.attrs["class"] = "input-number"

    def unit(self) -> OrgUnit:
        return self.units[self.cleaned_data["don_vi"]]


class StatisticalChoiceForm(YearUnitForm):
    """Which form, for which year and unit; the unit list is the user's, for that year."""

    bieu = forms.ChoiceField(
        label=_("Biểu mẫu"),
        choices=[(code, f"{spec.symbol} – {spec.description}") for code, spec in FORMS.items()],
    )
    field_order = ["bieu", "nam", "don_vi"]


class WorkforceUnitForm(YearUnitForm):
    """The unit whose figures of the year to enter."""

    def __init__(self, units: Iterable[OrgUnit], *args: Any, **kwargs: Any) -> None:
        super().__init__(units, *args, **kwargs)
        self.fields["don_vi"].label = _("Đơn vị")


_LABELS: dict[str, Label] = {
    column.key: column.label for column in (*ORGANISATION_COLUMNS, *STAFF_COLUMNS)
}


class WorkforceForm(forms.Form):
    """A unit's organisations and civil servants doing TĐKT work in a year."""

    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))
    # The version of the figures the user opened (0: there were none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in WORKFORCE_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=_LABELS[name],
                min_value=0,
                max_value=100_000,
                initial=0,
                widget=forms.NumberInput({"class": "input-number"}),
            )
        self.order_fields([*WORKFORCE_FIELDS, "note", "version"])

    @classmethod
    def initial_from(cls, record: TdktWorkforce | None) -> dict[str, Any]:
        if record is None:
            return {**dict.fromkeys(WORKFORCE_FIELDS, 0), "version": 0}
        return {
            **{name: getattr(record, name) for name in WORKFORCE_FIELDS},
            "note": record.note,
            "version": record.version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(isinstance(data.get(name), int) for name in WORKFORCE_FIELDS):
            for problem in workforce_problems({name: data[name] for name in WORKFORCE_FIELDS}):
                self.add_error(None, problem)
        return data

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in WORKFORCE_FIELDS}

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields by heading, as on the forms: the organisations, then each staff split."""
        groups: list[tuple[str, list[forms.BoundField]]] = [
            (str(_("Tổ chức làm công tác thi đua, khen thưởng (biểu 0604.N)")), [])
        ]
        for column in ORGANISATION_COLUMNS:
            groups[0][1].append(self[column.key])
        heading = ""
        for column in STAFF_COLUMNS:
            if str(column.group) != heading:
                heading = str(column.group)
                groups.append((f"{_('Công chức (biểu 0605.N)')}: {heading}", []))
            groups[-1][1].append(self[column.key])
        return groups
