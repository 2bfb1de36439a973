"""Vote counting of the Hội đồng Thi đua – Khen thưởng (RULES.md §2). Pure, exact.

* Quorum (:func:`check_quorum`): at least 2/3 of the members, at least 80 % for sessions that
  consider awards (Bắc Ninh QĐ 86/2025 Art. 8) — both :class:`Settings` values.
* Thresholds (:func:`threshold_for`) are computed over ALL members of the council, not those
  present (ND 98/2023 Art. 30(7)): ≥ 90 % for CSTĐ cấp tỉnh and above, ≥ 80 % for CSTĐ cơ sở
  and the Cờ thi đua, more than half otherwise — all configurable. Absent members' written
  opinions count as votes when :attr:`Settings.council_written_opinions_count` says so; a
  recused member leaves the denominator or stays in it per :attr:`Settings.council_recusal`.
* Named ballots (:class:`Ballot`) are reduced to a :class:`Tally`; sessions that keep only
  anonymous tallies pass the :class:`Tally` directly (:func:`count_tally`).

Percentages are :class:`~fractions.Fraction` (13/15 never becomes 0,8667 before comparing) and
are shown with a decimal comma: "86,7 %".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Final

from thidua.commendation.catalogue import (
    BallotRule,
    RecusalPolicy,
    Rule,
    Settings,
    award_definition,
    format_percent,
    rule_set_for,
)
from thidua.core.exceptions import ApplicationError

__all__ = [
    "Ballot",
    "CandidateBallots",
    "CouncilInputError",
    "Quorum",
    "Session",
    "SessionResult",
    "Tally",
    "Threshold",
    "Vote",
    "VoteResult",
    "check_quorum",
    "count_candidate",
    "count_session",
    "count_tally",
    "tally_ballots",
    "threshold_for",
]

PASSED_MARK: Final = "✓"
FAILED_MARK: Final = "✗"


class Vote(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"

    @property
    def label(self) -> str:
        return _VOTE_LABELS[self]


_VOTE_LABELS: Final = {
    Vote.AGREE: "Đồng ý",
    Vote.DISAGREE: "Không đồng ý",
    Vote.ABSTAIN: "Không biểu quyết",
}


class CouncilInputError(ApplicationError):
    """Inconsistent session data (unknown member, double vote, absent member voting…)."""


@dataclass(frozen=True)
class Session:
    """A council session: the members of the council for the year and who attended."""

    members: tuple[str, ...]
    present: frozenset[str]
    held_on: date
    award_session: bool = True


@dataclass(frozen=True)
class Ballot:
    """One member's vote on one candidate; ``in_writing`` for an absent member's opinion."""

    member: str
    vote: Vote
    in_writing: bool = False


@dataclass(frozen=True)
class CandidateBallots:
    """The named ballots on one candidate; ``recused`` members stood aside for it."""

    candidate: str
    award: str
    ballots: tuple[Ballot, ...] = ()
    recused: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Tally:
    """Counted votes: in the session, in writing (absent members), and recused members."""

    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    written_agree: int = 0
    written_disagree: int = 0
    written_abstain: int = 0
    recused: int = 0

    @property
    def in_session(self) -> int:
        return self.agree + self.disagree + self.abstain

    @property
    def in_writing(self) -> int:
        return self.written_agree + self.written_disagree + self.written_abstain


@dataclass(frozen=True)
class Threshold:
    """``share`` of the members; ``strict`` for "more than" (majority), else "at least"."""

    share: Fraction
    strict: bool

    def met_by(self, share: Fraction) -> bool:
        return share > self.share if self.strict else share >= self.share

    def describe(self) -> str:
        percent = format_percent(self.share)
        return f"trên {percent}" if self.strict else f"từ {percent} trở lên"


@dataclass(frozen=True)
class Quorum:
    total: int
    present: int
    required: Fraction
    met: bool
    explanation: str
    reference: str


@dataclass(frozen=True)
class VoteResult:
    """Outcome for one candidate; ``share`` = agreeing votes / ``denominator`` (exact)."""

    candidate: str
    award: str
    passed: bool
    agreeing: int
    denominator: int
    share: Fraction
    threshold: Threshold
    tally: Tally
    explanation: str
    reference: str

    @property
    def percent(self) -> str:
        return format_percent(self.share)


@dataclass(frozen=True)
class SessionResult:
    quorum: Quorum
    results: list[VoteResult]


def _mark(passed: bool) -> str:
    return PASSED_MARK if passed else FAILED_MARK


def _check_session(session: Session) -> None:
    if len(set(session.members)) != len(session.members):
        raise CouncilInputError("Danh sách thành viên Hội đồng có người bị lặp.")
    if not session.members:
        raise CouncilInputError("Hội đồng chưa có thành viên.")
    outsiders = sorted(session.present - set(session.members))
    if outsiders:
        raise CouncilInputError(
            f"Người dự họp không phải thành viên Hội đồng: {', '.join(outsiders)}."
        )


def check_quorum(session: Session, settings: Settings | None = None) -> Quorum:
    """≥ 2/3 of the members attend; ≥ 80 % for a session that considers awards (§2)."""
    settings = settings or Settings()
    _check_session(session)
    total, present = len(session.members), len(session.present)
    required = settings.council_quorum_share
    if session.award_session:
        required = max(required, settings.council_award_session_attendance_share)
    share = Fraction(present, total)
    met = share >= required
    kind = " (phiên xét khen thưởng)" if session.award_session else ""
    explanation = (
        f"Dự họp {present}/{total} thành viên ({format_percent(share)}) — cần "
        f"{Threshold(required, strict=False).describe()}{kind} {_mark(met)}"
    )
    reference = rule_set_for(session.held_on).reference(Rule.QUORUM)
    return Quorum(total, present, required, met, explanation, reference)


def threshold_for(award_code: str, settings: Settings | None = None) -> Threshold:
    """≥ 90 % (CSTĐ tỉnh and above), ≥ 80 % (CSTĐ cơ sở, Cờ thi đua), else > 50 % (§2)."""
    settings = settings or Settings()
    ballot = award_definition(award_code, settings).ballot
    if ballot is BallotRule.HIGH:
        return Threshold(settings.council_threshold_high, strict=False)
    if ballot is BallotRule.STANDARD:
        return Threshold(settings.council_threshold_standard, strict=False)
    return Threshold(settings.council_majority_share, strict=True)


def tally_ballots(session: Session, candidate: CandidateBallots) -> Tally:
    """Count named ballots, refusing any a member could not have cast."""
    _check_session(session)
    members = set(session.members)
    unknown = sorted(candidate.recused - members)
    if unknown:
        raise CouncilInputError(
            f"{candidate.candidate}: người tránh xét không phải thành viên: {', '.join(unknown)}."
        )
    counts = dict.fromkeys(Vote, 0)
    written = dict.fromkeys(Vote, 0)
    seen: set[str] = set()
    for ballot in candidate.ballots:
        where = f"{candidate.candidate}: phiếu của {ballot.member}"
        if ballot.member not in members:
            raise CouncilInputError(f"{where} — không phải thành viên Hội đồng.")
        if ballot.member in seen:
            raise CouncilInputError(f"{where} — đã có phiếu khác cho ứng viên này.")
        if ballot.member in candidate.recused:
            raise CouncilInputError(f"{where} — thành viên đã tránh xét ứng viên này.")
        present = ballot.member in session.present
        if ballot.in_writing and present:
            raise CouncilInputError(f"{where} — có mặt nên không lấy ý kiến bằng văn bản.")
        if not ballot.in_writing and not present:
            raise CouncilInputError(f"{where} — vắng mặt, chỉ có thể góp ý kiến bằng văn bản.")
        seen.add(ballot.member)
        (written if ballot.in_writing else counts)[ballot.vote] += 1
    return Tally(
        agree=counts[Vote.AGREE],
        disagree=counts[Vote.DISAGREE],
        abstain=counts[Vote.ABSTAIN],
        written_agree=written[Vote.AGREE],
        written_disagree=written[Vote.DISAGREE],
        written_abstain=written[Vote.ABSTAIN],
        recused=len(candidate.recused),
    )


def count_tally(
    session: Session,
    candidate: str,
    award_code: str,
    tally: Tally,
    settings: Settings | None = None,
    *,
    quorum: Quorum | None = None,
) -> VoteResult:
    """Decide one candidate from its tally; the share is over ALL members (§2)."""
    settings = settings or Settings()
    quorum = quorum or check_quorum(session, settings)
    total = len(session.members)
    absent = total - len(session.present)
    if tally.in_session > len(session.present) or tally.in_writing > absent:
        raise CouncilInputError(
            f"{candidate}: số phiếu vượt số thành viên có mặt ({len(session.present)}) "
            f"hoặc vắng mặt ({absent})."
        )
    if tally.in_session + tally.in_writing + tally.recused > total:
        raise CouncilInputError(f"{candidate}: tổng số phiếu vượt số thành viên ({total}).")
    award = award_definition(award_code, settings)
    threshold = threshold_for(award_code, settings)
    reference = rule_set_for(session.held_on).reference(Rule.BALLOT)

    exclude_recused = settings.council_recusal is RecusalPolicy.EXCLUDE_FROM_TOTAL
    denominator = total - tally.recused if exclude_recused else total
    writing_counts = settings.council_written_opinions_count
    agreeing = tally.agree + (tally.written_agree if writing_counts else 0)
    share = Fraction(agreeing, denominator) if denominator else Fraction(0)
    passed = quorum.met and denominator > 0 and threshold.met_by(share)

    details = [f"tại phiên {tally.agree}"]
    if tally.in_writing:
        if writing_counts:
            details.append(f"bằng văn bản {tally.written_agree}")
        else:
            details.append(f"{tally.in_writing} ý kiến bằng văn bản không tính theo cấu hình")
    if tally.recused:
        where = "không tính vào" if exclude_recused else "vẫn tính vào"
        details.append(f"{tally.recused} thành viên tránh xét, {where} tổng số")
    explanation = (
        f"{award.short_name}: {agreeing}/{denominator} thành viên Hội đồng đồng ý "
        f"({format_percent(share)}; {'; '.join(details)}) — cần {threshold.describe()} "
        "tính trên tổng số thành viên"
    )
    if not quorum.met:
        explanation += "; phiên họp không đủ số thành viên dự họp"
    explanation += f" {_mark(passed)}"
    return VoteResult(
        candidate=candidate,
        award=award_code,
        passed=passed,
        agreeing=agreeing,
        denominator=denominator,
        share=share,
        threshold=threshold,
        tally=tally,
        explanation=explanation,
        reference=reference,
    )


def count_candidate(
    session: Session, candidate: CandidateBallots, settings: Settings | None = None
) -> VoteResult:
    """Named ballots on one candidate → passed/failed with the exact share."""
    tally = tally_ballots(session, candidate)
    return count_tally(session, candidate.candidate, candidate.award, tally, settings)


def count_session(
    session: Session, candidates: Iterable[CandidateBallots], settings: Settings | None = None
) -> SessionResult:
    """Quorum once, then every candidate in the given order (no quorum: nobody passes)."""
    settings = settings or Settings()
    quorum = check_quorum(session, settings)
    results = [
        count_tally(
            session,
            candidate.candidate,
            candidate.award,
            tally_ballots(session, candidate),
            settings,
            quorum=quorum,
        )
        for candidate in candidates
    ]
    return SessionResult(quorum=quorum, results=results)
