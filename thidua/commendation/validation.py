"""Validation of the commendation services' input, with Vietnamese messages that name the
field: shared by the registry, the workflow, the council and the decisions (free text:
`core.validation`)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_date

#: The earliest year a history record may carry.
MIN_YEAR = 1945


def valid_choice(value: str, choices: Iterable[tuple[str, Any]], label: str) -> str:
    allowed = [code for code, _label in choices]
    if value not in allowed:
        raise ApplicationError(
            _("Trường “%(field)s”: giá trị “%(value)s” không hợp lệ (chọn một trong: %(allowed)s).")
            % {"field": label, "value": value, "allowed": ", ".join(allowed)},
            extra={"field": label},
        )
    return value


def valid_year(value: int, label: str) -> int:
    this_year = timezone.localdate().year
    if not isinstance(value, int) or not MIN_YEAR <= value <= this_year + 1:
        raise ApplicationError(
            _("Trường “%(field)s”: năm %(value)s nằm ngoài khoảng %(low)s–%(high)s.")
            % {"field": label, "value": value, "low": MIN_YEAR, "high": this_year + 1},
            extra={"field": label},
        )
    return value


def valid_period(start: datetime.date, end: datetime.date | None, label: str) -> None:
    if end is not None and end < start:
        raise ApplicationError(
            _("Trường “%(field)s”: ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
            % {"field": label, "end": format_date(end), "start": format_date(start)},
            extra={"field": label},
        )
