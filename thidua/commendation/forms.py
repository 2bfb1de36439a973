"""Forms of the commendation pages; they only clean input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.commendation.catalogue import SubjectKind, award_definitions
from thidua.core.forms import VietnameseDateField


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Họ và tên, tên tập thể"), required=False, max_length=100)


class EligibilityForm(forms.Form):
    award = forms.ChoiceField(label=_("Danh hiệu, hình thức"))
    as_of = VietnameseDateField(label=_("Xét tại ngày"))

    def __init__(self, *args: Any, kind: SubjectKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [  # type: ignore[attr-defined]
            (award.code, award.name)
            for award in award_definitions().values()
            if kind in award.subject_kinds
        ]


class UnitUploadForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    file = forms.FileField(
        label=_("Tệp mẫu đã điền (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, units: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]  # type: ignore[attr-defined]
