"""What-if JSON boundary of the eligibility engine (issue 5): JSON in, JSON out.

:func:`parse_request` validates a what-if document and builds the :class:`.eligibility.Subject`
(any problem raises :class:`InputError` naming the field path); :func:`result_as_json` renders
an :class:`.eligibility.EligibilityResult`; :func:`evaluate_json` does both around
:func:`.eligibility.evaluate`. Kept apart so the engine stays free of input validation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Final, TypeVar

from thidua.commendation.catalogue import (
    AwardDefinition,
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    PendingKind,
    Rating,
    Settings,
    SubjectKind,
    award_definitions,
    rule_set_for,
)
from thidua.commendation.eligibility import (
    AwardRecord,
    Discipline,
    EligibilityResult,
    Initiative,
    Members,
    Pending,
    RatingRecord,
    Subject,
    evaluate,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_date

__all__ = [
    "EligibilityRequest",
    "InputError",
    "evaluate_json",
    "parse_request",
    "result_as_json",
    "subject_from_json",
]


class InputError(ApplicationError):
    """Bad what-if input; the message starts with the field path ("subject.ratings[2].rating")."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}", extra={"field": path})
        self.path = path


@dataclass(frozen=True)
class EligibilityRequest:
    award: str
    as_of: date
    subject: Subject
    year: int | None = None


_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EnumT = TypeVar("_EnumT", bound=StrEnum)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(
    value: object, path: str, required: Sequence[str], optional: Sequence[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(path or "(gốc)", "phải là một đối tượng JSON")
    allowed = (*required, *optional)
    for key in value:
        if key not in allowed:
            raise InputError(
                _join(path, str(key)), f"trường không được hỗ trợ (chỉ nhận {', '.join(allowed)})"
            )
    for key in required:
        if key not in value:
            raise InputError(_join(path, key), "thiếu trường bắt buộc")
    return value


def _list(value: object, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(path, "phải là một danh sách")
    return value


def _int(value: object, path: str, *, minimum: int = 0) -> int:
    # bool is an int in Python but never a count or a year in JSON.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, f"“{value}” không phải số nguyên")
    if value < minimum:
        raise InputError(path, f"phải từ {minimum} trở lên")
    return value


def _year(value: object, path: str) -> int:
    year = _int(value, path)
    if not 1900 <= year <= 2100:
        raise InputError(path, f"năm {year} không hợp lệ")
    return year


def _date(value: object, path: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value.strip()):
        raise InputError(path, f"“{value}” không phải ngày dạng YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(path, f"“{value}” không phải ngày hợp lệ") from None


def _optional_date(value: object, path: str) -> date | None:
    return None if value is None else _date(value, path)


def _choice(value: object, path: str, enum: type[_EnumT], what: str) -> _EnumT:
    text = value.strip() if isinstance(value, str) else value
    for member in enum:
        if member.value == text:
            return member
    known = ", ".join(member.value for member in enum)
    raise InputError(path, f"“{value}” không phải {what} hợp lệ ({known})")


def _award_code(value: object, path: str, awards: Mapping[str, AwardDefinition]) -> str:
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or text not in awards:
        known = ", ".join(awards)
        raise InputError(
            path, f"“{value}” không phải mã danh hiệu, hình thức khen thưởng ({known})"
        )
    return text


def _ratings(value: object, path: str) -> tuple[RatingRecord, ...]:
    records: list[RatingRecord] = []
    first_index: dict[int, int] = {}
    for index, item in enumerate(_list(value, path)):
        here = f"{path}[{index}]"
        data = _object(item, here, ("year", "rating"), ("date",))
        year = _year(data["year"], f"{here}.year")
        if year in first_index:
            raise InputError(
                f"{here}.year", f"năm {year} đã có xếp loại ở {path}[{first_index[year]}]"
            )
        first_index[year] = index
        rating = _choice(data["rating"], f"{here}.rating", Rating, "mức xếp loại")
        records.append(RatingRecord(year, rating, _optional_date(data.get("date"), f"{here}.date")))
    return tuple(records)


def _awards(
    value: object, path: str, awards: Mapping[str, AwardDefinition]
) -> tuple[AwardRecord, ...]:
    records: list[AwardRecord] = []
    for index, item in enumerate(_list(value, path)):
        here = f"{path}[{index}]"
        data = _object(item, here, ("year", "award"), ("type", "date"))
        year = _year(data["year"], f"{here}.year")
        code = _award_code(data["award"], f"{here}.award", awards)
        raw_type = data.get("type")
        award_type = (
            AwardType.PHONG_TRAO
            if raw_type is None
            else _choice(raw_type, f"{here}.type", AwardType, "loại hình khen thưởng")
        )
        dated = _optional_date(data.get("date"), f"{here}.date")
        records.append(AwardRecord(year, code, award_type, dated))
    return tuple(records)


def _initiatives(value: object, path: str) -> tuple[Initiative, ...]:
    records: list[Initiative] = []
    for index, item in enumerate(_list(value, path)):
        here = f"{path}[{index}]"
        data = _object(item, here, ("year", "scope"), ("used_for", "date"))
        year = _year(data["year"], f"{here}.year")
        scope = _choice(data["scope"], f"{here}.scope", InitiativeScope, "phạm vi sáng kiến")
        used_for = data.get("used_for")
        if used_for is not None and not isinstance(used_for, str):
            raise InputError(f"{here}.used_for", "phải là chuỗi (mã khen thưởng) hoặc null")
        dated = _optional_date(data.get("date"), f"{here}.date")
        records.append(Initiative(year, scope, used_for or None, dated))
    return tuple(records)


def _disciplines(value: object, path: str) -> tuple[Discipline, ...]:
    records: list[Discipline] = []
    for index, item in enumerate(_list(value, path)):
        here = f"{path}[{index}]"
        data = _object(item, here, ("from", "level"), ("to",))
        start = _date(data["from"], f"{here}.from")
        end = _optional_date(data.get("to"), f"{here}.to")
        if end is not None and end < start:
            raise InputError(f"{here}.to", "ngày kết thúc trước ngày bắt đầu kỷ luật")
        level = _choice(data["level"], f"{here}.level", DisciplineLevel, "hình thức kỷ luật")
        records.append(Discipline(start, end, level))
    return tuple(records)


def _pending(value: object, path: str) -> tuple[Pending, ...]:
    records: list[Pending] = []
    for index, item in enumerate(_list(value, path)):
        here = f"{path}[{index}]"
        data = _object(item, here, ("kind", "since"), ())
        kind = _choice(data["kind"], f"{here}.kind", PendingKind, "loại việc đang xem xét")
        records.append(Pending(kind, _date(data["since"], f"{here}.since")))
    return tuple(records)


_MEMBER_FIELDS: Final = (
    "total",
    "completed",
    "ldtt",
    "cstd_co_so",
    "disciplined_warning_or_above",
    "women",
)


def _members(value: object, path: str, kind: SubjectKind) -> Members | None:
    if value is None:
        return None
    if kind is not SubjectKind.COLLECTIVE:
        raise InputError(path, "chỉ dùng cho tập thể (kind = collective)")
    data = _object(value, path, ("total",), _MEMBER_FIELDS[1:])
    counts = {name: _int(data.get(name, 0), f"{path}.{name}") for name in _MEMBER_FIELDS}
    for name in _MEMBER_FIELDS[1:]:
        if counts[name] > counts["total"]:
            raise InputError(
                f"{path}.{name}", f"lớn hơn tổng số thành viên (total = {counts['total']})"
            )
    return Members(**counts)


def parse_request(data: object, settings: Settings | None = None) -> EligibilityRequest:
    """Read the what-if JSON of issue 5; any problem raises :class:`InputError` naming the field.

    Beyond the issue's shape it accepts an optional top-level ``"year"`` (the year under
    review) and an optional ``"date"`` on ratings, awards and initiatives (decision date).
    """
    awards = award_definitions(settings)
    root = _object(data, "", ("award", "as_of", "subject"), ("year",))
    award = _award_code(root["award"], "award", awards)
    as_of = _date(root["as_of"], "as_of")
    try:
        rule_set_for(as_of)
    except ValueError as error:
        raise InputError("as_of", str(error)) from None
    year = None if root.get("year") is None else _year(root["year"], "year")
    if year is not None and year > as_of.year:
        raise InputError("year", f"năm xét {year} sau ngày xét {format_date(as_of)}")
    subject_data = _object(
        root["subject"],
        "subject",
        ("kind",),
        ("ratings", "awards", "initiatives", "discipline", "pending", "members"),
    )
    kind = _choice(subject_data["kind"], "subject.kind", SubjectKind, "loại đối tượng")
    subject = Subject(
        kind=kind,
        ratings=_ratings(subject_data.get("ratings"), "subject.ratings"),
        awards=_awards(subject_data.get("awards"), "subject.awards", awards),
        initiatives=_initiatives(subject_data.get("initiatives"), "subject.initiatives"),
        discipline=_disciplines(subject_data.get("discipline"), "subject.discipline"),
        pending=_pending(subject_data.get("pending"), "subject.pending"),
        members=_members(subject_data.get("members"), "subject.members", kind),
    )
    return EligibilityRequest(award=award, as_of=as_of, subject=subject, year=year)


def subject_from_json(data: object, settings: Settings | None = None) -> Subject:
    """The subject of a what-if document (the whole document is validated)."""
    return parse_request(data, settings).subject


def result_as_json(result: EligibilityResult) -> dict[str, Any]:
    return {
        "award": result.award,
        "eligible": result.eligible,
        "held": result.held,
        "criteria": [
            {
                "code": criterion.code,
                "passed": criterion.passed,
                "explanation": criterion.explanation,
                "reference": criterion.reference,
            }
            for criterion in result.criteria
        ],
    }


def evaluate_json(data: object, settings: Settings | None = None) -> dict[str, Any]:
    """The what-if check end to end: JSON in, JSON out (the API and CLI share it)."""
    request = parse_request(data, settings)
    result = evaluate(request.subject, request.award, request.as_of, settings, year=request.year)
    return result_as_json(result)
