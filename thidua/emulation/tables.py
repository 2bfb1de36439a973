"""Stored scoring tables and entries ↔ the pure scoring engine (:mod:`thidua.emulation.scoring`).

A table is kept as rows (groups, criteria with a formula name and JSON parameters) so that the
office edits it like any record; an assessment keeps what the assessor typed as JSON. This
module turns both into the engine's dataclasses, refusing malformed values with a Vietnamese
message that names the criterion and the field. Pure: plain dicts in, dataclasses out.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from thidua.emulation.scoring import (
    Band,
    Criterion,
    Entry,
    FormulaKind,
    Group,
    MemberScores,
    Part,
    ScoringError,
    ScoringTable,
)

__all__ = ["CriterionRow", "GroupRow", "entries_from_json", "table_from_rows"]

ENTRY_NUMBERS = ("points", "numerator", "denominator", "value", "achievement")


@dataclass(frozen=True)
class CriterionRow:
    code: str
    name: str
    max_points: Decimal
    formula: str
    params: Mapping[str, Any]
    guidance: str = ""
    evidence_required: bool = False


@dataclass(frozen=True)
class GroupRow:
    code: str
    name: str
    part: str
    cap: Decimal | None
    criteria: tuple[CriterionRow, ...]


def _decimal(value: Any, where: str, field: str) -> Decimal:
    if isinstance(value, bool):
        raise ScoringError(f"{where}: “{field}” phải là số.")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise ScoringError(f"{where}: “{field}” = “{value}” không phải là số.") from error
    if not number.is_finite():
        raise ScoringError(f"{where}: “{field}” = “{value}” không phải là số.")
    return number


def _optional(params: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    value = params.get(key)
    return None if value in (None, "") else _decimal(value, where, key)


def _criterion(row: CriterionRow) -> Criterion:
    where = f"Tiêu chí {row.code}"
    try:
        formula = FormulaKind(row.formula)
    except ValueError as error:
        allowed = ", ".join(kind.value for kind in FormulaKind)
        message = f"{where}: cách tính “{row.formula}” không có (chọn: {allowed})."
        raise ScoringError(message) from error
    params = row.params
    bands = tuple(
        Band(
            low=_decimal(band.get("low"), where, "low"),
            high=_optional(band, "high", where),
            points=_decimal(band.get("points"), where, "points"),
            low_inclusive=bool(band.get("low_inclusive", True)),
            high_inclusive=bool(band.get("high_inclusive", False)),
        )
        for band in params.get("bands", ())
    )
    status_points = params.get("status_points")
    return Criterion(
        code=row.code,
        name=row.name,
        max_points=row.max_points,
        formula=formula,
        guidance=row.guidance,
        evidence_required=row.evidence_required,
        optional=bool(params.get("optional", False)),
        requires=params.get("requires") or None,
        cap_ratio=_optional(params, "cap_ratio", where),
        full_when_empty=bool(params.get("full_when_empty", False)),
        bands=bands,
        value_unit=str(params.get("value_unit", "%")),
        amount=_optional(params, "amount", where),
        status_points=None
        if status_points is None
        else {str(k): _decimal(v, where, f"status_points.{k}") for k, v in status_points.items()},
    )


def table_from_rows(
    name: str,
    groups: Iterable[GroupRow],
    *,
    decimals: int = 2,
    bonus_cap: Decimal | None = None,
    penalty_cap: Decimal | None = None,
    tie_break: Iterable[str] = (),
    facts: Mapping[str, str] | None = None,
) -> ScoringTable:
    return ScoringTable(
        name=name,
        groups=tuple(
            Group(
                code=group.code,
                name=group.name,
                criteria=tuple(_criterion(row) for row in group.criteria),
                kind=Part(group.part),
                cap=group.cap,
            )
            for group in groups
        ),
        decimals=decimals,
        bonus_cap=bonus_cap,
        penalty_cap=penalty_cap,
        tie_break=tuple(tie_break),
        flags=dict(facts or {}),
    )


def _entry(code: str, data: Mapping[str, Any]) -> Entry:
    where = f"Tiêu chí {code}"
    numbers = {
        key: _decimal(data[key], where, key)
        for key in ENTRY_NUMBERS
        if data.get(key) not in (None, "")
    }
    met = data.get("met")
    raw_count = data.get("count")
    count = None if raw_count in (None, "") else int(_decimal(raw_count, where, "count"))
    if met not in (None, "", True, False):
        met = int(_decimal(met, where, "met"))
    return Entry(
        points=numbers.get("points"),
        numerator=numbers.get("numerator"),
        denominator=numbers.get("denominator"),
        value=numbers.get("value"),
        met=None if met == "" else met,
        count=count,
        achievement=numbers.get("achievement"),
        status=data.get("status") or None,
    )


def entries_from_json(
    unit: str, entries: Mapping[str, Mapping[str, Any]], facts: Iterable[str] = ()
) -> MemberScores:
    """What an assessor typed (criterion code → fields) as the engine's input; empty entries
    (no field filled) are left out, so the criterion counts as not entered."""
    kept = {
        code: _entry(code, data)
        for code, data in entries.items()
        if any(value not in (None, "") for value in data.values())
    }
    return MemberScores(unit=unit, entries=kept, flags=frozenset(facts))
