"""Forms of the reminders pages: the calendar's filters, the letter's day and province, raising
an obstacle, handling it."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import VietnameseDateField
from thidua.org.models import OrgUnit
from thidua.reminders.enums import (
    OBSTACLE_TRANSITIONS,
    DeadlineKind,
    DeadlineStatus,
    ObstacleArea,
    ObstacleStatus,
)

MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{4})\s*$")


class MonthField(forms.CharField):
    """A month typed "07/2024" (or "7/2024"), cleaned to (year, month)."""

    widget = forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"})

    def clean(self, value: Any) -> tuple[int, int] | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        match = MONTH_RE.match(text)
        if match is None or not 1 <= int(match.group(1)) <= 12:
            raise forms.ValidationError(_("Tháng phải viết dạng mm/yyyy, ví dụ 07/2024."))
        return int(match.group(2)), int(match.group(1))


class CalendarFilterForm(forms.Form):
    ngay = VietnameseDateField(label=_("Tính đến ngày"), required=False)
    thang = MonthField(label=_("Tháng"), required=False)
    loai = forms.ChoiceField(label=_("Loại việc"), required=False)
    # Its choices are the units of the deadlines found, known only after reading them.
    don_vi = forms.IntegerField(label=_("Đơn vị"), required=False, widget=forms.Select)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)
    # Set by the links of the page (a day of the grid, the tabs), kept when filtering.
    han = VietnameseDateField(label=_("Hạn đúng ngày"), required=False, widget=forms.HiddenInput)
    che_do = forms.ChoiceField(
        label=_("Cách xem"),
        required=False,
        widget=forms.HiddenInput,
        choices=[
            ("thang", _("Lịch tháng")),
            ("danh-sach", _("Danh sách trong tháng")),
            ("qua-han", _("Đơn vị chậm thực hiện")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["loai"]).choices = [
            ("", _("Tất cả")),
            *DeadlineKind.choices,
        ]
        cast(forms.ChoiceField, self.fields["trang_thai"]).choices = [
            ("", _("Tất cả")),
            *DeadlineStatus.choices,
        ]
        self.set_units([])

    def set_units(self, units: list[OrgUnit]) -> None:
        select = cast(forms.Select, self.fields["don_vi"].widget)
        select.choices = [
            ("", _("Tất cả đơn vị")),
            *((unit.pk, unit.name) for unit in units),
        ]


class LetterForm(forms.Form):
    ngay = VietnameseDateField(label=_("Tính đến ngày"), required=False)
    # Its choices are the provinces the user's office covers on that day.
    tinh = forms.IntegerField(label=_("Tỉnh"), required=False, widget=forms.Select)

    def set_provinces(self, provinces: list[OrgUnit]) -> None:
        select = cast(forms.Select, self.fields["tinh"].widget)
        select.choices = [(unit.pk, unit.name) for unit in provinces]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ObstacleForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị nêu"), coerce=int)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    description = forms.CharField(
        label=_("Nội dung vướng mắc, kiến nghị"), widget=forms.Textarea(attrs={"rows": 6})
    )
    area = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    movement = forms.TypedChoiceField(
        label=_("Phong trào liên quan"), required=False, coerce=int, empty_value=None
    )
    target = forms.TypedChoiceField(
        label=_("Chỉ tiêu liên quan"), required=False, coerce=int, empty_value=None
    )
    attachments = MultipleFileField(
        label=_("Tệp kèm theo"),
        required=False,
        help_text=_("PDF, DOCX, XLSX hoặc ảnh; tối đa 10 tệp, mỗi tệp 10 MB."),
    )

    def __init__(
        self,
        *args: Any,
        units: list[OrgUnit],
        movements: list[Any],
        targets: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.movements = movements
        self.targets = targets
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            (unit.pk, unit.name) for unit in units
        ]
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            ("", _("Chưa chọn")),
            *ObstacleArea.choices,
        ]
        cast(forms.ChoiceField, self.fields["movement"]).choices = [
            ("", _("Không")),
            *((movement.pk, f"{movement.name} ({movement.year})") for movement in movements),
        ]
        cast(forms.ChoiceField, self.fields["target"]).choices = [
            ("", _("Không")),
            *(
                (target.pk, f"{target.campaign.year} – {target.number}. {target.text[:120]}")
                for target in targets
            ),
        ]


class ObstacleStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Chuyển sang"))
    reply = forms.CharField(
        label=_("Nội dung trả lời"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Bắt buộc khi chuyển sang “Đã trả lời”."),
    )
    forwarded_to = forms.CharField(
        label=_("Chuyển đến cơ quan, đơn vị"),
        required=False,
        max_length=300,
        help_text=_("Bắt buộc khi chuyển sang “Đã chuyển”."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = OBSTACLE_TRANSITIONS[current]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in ObstacleStatus.choices if value in allowed
        ]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Thêm tệp"))
