"""Forms of the workflow pages (rounds, nominations, council, decisions); they only clean input,
the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.commendation.catalogue import award_definitions
from thidua.commendation.models import (
    BallotMode,
    CommentStatus,
    DossierKind,
    NominationStatus,
    RoundKind,
)
from thidua.commendation.services.council import TALLY_FIELDS
from thidua.core.forms import VietnameseDateField


def award_choices() -> list[tuple[str, str]]:
    return [(code, definition.name) for code, definition in award_definitions().items()]


class RoundForm(forms.Form):
    """A round; one optional "at most N per unit" field per award (`quota_<code>`)."""

    name = forms.CharField(label=_("Tên đợt"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại đợt"), choices=RoundKind.choices)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    submission_deadline = VietnameseDateField(label=_("Hạn nộp hồ sơ"))
    appraisal_working_days = forms.IntegerField(
        label=_("Thời hạn thẩm định (ngày làm việc)"), min_value=0, max_value=120, initial=20
    )
    comment_working_days = forms.IntegerField(
        label=_("Lấy ý kiến công khai (ngày làm việc, 0 = không lấy)"),
        min_value=0,
        max_value=120,
        initial=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in award_choices():
            self.fields[f"quota_{code}"] = forms.IntegerField(
                label=_("Tối đa mỗi đơn vị: %(award)s") % {"award": name},
                required=False,
                min_value=0,
                max_value=10000,
                help_text=_("Để trống: không giới hạn."),
            )

    def round_data(self) -> dict[str, Any]:
        """The cleaned data as `round_create` takes it."""
        data = dict(self.cleaned_data)
        quotas = {}
        for code, _name in award_choices():
            limit = data.pop(f"quota_{code}", None)
            if limit is not None:
                quotas[code] = limit
        return {**data, "quotas": quotas}


class NominationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên cá nhân, tập thể, đơn vị"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), *NominationStatus.choices],
    )


class NominationForm(forms.Form):
    subject = forms.ChoiceField(label=_("Cá nhân, tập thể hoặc hộ gia đình được đề nghị"))
    award = forms.ChoiceField(label=_("Danh hiệu, hình thức đề nghị"))
    achievement = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, subjects: list[tuple[str, list[tuple[str, str]]]], *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["subject"].choices = subjects  # type: ignore[attr-defined]
        self.fields["award"].choices = award_choices()  # type: ignore[attr-defined]


class AchievementForm(forms.Form):
    achievement = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DossierUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Thành phần hồ sơ"), choices=DossierKind.choices)
    file = forms.FileField(
        label=_("Tệp (PDF, DOCX, PNG, JPG; tối đa 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SessionForm(forms.Form):
    held_on = VietnameseDateField(label=_("Ngày họp"))
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=200)
    ballot_mode = forms.ChoiceField(
        label=_("Hình thức biểu quyết"), choices=BallotMode.choices, widget=forms.RadioSelect
    )


class TallyForm(forms.Form):
    """Counted votes on one candidate (anonymous session)."""

    agree = forms.IntegerField(label=_("Đồng ý"), min_value=0, initial=0)
    disagree = forms.IntegerField(label=_("Không đồng ý"), min_value=0, initial=0)
    abstain = forms.IntegerField(label=_("Không biểu quyết"), min_value=0, initial=0)
    written_agree = forms.IntegerField(label=_("Văn bản: đồng ý"), min_value=0, initial=0)
    written_disagree = forms.IntegerField(label=_("Văn bản: không đồng ý"), min_value=0, initial=0)
    written_abstain = forms.IntegerField(
        label=_("Văn bản: không biểu quyết"), min_value=0, initial=0
    )

    def tally(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in TALLY_FIELDS}


class DecisionDraftForm(forms.Form):
    award = forms.ChoiceField(label=_("Danh hiệu, hình thức"))
    title = forms.CharField(label=_("Trích yếu (để trống: tự đặt)"), required=False, max_length=500)
    symbol = forms.CharField(label=_("Ký hiệu"), initial="QĐ-UBND", max_length=30)

    def __init__(self, awards: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(award_choices())
        self.fields["award"].choices = [(code, names.get(code, code)) for code in awards]  # type: ignore[attr-defined]


class SignForm(forms.Form):
    signed_on = VietnameseDateField(label=_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=200)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Bản quyết định đã ký (PDF, tối đa 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )


class RevocationForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Khen thưởng cần thu hồi"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Lý do thu hồi (Luật Thi đua, khen thưởng, Điều 93)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, choices: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung góp ý"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    author_name = forms.CharField(label=_("Họ và tên (không bắt buộc)"), required=False)
    contact = forms.CharField(
        label=_("Điện thoại hoặc thư điện tử (không bắt buộc)"), required=False
    )


class ModerationFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái kiểm duyệt"),
        choices=[("", _("Tất cả")), *CommentStatus.choices],
        required=False,
    )


class ModerationForm(forms.Form):
    """Approve or reject one comment; the button pressed gives the status."""

    comment = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[
            (CommentStatus.APPROVED, CommentStatus.APPROVED.label),
            (CommentStatus.REJECTED, CommentStatus.REJECTED.label),
        ]
    )
    note = forms.CharField(
        label=_("Ghi chú kiểm duyệt (chỉ cơ quan thường trực xem)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100, required=False)
