"""One member's named ballot entered as it comes in (`ballot_cast`, and its API operation): cast
again it replaces the member's earlier ballot, the candidate's tally is counted again from every
stored ballot, the rules of the named count hold (present members vote at the session, absent
ones in writing, recused ones not at all). Concurrent casting is in tests/test_concurrency.py."""

from typing import Any

import pytest

from conftest import PERMISSION_CASES, Tree
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import CSTD_TINH
from thidua.commendation.models import Ballot, CandidateResult, CouncilMember, Nomination, Round
from thidua.commendation.services import ballot_cast, votes_record
from thidua.commendation.tests.test_council_services import (
    ANONYMOUS,
    candidate,
    open_session,
    seat_council,
)
from thidua.commendation.tests.test_workflow_services import audit_actions, new_round
from thidua.core.exceptions import ApplicationError

COVERED_API_OPERATIONS = ["POST /api/v1/commendation/sessions/{session_id}/ballots"]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def members(tree: Tree) -> list[CouncilMember]:
    return seat_council(tree.province)


@pytest.fixture
def round_(tree: Tree) -> Round:
    return new_round(tree.province)


@pytest.fixture
def nominee(tree: Tree, round_: Round) -> Nomination:
    return candidate(tree, round_, CSTD_TINH)


def test_each_ballot_adds_to_the_tally_and_casting_again_replaces_it(
    round_: Round, members: list[CouncilMember], nominee: Nomination
) -> None:
    session = open_session(round_, members, present=14)

    ballot_cast(actor=None, session=session, nomination=nominee, member=members[0], vote="agree")
    ballot_cast(actor=None, session=session, nomination=nominee, member=members[1], vote="agree")
    ballot_cast(
        actor=None,
        session=session,
        nomination=nominee,
        member=members[14],
        vote="disagree",
        in_writing=True,
    )
    result = ballot_cast(
        actor=None, session=session, nomination=nominee, member=members[1], vote="abstain"
    )

    assert (result.agree, result.abstain, result.written_disagree, result.passed) == (1, 1, 1, None)
    assert Ballot.objects.filter(session=session, nomination=nominee).count() == 3
    assert CandidateResult.objects.get(session=session, nomination=nominee).abstain == 1
    assert audit_actions("council_session.ballot_cast") == ["council_session.ballot_cast"] * 4


def test_a_ballot_a_member_could_not_have_cast_is_refused_and_nothing_changes(
    round_: Round, members: list[CouncilMember], nominee: Nomination
) -> None:
    session = open_session(round_, members, present=14)
    ballot_cast(actor=None, session=session, nomination=nominee, member=members[0], vote="agree")

    with pytest.raises(ApplicationError, match="Trịnh Văn Sơn — vắng mặt, chỉ có thể góp ý"):
        ballot_cast(
            actor=None, session=session, nomination=nominee, member=members[14], vote="agree"
        )
    with pytest.raises(ApplicationError, match="có mặt nên không lấy ý kiến bằng văn bản"):
        ballot_cast(
            actor=None,
            session=session,
            nomination=nominee,
            member=members[2],
            vote="agree",
            in_writing=True,
        )
    with pytest.raises(ApplicationError, match="giá trị không hợp lệ"):
        ballot_cast(
            actor=None, session=session, nomination=nominee, member=members[3], vote="maybe"
        )

    assert list(Ballot.objects.values_list("member_id", flat=True)) == [members[0].pk]
    assert CandidateResult.objects.get(session=session, nomination=nominee).agree == 1


def test_a_recused_member_casts_no_ballot(
    round_: Round, members: list[CouncilMember], nominee: Nomination
) -> None:
    session = open_session(round_, members)
    votes_record(
        actor=None,
        session=session,
        nomination=nominee,
        ballots={members[1].pk: ("agree", False)},
        recused_ids=[members[0].pk],
    )

    with pytest.raises(ApplicationError, match="Nguyễn Văn An — thành viên đã tránh xét"):
        ballot_cast(
            actor=None, session=session, nomination=nominee, member=members[0], vote="agree"
        )


def test_an_anonymous_session_and_an_outsider_are_refused(
    tree: Tree, round_: Round, members: list[CouncilMember], nominee: Nomination
) -> None:
    anonymous = open_session(round_, members, mode=ANONYMOUS)
    with pytest.raises(ApplicationError, match="Phiên bỏ phiếu kín"):
        ballot_cast(
            actor=None, session=anonymous, nomination=nominee, member=members[0], vote="agree"
        )

    other_round = new_round(tree.province, name="Đợt khác")
    other = open_session(
        other_round, members, nominations=[candidate(tree, other_round, CSTD_TINH)]
    )
    outsider = seat_council(tree.other, count=1)[0]
    with pytest.raises(ApplicationError, match="không phải thành viên Hội đồng của phiên họp"):
        ballot_cast(
            actor=None,
            session=other,
            nomination=other.candidates.get(),
            member=outsider,
            vote="agree",
        )
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_ballots_are_entered_by_the_issuers_office(
    tree: Tree,
    round_: Round,
    members: list[CouncilMember],
    nominee: Nomination,
    login: Any,
    case: str,
    make_actor: Any,
) -> None:
    session = open_session(round_, members)
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    url = f"/api/v1/commendation/sessions/{session.pk}/ballots"

    response = client.post(
        url,
        {"nomination_id": nominee.pk, "member_id": members[0].pk, "vote": "agree"},
        content_type="application/json",
    )
    outsider = client.post(
        url,
        {"nomination_id": nominee.pk, "member_id": 10**30, "vote": "agree"},
        content_type="application/json",
    )

    expected = {
        "anonymous": (401, 401),
        "no_role": (404, 404),
        "other_unit": (404, 404),
        "right_role": (404, 404),
        "parent_unit": (200, 400),
    }[case]
    assert (response.status_code, outsider.status_code) == expected
    if case == "parent_unit":
        assert response.json()["agree"] == 1
        assert outsider.json()["message"] == (
            "Người bỏ phiếu phải là thành viên Hội đồng của phiên họp."
        )
    assert Ballot.objects.count() == (1 if case == "parent_unit" else 0)
