"""Shared form pieces: Vietnamese date fields, keeping the input after an edit conflict."""

import datetime
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.core.exceptions import ConflictError
from thidua.core.text import parse_date


class VietnameseDateField(forms.DateField):
    """A dd/mm/yyyy text box that also reads ISO dates and "ngày 06 tháng 02 năm 2024"."""

    widget = forms.TextInput(
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "input-date"}
    )

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return value


class AuditFilterForm(forms.Form):
    query = forms.CharField(
        label=_("Người thực hiện hoặc đối tượng"), required=False, max_length=100
    )
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    date_from = VietnameseDateField(label=_("Từ ngày"), required=False)
    date_to = VietnameseDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("Tất cả")), *actions]


def keep_for_reapply(form: forms.BaseForm, error: ConflictError) -> None:
    """Someone saved the object after the user opened it (optimistic locking): the user's input
    stays in the form with the conflict explained, and the hidden `version` becomes the one now
    stored, so saving again applies the input knowingly over the other person's."""
    hint = gettext(
        "Nội dung bạn vừa nhập vẫn còn trong biểu mẫu: hãy mở trang ở thẻ khác để xem bản mới "
        "nhất, rồi bấm lưu lần nữa nếu vẫn muốn ghi nội dung này."
    )
    form.add_error(None, f"{error.message} {hint}")
    current = error.extra.get("current_version")
    if current is not None and form.is_bound:
        data = QueryDict(mutable=True)
        data.update(form.data)
        data[form.add_prefix("version")] = str(current)
        form.data = data
