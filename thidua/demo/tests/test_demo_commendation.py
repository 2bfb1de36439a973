"""The commendation demo: the holiday calendar, Kon Tum's 2024 round from the registry to the
published decision, and the open round of today's province.

The demo is loaded once for the module, inside a transaction rolled back when the module ends
(each test runs in a savepoint of it): these tests cost one load between them.
"""

import datetime
import io
import re
import unicodedata
from collections import Counter

import pypdf
import pytest
from django.db.models import Q

from thidua.accounts.models import User
from thidua.commendation.models import (
    AwardRecord,
    BallotMode,
    CandidateResult,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionStatus,
    DisciplineRecord,
    DossierFile,
    Hold,
    InitiativeRecord,
    Nomination,
    NominationStatus,
    PerformanceRating,
    Person,
    Recusal,
    Round,
    RoundKind,
    RoundStatus,
    SessionStatus,
)
from thidua.core.models import AuditEvent, Holiday
from thidua.core.text import local_today
from thidua.demo.commendation_2024 import (
    COUNCIL,
    HOLIDAYS,
    NOMINATIONS,
    ROUND_NAME,
    demo_pdf,
    load_holidays,
)
from thidua.demo.load import load_demo
from thidua.demo.org_units import NEW_PROVINCE_CODE
from thidua.demo.tests.conftest import Loaded

YEARS = set(range(2019, 2025))


@pytest.fixture
def round_2024(demo: Loaded, db: None) -> Round:
    return Round.objects.select_related("issuer").get(name=ROUND_NAME)


def test_demo_pdf_is_a_readable_one_page_pdf() -> None:
    content = demo_pdf("Tờ trình đề nghị", ["Nguyễn Thị Hạnh (Sở Y tế)"])

    reader = pypdf.PdfReader(io.BytesIO(content))

    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "MINH HOA" in text
    assert "To trinh de nghi" in text
    assert "Nguyen Thi Hanh (So Y te)" in text


@pytest.mark.django_db
def test_holidays_seed_an_empty_calendar_only() -> None:
    Holiday.objects.all().delete()  # this test may run while the module's demo is loaded

    assert load_holidays() == len(HOLIDAYS)
    assert Holiday.objects.filter(day=datetime.date(2024, 2, 12)).exists()  # Tết Giáp Thìn

    Holiday.objects.all().delete()
    Holiday.objects.create(day=datetime.date(2024, 1, 1), name="Tết Dương lịch")
    assert load_holidays() == 0
    assert Holiday.objects.count() == 1


def test_holiday_calendar_has_the_days_off_of_2024_to_2026() -> None:
    days = [day for day, _ in HOLIDAYS]

    assert len(days) == len(set(days))
    assert {day.year for day in days} == {2024, 2025, 2026}
    assert {
        datetime.date(2024, 4, 18),  # Giỗ Tổ Hùng Vương
        datetime.date(2024, 9, 3),
        datetime.date(2025, 1, 29),  # mùng 1 Tết Ất Tỵ
        datetime.date(2025, 5, 2),  # swapped
        datetime.date(2026, 2, 17),  # mùng 1 Tết Bính Ngọ
        datetime.date(2026, 4, 27),  # Giỗ Tổ falls on a Sunday
    } <= set(days)


def test_summary_reports_the_commendation_demo(demo: Loaded) -> None:
    commendation = demo.summary.commendation

    assert commendation is not None
    assert commendation.nominations == NOMINATIONS
    assert commendation.holidays == len(HOLIDAYS)
    assert f"Quyết định số {commendation.decision_number}" in demo.output
    assert ROUND_NAME in demo.output


@pytest.mark.django_db
def test_registry_people_are_fictitious_demo_people_with_histories(demo: Loaded) -> None:
    people = Person.objects.all()

    assert 290 <= people.count() <= 310
    assert all(person.is_demo for person in people)
    names = [person.full_name for person in people]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert len(set(names)) == len(names)
    assert 0.40 <= people.filter(gender="nu").count() / len(names) <= 0.55
    categories = Counter(people.values_list("category", flat=True))
    assert set(categories) == {"truc_tiep", "lanh_dao_khac", "lanh_dao_so"}
    assert categories["truc_tiep"] > categories["lanh_dao_khac"] > categories["lanh_dao_so"]
    # The people of the 2024 units (the open round's are in today's ward).
    kon_tum = people.filter(unit__valid_to__isnull=False)
    assert kon_tum.count() == people.count() - 2
    ratings = PerformanceRating.objects.filter(person__in=kon_tum)
    assert set(ratings.values_list("year", flat=True)) == YEARS
    assert Counter(ratings.values_list("rating", flat=True)).most_common(1)[0][0] == "HTTNV"
    history = AwardRecord.objects.filter(
        Q(person__in=kon_tum) | Q(collective__isnull=False), year__lt=2024
    )
    assert set(history.values_list("year", flat=True)) == YEARS - {2024}
    assert {"LDTT", "CSTD_CO_SO", "GIAY_KHEN", "BANG_KHEN_TINH", "TTLDTT", "TTLDXS"} <= set(
        history.values_list("award", flat=True)
    )
    for record in AwardRecord.objects.select_related("person"):
        assert record.decision_date.year >= record.year
        if record.person is not None:
            assert record.category == record.person.category
        else:
            assert record.category == ""
    assert InitiativeRecord.objects.filter(scope="tinh").count() == 8
    assert Hold.objects.count() == 2
    assert DisciplineRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="demo.commendation_loaded").count() == 1


@pytest.mark.django_db
def test_round_2024_has_the_designed_statuses(round_2024: Round) -> None:
    nominations = round_2024.nominations.all()

    assert round_2024.is_demo
    assert (round_2024.kind, round_2024.year, round_2024.status) == (
        RoundKind.ANNUAL,
        2024,
        RoundStatus.CLOSED,
    )
    assert round_2024.issuer.code == "62"
    assert round_2024.issuer.valid_to == datetime.date(2025, 7, 1)
    assert round_2024.submission_deadline == datetime.date(2024, 12, 10)
    assert Counter(nominations.values_list("status", flat=True)) == {
        NominationStatus.DECIDED: 264,
        NominationStatus.PASSED: 19,
        NominationStatus.FAILED: 5,
        NominationStatus.RETURNED: 6,
        NominationStatus.SUBMITTED: 5,
        NominationStatus.WITHDRAWN: 1,
    }
    assert Counter(nominations.values_list("award", flat=True)) == {
        "BANG_KHEN_TINH": 280,
        "CSTD_TINH": 8,
        "TTLDXS": 8,
        "CO_THI_DUA_TINH": 4,
    }
    assert nominations.filter(collective__isnull=False).count() == 23


@pytest.mark.django_db
def test_round_2024_dossiers_dates_and_eligibility(round_2024: Round) -> None:
    nominations = list(round_2024.nominations.prefetch_related("files"))

    for nomination in nominations:
        kinds = {dossier.kind for dossier in nomination.files.all()}
        assert {"to_trinh", "bao_cao", "bien_ban"} <= kinds
        assert ("minh_chung" in kinds) == (nomination.award == "CSTD_TINH")
        submitted = nomination.submitted_at.date()
        assert datetime.date(2024, 12, 2) <= submitted <= datetime.date(2024, 12, 10)
        assert nomination.appraisal_due > submitted
        assert nomination.created_at.date() < submitted
        assert nomination.eligibility["year"] == 2024
        if nomination.status not in (NominationStatus.SUBMITTED, NominationStatus.WITHDRAWN):
            assert nomination.appraised_at.year == 2024
    by_award = Counter(
        (n.award, n.eligibility["eligible"], n.eligibility["held"]) for n in nominations
    )
    # The engine agrees with the dossiers: CSTĐ tỉnh (3 CSTĐ cơ sở and a provincial
    # initiative) and TTLĐXS are met; only the held and the disciplined are not eligible.
    assert by_award[("CSTD_TINH", True, False)] == 8
    assert by_award[("TTLDXS", True, False)] == 8
    assert by_award[("BANG_KHEN_TINH", False, True)] == 2
    assert by_award[("BANG_KHEN_TINH", False, False)] == 1
    returned = [n for n in nominations if n.status == NominationStatus.RETURNED]
    assert all(n.return_reason for n in returned)
    assert sum("Nghị định số 98/2023/NĐ-CP" in n.return_reason for n in returned) == 2
    held = [n for n in nominations if n.eligibility["held"]]
    assert {n.status for n in held} == {NominationStatus.RETURNED, NominationStatus.SUBMITTED}
    office = User.objects.get(username="chuyenvien")
    waiting = [n for n in nominations if n.status == NominationStatus.SUBMITTED]
    assert all(office.has_perm("commendation.appraise", n) for n in waiting)


@pytest.mark.django_db
def test_council_session_is_closed_with_results_and_quorum(round_2024: Round) -> None:
    members = CouncilMember.objects.filter(council_of=round_2024.issuer, year=2024)
    session = CouncilSession.objects.get(round=round_2024)
    results = CandidateResult.objects.filter(session=session).select_related("nomination")

    assert [m.full_name for m in members] == [name for name, _ in COUNCIL]
    assert members.get(user__username="hoidong").full_name == "Lê Văn Cường"
    assert session.held_on == datetime.date(2024, 12, 20)
    assert session.ballot_mode == BallotMode.ANONYMOUS
    assert session.status == SessionStatus.CLOSED
    assert session.closed_at.date() == datetime.date(2024, 12, 20)
    assert (session.members.count(), session.present.count()) == (15, 14)
    assert session.quorum["met"] is True
    assert session.quorum["present"] == 14
    assert results.count() == session.candidates.count() == 288
    assert not results.filter(passed__isnull=True).exists()
    failed = results.filter(passed=False)
    assert failed.count() == 5
    assert {r.nomination.status for r in failed} == {NominationStatus.FAILED}
    cstd = failed.get(nomination__award="CSTD_TINH")
    assert (cstd.agree + cstd.written_agree, cstd.percent) == (11, "73,3 %")
    recusal = Recusal.objects.get(session=session)
    assert recusal.member.full_name == "Lương Văn Thắng"
    assert recusal.nomination.collective.name == "Sở Nội vụ tỉnh Kon Tum"
    assert results.get(nomination=recusal.nomination).passed
    assert results.filter(percent="80 %", passed=True).exists()
    hoidong = User.objects.get(username="hoidong")
    assert hoidong.has_perm("commendation.view_council", session)


@pytest.mark.django_db
def test_decision_is_published_and_wrote_the_award_records(round_2024: Round) -> None:
    decision = Decision.objects.get(round=round_2024)
    records = AwardRecord.objects.filter(decision_number=decision.number, year=2024)

    assert decision.is_demo
    assert decision.award == "BANG_KHEN_TINH"
    assert decision.status == DecisionStatus.PUBLISHED
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", decision.number)
    assert decision.signed_on == datetime.date(2024, 12, 27)
    assert decision.signer_title == "KT. Chủ tịch – Phó Chủ tịch"
    assert decision.published_at.date() == datetime.date(2024, 12, 30)
    assert len(pypdf.PdfReader(decision.scan.open("rb")).pages) == 1
    items = decision.items.select_related("nomination", "award_record")
    assert items.count() == records.count() == 264
    assert all(item.nomination.status == NominationStatus.DECIDED for item in items)
    assert {item.award_record_id for item in items} == set(records.values_list("id", flat=True))
    assert set(records.values_list("issuer", flat=True)) == {
        "Chủ tịch Ủy ban nhân dân tỉnh Kon Tum"
    }
    for record in records.select_related("person"):
        if record.person is not None:
            assert record.category == record.person.category != ""
    # The other passed nominations wait for the office to draft their decisions.
    waiting = round_2024.nominations.filter(status=NominationStatus.PASSED)
    assert set(waiting.values_list("award", flat=True)) == {
        "CSTD_TINH",
        "TTLDXS",
        "CO_THI_DUA_TINH",
    }


@pytest.mark.django_db
def test_open_round_of_today_has_work_for_the_demo_accounts(demo: Loaded) -> None:
    round_ = Round.objects.select_related("issuer").get(status=RoundStatus.OPEN)
    nominations = list(round_.nominations.select_related("unit"))
    data_officer = User.objects.get(username="nhaplieu")
    office = User.objects.get(username="chuyenvien")

    assert round_.is_demo
    assert round_.kind == RoundKind.THEMATIC
    assert round_.year == local_today().year
    assert round_.submission_deadline > local_today()
    assert round_.comment_working_days == 5
    assert (round_.issuer.code, round_.issuer.valid_to) == (NEW_PROVINCE_CODE, None)
    assert Counter(n.status for n in nominations) == {
        NominationStatus.SUBMITTED: 1,
        NominationStatus.DRAFT: 2,
    }
    assert {n.unit.name for n in nominations} == {"Phường Kon Tum"}
    assert all(data_officer.has_perm("commendation.propose", n) for n in nominations)
    sent = next(n for n in nominations if n.status == NominationStatus.SUBMITTED)
    assert office.has_perm("commendation.appraise", sent)
    assert sent.appraisal_due > local_today()
    dossiers = {
        (n.collective_id is not None, tuple(n.files.values_list("kind", "generated")))
        for n in nominations
    }
    generated_and_minutes = (("bao_cao", True), ("bien_ban", False), ("to_trinh", True))
    assert dossiers == {(False, generated_and_minutes), (True, (("bao_cao", True),))}


@pytest.mark.django_db
def test_second_load_changes_nothing(demo: Loaded) -> None:
    def counts() -> tuple[int, ...]:
        return (
            Holiday.objects.count(),
            Person.objects.count(),
            PerformanceRating.objects.count(),
            AwardRecord.objects.count(),
            Round.objects.count(),
            Nomination.objects.count(),
            DossierFile.objects.count(),
            CouncilSession.objects.count(),
            Decision.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    again = load_demo(stdout=io.StringIO())

    assert not again.created
    assert again.commendation is None
    assert counts() == before
