"""Forms of the movement pages; they only clean input, the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.commendation.catalogue import SubjectKind, award_definitions
from thidua.commendation.models import RoundKind
from thidua.core.forms import VietnameseDateField
from thidua.emulation.models import MilestoneKind, MovementKind
from thidua.org.models import OrgUnit

FILE_HELP = _("PDF hoặc DOCX, tối đa 20 MB.")
FILE_ACCEPT = ".pdf,.docx"


def registration_title_choices() -> list[tuple[str, str]]:
    """Titles and forms a unit (a collective) may register for."""
    return [
        (code, definition.name)
        for code, definition in award_definitions().items()
        if SubjectKind.COLLECTIVE in definition.subject_kinds
    ]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class YearFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    def __init__(self, years: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [("", _("Tất cả")), *((str(year), str(year)) for year in years)]


class MovementForm(forms.Form):
    launched_by = UnitChoiceField(label=_("Đơn vị phát động"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Tên phong trào"), max_length=400)
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=MovementKind.choices)
    document_number = forms.CharField(
        label=_("Số văn bản phát động"), max_length=50, required=False
    )
    document_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    starts_on = VietnameseDateField(label=_("Bắt đầu"))
    ends_on = VietnameseDateField(label=_("Kết thúc"), required=False)
    registration_due_on = VietnameseDateField(
        label=_("Hạn gửi kế hoạch, đăng ký thi đua"), required=False
    )
    scope = forms.CharField(
        label=_("Phạm vi, đối tượng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Các đơn vị trực thuộc đơn vị phát động gửi kế hoạch, đăng ký và báo cáo."),
    )

    def __init__(self, launchers: list[OrgUnit], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["launched_by"])
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in launchers])
        if len(launchers) == 1:
            field.initial = launchers[0].pk


class CascadeForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị phát động tiếp"), queryset=OrgUnit.objects.none())
    document_number = forms.CharField(
        label=_("Số văn bản phát động của đơn vị"), max_length=50, required=False
    )
    document_date = VietnameseDateField(label=_("Ngày văn bản"), required=False)
    registration_due_on = VietnameseDateField(
        label=_("Hạn gửi kế hoạch, đăng ký thi đua"), required=False
    )

    def __init__(self, units: list[OrgUnit], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["unit"])
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units])


class PlanForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung kế hoạch"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        required=False,
        help_text=FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegistrationForm(forms.Form):
    titles = forms.MultipleChoiceField(
        label=_("Danh hiệu đăng ký"), required=False, widget=forms.CheckboxSelectMultiple
    )
    commitments = forms.CharField(
        label=_("Nội dung cam kết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nội dung cam kết."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["titles"])
        field.choices = registration_title_choices()


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Tóm tắt kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("Tệp báo cáo"),
        required=False,
        help_text=FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại mốc"), choices=MilestoneKind.choices)
    name = forms.CharField(
        label=_("Tên mốc"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Sơ kết 6 tháng đầu năm."),
    )
    due_on = VietnameseDateField(label=_("Hạn gửi báo cáo"))


class MovementRoundForm(forms.Form):
    """A commendation round fed by the movement's results."""

    kind = forms.ChoiceField(
        label=_("Loại đợt"),
        choices=[
            (RoundKind.THEMATIC.value, RoundKind.THEMATIC.label),
            (RoundKind.ANNUAL.value, RoundKind.ANNUAL.label),
        ],
    )
    name = forms.CharField(label=_("Tên đợt"), max_length=300, required=False)
    submission_deadline = VietnameseDateField(label=_("Hạn nộp hồ sơ"))
