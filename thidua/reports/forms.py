from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.text import local_today
from thidua.org.models import OrgUnit
from thidua.reports.models import PeriodicReport, ReportKind


class ReportCreateForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị báo cáo"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"].initial = local_today().year


class ReportSectionsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PeriodicReport
        fields = [
            "overview",
            "shortcomings",
            "causes",
            "lessons",
            "next_tasks",
            "proposals",
            "signer_name",
            "signer_title",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ("overview", "shortcomings", "causes", "lessons", "next_tasks", "proposals")
        }
        help_texts = {
            "overview": _("Mỗi đoạn một dòng; số liệu chỉ tiêu, phong trào, khen thưởng tự điền."),
            "signer_title": _("Bỏ trống để dùng chức danh của thủ trưởng đơn vị."),
        }


class ReportIssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 125/BC-SNV")
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
