"""Writes of the figures behind 0604.N and 0605.N: a unit's TĐKT organisations and staff in a
year, entered by the emulation office. Each service authorises, validates, writes and audits
in one transaction."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.documents.models import TdktWorkforce
from thidua.documents.statistical_forms import WORKFORCE_FIELDS, workforce_problems
from thidua.org.models import OrgUnit

FIRST_YEAR = 2000
AUDITED_FIELDS = ("unit_id", "year", *WORKFORCE_FIELDS, "note")


def _check_year(unit: OrgUnit, year: int) -> None:
    if not FIRST_YEAR <= year <= 2100:
        raise ApplicationError(_("Năm báo cáo phải từ %(first)s đến 2100.") % {"first": FIRST_YEAR})
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if unit.valid_from > last or (unit.valid_to is not None and unit.valid_to <= first):
        raise ApplicationError(
            _("Đơn vị “%(unit)s” không tồn tại trong năm %(year)s.")
            % {"unit": unit.name, "year": year}
        )


def _changed_meanwhile(current: int | None) -> ConflictError:
    return ConflictError(
        _(
            "Số liệu này vừa được người khác lưu trong lúc bạn đang nhập; số liệu của bạn chưa "
            "được lưu."
        ),
        extra={"current_version": current},
    )


@transaction.atomic
def tdkt_workforce_save(
    *,
    actor: Any,
    unit: OrgUnit,
    year: int,
    counts: Mapping[str, int],
    note: str = "",
    expected_version: int | None = None,
) -> TdktWorkforce:
    """Create or replace the unit's figures of `year`; each split of the staff must add up.
    `expected_version` is the version the user opened (0: they saw no figures yet; None: not
    checked): saving over figures someone else saved meanwhile is refused, nothing written."""
    ensure_can(actor, "documents.manage_tdkt_workforce", unit)
    _check_year(unit, year)
    unknown = sorted(set(counts) - set(WORKFORCE_FIELDS))
    if unknown:
        raise ApplicationError(
            _("Không có số liệu “%(fields)s” trong biểu.") % {"fields": ", ".join(unknown)}
        )
    values = {name: counts.get(name, 0) for name in WORKFORCE_FIELDS}
    problems = workforce_problems(values)
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})

    record = TdktWorkforce.objects.select_for_update().filter(unit=unit, year=year).first()
    if record is not None and expected_version is not None and record.version != expected_version:
        raise _changed_meanwhile(record.version)
    if record is None and expected_version:
        raise ApplicationError(
            _("Số liệu này vừa bị người khác xóa; hãy mở lại trang để nhập mới.")
        )
    before = snapshot(record, AUDITED_FIELDS) if record is not None else None
    if record is None:
        record = TdktWorkforce(unit=unit, year=year, version=0)
    for name, value in values.items():
        setattr(record, name, value)
    record.note = note.strip()
    record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    record.version += 1
    adding = record._state.adding
    try:
        with transaction.atomic():
            record.full_clean()
            record.save()
    except (IntegrityError, ValidationError) as error:
        stored = TdktWorkforce.objects.filter(unit=unit, year=year)
        current = stored.values_list("version", flat=True).first()
        if adding and current is not None:
            # Someone entered the unit's first figures of the year at the same moment.
            raise _changed_meanwhile(current) from error
        raise
    audit_record(
        actor=actor,
        action="tdkt_workforce.saved",
        target=record,
        unit=unit,
        before=before,
        after=snapshot(record, AUDITED_FIELDS),
    )
    return record


@transaction.atomic
def tdkt_workforce_delete(*, actor: Any, record: TdktWorkforce) -> None:
    ensure_can(actor, "documents.manage_tdkt_workforce", record.unit)
    locked = TdktWorkforce.objects.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        raise ApplicationError(_("Số liệu này đã được xóa."))
    before, description, pk = snapshot(locked, AUDITED_FIELDS), str(locked), str(locked.pk)
    locked.delete()
    audit_record(
        actor=actor,
        action="tdkt_workforce.deleted",
        object_type=TdktWorkforce._meta.label_lower,
        object_id=pk,
        object_repr=description,
        unit=record.unit,
        before=before,
    )
