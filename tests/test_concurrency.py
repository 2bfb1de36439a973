"""Several people acting on the same thing at the same moment, with real threads each holding
its own database connection, released together by a barrier:

- two editors of one document (a periodic report, a target report, the TĐKT workforce figures)
  who both opened version N: exactly one save wins, the other gets a Vietnamese conflict (409
  from the page and the API) with the input kept so it can be applied again, and the winner's
  data is intact until then;
- council ballots: the same member's ballot cast several times at once and different members'
  ballots at once count each member exactly once;
- decision numbers: many decisions signed at once take consecutive numbers, none twice, and a
  signing refused after taking its number gives it back (it is taken inside the signing's
  transaction: no gap).

Row locks are what is tested, so these run on PostgreSQL only (CI runs the suite on both
databases); SQLite serialises every writer on the whole file.
"""

import datetime
import re
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from conftest import Tree, make_measure, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import BANG_KHEN_TINH, CSTD_TINH
from thidua.commendation.models import (
    Ballot,
    CandidateResult,
    CouncilMember,
    Decision,
    DecisionRegister,
    DecisionStatus,
)
from thidua.commendation.services import (
    award_record_create,
    ballot_cast,
    decision_draft,
    decision_sign,
    revocation_draft,
    votes_record,
)
from thidua.commendation.tests.test_council_services import candidate, open_session, seat_council
from thidua.commendation.tests.test_decision_services import passed
from thidua.commendation.tests.test_workflow_services import new_person, new_round
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.documents.models import TdktWorkforce
from thidua.emulation.models import Registration
from thidua.emulation.services.movements import registration_save
from thidua.emulation.tests.test_movement_services import new_movement
from thidua.reports.models import PeriodicReport
from thidua.reports.services import periodic_report_create
from thidua.targets.models import Measure, Report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Khóa hàng khi nhiều người cùng ghi chỉ kiểm tra được trên PostgreSQL "
        "(SQLite khóa cả tệp); CI chạy bộ kiểm thử trên cả hai cơ sở dữ liệu.",
    ),
]

JSON = {"content_type": "application/json"}
CONFLICT = "đã được người khác"


def together(*actions: Callable[[], Any]) -> list[Any]:
    """Run each action in its own thread, all released at once; each thread uses (and closes)
    its own database connection. Returns each action's result, or the exception it raised."""
    start = threading.Barrier(len(actions))
    outcomes: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            start.wait()
            outcomes[index] = action()
        except BaseException as error:  # reported through the outcome
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hidden_version(html: str, name: str = "version") -> int:
    found = re.search(rf'name="{name}" value="(\d+)"', html)
    assert found, "no version in the form"
    return int(found.group(1))


def split(responses: list[Any], won: int, lost: int) -> tuple[int, int]:
    """The indexes of the one winner and the one loser."""
    statuses = [response.status_code for response in responses]
    assert sorted(statuses) == sorted([won, lost]), statuses
    return statuses.index(won), statuses.index(lost)


# --- Two editors of one document -----------------------------------------------------------


@pytest.fixture
def periodic(tree: Tree) -> PeriodicReport:
    return periodic_report_create(actor=None, unit=tree.unit, kind="so_ket", year=2024)


def test_two_editors_of_a_periodic_report_page(tree: Tree, periodic: PeriodicReport) -> None:
    editors = [signed_in(make_user(Role.NHAP_LIEU, tree.unit)) for _ in range(2)]
    url = reverse("reports:report-detail", args=[periodic.pk])
    texts = ["Sáu tháng đầu năm: tổng hợp của chị Lan.", "Sáu tháng đầu năm: bản của anh Minh."]

    responses = together(
        *(
            lambda client=client, text=text: client.post(
                url, {"action": "save", "version": 1, "overview": text}
            )
            for client, text in zip(editors, texts, strict=True)
        )
    )

    won, lost = split(responses, 302, 409)
    page = responses[lost].content.decode()
    assert "Báo cáo đã được người khác sửa sau khi bạn mở (phiên bản 2" in page
    assert "vẫn còn trong biểu mẫu" in page
    assert texts[lost] in page  # the loser's input, in the form
    assert hidden_version(page) == 2
    periodic.refresh_from_db()
    assert (periodic.overview, periodic.version) == (texts[won], 2)

    again = editors[lost].post(
        url, {"action": "save", "version": hidden_version(page), "overview": texts[lost]}
    )

    assert again.status_code == 302
    periodic.refresh_from_db()
    assert (periodic.overview, periodic.version) == (texts[lost], 3)


def test_two_editors_of_a_periodic_report_through_the_api(
    tree: Tree, periodic: PeriodicReport
) -> None:
    editors = [signed_in(make_user(Role.NHAP_LIEU, tree.unit)) for _ in range(2)]
    url = f"/api/v1/reports/periodic/{periodic.pk}"
    bodies = [{"version": 1, "lessons": "Bám sát cơ sở."}, {"version": 1, "lessons": "Làm sớm."}]

    responses = together(
        *(
            lambda client=client, body=body: client.patch(url, body, **JSON)
            for client, body in zip(editors, bodies, strict=True)
        )
    )

    won, lost = split(responses, 200, 409)
    refusal = responses[lost].json()
    assert refusal["message"].startswith("Báo cáo đã được người khác sửa sau khi bạn mở")
    assert refusal["extra"] == {"current_version": 2}
    periodic.refresh_from_db()
    assert periodic.lessons == bodies[won]["lessons"]

    again = editors[lost].patch(
        url, {**bodies[lost], "version": refusal["extra"]["current_version"]}, **JSON
    )

    assert again.status_code == 200
    assert again.json()["sections"]["lessons"] == bodies[lost]["lessons"]


@pytest.fixture
def measure(tree: Tree) -> Measure:
    return make_measure(tree.province, tree.unit)


def test_two_editors_of_a_target_report_page_first_figure_then_an_edit(
    tree: Tree, measure: Measure
) -> None:
    """Both open the period before any figure exists, then both edit the stored report."""
    editors = [signed_in(make_user(Role.NHAP_LIEU, tree.unit)) for _ in range(2)]
    url = reverse("targets:report", args=[measure.pk, tree.unit.pk, "2024-01"])
    opened = editors[0].get(url)
    assert hidden_version(opened.content.decode()) == 0

    for version, values in ((0, ("101", "102")), (1, ("201", "202"))):
        responses = together(
            *(
                lambda client=client, value=value, version=version: client.post(
                    url, {"action": "save", "version": version, "value": value}
                )
                for client, value in zip(editors, values, strict=True)
            )
        )

        won, lost = split(responses, 302, 409)
        page = responses[lost].content.decode()
        assert "người khác" in page
        assert "vẫn còn trong biểu mẫu" in page
        assert f'value="{values[lost]}"' in page  # the loser's figure, in the form
        report = Report.objects.get(measure=measure, unit=tree.unit)
        assert (report.value, report.version) == (Decimal(values[won]), version + 1)
        assert hidden_version(page) == version + 1

    again = editors[lost].post(
        url, {"action": "save", "version": hidden_version(page), "value": values[lost]}
    )

    assert again.status_code == 302
    report.refresh_from_db()
    assert (report.value, report.version) == (Decimal(values[lost]), 3)
    assert Report.objects.filter(measure=measure).count() == 1


def test_two_editors_of_a_target_report_through_the_api(tree: Tree, measure: Measure) -> None:
    editors = [signed_in(make_user(Role.NHAP_LIEU, tree.unit)) for _ in range(2)]
    body = {"measure_id": measure.pk, "unit_id": tree.unit.pk, "period_key": "2024-02"}

    responses = together(
        *(
            lambda client=client, value=value: client.post(
                "/api/v1/targets/reports",
                {**body, "value": value, "expected_version": 0},
                **JSON,
            )
            for client, value in zip(editors, ("7", "8"), strict=True)
        )
    )

    won, lost = split(responses, 200, 409)
    refusal = responses[lost].json()
    assert "người khác" in refusal["message"]
    assert refusal["extra"] == {"current_version": 1}
    stored = Report.objects.get(measure=measure, unit=tree.unit, period_key="2024-02")
    assert stored.value == Decimal(("7", "8")[won])


def test_two_officers_entering_the_workforce_figures(tree: Tree) -> None:
    """A form without optimistic locking before: the second save silently replaced the first."""
    officers = [signed_in(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)) for _ in range(2)]
    url = reverse("statforms:workforce-edit", args=[2024, tree.unit.pk])
    opened = officers[0].get(url)
    assert hidden_version(opened.content.decode()) == 0
    fields = re.findall(r'<input type="number" name="(\w+)"', opened.content.decode())
    blank = dict.fromkeys(fields, "0")

    for version, councils in ((0, ("1", "2")), (1, ("3", "4"))):
        responses = together(
            *(
                lambda client=client, count=count, version=version: client.post(
                    url, {**blank, "councils": count, "version": version, "note": ""}
                )
                for client, count in zip(officers, councils, strict=True)
            )
        )

        won, lost = split(responses, 302, 409)
        page = responses[lost].content.decode()
        assert "Số liệu này vừa được người khác lưu" in page
        assert hidden_version(page) == version + 1
        record = TdktWorkforce.objects.get(unit=tree.unit, year=2024)
        assert (record.councils, record.version) == (int(councils[won]), version + 1)

    again = officers[lost].post(
        url, {**blank, "councils": councils[lost], "version": hidden_version(page), "note": ""}
    )

    assert again.status_code == 302
    record.refresh_from_db()
    assert (record.councils, record.version) == (int(councils[lost]), 3)


# --- Council ballots -----------------------------------------------------------------------


@pytest.fixture
def members(tree: Tree) -> list[CouncilMember]:
    return seat_council(tree.province)


def test_ballots_cast_at_once_count_each_member_once(
    tree: Tree, members: list[CouncilMember]
) -> None:
    round_ = new_round(tree.province)
    nominee = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    def cast(member: CouncilMember, vote: str = "agree") -> Any:
        return ballot_cast(
            actor=office, session=session, nomination=nominee, member=member, vote=vote
        )

    # The chairman's ballot entered four times at once, six others' once each, one against.
    outcomes = together(
        *(lambda: cast(members[0]) for _ in range(4)),
        *(lambda member=member: cast(member) for member in members[1:7]),
        lambda: cast(members[7], "disagree"),
    )

    assert [error for error in outcomes if isinstance(error, BaseException)] == []
    stored = list(Ballot.objects.filter(session=session, nomination=nominee))
    assert sorted(ballot.member_id for ballot in stored) == sorted(m.pk for m in members[:8])
    result = CandidateResult.objects.get(session=session, nomination=nominee)
    assert (result.agree, result.disagree) == (7, 1)


def test_whole_entries_recorded_at_once_never_mix(tree: Tree, members: list[CouncilMember]) -> None:
    """`votes_record` replaces the candidate's ballots: two entries at once give one of them,
    whole, never a mix or a failure on the one-ballot-per-member constraint."""
    round_ = new_round(tree.province)
    nominee = candidate(tree, round_, CSTD_TINH)
    session = open_session(round_, members)
    entries = [
        {member.pk: ("agree", False) for member in members},
        {member.pk: ("agree" if i < 5 else "disagree", False) for i, member in enumerate(members)},
        {member.pk: ("abstain", False) for member in members[:10]},
    ]

    outcomes = together(
        *(
            lambda ballots=ballots: votes_record(
                actor=None, session=session, nomination=nominee, ballots=ballots
            )
            for ballots in entries
        )
    )

    assert [error for error in outcomes if isinstance(error, BaseException)] == []
    stored = {
        ballot.member_id: (ballot.vote, ballot.in_writing)
        for ballot in Ballot.objects.filter(session=session, nomination=nominee)
    }
    assert stored in entries
    result = CandidateResult.objects.get(session=session, nomination=nominee)
    votes = [vote for vote, _writing in stored.values()]
    assert (result.agree, result.disagree, result.abstain) == (
        votes.count("agree"),
        votes.count("disagree"),
        votes.count("abstain"),
    )


# --- Decision numbers ----------------------------------------------------------------------


def test_decisions_signed_at_once_take_consecutive_numbers(tree: Tree) -> None:
    """Six award decisions, the first signed three times at once, and two revocations of the
    same award (the second is refused after its number was taken): seven signed decisions
    numbered 01 to 07, no number twice, none lost."""
    round_ = new_round(tree.province)
    people = [new_person(tree.unit, f"Người được khen {index}") for index in range(6)]
    nominations = passed(round_, BANG_KHEN_TINH, people)
    awards = [
        decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=[one])
        for one in nominations
    ]
    record = award_record_create(
        actor=None,
        subject=new_person(tree.other, "Người bị thu hồi"),
        year=2024,
        award=BANG_KHEN_TINH,
        award_type="phong_trao",
        decision_number="15/QĐ-UBND",
        decision_date=datetime.date(2024, 12, 30),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
    )
    revocations = [
        revocation_draft(
            actor=None, issuer=tree.province, records=[record], reason="Khai man thành tích."
        )
        for _ in range(2)
    ]
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    signed_on = datetime.date(2026, 1, 5)

    def sign(decision: Decision) -> Decision:
        return decision_sign(
            actor=office,
            decision=decision,
            signed_on=signed_on,
            signer_name="Nguyễn Văn Ký",
            signer_title="Chủ tịch",
        )

    outcomes = together(
        *(lambda decision=decision: sign(decision) for decision in awards),
        lambda: sign(awards[0]),
        lambda: sign(awards[0]),
        *(lambda decision=decision: sign(decision) for decision in revocations),
    )

    refusals = sorted(str(error) for error in outcomes if isinstance(error, ApplicationError))
    assert [
        error for error in outcomes if not isinstance(error, (Decision, ApplicationError))
    ] == []
    assert len(refusals) == 3
    assert sum("đã bị thu hồi" in message for message in refusals) == 1
    assert sum("đang ở trạng thái" in message for message in refusals) == 2
    numbers = sorted(
        Decision.objects.filter(status=DecisionStatus.SIGNED).values_list("number", flat=True)
    )
    assert numbers == [f"{number:02d}/QĐ-UBND" for number in range(1, 8)]
    register = DecisionRegister.objects.get(issuer=tree.province, year=2026, symbol="QĐ-UBND")
    assert register.last_number == 7
    assert Decision.objects.filter(status=DecisionStatus.DRAFT).count() == 1


def test_two_drafts_at_once_never_share_a_nomination(tree: Tree) -> None:
    """Two officers drafting the round's decision at the same moment: one draft takes the passed
    nominations, the other is told there is none left (a nomination in two decisions would be
    awarded twice)."""
    round_ = new_round(tree.province)
    people = [new_person(tree.unit, f"Người được khen {index}") for index in range(3)]
    passed(round_, BANG_KHEN_TINH, people)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    outcomes = together(
        *(
            lambda: decision_draft(actor=office, round_=round_, award=BANG_KHEN_TINH)
            for _ in range(3)
        )
    )

    drafts = [outcome for outcome in outcomes if isinstance(outcome, Decision)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, ApplicationError)]
    assert (len(drafts), len(refusals)) == (1, 2), outcomes
    assert all("Không còn đề nghị" in str(refusal) for refusal in refusals)
    assert drafts[0].items.count() == 3


def test_the_same_document_created_twice_at_once(tree: Tree) -> None:
    """Two people of the unit creating the same periodic report (through the API) or the same
    registration to a movement at once: one is created, the other is refused in Vietnamese
    (the unique constraint, not a server error)."""
    editors = [signed_in(make_user(Role.NHAP_LIEU, tree.unit)) for _ in range(2)]
    body = {"unit_id": tree.unit.pk, "kind": "tong_ket", "year": 2024}

    responses = together(
        *(
            lambda client=client: client.post("/api/v1/reports/periodic", body, **JSON)
            for client in editors
        )
    )

    _won, lost = split(responses, 201, 400)
    assert responses[lost].json()["message"].endswith("hãy mở báo cáo đó để sửa.")
    assert PeriodicReport.objects.filter(unit=tree.unit, kind="tong_ket").count() == 1

    movement = new_movement(tree)
    outcomes = together(
        *(
            lambda titles=titles: registration_save(
                actor=None,
                movement=movement,
                unit=tree.unit,
                titles=titles,
                commitments=["Hoàn thành 100% chỉ tiêu được giao."],
                expected_version=0,  # as the page sends when its person saw no registration
            )
            for titles in (["TTLDXS"], ["CO_THI_DUA_TINH"])
        )
    )

    # Inserting together, the unique constraint refuses the second; one after the other, the
    # version does: either way a conflict, never an overwrite.
    refusals = [outcome for outcome in outcomes if isinstance(outcome, ConflictError)]
    assert len(refusals) == 1, outcomes
    assert "thay đổi của bạn chưa được lưu" in refusals[0].message
    assert Registration.objects.filter(movement=movement, unit=tree.unit).count() == 1
