"""Writes to the unit tree. Each service authorises, validates, writes and audits in one
transaction; a lineage change closes rows and opens new ones, never rewriting history.

Open children of a closed unit follow its successor as new versions (a `carried` link); the
roles held on a unit that continues (rename, move, merge) move to the successor. After a split,
roles stay on the closed unit for an administrator to reassign.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import format_date, nfc, normalize_tone_placement, search_key
from thidua.org.enums import LineageKind, UnitKind
from thidua.org.models import LineageEvent, LineageLink, OrgUnit

AUDIT_FIELDS = ["id", "name", "short_name", "code", "kind", "parent_id", "valid_from", "valid_to"]


@dataclass(frozen=True)
class UnitSpec:
    """What a new unit is to be called and where it sits."""

    name: str
    kind: str
    parent: OrgUnit | None
    short_name: str = ""
    code: str = ""


def _clean_text(value: str) -> str:
    return " ".join(normalize_tone_placement(nfc(value or "")).split())


def _clean_spec(spec: UnitSpec) -> UnitSpec:
    name = _clean_text(spec.name)
    if not name:
        raise ApplicationError(_("Tên đơn vị không được để trống."))
    if len(name) > 255:
        raise ApplicationError(_("Tên đơn vị dài quá 255 ký tự."))
    if spec.kind not in UnitKind.values:
        raise ApplicationError(_("Loại đơn vị “%(kind)s” không hợp lệ.") % {"kind": spec.kind})
    code = _clean_text(spec.code)
    if len(code) > 20:
        raise ApplicationError(_("Mã hành chính dài quá 20 ký tự."))
    short_name = _clean_text(spec.short_name)
    if len(short_name) > 100:
        raise ApplicationError(_("Tên viết tắt dài quá 100 ký tự."))
    return UnitSpec(name=name, kind=spec.kind, parent=spec.parent, short_name=short_name, code=code)


def _search_key_of(unit: OrgUnit) -> str:
    return search_key(" ".join(part for part in (unit.name, unit.short_name, unit.code) if part))


def _ensure_parent_valid(parent: OrgUnit | None, day: datetime.date) -> None:
    if parent is not None and not parent.is_valid_on(day):
        raise ApplicationError(
            _("Đơn vị cấp trên “%(parent)s” không có hiệu lực vào ngày %(day)s.")
            % {"parent": parent.name, "day": format_date(day)}
        )


def _insert(spec: UnitSpec, *, valid_from: datetime.date) -> OrgUnit:
    unit = OrgUnit(
        name=spec.name,
        short_name=spec.short_name,
        code=spec.code,
        kind=spec.kind,
        parent=spec.parent,
        valid_from=valid_from,
    )
    unit.search_key = _search_key_of(unit)
    unit.save()
    # The path needs the new id, hence the second write.
    unit.path = f"{spec.parent.path if spec.parent else '/'}{unit.pk}/"
    unit.depth = spec.parent.depth + 1 if spec.parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


def _ensure_changeable(unit: OrgUnit, day: datetime.date) -> None:
    """`unit` must be open, start before `day`, and have nothing in its subtree dated later."""
    if unit.valid_to is not None:
        raise ApplicationError(
            _("Đơn vị “%(unit)s” đã hết hiệu lực từ ngày %(day)s; không thể thay đổi tiếp.")
            % {"unit": unit.name, "day": format_date(unit.valid_to)}
        )
    if day <= unit.valid_from:
        raise ApplicationError(
            _(
                "Ngày hiệu lực (%(day)s) phải sau ngày đơn vị “%(unit)s” bắt đầu hiệu lực "
                "(%(start)s)."
            )
            % {"day": format_date(day), "unit": unit.name, "start": format_date(unit.valid_from)}
        )
    later = (
        OrgUnit.objects.subtree_of(unit)
        .exclude(pk=unit.pk)
        .filter(Q(valid_from__gt=day) | Q(valid_to__gt=day))
        .order_by("valid_from")
        .first()
    )
    if later is not None:
        raise ApplicationError(
            _(
                "Đơn vị trực thuộc “%(child)s” đã có thay đổi từ ngày %(day)s trở về sau; "
                "hãy áp dụng các thay đổi theo thứ tự thời gian."
            )
            % {"child": later.name, "day": format_date(later.valid_from)}
        )


def _close(unit: OrgUnit, day: datetime.date) -> None:
    unit.valid_to = day
    unit.save(update_fields=["valid_to", "updated_at"])


def _new_event(kind: str, day: datetime.date, legal_basis: str, note: str) -> LineageEvent:
    return LineageEvent.objects.create(
        kind=kind, effective_date=day, legal_basis=_clean_text(legal_basis), note=note.strip()
    )


def _transfer_memberships(old: OrgUnit, new: OrgUnit) -> int:
    """Move roles held on `old` to `new`; a role the user already holds there is dropped."""
    from thidua.accounts.models import Membership

    held = set(Membership.objects.filter(unit=new).values_list("user_id", "role"))
    moved = 0
    for membership in Membership.objects.filter(unit=old):
        if (membership.user_id, membership.role) in held:
            membership.delete()
        else:
            membership.unit = new
            membership.save(update_fields=["unit"])
            held.add((membership.user_id, membership.role))
        moved += 1
    return moved


def _open_version(
    old: OrgUnit,
    *,
    day: datetime.date,
    event: LineageEvent,
    parent: OrgUnit | None,
    name: str | None = None,
    short_name: str | None = None,
    code: str | None = None,
    kind: str | None = None,
    carried: bool = False,
) -> tuple[OrgUnit, list[dict[str, Any]]]:
    """Close `old` and open its next version; children follow. Returns the version and a log."""
    spec = UnitSpec(
        name=old.name if name is None else name,
        kind=old.kind if kind is None else kind,
        parent=parent,
        short_name=old.short_name if short_name is None else short_name,
        code=old.code if code is None else code,
    )
    _close(old, day)
    new = _insert(spec, valid_from=day)
    LineageLink.objects.create(event=event, predecessor=old, successor=new, carried=carried)
    log = [{"from": old.pk, "to": new.pk, "name": new.name, "carried": carried}]
    _transfer_memberships(old, new)
    log.extend(_carry_children(old, new, day=day, event=event))
    return new, log


def _carry_children(
    old: OrgUnit, new: OrgUnit, *, day: datetime.date, event: LineageEvent
) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = []
    for child in OrgUnit.objects.filter(parent=old, valid_to__isnull=True).order_by("path"):
        log.extend(_rehome(child, new, day=day, event=event))
    return log


def _rehome(
    child: OrgUnit, parent: OrgUnit, *, day: datetime.date, event: LineageEvent
) -> list[dict[str, Any]]:
    """Put an open child under `parent` from `day` on.

    A child that itself starts on `day` (changed earlier that same day) has no history under
    its old parent, so it is moved in place with its subtree instead of opening a new version.
    """
    if child.valid_from < day:
        return _open_version(child, day=day, event=event, parent=parent, carried=True)[1]
    old_path, new_path = child.path, f"{parent.path}{child.pk}/"
    depth_shift = parent.depth + 1 - child.depth
    for unit in OrgUnit.objects.filter(path__startswith=old_path):
        unit.path = new_path + unit.path[len(old_path) :]
        unit.depth += depth_shift
        if unit.pk == child.pk:
            unit.parent = parent
        unit.save(update_fields=["path", "depth", "parent", "updated_at"])
    return [{"from": child.pk, "to": child.pk, "name": child.name, "carried": True}]


def _ensure_not_inside(target: OrgUnit | None, closing: Sequence[OrgUnit], label: str) -> None:
    for unit in closing:
        if target is not None and target.path.startswith(unit.path):
            raise ApplicationError(
                _("%(label)s “%(target)s” nằm trong đơn vị “%(unit)s” sắp đóng lại.")
                % {"label": label, "target": target.name, "unit": unit.name}
            )


@transaction.atomic
def orgunit_create(
    *,
    actor: Any,
    spec: UnitSpec,
    valid_from: datetime.date,
    legal_basis: str = "",
    note: str = "",
) -> OrgUnit:
    """Establish a new unit (thành lập) from `valid_from`."""
    if spec.parent is None:
        ensure_can(actor, "org.create_root_orgunit")
    else:
        ensure_can(actor, "org.change_orgunit", spec.parent)
    spec = _clean_spec(spec)
    _ensure_parent_valid(spec.parent, valid_from)
    unit = _insert(spec, valid_from=valid_from)
    event = _new_event(LineageKind.ESTABLISH, valid_from, legal_basis, note)
    LineageLink.objects.create(event=event, predecessor=None, successor=unit)
    audit_record(
        actor=actor,
        action="org_unit.established",
        target=unit,
        unit=unit,
        after=snapshot(unit, AUDIT_FIELDS),
        note=event.legal_basis,
    )
    return unit


@transaction.atomic
def orgunit_correct(
    *, actor: Any, unit: OrgUnit, name: str, short_name: str, code: str, kind: str
) -> OrgUnit:
    """Fix a unit's recorded details in place (a typo), without opening a new version."""
    ensure_can(actor, "org.change_orgunit", unit)
    spec = _clean_spec(
        UnitSpec(name=name, kind=kind, parent=unit.parent, short_name=short_name, code=code)
    )
    before = snapshot(unit, AUDIT_FIELDS)
    unit.name, unit.short_name, unit.code, unit.kind = (
        spec.name,
        spec.short_name,
        spec.code,
        spec.kind,
    )
    unit.search_key = _search_key_of(unit)
    unit.save(update_fields=["name", "short_name", "code", "kind", "search_key", "updated_at"])
    audit_record(
        actor=actor,
        action="org_unit.corrected",
        target=unit,
        unit=unit,
        before=before,
        after=snapshot(unit, AUDIT_FIELDS),
    )
    return unit


def _next_spec(
    unit: OrgUnit,
    *,
    parent: OrgUnit | None,
    name: str | None,
    short_name: str | None,
    code: str | None,
    kind: str | None,
) -> UnitSpec:
    """The successor's details: what is given replaces, what is not is kept."""
    return _clean_spec(
        UnitSpec(
            name=unit.name if name is None else name,
            kind=unit.kind if kind is None else kind,
            parent=parent,
            short_name=unit.short_name if short_name is None else short_name,
            code=unit.code if code is None else code,
        )
    )


def _replace_with_version(
    unit: OrgUnit,
    spec: UnitSpec,
    *,
    actor: Any,
    kind: str,
    action: str,
    effective_date: datetime.date,
    legal_basis: str,
    note: str,
) -> OrgUnit:
    """Close `unit`, open its successor described by `spec` (children follow), audit once."""
    before = snapshot(unit, AUDIT_FIELDS)
    event = _new_event(kind, effective_date, legal_basis, note)
    new, log = _open_version(
        unit,
        day=effective_date,
        event=event,
        parent=spec.parent,
        name=spec.name,
        short_name=spec.short_name,
        code=spec.code,
        kind=spec.kind,
    )
    audit_record(
        actor=actor,
        action=action,
        target=new,
        unit=new,
        before=before,
        after={**snapshot(new, AUDIT_FIELDS), "versions": log},
        note=event.legal_basis,
    )
    return new


@transaction.atomic
def orgunit_rename(
    *,
    actor: Any,
    unit: OrgUnit,
    name: str,
    effective_date: datetime.date,
    short_name: str | None = None,
    code: str | None = None,
    kind: str | None = None,
    legal_basis: str = "",
    note: str = "",
) -> OrgUnit:
    """From `effective_date` the unit carries a new name (and possibly short name, code and
    kind, as when "Huyện Lý Sơn" became "Đặc khu Lý Sơn")."""
    ensure_can(actor, "org.change_orgunit", unit)
    _ensure_changeable(unit, effective_date)
    spec = _next_spec(
        unit, parent=unit.parent, name=name, short_name=short_name, code=code, kind=kind
    )
    unchanged = (unit.name, unit.short_name, unit.code, unit.kind)
    if (spec.name, spec.short_name, spec.code, spec.kind) == unchanged:
        raise ApplicationError(_("Tên mới trùng với tên hiện tại; không có gì để đổi."))
    return _replace_with_version(
        unit,
        spec,
        actor=actor,
        kind=LineageKind.RENAME,
        action="org_unit.renamed",
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=note,
    )


@transaction.atomic
def orgunit_move(
    *,
    actor: Any,
    unit: OrgUnit,
    new_parent: OrgUnit,
    effective_date: datetime.date,
    name: str | None = None,
    short_name: str | None = None,
    code: str | None = None,
    kind: str | None = None,
    legal_basis: str = "",
    note: str = "",
) -> OrgUnit:
    """From `effective_date` the unit sits under `new_parent`, with its whole subtree; it may
    take a new name, code and kind at the same time (as communes did on 01/07/2025)."""
    ensure_can(actor, "org.change_orgunit", unit)
    ensure_can(actor, "org.change_orgunit", new_parent)
    _ensure_changeable(unit, effective_date)
    if new_parent.pk == unit.parent_id:
        raise ApplicationError(
            _("Đơn vị đã trực thuộc “%(parent)s”.") % {"parent": new_parent.name}
        )
    _ensure_not_inside(new_parent, [unit], _("Đơn vị cấp trên mới"))
    _ensure_parent_valid(new_parent, effective_date)
    spec = _next_spec(
        unit, parent=new_parent, name=name, short_name=short_name, code=code, kind=kind
    )
    return _replace_with_version(
        unit,
        spec,
        actor=actor,
        kind=LineageKind.MOVE,
        action="org_unit.moved",
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=note,
    )


@transaction.atomic
def orgunit_merge(
    *,
    actor: Any,
    units: Sequence[OrgUnit],
    effective_date: datetime.date,
    into: OrgUnit | None = None,
    new_unit: UnitSpec | None = None,
    legal_basis: str = "",
    note: str = "",
) -> OrgUnit:
    """Merge `units` into an existing unit (`into`, sáp nhập) or into a new one (hợp nhất).

    The merged units close on `effective_date`; their open children follow the successor.
    """
    if (into is None) == (new_unit is None):
        raise ApplicationError(_("Hãy chọn đúng một trong hai: đơn vị tiếp nhận hoặc đơn vị mới."))
    closing = [unit for unit in dict.fromkeys(units) if into is None or unit.pk != into.pk]
    if not closing or len(closing) + (0 if into is None else 1) < 2:
        raise ApplicationError(_("Cần ít nhất hai đơn vị để sáp nhập, hợp nhất."))
    for unit in closing:
        ensure_can(actor, "org.change_orgunit", unit)
        _ensure_changeable(unit, effective_date)
    if into is not None:
        ensure_can(actor, "org.change_orgunit", into)
        if not into.is_valid_on(effective_date) or into.valid_to is not None:
            raise ApplicationError(
                _("Đơn vị tiếp nhận “%(unit)s” không có hiệu lực vào ngày %(day)s.")
                % {"unit": into.name, "day": format_date(effective_date)}
            )
        _ensure_not_inside(into, closing, _("Đơn vị tiếp nhận"))
        successor = into
    elif new_unit is not None:
        spec = _clean_spec(new_unit)
        if spec.parent is None:
            ensure_can(actor, "org.create_root_orgunit")
        else:
            ensure_can(actor, "org.change_orgunit", spec.parent)
        _ensure_parent_valid(spec.parent, effective_date)
        _ensure_not_inside(spec.parent, closing, _("Đơn vị cấp trên"))
        successor = _insert(spec, valid_from=effective_date)
    before = {"units": [snapshot(unit, AUDIT_FIELDS) for unit in closing]}
    event = _new_event(LineageKind.MERGE, effective_date, legal_basis, note)
    log: list[dict[str, Any]] = []
    memberships = 0
    for unit in closing:
        _close(unit, effective_date)
        LineageLink.objects.create(event=event, predecessor=unit, successor=successor)
        memberships += _transfer_memberships(unit, successor)
        log.extend(_carry_children(unit, successor, day=effective_date, event=event))
    audit_record(
        actor=actor,
        action="org_unit.merged",
        target=successor,
        unit=successor,
        before=before,
        after={**snapshot(successor, AUDIT_FIELDS), "versions": log, "memberships": memberships},
        note=event.legal_basis,
    )
    return successor


@transaction.atomic
def orgunit_split(
    *,
    actor: Any,
    unit: OrgUnit,
    successors: Sequence[UnitSpec | OrgUnit],
    effective_date: datetime.date,
    children_to: Mapping[int, int] | None = None,
    legal_basis: str = "",
    note: str = "",
) -> list[OrgUnit]:
    """Split `unit` between new units (a `UnitSpec`) and existing ones that take in a part.

    Open children go to successors[children_to[child.pk]] (the first successor by default).
    """
    ensure_can(actor, "org.change_orgunit", unit)
    _ensure_changeable(unit, effective_date)
    if len(successors) < 2:
        raise ApplicationError(_("Chia tách cần ít nhất hai đơn vị kế thừa."))
    for successor in successors:
        target = successor.parent if isinstance(successor, UnitSpec) else successor
        if isinstance(successor, UnitSpec) and target is None:
            ensure_can(actor, "org.create_root_orgunit")
        elif target is not None:
            ensure_can(actor, "org.change_orgunit", target)
        if isinstance(successor, OrgUnit) and (
            successor.valid_to is not None or not successor.is_valid_on(effective_date)
        ):
            raise ApplicationError(
                _("Đơn vị tiếp nhận “%(unit)s” không có hiệu lực vào ngày %(day)s.")
                % {"unit": successor.name, "day": format_date(effective_date)}
            )
        _ensure_parent_valid(target if isinstance(successor, UnitSpec) else None, effective_date)
        _ensure_not_inside(target, [unit], _("Đơn vị kế thừa"))
    children = list(OrgUnit.objects.filter(parent=unit, valid_to__isnull=True).order_by("path"))
    destination = dict(children_to or {})
    unknown = set(destination) - {child.pk for child in children}
    if unknown or any(not 0 <= index < len(successors) for index in destination.values()):
        raise ApplicationError(_("Cách phân chia đơn vị trực thuộc không hợp lệ."))
    before = snapshot(unit, AUDIT_FIELDS)
    event = _new_event(LineageKind.SPLIT, effective_date, legal_basis, note)
    _close(unit, effective_date)
    created = [
        _insert(_clean_spec(successor), valid_from=effective_date)
        if isinstance(successor, UnitSpec)
        else successor
        for successor in successors
    ]
    for new in created:
        LineageLink.objects.create(event=event, predecessor=unit, successor=new)
    log: list[dict[str, Any]] = []
    for child in children:
        log.extend(
            _rehome(child, created[destination.get(child.pk, 0)], day=effective_date, event=event)
        )
    from thidua.accounts.models import Membership

    audit_record(
        actor=actor,
        action="org_unit.split",
        target=unit,
        unit=unit,
        before=before,
        after={
            "successors": [snapshot(new, AUDIT_FIELDS) for new in created],
            "versions": log,
            "memberships_to_reassign": Membership.objects.filter(unit=unit).count(),
        },
        note=event.legal_basis,
    )
    return created


@transaction.atomic
def orgunit_dissolve(
    *,
    actor: Any,
    unit: OrgUnit,
    effective_date: datetime.date,
    functions_to: Sequence[OrgUnit] = (),
    legal_basis: str = "",
    note: str = "",
) -> OrgUnit:
    """Dissolve `unit` on `effective_date`. Its subtree must be emptied first. Units named in
    `functions_to` take over its tasks and, with them, read access to its history."""
    ensure_can(actor, "org.change_orgunit", unit)
    _ensure_changeable(unit, effective_date)
    open_children = list(
        OrgUnit.objects.filter(parent=unit, valid_to__isnull=True).order_by("name")[:6]
    )
    if open_children:
        names = ", ".join(child.name for child in open_children[:5])
        raise ApplicationError(
            _(
                "Đơn vị “%(unit)s” còn đơn vị trực thuộc đang hoạt động (%(names)s); hãy điều "
                "chuyển, sáp nhập hoặc giải thể các đơn vị này trước."
            )
            % {"unit": unit.name, "names": names + ("…" if len(open_children) > 5 else "")}
        )
    for receiver in functions_to:
        if not receiver.is_valid_on(effective_date):
            raise ApplicationError(
                _("Đơn vị tiếp nhận nhiệm vụ “%(unit)s” không có hiệu lực vào ngày %(day)s.")
                % {"unit": receiver.name, "day": format_date(effective_date)}
            )
    before = snapshot(unit, AUDIT_FIELDS)
    event = _new_event(LineageKind.DISSOLVE, effective_date, legal_basis, note)
    _close(unit, effective_date)
    receivers = list(dict.fromkeys(functions_to))
    if receivers:
        for receiver in receivers:
            LineageLink.objects.create(event=event, predecessor=unit, successor=receiver)
    else:
        LineageLink.objects.create(event=event, predecessor=unit, successor=None)
    audit_record(
        actor=actor,
        action="org_unit.dissolved",
        target=unit,
        unit=unit,
        before=before,
        after={**snapshot(unit, AUDIT_FIELDS), "functions_to": [r.pk for r in receivers]},
        note=event.legal_basis,
    )
    return unit
