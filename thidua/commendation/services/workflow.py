"""Workflow services: rounds, nominations and their dossiers, appraisal, public comments.

Each authorises, validates (Vietnamese messages naming the field), writes and records one audit
event in one transaction. Nominations use optimistic locking (`expected_version`) like reports:
an office officer and a unit editing the same nomination never overwrite each other silently.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import AwardType, award_definitions
from thidua.commendation.dossier_documents import DOCX_CONTENT_TYPE, GENERATORS
from thidua.commendation.eligibility import evaluate
from thidua.commendation.models import (
    ACTIVE_STATUSES,
    CommentStatus,
    DossierFile,
    DossierKind,
    Nomination,
    NominationStatus,
    PublicComment,
    Round,
    RoundKind,
    RoundStatus,
    Subject,
    subject_field,
    subject_kind,
    subject_unit,
)
from thidua.commendation.selectors import subject_for
from thidua.commendation.validation import valid_choice, valid_year
from thidua.commendation.whatif import result_as_json
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.files import check_file
from thidua.core.permissions import ensure_can
from thidua.core.ratelimit import RateLimit, RateLimitedError, rate_limit_take
from thidua.core.selectors import working_day_deadline
from thidua.core.services import audit_record, snapshot
from thidua.core.text import TIME_ZONE, format_date, local_today
from thidua.core.validation import clean_text, required_text
from thidua.org.models import OrgUnit

ROUND_FIELDS = [
    "id",
    "name",
    "kind",
    "award_type",
    "year",
    "issuer_id",
    "submission_deadline",
    "appraisal_working_days",
    "comment_working_days",
    "quotas",
    "status",
]
NOMINATION_FIELDS = [
    "id",
    "round_id",
    "unit_id",
    "person_id",
    "collective_id",
    "household_id",
    "award",
    "achievement",
    "status",
    "version",
    "appraisal_due",
    "return_reason",
    "listed_until",
]
DOSSIER_EXTENSIONS = (".pdf", ".docx", ".png", ".jpg", ".jpeg")
DOSSIER_MAX_BYTES = 20 * 1024 * 1024
MAX_WORKING_DAYS = 120

# What the round's kind implies for the awards it gives (loại hình, Law Art. 9).
DEFAULT_AWARD_TYPE = {
    RoundKind.ANNUAL: AwardType.PHONG_TRAO,
    RoundKind.THEMATIC: AwardType.CHUYEN_DE,
    RoundKind.EXTRAORDINARY: AwardType.DOT_XUAT,
    RoundKind.CLUSTER: AwardType.PHONG_TRAO,
}

# Law Art. 84(1)(a)–(c): tờ trình, báo cáo thành tích, biên bản bình xét; (d) the proof of an
# initiative or of HTXSNV for the Chiến sĩ thi đua titles.
REQUIRED_DOSSIER = (DossierKind.TO_TRINH, DossierKind.BAO_CAO, DossierKind.BIEN_BAN)
PROOF_REQUIRED_FOR = frozenset({"CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC"})


def _working_days(value: int, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WORKING_DAYS:
        raise ApplicationError(
            _("Trường “%(field)s”: số ngày làm việc phải từ 0 đến %(high)s.")
            % {"field": label, "high": MAX_WORKING_DAYS},
            extra={"field": label},
        )
    return value


def _quotas(quotas: Mapping[str, int]) -> dict[str, int]:
    definitions = award_definitions()
    label = _("Số lượng tối đa mỗi đơn vị")
    clean: dict[str, int] = {}
    for code, limit in quotas.items():
        if code not in definitions:
            raise ApplicationError(
                _("Trường “%(field)s”: mã “%(value)s” không có trong danh mục khen thưởng.")
                % {"field": label, "value": code},
                extra={"field": label},
            )
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ApplicationError(
                _("Trường “%(field)s”: số lượng “%(value)s” của %(award)s phải là số nguyên ≥ 0.")
                % {"field": label, "value": limit, "award": definitions[code].name},
                extra={"field": label},
            )
        clean[code] = limit
    return clean


@transaction.atomic
def round_create(
    *,
    actor: Any,
    issuer: OrgUnit,
    name: str,
    kind: str,
    year: int,
    submission_deadline: datetime.date,
    award_type: str = "",
    appraisal_working_days: int = 20,
    comment_working_days: int = 0,
    quotas: Mapping[str, int] | None = None,
    is_demo: bool = False,
) -> Round:
    """Open a round of commendation of `issuer` (its emulation office runs it); `quotas` caps
    the awards of a kind per proposing unit."""
    ensure_can(actor, "commendation.manage_round", issuer)
    clean_name = required_text(name, _("Tên đợt"))
    valid_choice(kind, RoundKind.choices, _("Loại đợt"))
    valid_year(year, _("Năm thành tích"))
    award_type = award_type or DEFAULT_AWARD_TYPE[RoundKind(kind)]
    valid_choice(award_type, [(item.value, item.label) for item in AwardType], _("Loại hình"))
    if submission_deadline.year < year:
        raise ApplicationError(
            _("Trường “%(field)s”: hạn nộp %(day)s trước năm thành tích %(year)s.")
            % {"field": _("Hạn nộp hồ sơ"), "day": format_date(submission_deadline), "year": year},
            extra={"field": _("Hạn nộp hồ sơ")},
        )
    round_ = Round.objects.create(
        name=clean_name,
        kind=kind,
        award_type=award_type,
        year=year,
        issuer=issuer,
        submission_deadline=submission_deadline,
        appraisal_working_days=_working_days(
            appraisal_working_days, _("Thời hạn thẩm định (ngày làm việc)")
        ),
        comment_working_days=_working_days(
            comment_working_days, _("Thời gian lấy ý kiến (ngày làm việc)")
        ),
        quotas=_quotas(quotas or {}),
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="round.created",
        target=round_,
        unit=issuer,
        after=snapshot(round_, ROUND_FIELDS),
    )
    return round_


@transaction.atomic
def round_close(*, actor: Any, round_: Round) -> Round:
    """Stop receiving nominations (those already sent go on through appraisal and the council)."""
    ensure_can(actor, "commendation.manage_round", round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == RoundStatus.CLOSED:
        raise ApplicationError(_("Đợt khen thưởng đã khóa sổ."))
    before = snapshot(round_, ROUND_FIELDS)
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="round.closed",
        target=round_,
        unit=round_.issuer,
        before=before,
        after=snapshot(round_, ROUND_FIELDS),
    )
    return round_


# --- Nominations ---------------------------------------------------------------------------


def _locked(nomination: Nomination, expected_version: int | None) -> Nomination:
    current = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("round__issuer", "unit", "person", "collective", "household")
        .get(pk=nomination.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Đề nghị đã được người khác thay đổi trong lúc bạn đang xem; hãy tải lại trang "
                "(thay đổi của bạn chưa được lưu)."
            )
        )
    return current


def _save(
    actor: Any,
    nomination: Nomination,
    action: str,
    before: dict[str, Any],
    fields: list[str],
    note: str = "",
) -> Nomination:
    nomination.version += 1
    nomination.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        action=f"nomination.{action}",
        target=nomination,
        unit=nomination.unit,
        before=before,
        after=snapshot(nomination, NOMINATION_FIELDS),
        note=note,
    )
    return nomination


def _status_label(status: str) -> str:
    return str(NominationStatus(status).label)


def _require_status(nomination: Nomination, allowed: tuple[str, ...], doing: str) -> None:
    if nomination.status not in allowed:
        raise ApplicationError(
            _("Không thể %(doing)s: đề nghị đang ở trạng thái “%(status)s”.")
            % {"doing": doing, "status": _status_label(nomination.status)}
        )


@transaction.atomic
def nomination_create(
    *,
    actor: Any,
    round_: Round,
    unit: OrgUnit,
    subject: Subject,
    award: str,
    achievement: str,
) -> Nomination:
    """A unit proposes `award` for a person, collective or household of its subtree."""
    ensure_can(actor, "commendation.propose", unit)
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(_("Đợt “%(round)s” đã khóa sổ.") % {"round": round_.name})
    definitions = award_definitions()
    code = clean_text(award).upper()
    label = _("Danh hiệu, hình thức đề nghị")
    if code not in definitions:
        raise ApplicationError(
            _("Trường “%(field)s”: mã “%(value)s” không có trong danh mục khen thưởng.")
            % {"field": label, "value": award},
            extra={"field": label},
        )
    kind = subject_kind(subject)
    if kind not in definitions[code].subject_kinds:
        raise ApplicationError(
            _("Trường “%(field)s”: “%(award)s” không dành cho %(kind)s.")
            % {"field": label, "award": definitions[code].name, "kind": kind.label.lower()},
            extra={"field": label},
        )
    if not unit.path.startswith(round_.issuer.path):
        raise ApplicationError(
            _("%(unit)s không thuộc %(issuer)s nên không đề nghị trong đợt này được.")
            % {"unit": unit.name, "issuer": round_.issuer.name}
        )
    if not subject_unit(subject).path.startswith(unit.path):
        raise ApplicationError(
            _("“%(subject)s” không thuộc %(unit)s nên đơn vị không đề nghị được.")
            % {"subject": str(subject), "unit": unit.name}
        )
    text = required_text(achievement, _("Tóm tắt thành tích"))
    field = subject_field(subject)
    duplicate = Nomination.objects.filter(
        round=round_, award=code, status__in=ACTIVE_STATUSES, **{field: subject}
    ).first()
    if duplicate is not None:
        raise ApplicationError(
            _("“%(subject)s” đã được đề nghị %(award)s trong đợt này (trạng thái “%(status)s”).")
            % {
                "subject": str(subject),
                "award": definitions[code].name,
                "status": _status_label(duplicate.status),
            }
        )
    nomination = Nomination.objects.create(
        round=round_,
        unit=unit,
        award=code,
        achievement=text,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{field: subject},
    )
    audit_record(
        actor=actor,
        action="nomination.created",
        target=nomination,
        unit=unit,
        after=snapshot(nomination, NOMINATION_FIELDS),
    )
    return nomination


@transaction.atomic
def nomination_update(
    *, actor: Any, nomination: Nomination, achievement: str, expected_version: int | None = None
) -> Nomination:
    ensure_can(actor, "commendation.propose", nomination)
    nomination = _locked(nomination, expected_version)
    _require_status(
        nomination,
        (NominationStatus.DRAFT, NominationStatus.RETURNED),
        _("sửa đề nghị"),
    )
    before = snapshot(nomination, NOMINATION_FIELDS)
    nomination.achievement = required_text(achievement, _("Tóm tắt thành tích"))
    return _save(actor, nomination, "updated", before, ["achievement"])


def dossier_missing(nomination: Nomination, kinds: set[str]) -> list[str]:
    """Labels of the dossier pieces still missing (Law Art. 84(1))."""
    required = list(REQUIRED_DOSSIER)
    if nomination.award in PROOF_REQUIRED_FOR:
        required.append(DossierKind.MINH_CHUNG)
    return [str(kind.label) for kind in required if kind not in kinds]


def eligibility_snapshot(nomination: Nomination, as_of: datetime.date) -> dict[str, Any]:
    """The engine's verdict on the registry's history, kept with the nomination when sent."""
    subject = subject_for(nomination.subject, as_of, year=nomination.round.year)
    try:
        result = evaluate(subject, nomination.award, as_of, year=nomination.round.year)
    except ValueError as error:  # before the 2022 Law (01/01/2024): its rules are not modelled
        return {"as_of": as_of.isoformat(), "note": str(error), "criteria": []}
    return {**result_as_json(result), "as_of": as_of.isoformat(), "year": result.year}


def _moment(today: datetime.date | None) -> tuple[datetime.date, datetime.datetime]:
    """Today and now; a past day (recording an earlier round) stands for both, at 09:00."""
    if today is None:
        return local_today(), timezone.now()
    return today, datetime.datetime.combine(today, datetime.time(9), tzinfo=TIME_ZONE)


@transaction.atomic
def nomination_submit(
    *,
    actor: Any,
    nomination: Nomination,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Nomination:
    """Send the nomination with its dossier to the emulation office; the appraisal time limit
    runs from today, in working days of the holiday calendar. (`today` records a past round.)"""
    ensure_can(actor, "commendation.propose", nomination)
    nomination = _locked(nomination, expected_version)
    _require_status(
        nomination, (NominationStatus.DRAFT, NominationStatus.RETURNED), _("gửi đề nghị")
    )
    today, now = _moment(today)
    round_ = nomination.round
    if nomination.status == NominationStatus.DRAFT:
        if round_.status != RoundStatus.OPEN:
            raise ApplicationError(_("Đợt “%(round)s” đã khóa sổ.") % {"round": round_.name})
        if today > round_.submission_deadline:
            raise ApplicationError(
                _("Đã quá hạn nộp hồ sơ của đợt (%(day)s).")
                % {"day": format_date(round_.submission_deadline)}
            )
    kinds = set(nomination.files.values_list("kind", flat=True))
    missing = dossier_missing(nomination, kinds)
    if missing:
        raise ApplicationError(
            _("Hồ sơ còn thiếu: %(missing)s.") % {"missing": "; ".join(missing)},
            extra={"missing": missing},
        )
    before = snapshot(nomination, NOMINATION_FIELDS)
    nomination.status = NominationStatus.SUBMITTED
    nomination.submitted_at = now
    nomination.return_reason = ""  # the reason stays in the history (audit note)
    nomination.appraisal_due = working_day_deadline(today, round_.appraisal_working_days)
    nomination.eligibility = eligibility_snapshot(nomination, today)
    return _save(
        actor,
        nomination,
        "submitted",
        before,
        ["status", "submitted_at", "appraisal_due", "eligibility", "return_reason"],
    )


@transaction.atomic
def nomination_return(
    *,
    actor: Any,
    nomination: Nomination,
    reason: str,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Nomination:
    """The office sends the dossier back to the unit with the reason (to complete or correct).
    (`today` records a past round.)"""
    ensure_can(actor, "commendation.appraise", nomination)
    nomination = _locked(nomination, expected_version)
    _require_status(
        nomination,
        (NominationStatus.SUBMITTED, NominationStatus.ACCEPTED),
        _("trả lại hồ sơ"),
    )
    if nomination.sessions.exists():
        raise ApplicationError(_("Đề nghị đã được đưa ra Hội đồng; không trả lại được."))
    before = snapshot(nomination, NOMINATION_FIELDS)
    nomination.status = NominationStatus.RETURNED
    nomination.return_reason = required_text(reason, _("Lý do trả lại"))
    nomination.appraised_at = _moment(today)[1]
    nomination.appraised_by = actor if getattr(actor, "is_authenticated", False) else None
    nomination.listed_until = None
    fields = ["status", "return_reason", "appraised_at", "appraised_by", "listed_until"]
    return _save(actor, nomination, "returned", before, fields, note=nomination.return_reason)


@transaction.atomic
def nomination_accept(
    *,
    actor: Any,
    nomination: Nomination,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Nomination:
    """The office finds the dossier valid; when the round lists nominations publicly, the
    comment period of N working days starts today."""
    ensure_can(actor, "commendation.appraise", nomination)
    nomination = _locked(nomination, expected_version)
    _require_status(nomination, (NominationStatus.SUBMITTED,), _("xác nhận hồ sơ hợp lệ"))
    today, now = _moment(today)
    before = snapshot(nomination, NOMINATION_FIELDS)
    nomination.status = NominationStatus.ACCEPTED
    nomination.return_reason = ""
    nomination.appraised_at = now
    nomination.appraised_by = actor if getattr(actor, "is_authenticated", False) else None
    days = nomination.round.comment_working_days
    nomination.listed_until = working_day_deadline(today, days) if days else None
    fields = ["status", "return_reason", "appraised_at", "appraised_by", "listed_until"]
    return _save(actor, nomination, "accepted", before, fields)


@transaction.atomic
def nomination_withdraw(
    *, actor: Any, nomination: Nomination, reason: str, expected_version: int | None = None
) -> Nomination:
    ensure_can(actor, "commendation.propose", nomination)
    nomination = _locked(nomination, expected_version)
    _require_status(
        nomination,
        (
            NominationStatus.DRAFT,
            NominationStatus.SUBMITTED,
            NominationStatus.RETURNED,
            NominationStatus.ACCEPTED,
        ),
        _("rút đề nghị"),
    )
    if nomination.sessions.exists():
        raise ApplicationError(_("Đề nghị đã được đưa ra Hội đồng; không rút được."))
    text = required_text(reason, _("Lý do rút đề nghị"))
    before = snapshot(nomination, NOMINATION_FIELDS)
    nomination.status = NominationStatus.WITHDRAWN
    nomination.listed_until = None
    return _save(actor, nomination, "withdrawn", before, ["status", "listed_until"], note=text)


# --- Dossier files --------------------------------------------------------------------------


def _editable_dossier(actor: Any, nomination: Nomination) -> None:
    ensure_can(actor, "commendation.propose", nomination)
    _require_status(
        nomination,
        (NominationStatus.DRAFT, NominationStatus.RETURNED),
        _("thay đổi hồ sơ"),
    )


def _keep_file(
    actor: Any,
    nomination: Nomination,
    kind: str,
    name: str,
    content: bytes,
    content_type: str,
    *,
    generated: bool,
) -> DossierFile:
    dossier = DossierFile(
        nomination=nomination,
        kind=kind,
        name=name,
        size=len(content),
        content_type=content_type,
        generated=generated,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    extension = name.rsplit(".", 1)[-1].lower()
    dossier.file.save(f"{nomination.pk}-{kind}.{extension}", ContentFile(content), save=False)
    dossier.save()
    audit_record(
        actor=actor,
        action="dossier.generated" if generated else "dossier.uploaded",
        target=dossier,
        unit=nomination.unit,
        after=snapshot(dossier, ["id", "nomination_id", "kind", "name", "size", "generated"]),
    )
    return dossier


@transaction.atomic
def dossier_file_add(
    *, actor: Any, nomination: Nomination, kind: str, name: str, content: bytes
) -> DossierFile:
    """Attach a piece of the dossier (PDF, DOCX or a scan), recognised by its first bytes."""
    _editable_dossier(actor, nomination)
    valid_choice(kind, DossierKind.choices, _("Thành phần hồ sơ"))
    checked = check_file(
        name,
        content,
        allowed=DOSSIER_EXTENSIONS,
        max_bytes=DOSSIER_MAX_BYTES,
        default_name="ho-so",
    )
    return _keep_file(
        actor, nomination, kind, checked.name, content, checked.content_type, generated=False
    )


@transaction.atomic
def dossier_file_generate(*, actor: Any, nomination: Nomination, kind: str) -> DossierFile:
    """Generate the tờ trình or the báo cáo thành tích from the registry (DOCX, to complete
    and sign); a newer generated copy replaces the previous one."""
    _editable_dossier(actor, nomination)
    if kind not in GENERATORS:
        raise ApplicationError(
            _("Hệ thống chỉ tạo sẵn tờ trình và báo cáo thành tích; “%(kind)s” hãy tải lên.")
            % {"kind": DossierKind(kind).label if kind in DossierKind.values else kind}
        )
    name, content = GENERATORS[kind](nomination)
    for old in nomination.files.filter(kind=kind, generated=True):
        old.file.delete(save=False)
        old.delete()
    return _keep_file(actor, nomination, kind, name, content, DOCX_CONTENT_TYPE, generated=True)


@transaction.atomic
def dossier_file_remove(*, actor: Any, dossier: DossierFile) -> None:
    _editable_dossier(actor, dossier.nomination)
    before = snapshot(dossier, ["id", "nomination_id", "kind", "name", "size", "generated"])
    unit, description, pk = dossier.nomination.unit, str(dossier), str(dossier.pk)
    dossier.file.delete(save=False)
    dossier.delete()
    audit_record(
        actor=actor,
        action="dossier.removed",
        object_type="commendation.dossierfile",
        object_id=pk,
        object_repr=description,
        unit=unit,
        before=before,
    )


# --- Public comments ------------------------------------------------------------------------

MAX_COMMENT_LENGTH = 5000
# Anyone may write without an account: at most 5 comments per client address in 10 minutes.
COMMENT_RATE_LIMIT = RateLimit(scope="public_comment", limit=5, window_seconds=10 * 60)
COMMENT_FIELDS = ["id", "nomination_id", "status", "moderation_note"]


@transaction.atomic
def public_comment_post(
    *,
    nomination: Nomination,
    text: str,
    author_name: str = "",
    contact: str = "",
    client: str = "",
) -> PublicComment:
    """Anyone may comment on a nomination while it is listed (no account needed). The comment
    waits for the office's moderation before it is shown. `client` (the sender's address, from
    the pages) is rate-limited; the system's own calls pass none."""
    today = local_today()
    listed = (
        nomination.status == NominationStatus.ACCEPTED
        and nomination.listed_until is not None
        and today <= nomination.listed_until
    )
    if not listed:
        raise ApplicationError(_("Đề nghị này hiện không lấy ý kiến góp ý."))
    body = required_text(text, _("Nội dung góp ý"))
    if len(body) > MAX_COMMENT_LENGTH:
        raise ApplicationError(
            _("Trường “%(field)s” dài quá %(count)s ký tự.")
            % {"field": _("Nội dung góp ý"), "count": MAX_COMMENT_LENGTH},
            extra={"field": _("Nội dung góp ý")},
        )
    if client and not rate_limit_take(COMMENT_RATE_LIMIT, client):
        raise RateLimitedError(
            _(
                "Bạn đã gửi %(count)s góp ý trong %(minutes)s phút, là số tối đa cho phép. "
                "Vui lòng thử lại sau ít phút; góp ý vừa viết chưa được gửi."
            )
            % {
                "count": COMMENT_RATE_LIMIT.limit,
                "minutes": COMMENT_RATE_LIMIT.window_minutes,
            }
        )
    comment = PublicComment.objects.create(
        nomination=nomination,
        text=body,
        author_name=clean_text(author_name)[:200],
        contact=clean_text(contact)[:200],
    )
    audit_record(
        actor=None,
        action="public_comment.posted",
        target=comment,
        unit=nomination.unit,
        after=snapshot(comment, ["id", "nomination_id", "author_name", "status"]),
    )
    return comment


MODERATION_ACTIONS = {
    CommentStatus.APPROVED: "public_comment.approved",
    CommentStatus.REJECTED: "public_comment.rejected",
}


@transaction.atomic
def public_comment_moderate(
    *, actor: Any, comment: PublicComment, status: str, note: str = ""
) -> PublicComment:
    """The office of the round's issuing body approves a comment (its text becomes public) or
    rejects it (it stays with the office); a decision may be changed later, each one audited."""
    comment = (
        PublicComment.objects.select_for_update(of=("self",))
        .select_related("nomination__round__issuer", "nomination__unit")
        .get(pk=comment.pk)
    )
    ensure_can(actor, "commendation.appraise", comment.nomination)
    label = _("Kiểm duyệt")
    chosen = valid_choice(
        status,
        [(code, name) for code, name in CommentStatus.choices if code in MODERATION_ACTIONS],
        label,
    )
    if comment.status == chosen:
        raise ApplicationError(
            _("Ý kiến này đã ở trạng thái “%(status)s”.") % {"status": CommentStatus(chosen).label}
        )
    reason = clean_text(note)
    if len(reason) > MAX_COMMENT_LENGTH:
        raise ApplicationError(
            _("Trường “%(field)s” dài quá %(count)s ký tự.")
            % {"field": _("Ghi chú kiểm duyệt"), "count": MAX_COMMENT_LENGTH},
            extra={"field": _("Ghi chú kiểm duyệt")},
        )
    before = snapshot(comment, COMMENT_FIELDS)
    comment.status = chosen
    comment.moderation_note = reason
    comment.moderated_at = timezone.now()
    comment.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
    comment.save(update_fields=["status", "moderation_note", "moderated_at", "moderated_by"])
    audit_record(
        actor=actor,
        action=MODERATION_ACTIONS[CommentStatus(chosen)],
        target=comment,
        unit=comment.nomination.unit,
        before=before,
        after=snapshot(comment, COMMENT_FIELDS),
        note=reason,
    )
    return comment
