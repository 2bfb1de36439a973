"""Pages of the exemplary models: the list, proposing and editing a model, a model's page with
its workflow (send, return, approve, publish), consent, photos, evidence and links, the files
behind it and the press pack; and the public pages (no sign-in) with published models only.
Views are thin: forms clean, services decide, selectors read."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.audit_actions import audit_action_label
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import file_slug, local_today
from thidua.exemplars import services
from thidua.exemplars.enums import EDITABLE_STATUSES, ExemplarStatus
from thidua.exemplars.forms import (
    ConsentForm,
    EvidenceForm,
    ExemplarForm,
    FilterForm,
    LinksForm,
    PhotoForm,
    PublicFilterForm,
    ReasonForm,
    WithdrawForm,
)
from thidua.exemplars.models import Exemplar, ExemplarEvidence, ExemplarPhoto
from thidua.exemplars.press_pack import ZIP_CONTENT_TYPE
from thidua.exemplars.selectors import (
    award_candidates,
    decision_candidates,
    exemplar_detail,
    exemplar_list_for,
    exemplar_years_for,
    movement_candidates,
    person_candidates,
    proposer_units_for,
    public_exemplar,
    public_exemplars,
    public_photo,
    public_years,
)

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 24


def _attempt(request: HttpRequest, action: Callable[[], str], form: Any = None) -> bool:
    """Run a service call; a refusal becomes an error (on the form's field when it names one),
    success a confirmation."""
    try:
        done = action()
    except ApplicationError as error:
        field = error.extra.get("field")
        if form is not None and field in getattr(form, "fields", {}):
            form.add_error(field, error.message)
        elif form is not None:
            form.add_error(None, error.message)
        else:
            messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


def _exemplar(request: HttpRequest, pk: int) -> Exemplar:
    exemplar = exemplar_detail(pk)
    if exemplar is None or not request.user.has_perm("exemplars.view_exemplar", exemplar):
        raise Http404
    return exemplar


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


# --- List, new, edit -----------------------------------------------------------------------


@require_GET
@login_required
def exemplar_list_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    ensure_can(user, "exemplars.view_exemplar")
    filters = FilterForm(exemplar_years_for(user=user), request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    exemplars = exemplar_list_for(
        user=user,
        q=chosen.get("q", ""),
        status=chosen.get("status", ""),
        year=chosen.get("year"),
        sector=chosen.get("sector", ""),
    )
    page = Paginator(exemplars, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "exemplars/exemplar_list.html",
        {
            "page": page,
            "exemplars": list(page.object_list),
            "filters": filters,
            "query": query.urlencode(),
            "can_propose": user.has_perm("exemplars.propose_exemplar"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@once
def exemplar_new_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    ensure_can(user, "exemplars.propose_exemplar")
    units = proposer_units_for(user=user)
    if not units:
        raise PermissionDenied(_("Bạn không đề xuất điển hình cho đơn vị nào."))
    form = ExemplarForm(units, request.POST or None, initial={"year": local_today().year})
    if request.method == "POST" and form.is_valid():
        created: list[Exemplar] = []

        def create() -> str:
            created.append(services.exemplar_create(actor=user, **form.service_fields()))
            return _("Đã lưu điển hình “%(name)s” (chưa gửi).") % {"name": created[0].name}

        if _attempt(request, create, form):
            return redirect("exemplars:exemplar-detail", created[0].pk)
    return render(request, "exemplars/exemplar_form.html", {"form": form, "exemplar": None})


@require_http_methods(["GET", "POST"])
@login_required
def exemplar_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar(request, pk)
    user = request.user
    ensure_can(user, "exemplars.change_exemplar", exemplar)
    if exemplar.status not in EDITABLE_STATUSES:
        messages.error(
            request,
            _("Điển hình đang “%(status)s”, không sửa được.")
            % {"status": ExemplarStatus(exemplar.status).label},
        )
        return redirect("exemplars:exemplar-detail", exemplar.pk)
    units = proposer_units_for(user=user)
    if exemplar.unit not in units:
        units.insert(0, exemplar.unit)
    initial = {
        name: getattr(exemplar, name)
        for name in (
            "kind",
            "category",
            "sector",
            "year",
            "name",
            "public_name",
            "headline",
            "story",
            "source",
            "source_name",
            "birth_date",
            "phone",
            "id_number",
            "address",
            "version",
        )
    }
    initial.update(unit=exemplar.unit_id, facts="\n".join(exemplar.facts))
    form = ExemplarForm(units, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():

        def update() -> str:
            services.exemplar_update(
                actor=user,
                exemplar=exemplar,
                expected_version=form.cleaned_data.get("version"),
                person=exemplar.person if form.cleaned_data["kind"] == "ca_nhan" else None,
                **form.service_fields(),
            )
            return _("Đã lưu điển hình.")

        if _attempt(request, update, form):
            return redirect("exemplars:exemplar-detail", exemplar.pk)
    return render(request, "exemplars/exemplar_form.html", {"form": form, "exemplar": exemplar})


# --- A model's page ------------------------------------------------------------------------


def _links_form(request: HttpRequest, exemplar: Exemplar, data: Any = None) -> LinksForm:
    user = request.user
    return LinksForm(
        data,
        people=person_candidates(user=user, exemplar=exemplar),
        awards=award_candidates(exemplar=exemplar),
        decisions=decision_candidates(exemplar=exemplar),
        movements=movement_candidates(user=user, exemplar=exemplar),
        initial={
            "person": exemplar.person_id,
            "award_records": [record.pk for record in exemplar.award_records.all()],
            "decisions": [decision.pk for decision in exemplar.decisions.all()],
            "movements": [movement.pk for movement in exemplar.movements.all()],
            "version": exemplar.version,
        },
    )


def _photo_of(request: HttpRequest, exemplar: Exemplar) -> ExemplarPhoto:
    photo = next(
        (p for p in exemplar.photos.all() if str(p.pk) == request.POST.get("photo", "")), None
    )
    if photo is None:
        raise ApplicationError(_("Ảnh này không còn."))
    photo.exemplar = exemplar
    return photo


def _invalid(form: Any, what: str) -> ApplicationError:
    """A form's first error, named, as the refusal shown on the page."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        detail = f"“{label}”: {errors[0]}" if label else str(errors[0])
        return ApplicationError(
            _("%(what)s chưa lưu được. %(detail)s") % {"what": what, "detail": detail}
        )
    return ApplicationError(_("%(what)s chưa lưu được.") % {"what": what})


def _action(request: HttpRequest, exemplar: Exemplar, action: str) -> str:
    """Apply one posted action; returns the success message."""
    user = request.user
    version = _version(request)
    post, files = request.POST, request.FILES
    if action == "submit":
        services.exemplar_submit(actor=user, exemplar=exemplar, expected_version=version)
        return _("Đã gửi điển hình đến cơ quan thường trực Hội đồng Thi đua – Khen thưởng.")
    if action == "approve":
        services.exemplar_approve(actor=user, exemplar=exemplar, expected_version=version)
        return _("Đã duyệt điển hình.")
    if action == "publish":
        services.exemplar_publish(actor=user, exemplar=exemplar, expected_version=version)
        return _("Đã công bố điển hình trên trang công khai.")
    if action in ("return", "unpublish"):
        reason_form = ReasonForm(post, prefix=action)
        if not reason_form.is_valid():
            raise ApplicationError(
                _("Trường “%(field)s” không được để trống.")
                % {"field": _("Lý do trả lại") if action == "return" else _("Lý do gỡ công bố")}
            )
        reason = reason_form.cleaned_data["reason"]
        if action == "return":
            services.exemplar_return(
                actor=user, exemplar=exemplar, reason=reason, expected_version=version
            )
            return _("Đã trả lại điển hình cho đơn vị đề xuất.")
        services.exemplar_unpublish(
            actor=user, exemplar=exemplar, reason=reason, expected_version=version
        )
        return _("Đã gỡ điển hình khỏi trang công khai.")
    if action == "consent":
        consent_form = ConsentForm(post, files)
        if not consent_form.is_valid():
            raise _invalid(consent_form, _("Sự đồng ý công bố"))
        data = consent_form.cleaned_data
        upload = data.get("file")
        services.exemplar_consent_record(
            actor=user,
            exemplar=exemplar,
            consent_on=data["consent_on"],
            show_unit=data["show_unit"],
            note=data["note"],
            expected_version=version,
            file_name=upload.name if upload else "",
            content=upload.read() if upload else None,
        )
        return _("Đã ghi nhận sự đồng ý công bố.")
    if action == "withdraw":
        withdraw_form = WithdrawForm(post)
        if not withdraw_form.is_valid():
            raise _invalid(withdraw_form, _("Việc rút lại sự đồng ý"))
        data = withdraw_form.cleaned_data
        services.exemplar_consent_withdraw(
            actor=user,
            exemplar=exemplar,
            withdrawn_on=data["withdrawn_on"],
            note=data["note"],
            expected_version=version,
        )
        return _("Đã ghi nhận việc rút lại sự đồng ý; điển hình không còn hiện công khai.")
    if action == "links":
        links_form = _links_form(request, exemplar, post)
        if not links_form.is_valid():
            raise _invalid(links_form, _("Liên kết"))
        data = links_form.cleaned_data
        services.exemplar_links_set(
            actor=user,
            exemplar=exemplar,
            person=data.get("person"),
            award_records=list(data.get("award_records", [])),
            decisions=list(data.get("decisions", [])),
            movements=list(data.get("movements", [])),
            expected_version=version,
        )
        return _("Đã lưu khen thưởng, quyết định và phong trào gắn với điển hình.")
    if action == "photo_add":
        photo_form = PhotoForm(post, files)
        if not photo_form.is_valid():
            raise _invalid(photo_form, _("Ảnh"))
        data = photo_form.cleaned_data
        services.exemplar_photo_add(
            actor=user,
            exemplar=exemplar,
            file_name=data["file"].name,
            content=data["file"].read(),
            caption=data["caption"],
            credit=data["credit"],
            consent=data["consent"],
        )
        return _("Đã thêm ảnh.")
    if action in ("photo_approve", "photo_unapprove"):
        approved = action == "photo_approve"
        services.exemplar_photo_review(
            actor=user, photo=_photo_of(request, exemplar), approved=approved
        )
        return _("Đã duyệt ảnh để công bố.") if approved else _("Đã bỏ duyệt ảnh.")
    if action in ("photo_consent", "photo_no_consent"):
        consent = action == "photo_consent"
        services.exemplar_photo_consent_set(
            actor=user, photo=_photo_of(request, exemplar), consent=consent
        )
        return (
            _("Đã ghi nhận người trong ảnh đồng ý công bố.")
            if consent
            else _("Đã ghi nhận người trong ảnh không đồng ý công bố; ảnh không còn được dùng.")
        )
    if action == "photo_remove":
        services.exemplar_photo_remove(actor=user, photo=_photo_of(request, exemplar))
        return _("Đã xóa ảnh.")
    if action == "evidence_add":
        evidence_form = EvidenceForm(post, files)
        if not evidence_form.is_valid():
            raise _invalid(evidence_form, _("Minh chứng"))
        data = evidence_form.cleaned_data
        services.exemplar_evidence_add(
            actor=user,
            exemplar=exemplar,
            file_name=data["file"].name,
            content=data["file"].read(),
            description=data["description"],
        )
        return _("Đã thêm minh chứng.")
    if action == "evidence_remove":
        evidence = next(
            (e for e in exemplar.evidence.all() if str(e.pk) == post.get("evidence", "")), None
        )
        if evidence is None:
            raise ApplicationError(_("Minh chứng này không còn."))
        services.exemplar_evidence_remove(actor=user, evidence=evidence)
        return _("Đã xóa minh chứng.")
    raise ApplicationError(_("Thao tác không hợp lệ."))


@require_http_methods(["GET", "POST"])
@login_required
@once
def exemplar_page(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar(request, pk)
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        if _attempt(request, lambda: _action(request, exemplar, action)):
            return redirect(request.path)
        exemplar = _exemplar(request, pk)
    writes = user.has_perm("exemplars.change_exemplar", exemplar)
    reviews = user.has_perm("exemplars.review_exemplar", exemplar)
    editable = exemplar.status in EDITABLE_STATUSES
    photos = list(exemplar.photos.all())
    history = [
        (event, audit_action_label(event.action))
        for event in AuditEvent.objects.filter(
            object_type="exemplars.exemplar", object_id=str(exemplar.pk)
        ).order_by("at", "id")
    ]
    return render(
        request,
        "exemplars/exemplar_page.html",
        {
            "exemplar": exemplar,
            "photos": photos,
            "public_photo_count": sum(1 for photo in photos if photo.is_public),
            "evidence": list(exemplar.evidence.all()),
            "history": history,
            "can_edit": writes and editable,
            "can_files": reviews or (writes and editable),
            "can_review": reviews,
            "can_consent": user.has_perm("exemplars.record_consent", exemplar),
            "sees_personal": user.has_perm("exemplars.view_personal_details", exemplar),
            "publication_problem": services.publication_problem(exemplar),
            "return_form": ReasonForm(prefix="return"),
            "unpublish_form": ReasonForm(prefix="unpublish"),
            "consent_form": ConsentForm(
                initial={"show_unit": exemplar.consent_show_unit, "consent_on": None}
            ),
            "withdraw_form": WithdrawForm(),
            "photo_form": PhotoForm(),
            "evidence_form": EvidenceForm(),
            "links_form": (
                _links_form(request, exemplar) if reviews or (writes and editable) else None
            ),
        },
    )


# --- Files -----------------------------------------------------------------------------------


def _file_response(field: Any, name: str, content_type: str, *, inline: bool) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=not inline, filename=name, content_type=content_type
    )


@require_GET
@login_required
def photo_file(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    exemplar = _exemplar(request, pk)
    photo = next((p for p in exemplar.photos.all() if p.pk == photo_pk), None)
    if photo is None:
        raise Http404
    return _file_response(photo.image, photo.file_name, photo.content_type, inline=True)


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    exemplar = _exemplar(request, pk)
    evidence: ExemplarEvidence | None = next(
        (e for e in exemplar.evidence.all() if e.pk == evidence_pk), None
    )
    if evidence is None:
        raise Http404
    return _file_response(evidence.file, evidence.file_name, evidence.content_type, inline=False)


@require_GET
@login_required
def consent_file(request: HttpRequest, pk: int) -> FileResponse:
    exemplar = _exemplar(request, pk)
    if not request.user.has_perm("exemplars.view_personal_details", exemplar):
        raise Http404
    name = exemplar.consent_file_name or "phieu-dong-y"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = {
        "pdf": "application/pdf",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
    }.get(extension, "application/octet-stream")
    return _file_response(exemplar.consent_file, name, content_type, inline=False)


@require_GET
@login_required
def press_pack(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar(request, pk)
    try:
        name, content = services.exemplar_press_pack_make(actor=request.user, exemplar=exemplar)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("exemplars:exemplar-detail", exemplar.pk)
    response = HttpResponse(content, content_type=ZIP_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Public pages ----------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Published models, for everyone: name, unit (if agreed), title and public photos only."""
    filters = PublicFilterForm(public_years(), request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    exemplars = public_exemplars(
        q=chosen.get("q", ""),
        sector=chosen.get("sector", ""),
        category=chosen.get("category", ""),
        year=chosen.get("year"),
    )
    page = Paginator(exemplars, PUBLIC_PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "exemplars/public_list.html",
        {
            "page": page,
            "exemplars": list(page.object_list),
            "filters": filters,
            "query": query.urlencode(),
        },
    )


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = public_exemplar(pk)
    if exemplar is None:
        raise Http404
    return render(request, "exemplars/public_detail.html", {"exemplar": exemplar})


@require_GET
def public_photo_file(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    photo = public_photo(exemplar_pk=pk, photo_pk=photo_pk)
    if photo is None:
        raise Http404
    extension = ".png" if photo.content_type == "image/png" else ".jpg"
    name = f"{file_slug(photo.caption)[:60] or 'anh'}{extension}"
    return _file_response(photo.image, name, photo.content_type, inline=True)
