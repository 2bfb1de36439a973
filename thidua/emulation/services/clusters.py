"""Cluster and block services: a year's edition with its members and scoring table, the
covenant signatures, assessments (self → cross → review; returned with a reason, they restart),
publishing the standings (which locks them) and turning the proposals into nominations.

Scores are computed by the pure :mod:`thidua.emulation.scoring`; nobody edits a total: the
office or the council returns a table with a reason and the member scores again.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.models import DossierKind, Nomination, Round
from thidua.commendation.services import dossier_file_add, nomination_create
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.files import check_file
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_nested, audit_record, audit_summary, snapshot
from thidua.core.text import nfc
from thidua.emulation import scoring
from thidua.emulation.models import (
    Assessment,
    AssessmentStatus,
    Cluster,
    ClusterKind,
    ClusterMember,
    ClusterYear,
    CrossMode,
    EditionStatus,
    Evidence,
    ScoringCriterion,
    ScoringGroup,
)
from thidua.emulation.tables import CriterionRow, GroupRow, entries_from_json, table_from_rows
from thidua.org.models import OrgUnit
from thidua.targets.enums import ReportStatus
from thidua.targets.evaluation import Observation, evaluate
from thidua.targets.models import Measure, Report
from thidua.targets.selectors import measure_rule

ASSESSMENT_FIELDS = ["id", "member_id", "status", "self_total", "final_total", "return_reason"]
EVIDENCE_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
FLAG_AWARD = "CO_THI_DUA_TINH"
CERTIFICATE_AWARD = "BANG_KHEN_TINH"


def _clean(text: str, label: str) -> str:
    cleaned = " ".join(nfc(text or "").split())
    if not cleaned:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": label},
            extra={"field": label},
        )
    return cleaned


@transaction.atomic
def cluster_create(
    *, actor: Any, organised_by: OrgUnit, name: str, kind: str, is_demo: bool = False
) -> Cluster:
    ensure_can(actor, "emulation.manage_cluster", organised_by)
    if kind not in ClusterKind.values:
        raise ApplicationError(_("Loại cụm, khối không hợp lệ."))
    cluster = Cluster.objects.create(
        organised_by=organised_by,
        name=_clean(name, _("Tên cụm, khối")),
        kind=kind,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="cluster.created",
        target=cluster,
        unit=organised_by,
        after=snapshot(cluster, ["id", "name", "kind", "organised_by_id"]),
    )
    return cluster


@transaction.atomic
def edition_create(
    *,
    actor: Any,
    cluster: Cluster,
    year: int,
    leader: OrgUnit,
    members: Sequence[OrgUnit],
    deputy: OrgUnit | None = None,
    cross_mode: str = CrossMode.LEADER,
    flags: int = 1,
    certificates: int = 1,
    covenant_signed_on: datetime.date | None = None,
    covenant_place: str = "",
) -> ClusterYear:
    """A year of the cluster: its members (in order), leader and deputy (rotation is data), and
    the conference where the covenant was signed."""
    ensure_can(actor, "emulation.manage_cluster", cluster)
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise ApplicationError(
            _("%(cluster)s đã có năm %(year)s.") % {"cluster": cluster.name, "year": year}
        )
    if cross_mode not in CrossMode.values:
        raise ApplicationError(_("Cách chấm chéo không hợp lệ."))
    unique = list(dict.fromkeys(members))
    if len(unique) < 2:
        raise ApplicationError(_("Cụm, khối cần ít nhất hai đơn vị thành viên."))
    for unit in (leader, deputy):
        if unit is not None and unit not in unique:
            raise ApplicationError(
                _("%(unit)s phải là thành viên mới làm trưởng, phó cụm, khối được.")
                % {"unit": unit.name}
            )
    edition = ClusterYear.objects.create(
        cluster=cluster,
        year=year,
        leader=leader,
        deputy=deputy,
        cross_mode=cross_mode,
        flags=flags,
        certificates=certificates,
        covenant_signed_on=covenant_signed_on,
        covenant_place=" ".join(nfc(covenant_place).split()),
    )
    for order, unit in enumerate(unique):
        member = ClusterMember.objects.create(edition=edition, unit=unit, order=order)
        Assessment.objects.create(member=member)
    audit_record(
        actor=actor,
        action="cluster_year.created",
        target=edition,
        unit=cluster.organised_by,
        after={
            "year": year,
            "leader_id": leader.pk,
            "deputy_id": deputy.pk if deputy else None,
            "members": [unit.pk for unit in unique],
            "cross_mode": cross_mode,
        },
    )
    return edition


@transaction.atomic
def covenant_sign(
    *, actor: Any, member: ClusterMember, signed_on: datetime.date, signer: str
) -> ClusterMember:
    """Record a member's signature of the covenant (giao ước thi đua)."""
    ensure_can(actor, "emulation.sign_covenant", member)
    member.signed_on = signed_on
    member.signer = _clean(signer, _("Người ký"))
    member.save(update_fields=["signed_on", "signer"])
    audit_record(
        actor=actor,
        action="covenant.signed",
        target=member,
        unit=member.unit,
        after={"signed_on": signed_on.isoformat(), "signer": member.signer},
    )
    return member


def _group_rows(edition: ClusterYear) -> list[GroupRow]:
    return [
        GroupRow(
            code=group.code,
            name=group.name,
            part=group.part,
            cap=group.cap,
            criteria=tuple(
                CriterionRow(
                    code=c.code,
                    name=c.name,
                    max_points=c.max_points,
                    formula=c.formula,
                    params=c.params,
                    guidance=c.guidance,
                    evidence_required=c.evidence_required,
                )
                for c in group.criteria.all()
            ),
        )
        for group in edition.groups.prefetch_related("criteria")
    ]


def table_for(edition: ClusterYear) -> scoring.ScoringTable:
    """The edition's scoring table as the engine reads it (two queries)."""
    return table_from_rows(
        str(edition),
        _group_rows(edition),
        decimals=edition.decimals,
        bonus_cap=edition.bonus_cap,
        penalty_cap=edition.penalty_cap,
        tie_break=edition.tie_break,
        facts=edition.facts,
    )


def _bound_measures(groups: Sequence[Mapping[str, Any]]) -> dict[str, Measure]:
    """The target measures criteria are bound to (`measure_id`), by criterion code."""
    wanted = {
        str(item.get("code", "")): item["measure_id"]
        for group in groups
        for item in group.get("criteria", ())
        if item.get("measure_id")
    }
    found = Measure.objects.in_bulk(list(wanted.values()))
    missing = sorted(code for code, pk in wanted.items() if pk not in found)
    if missing:
        raise ApplicationError(
            _("Tiêu chí %(codes)s gắn với chỉ tiêu không tồn tại.") % {"codes": ", ".join(missing)}
        )
    return {code: found[pk] for code, pk in wanted.items()}


@transaction.atomic
def scoring_table_set(
    *,
    actor: Any,
    edition: ClusterYear,
    groups: Sequence[Mapping[str, Any]],
    tie_break: Sequence[str] = (),
    decimals: int = 2,
    bonus_cap: Decimal | None = None,
    penalty_cap: Decimal | None = None,
    facts: Mapping[str, str] | None = None,
) -> ClusterYear:
    """Replace the table: groups = [{code, name, part, cap, criteria: [{code, name,
    max_points, formula, params, guidance, evidence_required}]}]. Refused once a member has
    sent its scores (the table they scored against must not change)."""
    ensure_can(actor, "emulation.manage_cluster", edition)
    started = Assessment.objects.filter(member__edition=edition).exclude(
        status=AssessmentStatus.DRAFT, self_entries={}
    )
    if started.exists():
        raise ApplicationError(_("Đã có thành viên chấm điểm; không thay đổi thang điểm được."))
    rows = [
        GroupRow(
            code=str(group.get("code", "")),
            name=_clean(str(group.get("name", "")), _("Tên nhóm tiêu chí")),
            part=str(group.get("part", "base")),
            cap=None if group.get("cap") in (None, "") else Decimal(str(group["cap"])),
            criteria=tuple(
                CriterionRow(
                    code=str(item.get("code", "")),
                    name=_clean(str(item.get("name", "")), _("Tên tiêu chí")),
                    max_points=Decimal(str(item.get("max_points", "0"))),
                    formula=str(item.get("formula", "")),
                    params=dict(item.get("params") or {}),
                    guidance=str(item.get("guidance", "")),
                    evidence_required=bool(item.get("evidence_required", False)),
                )
                for item in group.get("criteria", ())
            ),
        )
        for group in groups
    ]
    try:
        table = table_from_rows(
            str(edition),
            rows,
            decimals=decimals,
            bonus_cap=bonus_cap,
            penalty_cap=penalty_cap,
            tie_break=tie_break,
            facts=facts,
        )
        scoring.validate_table(table)
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    edition.groups.all().delete()
    measures = _bound_measures(groups)
    for group_order, group in enumerate(rows):
        stored = ScoringGroup.objects.create(
            edition=edition,
            code=group.code,
            name=group.name,
            part=group.part,
            cap=group.cap,
            order=group_order,
        )
        ScoringCriterion.objects.bulk_create(
            ScoringCriterion(
                group=stored,
                code=item.code,
                name=item.name,
                max_points=item.max_points,
                formula=item.formula,
                params=dict(item.params),
                guidance=item.guidance,
                evidence_required=item.evidence_required,
                measure=measures.get(item.code),
                order=order,
            )
            for order, item in enumerate(group.criteria)
        )
    edition.tie_break = list(tie_break)
    edition.decimals = decimals
    edition.bonus_cap = bonus_cap
    edition.penalty_cap = penalty_cap
    edition.facts = dict(facts or {})
    edition.save(update_fields=["tie_break", "decimals", "bonus_cap", "penalty_cap", "facts"])
    audit_record(
        actor=actor,
        action="scoring_table.set",
        target=edition,
        unit=edition.cluster.organised_by,
        after={"groups": [g.code for g in rows], "max_total": str(table.max_total)},
    )
    return edition


# --- Assessments ---------------------------------------------------------------------------


def _locked(assessment: Assessment, expected_version: int | None) -> Assessment:
    current = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("member__edition__cluster__organised_by", "member__unit", "cross_by")
        .get(pk=assessment.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Bảng điểm đã được người khác thay đổi trong lúc bạn đang xem; hãy tải lại "
                "trang (điểm bạn nhập chưa được lưu)."
            )
        )
    if current.member.edition.status == EditionStatus.PUBLISHED:
        raise ApplicationError(_("Kết quả đã công bố; bảng điểm đã khóa."))
    return current


def _save(
    actor: Any,
    assessment: Assessment,
    action: str,
    before: dict[str, Any],
    fields: list[str],
    note: str = "",
) -> Assessment:
    assessment.version += 1
    assessment.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        action=f"assessment.{action}",
        target=assessment,
        unit=assessment.member.unit,
        before=before,
        after=snapshot(assessment, ASSESSMENT_FIELDS),
        note=note,
    )
    return assessment


def _status_error(assessment: Assessment, doing: str) -> ApplicationError:
    return ApplicationError(
        _("Không thể %(doing)s: bảng điểm đang ở trạng thái “%(status)s”.")
        % {"doing": doing, "status": assessment.get_status_display()}
    )


def measure_entries(
    edition: ClusterYear, units: Sequence[OrgUnit]
) -> dict[int, dict[str, dict[str, Any]]]:
    """Criteria bound to a target measure, scored from each unit's own approved reports of the
    edition's year evaluated against the measure's rule (its achievement ratio, or its status
    when the rule has no ratio), by unit id. Two queries whatever the number of units; a unit
    without an approved figure gets nothing (the criterion stays to be typed)."""
    found: dict[int, dict[str, dict[str, Any]]] = {unit.pk: {} for unit in units}
    bound = list(
        ScoringCriterion.objects.filter(
            group__edition=edition, measure__isnull=False, formula=scoring.FormulaKind.TARGET
        ).select_related("measure__target__campaign")
    )
    if not bound:
        return found
    series: dict[tuple[int, int], list[Observation]] = {}
    reports = Report.objects.filter(
        measure__in=[criterion.measure_id for criterion in bound],
        unit__in=list(units),
        status=ReportStatus.APPROVED,
        value__isnull=False,
    ).order_by("period_end")
    for measure_id, unit_id, period_end, value in reports.values_list(
        "measure_id", "unit_id", "period_end", "value"
    ):
        series.setdefault((measure_id, unit_id), []).append(Observation(period_end, value))
    for criterion in bound:
        measure = criterion.measure
        assert measure is not None  # noqa: S101 - filtered above
        year = measure.target.campaign.year
        for unit in units:
            observed = series.get((measure.pk, unit.pk))
            if not observed:
                continue
            result = evaluate(
                measure_rule(measure),
                observed,
                year=year,
                as_of=datetime.date(year, 12, 31),
                unit=measure.unit,
            )
            found[unit.pk][criterion.code] = (
                {"achievement": str(result.ratio)}
                if result.ratio is not None
                else {"status": result.status.value}
            )
    return found


def score(
    edition: ClusterYear,
    assessment: Assessment,
    *,
    cross: bool,
    table: scoring.ScoringTable | None = None,
    from_measures: Mapping[str, Mapping[str, Any]] | None = None,
) -> scoring.MemberResult:
    """The member's result from its own entries, or with the cross assessor's entries over them;
    criteria bound to a measure take the unit's evaluated result unless figures were typed."""
    unit = assessment.member.unit
    if from_measures is None:
        from_measures = measure_entries(edition, [unit])[unit.pk]
    entries = {**from_measures, **assessment.self_entries}
    if cross:
        entries.update(assessment.cross_entries)
    member = entries_from_json(assessment.member.unit.name, entries, assessment.self_facts)
    try:
        return scoring.score_member(table or table_for(edition), member)
    except ValueError as error:
        raise ApplicationError(str(error)) from error


def _known_codes(edition: ClusterYear, entries: Mapping[str, Any]) -> None:
    codes = set(
        ScoringCriterion.objects.filter(group__edition=edition).values_list("code", flat=True)
    )
    unknown = sorted(set(entries) - codes)
    if unknown:
        raise ApplicationError(
            _("Tiêu chí không có trong thang điểm: %(codes)s.") % {"codes": ", ".join(unknown)}
        )


@transaction.atomic
def assessment_save(
    *,
    actor: Any,
    assessment: Assessment,
    entries: Mapping[str, Mapping[str, Any]],
    facts: Iterable[str] | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """Keep what the member (self) or the cross assessor (after the member sent it) typed; the
    figures are checked against the table now, so a sent sheet always scores."""
    assessment = _locked(assessment, expected_version)
    edition = assessment.member.edition
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    _known_codes(edition, entries)
    clean = {code: dict(values) for code, values in entries.items()}
    if assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        ensure_can(actor, "emulation.self_assess", assessment)
        assessment.self_entries = {**assessment.self_entries, **clean}
        if facts is not None:
            assessment.self_facts = sorted(set(facts) & set(edition.facts))
        fields = ["self_entries", "self_facts"]
    elif assessment.status == AssessmentStatus.SELF_SUBMITTED:
        ensure_can(actor, "emulation.cross_assess", assessment)
        assessment.cross_entries = {**assessment.cross_entries, **clean}
        fields = ["cross_entries"]
    else:
        raise _status_error(assessment, _("sửa điểm"))
    score(edition, assessment, cross=assessment.status == AssessmentStatus.SELF_SUBMITTED)
    return _save(actor, assessment, "saved", before, fields)


def _next_peer(member: ClusterMember) -> OrgUnit:
    """Peer mode: each member is cross-scored by the next one in the list (a ring)."""
    members = list(member.edition.members.order_by("order", "id").select_related("unit"))
    index = next(i for i, item in enumerate(members) if item.pk == member.pk)
    return members[(index + 1) % len(members)].unit


@transaction.atomic
def assessment_submit(
    *, actor: Any, assessment: Assessment, expected_version: int | None = None
) -> Assessment:
    """The member sends its self-assessment, or the cross assessor sends its scoring."""
    assessment = _locked(assessment, expected_version)
    edition = assessment.member.edition
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    now = timezone.now()
    if assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        ensure_can(actor, "emulation.self_assess", assessment)
        result = score(edition, assessment, cross=False)
        if not result.complete:
            raise ApplicationError(
                _("Còn tiêu chí chưa chấm: %(codes)s.") % {"codes": ", ".join(result.missing)}
            )
        missing_evidence = _missing_evidence(edition, assessment)
        if missing_evidence:
            raise ApplicationError(
                _("Tiêu chí cần minh chứng mà chưa có tệp: %(codes)s.")
                % {"codes": ", ".join(missing_evidence)}
            )
        assessment.status = AssessmentStatus.SELF_SUBMITTED
        assessment.self_total = result.total
        assessment.submitted_at = now
        assessment.return_reason = ""
        peers = edition.cross_mode == CrossMode.PEERS
        assessment.cross_by = _next_peer(assessment.member) if peers else edition.leader
        fields = ["status", "self_total", "submitted_at", "return_reason", "cross_by"]
        return _save(actor, assessment, "self_submitted", before, fields)
    if assessment.status == AssessmentStatus.SELF_SUBMITTED:
        ensure_can(actor, "emulation.cross_assess", assessment)
        result = score(edition, assessment, cross=True)
        assessment.status = AssessmentStatus.CROSS_SUBMITTED
        assessment.final_total = result.total
        assessment.crossed_at = now
        return _save(
            actor, assessment, "cross_submitted", before, ["status", "final_total", "crossed_at"]
        )
    raise _status_error(assessment, _("gửi bảng điểm"))


def _missing_evidence(edition: ClusterYear, assessment: Assessment) -> list[str]:
    required = ScoringCriterion.objects.filter(
        group__edition=edition, evidence_required=True
    ).values_list("code", flat=True)
    attached = set(assessment.evidence.values_list("criterion_code", flat=True))
    return [code for code in required if code not in attached]


@transaction.atomic
def assessment_review(
    *, actor: Any, assessment: Assessment, expected_version: int | None = None
) -> Assessment:
    """The emulation office accepts the cross-scored sheet."""
    ensure_can(actor, "emulation.manage_cluster", assessment)
    assessment = _locked(assessment, expected_version)
    if assessment.status != AssessmentStatus.CROSS_SUBMITTED:
        raise _status_error(assessment, _("thẩm định"))
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.status = AssessmentStatus.REVIEWED
    assessment.reviewed_at = timezone.now()
    return _save(actor, assessment, "reviewed", before, ["status", "reviewed_at"])


@transaction.atomic
def assessment_return(
    *, actor: Any, assessment: Assessment, reason: str, expected_version: int | None = None
) -> Assessment:
    """Send a sheet back with the reason (the office, or a council member): the cross scoring
    is dropped and the member scores again (nobody edits someone else's points)."""
    ensure_can(actor, "emulation.return_assessment", assessment)
    assessment = _locked(assessment, expected_version)
    if assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        raise _status_error(assessment, _("trả lại"))
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.status = AssessmentStatus.RETURNED
    assessment.return_reason = _clean(reason, _("Lý do trả lại"))
    assessment.cross_entries = {}
    assessment.final_total = None
    fields = ["status", "return_reason", "cross_entries", "final_total"]
    return _save(actor, assessment, "returned", before, fields, note=assessment.return_reason)


@transaction.atomic
def evidence_add(
    *, actor: Any, assessment: Assessment, criterion_code: str, name: str, content: bytes
) -> Evidence:
    ensure_can(actor, "emulation.self_assess", assessment)
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        raise _status_error(assessment, _("thêm minh chứng"))
    _known_codes(assessment.member.edition, {criterion_code: {}})
    checked = check_file(name, content, allowed=EVIDENCE_EXTENSIONS, max_bytes=EVIDENCE_MAX_BYTES)
    evidence = Evidence(
        assessment=assessment,
        criterion_code=criterion_code,
        name=checked.name,
        size=len(content),
        content_type=checked.content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored_name = f"{assessment.pk}-{criterion_code}{checked.extension}"
    evidence.file.save(stored_name, ContentFile(content), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="assessment.evidence_added",
        target=evidence,
        unit=assessment.member.unit,
        after=snapshot(evidence, ["id", "assessment_id", "criterion_code", "name", "size"]),
    )
    return evidence


# --- Standings -----------------------------------------------------------------------------


def standings_for(
    edition: ClusterYear, votes: Mapping[str, int] | None = None
) -> tuple[scoring.Standings, scoring.Proposals, dict[str, scoring.MemberResult]]:
    """Rank the members on their reviewed (cross-scored) sheets; votes are by unit name."""
    table = table_for(edition)
    assessments = list(
        Assessment.objects.filter(member__edition=edition).select_related("member__unit")
    )
    measured = measure_entries(edition, [a.member.unit for a in assessments])
    results = {
        a.member.unit.name: score(
            edition, a, cross=True, table=table, from_measures=measured[a.member.unit_id]
        )
        for a in assessments
    }
    try:
        standings = scoring.rank(table, results.values(), votes)
        proposals = scoring.propose(standings, edition.flags, edition.certificates)
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    return standings, proposals, results


@transaction.atomic
def edition_publish(
    *, actor: Any, edition: ClusterYear, votes: Mapping[str, int] | None = None
) -> ClusterYear:
    """Publish the standings once every sheet is reviewed; this locks the sheets. A tie that
    decides a proposal needs the conference's vote counts (`votes`, by unit name)."""
    ensure_can(actor, "emulation.manage_cluster", edition)
    edition = (
        ClusterYear.objects.select_for_update(of=("self",))
        .select_related("cluster__organised_by")
        .get(pk=edition.pk)
    )
    if edition.status == EditionStatus.PUBLISHED:
        raise ApplicationError(_("Kết quả đã được công bố."))
    waiting = (
        Assessment.objects.filter(member__edition=edition)
        .exclude(status=AssessmentStatus.REVIEWED)
        .select_related("member__unit")
    )
    if waiting:
        names = ", ".join(a.member.unit.name for a in waiting)
        raise ApplicationError(
            _("Chưa thẩm định xong bảng điểm của: %(names)s.") % {"names": names}
        )
    standings, proposals, _results = standings_for(edition, votes)
    if proposals.blocked_by_tie:
        raise ApplicationError(
            _("%(explanation)s Hãy nhập số phiếu của hội nghị cụm, khối cho các đơn vị này.")
            % {"explanation": proposals.explanation}
        )
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = timezone.now()
    edition.votes = dict(votes or {})
    edition.standings = {
        "rows": [
            {
                "unit": row.unit,
                "total": str(row.total),
                "rank": row.rank,
                "decided_by": row.decided_by,
                "explanation": row.explanation,
            }
            for row in standings.rows
        ],
        "flag": list(proposals.flag),
        "certificates": list(proposals.certificates),
        "explanation": proposals.explanation,
    }
    edition.version += 1
    edition.save(update_fields=["status", "published_at", "votes", "standings", "version"])
    Assessment.objects.filter(member__edition=edition).update(status=AssessmentStatus.PUBLISHED)
    audit_record(
        actor=actor,
        action="cluster_year.published",
        target=edition,
        unit=edition.cluster.organised_by,
        after=edition.standings,
    )
    return edition


@transaction.atomic
def proposals_create(
    *, actor: Any, edition: ClusterYear, round_: Round, minutes: tuple[str, bytes]
) -> list[Nomination]:
    """The published proposals become nominations of the member units in `round_` (Cờ thi
    đua for the leaders of the standings, Bằng khen for the next), each with the cluster's
    minutes attached; the units complete and send them like any nomination."""
    ensure_can(actor, "emulation.manage_cluster", edition)
    ensure_can(actor, "commendation.view_round", round_)
    if edition.status != EditionStatus.PUBLISHED:
        raise ApplicationError(_("Chỉ đề nghị khen thưởng sau khi đã công bố kết quả."))
    by_name = {m.unit.name: m.unit for m in edition.members.select_related("unit")}
    wanted = [(name, FLAG_AWARD) for name in edition.standings.get("flag", [])] + [
        (name, CERTIFICATE_AWARD) for name in edition.standings.get("certificates", [])
    ]
    achievement = _("%(cluster)s năm %(year)s: %(explanation)s") % {
        "cluster": edition.cluster.name,
        "year": edition.year,
        "explanation": edition.standings.get("explanation", ""),
    }
    name, content = minutes
    created = []
    with audit_nested() as included:  # one audit record for the call, counting the rest
        for unit_name, award in wanted:
            unit = by_name[unit_name]
            # The system proposes for the unit on the office's behalf: the office is not one of
            # the unit's proposers, and the nomination stays a draft the unit completes and sends.
            nomination = nomination_create(
                actor=None,
                round_=round_,
                unit=unit,
                subject=unit,
                award=award,
                achievement=achievement,
            )
            dossier_file_add(
                actor=None,
                nomination=nomination,
                kind=DossierKind.BIEN_BAN,
                name=name,
                content=content,
            )
            created.append(nomination)
    audit_record(
        actor=actor,
        action="cluster_year.proposed",
        target=edition,
        unit=edition.cluster.organised_by,
        after={
            "round_id": round_.pk,
            "nominations": [n.pk for n in created],
            **audit_summary(included),
        },
    )
    return created
