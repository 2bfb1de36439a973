"""Writes of the reports app: periodic reports and PDF rendering jobs. Each service authorises,
validates, writes and audits in one transaction."""

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import jobs
from thidua.core.exceptions import ApplicationError, ConflictError, NotFoundError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import format_number, local_today, nfc
from thidua.org.models import OrgUnit
from thidua.reports.kinds import KINDS
from thidua.reports.models import (
    WRITTEN_SECTIONS,
    PeriodicReport,
    RenderJob,
    RenderStatus,
    ReportKind,
    ReportStatus,
)
from thidua.reports.pdf import pdf_page_count

# A job is run this many times (a worker killed mid-way leaves it running; `thidua
# jobs_recover` queues it again and the next run starts over) before it is failed with the reason.
MAX_ATTEMPTS = jobs.MAX_ATTEMPTS
TEXT_LIMIT = 20_000
EARLIEST_YEAR = 2000

_EDITABLE = (*WRITTEN_SECTIONS, "signer_name", "signer_title")


def _check_year(year: int) -> None:
    latest = local_today().year + 1
    if not EARLIEST_YEAR <= year <= latest:
        raise ApplicationError(
            _("Năm báo cáo %(year)s không hợp lệ: phải từ %(first)s đến %(last)s.")
            % {"year": year, "first": EARLIEST_YEAR, "last": latest}
        )


@transaction.atomic
def periodic_report_create(*, actor: Any, unit: OrgUnit, kind: str, year: int) -> PeriodicReport:
    ensure_can(actor, "reports.edit_report", unit)
    if kind not in ReportKind.values:
        raise ApplicationError(_("Loại báo cáo “%(kind)s” không có.") % {"kind": kind})
    _check_year(year)
    exists = ApplicationError(
        _("%(unit)s đã có %(kind)s năm %(year)s; hãy mở báo cáo đó để sửa.")
        % {"unit": unit.name, "kind": ReportKind(kind).label.lower(), "year": year}
    )
    if PeriodicReport.objects.filter(unit=unit, kind=kind, year=year).exists():
        raise exists
    try:
        with transaction.atomic():
            report = PeriodicReport.objects.create(
                unit=unit, kind=kind, year=year, created_by=actor
            )
    except IntegrityError as error:  # created by someone else at the same moment
        raise exists from error
    audit_record(
        actor=actor,
        action="periodic_report.created",
        target=report,
        unit=unit,
        after=snapshot(report, ["kind", "year"]),
    )
    return report


def _locked(report: PeriodicReport, version: int) -> PeriodicReport:
    locked = PeriodicReport.objects.select_for_update().filter(pk=report.pk).first()
    if locked is None:
        raise NotFoundError(_("Không tìm thấy báo cáo."))
    if locked.version != version:
        raise ConflictError(
            _(
                "Báo cáo đã được người khác sửa sau khi bạn mở (phiên bản %(theirs)s, bạn đang "
                "sửa phiên bản %(yours)s); nội dung của bạn chưa được lưu."
            )
            % {"theirs": locked.version, "yours": version},
            extra={"current_version": locked.version},
        )
    return locked


@transaction.atomic
def periodic_report_update(
    *, actor: Any, report: PeriodicReport, version: int, **fields: str
) -> PeriodicReport:
    """Save the written sections (and the signer) of a draft."""
    ensure_can(actor, "reports.edit_report", report)
    unknown = sorted(set(fields) - set(_EDITABLE))
    if unknown:
        raise ApplicationError(
            _("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    locked = _locked(report, version)
    if locked.status != ReportStatus.DRAFT:
        raise ApplicationError(_("Báo cáo đã ban hành, không sửa được nữa."))
    for name, value in fields.items():
        text = nfc(value or "").strip()
        limit = TEXT_LIMIT if name in WRITTEN_SECTIONS else 120
        if len(text) > limit:
            label = str(getattr(PeriodicReport._meta.get_field(name), "verbose_name", name))
            raise ApplicationError(
                _("Mục “%(field)s” dài %(length)s ký tự, quá giới hạn %(limit)s ký tự.")
                % {
                    "field": label[:1].upper() + label[1:],
                    "length": format_number(len(text)),
                    "limit": format_number(limit),
                }
            )
        fields[name] = text
    before = snapshot(locked, list(fields))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="periodic_report.updated",
        target=locked,
        unit=locked.unit,
        before=before,
        after=snapshot(locked, list(fields)),
    )
    return locked


@transaction.atomic
def periodic_report_issue(
    *,
    actor: Any,
    report: PeriodicReport,
    version: int,
    number: str,
    issued_on: datetime.date,
) -> PeriodicReport:
    """Record the number and date the unit's clerk gave the signed report; it is then final."""
    ensure_can(actor, "reports.issue_report", report)
    locked = _locked(report, version)
    if locked.status != ReportStatus.DRAFT:
        raise ApplicationError(_("Báo cáo đã ban hành."))
    number = nfc(number).strip()
    if not number or "/" not in number:
        raise ApplicationError(
            _("Số, ký hiệu “%(number)s” không hợp lệ: ghi như “125/BC-SNV”.") % {"number": number}
        )
    if issued_on.year < locked.year or issued_on > local_today():
        raise ApplicationError(
            _("Ngày ban hành %(day)s phải trong hoặc sau năm báo cáo và không sau hôm nay.")
            % {"day": issued_on.strftime("%d/%m/%Y")}
        )
    locked.status = ReportStatus.ISSUED
    locked.number = number
    locked.issued_on = issued_on
    locked.version += 1
    locked.save(update_fields=["status", "number", "issued_on", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="periodic_report.issued",
        target=locked,
        unit=locked.unit,
        after=snapshot(locked, ["number", "issued_on"]),
    )
    return locked


# --- PDF renderings ------------------------------------------------------------------------


@transaction.atomic
def render_job_request(*, actor: Any, kind: str, object_id: int) -> RenderJob:
    """Queue the PDF of a generated document; the page of the job shows its progress."""
    render_kind = KINDS.get(kind)
    if render_kind is None:
        raise ApplicationError(_("Không có loại văn bản “%(kind)s”.") % {"kind": kind})
    source = render_kind.load(object_id)
    if source is None or not render_kind.may_read(actor, source):
        raise NotFoundError(_("Không tìm thấy văn bản hoặc bạn không có quyền xem."))
    job = RenderJob.objects.create(
        kind=kind,
        object_id=object_id,
        title=render_kind.title(source)[:300],
        unit=render_kind.unit(source),
        requested_by=actor,
        step=_("Đang chờ máy chủ xử lý"),
    )
    audit_record(actor=actor, action="rendering.requested", target=job, unit=job.unit)
    _enqueue(job)
    return job


def _enqueue(job: RenderJob) -> None:
    from thidua.reports.tasks import render_pdf_task

    def queue() -> None:
        result = render_pdf_task.enqueue(job.pk)
        jobs.note_queued(RenderJob, job.pk, str(result.id))

    transaction.on_commit(queue)


def render_job_progress(job_id: int, step: str, progress: int) -> None:
    """Progress is written outside any transaction so that the job's page shows it live; it is
    also the run's sign of life (`thidua jobs_recover`)."""
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderStatus.RUNNING, step=step[:200], progress=progress, heartbeat_at=timezone.now()
    )


@transaction.atomic
def render_job_finish(*, job: RenderJob, docx: tuple[str, bytes], pdf: bytes) -> RenderJob:
    name, content = docx
    stem = name.rsplit(".", 1)[0]
    job.docx.save(name, ContentFile(content), save=False)
    job.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    job.page_count = pdf_page_count(pdf)
    job.status = RenderStatus.DONE
    job.step = _("Đã tạo xong bản PDF")
    job.progress = 100
    job.error = ""
    job.finished_at = timezone.now()
    job.save()
    audit_record(
        actor=None,
        action="rendering.done",
        target=job,
        unit=job.unit,
        after={"pages": job.page_count},
    )
    return job


@transaction.atomic
def render_job_fail(*, job_id: int, message: str) -> None:
    job = RenderJob.objects.select_for_update().get(pk=job_id)
    job.status = RenderStatus.FAILED
    job.error = message
    job.step = _("Không tạo được bản PDF")
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "step", "finished_at"])
    audit_record(actor=None, action="rendering.failed", target=job, unit=job.unit, note=message)


@transaction.atomic
def render_job_recover(
    *, job_id: int, now: datetime.datetime, stale_after: datetime.timedelta
) -> jobs.Action:
    """Queue again a rendering whose worker is gone, or fail it with the reason after
    MAX_ATTEMPTS runs (system actor; `thidua jobs_recover`). A live run is left alone."""
    found = jobs.stale(RenderJob, job_id, now=now, stale_after=stale_after)
    if found is None:
        return "wait"
    job, decision = found
    if decision.action == "fail":
        render_job_fail(job_id=job.pk, message=decision.reason)
        return "fail"
    jobs.requeue(job, decision.reason, audit_action="rendering.requeued", unit=job.unit)
    _enqueue(job)
    return "requeue"
