"""Decision services: draft a decision from a round's passed nominations, sign it (its number is
taken from the register then), attach the signed scan, publish it; revoke awards by decision
(Law Art. 93). Signing writes the award records, so histories and statistics follow."""

import datetime
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation import selection
from thidua.commendation.catalogue import Issuer, award_definitions, can_decide
from thidua.commendation.eligibility import evaluate
from thidua.commendation.enums import Gender
from thidua.commendation.models import (
    AwardRecord,
    CandidateResult,
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    InitiativeRecord,
    Nomination,
    NominationStatus,
    Round,
    subject_kind,
)
from thidua.commendation.selectors import subject_for
from thidua.commendation.services.registry import (
    award_record_create,
    award_record_revoke,
    decision_number_take,
    initiative_mark_used,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.files import check_file
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_nested, audit_record, audit_summary, snapshot
from thidua.core.text import format_date, local_today
from thidua.core.validation import required_text
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
    "note",
    "status",
]
SCAN_MAX_BYTES = 20 * 1024 * 1024
# Titles that may rest on an initiative (Law Art. 23–24): CSTĐ cơ sở, tỉnh, toàn quốc.
INITIATIVE_AWARDS = frozenset({"CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC"})
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


def _audit(
    actor: Any,
    action: str,
    decision: Decision,
    before: dict[str, Any] | None,
    **included: Any,
) -> None:
    audit_record(
        actor=actor,
        action=f"decision.{action}",
        target=decision,
        unit=decision.issuer,
        before=before,
        after={**snapshot(decision, DECISION_FIELDS), **included},
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


def _within_quota(
    round_: Round, award: str, chosen: list[Nomination], limit: int, *, explicit: bool
) -> tuple[list[Nomination], str]:
    """Keep at most `limit` awards per proposing unit, counting those already decided in the
    round: the best-voted first, women first at equal votes (Art. 4(6)); a tie at the limit is
    left for the council. Chosen by hand (`explicit`), a unit over its limit is refused."""
    already = Counter(
        DecisionItem.objects.filter(
            decision__round=round_, decision__kind=DecisionKind.AWARD, nomination__award=award
        ).values_list("nomination__unit_id", flat=True)
    )
    votes = {
        result.nomination_id: result.agree + result.written_agree
        for result in CandidateResult.objects.filter(nomination__in=chosen, passed=True).order_by(
            "session__held_on", "id"
        )
    }
    by_id = {str(nomination.pk): nomination for nomination in chosen}
    candidates = [
        selection.Candidate(
            candidate_id=str(nomination.pk),
            kind=subject_kind(nomination.subject),
            unit=str(nomination.unit_id),
            round=str(round_.pk),
            award=award,
            score=Decimal(votes.get(nomination.pk, 0)),
            female=nomination.person is not None and nomination.person.gender == Gender.NU,
        )
        for nomination in chosen
    ]
    limits = {
        (str(unit_id), str(round_.pk), award): max(0, limit - already[unit_id])
        for unit_id in {nomination.unit_id for nomination in chosen}
    }
    kept: list[Nomination] = []
    notes: list[str] = []
    for outcome in selection.apply_quotas(candidates, limits):
        group = [*outcome.selected, *outcome.not_selected, *outcome.undecided]
        unit_name = by_id[group[0].candidate_id].unit.name
        if explicit and outcome.limit is not None and len(group) > outcome.limit:
            raise ApplicationError(
                _("%(unit)s: chọn %(count)s đề nghị, vượt số lượng tối đa còn lại %(limit)s.")
                % {"unit": unit_name, "count": len(group), "limit": outcome.limit}
            )
        kept.extend(by_id[item.candidate_id] for item in outcome.selected)
        left = [*outcome.not_selected, *outcome.undecided]
        if left:
            names = ", ".join(str(by_id[item.candidate_id].subject) for item in left)
            notes.append(
                _("%(unit)s: tối đa %(limit)s, chưa đưa vào %(names)s%(tie)s")
                % {
                    "unit": unit_name,
                    "limit": outcome.limit,
                    "names": names,
                    "tie": _(" (ngang phiếu, Hội đồng quyết định)") if outcome.undecided else "",
                }
            )
    kept.sort(key=lambda nomination: (nomination.unit.path, nomination.pk))
    return kept, "; ".join(notes)


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
    # Drafts of one round are made one at a time: two at once would both take the nominations
    # not yet in a decision (and the quota's count), and the awards would be written twice.
    round_ = (
        Round.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=round_.pk)
    )
    taken = DecisionItem.objects.filter(
        nomination__round=round_, decision__kind=DecisionKind.AWARD
    ).values("nomination_id")
    passed = (
        Nomination.objects.filter(round=round_, award=award, status=NominationStatus.PASSED)
        .select_related("unit", "person", "collective", "household")
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
    note = ""
    limit = round_.quotas.get(award)
    if limit is not None and chosen:
        chosen, note = _within_quota(round_, award, chosen, limit, explicit=nominations is not None)
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
        symbol=required_text(symbol, _("Ký hiệu")).upper(),
        note=note,
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
    text = required_text(reason, _("Lý do thu hồi"))
    decision = Decision.objects.create(
        kind=DecisionKind.REVOCATION,
        issuer=issuer,
        title=(" ".join((title or "").split()) or _("Về việc hủy bỏ quyết định khen thưởng"))[:500],
        symbol=required_text(symbol, _("Ký hiệu")).upper(),
        reason=text,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, award_record=record, order=index)
        for index, record in enumerate(chosen, start=1)
    )
    _audit(actor, "drafted", decision, None)
    return decision


def _initiatives_relied_on(nomination: Nomination, on: datetime.date) -> list[InitiativeRecord]:
    """The initiatives the eligibility engine relies on for this award: once the award is
    decided they are used (one initiative serves one award, CV 5007/BNV-TĐKT)."""
    if nomination.person_id is None or nomination.award not in INITIATIVE_AWARDS:
        return []
    subject = subject_for(nomination.subject, on, year=nomination.round.year)
    result = evaluate(subject, nomination.award, on, year=nomination.round.year)
    refs = {int(c.initiative) for c in result.criteria if c.passed and c.initiative}
    return list(InitiativeRecord.objects.filter(pk__in=refs, used_for_award__isnull=True))


def _locked(decision: Decision, *allowed: str) -> Decision:
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("issuer", "round")
        .get(pk=decision.pk)
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
    decision.signer_name = required_text(signer_name, _("Người ký"))
    decision.signer_title = required_text(signer_title, _("Chức vụ người ký"))
    decision.signed_on = signed_on
    # One audit record for the signature: the number taken, the awards written (or revoked)
    # and the initiatives used are counted in it, not recorded one by one.
    with audit_nested() as included:
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
                relied_on = _initiatives_relied_on(item.nomination, signed_on)
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
                for initiative in relied_on:
                    initiative_mark_used(
                        actor=actor, initiative=initiative, award_record=item.award_record
                    )
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
    _audit(actor, "signed", decision, before, **audit_summary(included))
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
