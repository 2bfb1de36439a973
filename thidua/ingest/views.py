"""Pages: upload a directive, follow its reading, review and correct the draft, confirm it."""

import datetime
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import local_today
from thidua.emulation.models import MovementKind
from thidua.ingest import services
from thidua.ingest.forms import (
    CampaignDraftForm,
    MeasureFormSet,
    MovementFormSet,
    ResponsibilityFormSet,
    TextForm,
    UploadForm,
)
from thidua.ingest.matching import best_unit, suggested_lead
from thidua.ingest.models import IngestJob, JobStatus, PageImage
from thidua.ingest.selectors import (
    job_list_for,
    lead_candidates,
    provinces_on,
    upload_units_for,
)
from thidua.org.models import OrgUnit

YEAR_RE = re.compile(r"năm (\d{4})")


@require_http_methods(["GET", "POST"])
@login_required
@once
def job_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "ingest.upload_document")
    units = upload_units_for(user=request.user, day=local_today())
    form = UploadForm(units, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.document_upload(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                name=upload.name or "",
                data=upload.read(),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            return redirect("ingest:job", pk=job.pk)
    return render(
        request,
        "ingest/job_list.html",
        {"form": form, "jobs": list(job_list_for(user=request.user)[:100])},
    )


def _job(request: HttpRequest, pk: int) -> IngestJob:
    job = IngestJob.objects.select_related("document__unit", "campaign").filter(pk=pk).first()
    if job is None or not request.user.has_perm("ingest.view_job", job):
        raise Http404
    return job


def _directive_date(draft: dict[str, Any]) -> datetime.date:
    try:
        return datetime.date.fromisoformat(draft.get("document", {}).get("date") or "")
    except ValueError:
        return local_today()


def _segments(job: IngestJob) -> list[tuple[str, dict[str, Any] | None]]:
    """The text cut into plain runs and doubtful words, for highlighting."""
    segments: list[tuple[str, dict[str, Any] | None]] = []
    position = 0
    for word in sorted(job.doubtful, key=lambda word: word["start"]):
        if word["start"] < position:
            continue
        segments.append((job.text[position : word["start"]], None))
        segments.append((job.text[word["start"] : word["end"]], word))
        position = word["end"]
    segments.append((job.text[position:], None))
    return segments


def _measure_initial(
    draft: dict[str, Any], leads: list[OrgUnit], year: int
) -> list[dict[str, Any]]:
    rows = []
    for target in draft.get("targets", []):
        measures = target.get("measures", [])
        for index, measure in enumerate(measures):
            code = str(target["no"]) + (chr(ord("a") + index) if len(measures) > 1 else "")
            baseline = str(measure.get("baseline") or "")
            if measure.get("comparator") in ("increase_by", "decrease_by") and not baseline:
                baseline = str(year - 1)
            rows.append(
                {
                    "include": True,
                    "target_no": target["no"],
                    "target_text": target.get("text", ""),
                    "code": code,
                    "indicator": measure.get("indicator") or target.get("text", "")[:300],
                    "comparator": measure.get("comparator"),
                    "value": services.decimal_or_none(measure.get("value")),
                    "value_max": services.decimal_or_none(measure.get("value_max")),
                    "unit": measure.get("unit") or "",
                    "baseline_year": int(baseline) if baseline.isdigit() else None,
                    "lead_unit": suggested_lead(measure.get("indicator") or "", leads),
                    "per_year": measure.get("period") == "mỗi năm",
                    **services.proposed_settings(measure),
                }
            )
    return rows


def _review_context(request: HttpRequest, job: IngestJob) -> dict[str, Any]:
    draft = job.draft or {}
    document = draft.get("document", {})
    day = _directive_date(draft)
    provinces = provinces_on(day)
    chosen = request.POST.get("province") if request.method == "POST" else None
    province = (
        provinces.filter(pk=chosen).first()
        if chosen and chosen.isdigit()
        else best_unit(document.get("issuer") or document.get("place") or "", list(provinces))
    )
    province = province or provinces.first()
    leads = list(lead_candidates(province=province, day=day)) if province else []
    title_year = YEAR_RE.search(document.get("title") or "")
    year = int(title_year.group(1)) if title_year else day.year
    post = request.POST if request.POST.get("action") == "confirm" else None
    campaign_form = CampaignDraftForm(
        provinces,
        post,
        initial={
            "province": province,
            "year": year,
            "name": document.get("title") or "",
            "directive_number": document.get("number") or "",
            "directive_date": day,
            "issuer": document.get("issuer") or "",
            "theme": document.get("theme") or "",
            "version": job.version,
        },
    )
    lead_queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in leads]).order_by("path")
    measures = MeasureFormSet(
        post,
        prefix="m",
        initial=_measure_initial(draft, leads, year),
        form_kwargs={"units": lead_queryset},
    )
    movements = MovementFormSet(
        post,
        prefix="mv",
        initial=[
            {"include": True, "name": name, "kind": MovementKind.THEMATIC}
            for name in draft.get("movements", [])
        ]
        + [
            {
                "include": False,
                "name": _("Thi đua chào mừng %(what)s") % {"what": what},
                "kind": MovementKind.ANNIVERSARY,
            }
            for what in draft.get("anniversaries", [])
        ],
    )
    actors = draft.get("responsibilities", [])
    responsibility_forms = ResponsibilityFormSet(
        post,
        prefix="tn",
        initial=[{"unit": best_unit(item.get("actor", ""), leads)} for item in actors],
        form_kwargs={"units": lead_queryset},
    )
    return {
        "campaign_form": campaign_form,
        "measures": measures,
        "movements": movements,
        "responsibilities": list(zip(actors, responsibility_forms.forms, strict=True)),
        "responsibility_forms": responsibility_forms,
        "text_form": TextForm(initial={"text": job.text, "version": job.version}),
        "segments": _segments(job),
        "images": list(job.page_images.all()),
    }


def _typed_words(job: IngestJob, data: Any) -> dict[int, str]:
    return {
        index: data[f"word-{index}"]
        for index in range(len(job.doubtful))
        if data.get(f"word-{index}", "").strip()
    }


def _confirm(request: HttpRequest, job: IngestJob, context: dict[str, Any]) -> Any:
    form, measures, movements, actors = (
        context["campaign_form"],
        context["measures"],
        context["movements"],
        context["responsibility_forms"],
    )
    formsets = (measures, movements, actors)
    if not (form.is_valid() and all(formset.is_valid() for formset in formsets)):
        messages.error(request, _("Bản nháp còn ô chưa hợp lệ; xem các lỗi ghi dưới từng ô."))
        return None
    data = form.cleaned_data
    items = [
        services.MeasureDraft(
            target_no=row["target_no"],
            target_text=row["target_text"],
            code=row["code"],
            indicator=row["indicator"],
            comparator=row["comparator"],
            value=row["value"],
            value_max=row["value_max"],
            unit=row["unit"],
            lead_unit=row["lead_unit"],
            frequency=row["frequency"],
            accumulation=row["accumulation"],
            baseline_year=row["baseline_year"],
            direction=row["direction"],
            period_scope="per_year" if row["per_year"] else "year",
        )
        for row in measures.cleaned_data
        if row.get("include")
    ]
    return services.job_confirm(
        actor=request.user,
        job=job,
        draft=services.CampaignDraft(
            province=data["province"],
            year=data["year"],
            name=data["name"],
            directive_number=data["directive_number"],
            directive_date=data["directive_date"],
            issuer=data["issuer"],
            theme=data["theme"],
            measures=items,
            movements=[
                services.MovementDraft(name=row["name"], kind=row["kind"])
                for row in movements.cleaned_data
                if row.get("include")
            ],
            responsible_units=[row.get("unit") for row in actors.cleaned_data],
        ),
        expected_version=data["version"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while the document is read; then the review of the draft and its confirmation."""
    job = _job(request, pk)
    context: dict[str, Any] = {"job": job, "can_review": False}
    if request.method == "POST":
        if not request.user.has_perm("ingest.review_job", job):
            raise PermissionDenied(_("Bạn không rà soát được văn bản này."))
        action = request.POST.get("action")
        version = request.POST.get("version")
        try:
            if action == "words":
                services.job_words_correct(
                    actor=request.user,
                    job=job,
                    corrections=_typed_words(job, request.POST),
                    expected_version=int(version) if version else None,
                )
                messages.success(request, _("Đã sửa từ và đọc lại các chỉ tiêu."))
                return redirect(request.path)
            if action == "text":
                form = TextForm(request.POST)
                if form.is_valid():
                    services.job_text_correct(
                        actor=request.user,
                        job=job,
                        text=form.cleaned_data["text"],
                        expected_version=form.cleaned_data["version"],
                    )
                    messages.success(request, _("Đã lưu nội dung và đọc lại các chỉ tiêu."))
                    return redirect(request.path)
            if action == "confirm":
                context.update(_review_context(request, job))
                campaign = _confirm(request, job, context)
                if campaign is not None:
                    messages.success(
                        request,
                        _("Đã tạo phong trào “%(name)s” với %(count)s chỉ tiêu.")
                        % {"name": campaign.name, "count": campaign.targets.count()},
                    )
                    return redirect("targets:dashboard", pk=campaign.pk)
        except ApplicationError as error:
            messages.error(request, error.message)
        job.refresh_from_db()
    if job.status == JobStatus.READY:
        context["can_review"] = request.user.has_perm("ingest.review_job", job)
        if "campaign_form" not in context:
            context.update(_review_context(request, job))
    return render(request, "ingest/job_page.html", context)


@require_GET
@login_required
def source_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _job(request, pk)
    return FileResponse(
        job.document.file.open("rb"), as_attachment=True, filename=job.document.name
    )


@require_GET
@login_required
def page_image(request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
    job = _job(request, pk)
    image = PageImage.objects.filter(job=job, number=number).first()
    if image is None:
        raise Http404
    return FileResponse(image.image.open("rb"), content_type="image/png")
