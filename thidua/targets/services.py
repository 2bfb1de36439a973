"""Writes for campaigns, measures and reports. Each service authorises, validates, writes,
keeps the report's history and audits, in one transaction.

Report workflow: draft → submitted → approved, or submitted → returned (reason required) →
submitted again. Approved values are locked; a correction opens a new revision (reason
required) that goes through review again. `expected_version` protects against lost updates.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.files import check_file
from thidua.core.permissions import ensure_can
from thidua.core.services import SYSTEM_ACTOR, audit_record, snapshot
from thidua.core.text import format_date, nfc
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_successor_ids
from thidua.targets.enums import ReportStatus
from thidua.targets.models import (
    Assignment,
    Campaign,
    Evidence,
    Measure,
    Report,
    ReportRevision,
    Target,
)
from thidua.targets.periods import Period, period_by_key

REPORT_FIELDS = [
    "id",
    "measure_id",
    "unit_id",
    "period_key",
    "value",
    "explanation",
    "status",
    "revision",
    "return_reason",
]


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    indicator: str
    comparator: str
    value: Decimal
    unit: str
    accumulation: str
    frequency: str
    lead_unit: OrgUnit
    value_max: Decimal | None = None
    direction: str = "higher"
    period_scope: str = "year"
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    rollup: str = "lead_only"
    deadline_days: int = 10


@dataclass(frozen=True)
class Contributor:
    unit: OrgUnit
    sub_target: Decimal | None = None
    weight: Decimal | None = None


def _text(value: str) -> str:
    return " ".join(nfc(value or "").split())


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    province: OrgUnit,
    year: int,
    name: str,
    directive_number: str,
    directive_date: datetime.date,
    issuer: str,
    theme: str = "",
    is_demo: bool = False,
) -> Campaign:
    ensure_can(actor, "targets.manage_campaign", Campaign(province=province))
    if not province.is_valid_on(directive_date):
        raise ApplicationError(
            _("Tỉnh “%(province)s” không có hiệu lực vào ngày %(day)s của văn bản.")
            % {"province": province.name, "day": format_date(directive_date)}
        )
    if directive_date.year not in (year, year - 1):
        raise ApplicationError(
            _("Ngày văn bản phát động phải thuộc năm của phong trào hoặc năm trước.")
        )
    campaign = Campaign(
        province=province,
        year=year,
        name=_text(name),
        theme=_text(theme),
        directive_number=_text(directive_number),
        directive_date=directive_date,
        issuer=_text(issuer),
        is_demo=is_demo,
    )
    if not campaign.name or not campaign.directive_number:
        raise ApplicationError(_("Cần có tên phong trào và số văn bản phát động."))
    if Campaign.objects.filter(
        province=province, year=year, directive_number=campaign.directive_number
    ).exists():
        raise ApplicationError(_("Phong trào của văn bản này đã được tạo."))
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign.created",
        target=campaign,
        unit=province,
        after=snapshot(campaign, ["id", "year", "name", "directive_number", "directive_date"]),
    )
    return campaign


@transaction.atomic
def target_create(*, actor: Any, campaign: Campaign, number: int, text: str) -> Target:
    ensure_can(actor, "targets.manage_campaign", campaign)
    if campaign.targets.filter(number=number).exists():
        raise ApplicationError(_("Chỉ tiêu số %(number)s đã có.") % {"number": number})
    target = Target.objects.create(campaign=campaign, number=number, text=_text(text))
    audit_record(
        actor=actor,
        action="target.created",
        target=target,
        unit=campaign.province,
        after=snapshot(target, ["id", "campaign_id", "number", "text"]),
    )
    return target


@transaction.atomic
def measure_create(
    *,
    actor: Any,
    target: Target,
    spec: MeasureSpec,
    contributors: Sequence[Contributor] = (),
    position: int = 0,
) -> Measure:
    """Add a measure with its lead unit and contributing units."""
    ensure_can(actor, "targets.manage_campaign", target.campaign)
    if spec.value_max is not None and spec.value_max < spec.value:
        raise ApplicationError(_("Giá trị trên của khoảng phải không nhỏ hơn giá trị dưới."))
    if spec.comparator in ("increase_by", "decrease_by", "rank_improve_by") and (
        spec.baseline_year is None and spec.baseline_value is None
    ):
        raise ApplicationError(_("Chỉ tiêu tăng, giảm so với gốc cần năm gốc hoặc giá trị gốc."))
    measure = Measure(target=target, position=position, **spec.__dict__)
    measure.code = _text(measure.code)
    measure.indicator = _text(measure.indicator)
    measure.full_clean()
    measure.save()
    Assignment.objects.create(measure=measure, unit=spec.lead_unit, is_lead=True)
    for contributor in contributors:
        if contributor.unit.pk == spec.lead_unit.pk:
            continue
        Assignment.objects.create(
            measure=measure,
            unit=contributor.unit,
            sub_target=contributor.sub_target,
            weight=contributor.weight,
        )
    audit_record(
        actor=actor,
        action="measure.created",
        target=measure,
        unit=target.campaign.province,
        after={
            **snapshot(measure, ["id", "code", "indicator", "comparator", "value", "value_max"]),
            "units": [spec.lead_unit.pk, *[c.unit.pk for c in contributors]],
        },
    )
    return measure


def _period_of(measure: Measure, period_key: str) -> Period:
    try:
        period = period_by_key(period_key, measure.frequency)
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    if period.end.year != measure.target.campaign.year:
        raise ApplicationError(
            _("Kỳ %(period)s không thuộc năm %(year)s của phong trào.")
            % {"period": period.label, "year": measure.target.campaign.year}
        )
    return period


def reporting_unit_for(assigned: OrgUnit, day: datetime.date) -> OrgUnit | None:
    """Who reports for `assigned` on `day`: the unit itself, or its successor valid that day."""
    if assigned.is_valid_on(day):
        return assigned
    successors = orgunit_successor_ids([assigned.pk])[assigned.pk]
    candidates = [
        unit for unit in OrgUnit.objects.filter(pk__in=successors) if unit.is_valid_on(day)
    ]
    return min(candidates, key=lambda unit: unit.path) if candidates else None


def _ensure_assigned(measure: Measure, unit: OrgUnit, period: Period) -> None:
    for assignment in measure.assignments.select_related("unit"):
        responsible = reporting_unit_for(assignment.unit, period.end)
        if responsible is not None and responsible.pk == unit.pk:
            return
    raise ApplicationError(
        _("Đơn vị “%(unit)s” không được giao báo cáo chỉ số “%(measure)s” kỳ %(period)s.")
        % {"unit": unit.name, "measure": measure.indicator, "period": period.label}
    )


def _record(report: Report, *, action: str, actor: Any, reason: str = "") -> None:
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    ReportRevision.objects.create(
        report=report,
        revision=report.revision,
        action=action,
        status=report.status,
        value=report.value,
        explanation=report.explanation,
        reason=reason,
        actor=actor if is_person else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if is_person else SYSTEM_ACTOR,
    )


def _locked(report: Report, expected_version: int | None) -> Report:
    """Re-read the report under a row lock and check nobody changed it meanwhile."""
    current = Report.objects.select_for_update().select_related("measure", "unit").get(pk=report.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Báo cáo đã được người khác thay đổi trong lúc bạn đang xem; hãy tải lại trang "
                "để xem số liệu mới nhất (dữ liệu bạn nhập chưa được lưu)."
            ),
            extra={"current_version": current.version},
        )
    return current


def _audit(
    actor: Any, action: str, report: Report, before: dict[str, Any] | None, note: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=report,
        unit=report.unit,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
        note=note,
    )


def _bump(report: Report, fields: list[str]) -> None:
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def report_save(
    *,
    actor: Any,
    measure: Measure,
    unit: OrgUnit,
    period_key: str,
    value: Decimal | None,
    explanation: str = "",
    expected_version: int | None = None,
) -> Report:
    """Create or update the unit's draft for a period (also a returned report being fixed)."""
    ensure_can(actor, "targets.edit_report", unit)
    period = _period_of(measure, period_key)
    _ensure_assigned(measure, unit, period)
    if value is not None and value < 0 and measure.comparator != "increase_by":
        raise ApplicationError(_("Giá trị không được âm."))
    existing = Report.objects.filter(measure=measure, unit=unit, period_key=period.key).first()
    explanation = (explanation or "").strip()
    if existing is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    measure=measure,
                    unit=unit,
                    period_key=period.key,
                    period_end=period.end,
                    due_date=period.due_date(measure.deadline_days),
                    value=value,
                    explanation=explanation,
                )
        except IntegrityError as error:
            # Two people entered the unit's first figure of the period at the same moment.
            stored = Report.objects.filter(measure=measure, unit=unit, period_key=period.key)
            raise ConflictError(
                _(
                    "Báo cáo kỳ này vừa được người khác lưu trong lúc bạn đang nhập; hãy xem "
                    "số liệu mới nhất (dữ liệu bạn nhập chưa được lưu)."
                ),
                extra={"current_version": stored.values_list("version", flat=True).first()},
            ) from error
        _record(report, action="saved", actor=actor)
        _audit(actor, "report.saved", report, None)
        return report
    report = _locked(existing, expected_version)
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ApplicationError(
            _("Báo cáo đang ở trạng thái “%(status)s”; không sửa trực tiếp được.")
            % {"status": report.get_status_display()}
        )
    before = snapshot(report, REPORT_FIELDS)
    report.value, report.explanation = value, explanation
    _bump(report, ["value", "explanation"])
    _record(report, action="saved", actor=actor)
    _audit(actor, "report.saved", report, before)
    return report


@transaction.atomic
def report_submit(*, actor: Any, report: Report, expected_version: int | None = None) -> Report:
    ensure_can(actor, "targets.edit_report", report)
    report = _locked(report, expected_version)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ApplicationError(_("Chỉ gửi được báo cáo đang soạn hoặc bị trả lại."))
    if report.value is None:
        raise ApplicationError(_("Hãy nhập giá trị trước khi gửi báo cáo."))
    before = snapshot(report, REPORT_FIELDS)
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    _bump(report, ["status", "submitted_at", "first_submitted_at"])
    _record(report, action="submitted", actor=actor)
    _audit(actor, "report.submitted", report, before)
    return report


@transaction.atomic
def report_approve(*, actor: Any, report: Report, expected_version: int | None = None) -> Report:
    ensure_can(actor, "targets.review_report", report)
    report = _locked(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ApplicationError(_("Chỉ duyệt được báo cáo đã gửi."))
    before = snapshot(report, REPORT_FIELDS)
    report.status = ReportStatus.APPROVED
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    report.return_reason = ""
    _bump(report, ["status", "reviewed_at", "reviewed_by", "return_reason"])
    _record(report, action="approved", actor=actor)
    _audit(actor, "report.approved", report, before)
    return report


@transaction.atomic
def report_return(
    *, actor: Any, report: Report, reason: str, expected_version: int | None = None
) -> Report:
    ensure_can(actor, "targets.review_report", report)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ApplicationError(_("Hãy ghi rõ lý do trả lại báo cáo (ít nhất 5 ký tự)."))
    report = _locked(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ApplicationError(_("Chỉ trả lại được báo cáo đã gửi."))
    before = snapshot(report, REPORT_FIELDS)
    report.status = ReportStatus.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    report.return_reason = reason
    _bump(report, ["status", "reviewed_at", "reviewed_by", "return_reason"])
    _record(report, action="returned", actor=actor, reason=reason)
    _audit(actor, "report.returned", report, before, note=reason)
    return report


@transaction.atomic
def report_correct(
    *,
    actor: Any,
    report: Report,
    value: Decimal,
    explanation: str,
    reason: str,
    expected_version: int | None = None,
) -> Report:
    """Correct an approved value: a new revision, with a reason, reviewed again."""
    ensure_can(actor, "targets.edit_report", report)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ApplicationError(_("Hãy ghi rõ lý do điều chỉnh số liệu (ít nhất 5 ký tự)."))
    report = _locked(report, expected_version)
    if report.status != ReportStatus.APPROVED:
        raise ApplicationError(
            _("Chỉ điều chỉnh được báo cáo đã duyệt; báo cáo khác hãy sửa trực tiếp.")
        )
    before = snapshot(report, REPORT_FIELDS)
    report.value, report.explanation = value, (explanation or "").strip()
    report.revision += 1
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    _bump(report, ["value", "explanation", "revision", "status", "submitted_at"])
    _record(report, action="corrected", actor=actor, reason=reason)
    _audit(actor, "report.corrected", report, before, note=reason)
    return report


# Evidence files: what a reporter may attach, recognised by their first bytes, not their name.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx")


@transaction.atomic
def evidence_add(*, actor: Any, report: Report, name: str, content: bytes) -> Evidence:
    """Attach a file to a report that is not yet approved."""
    ensure_can(actor, "targets.edit_report", report)
    if report.status == ReportStatus.APPROVED:
        raise ApplicationError(
            _("Báo cáo đã duyệt; hãy điều chỉnh số liệu trước khi bổ sung minh chứng.")
        )
    checked = check_file(
        name,
        content,
        allowed=EVIDENCE_EXTENSIONS,
        max_bytes=EVIDENCE_MAX_BYTES,
        default_name="minh-chung",
    )
    evidence = Evidence(
        report=report,
        name=checked.name,
        size=len(content),
        content_type=checked.content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    evidence.file.save(f"{report.pk}{checked.extension}", ContentFile(content), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="report.evidence_added",
        target=evidence,
        unit=report.unit,
        after=snapshot(evidence, ["id", "report_id", "name", "size", "content_type"]),
    )
    return evidence
