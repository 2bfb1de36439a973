"""Excel round trip for target reports: the rows of a unit's template, the campaign export, and
the import of a filled-in template through the ordinary report services."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.text import TIME_ZONE
from thidua.org.models import OrgUnit
from thidua.targets.enums import ComparatorChoice, ReportStatus
from thidua.targets.excel import ExportRow, TemplateRow, parse_upload
from thidua.targets.models import Assignment, Campaign, Measure, Report
from thidua.targets.periods import period_by_key, periods_for
from thidua.targets.selectors import report_list_for, reporting_assignments, responsible_units
from thidua.targets.services import report_save, report_submit

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
LOCKED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
NOT_REPORTED = "Chưa báo cáo"


@dataclass(frozen=True)
class ImportResult:
    saved: int  # reports created or changed
    submitted: int  # reports sent for review (submit=True)
    skipped: int  # lines whose report was already submitted or approved: left alone
    unchanged: int = 0  # lines identical to the unit's current draft: not saved again


def template_rows_for(*, campaign: Campaign, unit: OrgUnit, year: int) -> list[TemplateRow]:
    """Every (measure, period) of `year` that `unit` reports: measures assigned to it, or to a
    unit it succeeds on the period's last day; with the unit's current value and status."""
    if year != campaign.year:
        raise ApplicationError(
            _("Phong trào năm %(campaign)s không có kỳ báo cáo của năm %(year)s.")
            % {"campaign": campaign.year, "year": year}
        )
    measures = list(
        Measure.objects.filter(target__campaign=campaign)
        .select_related("target")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
        )
        .order_by("target__number", "position", "code")
    )
    reports = {
        (report.measure_id, report.period_key): report
        for report in Report.objects.filter(unit=unit, measure__target__campaign=campaign)
    }
    periods = {m.pk: periods_for(year, m.frequency) for m in measures}
    reporting = {m.pk: reporting_assignments(m) for m in measures}
    # One batch for every (assigned unit, period end): the unit itself or its successor then.
    responsible = responsible_units(
        [a for assignments in reporting.values() for a in assignments],
        [p.end for ps in periods.values() for p in ps],
    )
    rows: list[TemplateRow] = []
    for measure in measures:
        for period in periods[measure.pk]:
            answering = (responsible.get((a.unit.pk, period.end)) for a in reporting[measure.pk])
            if not any(r is not None and r.pk == unit.pk for r in answering):
                continue
            report = reports.get((measure.pk, period.key))
            rows.append(
                TemplateRow(
                    measure_id=measure.pk,
                    code=measure.code,
                    indicator=measure.indicator,
                    unit_label=measure.unit,
                    period_key=period.key,
                    period_label=period.label,
                    due_date=report.due_date if report else period.due_date(measure.deadline_days),
                    value=report.value if report else None,
                    explanation=report.explanation if report else "",
                    status_label=str(report.get_status_display()) if report else NOT_REPORTED,
                    editable=report is None or report.status in EDITABLE_STATUSES,
                    allow_negative=measure.comparator == ComparatorChoice.INCREASE_BY,
                )
            )
    return rows


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.astimezone(TIME_ZONE).date() if moment else None


def export_rows_for(*, user: Any, campaign: Campaign) -> list[ExportRow]:
    """The campaign's reports that `user` may read (drafts of their own units included)."""
    reports = (
        report_list_for(user=user, campaign_id=campaign.pk)
        .select_related("measure__target", "unit")
        .order_by("measure__target__number", "measure__position", "measure__code", "period_end")
    )
    rows = []
    for report in reports:
        measure = report.measure
        try:
            period_label = period_by_key(report.period_key, measure.frequency).label
        except ValueError:
            period_label = report.period_key
        rows.append(
            ExportRow(
                target_number=measure.target.number,
                measure_code=measure.code,
                indicator=measure.indicator,
                unit_label=measure.unit,
                period_label=period_label,
                reporting_unit=report.unit.name,
                value=report.value,
                status_label=str(report.get_status_display()),
                explanation=report.explanation,
                submitted_on=_local_date(report.submitted_at),
                approved_on=(
                    _local_date(report.reviewed_at)
                    if report.status == ReportStatus.APPROVED
                    else None
                ),
            )
        )
    return rows


@transaction.atomic
def report_import(
    *, actor: Any, campaign: Campaign, unit: OrgUnit, data: bytes, submit: bool = False
) -> ImportResult:
    """Save (and with `submit`, send) every filled-in line of `unit`'s template, or nothing.

    Lines whose report was submitted or approved since the template was downloaded are left
    alone and counted as skipped; a line identical to the current draft is not saved again
    (no empty revision). The first line a report service refuses aborts the whole import,
    its message prefixed with the Excel row number.
    """
    ensure_can(actor, "targets.edit_report", unit)
    parsed = parse_upload(data, campaign_id=campaign.pk, unit_id=unit.pk)
    wanted = {row.measure_id for row in parsed.rows}
    measures = Measure.objects.filter(target__campaign=campaign).select_related("target__campaign")
    by_id = measures.in_bulk(wanted)
    current = {
        (report.measure_id, report.period_key): report
        for report in Report.objects.filter(unit=unit, measure_id__in=wanted)
    }
    saved = submitted = skipped = unchanged = 0
    for row in parsed.rows:
        try:
            measure = by_id.get(row.measure_id)
            if measure is None:
                raise ApplicationError(_("Chỉ số không thuộc phong trào này."))
            report = current.get((measure.pk, row.period_key))
            if report is not None and report.status in LOCKED_STATUSES:
                skipped += 1
                continue
            if (
                report is not None
                and report.value == row.value
                and report.explanation == row.explanation
            ):
                unchanged += 1
            else:
                report = report_save(
                    actor=actor,
                    measure=measure,
                    unit=unit,
                    period_key=row.period_key,
                    value=row.value,
                    explanation=row.explanation,
                )
                saved += 1
            if submit:
                report_submit(actor=actor, report=report)
                submitted += 1
        except ApplicationError as error:
            raise ApplicationError(
                _("Dòng %(row)s: %(message)s") % {"row": row.row, "message": error.message},
                extra={"row": row.row},
            ) from error
    return ImportResult(saved=saved, submitted=submitted, skipped=skipped, unchanged=unchanged)
