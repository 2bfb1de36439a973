"""Forms of the exemplary-model pages; they only clean input, the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.commendation.models import AwardRecord, Decision, Person
from thidua.core.forms import VietnameseDateField
from thidua.emulation.models import Movement
from thidua.exemplars.enums import (
    ExemplarCategory,
    ExemplarKind,
    ExemplarStatus,
    ProposalSource,
    Sector,
)
from thidua.exemplars.uploads import DOCUMENT_MAX_BYTES, PHOTO_MAX_BYTES
from thidua.org.models import OrgUnit

PHOTO_ACCEPT = ".jpg,.jpeg,.png"
DOCUMENT_ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"
PHOTO_HELP = _("JPG hoặc PNG, tối đa 10 MB, cạnh ngắn ít nhất 400 điểm ảnh.")
DOCUMENT_HELP = _("PDF, DOCX, JPG hoặc PNG, tối đa 20 MB.")


def _with_all(choices: Any) -> list[tuple[str, str]]:
    return [("", _("Tất cả")), *choices]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'· ' * max(obj.depth - 1, 0)}{obj.name}"


class SizedFileField(forms.FileField):
    """A file field that refuses an oversized upload before it is read."""

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file and file.size > self.max_bytes:
            raise forms.ValidationError(
                _("Tệp “%(name)s” lớn hơn %(size)s MB.")
                % {"name": file.name, "size": self.max_bytes // (1024 * 1024)}
            )
        return file


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên, tiêu đề, đơn vị"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=_with_all(ExemplarStatus.choices)
    )
    sector = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=_with_all(Sector.choices)
    )
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    def __init__(self, years: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [("", _("Tất cả")), *((str(year), str(year)) for year in years)]


class PublicFilterForm(FilterForm):
    category = forms.ChoiceField(
        label=_("Nhóm"), required=False, choices=_with_all(ExemplarCategory.choices)
    )

    field_order = ["q", "category", "sector", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        self.fields["q"].label = _("Tìm theo tên, tiêu đề")


class ExemplarForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị, địa phương"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Loại"), choices=ExemplarKind.choices)
    category = forms.ChoiceField(label=_("Nhóm"), choices=ExemplarCategory.choices)
    sector = forms.ChoiceField(label=_("Lĩnh vực"), choices=Sector.choices)
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=1945,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-date"}),
    )
    name = forms.CharField(label=_("Họ và tên hoặc tên tập thể"), max_length=200)
    public_name = forms.CharField(
        label=_("Tên được công bố"),
        max_length=200,
        required=False,
        help_text=_("Tên người được nêu gương đồng ý cho công bố; để trống là dùng họ và tên."),
    )
    headline = forms.CharField(label=_("Tiêu đề"), max_length=300)
    story = forms.CharField(
        label=_("Câu chuyện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Mỗi dòng là một đoạn. Chỉ viết những gì người được nêu gương đồng ý công bố."),
    )
    facts = forms.CharField(
        label=_("Thông tin, số liệu nổi bật"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một ý, tối đa 20 dòng."),
    )
    source = forms.ChoiceField(label=_("Nguồn đề xuất"), choices=ProposalSource.choices)
    source_name = forms.CharField(
        label=_("Tên cơ quan đề xuất"),
        max_length=300,
        required=False,
        help_text=_("Bắt buộc khi do Mặt trận, đoàn thể hoặc cơ quan báo chí đề xuất."),
    )
    birth_date = VietnameseDateField(
        label=_("Ngày sinh"),
        required=False,
        help_text=_("Thông tin cá nhân: không bao giờ công bố."),
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=20, required=False)
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, units: list[OrgUnit], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["unit"])
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("path")
        if len(units) == 1:
            field.initial = units[0].pk

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsentForm(forms.Form):
    consent_on = VietnameseDateField(label=_("Ngày đồng ý"))
    show_unit = forms.BooleanField(label=_("Đồng ý nêu tên đơn vị, địa phương"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: phiếu đồng ý có chữ ký, người làm chứng."),
    )
    file = SizedFileField(
        label=_("Phiếu đồng ý đã ký"),
        required=False,
        max_bytes=DOCUMENT_MAX_BYTES,
        help_text=DOCUMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )


class WithdrawForm(forms.Form):
    withdrawn_on = VietnameseDateField(label=_("Ngày rút lại sự đồng ý"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PhotoForm(forms.Form):
    file = SizedFileField(
        label=_("Ảnh"),
        max_bytes=PHOTO_MAX_BYTES,
        help_text=PHOTO_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    caption = forms.CharField(label=_("Chú thích ảnh"), max_length=300)
    credit = forms.CharField(label=_("Tác giả ảnh"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("Người trong ảnh đã đồng ý cho công bố ảnh này"), required=False
    )


class EvidenceForm(forms.Form):
    file = SizedFileField(
        label=_("Tệp minh chứng"),
        max_bytes=DOCUMENT_MAX_BYTES,
        help_text=DOCUMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    description = forms.CharField(label=_("Nội dung minh chứng"), max_length=300)


class AwardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.award_name} {obj.year} – {obj.subject} ({obj.decision_number})"


class DecisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number or obj.title[:60]} – {obj.title[:120]}"


class MovementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.launched_by.name})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.unit.name}"


class LinksForm(forms.Form):
    person = PersonChoiceField(
        label=_("Cá nhân trong sổ khen thưởng"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Chọn cá nhân rồi lưu để thấy và gắn các khen thưởng của người đó."),
    )
    award_records = AwardChoiceField(
        label=_("Khen thưởng"),
        queryset=AwardRecord.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = DecisionChoiceField(
        label=_("Quyết định"),
        queryset=Decision.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    movements = MovementChoiceField(
        label=_("Phong trào thi đua"),
        queryset=Movement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        people: list[Person],
        awards: list[AwardRecord],
        decisions: list[Decision],
        movements: list[Movement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, type[Any], list[Any]]] = [
            ("person", Person, people),
            ("award_records", AwardRecord, awards),
            ("decisions", Decision, decisions),
            ("movements", Movement, movements),
        ]
        for name, model, items in choices:
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = model._default_manager.filter(pk__in=[item.pk for item in items])
            # The choices keep the candidates' order and their prefetched relations.
            blank = [("", _("— Không gắn —"))] if name == "person" else []
            field.choices = [
                *blank,
                *((item.pk, field.label_from_instance(item)) for item in items),
            ]
        for name, _model, items in choices:
            if not items:
                del self.fields[name]

    @property
    def has_choices(self) -> bool:
        return any(name != "version" for name in self.fields)
