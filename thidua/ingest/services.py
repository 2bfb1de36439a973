"""Writes of the ingestion: upload (idempotent by content hash), the background reading, the
reviewer's corrections, and the confirmation that creates the campaign. Each call is one
transaction that authorises, validates, writes and audits."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import jobs
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_nested, audit_record, audit_summary, snapshot
from thidua.core.text import nfc
from thidua.emulation.services import movement_create
from thidua.ingest.extract import extract
from thidua.ingest.models import IngestJob, JobStatus, PageImage, SourceDocument
from thidua.ingest.pipeline import Reading
from thidua.ingest.sources import check_source
from thidua.org.models import OrgUnit
from thidua.targets.enums import ComparatorChoice
from thidua.targets.models import Campaign
from thidua.targets.services import MeasureSpec, campaign_create, measure_create, target_create

JOB_FIELDS = ["id", "status", "kind", "ocr", "restored", "version"]


def _enqueue(job: IngestJob) -> None:
    from thidua.ingest.tasks import read_document_task

    def queue() -> None:
        result = read_document_task.enqueue(job.pk)
        jobs.note_queued(IngestJob, job.pk, str(result.id))

    transaction.on_commit(queue)


@transaction.atomic
def document_upload(*, actor: Any, unit: OrgUnit, name: str, data: bytes) -> IngestJob:
    """Keep the file and queue its reading. The same bytes uploaded again give the same job.

    A file that cannot be read (wrong format for its name, damaged, locked, a zip bomb, a
    gigantic image) is refused here, before anything is kept."""
    ensure_can(actor, "ingest.upload_document", unit)
    check_source(nfc(name), data)
    digest = hashlib.sha256(data).hexdigest()
    existing = SourceDocument.objects.filter(sha256=digest).select_related("job").first()
    if existing is not None:
        ensure_can(actor, "ingest.view_job", existing)
        return existing.job
    document = SourceDocument(
        sha256=digest,
        name=nfc(name)[:255] or "van-ban",
        size=len(data),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        unit=unit,
    )
    document.file.save(f"{digest[:16]}-{document.name}", ContentFile(data), save=False)
    document.save()
    job = IngestJob.objects.create(document=document)
    audit_record(
        actor=actor,
        action="ingest.uploaded",
        target=document,
        unit=unit,
        after={"name": document.name, "size": document.size, "sha256": digest},
    )
    _enqueue(job)
    return job


def job_progress(job_id: int, step: str, page: int, page_count: int) -> None:
    """Progress is written outside the job's transaction so that pages can show it live; it is
    also the run's sign of life (`thidua jobs_recover`)."""
    IngestJob.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING,
        step=step[:120],
        page=page,
        page_count=page_count,
        heartbeat_at=timezone.now(),
    )


@transaction.atomic
def job_record_reading(*, job: IngestJob, reading: Reading) -> IngestJob:
    """Store what the background reading found (system actor)."""
    job.kind = reading.kind
    job.ocr = reading.ocr
    job.restored = reading.restored
    job.source_text = reading.source_text
    job.text = reading.text
    job.doubtful = reading.doubtful
    job.pages = [{"number": p.number, "has_image": p.image_png is not None} for p in reading.pages]
    job.draft = reading.extraction
    job.status = JobStatus.READY
    job.step = ""
    job.finished_at = timezone.now()
    job.save()
    job.page_images.all().delete()
    for page in reading.pages:
        if page.image_png is not None:
            image = PageImage(job=job, number=page.number)
            image.image.save(f"{job.pk}-{page.number}.png", ContentFile(page.image_png))
    audit_record(
        actor=None,
        action="ingest.read",
        target=job,
        unit=job.document.unit,
        after=snapshot(job, JOB_FIELDS),
    )
    return job


@transaction.atomic
def job_record_failure(*, job: IngestJob, message: str) -> IngestJob:
    job.status = JobStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    audit_record(
        actor=None, action="ingest.failed", target=job, unit=job.document.unit, note=message
    )
    return job


@transaction.atomic
def job_recover(
    *, job_id: int, now: datetime.datetime, stale_after: datetime.timedelta
) -> jobs.Action:
    """Queue again a reading whose worker is gone, or fail it with the reason after
    jobs.MAX_ATTEMPTS runs (system actor; `thidua jobs_recover`). A live run is left alone."""
    found = jobs.stale(IngestJob, job_id, now=now, stale_after=stale_after)
    if found is None:
        return "wait"
    job, decision = found
    if decision.action == "fail":
        job_record_failure(job=job, message=decision.reason)
        return "fail"
    jobs.requeue(job, decision.reason, audit_action="ingest.requeued", unit=job.document.unit)
    _enqueue(job)
    return "requeue"


def _check_version(job: IngestJob, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != job.version:
        raise ConflictError(_("Bản nháp vừa được người khác sửa; hãy tải lại trang và sửa lại."))


def _editable(actor: Any, job: IngestJob) -> None:
    ensure_can(actor, "ingest.review_job", job)
    if job.status != JobStatus.READY:
        raise ApplicationError(
            _("Chỉ sửa được bản nháp đang chờ rà soát (hiện: %(status)s).")
            % {"status": job.get_status_display()}
        )


def remap_doubtful(old: str, new: str, doubtful: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the doubtful words the edit did not touch, at their offsets in the new text. An edit
    is taken as one changed stretch between the common beginning and end of the two texts."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    shift = len(new) - len(old)
    kept = []
    for word in doubtful:
        if word["end"] <= prefix:
            kept.append(word)
        elif word["start"] >= len(old) - suffix:
            kept.append({**word, "start": word["start"] + shift, "end": word["end"] + shift})
    return kept


def _save_text(
    *, actor: Any, job: IngestJob, text: str, doubtful: list[dict[str, Any]], note: str
) -> IngestJob:
    if not text.strip():
        raise ApplicationError(_("Nội dung văn bản không được để trống."))
    before = {"text_length": len(job.text), "doubtful": len(job.doubtful), "version": job.version}
    job.text = text
    job.doubtful = doubtful
    job.draft = extract(text).as_dict()
    job.version += 1
    job.save()
    audit_record(
        actor=actor,
        action="ingest.text_corrected",
        target=job,
        unit=job.document.unit,
        before=before,
        after={"text_length": len(text), "doubtful": len(doubtful), "version": job.version},
        note=note,
    )
    return job


@transaction.atomic
def job_text_correct(
    *, actor: Any, job: IngestJob, text: str, expected_version: int | None = None
) -> IngestJob:
    """The reviewer edited the text: extract again from it."""
    job = IngestJob.objects.select_for_update().select_related("document__unit").get(pk=job.pk)
    _editable(actor, job)
    _check_version(job, expected_version)
    corrected = nfc(text).replace("\r\n", "\n")
    doubtful = remap_doubtful(job.text, corrected, job.doubtful)
    return _save_text(actor=actor, job=job, text=corrected, doubtful=doubtful, note="")


@transaction.atomic
def job_words_correct(
    *,
    actor: Any,
    job: IngestJob,
    corrections: dict[int, str],
    expected_version: int | None = None,
) -> IngestJob:
    """The reviewer checked doubtful words (index in `job.doubtful` → the right word): the
    corrected ones leave the list, the others keep their place in the new text."""
    job = IngestJob.objects.select_for_update().select_related("document__unit").get(pk=job.pk)
    _editable(actor, job)
    _check_version(job, expected_version)
    text, doubtful, shift = job.text, [], 0
    for index, word in sorted(enumerate(job.doubtful), key=lambda item: item[1]["start"]):
        typed = " ".join(nfc(corrections.get(index, "")).split())
        start, end = word["start"] + shift, word["end"] + shift
        if typed and typed != word["text"]:
            text = text[:start] + typed + text[end:]
            shift += len(typed) - (end - start)
        else:
            doubtful.append({**word, "start": start, "end": end})
    changed = len(job.doubtful) - len(doubtful)
    return _save_text(
        actor=actor, job=job, text=text, doubtful=doubtful, note=f"{changed} từ được sửa"
    )


@dataclass(frozen=True)
class MeasureDraft:
    """One measure as the reviewer leaves it on the review page."""

    target_no: int
    target_text: str
    code: str
    indicator: str
    comparator: str
    value: Decimal
    unit: str
    lead_unit: OrgUnit
    frequency: str
    accumulation: str
    value_max: Decimal | None = None
    baseline_year: int | None = None
    direction: str = "higher"
    period_scope: str = "year"


@dataclass(frozen=True)
class MovementDraft:
    name: str
    kind: str


@dataclass(frozen=True)
class CampaignDraft:
    province: OrgUnit
    year: int
    name: str
    directive_number: str
    directive_date: datetime.date
    issuer: str
    theme: str
    measures: list[MeasureDraft]
    movements: list[MovementDraft] = field(default_factory=list)
    # The unit chosen for each actor of "Tổ chức thực hiện", in the draft's order (None: a group).
    responsible_units: list[OrgUnit | None] = field(default_factory=list)


@transaction.atomic
def job_confirm(
    *, actor: Any, job: IngestJob, draft: CampaignDraft, expected_version: int | None = None
) -> Campaign:
    """Create the campaign, its targets, measures, lead assignments and movements from the
    reviewed draft, and link the job (and so the source file) to the campaign."""
    job = IngestJob.objects.select_for_update().select_related("document__unit").get(pk=job.pk)
    _editable(actor, job)
    _check_version(job, expected_version)
    if not draft.measures:
        raise ApplicationError(_("Bản nháp chưa có chỉ tiêu nào để tạo phong trào."))
    with audit_nested() as included:  # one audit record for the call, counting the rest
        campaign = _campaign_from(actor, draft)
    for item, unit in zip(
        job.draft.get("responsibilities", []), draft.responsible_units, strict=False
    ):
        item["unit_id"] = unit.pk if unit is not None else None
        item["unit_name"] = unit.name if unit is not None else ""
    job.campaign = campaign
    job.status = JobStatus.CONFIRMED
    job.confirmed_at = timezone.now()
    job.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    job.version += 1
    job.save()
    audit_record(
        actor=actor,
        action="ingest.confirmed",
        target=job,
        unit=job.document.unit,
        after={
            "campaign_id": campaign.pk,
            "measures": len(draft.measures),
            "movements": len(draft.movements),
            **audit_summary(included),
        },
    )
    return campaign


def _campaign_from(actor: Any, draft: CampaignDraft) -> Campaign:
    """The campaign, its targets, measures, lead assignments and movements, by the services."""
    campaign = campaign_create(
        actor=actor,
        province=draft.province,
        year=draft.year,
        name=draft.name,
        directive_number=draft.directive_number,
        directive_date=draft.directive_date,
        issuer=draft.issuer,
        theme=draft.theme,
    )
    targets: dict[int, Any] = {}
    for position, item in enumerate(draft.measures):
        if item.target_no not in targets:
            targets[item.target_no] = target_create(
                actor=actor, campaign=campaign, number=item.target_no, text=item.target_text
            )
        try:
            measure_create(
                actor=actor,
                target=targets[item.target_no],
                position=position,
                spec=MeasureSpec(
                    code=item.code,
                    indicator=item.indicator,
                    comparator=item.comparator,
                    value=item.value,
                    value_max=item.value_max,
                    unit=item.unit,
                    accumulation=item.accumulation,
                    frequency=item.frequency,
                    lead_unit=item.lead_unit,
                    direction=item.direction,
                    period_scope=item.period_scope,
                    baseline_year=item.baseline_year,
                ),
            )
        except ApplicationError as error:
            raise ApplicationError(
                _("Chỉ số %(code)s: %(message)s") % {"code": item.code, "message": error.message}
            ) from error
    for movement in draft.movements:
        movement_create(
            actor=actor,
            name=movement.name,
            kind=movement.kind,
            launched_by=draft.province,
            campaign=campaign,
            starts_on=draft.directive_date,
            ends_on=datetime.date(draft.year, 12, 31),
            document_number=draft.directive_number,
            document_date=draft.directive_date,
        )
    return campaign


# --- Defaults the review page proposes for each extracted measure ------------------------------

LEVEL_UNITS = {"%", "bậc", "giường/vạn dân", "triệu đồng", "điểm"}


def proposed_settings(measure: dict[str, Any]) -> dict[str, str]:
    """Accumulation, frequency and direction a reviewer will usually keep."""
    comparator = measure.get("comparator", "")
    unit = measure.get("unit") or ""
    if comparator == ComparatorChoice.RANK_IMPROVE_BY:
        return {"accumulation": "level", "frequency": "yearly", "direction": "lower"}
    if comparator == ComparatorChoice.DECREASE_BY:
        return {"accumulation": "level", "frequency": "half_yearly", "direction": "lower"}
    if unit in LEVEL_UNITS or comparator == ComparatorChoice.RANGE:
        return {"accumulation": "level", "frequency": "quarterly", "direction": "higher"}
    return {"accumulation": "flow", "frequency": "monthly", "direction": "higher"}


def decimal_or_none(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
