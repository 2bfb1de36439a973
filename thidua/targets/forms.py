"""Forms for reports and dashboard filters; they only clean input."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import VietnameseDateField
from thidua.core.text import format_number, parse_number


class VietnameseNumberField(forms.CharField):
    """A figure typed the Vietnamese way: 4.600,5."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        """Show stored figures the Vietnamese way (63,7), as people type them."""
        if isinstance(value, Decimal | int):
            return format_number(value)
        return value


class AsOfForm(forms.Form):
    ngay = VietnameseDateField(label=_("Đánh giá tại ngày"), required=False)


class ReportForm(forms.Form):
    value = VietnameseNumberField(
        label=_("Giá trị"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input-number"}),
    )
    explanation = forms.CharField(
        label=_("Giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), min_length=5
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CorrectionForm(ReportForm):
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}), min_length=5
    )


class ExcelUploadForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị báo cáo"), coerce=int)
    file = forms.FileField(
        label=_("Tệp mẫu đã điền (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    submit = forms.BooleanField(
        label=_("Gửi luôn các dòng đã điền để duyệt"),
        required=False,
    )

    def __init__(self, units: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]  # type: ignore[attr-defined]
