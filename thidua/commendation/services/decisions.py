"""Decision services: draft a decision from a round's passed nominations, sign it (its number is
taken from the register then), attach the signed scan, publish it; revoke awards by decision
(Law Art. 93). Signing writes the award records, so histories and statistics follow."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import Issuer, award_definitions, can_decide
from thidua.commendation.models import (
    AwardRecord,
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Nomination,
    NominationStatus,
    Round,
)
from thidua.commendation.services.registry import (
    _required,
    award_record_create,
    award_record_revoke,
    decision_number_take,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.files import check_file
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import format_date, local_today
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit

DECISION_FIELDS = [
    "id",
    "kind",
    "round_id",
    "issuer_id",
    "award",
    "title",
    "symbol",
    "number",
    "signed_on",
    "signer_name",
    "signer_title",
    "reason",
    "status",
]
SCAN_MAX_BYTES = 20 * 1024 * 1024
LAW_IN_FORCE = datetime.date(2024, 1, 1)

# Who an org unit is when it signs (RULES.md §1.5).
ISSUER_OF_KIND = {
    UnitKind.TINH: Issuer.TINH,
    UnitKind.SO_BAN_NGANH: Issuer.SO_NGANH,
    UnitKind.HUYEN: Issuer.HUYEN,
    UnitKind.XA: Issuer.XA,
    UnitKind.DOANH_NGHIEP: Issuer.DOANH_NGHIEP,
}


def issuer_label(issuer: OrgUnit) -> str:
    """Who decided, as award histories write it: "Chủ tịch Ủy ban nhân dân tỉnh Kon Tum"."""
    kind = ISSUER_OF_KIND.get(UnitKind(issuer.kind)) if issuer.kind in UnitKind.values else None
    if kind is None:
        return issuer.name
    label = kind.label
    head, _space, rest = issuer.name.partition(" ")
    if rest and label.lower().endswith(" " + head.lower()):
        return f"{label} {rest}"
    return f"{label} ({issuer.name})"


def _audit(actor: Any, action: str, decision: Decision, before: dict[str, Any] | None) -> None:
    audit_record(
        actor=actor,
        action=f"decision.{action}",
        target=decision,
        unit=decision.issuer,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
    )


def _check_authority(issuer: OrgUnit, award: str, on: datetime.date) -> None:
    """Refuse an award the issuer may only propose. Before 01/01/2024 (the 2022 Law) the
    powers are not modelled: recording an older decision is not checked."""
    if on < LAW_IN_FORCE:
        return
    kind = ISSUER_OF_KIND.get(UnitKind(issuer.kind)) if issuer.kind in UnitKind.values else None
    if kind is None or not can_decide(kind, award, on):
        name = award_definitions()[award].name
        raise ApplicationError(
            _(
                "%(issuer)s không có thẩm quyền quyết định tặng “%(award)s” (ngày %(day)s); "
                "hãy lập tờ trình đề nghị cấp có thẩm quyền."
            )
            % {"issuer": issuer.name, "award": name, "day": format_date(on)}
        )


@transaction.atomic
def decision_draft(
    *,
    actor: Any,
    round_: Round,
    award: str,
    title: str = "",
    symbol: str = "QĐ-UBND",
    nominations: Iterable[Nomination] | None = None,
) -> Decision:
    """A draft decision awarding `award` to the round's passed nominations not yet in one."""
    ensure_can(actor, "commendation.decide", round_)
    definitions = award_definitions()
    if award not in definitions:
        raise ApplicationError(
            _("Mã “%(value)s” không có trong danh mục khen thưởng.") % {"value": award}
        )
    _check_authority(round_.issuer, award, local_today())
    taken = DecisionItem.objects.filter(
        nomination__round=round_, decision__kind=DecisionKind.AWARD
    ).values("nomination_id")
    passed = (
        Nomination.objects.filter(round=round_, award=award, status=NominationStatus.PASSED)
        .exclude(pk__in=taken)
        .order_by("unit__path", "id")
    )
    if nominations is not None:
        wanted = {nomination.pk for nomination in nominations}
        chosen = list(passed.filter(pk__in=wanted))
        if len(chosen) != len(wanted):
            raise ApplicationError(
                _("Chỉ đưa vào quyết định các đề nghị Hội đồng đã thông qua, chưa có quyết định.")
            )
    else:
        chosen = list(passed)
    if not chosen:
        raise ApplicationError(
            _("Không còn đề nghị “%(award)s” nào được Hội đồng thông qua mà chưa có quyết định.")
            % {"award": definitions[award].name}
        )
    default_title = _("Về việc tặng %(award)s (%(round)s)") % {
        "award": definitions[award].name,
        "round": round_.name,
    }
    decision = Decision.objects.create(
        kind=DecisionKind.AWARD,
        round=round_,
        issuer=round_.issuer,
        award=award,
        title=(" ".join((title or "").split()) or default_title)[:500],
        symbol=_required(symbol, _("Ký hiệu")).upper(),
        is_demo=round_.is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, nomination=nomination, order=index)
        for index, nomination in enumerate(chosen, start=1)
    )
    _audit(actor, "drafted", decision, None)
    return decision


@transaction.atomic
def revocation_draft(
    *,
    actor: Any,
    issuer: OrgUnit,
    records: Iterable[AwardRecord],
    reason: str,
    title: str = "",
    symbol: str = "QĐ-UBND",
) -> Decision:
    """A draft decision revoking awards (Law Art. 93) with the reason."""
    ensure_can(actor, "commendation.decide", issuer)
    chosen = list(records)
    if not chosen:
        raise ApplicationError(_("Hãy chọn ít nhất một khen thưởng cần thu hồi."))
    revoked = [record for record in chosen if record.revoked_at is not None]
    if revoked:
        raise ApplicationError(
            _("“%(subject)s” – %(award)s năm %(year)s đã bị thu hồi trước đó.")
            % {
                "subject": str(revoked[0].subject),
                "award": revoked[0].award_name,
                "year": revoked[0].year,
            }
        )
    text = _required(reason, _("Lý do thu hồi"))
    decision = Decision.objects.create(
        kind=DecisionKind.REVOCATION,
        issuer=issuer,
        title=(" ".join((title or "").split()) or _("Về việc hủy bỏ quyết định khen thưởng"))[:500],
        symbol=_required(symbol, _("Ký hiệu")).upper(),
        reason=text,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, award_record=record, order=index)
        for index, record in enumerate(chosen, start=1)
    )
    _audit(actor, "drafted", decision, None)
    return decision


def _locked(decision: Decision, *allowed: str) -> Decision:
    decision = (
        Decision.objects.select_for_update().select_related("issuer", "round").get(pk=decision.pk)
    )
    if decision.status not in allowed:
        raise ApplicationError(
            _("Quyết định đang ở trạng thái “%(status)s”.")
            % {"status": decision.get_status_display()}
        )
    return decision


@transaction.atomic
def decision_sign(
    *,
    actor: Any,
    decision: Decision,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
) -> Decision:
    """Record the signature: take the number from the register and write the awards into the
    histories (or revoke them). All or nothing."""
    ensure_can(actor, "commendation.decide", decision)
    decision = _locked(decision, DecisionStatus.DRAFT)
    if signed_on > local_today():
        raise ApplicationError(
            _("Trường “%(field)s”: ngày ký %(day)s ở tương lai.")
            % {"field": _("Ngày ký"), "day": format_date(signed_on)},
            extra={"field": _("Ngày ký")},
        )
    before = snapshot(decision, DECISION_FIELDS)
    decision.signer_name = _required(signer_name, _("Người ký"))
    decision.signer_title = _required(signer_title, _("Chức vụ người ký"))
    decision.signed_on = signed_on
    decision.number = decision_number_take(
        actor=actor, issuer=decision.issuer, year=signed_on.year, symbol=decision.symbol
    )
    issued_by = issuer_label(decision.issuer)
    items = list(
        decision.items.select_related(
            "nomination__round",
            "nomination__person",
            "nomination__collective",
            "nomination__household",
            "award_record",
        )
    )
    if decision.kind == DecisionKind.AWARD:
        assert decision.round is not None  # an award decision always has its round  # noqa: S101
        if signed_on.year < decision.round.year:
            raise ApplicationError(
                _("Ngày ký %(day)s trước năm thành tích %(year)s.")
                % {"day": format_date(signed_on), "year": decision.round.year}
            )
        _check_authority(decision.issuer, decision.award, signed_on)
        for item in items:
            assert item.nomination is not None  # noqa: S101
            item.award_record = award_record_create(
                actor=actor,
                subject=item.nomination.subject,
                year=decision.round.year,
                award=decision.award,
                award_type=decision.round.award_type,
                decision_number=decision.number,
                decision_date=signed_on,
                issuer=issued_by,
            )
            item.save(update_fields=["award_record"])
        Nomination.objects.filter(pk__in=[item.nomination_id for item in items]).update(
            status=NominationStatus.DECIDED, version=F("version") + 1
        )
    else:
        for item in items:
            assert item.award_record is not None  # noqa: S101
            award_record_revoke(
                actor=actor,
                record=item.award_record,
                reason=_("%(reason)s (Quyết định số %(number)s ngày %(day)s)")
                % {
                    "reason": decision.reason,
                    "number": decision.number,
                    "day": format_date(signed_on),
                },
            )
    decision.status = DecisionStatus.SIGNED
    decision.save(update_fields=["signer_name", "signer_title", "signed_on", "number", "status"])
    _audit(actor, "signed", decision, before)
    return decision


@transaction.atomic
def decision_attach_scan(*, actor: Any, decision: Decision, name: str, content: bytes) -> Decision:
    """Keep the signed scan (PDF) of a signed decision."""
    ensure_can(actor, "commendation.decide", decision)
    decision = _locked(decision, DecisionStatus.SIGNED, DecisionStatus.PUBLISHED)
    checked = check_file(
        name, content, allowed=(".pdf",), max_bytes=SCAN_MAX_BYTES, default_name="quyet-dinh"
    )
    before = snapshot(decision, DECISION_FIELDS)
    if decision.scan:
        decision.scan.delete(save=False)
    decision.scan.save(f"{decision.pk}-{checked.name}", ContentFile(content), save=False)
    decision.save(update_fields=["scan"])
    _audit(actor, "scan_attached", decision, before)
    return decision


@transaction.atomic
def decision_publish(*, actor: Any, decision: Decision) -> Decision:
    """Make a signed decision public (the public list of awards)."""
    ensure_can(actor, "commendation.decide", decision)
    decision = _locked(decision, DecisionStatus.SIGNED)
    if not decision.scan:
        raise ApplicationError(_("Hãy đính kèm bản quyết định đã ký trước khi công khai."))
    before = snapshot(decision, DECISION_FIELDS)
    decision.status = DecisionStatus.PUBLISHED
    decision.published_at = timezone.now()
    decision.save(update_fields=["status", "published_at"])
    _audit(actor, "published", decision, before)
    return decision


@transaction.atomic
def decision_discard(*, actor: Any, decision: Decision) -> None:
    """Drop a draft (its nominations may go into another draft); signed ones are kept."""
    ensure_can(actor, "commendation.decide", decision)
    decision = _locked(decision, DecisionStatus.DRAFT)
    before = snapshot(decision, DECISION_FIELDS)
    issuer, description, pk = decision.issuer, str(decision), str(decision.pk)
    decision.items.all().delete()
    decision.delete()
    audit_record(
        actor=actor,
        action="decision.discarded",
        object_type="commendation.decision",
        object_id=pk,
        object_repr=description,
        unit=issuer,
        before=before,
    )
