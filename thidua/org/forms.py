"""Forms for browsing the unit tree and for lineage changes; they only clean input."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import VietnameseDateField
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.parent else obj.name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.parent else obj.name


def set_units(form: forms.Form, name: str, units: Any) -> None:
    """Give a unit picker its choices (computed per request: units open today)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = units


def open_units() -> Any:
    return OrgUnit.objects.filter(valid_to__isnull=True).select_related("parent").order_by("path")


class TreeFilterForm(forms.Form):
    ngay = VietnameseDateField(label=_("Xem theo ngày"), required=False)
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=100)


class _EventForm(forms.Form):
    effective_date = VietnameseDateField(label=_("Ngày hiệu lực"))
    legal_basis = forms.CharField(
        label=_("Căn cứ (số, ngày văn bản)"),
        required=False,
        max_length=300,
        help_text=_("Ví dụ: Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RenameForm(_EventForm):
    field_order = ["name", "short_name", "code", "effective_date", "legal_basis", "note"]
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt mới"), max_length=100, required=False)
    code = forms.CharField(label=_("Mã hành chính mới"), max_length=20, required=False)


class MoveForm(_EventForm):
    field_order = ["new_parent", "effective_date", "legal_basis", "note"]
    new_parent = UnitChoiceField(label=_("Đơn vị cấp trên mới"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_units(self, "new_parent", open_units())


class MergeForm(_EventForm):
    field_order = [
        "others",
        "mode",
        "into",
        "new_name",
        "new_kind",
        "new_parent",
        "new_code",
        "effective_date",
        "legal_basis",
        "note",
    ]
    MODE_INTO = "into"
    MODE_NEW = "new"
    others = UnitMultipleChoiceField(
        label=_("Các đơn vị cùng sáp nhập"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    mode = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (MODE_INTO, _("Sáp nhập vào một đơn vị đang hoạt động")),
            (MODE_NEW, _("Hợp nhất thành đơn vị mới")),
        ],
        widget=forms.RadioSelect,
        initial=MODE_NEW,
    )
    into = UnitChoiceField(
        label=_("Đơn vị tiếp nhận"), queryset=OrgUnit.objects.none(), required=False
    )
    new_name = forms.CharField(label=_("Tên đơn vị mới"), max_length=255, required=False)
    new_kind = forms.ChoiceField(
        label=_("Loại đơn vị mới"), choices=UnitKind.choices, required=False
    )
    new_parent = UnitChoiceField(
        label=_("Cấp trên của đơn vị mới"), queryset=OrgUnit.objects.none(), required=False
    )
    new_code = forms.CharField(label=_("Mã hành chính"), max_length=20, required=False)

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = open_units()
        set_units(self, "others", units.exclude(pk=unit.pk))
        set_units(self, "into", units.exclude(pk=unit.pk))
        set_units(self, "new_parent", units.exclude(path__startswith=unit.path))
        self.fields["new_kind"].initial = unit.kind
        self.fields["new_parent"].initial = unit.parent_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == self.MODE_INTO and not data.get("into"):
            self.add_error("into", _("Hãy chọn đơn vị tiếp nhận."))
        if data.get("mode") == self.MODE_NEW and not data.get("new_name"):
            self.add_error("new_name", _("Hãy nhập tên đơn vị mới."))
        if data.get("mode") == self.MODE_NEW and not data.get("others"):
            self.add_error("others", _("Hợp nhất cần ít nhất một đơn vị khác."))
        return data


class SplitForm(_EventForm):
    field_order = ["names", "effective_date", "legal_basis", "note"]
    names = forms.CharField(
        label=_("Tên các đơn vị mới (mỗi dòng một tên)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_names(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if len(names) < 2:
            raise forms.ValidationError(_("Chia tách cần ít nhất hai tên, mỗi tên một dòng."))
        return names


class DissolveForm(_EventForm):
    field_order = ["effective_date", "functions_to", "legal_basis", "note"]
    functions_to = UnitMultipleChoiceField(
        label=_("Đơn vị tiếp nhận nhiệm vụ (nếu có)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Đơn vị tiếp nhận nhiệm vụ được xem lịch sử của đơn vị giải thể."),
    )

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_units(self, "functions_to", open_units().exclude(path__startswith=unit.path))


class CreateChildForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Mã hành chính"), max_length=20, required=False)
    valid_from = VietnameseDateField(label=_("Hiệu lực từ ngày"))
    legal_basis = forms.CharField(label=_("Căn cứ thành lập"), max_length=300, required=False)


class CorrectForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Mã hành chính"), max_length=20, required=False)
