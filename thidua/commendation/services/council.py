"""Council services: the members of a council for a year, sessions, attendance, votes (named
ballots or anonymous tallies), recusals, and closing a session with its results.

Counting is the pure :mod:`thidua.commendation.council`; these services keep what was said in
the session and refuse inconsistent entries with the same Vietnamese messages.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation import council
from thidua.commendation.catalogue import Settings
from thidua.commendation.models import (
    Ballot,
    BallotMode,
    CandidateResult,
    CouncilMember,
    CouncilSession,
    Nomination,
    NominationStatus,
    Recusal,
    Round,
    SessionStatus,
)
from thidua.commendation.validation import valid_choice, valid_year
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import format_date
from thidua.core.validation import clean_text, required_text
from thidua.org.models import OrgUnit

TALLY_FIELDS = (
    "agree",
    "disagree",
    "abstain",
    "written_agree",
    "written_disagree",
    "written_abstain",
)


@transaction.atomic
def council_member_add(
    *,
    actor: Any,
    council_of: OrgUnit,
    year: int,
    full_name: str,
    position: str,
    user: Any = None,
    order: int = 0,
) -> CouncilMember:
    ensure_can(actor, "commendation.run_council", council_of)
    valid_year(year, _("Năm"))
    name = required_text(full_name, _("Họ và tên"))
    if CouncilMember.objects.filter(council_of=council_of, year=year, full_name=name).exists():
        raise ApplicationError(
            _("“%(name)s” đã là thành viên Hội đồng năm %(year)s.") % {"name": name, "year": year}
        )
    member = CouncilMember.objects.create(
        council_of=council_of,
        year=year,
        full_name=name,
        position=required_text(position, _("Chức danh trong Hội đồng")),
        user=user,
        order=order,
    )
    audit_record(
        actor=actor,
        action="council_member.added",
        target=member,
        unit=council_of,
        after=snapshot(member, ["id", "council_of_id", "year", "full_name", "position"]),
    )
    return member


def _session_locked(session: CouncilSession) -> CouncilSession:
    session = (
        CouncilSession.objects.select_for_update(of=("self",))
        .select_related("round__issuer")
        .get(pk=session.pk)
    )
    if session.status != SessionStatus.OPEN:
        raise ApplicationError(_("Phiên họp đã kết thúc; kết quả không thay đổi được nữa."))
    return session


def _audit(
    actor: Any, action: str, session: CouncilSession, after: dict[str, Any], note: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=f"council_session.{action}",
        target=session,
        unit=session.round.issuer,
        after=after,
        note=note,
    )


@transaction.atomic
def session_create(
    *,
    actor: Any,
    round_: Round,
    held_on: datetime.date,
    ballot_mode: str,
    place: str = "",
    nominations: Iterable[Nomination] | None = None,
) -> CouncilSession:
    """A session of the council of the round's issuing body, with its members of the year of
    `held_on`, considering the accepted nominations whose comment period is over (or those
    given)."""
    ensure_can(actor, "commendation.run_council", round_)
    valid_choice(ballot_mode, BallotMode.choices, _("Hình thức biểu quyết"))
    members = list(CouncilMember.objects.filter(council_of=round_.issuer, year=held_on.year))
    if not members:
        raise ApplicationError(
            _("Chưa có danh sách thành viên Hội đồng năm %(year)s; hãy nhập trước khi họp.")
            % {"year": held_on.year}
        )
    accepted = Nomination.objects.filter(round=round_, status=NominationStatus.ACCEPTED)
    if nominations is not None:
        wanted = [nomination.pk for nomination in nominations]
        candidates = list(accepted.filter(pk__in=wanted))
        if len(candidates) != len(set(wanted)):
            raise ApplicationError(
                _("Chỉ đưa ra Hội đồng được các đề nghị đã thẩm định hợp lệ của đợt này.")
            )
    else:
        candidates = list(accepted)
    # Opinions are collected until `listed_until` inclusive: the council meets after it.
    listed_until = [
        nomination.listed_until
        for nomination in candidates
        if nomination.listed_until is not None and nomination.listed_until >= held_on
    ]
    if listed_until:
        raise ApplicationError(
            _("%(count)s đề nghị còn trong thời gian lấy ý kiến đến %(day)s; chưa đưa ra họp được.")
            % {"count": len(listed_until), "day": format_date(max(listed_until))}
        )
    if not candidates:
        raise ApplicationError(_("Không có đề nghị nào đã thẩm định hợp lệ để đưa ra Hội đồng."))
    busy = CouncilSession.objects.filter(
        status=SessionStatus.OPEN, candidates__in=candidates
    ).exists()
    if busy:
        raise ApplicationError(
            _("Một số đề nghị đang được xét ở một phiên họp khác chưa kết thúc.")
        )
    session = CouncilSession.objects.create(
        round=round_,
        held_on=held_on,
        place=clean_text(place)[:200],
        ballot_mode=ballot_mode,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    session.members.set(members)
    session.present.set(members)
    session.candidates.set(candidates)
    _audit(
        actor,
        "created",
        session,
        {
            "round_id": round_.pk,
            "held_on": held_on.isoformat(),
            "ballot_mode": ballot_mode,
            "members": [member.pk for member in members],
            "candidates": [nomination.pk for nomination in candidates],
        },
    )
    return session


@transaction.atomic
def session_attendance_set(
    *, actor: Any, session: CouncilSession, present_ids: Iterable[int]
) -> CouncilSession:
    """Who attends; votes already entered must still be consistent with it."""
    ensure_can(actor, "commendation.run_council", session)
    session = _session_locked(session)
    members = {member.pk: member for member in session.members.all()}
    present = set(present_ids)
    outsiders = present - set(members)
    if outsiders:
        raise ApplicationError(_("Người dự họp phải là thành viên Hội đồng của phiên họp."))
    conflicts = Ballot.objects.filter(session=session).exclude(
        in_writing=False, member_id__in=present
    )
    conflicts = conflicts.exclude(in_writing=True, member_id__in=set(members) - present)
    absent = len(members) - len(present)
    tallies = session.results.filter(
        Q(agree__gt=0)
        | Q(disagree__gt=0)
        | Q(abstain__gt=0)
        | Q(written_agree__gt=0)
        | Q(written_disagree__gt=0)
        | Q(written_abstain__gt=0)
    )
    too_many = [
        result
        for result in tallies
        if result.agree + result.disagree + result.abstain > len(present)
        or result.written_agree + result.written_disagree + result.written_abstain > absent
    ]
    if conflicts.exists() or too_many:
        raise ApplicationError(
            _(
                "Đã có phiếu không khớp với danh sách dự họp mới (phiếu tại phiên của người vắng, "
                "ý kiến bằng văn bản của người có mặt, hoặc số phiếu vượt số người dự họp); hãy "
                "sửa phiếu trước."
            )
        )
    session.present.set([members[pk] for pk in present])
    _audit(actor, "attendance_set", session, {"present": sorted(present)})
    return session


def _pure_session(session: CouncilSession) -> council.Session:
    members = list(session.members.all())
    present = {member.pk for member in session.present.all()}
    return council.Session(
        members=tuple(str(member.pk) for member in members),
        present=frozenset(str(pk) for pk in present),
        held_on=session.held_on,
    )


def _candidate(session: CouncilSession, nomination: Nomination) -> Nomination:
    if not session.candidates.filter(pk=nomination.pk).exists():
        raise ApplicationError(_("Đề nghị này không được đưa ra phiên họp."))
    return nomination


def _names(session: CouncilSession) -> dict[str, str]:
    return {str(member.pk): member.full_name for member in session.members.all()}


def _result_saved(
    session: CouncilSession, nomination: Nomination, counted: council.Tally
) -> CandidateResult:
    """The candidate's stored result of the session, replaced by the new count."""
    result, _created = CandidateResult.objects.update_or_create(
        session=session,
        nomination=nomination,
        defaults={name: getattr(counted, name) for name in TALLY_FIELDS},
    )
    return result


def _council_error(
    error: council.CouncilInputError, names: Mapping[str, str], nomination: Nomination
) -> ApplicationError:
    """The pure counter names members and candidates by id; the user reads their names."""
    message = error.message
    for key, name in sorted(names.items(), key=lambda item: -len(item[0])):
        message = message.replace(f"phiếu của {key}", f"phiếu của {name}")
    prefix = f"{nomination.pk}: "
    if message.startswith(prefix):
        message = f"{nomination.subject}: {message.removeprefix(prefix)}"
    return ApplicationError(message)


@transaction.atomic
def votes_record(
    *,
    actor: Any,
    session: CouncilSession,
    nomination: Nomination,
    ballots: Mapping[int, tuple[str, bool]] | None = None,
    tally: Mapping[str, int] | None = None,
    recused_ids: Iterable[int] = (),
) -> CandidateResult:
    """Enter the votes on one candidate: named ballots {member id: (vote, in writing)} in a
    named session, or the counted tally in an anonymous one; and who stood aside."""
    ensure_can(actor, "commendation.run_council", session)
    session = _session_locked(session)
    _candidate(session, nomination)
    pure = _pure_session(session)
    names = _names(session)
    recused = frozenset(str(pk) for pk in recused_ids)
    if session.ballot_mode == BallotMode.NAMED:
        if tally is not None:
            raise ApplicationError(
                _("Phiên biểu quyết ghi tên: hãy nhập phiếu của từng thành viên.")
            )
        if not ballots:
            raise ApplicationError(_("Chưa có phiếu nào của thành viên cho đề nghị này."))
        try:
            pure_ballots = tuple(
                council.Ballot(member=str(pk), vote=council.Vote(vote), in_writing=in_writing)
                for pk, (vote, in_writing) in ballots.items()
            )
            counted = council.tally_ballots(
                pure,
                council.CandidateBallots(
                    str(nomination.pk), nomination.award, pure_ballots, recused
                ),
            )
        except council.CouncilInputError as error:
            raise _council_error(error, names, nomination) from error
        except ValueError as error:
            raise ApplicationError(_("Phiếu biểu quyết có giá trị không hợp lệ.")) from error
        Ballot.objects.filter(session=session, nomination=nomination).delete()
        Ballot.objects.bulk_create(
            Ballot(
                session=session,
                nomination=nomination,
                member_id=int(ballot.member),
                vote=ballot.vote.value,
                in_writing=ballot.in_writing,
            )
            for ballot in pure_ballots
        )
    else:
        if ballots:
            raise ApplicationError(_("Phiên bỏ phiếu kín: chỉ nhập kết quả kiểm phiếu."))
        values = {name: int((tally or {}).get(name, 0)) for name in TALLY_FIELDS}
        if any(value < 0 for value in values.values()):
            raise ApplicationError(_("Số phiếu không được âm."))
        unknown = recused - set(pure.members)
        if unknown:
            raise ApplicationError(_("Người tránh xét phải là thành viên Hội đồng."))
        counted = council.Tally(**values, recused=len(recused))
    try:
        council.count_tally(pure, str(nomination.pk), nomination.award, counted)
    except council.CouncilInputError as error:
        raise _council_error(error, names, nomination) from error
    Recusal.objects.filter(session=session, nomination=nomination).delete()
    Recusal.objects.bulk_create(
        Recusal(session=session, nomination=nomination, member_id=int(pk)) for pk in recused
    )
    result = _result_saved(session, nomination, counted)
    _audit(
        actor,
        "votes_recorded",
        session,
        {
            "nomination_id": nomination.pk,
            **{name: getattr(counted, name) for name in TALLY_FIELDS},
            "recused": sorted(int(pk) for pk in recused),
        },
    )
    return result


@transaction.atomic
def ballot_cast(
    *,
    actor: Any,
    session: CouncilSession,
    nomination: Nomination,
    member: CouncilMember,
    vote: str,
    in_writing: bool = False,
) -> CandidateResult:
    """Enter one member's named ballot on one candidate as it comes in (casting it again
    replaces it), and count the candidate's ballots again. Ballots entered at the same moment
    by several secretaries wait for each other on the session's row: each member counts once,
    whatever the order."""
    ensure_can(actor, "commendation.run_council", session)
    session = _session_locked(session)
    _candidate(session, nomination)
    if session.ballot_mode != BallotMode.NAMED:
        raise ApplicationError(_("Phiên bỏ phiếu kín: chỉ nhập kết quả kiểm phiếu."))
    names = _names(session)
    if str(member.pk) not in names:
        raise ApplicationError(
            _("“%(name)s” không phải thành viên Hội đồng của phiên họp.")
            % {"name": member.full_name}
        )
    recused = frozenset(
        str(pk)
        for pk in Recusal.objects.filter(session=session, nomination=nomination).values_list(
            "member_id", flat=True
        )
    )
    stored = Ballot.objects.filter(session=session, nomination=nomination).exclude(member=member)
    try:
        ballots = (
            *(
                council.Ballot(
                    member=str(ballot.member_id),
                    vote=council.Vote(ballot.vote),
                    in_writing=ballot.in_writing,
                )
                for ballot in stored
            ),
            council.Ballot(member=str(member.pk), vote=council.Vote(vote), in_writing=in_writing),
        )
    except ValueError as error:
        raise ApplicationError(_("Phiếu biểu quyết có giá trị không hợp lệ.")) from error
    pure = _pure_session(session)
    try:
        counted = council.tally_ballots(
            pure,
            council.CandidateBallots(str(nomination.pk), nomination.award, ballots, recused),
        )
        council.count_tally(pure, str(nomination.pk), nomination.award, counted)
    except council.CouncilInputError as error:
        raise _council_error(error, names, nomination) from error
    Ballot.objects.update_or_create(
        session=session,
        nomination=nomination,
        member=member,
        defaults={"vote": vote, "in_writing": in_writing},
    )
    result = _result_saved(session, nomination, counted)
    _audit(
        actor,
        "ballot_cast",
        session,
        {
            "nomination_id": nomination.pk,
            "member_id": member.pk,
            "vote": vote,
            "in_writing": in_writing,
            **{name: getattr(counted, name) for name in TALLY_FIELDS},
        },
    )
    return result


@transaction.atomic
def session_close(
    *, actor: Any, session: CouncilSession, settings: Settings | None = None
) -> CouncilSession:
    """Count every candidate over ALL members (the pure counter) and record the outcome."""
    ensure_can(actor, "commendation.run_council", session)
    session = _session_locked(session)
    pure = _pure_session(session)
    candidates = list(session.candidates.select_related("person", "collective", "household"))
    results = {result.nomination_id: result for result in session.results.all()}
    missing = [str(nomination.subject) for nomination in candidates if nomination.pk not in results]
    if missing:
        shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        raise ApplicationError(
            _("Chưa nhập kết quả biểu quyết của %(count)s đề nghị: %(names)s.")
            % {"count": len(missing), "names": shown}
        )
    recused: dict[int, int] = {}
    for nomination_id in session.recusals.values_list("nomination_id", flat=True):
        recused[nomination_id] = recused.get(nomination_id, 0) + 1
    quorum = council.check_quorum(pure, settings)
    passed_ids: list[int] = []
    failed_ids: list[int] = []
    for nomination in candidates:
        result = results[nomination.pk]
        tally = council.Tally(
            **{name: getattr(result, name) for name in TALLY_FIELDS},
            recused=recused.get(nomination.pk, 0),
        )
        counted = council.count_tally(
            pure, str(nomination.pk), nomination.award, tally, settings, quorum=quorum
        )
        result.passed = counted.passed
        result.percent = counted.percent
        result.explanation = f"{counted.explanation} ({counted.reference})"
        result.save(update_fields=["passed", "percent", "explanation"])
        (passed_ids if counted.passed else failed_ids).append(nomination.pk)
    for ids, status in (
        (passed_ids, NominationStatus.PASSED),
        (failed_ids, NominationStatus.FAILED),
    ):
        Nomination.objects.filter(pk__in=ids).update(status=status, version=F("version") + 1)
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.quorum = {
        "total": quorum.total,
        "present": quorum.present,
        "met": quorum.met,
        "explanation": quorum.explanation,
        "reference": quorum.reference,
    }
    session.save(update_fields=["status", "closed_at", "quorum"])
    _audit(
        actor,
        "closed",
        session,
        {"passed": passed_ids, "failed": failed_ids, "quorum_met": quorum.met},
        note=quorum.explanation,
    )
    return session
