"""Workflow API: rounds, nominations (create, send, appraise), council votes and results,
decisions, statistics, and the public list of published decisions. Same services and the same
permission rules as the pages."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from thidua.commendation import services
from thidua.commendation.models import (
    CouncilSession,
    Decision,
    DecisionStatus,
    Household,
    Nomination,
    Person,
    Round,
)
from thidua.commendation.nomination_excel import MAX_BYTES as NOMINATION_MAX_BYTES
from thidua.commendation.nomination_excel import build_nomination_template
from thidua.commendation.nomination_import import nomination_candidates_for, nomination_import
from thidua.commendation.workflow_selectors import (
    award_statistics,
    decision_detail,
    nomination_detail,
    nomination_list_for,
    published_decisions,
    round_list,
    session_detail,
)
from thidua.core.excel import XLSX_CONTENT_TYPE, xlsx_download
from thidua.core.exceptions import ApplicationError
from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import UPLOAD, errors, storable_ids
from thidua.org.models import OrgUnit

router = Router()


class RoundIn(Schema):
    issuer_id: int
    name: str
    kind: str
    year: int
    submission_deadline: datetime.date
    award_type: str = ""
    appraisal_working_days: int = 20
    comment_working_days: int = 0
    quotas: dict[str, int] = {}


class RoundOut(Schema):
    id: int
    name: str
    kind: str
    award_type: str
    year: int
    issuer_id: int
    issuer_name: str
    submission_deadline: datetime.date
    appraisal_working_days: int
    comment_working_days: int
    quotas: dict[str, int]
    status: str

    @staticmethod
    def resolve_issuer_name(round_: Round) -> str:
        return round_.issuer.name


class SubjectIn(Schema):
    kind: Literal["individual", "collective", "household"]
    id: int


class NominationIn(Schema):
    unit_id: int
    subject: SubjectIn
    award: str
    achievement: str


class NominationOut(Schema):
    id: int
    round_id: int
    unit_id: int
    unit_name: str
    subject_kind: str
    subject_id: int
    subject_name: str
    award: str
    award_name: str
    status: str
    version: int
    submitted_at: datetime.datetime | None
    appraisal_due: datetime.date | None
    return_reason: str
    listed_until: datetime.date | None

    @staticmethod
    def resolve_unit_name(nomination: Nomination) -> str:
        return nomination.unit.name

    @staticmethod
    def resolve_subject_kind(nomination: Nomination) -> str:
        if nomination.person_id:
            return "individual"
        return "collective" if nomination.collective_id else "household"

    @staticmethod
    def resolve_subject_id(nomination: Nomination) -> int:
        return nomination.subject.pk

    @staticmethod
    def resolve_subject_name(nomination: Nomination) -> str:
        return str(nomination.subject)


class FileOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    generated: bool


class NominationDetailOut(NominationOut):
    achievement: str
    eligibility: dict[str, Any]
    files: list[FileOut]

    @staticmethod
    def resolve_files(nomination: Nomination) -> list[Any]:
        return list(nomination.files.all())


class VersionIn(Schema):
    version: int | None = None


class ReasonIn(VersionIn):
    reason: str


class GenerateIn(Schema):
    kind: str


class NominationFilter(Schema):
    status: str = ""
    q: str = ""


class VotesIn(Schema):
    nomination_id: int
    ballots: dict[int, Literal["agree", "disagree", "abstain"]] | None = None
    in_writing: list[int] = []
    tally: dict[str, int] | None = None
    recused: list[int] = []


class BallotIn(Schema):
    nomination_id: int
    member_id: int
    vote: Literal["agree", "disagree", "abstain"]
    in_writing: bool = False


class ResultOut(Schema):
    nomination_id: int
    agree: int
    disagree: int
    abstain: int
    written_agree: int
    written_disagree: int
    written_abstain: int
    passed: bool | None
    percent: str
    explanation: str


class SessionOut(Schema):
    id: int
    round_id: int
    held_on: datetime.date
    ballot_mode: str
    status: str
    members: int
    present: int
    quorum: dict[str, Any]
    results: list[ResultOut]

    @staticmethod
    def resolve_members(session: CouncilSession) -> int:
        return len(session.members.all())

    @staticmethod
    def resolve_present(session: CouncilSession) -> int:
        return len(session.present.all())

    @staticmethod
    def resolve_results(session: CouncilSession) -> list[Any]:
        return list(session.results.all())


class DecisionDraftIn(Schema):
    award: str
    title: str = ""
    symbol: str = "QĐ-UBND"
    # Only these passed nominations (e.g. to settle a tie at a unit's limit); default: all.
    nomination_ids: list[int] | None = None


class SignIn(Schema):
    signed_on: datetime.date
    signer_name: str
    signer_title: str


class DecisionItemOut(Schema):
    order: int
    subject_name: str
    unit_name: str
    award: str
    award_record_id: int | None


class PublicDecisionOut(Schema):
    """A decision as published: without the office's internal note (which may name the
    nominations left out of it)."""

    id: int
    kind: str
    round_id: int | None
    issuer_name: str
    award: str
    title: str
    number: str
    signed_on: datetime.date | None
    signer_name: str
    signer_title: str
    status: str
    published_at: datetime.datetime | None
    items: list[DecisionItemOut]

    @staticmethod
    def resolve_issuer_name(decision: Decision) -> str:
        return decision.issuer.name

    @staticmethod
    def resolve_items(decision: Decision) -> list[dict[str, Any]]:
        rows = []
        for item in decision.items.all():
            if item.nomination is not None:
                subject, unit, award = (
                    item.nomination.subject,
                    item.nomination.unit.name,
                    item.nomination.award,
                )
            else:
                assert item.award_record is not None  # noqa: S101 - the check constraint
                subject = item.award_record.subject
                unit, award = item.award_record.decision_number, item.award_record.award
            rows.append(
                {
                    "order": item.order,
                    "subject_name": str(subject),
                    "unit_name": unit,
                    "award": award,
                    "award_record_id": item.award_record_id,
                }
            )
        return rows


class DecisionOut(PublicDecisionOut):
    note: str


class StatisticsOut(Schema):
    year: int
    total: int
    individuals: int
    direct_workers: int
    direct_worker_share: str
    collectives: int
    grassroots: int
    grassroots_share: str
    households: int
    by_award: dict[str, int]
    by_level: dict[str, int]
    by_category: dict[str, int]


class StatisticsQuery(Schema):
    year: int


def _round(round_id: int) -> Round:
    round_ = Round.objects.select_related("issuer").filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def _nomination(request: HttpRequest, nomination_id: int) -> Nomination:
    nomination = nomination_detail(nomination_id)
    if nomination is None or not request.user.has_perm("commendation.view_nomination", nomination):
        raise Http404
    return nomination


def _unit(unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApplicationError(f"Không có đơn vị mã {unit_id}.", extra={"field": "unit_id"})
    return unit


@router.get(
    "/rounds",
    response={200: list[RoundOut], **errors(401, 403, 422)},
    summary="Các đợt khen thưởng",
)
@paginate(Pagination)
def round_index(request: HttpRequest) -> Any:
    ensure_can(request.user, "commendation.view_round")
    return round_list()


@router.post(
    "/rounds", response={201: RoundOut, **errors(400, 401, 403, 422)}, summary="Mở đợt khen thưởng"
)
def round_open(request: HttpRequest, payload: RoundIn) -> Any:
    data = payload.dict()
    issuer = _unit(data.pop("issuer_id"))
    return Status(201, services.round_create(actor=request.user, issuer=issuer, **data))


@router.get(
    "/rounds/{round_id}/nominations",
    response={200: list[NominationOut], **errors(401, 403, 404, 422)},
    summary="Đề nghị khen thưởng của một đợt mà người gọi được xem",
)
@paginate(Pagination)
def nomination_index(request: HttpRequest, round_id: int, filters: Query[NominationFilter]) -> Any:
    ensure_can(request.user, "commendation.view_round")
    return nomination_list_for(
        user=request.user, round_=_round(round_id), status=filters.status, q=filters.q
    )


@router.post(
    "/rounds/{round_id}/nominations",
    response={201: NominationDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Tạo đề nghị khen thưởng (bản nháp của đơn vị)",
)
def nomination_new(request: HttpRequest, round_id: int, payload: NominationIn) -> Any:
    model: Any = {"individual": Person, "collective": OrgUnit, "household": Household}[
        payload.subject.kind
    ]
    subject = model.objects.filter(pk=payload.subject.id).first()
    if subject is None:
        raise ApplicationError(
            f"Không có đối tượng mã {payload.subject.id}.", extra={"field": "subject.id"}
        )
    nomination = services.nomination_create(
        actor=request.user,
        round_=_round(round_id),
        unit=_unit(payload.unit_id),
        subject=subject,
        award=payload.award,
        achievement=payload.achievement,
    )
    return Status(201, nomination_detail(nomination.pk))


@router.get(
    "/nominations/{nomination_id}",
    response={200: NominationDetailOut, **errors(401, 404, 422)},
    summary="Một đề nghị và hồ sơ",
)
def nomination_get(request: HttpRequest, nomination_id: int) -> Any:
    return _nomination(request, nomination_id)


@router.post(
    "/nominations/{nomination_id}/files/generate",
    response={201: FileOut, **errors(400, 401, 403, 404, 422)},
    summary="Tạo tờ trình hoặc báo cáo thành tích (DOCX) từ dữ liệu",
)
def nomination_generate(request: HttpRequest, nomination_id: int, payload: GenerateIn) -> Any:
    nomination = _nomination(request, nomination_id)
    generated = services.dossier_file_generate(
        actor=request.user, nomination=nomination, kind=payload.kind
    )
    return Status(201, generated)


def _act(request: HttpRequest, nomination_id: int, action: str, payload: Any) -> Any:
    nomination = _nomination(request, nomination_id)
    kwargs: dict[str, Any] = {"expected_version": payload.version}
    if isinstance(payload, ReasonIn):
        kwargs["reason"] = payload.reason
    service: Any = {
        "submit": services.nomination_submit,
        "accept": services.nomination_accept,
        "return": services.nomination_return,
        "withdraw": services.nomination_withdraw,
    }[action]
    service(actor=request.user, nomination=nomination, **kwargs)
    return nomination_detail(nomination.pk)


@router.post(
    "/nominations/{nomination_id}/submit",
    response={200: NominationDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gửi đề nghị (hồ sơ đủ thành phần) đến cơ quan thường trực",
)
def nomination_send(request: HttpRequest, nomination_id: int, payload: VersionIn) -> Any:
    return _act(request, nomination_id, "submit", payload)


@router.post(
    "/nominations/{nomination_id}/accept",
    response={200: NominationDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Thẩm định: hồ sơ hợp lệ",
)
def nomination_valid(request: HttpRequest, nomination_id: int, payload: VersionIn) -> Any:
    return _act(request, nomination_id, "accept", payload)


@router.post(
    "/nominations/{nomination_id}/return",
    response={200: NominationDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Thẩm định: trả lại hồ sơ kèm lý do",
)
def nomination_send_back(request: HttpRequest, nomination_id: int, payload: ReasonIn) -> Any:
    return _act(request, nomination_id, "return", payload)


@router.post(
    "/nominations/{nomination_id}/withdraw",
    response={200: NominationDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Đơn vị rút đề nghị",
)
def nomination_pull(request: HttpRequest, nomination_id: int, payload: ReasonIn) -> Any:
    return _act(request, nomination_id, "withdraw", payload)


def _session(request: HttpRequest, session_id: int) -> CouncilSession:
    session = session_detail(session_id)
    if session is None or not request.user.has_perm("commendation.view_council", session):
        raise Http404
    return session


@router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, **errors(401, 404, 422)},
    summary="Phiên họp Hội đồng và kết quả",
)
def session_get(request: HttpRequest, session_id: int) -> Any:
    return _session(request, session_id)


@router.post(
    "/sessions/{session_id}/votes",
    response={200: ResultOut, **errors(400, 401, 403, 404, 422)},
    summary="Ghi phiếu (ghi tên) hoặc kết quả kiểm phiếu (bỏ phiếu kín) cho một đề nghị",
)
def session_votes(request: HttpRequest, session_id: int, payload: VotesIn) -> Any:
    session = _session(request, session_id)
    nomination = session.candidates.filter(pk=payload.nomination_id).first()
    if nomination is None:
        raise ApplicationError(
            "Đề nghị này không được đưa ra phiên họp.", extra={"field": "nomination_id"}
        )
    writing = set(payload.in_writing)
    ballots = (
        None
        if payload.ballots is None
        else {pk: (vote, pk in writing) for pk, vote in payload.ballots.items()}
    )
    return services.votes_record(
        actor=request.user,
        session=session,
        nomination=nomination,
        ballots=ballots,
        tally=payload.tally,
        recused_ids=payload.recused,
    )


@router.post(
    "/sessions/{session_id}/ballots",
    response={200: ResultOut, **errors(400, 401, 403, 404, 422)},
    summary="Ghi phiếu của một thành viên cho một đề nghị (phiên ghi tên); ghi lại thì thay "
    "phiếu trước",
)
def session_ballot(request: HttpRequest, session_id: int, payload: BallotIn) -> Any:
    session = _session(request, session_id)
    nomination = session.candidates.filter(pk=payload.nomination_id).first()
    if nomination is None:
        raise ApplicationError(
            _("Đề nghị này không được đưa ra phiên họp."), extra={"field": "nomination_id"}
        )
    member = session.members.filter(pk=payload.member_id).first()
    if member is None:
        raise ApplicationError(
            _("Người bỏ phiếu phải là thành viên Hội đồng của phiên họp."),
            extra={"field": "member_id"},
        )
    return services.ballot_cast(
        actor=request.user,
        session=session,
        nomination=nomination,
        member=member,
        vote=payload.vote,
        in_writing=payload.in_writing,
    )


@router.post(
    "/sessions/{session_id}/close",
    response={200: SessionOut, **errors(400, 401, 403, 404, 422)},
    summary="Kết thúc phiên họp: tính kết quả trên tổng số thành viên",
)
def session_finish(request: HttpRequest, session_id: int) -> Any:
    services.session_close(actor=request.user, session=_session(request, session_id))
    return session_detail(session_id)


def _decision(request: HttpRequest, decision_id: int) -> Decision:
    decision = decision_detail(decision_id)
    if decision is None:
        raise Http404
    if decision.status != DecisionStatus.PUBLISHED and not request.user.has_perm(
        "commendation.decide", decision
    ):
        raise Http404
    return decision


@router.post(
    "/rounds/{round_id}/decisions",
    response={201: DecisionOut, **errors(400, 401, 403, 404, 422)},
    summary="Lập dự thảo quyết định từ các đề nghị Hội đồng đã thông qua",
)
def decision_new(request: HttpRequest, round_id: int, payload: DecisionDraftIn) -> Any:
    data = payload.dict()
    ids = data.pop("nomination_ids")
    round_ = _round(round_id)
    chosen = (
        None
        if ids is None
        else list(Nomination.objects.filter(round=round_, pk__in=storable_ids(ids)))
    )
    if chosen is not None and len(chosen) != len(set(ids)):
        raise ApplicationError(
            "Có mã đề nghị không thuộc đợt này.", extra={"field": "nomination_ids"}
        )
    decision = services.decision_draft(
        actor=request.user, round_=round_, nominations=chosen, **data
    )
    return Status(201, decision_detail(decision.pk))


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **errors(401, 404, 422)},
    summary="Một quyết định",
)
def decision_get(request: HttpRequest, decision_id: int) -> Any:
    return _decision(request, decision_id)


@router.post(
    "/decisions/{decision_id}/sign",
    response={200: DecisionOut, **errors(400, 401, 403, 404, 422)},
    summary="Ghi nhận ký: lấy số từ sổ đăng ký, ghi khen thưởng vào quá trình",
)
def decision_signed(request: HttpRequest, decision_id: int, payload: SignIn) -> Any:
    decision = _decision(request, decision_id)
    services.decision_sign(actor=request.user, decision=decision, **payload.dict())
    return decision_detail(decision_id)


@router.post(
    "/decisions/{decision_id}/publish",
    response={200: DecisionOut, **errors(400, 401, 403, 404, 422)},
    summary="Công khai quyết định",
)
def decision_public(request: HttpRequest, decision_id: int) -> Any:
    services.decision_publish(actor=request.user, decision=_decision(request, decision_id))
    return decision_detail(decision_id)


@router.get(
    "/statistics",
    response={200: StatisticsOut, **errors(401, 403, 422)},
    summary="Thống kê khen thưởng của năm: theo hình thức, cấp, đối tượng; tỷ lệ người lao "
    "động trực tiếp và tập thể cơ sở",
)
def statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> Any:
    ensure_can(request.user, "commendation.view_round")
    stats = award_statistics(year=query.year, user=request.user)
    return {
        "year": query.year,
        "total": stats.total,
        "individuals": stats.individuals,
        "direct_workers": stats.direct_workers,
        "direct_worker_share": stats.percent(stats.direct_worker_share),
        "collectives": stats.collectives,
        "grassroots": stats.grassroots,
        "grassroots_share": stats.percent(stats.grassroots_share),
        "households": stats.households,
        "by_award": dict(stats.by_award),
        "by_level": {str(key): value for key, value in stats.by_level.items()},
        "by_category": dict(stats.by_category),
    }


@router.get(
    "/public/decisions",
    response={200: list[PublicDecisionOut], **errors(422)},
    auth=None,
    summary="Quyết định khen thưởng đã công khai (không cần đăng nhập)",
)
@paginate(Pagination)
def public_decisions(request: HttpRequest) -> Any:
    return published_decisions().prefetch_related(
        "items__nomination__person",
        "items__nomination__collective",
        "items__nomination__household",
        "items__nomination__unit",
        "items__award_record",
    )


# --- Nominations from Excel ----------------------------------------------------------------


class NominationImportOut(Schema):
    created: int
    nominations: list[int]


@router.get(
    "/rounds/{round_id}/excel/template",
    response=errors(400, 401, 403, 404, 422),
    summary="Tải mẫu Excel danh sách đề nghị khen thưởng của một đơn vị trong đợt (.xlsx)",
    openapi_extra={"responses": {200: {"content": {XLSX_CONTENT_TYPE: {}}}}},
)
def nomination_excel_template(
    request: HttpRequest, round_id: int, unit_id: int
) -> HttpResponseBase:
    round_ = _round(round_id)
    unit = _unit(unit_id)
    candidates = nomination_candidates_for(actor=request.user, round_=round_, unit=unit)
    return xlsx_download(
        build_nomination_template(round_, unit, candidates),
        f"mau-de-nghi-khen-thuong-{round_.pk}-{unit.pk}",
    )


@router.post(
    "/rounds/{round_id}/excel/import",
    response={201: NominationImportOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary=(
        "Nộp mẫu Excel đã điền: tạo đề nghị (bản nháp) cho mọi dòng, hoặc không dòng nào; "
        "lỗi liệt kê theo trang, dòng, cột trong extra.problems"
    ),
)
def nomination_excel_import(
    request: HttpRequest, round_id: int, unit_id: Form[int], file: File[UploadedFile]
) -> Any:
    round_ = _round(round_id)
    unit = _unit(unit_id)
    ensure_can(request.user, "commendation.propose", unit)
    if file.size and file.size > NOMINATION_MAX_BYTES:
        raise ApplicationError(_("Tệp lớn hơn 5 MB."))
    created = nomination_import(actor=request.user, round_=round_, unit=unit, data=file.read())
    return Status(201, {"created": len(created), "nominations": [item.pk for item in created]})
