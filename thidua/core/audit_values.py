"""The before/after values of an audit record as a reader of the audit log understands them:
the field's name in Vietnamese, a choice's label, dates and numbers in Vietnamese format.

Records keep what the services wrote (`core.services.snapshot`: field names, stored codes, ISO
dates, decimals as text); this only changes how they are shown. No database query.
"""

import datetime
import decimal
import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from thidua.core.text import format_date, format_number

__all__ = ["AuditChange", "audit_changes"]

_MISSING = object()

# Names for the bookkeeping fields that models leave unnamed (Django would show "updated at").
_UNNAMED_FIELDS = {
    "version": _lazy("Phiên bản"),
    "created_at": _lazy("Tạo lúc"),
    "created_by": _lazy("Người tạo"),
    "updated_at": _lazy("Cập nhật lúc"),
    "updated_by": _lazy("Người cập nhật"),
    "uploaded_at": _lazy("Tải lên lúc"),
    "uploaded_by": _lazy("Người tải lên"),
    "submitted_at": _lazy("Gửi lúc"),
    "reviewed_at": _lazy("Thẩm định lúc"),
    "reviewed_by": _lazy("Người thẩm định"),
    "appraised_by": _lazy("Người thẩm định hồ sơ"),
    "acknowledged_by": _lazy("Người xác nhận"),
    "confirmed_at": _lazy("Xác nhận lúc"),
    "confirmed_by": _lazy("Người xác nhận"),
    "crossed_at": _lazy("Chấm chéo lúc"),
    "closed_at": _lazy("Đóng lúc"),
    "finished_at": _lazy("Xong lúc"),
    "revoked_at": _lazy("Thu hồi lúc"),
    "self_total": _lazy("Điểm tự chấm"),
    "final_total": _lazy("Điểm sau chấm chéo"),
    "page_count": _lazy("Số trang"),
    "content_type": _lazy("Loại tệp"),
    "size": _lazy("Dung lượng (byte)"),
    "member": _lazy("Thành viên"),
    "nomination": _lazy("Đề nghị khen thưởng"),
    "decision": _lazy("Quyết định"),
    "unit": _lazy("Đơn vị"),
    "user": _lazy("Tài khoản"),
}


@dataclass(frozen=True)
class AuditChange:
    label: str
    before: str
    after: str
    changed: bool


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):  # a summary's type, or not "app.model"
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)  # type: ignore[return-value]
    except FieldDoesNotExist:
        for field in model._meta.concrete_fields:
            if field.attname == name:  # "unit_id" → the field "unit"
                return field
    return None


def _label(field: models.Field | None, key: str) -> str:
    if field is None:
        return key
    named = str(field.verbose_name) != field.name.replace("_", " ")
    return capfirst(str(field.verbose_name if named else _UNNAMED_FIELDS.get(field.name, key)))


def _date_or_time(text: str) -> str | None:
    """An ISO date or date-time as written by `snapshot`, in Vietnamese format; else None."""
    if len(text) == 10:
        try:
            return format_date(datetime.date.fromisoformat(text))
        except ValueError:
            return None
    if len(text) < 16 or text[10] != "T":
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%H:%M} {format_date(moment.date())}"


def _number(text: str) -> str | None:
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    return format_number(number) if number.is_finite() else None


def _shown(value: Any, field: models.Field | None) -> str:
    if value is _MISSING:
        return ""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if field is not None and field.choices:
        labels = {str(code): label for code, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, int | float):
        return format_number(decimal.Decimal(str(value)))
    if isinstance(value, str):
        if isinstance(field, models.DecimalField | models.FloatField):
            return _number(value) or value
        return _date_or_time(value) or value
    return json.dumps(value, ensure_ascii=False)


def audit_changes(
    object_type: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[AuditChange]:
    """One line per field written before or after, in the order first seen; `changed` when
    both sides are known and differ."""
    model = _model(object_type)
    before, after = before or {}, after or {}
    lines = []
    for name in dict.fromkeys([*before, *after]):
        field = _field(model, name)
        label = _label(field, name)
        old, new = before.get(name, _MISSING), after.get(name, _MISSING)
        changed = old is not _MISSING and new is not _MISSING and old != new
        lines.append(AuditChange(str(label), _shown(old, field), _shown(new, field), changed))
    return lines
