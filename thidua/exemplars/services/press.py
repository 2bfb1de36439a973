"""Making the press pack: the office, for a model approved or published with the person's
consent to its current text. Handing information to the press is a disclosure, so every pack made
is audited."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record
from thidua.core.text import format_date, local_today
from thidua.exemplars.enums import ExemplarCategory, ExemplarStatus, Sector
from thidua.exemplars.models import Exemplar
from thidua.exemplars.press_pack import PressPack, PressPhoto, build_zip, press_recipients
from thidua.exemplars.services.exemplars import publication_problem
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_successor_ids

PACKABLE_STATUSES = (ExemplarStatus.APPROVED, ExemplarStatus.PUBLISHED)


def province_of(unit: OrgUnit, day: datetime.date) -> OrgUnit:
    """The root of `unit`'s tree, or, when that province no longer exists on `day`, the province
    that succeeded it (Kon Tum 2024 → Quảng Ngãi from 01/07/2025)."""
    root_id = int(unit.path.strip("/").split("/")[0]) if unit.path else unit.pk
    root = OrgUnit.objects.get(pk=root_id)
    if root.is_valid_on(day):
        return root
    successors = orgunit_successor_ids([root.pk]).get(root.pk, [])
    found = (
        OrgUnit.objects.valid_on(day)
        .filter(pk__in=successors, parent__isnull=True)
        .order_by("path")
        .first()
    )
    return found or root


def _award_line(record: Any) -> str:
    return (
        f"{record.award_name} năm {record.year} (Quyết định số {record.decision_number} ngày "
        f"{format_date(record.decision_date)} của {record.issuer})"
    )


def _read(field: Any) -> bytes:
    with field.open("rb") as handle:
        return bytes(handle.read())


def _pack(exemplar: Exemplar, *, actor: Any, day: datetime.date) -> PressPack:
    photos = [photo for photo in exemplar.photos.all() if photo.is_public]
    awards = exemplar.award_records.filter(revoked_at__isnull=True).order_by("-year", "id")
    made_by = (
        actor.get_full_name() or actor.get_username()
        if getattr(actor, "is_authenticated", False)
        else "Cơ quan thường trực Hội đồng Thi đua – Khen thưởng"
    )
    assert exemplar.consent_on is not None  # publication_problem() checked it  # noqa: S101
    return PressPack(
        public_name=exemplar.public_name,
        unit=exemplar.unit.name if exemplar.consent_show_unit else "",
        category=str(ExemplarCategory(exemplar.category).label),
        sector=str(Sector(exemplar.sector).label),
        year=exemplar.year,
        headline=exemplar.headline,
        story=exemplar.story,
        facts=list(exemplar.facts),
        awards=[_award_line(record) for record in awards],
        movements=[movement.name for movement in exemplar.movements.order_by("-starts_on")],
        consent_on=exemplar.consent_on,
        recipients=press_recipients(province_of(exemplar.unit, day).name, day),
        made_on=day,
        made_by=made_by,
        is_demo=exemplar.is_demo,
        photos=[
            PressPhoto(
                caption=photo.caption,
                credit=photo.credit,
                content=_read(photo.image),
                extension=".png" if photo.content_type == "image/png" else ".jpg",
            )
            for photo in photos
        ],
    )


@transaction.atomic
def exemplar_press_pack_make(
    *, actor: Any, exemplar: Exemplar, day: datetime.date | None = None
) -> tuple[str, bytes]:
    """The pack's file name and its ZIP bytes."""
    ensure_can(actor, "exemplars.review_exemplar", exemplar)
    if exemplar.status not in PACKABLE_STATUSES:
        raise ApplicationError(
            _(
                "Chỉ lập bộ tư liệu cho điển hình đã duyệt hoặc đã công bố (điển hình “%(name)s” "
                "đang “%(status)s”)."
            )
            % {"name": exemplar.public_name, "status": ExemplarStatus(exemplar.status).label}
        )
    problem = publication_problem(exemplar)
    if problem:
        raise ApplicationError(problem, extra={"field": "consent"})
    on = day or local_today()
    pack = _pack(exemplar, actor=actor, day=on)
    content = build_zip(pack)
    audit_record(
        actor=actor,
        action="exemplar.press_pack_made",
        target=exemplar,
        unit=exemplar.unit,
        after={
            "recipients": list(pack.recipients),
            "photos": len(pack.photos),
            "bytes": len(content),
        },
    )
    return f"tu-lieu-{pack.slug}.zip", content
