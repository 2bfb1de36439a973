"""Forms of the ingestion pages; they only clean input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import VietnameseDateField
from thidua.emulation.models import MovementKind
from thidua.targets.enums import (
    AccumulationChoice,
    ComparatorChoice,
    DirectionChoice,
    FrequencyChoice,
)
from thidua.targets.forms import VietnameseNumberField


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class UploadForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị tải lên"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    file = forms.FileField(
        label=_("Văn bản (.txt, .md, .docx, .pdf, ảnh quét .png/.jpg/.tif)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.md,.docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff"}
        ),
    )

    def __init__(self, units: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class TextForm(forms.Form):
    text = forms.CharField(label=_("Nội dung văn bản"), widget=forms.Textarea(attrs={"rows": 24}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CampaignDraftForm(forms.Form):
    province = UnitChoiceField(label=_("Tỉnh"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    year = forms.IntegerField(label=_("Năm thi đua"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Tên phong trào"), max_length=300)
    directive_number = forms.CharField(label=_("Số văn bản"), max_length=50)
    directive_date = VietnameseDateField(label=_("Ngày văn bản"))
    issuer = forms.CharField(label=_("Cơ quan, người ban hành"), max_length=200)
    theme = forms.CharField(
        label=_("Chủ đề"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, provinces: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class MeasureDraftForm(forms.Form):
    include = forms.BooleanField(label=_("Tạo"), required=False, initial=True)
    target_no = forms.IntegerField(label=_("Chỉ tiêu số"), min_value=1, max_value=999)
    target_text = forms.CharField(label=_("Nội dung chỉ tiêu"), widget=forms.HiddenInput)
    code = forms.CharField(label=_("Mã"), max_length=10)
    indicator = forms.CharField(label=_("Chỉ số"), max_length=300)
    comparator = forms.ChoiceField(label=_("So sánh"), choices=ComparatorChoice.choices)
    value = VietnameseNumberField(label=_("Giá trị"))
    value_max = VietnameseNumberField(label=_("Giá trị trên"), required=False)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    baseline_year = forms.IntegerField(
        label=_("Năm gốc"), required=False, min_value=2000, max_value=2100
    )
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=None)  # type: ignore[arg-type]
    frequency = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=FrequencyChoice.choices)
    accumulation = forms.ChoiceField(label=_("Cách tính"), choices=AccumulationChoice.choices)
    direction = forms.ChoiceField(label=_("Chiều tốt"), choices=DirectionChoice.choices)
    per_year = forms.BooleanField(label=_("Mỗi năm"), required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]


MeasureFormSet = forms.formset_factory(MeasureDraftForm, extra=0, max_num=200)


class MovementDraftForm(forms.Form):
    include = forms.BooleanField(label=_("Tạo"), required=False, initial=True)
    name = forms.CharField(label=_("Tên phong trào"), max_length=400)
    kind = forms.ChoiceField(label=_("Loại"), choices=MovementKind.choices)


MovementFormSet = forms.formset_factory(MovementDraftForm, extra=0, max_num=100)


class ResponsibilityForm(forms.Form):
    """Who, among the province's units, an actor of "Tổ chức thực hiện" is (the reviewer may
    change the proposed match or leave it empty for groups such as "các sở, ban, ngành")."""

    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("(nhiều đơn vị, không gắn)")
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


ResponsibilityFormSet = forms.formset_factory(ResponsibilityForm, extra=0, max_num=100)
