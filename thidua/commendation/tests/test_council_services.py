"""Council services: members, sessions, attendance, named ballots and anonymous tallies,
recusals, closing with the results. A council of 15 members meets on 15/12/2025; thresholds
are over ALL members (≥ 90 % CSTĐ tỉnh, ≥ 80 % CSTĐ cơ sở and Cờ thi đua, > 50 % otherwise),
an award session needs 80 % attending (RULES.md §2)."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import (
    BANG_KHEN_TINH,
    CO_THI_DUA_TINH,
    CSTD_CO_SO,
    CSTD_TINH,
    LDTT,
)
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
from thidua.commendation.services import (
    council_member_add,
    nomination_accept,
    nomination_return,
    nomination_withdraw,
    session_attendance_set,
    session_close,
    session_create,
    votes_record,
)
from thidua.commendation.tests.test_workflow_services import (
    ACCEPTED_ON,
    actor_for,
    after_of,
    audit_actions,
    new_nomination,
    new_person,
    new_round,
    reloaded,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent

D = datetime.date
HELD_ON = D(2025, 12, 15)
NAMED, ANONYMOUS = BallotMode.NAMED, BallotMode.ANONYMOUS
ACCEPTED = NominationStatus.ACCEPTED
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Hoa",
    "Đỗ Văn Khánh",
    "Hồ Thị Lan",
    "Ngô Văn Minh",
    "Dương Thị Nga",
    "Lý Văn Phúc",
    "Mai Thị Quỳnh",
    "Trịnh Văn Sơn",
]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def seat_council(issuer: Any, year: int = 2025, count: int = 15) -> list[CouncilMember]:
    return [
        council_member_add(
            actor=None,
            council_of=issuer,
            year=year,
            full_name=name,
            position="Chủ tịch Hội đồng" if index == 0 else "Ủy viên",
            order=index,
        )
        for index, name in enumerate(NAMES[:count])
    ]


@pytest.fixture
def members(tree: Tree) -> list[CouncilMember]:
    return seat_council(tree.province)


@pytest.fixture
def round_(tree: Tree) -> Round:
    return new_round(tree.province)


def candidate(
    tree: Tree, round_: Round, award: str, name: str = "Nguyễn Thị Ứng Viên"
) -> Nomination:
    """An accepted nomination of `award` (a collective for the Cờ thi đua)."""
    subject: Any = tree.unit if award == CO_THI_DUA_TINH else new_person(tree.unit, name)
    return new_nomination(round_, subject, award, status=ACCEPTED)


def named_ballots(
    members: list[CouncilMember],
    agree: int,
    *,
    present: int = 15,
    written_agree: int = 0,
    skip: int = 0,
) -> dict[int, tuple[str, bool]]:
    """The first `present` members attend: `agree` of them (after `skip` who sit out) agree,
    the others disagree; of the absent ones, `written_agree` agree in writing, the rest
    disagree in writing."""
    ballots: dict[int, tuple[str, bool]] = {}
    for index, member in enumerate(members[skip:present]):
        ballots[member.pk] = ("agree" if index < agree else "disagree", False)
    for index, member in enumerate(members[present:]):
        ballots[member.pk] = ("agree" if index < written_agree else "disagree", True)
    return ballots


def open_session(
    round_: Round,
    members: list[CouncilMember],
    *,
    mode: str = NAMED,
    present: int = 15,
    nominations: Any = None,
    held_on: datetime.date = HELD_ON,
) -> CouncilSession:
    session = session_create(
        actor=None, round_=round_, held_on=held_on, ballot_mode=mode, nominations=nominations
    )
    if present != len(members):
        session_attendance_set(
            actor=None, session=session, present_ids=[m.pk for m in members[:present]]
        )
    return session


def result_of(session: CouncilSession, nomination: Nomination) -> CandidateResult:
    return CandidateResult.objects.get(session=session, nomination=nomination)


# --- Members -------------------------------------------------------------------------------


def test_council_member_add_stores_and_audits(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    member = council_member_add(
        actor=office,
        council_of=tree.province,
        year=2025,
        full_name="  Nguyễn   Văn Hoà ",
        position="Phó Chủ tịch Hội đồng",
    )

    assert (member.full_name, member.position, member.council_of) == (
        "Nguyễn Văn Hòa",
        "Phó Chủ tịch Hội đồng",
        tree.province,
    )
    event = AuditEvent.objects.get(action="council_member.added")
    assert (event.actor, event.unit, after_of(event)["full_name"]) == (
        office,
        tree.province,
        "Nguyễn Văn Hòa",
    )


def test_council_member_add_refusals(tree: Tree) -> None:
    seat_council(tree.province, count=1)
    before = (CouncilMember.objects.count(), AuditEvent.objects.count())
    cases: list[tuple[dict[str, Any], str]] = [
        ({"full_name": "Nguyễn Văn An"}, "“Nguyễn Văn An” đã là thành viên Hội đồng năm 2025."),
        ({"full_name": " "}, "Trường “Họ và tên” không được để trống."),
        ({"position": ""}, "Trường “Chức danh trong Hội đồng” không được để trống."),
        ({"year": 1900}, "Trường “Năm”: năm 1900 nằm ngoài khoảng 1945–"),
    ]

    for changes, message in cases:
        values: dict[str, Any] = {
            "council_of": tree.province,
            "year": 2025,
            "full_name": "Trần Văn Mới",
            "position": "Ủy viên",
            **changes,
        }
        with pytest.raises(ApplicationError) as error:
            council_member_add(actor=None, **values)
        assert error.value.message.startswith(message)

    assert (CouncilMember.objects.count(), AuditEvent.objects.count()) == before


def test_the_same_name_may_sit_again_next_year(tree: Tree) -> None:
    seat_council(tree.province, year=2025, count=1)

    seat_council(tree.province, year=2026, count=1)

    assert list(CouncilMember.objects.values_list("year", flat=True)) == [2025, 2026]


# --- Sessions ------------------------------------------------------------------------------


def test_session_create_seats_every_member_and_the_accepted_candidates(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    first = candidate(tree, round_, LDTT, "Người thứ nhất")
    second = candidate(tree, round_, BANG_KHEN_TINH, "Người thứ hai")
    new_nomination(round_, new_person(tree.unit, "Chưa thẩm định"), status="submitted")
    seat_council(tree.province, year=2024, count=3)  # another year's council stays home

    session = session_create(
        actor=office, round_=round_, held_on=HELD_ON, ballot_mode=NAMED, place=" Hội trường  A "
    )

    assert (session.status, session.place, session.created_by) == (
        SessionStatus.OPEN,
        "Hội trường A",
        office,
    )
    assert list(session.members.order_by("order")) == members
    assert set(session.present.all()) == set(members)
    assert set(session.candidates.all()) == {first, second}
    event = AuditEvent.objects.get(action="council_session.created")
    assert (event.actor, event.unit) == (office, tree.province)
    assert (after_of(event)["members"], sorted(after_of(event)["candidates"])) == (
        [m.pk for m in members],
        sorted([first.pk, second.pk]),
    )


def test_session_create_refuses_without_members(tree: Tree, round_: Round) -> None:
    seat_council(tree.province, year=2025)
    candidate(tree, round_, LDTT)

    with pytest.raises(ApplicationError) as error:
        session_create(actor=None, round_=round_, held_on=D(2026, 1, 8), ballot_mode=NAMED)

    assert error.value.message == (
        "Chưa có danh sách thành viên Hội đồng năm 2026; hãy nhập trước khi họp."
    )
    assert not CouncilSession.objects.exists()


def test_session_create_refuses_a_bad_ballot_mode(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    candidate(tree, round_, LDTT)

    with pytest.raises(ApplicationError, match="Trường “Hình thức biểu quyết”: giá trị “gio_tay”"):
        session_create(actor=None, round_=round_, held_on=HELD_ON, ballot_mode="gio_tay")
    assert not CouncilSession.objects.exists()


def test_session_create_waits_for_the_end_of_the_comment_period(
    tree: Tree, members: list[CouncilMember]
) -> None:
    round_ = new_round(tree.province, comment_working_days=5)
    nomination = new_nomination(
        round_, new_person(tree.unit), LDTT, status=NominationStatus.SUBMITTED
    )
    accepted = nomination_accept(actor=None, nomination=nomination, today=D(2025, 12, 1))
    assert accepted.listed_until == D(2025, 12, 8)

    for held_on in (D(2025, 12, 2), D(2025, 12, 8)):
        with pytest.raises(ApplicationError) as error:
            session_create(actor=None, round_=round_, held_on=held_on, ballot_mode=NAMED)
        assert error.value.message == (
            "1 đề nghị còn trong thời gian lấy ý kiến đến 08/12/2025; chưa đưa ra họp được."
        )
    assert not CouncilSession.objects.exists()

    session = session_create(actor=None, round_=round_, held_on=D(2025, 12, 9), ballot_mode=NAMED)
    assert list(session.candidates.all()) == [accepted]


def test_session_create_refuses_nominations_not_accepted(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    accepted = candidate(tree, round_, LDTT, "Đã thẩm định")
    submitted = new_nomination(round_, new_person(tree.unit, "Chưa thẩm định"), status="submitted")
    elsewhere = candidate(tree, new_round(tree.province, name="Đợt khác"), LDTT, "Đợt khác")

    for chosen in ([accepted, submitted], [elsewhere]):
        with pytest.raises(ApplicationError) as error:
            session_create(
                actor=None, round_=round_, held_on=HELD_ON, ballot_mode=NAMED, nominations=chosen
            )
        assert error.value.message == (
            "Chỉ đưa ra Hội đồng được các đề nghị đã thẩm định hợp lệ của đợt này."
        )
    assert not CouncilSession.objects.exists()

    session = session_create(
        actor=None, round_=round_, held_on=HELD_ON, ballot_mode=NAMED, nominations=[accepted]
    )
    assert list(session.candidates.all()) == [accepted]


def test_session_create_needs_a_candidate(tree: Tree, members: list[CouncilMember]) -> None:
    round_ = new_round(tree.province)
    new_nomination(round_, new_person(tree.unit), status="submitted")

    with pytest.raises(ApplicationError) as error:
        session_create(actor=None, round_=round_, held_on=HELD_ON, ballot_mode=NAMED)

    assert error.value.message == ("Không có đề nghị nào đã thẩm định hợp lệ để đưa ra Hội đồng.")


def test_a_candidate_sits_in_one_open_session_at_a_time(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    candidate(tree, round_, LDTT)
    open_session(round_, members)

    with pytest.raises(ApplicationError) as error:
        open_session(round_, members, held_on=D(2025, 12, 16))

    assert error.value.message == "Một số đề nghị đang được xét ở một phiên họp khác chưa kết thúc."
    assert CouncilSession.objects.count() == 1


def test_a_candidate_on_the_agenda_is_neither_returned_nor_withdrawn(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    open_session(round_, members)

    with pytest.raises(ApplicationError, match=r"^Đề nghị đã được đưa ra Hội đồng; không rút được"):
        nomination_withdraw(actor=None, nomination=nomination, reason="Rút")
    with pytest.raises(ApplicationError, match=r"^Đề nghị đã được đưa ra Hội đồng; không trả lại"):
        nomination_return(actor=None, nomination=nomination, reason="Trả")
    assert reloaded(nomination).status == ACCEPTED


# --- Named ballots: the acceptance cases -------------------------------------------------


ACCEPTANCE = [
    # (award, present, agree at the session, written agree, recused, passed, percent)
    pytest.param(CSTD_CO_SO, 15, 12, 0, 0, True, "80 %", id="12-of-15-passes-80-cstd-co-so"),
    pytest.param(CSTD_CO_SO, 15, 11, 0, 0, False, "73,3 %", id="11-of-15-fails-80-cstd-co-so"),
    pytest.param(CO_THI_DUA_TINH, 15, 12, 0, 0, True, "80 %", id="12-of-15-passes-80-co"),
    pytest.param(CSTD_TINH, 15, 13, 0, 0, False, "86,7 %", id="13-of-15-fails-90"),
    pytest.param(CSTD_TINH, 15, 14, 0, 0, True, "93,3 %", id="14-of-15-passes-90"),
    pytest.param(BANG_KHEN_TINH, 15, 8, 0, 0, True, "53,3 %", id="8-of-15-is-a-majority"),
    pytest.param(BANG_KHEN_TINH, 15, 7, 0, 0, False, "46,7 %", id="7-of-15-is-not"),
    pytest.param(CSTD_TINH, 14, 13, 1, 0, True, "93,3 %", id="13-present-plus-1-written"),
    pytest.param(CSTD_TINH, 14, 13, 0, 0, False, "86,7 %", id="written-disagree-counts-too"),
    pytest.param(CSTD_TINH, 15, 14, 0, 1, True, "100 %", id="14-of-14-with-1-recused"),
    pytest.param(CSTD_TINH, 15, 13, 0, 1, True, "92,9 %", id="13-of-14-with-1-recused"),
    pytest.param(CSTD_TINH, 15, 12, 0, 1, False, "85,7 %", id="12-of-14-with-1-recused"),
]


@pytest.mark.parametrize(
    ("award", "present", "agree", "written", "recused", "passed", "percent"), ACCEPTANCE
)
def test_named_ballots_decide_over_all_members(
    tree: Tree,
    round_: Round,
    members: list[CouncilMember],
    award: str,
    present: int,
    agree: int,
    written: int,
    recused: int,
    passed: bool,
    percent: str,
) -> None:
    nomination = candidate(tree, round_, award)
    session = open_session(round_, members, present=present)
    ballots = named_ballots(members, agree, present=present, written_agree=written, skip=recused)

    result = votes_record(
        actor=None,
        session=session,
        nomination=nomination,
        ballots=ballots,
        recused_ids=[m.pk for m in members[:recused]],
    )
    assert (result.agree, result.written_agree, result.passed) == (agree, written, None)
    closed = session_close(actor=None, session=session)

    result = result_of(closed, nomination)
    assert (result.passed, result.percent) == (passed, percent)
    assert f" {'✓' if passed else '✗'} (khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP" in (
        result.explanation
    )
    expected = NominationStatus.PASSED if passed else NominationStatus.FAILED
    assert (reloaded(nomination).status, reloaded(nomination).version) == (expected, 4)
    assert Ballot.objects.filter(session=session).count() == 15 - recused
    assert Recusal.objects.filter(session=session).count() == recused
    assert closed.quorum["met"] is True


def test_the_explanation_spells_out_the_count(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members, present=14)
    votes_record(
        actor=None,
        session=session,
        nomination=nomination,
        ballots=named_ballots(members, 11, present=14, written_agree=1, skip=1),
        recused_ids=[members[0].pk],
    )

    session_close(actor=None, session=session)

    assert result_of(session, nomination).explanation == (
        "CSTĐ cấp tỉnh: 12/14 thành viên Hội đồng đồng ý (85,7 %; tại phiên 11; bằng văn bản 1; "
        "1 thành viên tránh xét, không tính vào tổng số) — cần từ 90 % trở lên tính trên tổng "
        "số thành viên ✗ (khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP, áp dụng theo cấu hình "
        "(điều tương ứng của Nghị định 152/2025/NĐ-CP chưa xác minh))"
    )


def test_votes_record_replaces_the_earlier_entry(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members)

    votes_record(
        actor=None,
        session=session,
        nomination=nomination,
        ballots=named_ballots(members, 10),
        recused_ids=[],
    )
    votes_record(
        actor=None, session=session, nomination=nomination, ballots=named_ballots(members, 14)
    )

    assert Ballot.objects.filter(session=session, vote="agree").count() == 14
    assert Ballot.objects.filter(session=session).count() == 15
    assert (CandidateResult.objects.count(), result_of(session, nomination).agree) == (1, 14)
    assert audit_actions("council_session.votes_recorded") == [
        "council_session.votes_recorded",
        "council_session.votes_recorded",
    ]
    event = AuditEvent.objects.filter(action="council_session.votes_recorded").order_by("id").last()
    assert event is not None
    assert (
        after_of(event)["nomination_id"],
        after_of(event)["agree"],
        after_of(event)["disagree"],
    ) == (
        nomination.pk,
        14,
        1,
    )


# --- Named ballots: refusals ------------------------------------------------------------------


def test_an_absent_member_cannot_vote_at_the_session(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members, present=14)
    ballots = named_ballots(members, 14, present=14)
    ballots[members[14].pk] = ("agree", False)

    with pytest.raises(ApplicationError) as error:
        votes_record(actor=None, session=session, nomination=nomination, ballots=ballots)

    assert error.value.message.endswith(
        "phiếu của Trịnh Văn Sơn — vắng mặt, chỉ có thể góp ý kiến bằng văn bản."
    )
    assert not Ballot.objects.exists()
    assert not CandidateResult.objects.exists()
    assert audit_actions("council_session.votes") == []


@pytest.mark.parametrize(
    ("ballot", "recused", "fragment"),
    [
        (
            ("agree", True),
            False,
            "phiếu của Nguyễn Văn An — có mặt nên không lấy ý kiến bằng văn bản.",
        ),
        (("agree", False), True, "phiếu của Nguyễn Văn An — thành viên đã tránh xét ứng viên này."),
    ],
)
def test_ballots_a_member_could_not_have_cast_are_refused_by_name(
    tree: Tree,
    round_: Round,
    members: list[CouncilMember],
    ballot: tuple[str, bool],
    recused: bool,
    fragment: str,
) -> None:
    nomination = candidate(tree, round_, LDTT)
    session = open_session(round_, members)

    with pytest.raises(ApplicationError) as error:
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            ballots={members[0].pk: ballot},
            recused_ids=[members[0].pk] if recused else [],
        )

    assert error.value.message.endswith(fragment)
    assert not Ballot.objects.exists()
    assert not Recusal.objects.exists()


def test_a_ballot_from_outside_the_council_is_refused(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    session = open_session(round_, members)
    stranger = seat_council(tree.other, count=1)[0]

    with pytest.raises(ApplicationError, match=r"— không phải thành viên Hội đồng.$"):
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            ballots={stranger.pk: ("agree", False)},
        )
    assert not Ballot.objects.exists()


def test_an_unknown_vote_value_is_refused(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    session = open_session(round_, members)

    with pytest.raises(ApplicationError) as error:
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            ballots={members[0].pk: ("yes", False)},
        )

    assert error.value.message == "Phiếu biểu quyết có giá trị không hợp lệ."
    assert not Ballot.objects.exists()


def test_a_named_session_takes_no_tally_and_an_anonymous_one_no_ballots(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    named = open_session(round_, members, nominations=[nomination])

    with pytest.raises(ApplicationError) as error:
        votes_record(actor=None, session=named, nomination=nomination, tally={"agree": 15})
    assert error.value.message == "Phiên biểu quyết ghi tên: hãy nhập phiếu của từng thành viên."

    other = candidate(tree, round_, LDTT, "Người khác")
    anonymous = open_session(round_, members, mode=ANONYMOUS, nominations=[other])
    with pytest.raises(ApplicationError) as error:
        votes_record(
            actor=None,
            session=anonymous,
            nomination=other,
            ballots={members[0].pk: ("agree", False)},
        )
    assert error.value.message == "Phiên bỏ phiếu kín: chỉ nhập kết quả kiểm phiếu."
    assert not CandidateResult.objects.exists()


def test_votes_only_for_the_sessions_candidates(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    on_agenda = candidate(tree, round_, LDTT, "Có trong phiên")
    off_agenda = candidate(tree, round_, LDTT, "Không có trong phiên")
    session = open_session(round_, members, nominations=[on_agenda])

    with pytest.raises(ApplicationError, match=r"^Đề nghị này không được đưa ra phiên họp.$"):
        votes_record(
            actor=None, session=session, nomination=off_agenda, ballots=named_ballots(members, 15)
        )
    assert not CandidateResult.objects.exists()


def test_a_ballot_error_names_the_candidate_not_its_id(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT, "Phan Thị Ứng Viên")
    session = open_session(round_, members, present=14)

    with pytest.raises(ApplicationError) as error:
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            ballots={members[14].pk: ("agree", False)},
        )

    assert error.value.message.startswith("Phan Thị Ứng Viên: phiếu của Trịnh Văn Sơn")


# --- Anonymous tallies ----------------------------------------------------------------------


TALLIES = [
    # (award, present, tally, recused, passed, percent)
    pytest.param(CSTD_TINH, 15, {"agree": 13, "disagree": 2}, 0, False, "86,7 %", id="13-fails"),
    pytest.param(CSTD_TINH, 15, {"agree": 14, "abstain": 1}, 0, True, "93,3 %", id="14-passes"),
    pytest.param(
        CSTD_TINH,
        13,
        {"agree": 12, "disagree": 1, "written_agree": 2},
        0,
        True,
        "93,3 %",
        id="written-opinions-count",
    ),
    pytest.param(CSTD_CO_SO, 15, {"agree": 12, "disagree": 3}, 0, True, "80 %", id="12-of-15-80"),
    pytest.param(CSTD_TINH, 15, {"agree": 14}, 1, True, "100 %", id="recused-excluded"),
    pytest.param(BANG_KHEN_TINH, 15, {}, 0, False, "0 %", id="nothing-entered-is-zero"),
]


@pytest.mark.parametrize(("award", "present", "tally", "recused", "passed", "percent"), TALLIES)
def test_anonymous_tallies(
    tree: Tree,
    round_: Round,
    members: list[CouncilMember],
    award: str,
    present: int,
    tally: dict[str, int],
    recused: int,
    passed: bool,
    percent: str,
) -> None:
    nomination = candidate(tree, round_, award)
    session = open_session(round_, members, mode=ANONYMOUS, present=present)

    votes_record(
        actor=None,
        session=session,
        nomination=nomination,
        tally=tally,
        recused_ids=[m.pk for m in members[:recused]],
    )
    session_close(actor=None, session=session)

    assert (result_of(session, nomination).passed, result_of(session, nomination).percent) == (
        passed,
        percent,
    )
    assert not Ballot.objects.exists()
    assert Recusal.objects.count() == recused


@pytest.mark.parametrize(
    ("present", "tally", "recused", "message"),
    [
        (
            13,
            {"agree": 14},
            0,
            "Nguyễn Thị Ứng Viên: số phiếu vượt số thành viên có mặt (13) hoặc vắng mặt (2).",
        ),
        (
            13,
            {"agree": 13, "written_agree": 3},
            0,
            "Nguyễn Thị Ứng Viên: số phiếu vượt số thành viên có mặt (13) hoặc vắng mặt (2).",
        ),
        (15, {"agree": 15}, 1, "Nguyễn Thị Ứng Viên: tổng số phiếu vượt số thành viên (15)."),
        (15, {"agree": 10, "disagree": -1}, 0, "Số phiếu không được âm."),
    ],
)
def test_inconsistent_tallies_are_refused(
    tree: Tree,
    round_: Round,
    members: list[CouncilMember],
    present: int,
    tally: dict[str, int],
    recused: int,
    message: str,
) -> None:
    nomination = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members, mode=ANONYMOUS, present=present)

    with pytest.raises(ApplicationError) as error:
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            tally=tally,
            recused_ids=[m.pk for m in members[:recused]],
        )

    assert error.value.message == message
    assert not CandidateResult.objects.exists()
    assert not Recusal.objects.exists()


def test_a_recused_stranger_is_refused_in_an_anonymous_session(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    session = open_session(round_, members, mode=ANONYMOUS)
    stranger = seat_council(tree.other, count=1)[0]

    with pytest.raises(ApplicationError, match=r"^Người tránh xét phải là thành viên Hội đồng.$"):
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            tally={"agree": 14},
            recused_ids=[stranger.pk],
        )
    assert not Recusal.objects.exists()


# --- Attendance and quorum ------------------------------------------------------------------


def test_attendance_set_records_and_audits(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    candidate(tree, round_, LDTT)
    session = open_session(round_, members)

    session_attendance_set(actor=None, session=session, present_ids=[m.pk for m in members[:13]])

    assert set(session.present.all()) == set(members[:13])
    event = AuditEvent.objects.get(action="council_session.attendance_set")
    assert event.after == {"present": sorted(m.pk for m in members[:13])}


def test_attendance_must_be_members_of_the_session(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    candidate(tree, round_, LDTT)
    session = open_session(round_, members)
    stranger = seat_council(tree.other, count=1)[0]

    with pytest.raises(ApplicationError) as error:
        session_attendance_set(
            actor=None, session=session, present_ids=[members[0].pk, stranger.pk]
        )

    assert error.value.message == "Người dự họp phải là thành viên Hội đồng của phiên họp."
    assert session.present.count() == 15


@pytest.mark.parametrize("change", ["voter-leaves", "writer-arrives"])
def test_attendance_conflicting_with_entered_ballots_is_refused(
    tree: Tree, round_: Round, members: list[CouncilMember], change: str
) -> None:
    nomination = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members, present=14)
    votes_record(
        actor=None,
        session=session,
        nomination=nomination,
        ballots=named_ballots(members, 14, present=14, written_agree=1),
    )
    # The 14th member voted at the session, the 15th in writing.
    present = members[:13] if change == "voter-leaves" else members

    with pytest.raises(ApplicationError) as error:
        session_attendance_set(actor=None, session=session, present_ids=[m.pk for m in present])

    assert error.value.message.startswith("Đã có phiếu không khớp với danh sách dự họp mới")
    assert set(session.present.all()) == set(members[:14])
    assert audit_actions("council_session.attendance_set") == ["council_session.attendance_set"]


def test_attendance_conflicting_with_an_anonymous_tally_is_refused(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members, mode=ANONYMOUS)
    votes_record(actor=None, session=session, nomination=nomination, tally={"agree": 15})

    with pytest.raises(ApplicationError):
        session_attendance_set(
            actor=None, session=session, present_ids=[m.pk for m in members[:12]]
        )
    assert session.present.count() == 15


@pytest.mark.parametrize(
    ("present", "quorum_met", "note"),
    [
        (
            12,
            True,
            "Dự họp 12/15 thành viên (80 %) — cần từ 80 % trở lên (phiên xét khen thưởng) ✓",
        ),
        (
            11,
            False,
            "Dự họp 11/15 thành viên (73,3 %) — cần từ 80 % trở lên (phiên xét khen thưởng) ✗",
        ),
    ],
)
def test_without_quorum_nobody_passes(
    tree: Tree,
    round_: Round,
    members: list[CouncilMember],
    present: int,
    quorum_met: bool,
    note: str,
) -> None:
    nomination = candidate(tree, round_, BANG_KHEN_TINH)
    session = open_session(round_, members, present=present)
    # Everyone agrees: those present at the session, the absent ones in writing.
    votes_record(
        actor=None,
        session=session,
        nomination=nomination,
        ballots=named_ballots(members, present, present=present, written_agree=15 - present),
    )

    closed = session_close(actor=None, session=session)

    result = result_of(closed, nomination)
    assert (result.passed, result.percent) == (quorum_met, "100 %")
    assert ("phiên họp không đủ số thành viên dự họp" in result.explanation) is not quorum_met
    assert (closed.quorum["present"], closed.quorum["total"], closed.quorum["met"]) == (
        present,
        15,
        quorum_met,
    )
    expected = NominationStatus.PASSED if quorum_met else NominationStatus.FAILED
    assert reloaded(nomination).status == expected
    assert AuditEvent.objects.get(action="council_session.closed").note == note


# --- Closing --------------------------------------------------------------------------------


def test_session_close_needs_every_candidates_votes(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    voted = candidate(tree, round_, LDTT, "Đã biểu quyết")
    candidate(tree, round_, LDTT, "Chưa biểu quyết")
    session = open_session(round_, members)
    votes_record(actor=None, session=session, nomination=voted, ballots=named_ballots(members, 15))

    with pytest.raises(ApplicationError) as error:
        session_close(actor=None, session=session)

    assert error.value.message == "Chưa nhập kết quả biểu quyết của 1 đề nghị: Chưa biểu quyết."
    session.refresh_from_db()
    assert (session.status, session.closed_at) == (SessionStatus.OPEN, None)
    assert set(Nomination.objects.values_list("status", flat=True)) == {ACCEPTED}
    assert audit_actions("council_session.closed") == []


def test_session_close_sets_every_status_and_audits(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    winner = candidate(tree, round_, CSTD_TINH, "Người đạt")
    loser = candidate(tree, round_, CSTD_TINH, "Người không đạt")
    session = open_session(round_, members)
    for nomination, agree in ((winner, 14), (loser, 13)):
        votes_record(
            actor=office,
            session=session,
            nomination=nomination,
            ballots=named_ballots(members, agree),
        )

    closed = session_close(actor=office, session=session)

    assert closed.status == SessionStatus.CLOSED
    assert closed.closed_at is not None
    assert (reloaded(winner).status, reloaded(loser).status) == (
        NominationStatus.PASSED,
        NominationStatus.FAILED,
    )
    event = AuditEvent.objects.get(action="council_session.closed")
    assert (event.actor, event.unit, event.after) == (
        office,
        tree.province,
        {"passed": [winner.pk], "failed": [loser.pk], "quorum_met": True},
    )


def test_a_closed_session_cannot_be_changed(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    session = open_session(round_, members)
    votes_record(
        actor=None, session=session, nomination=nomination, ballots=named_ballots(members, 15)
    )
    session_close(actor=None, session=session)
    events = AuditEvent.objects.count()
    changes: list[Callable[[], Any]] = [
        lambda: votes_record(
            actor=None, session=session, nomination=nomination, ballots=named_ballots(members, 0)
        ),
        lambda: session_attendance_set(actor=None, session=session, present_ids=[]),
        lambda: session_close(actor=None, session=session),
    ]

    for change in changes:
        with pytest.raises(ApplicationError) as error:
            change()
        assert error.value.message == "Phiên họp đã kết thúc; kết quả không thay đổi được nữa."

    assert (result_of(session, nomination).agree, session.present.count()) == (15, 15)
    assert reloaded(nomination).status == NominationStatus.PASSED
    assert AuditEvent.objects.count() == events


def test_a_failed_candidate_may_be_proposed_again(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    person = new_person(tree.unit, "Người trượt")
    nomination = new_nomination(round_, person, CSTD_TINH, status=ACCEPTED)
    session = open_session(round_, members)
    votes_record(
        actor=None, session=session, nomination=nomination, ballots=named_ballots(members, 10)
    )
    session_close(actor=None, session=session)

    again = new_nomination(round_, person, CSTD_TINH, dossier=False)

    assert (reloaded(nomination).status, again.status) == (
        NominationStatus.FAILED,
        NominationStatus.DRAFT,
    )


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("other_unit", False),
        ("parent_unit", True),
        ("right_role", True),
    ],
)
def test_running_the_council_permission_matrix(tree: Tree, case: str, allowed: bool) -> None:
    actor = actor_for(case)(tree, Role.CHUYEN_VIEN_TDKT)
    round_ = new_round(tree.unit, name="Khen thưởng của Sở")
    members = seat_council(tree.unit)
    nomination = new_nomination(round_, new_person(tree.child), LDTT, status=ACCEPTED)

    def run() -> None:
        session = session_create(actor=actor, round_=round_, held_on=HELD_ON, ballot_mode=NAMED)
        votes_record(
            actor=actor,
            session=session,
            nomination=nomination,
            ballots=named_ballots(members, 15),
        )
        session_close(actor=actor, session=session)

    if allowed:
        run()
        assert reloaded(nomination).status == NominationStatus.PASSED
    else:
        with pytest.raises(PermissionDenied):
            run()
        assert not CouncilSession.objects.exists()
        assert reloaded(nomination).status == ACCEPTED
        assert audit_actions("council_session.") == []


@pytest.mark.parametrize(
    "role", [Role.THANH_VIEN_HOI_DONG, Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, Role.NGUOI_XEM]
)
def test_council_members_and_units_do_not_run_sessions(
    tree: Tree, round_: Round, members: list[CouncilMember], role: str
) -> None:
    actor = make_user(role, tree.province)
    nomination = candidate(tree, round_, LDTT)
    session = open_session(round_, members)

    with pytest.raises(PermissionDenied):
        session_create(actor=actor, round_=round_, held_on=D(2025, 12, 16), ballot_mode=NAMED)
    with pytest.raises(PermissionDenied):
        votes_record(
            actor=actor, session=session, nomination=nomination, ballots=named_ballots(members, 15)
        )
    with pytest.raises(PermissionDenied):
        session_attendance_set(actor=actor, session=session, present_ids=[])
    with pytest.raises(PermissionDenied):
        council_member_add(
            actor=actor, council_of=tree.province, year=2025, full_name="Mới", position="Ủy viên"
        )
    assert (CouncilSession.objects.count(), CandidateResult.objects.count()) == (1, 0)
    assert actor.has_perm("commendation.view_council", session) is (
        role == Role.THANH_VIEN_HOI_DONG
    )


def test_nominations_reach_the_council_only_once_accepted(
    tree: Tree, round_: Round, members: list[CouncilMember]
) -> None:
    nomination = candidate(tree, round_, LDTT)
    nomination_return(actor=None, nomination=nomination, reason="Bổ sung")

    with pytest.raises(ApplicationError, match="Không có đề nghị nào đã thẩm định hợp lệ"):
        session_create(actor=None, round_=round_, held_on=HELD_ON, ballot_mode=NAMED)
    assert reloaded(nomination).status == NominationStatus.RETURNED
    assert ACCEPTED_ON < HELD_ON
