"""Writes for movements: authorise, validate, write and audit in one transaction."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.emulation.models import Movement, MovementKind
from thidua.org.models import OrgUnit
from thidua.targets.models import Campaign


@transaction.atomic
def movement_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    launched_by: OrgUnit,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    campaign: Campaign | None = None,
    document_number: str = "",
    document_date: datetime.date | None = None,
) -> Movement:
    ensure_can(actor, "emulation.launch_movement", launched_by)
    clean_name = " ".join(nfc(name).split())
    if not clean_name:
        raise ApplicationError(_("Cần có tên phong trào."))
    if kind not in MovementKind.values:
        raise ApplicationError(_("Loại phong trào không hợp lệ."))
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if (
        campaign is not None
        and Movement.objects.filter(campaign=campaign, name=clean_name).exists()
    ):
        raise ApplicationError(
            _("Phong trào “%(name)s” đã có trong năm thi đua này.") % {"name": clean_name}
        )
    movement = Movement.objects.create(
        name=clean_name,
        kind=kind,
        launched_by=launched_by,
        campaign=campaign,
        starts_on=starts_on,
        ends_on=ends_on,
        document_number=nfc(document_number).strip(),
        document_date=document_date,
    )
    audit_record(
        actor=actor,
        action="movement.created",
        target=movement,
        unit=launched_by,
        after=snapshot(movement, ["id", "name", "kind", "campaign_id", "starts_on", "ends_on"]),
    )
    return movement
