"""Pages of the commendation workflow: rounds, nominations with their dossiers, appraisal,
council sessions, decisions, statistics, and the public pages (listing for comments, published
decisions). Views are thin: forms clean, services decide, selectors read."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import (
    conditional_page,
    require_GET,
    require_http_methods,
    require_safe,
)

from thidua.accounts.scope import scope_for
from thidua.commendation import services
from thidua.commendation.catalogue import award_definitions
from thidua.commendation.dossier_documents import (
    DOCX_CONTENT_TYPE,
    decision_docx,
    meeting_minutes_docx,
    tally_minutes_docx,
)
from thidua.commendation.forms import UnitUploadForm
from thidua.commendation.models import (
    BallotMode,
    CommentStatus,
    CouncilSession,
    Decision,
    DecisionKind,
    DecisionStatus,
    DossierFile,
    Household,
    Nomination,
    NominationStatus,
    Person,
    Round,
    RoundStatus,
    SessionStatus,
    Vote,
)
from thidua.commendation.nomination_excel import MAX_BYTES as NOMINATION_MAX_BYTES
from thidua.commendation.nomination_excel import build_nomination_template
from thidua.commendation.nomination_import import nomination_candidates_for, nomination_import
from thidua.commendation.rules import PROPOSER_ROLES
from thidua.commendation.services.council import TALLY_FIELDS
from thidua.commendation.services.workflow import COMMENT_RATE_LIMIT
from thidua.commendation.workflow_forms import (
    AchievementForm,
    CommentForm,
    DecisionDraftForm,
    DossierUploadForm,
    ModerationFilterForm,
    ModerationForm,
    NominationFilterForm,
    NominationForm,
    ReasonForm,
    RevocationForm,
    RoundForm,
    ScanForm,
    SessionForm,
    SignForm,
    StatisticsForm,
    TallyForm,
)
from thidua.commendation.workflow_selectors import (
    appraisal_queue,
    award_statistics,
    decision_detail,
    decisions_for,
    latest_award_year,
    nomination_detail,
    nomination_list_for,
    public_comment_list_for,
    publicly_listed,
    published_decisions,
    round_list,
    session_detail,
    statistics_labels,
    status_counts,
)
from thidua.core.audit_actions import audit_action_label
from thidua.core.excel import UploadError, xlsx_download
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.permissions import ensure_can
from thidua.core.ratelimit import RateLimitedError, client_address
from thidua.core.resubmit import once
from thidua.core.text import file_slug, format_number, local_today
from thidua.org.models import OrgUnit

PAGE_SIZE = 200


def _attempt(request: HttpRequest, action: Callable[[], str]) -> bool:
    """Run a service call; its refusal becomes an error message, success a confirmation."""
    try:
        done = action()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


def _round(pk: int) -> Round:
    round_ = Round.objects.select_related("issuer").filter(pk=pk).first()
    if round_ is None:
        raise Http404
    return round_


# --- Rounds ---------------------------------------------------------------------------------


def _issuers_for(user: Any) -> list[OrgUnit]:
    """Provinces (valid today) whose emulation office the user works in."""
    return [
        unit
        for unit in OrgUnit.objects.valid_on(local_today()).filter(kind="tinh").order_by("name")
        if user.has_perm("commendation.manage_round", unit)
    ]


@require_http_methods(["GET", "POST"])
@login_required
@once
def round_list_page(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "commendation.view_round")
    issuers = _issuers_for(request.user)
    form = RoundForm(
        request.POST or None,
        initial={"year": local_today().year, "appraisal_working_days": 20},
    )
    if request.method == "POST":
        if not issuers:
            raise PermissionDenied(_("Bạn không tổ chức được đợt khen thưởng."))
        if form.is_valid():
            data = form.round_data()
            created: list[Round] = []

            def create() -> str:
                created.append(services.round_create(actor=request.user, issuer=issuers[0], **data))
                return _("Đã mở đợt “%(name)s”.") % {"name": created[0].name}

            if _attempt(request, create):
                return redirect("commendation:round-detail", created[0].pk)
    return render(
        request,
        "commendation/round_list.html",
        {"rounds": list(round_list()), "form": form, "can_create": bool(issuers)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_can(request.user, "commendation.view_round")
    round_ = _round(pk)
    user = request.user
    runs = user.has_perm("commendation.manage_round", round_)
    action = request.POST.get("action", "")
    session_form = SessionForm(
        request.POST if action == "session" else None,
        initial={"held_on": local_today(), "ballot_mode": BallotMode.ANONYMOUS},
    )
    passed_awards = sorted(
        set(
            Nomination.objects.filter(round=round_, status=NominationStatus.PASSED).values_list(
                "award", flat=True
            )
        )
    )
    decision_form = DecisionDraftForm(passed_awards, request.POST if action == "decision" else None)
    if request.method == "POST":
        if action == "close":

            def close() -> str:
                services.round_close(actor=user, round_=round_)
                return _("Đã khóa sổ đợt.")

            if _attempt(request, close):
                return redirect(request.path)
        elif action == "session" and session_form.is_valid():
            made: list[CouncilSession] = []

            def open_session() -> str:
                made.append(
                    services.session_create(actor=user, round_=round_, **session_form.cleaned_data)
                )
                return _("Đã lập phiên họp Hội đồng.")

            if _attempt(request, open_session):
                return redirect("commendation:session-detail", made[0].pk)
        elif action == "decision" and decision_form.is_valid():
            drafted: list[Decision] = []

            def draft() -> str:
                drafted.append(
                    services.decision_draft(actor=user, round_=round_, **decision_form.cleaned_data)
                )
                if drafted[0].note:
                    return _("Đã lập dự thảo quyết định. %(note)s") % {"note": drafted[0].note}
                return _("Đã lập dự thảo quyết định.")

            if _attempt(request, draft):
                return redirect("commendation:decision-detail", drafted[0].pk)
    filters = NominationFilterForm(request.GET or None)
    clean = filters.cleaned_data if filters.is_valid() else {}
    visible = nomination_list_for(user=user, round_=round_)
    listed = nomination_list_for(
        user=user, round_=round_, status=clean.get("status", ""), q=clean.get("q", "")
    )
    nominations = list(listed[: PAGE_SIZE + 1])
    counts = status_counts(visible)
    proposer_units = _proposer_units(user, round_)
    return render(
        request,
        "commendation/round_detail.html",
        {
            "round": round_,
            "runs": runs,
            "filters": filters,
            "nominations": nominations[:PAGE_SIZE],
            "more": len(nominations) > PAGE_SIZE,
            "counts": [
                (value, label, counts.get(value, 0))
                for value, label in NominationStatus.choices
                if counts.get(value)
            ],
            "queue": list(appraisal_queue(round_)[:50]) if runs else [],
            "today": local_today(),
            "sessions": list(round_.sessions.all()) if runs or _reads(user, round_) else [],
            "decisions": list(decisions_for(user).filter(round=round_)),
            "session_form": session_form,
            "decision_form": decision_form if passed_awards else None,
            "proposer_units": proposer_units if round_.status == RoundStatus.OPEN else [],
            "quotas": [
                (award_definitions()[code].name, limit)
                for code, limit in round_.quotas.items()
                if code in award_definitions()
            ],
        },
    )


def _reads(user: Any, round_: Round) -> bool:
    return bool(user.has_perm("commendation.view_council", round_))


def _proposer_units(user: Any, round_: Round) -> list[OrgUnit]:
    scope = scope_for(user)
    return list(
        OrgUnit.objects.valid_on(local_today())
        .filter(scope.filter_q("path", PROPOSER_ROLES), path__startswith=round_.issuer.path)
        .order_by("path")[:200]
    )


# --- Nominations ----------------------------------------------------------------------------


def _subject_choices(unit: OrgUnit) -> list[tuple[str, list[tuple[str, str]]]]:
    people = Person.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    collectives = OrgUnit.objects.valid_on(local_today()).filter(path__startswith=unit.path)
    households = Household.objects.filter(unit__path__startswith=unit.path)
    return [
        (
            str(_("Cá nhân")),
            [(f"person:{p.pk}", f"{p.full_name} – {p.unit.name}") for p in people[:2000]],
        ),
        (
            str(_("Tập thể")),
            [(f"collective:{u.pk}", u.name) for u in collectives.order_by("path")[:500]],
        ),
        (
            str(_("Hộ gia đình")),
            [(f"household:{h.pk}", str(h)) for h in households[:500]],
        ),
    ]


def _subject(value: str) -> Any:
    kind, _sep, raw = value.partition(":")
    kinds: dict[str, Any] = {"person": Person, "collective": OrgUnit, "household": Household}
    model = kinds.get(kind)
    if model is None or not raw.isdigit():
        raise Http404
    subject = model.objects.filter(pk=int(raw)).first()
    if subject is None:
        raise Http404
    return subject


@require_http_methods(["GET", "POST"])
@login_required
@once
def nomination_new_page(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = _round(round_pk)
    units = _proposer_units(request.user, round_)
    if not units:
        raise PermissionDenied(_("Bạn không đề nghị khen thưởng cho đơn vị nào trong đợt này."))
    chosen = request.POST.get("unit") or request.GET.get("unit") or str(units[0].pk)
    unit = next((u for u in units if str(u.pk) == chosen), None)
    if unit is None:
        raise PermissionDenied(_("Bạn không đề nghị khen thưởng cho đơn vị này."))
    form = NominationForm(_subject_choices(unit), request.POST or None)
    if request.method == "POST" and form.is_valid():
        made: list[Nomination] = []

        def create() -> str:
            made.append(
                services.nomination_create(
                    actor=request.user,
                    round_=round_,
                    unit=unit,
                    subject=_subject(form.cleaned_data["subject"]),
                    award=form.cleaned_data["award"],
                    achievement=form.cleaned_data["achievement"],
                )
            )
            return _("Đã tạo đề nghị; hãy bổ sung hồ sơ rồi gửi.")

        if _attempt(request, create):
            return redirect("commendation:nomination-detail", made[0].pk)
    return render(
        request,
        "commendation/nomination_new.html",
        {"round": round_, "units": units, "unit": unit, "form": form},
    )


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    nomination = nomination_detail(pk)
    if nomination is None or not request.user.has_perm("commendation.view_nomination", nomination):
        raise Http404
    return nomination


def _nomination_action(request: HttpRequest, nomination: Nomination, action: str) -> str | None:
    """Apply one posted action; returns the success message, or None when the form was bad."""
    user = request.user
    version = request.POST.get("version")
    expected = int(version) if version and version.isdigit() else None
    if action == "update":
        form = AchievementForm(request.POST)
        if not form.is_valid():
            return None
        services.nomination_update(
            actor=user,
            nomination=nomination,
            achievement=form.cleaned_data["achievement"],
            expected_version=expected,
        )
        return _("Đã lưu tóm tắt thành tích.")
    if action == "upload":
        upload = DossierUploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            raise ApplicationError(_("Hãy chọn thành phần hồ sơ và tệp cần tải lên."))
        file = upload.cleaned_data["file"]
        if file.size > services.workflow.DOSSIER_MAX_BYTES:
            raise ApplicationError(_("Tệp “%(name)s” lớn hơn 20 MB.") % {"name": file.name})
        services.dossier_file_add(
            actor=user,
            nomination=nomination,
            kind=upload.cleaned_data["kind"],
            name=file.name,
            content=file.read(),
        )
        return _("Đã thêm tệp vào hồ sơ.")
    if action == "generate":
        services.dossier_file_generate(
            actor=user, nomination=nomination, kind=request.POST.get("kind", "")
        )
        return _("Đã tạo tệp từ dữ liệu; hãy tải về, hoàn thiện, ký và tải bản ký lên nếu cần.")
    if action == "remove":
        dossier = nomination.files.filter(pk=request.POST.get("file") or 0).first()
        if dossier is None:
            raise ApplicationError(_("Tệp không còn trong hồ sơ."))
        services.dossier_file_remove(actor=user, dossier=dossier)
        return _("Đã xóa tệp khỏi hồ sơ.")
    if action == "submit":
        services.nomination_submit(actor=user, nomination=nomination, expected_version=expected)
        return _("Đã gửi đề nghị đến cơ quan thường trực Hội đồng.")
    if action == "accept":
        services.nomination_accept(actor=user, nomination=nomination, expected_version=expected)
        return _("Đã xác nhận hồ sơ hợp lệ.")
    if action in ("return", "withdraw"):
        form_r = ReasonForm(request.POST)
        if not form_r.is_valid():
            raise ApplicationError(_("Hãy ghi lý do."))
        service = services.nomination_return if action == "return" else services.nomination_withdraw
        service(
            actor=user,
            nomination=nomination,
            reason=form_r.cleaned_data["reason"],
            expected_version=expected,
        )
        return _("Đã trả lại hồ sơ cho đơn vị.") if action == "return" else _("Đã rút đề nghị.")
    raise ApplicationError(_("Thao tác không hợp lệ."))


@require_http_methods(["GET", "POST"])
@login_required
@once
def nomination_page(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _nomination_action(request, nomination, action)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if done:
                messages.success(request, done)
                return redirect(request.path)
        nomination = _nomination(request, pk)
    editable = nomination.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)
    proposes = user.has_perm("commendation.propose", nomination)
    appraises = user.has_perm("commendation.appraise", nomination)
    files = list(nomination.files.all())
    history = [
        (event, audit_action_label(event.action))
        for event in AuditEvent.objects.filter(
            object_type="commendation.nomination", object_id=str(nomination.pk)
        ).order_by("at", "id")
    ]
    return render(
        request,
        "commendation/nomination_page.html",
        {
            "nomination": nomination,
            "files": files,
            "missing": services.workflow.dossier_missing(nomination, {f.kind for f in files}),
            "can_edit": proposes and editable,
            "can_withdraw": proposes
            and nomination.status
            in (
                NominationStatus.DRAFT,
                NominationStatus.SUBMITTED,
                NominationStatus.RETURNED,
                NominationStatus.ACCEPTED,
            ),
            "can_appraise": appraises and nomination.status == NominationStatus.SUBMITTED,
            "can_return_accepted": appraises and nomination.status == NominationStatus.ACCEPTED,
            "achievement_form": AchievementForm(
                initial={"achievement": nomination.achievement, "version": nomination.version}
            ),
            "upload_form": DossierUploadForm(),
            "reason_form": ReasonForm(initial={"version": nomination.version}),
            # The office sees every comment with its author; the unit only the approved texts.
            "comments": list(nomination.comments.all())
            if appraises
            else [c for c in nomination.comments.all() if c.status == CommentStatus.APPROVED]
            if proposes
            else [],
            "sees_authors": appraises,
            "history": history,
            "overdue": nomination.appraisal_due is not None
            and nomination.status == NominationStatus.SUBMITTED
            and nomination.appraisal_due < local_today(),
        },
    )


@require_GET
@login_required
def dossier_download(request: HttpRequest, pk: int) -> FileResponse:
    dossier = DossierFile.objects.select_related("nomination__unit", "nomination__round").filter(
        pk=pk
    )
    found = dossier.first()
    if found is None or not request.user.has_perm("commendation.view_nomination", found.nomination):
        raise Http404
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )


# --- Council sessions -----------------------------------------------------------------------


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    session = session_detail(pk)
    if session is None or not request.user.has_perm("commendation.view_council", session):
        raise Http404
    return session


def _votes_from_post(request: HttpRequest, session: CouncilSession) -> dict[str, Any]:
    recused = [int(pk) for pk in request.POST.getlist("recused") if pk.isdigit()]
    if session.ballot_mode == BallotMode.NAMED:
        ballots: dict[int, tuple[str, bool]] = {}
        for member in session.members.all():
            vote = request.POST.get(f"vote-{member.pk}", "")
            if vote in Vote.values:
                ballots[member.pk] = (vote, request.POST.get(f"writing-{member.pk}") == "on")
        return {"ballots": ballots, "recused_ids": recused}
    form = TallyForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("Số phiếu phải là số nguyên không âm."))
    return {"tally": form.tally(), "recused_ids": recused}


@require_http_methods(["GET", "POST"])
@login_required
@once
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    user = request.user
    runs = user.has_perm("commendation.run_council", session)
    if request.method == "POST":
        if not runs:
            raise PermissionDenied(_("Chỉ thư ký Hội đồng nhập kết quả phiên họp."))
        action = request.POST.get("action", "")
        try:
            if action == "attendance":
                attending = [int(pk) for pk in request.POST.getlist("present") if pk.isdigit()]
                services.session_attendance_set(actor=user, session=session, present_ids=attending)
                done = _("Đã cập nhật danh sách dự họp.")
            elif action == "votes":
                nomination = session.candidates.filter(pk=request.POST.get("nomination") or 0)
                candidate = nomination.first()
                if candidate is None:
                    raise ApplicationError(_("Đề nghị này không được đưa ra phiên họp."))
                services.votes_record(
                    actor=user,
                    session=session,
                    nomination=candidate,
                    **_votes_from_post(request, session),
                )
                done = _("Đã ghi kết quả biểu quyết: %(subject)s.") % {
                    "subject": str(candidate.subject)
                }
            elif action == "close":
                services.session_close(actor=user, session=session)
                done = _("Đã kết thúc phiên họp và công bố kết quả biểu quyết.")
            else:
                raise ApplicationError(_("Thao tác không hợp lệ."))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            return redirect(request.path)
        session = _session(request, pk)
    results = {result.nomination_id: result for result in session.results.all()}
    recused: dict[int, set[int]] = {}
    for recusal in session.recusals.all():
        recused.setdefault(recusal.nomination_id, set()).add(recusal.member_id)
    ballots: dict[int, dict[int, Any]] = {}
    for ballot in session.ballots.all():
        ballots.setdefault(ballot.nomination_id, {})[ballot.member_id] = ballot
    members = list(session.members.all())
    present = {member.pk for member in session.present.all()}
    labels = {name: TallyForm.base_fields[name].label for name in TALLY_FIELDS}
    rows = []
    for candidate in session.candidates.all():
        result = results.get(candidate.pk)
        given = ballots.get(candidate.pk, {})
        rows.append(
            {
                "nomination": candidate,
                "result": result,
                "recused": recused.get(candidate.pk, set()),
                "member_votes": [(member, given.get(member.pk)) for member in members],
                "tally_inputs": [
                    (name, labels[name], getattr(result, name) if result else 0)
                    for name in TALLY_FIELDS
                ],
            }
        )
    return render(
        request,
        "commendation/session_page.html",
        {
            "session": session,
            "runs": runs and session.status == SessionStatus.OPEN,
            "members": members,
            "present": present,
            "rows": rows,
            "entered": sum(1 for row in rows if row["result"] is not None),
            "votes": Vote.choices,
            "named": session.ballot_mode == BallotMode.NAMED,
            "closed": session.status == SessionStatus.CLOSED,
        },
    )


def _docx(name_and_bytes: tuple[str, bytes]) -> HttpResponse:
    name, content = name_and_bytes
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status != SessionStatus.CLOSED:
        raise Http404
    # ?loai=hop-xet: the minutes of the meeting; otherwise those of the vote count.
    if request.GET.get("loai") == "hop-xet":
        return _docx(meeting_minutes_docx(session))
    return _docx(tally_minutes_docx(session))


# --- Decisions ------------------------------------------------------------------------------


def _decision(request: HttpRequest, pk: int) -> Decision:
    decision = decision_detail(pk)
    if decision is None:
        raise Http404
    if decision.status != DecisionStatus.PUBLISHED and not request.user.has_perm(
        "commendation.decide", decision
    ):
        raise Http404
    return decision


@require_http_methods(["GET", "POST"])
@login_required
@once
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    user = request.user
    decides = user.has_perm("commendation.decide", decision)
    action = request.POST.get("action", "")
    sign_form = SignForm(
        request.POST if action == "sign" else None,
        initial={
            "signed_on": local_today(),
            "signer_title": _("Phó Chủ tịch Ủy ban nhân dân tỉnh"),
        },
    )
    revocable = [
        (str(item.award_record_id), str(item.award_record.subject))
        for item in decision.items.all()
        if item.award_record is not None and item.award_record.revoked_at is None
    ]
    revocation_form = RevocationForm(revocable, request.POST if action == "revoke" else None)
    if request.method == "POST":
        if not decides:
            raise PermissionDenied(_("Bạn không ban hành được quyết định này."))
        outcome: list[Decision] = []

        def apply() -> str:
            if action == "sign":
                if not sign_form.is_valid():
                    raise ApplicationError(_("Hãy nhập ngày ký, người ký và chức vụ."))
                signed = services.decision_sign(
                    actor=user, decision=decision, **sign_form.cleaned_data
                )
                return _("Đã ký, lấy số %(number)s.") % {"number": signed.number}
            if action == "scan":
                form = ScanForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise ApplicationError(_("Hãy chọn tệp PDF bản quyết định đã ký."))
                scan = form.cleaned_data["scan"]
                services.decision_attach_scan(
                    actor=user, decision=decision, name=scan.name, content=scan.read()
                )
                return _("Đã đính kèm bản quyết định đã ký.")
            if action == "discard":
                services.decision_discard(actor=user, decision=decision)
                outcome.append(decision)
                return _("Đã hủy dự thảo quyết định.")
            if action == "publish":
                services.decision_publish(actor=user, decision=decision)
                return _("Đã công khai quyết định.")
            if action == "revoke":
                if not revocation_form.is_valid():
                    raise ApplicationError(_("Hãy chọn khen thưởng cần thu hồi và ghi lý do."))
                records = [
                    item.award_record
                    for item in decision.items.all()
                    if item.award_record is not None
                    and str(item.award_record_id) in revocation_form.cleaned_data["items"]
                ]
                outcome.append(
                    services.revocation_draft(
                        actor=user,
                        issuer=decision.issuer,
                        records=records,
                        reason=revocation_form.cleaned_data["reason"],
                    )
                )
                return _("Đã lập dự thảo quyết định thu hồi; hãy ký và công khai.")
            raise ApplicationError(_("Thao tác không hợp lệ."))

        if _attempt(request, apply):
            if action == "discard":
                if decision.round_id is None:
                    return redirect("commendation:round-list")
                return redirect("commendation:round-detail", decision.round_id)
            target = outcome[0].pk if outcome else decision.pk
            return redirect("commendation:decision-detail", target)
        decision = _decision(request, pk)
    return render(
        request,
        "commendation/decision_page.html",
        {
            "decision": decision,
            "items": list(decision.items.all()),
            "decides": decides,
            "sign_form": sign_form,
            "scan_form": ScanForm(),
            "revocation_form": revocation_form
            if decides and revocable and decision.kind == DecisionKind.AWARD
            else None,
        },
    )


@require_GET
@login_required
def decision_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _docx(decision_docx(_decision(request, pk)))


@require_GET
@login_required
def certificates_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of certificates to print for a signed decision (one line per certificate)."""
    decision = _decision(request, pk)
    if decision.kind != DecisionKind.AWARD or decision.status == DecisionStatus.DRAFT:
        raise Http404
    return render(
        request,
        "commendation/certificates.html",
        {"decision": decision, "items": list(decision.items.all())},
    )


def _scan_response(decision: Decision) -> FileResponse:
    if not decision.scan:
        raise Http404
    return FileResponse(
        decision.scan.open("rb"),
        as_attachment=False,
        filename=f"quyet-dinh-{file_slug(decision.number or str(decision.pk))}.pdf",
        content_type="application/pdf",
    )


@require_GET
@login_required
def decision_scan(request: HttpRequest, pk: int) -> FileResponse:
    return _scan_response(_decision(request, pk))


# --- Statistics -----------------------------------------------------------------------------


@require_GET
@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "commendation.view_round")
    form = StatisticsForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year or int(request.GET.get("nam", 0) or 0)
    if not year:  # none asked for: the latest with awards (one query), else this year
        this_year = local_today().year
        year = latest_award_year(user=request.user, until=this_year) or this_year
        form.initial["year"] = year
    stats = award_statistics(year=year, user=request.user)
    labels = statistics_labels()
    return render(
        request,
        "commendation/statistics.html",
        {
            "form": form,
            "year": year,
            "stats": stats,
            "by_award": stats.rows(stats.by_award, labels["award"]),
            "by_level": stats.rows(stats.by_level, labels["level"]),
            "by_category": stats.rows(stats.by_category, labels["category"]),
            "by_unit": stats.by_unit.most_common(30),
            "direct_share": stats.percent(stats.direct_worker_share),
            "grassroots_share": stats.percent(stats.grassroots_share),
        },
    )


# --- Public pages (no account) ---------------------------------------------------------------


# The public pages change only when the office publishes: shared caches may keep them a while.
PUBLIC_MAX_AGE = 5 * 60


def _comment_form(nomination: Nomination, data: Any = None) -> CommentForm:
    """One comment form per listed nomination, with ids of its own (labels stay unique)."""
    return CommentForm(data, auto_id=f"id_%s_{nomination.pk}")


@require_http_methods(["GET", "POST"])
@once
def public_list(request: HttpRequest) -> HttpResponse:
    """Nominations open for comments (with the approved comments) and published decisions, for
    everyone. A comment waits for moderation; a client sending too many gets HTTP 429."""
    listed = list(publicly_listed()[:500])
    bound: dict[int, CommentForm] = {}
    status = 200
    if request.method == "POST":
        nomination = next(
            (n for n in listed if str(n.pk) == request.POST.get("nomination", "")), None
        )
        if nomination is None:
            messages.error(request, _("Đề nghị này hiện không lấy ý kiến góp ý."))
        else:
            form = bound[nomination.pk] = _comment_form(nomination, request.POST)
            if form.is_valid():
                try:
                    services.public_comment_post(
                        nomination=nomination, client=client_address(request), **form.cleaned_data
                    )
                except ApplicationError as error:
                    messages.error(request, error.message)
                    status = error.status_code if isinstance(error, RateLimitedError) else 200
                else:
                    messages.success(
                        request,
                        _(
                            "Cảm ơn bạn; ý kiến đã được gửi đến cơ quan thường trực Hội đồng và "
                            "sẽ được công khai sau khi cơ quan thường trực kiểm duyệt."
                        ),
                    )
                    return redirect(request.path)
    response = render(
        request,
        "commendation/public_list.html",
        {
            "rows": [(n, bound.get(n.pk) or _comment_form(n)) for n in listed],
            "decisions": list(published_decisions()[:100]),
            "show_messages": True,
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(COMMENT_RATE_LIMIT.window_seconds)
    return response


@require_safe
@conditional_page
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = decision_detail(pk)
    if decision is None or decision.status != DecisionStatus.PUBLISHED:
        raise Http404
    return render(
        request,
        "commendation/public_decision.html",
        {"decision": decision, "items": list(decision.items.all())},
    )


@require_GET
def public_decision_scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    decision = Decision.objects.filter(pk=pk, status=DecisionStatus.PUBLISHED).first()
    if decision is None:
        raise Http404
    return _scan_response(decision)


# --- Moderation of public comments (the emulation office) ------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def comment_moderation_page(request: HttpRequest) -> HttpResponse:
    """The office's queue of public comments: approve one (its text becomes public) or reject
    it; every decision is audited and may be changed later."""
    ensure_can(request.user, "commendation.manage_round")
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            comment = (
                public_comment_list_for(user=request.user)
                .filter(pk=form.cleaned_data["comment"])
                .first()
            )
            if comment is None:
                raise Http404

            def moderate() -> str:
                done = services.public_comment_moderate(
                    actor=request.user,
                    comment=comment,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
                if done.status == CommentStatus.APPROVED:
                    return _("Đã duyệt ý kiến; nội dung ý kiến được công khai.")
                return _("Đã không công khai ý kiến.")

            _attempt(request, moderate)
        else:
            messages.error(request, _("Yêu cầu kiểm duyệt không hợp lệ."))
        return redirect(request.get_full_path())
    filters = ModerationFilterForm(request.GET or None, initial={"trang_thai": "pending"})
    status = CommentStatus.PENDING.value
    if filters.is_bound and filters.is_valid():
        status = filters.cleaned_data["trang_thai"]
    comments = public_comment_list_for(user=request.user, status=status)
    page = Paginator(comments, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "commendation/comment_moderation.html",
        {
            "filters": filters,
            "status": status,
            "page": page,
            "query": query.urlencode(),
            "pending": public_comment_list_for(
                user=request.user, status=CommentStatus.PENDING
            ).count(),
            "statuses": CommentStatus,
        },
    )


# --- Nominations from Excel -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@once
def nomination_excel_page(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Download a unit's nomination list template for the round, upload it back: every line
    becomes a draft nomination, or none."""
    round_ = _round(round_pk)
    units = _proposer_units(request.user, round_)
    if not units:
        raise PermissionDenied(_("Bạn không đề nghị khen thưởng cho đơn vị nào trong đợt này."))
    form = UnitUploadForm(units, request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        upload = form.cleaned_data["file"]
        try:
            if upload.size > NOMINATION_MAX_BYTES:
                raise ApplicationError(_("Tệp lớn hơn 5 MB."))
            created = nomination_import(
                actor=request.user, round_=round_, unit=unit, data=upload.read()
            )
        except UploadError as error:
            problems = error.errors
            messages.error(
                request,
                _("Tệp không được nhận, chưa có đề nghị nào được tạo: %(count)s lỗi.")
                % {"count": format_number(len(problems))},
            )
        except ApplicationError as error:
            messages.error(
                request,
                _("Tệp không được nhận, chưa có đề nghị nào được tạo. %(message)s")
                % {"message": error.message},
            )
        else:
            messages.success(
                request,
                _(
                    "Đã tạo %(count)s đề nghị (bản nháp) của %(unit)s; hãy bổ sung hồ sơ cho "
                    "từng đề nghị rồi gửi."
                )
                % {"count": format_number(len(created)), "unit": unit.name},
            )
            return redirect("commendation:round-detail", round_.pk)
    return render(
        request,
        "commendation/nomination_excel.html",
        {
            "round": round_,
            "units": units,
            "form": form,
            "problems": problems,
            "is_open": round_.status == RoundStatus.OPEN,
        },
    )


@require_GET
@login_required
def nomination_template(request: HttpRequest, round_pk: int, unit_pk: int) -> HttpResponseBase:
    round_ = _round(round_pk)
    unit = OrgUnit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    try:
        candidates = nomination_candidates_for(actor=request.user, round_=round_, unit=unit)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("commendation:nomination-excel", round_.pk)
    return xlsx_download(
        build_nomination_template(round_, unit, candidates),
        f"mau-de-nghi-khen-thuong-{file_slug(unit.name)}",
    )
