"""Decision services: a draft from the council's passed nominations, the issuer's authority,
numbers from the register when signed, award records written into the histories, the signed
scan and publication, revocation by decision (Law Art. 93), and the award statistics with the
directive's two priority shares (direct workers, grassroots collectives)."""

import datetime
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import (
    BANG_KHEN_TINH,
    BANG_KHEN_TTG,
    CO_THI_DUA_TINH,
    CSTD_CO_SO,
    CSTD_TINH,
    CSTD_TOAN_QUOC,
    GIAY_KHEN,
    LDTT,
)
from thidua.commendation.models import (
    AwardRecord,
    BallotMode,
    CouncilMember,
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionRegister,
    DecisionStatus,
    InitiativeRecord,
    Nomination,
    NominationStatus,
    Round,
)
from thidua.commendation.services import (
    award_record_create,
    decision_attach_scan,
    decision_discard,
    decision_draft,
    decision_publish,
    decision_sign,
    household_create,
    person_create,
    revocation_draft,
    round_create,
    session_close,
    session_create,
    votes_record,
)
from thidua.commendation.tests.test_council_services import HELD_ON, seat_council
from thidua.commendation.tests.test_registry_selectors import cstd_candidate
from thidua.commendation.tests.test_workflow_services import (
    PDF,
    PNG,
    actor_for,
    after_of,
    audit_actions,
    before_of,
    new_nomination,
    new_person,
    new_round,
    reloaded,
)
from thidua.commendation.workflow_selectors import award_statistics
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.text import format_date, local_today

D = datetime.date
SIGNED_ON = D(2025, 12, 20)
PROVINCE_SIGNS = "Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def passed(round_: Round, award: str, subjects: list[Any], *, agree: int = 15) -> list[Nomination]:
    """Nominations of `award` taken through appraisal and an anonymous council vote."""
    nominations = [
        new_nomination(round_, subject, award, status=NominationStatus.ACCEPTED)
        for subject in subjects
    ]
    if not CouncilMember.objects.filter(council_of=round_.issuer, year=HELD_ON.year).exists():
        seat_council(round_.issuer, year=HELD_ON.year)
    session = session_create(
        actor=None,
        round_=round_,
        held_on=HELD_ON,
        ballot_mode=BallotMode.ANONYMOUS,
        nominations=nominations,
    )
    for nomination in nominations:
        votes_record(actor=None, session=session, nomination=nomination, tally={"agree": agree})
    session_close(actor=None, session=session)
    return [reloaded(nomination) for nomination in nominations]


def sign(decision: Decision, actor: Any = None, signed_on: datetime.date = SIGNED_ON) -> Decision:
    return decision_sign(
        actor=actor,
        decision=decision,
        signed_on=signed_on,
        signer_name="Nguyễn Văn Chủ Tịch",
        signer_title="Chủ tịch",
    )


def item_nominations(decision: Decision) -> list[Nomination]:
    return [item.nomination for item in decision.items.order_by("order") if item.nomination]


@pytest.fixture
def round_(tree: Tree) -> Round:
    return new_round(tree.province)


# --- Drafting -------------------------------------------------------------------------------


def test_decision_draft_takes_the_passed_nominations_of_the_award(
    tree: Tree, round_: Round
) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    in_child = new_person(tree.child, "Người ở phòng")
    in_unit = new_person(tree.unit, "Người ở sở")
    failed_person = new_person(tree.unit, "Người không đạt")
    winners = passed(round_, BANG_KHEN_TINH, [in_child, in_unit])
    passed(round_, BANG_KHEN_TINH, [failed_person], agree=7)
    waiting = new_nomination(
        round_, new_person(tree.unit, "Chưa họp"), BANG_KHEN_TINH, status="accepted"
    )
    passed(round_, CSTD_TINH, [new_person(tree.unit, "Chiến sĩ")])

    decision = decision_draft(actor=office, round_=round_, award=BANG_KHEN_TINH)

    assert (decision.kind, decision.status, decision.issuer, decision.symbol, decision.number) == (
        DecisionKind.AWARD,
        DecisionStatus.DRAFT,
        tree.province,
        "QĐ-UBND",
        "",
    )
    assert decision.title == (
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (Khen thưởng tổng kết năm 2025)"
    )
    # In the order of the units' paths: the Sở before its Phòng.
    assert item_nominations(decision) == [winners[1], winners[0]]
    assert list(decision.items.values_list("order", flat=True)) == [1, 2]
    assert reloaded(waiting).status == NominationStatus.ACCEPTED
    event = AuditEvent.objects.get(action="decision.drafted")
    assert (event.actor, event.unit, after_of(event)["award"]) == (
        office,
        tree.province,
        BANG_KHEN_TINH,
    )


def test_a_nomination_goes_into_one_decision_only(tree: Tree, round_: Round) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    with pytest.raises(ApplicationError) as error:
        decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    assert error.value.message == (
        "Không còn đề nghị “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” nào được Hội đồng "
        "thông qua mà chưa có quyết định."
    )
    assert Decision.objects.count() == 1


def test_decision_draft_with_chosen_nominations(tree: Tree, round_: Round) -> None:
    chosen, later = passed(
        round_, BANG_KHEN_TINH, [new_person(tree.unit, "Chọn"), new_person(tree.unit, "Để sau")]
    )
    (failed,) = passed(round_, BANG_KHEN_TINH, [new_person(tree.unit, "Trượt")], agree=2)

    with pytest.raises(ApplicationError) as error:
        decision_draft(
            actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=[chosen, failed]
        )
    assert error.value.message == (
        "Chỉ đưa vào quyết định các đề nghị Hội đồng đã thông qua, chưa có quyết định."
    )
    assert not Decision.objects.exists()

    first = decision_draft(
        actor=None,
        round_=round_,
        award=BANG_KHEN_TINH,
        nominations=[chosen],
        title="  Về việc   tặng Bằng khen ",
        symbol="qđ-ubnd",
    )
    second = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    assert (first.title, first.symbol, item_nominations(first)) == (
        "Về việc tặng Bằng khen",
        "QĐ-UBND",
        [chosen],
    )
    assert item_nominations(second) == [later]


def test_decision_draft_refuses_an_unknown_award(round_: Round) -> None:
    with pytest.raises(ApplicationError) as error:
        decision_draft(actor=None, round_=round_, award="HUAN_CHUONG")

    assert error.value.message == "Mã “HUAN_CHUONG” không có trong danh mục khen thưởng."


@pytest.mark.parametrize(
    ("issuer_name", "award", "award_name"),
    [
        ("province", BANG_KHEN_TTG, "Bằng khen của Thủ tướng Chính phủ"),
        ("province", CSTD_TOAN_QUOC, "Chiến sĩ thi đua toàn quốc"),
        ("province", CSTD_CO_SO, "Chiến sĩ thi đua cơ sở"),
        ("province", LDTT, "Lao động tiên tiến"),
        ("unit", BANG_KHEN_TINH, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
        ("unit", CSTD_TINH, "Chiến sĩ thi đua cấp tỉnh"),
        ("unit", CO_THI_DUA_TINH, "Cờ thi đua của Ủy ban nhân dân tỉnh"),
    ],
)
def test_an_issuer_decides_only_within_its_authority(
    tree: Tree, issuer_name: str, award: str, award_name: str
) -> None:
    issuer = getattr(tree, issuer_name)
    round_ = new_round(issuer)

    with pytest.raises(ApplicationError) as error:
        decision_draft(actor=None, round_=round_, award=award)

    assert error.value.message == (
        f"{issuer.name} không có thẩm quyền quyết định tặng “{award_name}” (ngày "
        f"{format_date(local_today())}); hãy lập tờ trình đề nghị cấp có thẩm quyền."
    )
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("issuer_name", "award", "subject_name"),
    [
        ("province", BANG_KHEN_TINH, "person"),
        ("province", CSTD_TINH, "person"),
        ("province", CO_THI_DUA_TINH, "unit"),
        ("unit", CSTD_CO_SO, "person"),
        ("unit", GIAY_KHEN, "child"),
        ("unit", LDTT, "person"),
    ],
)
def test_an_issuer_decides_what_it_may(
    tree: Tree, issuer_name: str, award: str, subject_name: str
) -> None:
    round_ = new_round(getattr(tree, issuer_name))
    subject = new_person(tree.unit) if subject_name == "person" else getattr(tree, subject_name)
    (nomination,) = passed(round_, award, [subject])

    decision = sign(decision_draft(actor=None, round_=round_, award=award))

    assert reloaded(nomination).status == NominationStatus.DECIDED
    assert AwardRecord.objects.get().award == award
    assert decision.status == DecisionStatus.SIGNED


# --- Signing --------------------------------------------------------------------------------


def test_decision_sign_numbers_and_writes_the_awards(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    round_ = new_round(tree.province, name="Khen thưởng chuyên đề chuyển đổi số", kind="chuyen_de")
    worker = new_person(tree.child, "Công nhân Lê Văn Một", category="truc_tiep")
    director = new_person(tree.unit, "Giám đốc Phạm Thị Hai", category="lanh_dao_so")
    people = passed(round_, BANG_KHEN_TINH, [worker, director])
    (flag,) = passed(round_, CO_THI_DUA_TINH, [tree.unit])
    first = decision_draft(actor=office, round_=round_, award=BANG_KHEN_TINH)
    second = decision_draft(actor=office, round_=round_, award=CO_THI_DUA_TINH)

    signed = sign(first, office)
    signed_too = sign(second, office, D(2025, 12, 22))

    assert (signed.number, signed_too.number) == ("01/QĐ-UBND", "02/QĐ-UBND")
    assert (signed.status, signed.signed_on, signed.signer_name, signed.signer_title) == (
        DecisionStatus.SIGNED,
        SIGNED_ON,
        "Nguyễn Văn Chủ Tịch",
        "Chủ tịch",
    )
    records = list(
        AwardRecord.objects.order_by("id").values_list(
            "person__full_name",
            "collective__name",
            "year",
            "award",
            "award_type",
            "category",
            "decision_number",
            "decision_date",
            "issuer",
        )
    )
    assert records == [
        (
            "Giám đốc Phạm Thị Hai",
            None,
            2025,
            BANG_KHEN_TINH,
            "chuyen_de",
            "lanh_dao_so",
            "01/QĐ-UBND",
            SIGNED_ON,
            PROVINCE_SIGNS,
        ),
        (
            "Công nhân Lê Văn Một",
            None,
            2025,
            BANG_KHEN_TINH,
            "chuyen_de",
            "truc_tiep",
            "01/QĐ-UBND",
            SIGNED_ON,
            PROVINCE_SIGNS,
        ),
        (
            None,
            "Sở Nội vụ tỉnh Thử Nghiệm",
            2025,
            CO_THI_DUA_TINH,
            "chuyen_de",
            "",
            "02/QĐ-UBND",
            D(2025, 12, 22),
            PROVINCE_SIGNS,
        ),
    ]
    assert {item.award_record.person for item in signed.items.all() if item.award_record} == {
        worker,
        director,
    }
    statuses = {n.pk: (n.status, n.version) for n in Nomination.objects.all()}
    assert statuses == {
        nomination.pk: (NominationStatus.DECIDED, 5) for nomination in [*people, flag]
    }
    assert DecisionRegister.objects.get().last_number == 2
    # One audit record per signature, counting the number taken and the awards written.
    assert audit_actions("decision") == [
        "decision.drafted",
        "decision.drafted",
        "decision.signed",
        "decision.signed",
    ]
    assert audit_actions("award_record.") == []
    event = AuditEvent.objects.filter(action="decision.signed").order_by("id").first()
    assert event is not None
    first = Decision.objects.get(pk=event.object_id)
    records = sorted(str(item.award_record_id) for item in first.items.all())
    assert after_of(event)["counts"] == {"award_record.created": 2, "decision_number.taken": 1}
    assert sorted(after_of(event)["objects"]["award_record.created"]) == records
    assert (before_of(event)["status"], after_of(event)["status"], after_of(event)["number"]) == (
        "draft",
        "signed",
        "01/QĐ-UBND",
    )


def test_numbers_follow_each_symbol(tree: Tree, round_: Round) -> None:
    people = [new_person(tree.unit, f"Người số {n}") for n in range(3)]
    nominations = passed(round_, BANG_KHEN_TINH, people)
    decisions = [
        decision_draft(
            actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=[nomination], symbol=symbol
        )
        for nomination, symbol in zip(nominations, ["QĐ-UBND", "QĐ-CT", "QĐ-UBND"], strict=True)
    ]

    numbers = [sign(decision).number for decision in decisions]

    assert numbers == ["01/QĐ-UBND", "01/QĐ-CT", "02/QĐ-UBND"]


def test_numbers_restart_each_year(tree: Tree, round_: Round) -> None:
    first, second = passed(
        round_, BANG_KHEN_TINH, [new_person(tree.unit, "Năm nay"), new_person(tree.unit, "Năm sau")]
    )
    this_year = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=[first])
    next_year = decision_draft(
        actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=[second]
    )

    numbers = [sign(this_year).number, sign(next_year, signed_on=D(2026, 1, 5)).number]

    assert numbers == ["01/QĐ-UBND", "01/QĐ-UBND"]
    assert reloaded(second).status == NominationStatus.DECIDED


@pytest.mark.parametrize(
    ("issuer_name", "expected"),
    [
        ("province", PROVINCE_SIGNS),
        (
            "unit",
            "Thủ trưởng cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh (Sở Nội vụ tỉnh Thử Nghiệm)",
        ),
    ],
)
def test_the_award_record_names_who_signed(tree: Tree, issuer_name: str, expected: str) -> None:
    round_ = new_round(getattr(tree, issuer_name))
    award = BANG_KHEN_TINH if issuer_name == "province" else GIAY_KHEN
    passed(round_, award, [new_person(tree.child)])

    sign(decision_draft(actor=None, round_=round_, award=award))

    assert AwardRecord.objects.get().issuer == expected


def refused_signing(decision: Decision, message: str, **changes: Any) -> None:
    values: dict[str, Any] = {
        "signed_on": SIGNED_ON,
        "signer_name": "Nguyễn Văn Chủ Tịch",
        "signer_title": "Chủ tịch",
        **changes,
    }
    with pytest.raises(ApplicationError) as error:
        decision_sign(actor=None, decision=decision, **values)
    assert error.value.message == message
    decision.refresh_from_db()
    assert (decision.status, decision.number, decision.signed_on) == (
        DecisionStatus.DRAFT,
        "",
        None,
    )
    assert not AwardRecord.objects.exists()
    assert DecisionRegister.objects.filter(last_number__gt=0).count() == 0
    assert audit_actions("decision.signed") == []
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.PASSED}


def test_signing_in_the_future_is_refused(tree: Tree, round_: Round) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)
    tomorrow = local_today() + datetime.timedelta(days=1)

    refused_signing(
        decision,
        f"Trường “Ngày ký”: ngày ký {format_date(tomorrow)} ở tương lai.",
        signed_on=tomorrow,
    )


def test_signing_before_the_achievement_year_takes_no_number(tree: Tree, round_: Round) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    refused_signing(
        decision,
        "Ngày ký 30/12/2024 trước năm thành tích 2025.",
        signed_on=D(2024, 12, 30),
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signer_name": " "}, "Trường “Người ký” không được để trống."),
        ({"signer_title": ""}, "Trường “Chức vụ người ký” không được để trống."),
    ],
)
def test_signing_needs_the_signer(
    tree: Tree, round_: Round, changes: dict[str, str], message: str
) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    refused_signing(decision, message, **changes)


def test_signing_is_all_or_nothing(tree: Tree, round_: Round) -> None:
    first = new_person(tree.unit, "Người thứ nhất")
    already = new_person(tree.unit, "Người đã có bằng khen")
    passed(round_, BANG_KHEN_TINH, [first, already])
    # Recorded from elsewhere meanwhile: the same award for the same year.
    award_record_create(
        actor=None,
        subject=already,
        year=2025,
        award=BANG_KHEN_TINH,
        award_type="dot_xuat",
        decision_number="99/QĐ-UBND",
        decision_date=D(2025, 9, 2),
        issuer=PROVINCE_SIGNS,
    )
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    with pytest.raises(ApplicationError) as error:
        sign(decision)

    assert error.value.message == (
        "“Người đã có bằng khen” đã có Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2025."
    )
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (DecisionStatus.DRAFT, "")
    assert list(AwardRecord.objects.values_list("decision_number", flat=True)) == ["99/QĐ-UBND"]
    assert not DecisionRegister.objects.filter(last_number__gt=0).exists()
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.PASSED}


def test_a_signed_decision_is_signed_once(tree: Tree, round_: Round) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision = sign(decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH))

    with pytest.raises(ApplicationError) as error:
        sign(decision)

    assert error.value.message == "Quyết định đang ở trạng thái “Đã ký, có số”."
    assert (AwardRecord.objects.count(), DecisionRegister.objects.get().last_number) == (1, 1)


def test_signing_under_the_old_law_does_not_crash(tree: Tree) -> None:
    round_ = Round.objects.create(
        name="Khen thưởng năm 2023",
        kind="hang_nam",
        award_type="phong_trao",
        year=2023,
        issuer=tree.province,
        submission_deadline=D(2023, 12, 10),
    )
    nomination = Nomination.objects.create(
        round=round_,
        unit=tree.unit,
        person=new_person(tree.unit),
        award=BANG_KHEN_TINH,
        achievement="Thành tích năm 2023",
        status=NominationStatus.PASSED,
    )
    decision = Decision.objects.create(
        kind=DecisionKind.AWARD,
        round=round_,
        issuer=tree.province,
        award=BANG_KHEN_TINH,
        title="Về việc tặng Bằng khen năm 2023",
    )
    DecisionItem.objects.create(decision=decision, nomination=nomination, order=1)

    try:
        sign(decision, signed_on=D(2023, 12, 28))
    except ApplicationError:
        assert reloaded(nomination).status == NominationStatus.PASSED


# --- Scan and publication ---------------------------------------------------------------------


def test_publish_needs_the_signed_scan(tree: Tree, round_: Round) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    draft = decision_draft(actor=office, round_=round_, award=BANG_KHEN_TINH)

    with pytest.raises(ApplicationError, match=r"^Quyết định đang ở trạng thái “Dự thảo”.$"):
        decision_attach_scan(actor=office, decision=draft, name="qd.pdf", content=PDF)
    with pytest.raises(ApplicationError, match=r"^Quyết định đang ở trạng thái “Dự thảo”.$"):
        decision_publish(actor=office, decision=draft)

    decision = sign(draft, office)
    with pytest.raises(ApplicationError) as error:
        decision_publish(actor=office, decision=decision)
    assert error.value.message == "Hãy đính kèm bản quyết định đã ký trước khi công khai."

    refusals = [
        ("qd.pdf", PNG, "Nội dung tệp “qd.pdf” không đúng định dạng PDF."),
        ("qd.png", PNG, "Tệp “qd.png” không được nhận: chỉ nhận PDF."),
        ("qd.docx", b"PK\x03\x04rest", "Tệp “qd.docx” không được nhận: chỉ nhận PDF."),
        ("qd.pdf", b"", "Tệp “qd.pdf” rỗng."),
    ]
    for name, content, message in refusals:
        with pytest.raises(ApplicationError) as error:
            decision_attach_scan(actor=office, decision=decision, name=name, content=content)
        assert error.value.message == message
    decision.refresh_from_db()
    assert not decision.scan
    assert audit_actions("decision.scan") == []

    with_scan = decision_attach_scan(
        actor=office, decision=decision, name="QĐ 01 đã ký.pdf", content=PDF
    )
    with with_scan.scan.open("rb") as stored:
        assert stored.read() == PDF
    published = decision_publish(actor=office, decision=with_scan)

    assert (published.status, published.published_at is not None) == (
        DecisionStatus.PUBLISHED,
        True,
    )
    assert audit_actions("decision.") == [
        "decision.drafted",
        "decision.signed",
        "decision.scan_attached",
        "decision.published",
    ]
    with pytest.raises(ApplicationError, match="“Đã công khai”"):
        decision_publish(actor=office, decision=published)


def test_a_new_scan_replaces_the_old_one(tree: Tree, round_: Round) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision = sign(decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH))
    first = decision_attach_scan(actor=None, decision=decision, name="a.pdf", content=PDF)
    old_path = first.scan.path

    second = decision_attach_scan(
        actor=None, decision=decision, name="b.pdf", content=PDF + b"% ban sua\n"
    )

    assert second.scan.name.endswith("b.pdf")
    assert not __import__("os").path.exists(old_path)


# --- Revocation -------------------------------------------------------------------------------


@pytest.fixture
def awarded(tree: Tree, round_: Round) -> list[AwardRecord]:
    people = [new_person(tree.unit, "Người bị thu hồi"), new_person(tree.unit, "Người giữ lại")]
    passed(round_, BANG_KHEN_TINH, people)
    sign(decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH))
    return list(AwardRecord.objects.order_by("person__full_name"))


def test_revocation_by_decision(tree: Tree, awarded: list[AwardRecord]) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    revoked, kept = awarded
    assert award_statistics(year=2025).total == 2

    draft = revocation_draft(
        actor=office,
        issuer=tree.province,
        records=[revoked],
        reason="  Kê khai thành tích   không trung thực ",
    )
    assert (draft.kind, draft.status, draft.title, draft.reason) == (
        DecisionKind.REVOCATION,
        DecisionStatus.DRAFT,
        "Về việc hủy bỏ quyết định khen thưởng",
        "Kê khai thành tích không trung thực",
    )
    assert award_statistics(year=2025).total == 2  # a draft changes nothing

    decision = sign(draft, office)

    revoked.refresh_from_db()
    kept.refresh_from_db()
    assert decision.number == "02/QĐ-UBND"
    assert revoked.revoked_at is not None
    assert revoked.revocation_reason == (
        "Kê khai thành tích không trung thực (Quyết định số 02/QĐ-UBND ngày 20/12/2025)"
    )
    assert kept.revoked_at is None
    stats = award_statistics(year=2025)
    assert (stats.total, stats.individuals, dict(stats.by_award)) == (1, 1, {BANG_KHEN_TINH: 1})
    event = AuditEvent.objects.filter(action="decision.signed").order_by("id").last()
    assert event is not None
    assert (event.object_id, after_of(event)["counts"]) == (
        str(decision.pk),
        {"award_record.revoked": 1, "decision_number.taken": 1},
    )
    assert after_of(event)["objects"]["award_record.revoked"] == [str(revoked.pk)]


def test_revocation_draft_refusals(tree: Tree, awarded: list[AwardRecord]) -> None:
    revoked, kept = awarded
    sign(revocation_draft(actor=None, issuer=tree.province, records=[revoked], reason="Sai"))
    revoked.refresh_from_db()
    before = Decision.objects.count()
    cases: list[tuple[list[AwardRecord], str, str]] = [
        ([], "Lý do", "Hãy chọn ít nhất một khen thưởng cần thu hồi."),
        (
            [kept, revoked],
            "Lý do",
            "“Người bị thu hồi” – Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2025 đã bị "
            "thu hồi trước đó.",
        ),
        ([kept], "   ", "Trường “Lý do thu hồi” không được để trống."),
    ]

    for records, reason, message in cases:
        with pytest.raises(ApplicationError) as error:
            revocation_draft(actor=None, issuer=tree.province, records=records, reason=reason)
        assert error.value.message == message

    assert Decision.objects.count() == before


# --- Statistics -------------------------------------------------------------------------------


def record(subject: Any, award: str, year: int = 2025) -> AwardRecord:
    return award_record_create(
        actor=None,
        subject=subject,
        year=year,
        award=award,
        award_type="phong_trao",
        decision_number=f"{year}-{subject.pk}/QĐ-UBND",
        decision_date=D(year, 12, 1),
        issuer=PROVINCE_SIGNS,
    )


def test_award_statistics_shares(tree: Tree) -> None:
    commune = make_unit("Xã Thử Nghiệm", kind="xa", parent=tree.province)
    workers = [new_person(tree.child, f"Công nhân {n}", category="truc_tiep") for n in range(3)]
    leader = new_person(tree.unit, "Lãnh đạo sở", category="lanh_dao_so")
    for person in workers:
        record(person, LDTT)
    record(leader, BANG_KHEN_TINH)
    record(tree.child, GIAY_KHEN)  # phòng, ban: grassroots
    record(commune, BANG_KHEN_TINH)  # xã: grassroots
    record(tree.unit, CO_THI_DUA_TINH)  # sở: not grassroots
    record(household_create(actor=None, head_name="Nguyễn Văn Hộ", unit=commune), GIAY_KHEN)
    record(new_person(tree.unit, "Năm khác", category="truc_tiep"), LDTT, year=2024)
    revoked = record(new_person(tree.unit, "Bị thu hồi", category="lanh_dao_so"), LDTT)
    revocation = revocation_draft(
        actor=None, issuer=tree.province, records=[revoked], reason="Vi phạm"
    )
    sign(revocation)

    stats = award_statistics(year=2025)

    assert (stats.total, stats.individuals, stats.collectives, stats.households) == (8, 4, 3, 1)
    assert (stats.direct_workers, stats.grassroots) == (3, 2)
    assert (stats.direct_worker_share, stats.grassroots_share) == (Fraction(3, 4), Fraction(2, 3))
    assert (
        stats.percent(stats.direct_worker_share),
        stats.percent(stats.grassroots_share),
    ) == ("75 %", "66,7 %")
    assert stats.by_award == Counter({LDTT: 3, BANG_KHEN_TINH: 2, GIAY_KHEN: 2, CO_THI_DUA_TINH: 1})
    assert stats.by_level == Counter({"co_so": 5, "tinh": 3})
    assert stats.by_category == Counter({"truc_tiep": 3, "lanh_dao_so": 1})
    assert stats.by_unit["Phòng Thi đua - Khen thưởng"] == 4


def test_award_statistics_without_awards_show_no_share(tree: Tree) -> None:
    stats = award_statistics(year=2025)

    assert (stats.total, stats.direct_worker_share, stats.grassroots_share) == (0, None, None)
    assert stats.percent(stats.direct_worker_share) == "—"


def test_award_statistics_of_a_round_and_of_a_users_units(tree: Tree, round_: Round) -> None:
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit, "Trong đợt")])
    sign(decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH))
    record(new_person(tree.other, "Ngoài đợt, sở khác", category="truc_tiep"), LDTT)
    viewer = make_user(Role.NGUOI_XEM, tree.unit)

    assert award_statistics(year=2025).total == 2
    assert award_statistics(round_=round_).total == 1
    assert award_statistics(year=2025, user=viewer).total == 1
    assert award_statistics(year=2025, user=make_user()).total == 0


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
def test_deciding_permission_matrix(tree: Tree, case: str, allowed: bool) -> None:
    actor = actor_for(case)(tree, Role.CHUYEN_VIEN_TDKT)
    round_ = new_round(tree.unit, name="Khen thưởng của Sở")
    (nomination,) = passed(round_, GIAY_KHEN, [new_person(tree.child)])
    events = AuditEvent.objects.count()

    def decide() -> None:
        decision = sign(decision_draft(actor=actor, round_=round_, award=GIAY_KHEN), actor)
        decision = decision_attach_scan(actor=actor, decision=decision, name="qd.pdf", content=PDF)
        decision_publish(actor=actor, decision=decision)

    if allowed:
        decide()
        assert Decision.objects.get().status == DecisionStatus.PUBLISHED
        assert reloaded(nomination).status == NominationStatus.DECIDED
    else:
        with pytest.raises(PermissionDenied):
            decide()
        assert not Decision.objects.exists()
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "role", [Role.THANH_VIEN_HOI_DONG, Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, Role.NGUOI_XEM]
)
def test_only_the_office_signs_and_revokes(tree: Tree, round_: Round, role: str) -> None:
    actor = make_user(role, tree.province)
    passed(round_, BANG_KHEN_TINH, [new_person(tree.unit)])
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    with pytest.raises(PermissionDenied):
        decision_draft(actor=actor, round_=round_, award=BANG_KHEN_TINH)
    with pytest.raises(PermissionDenied):
        sign(decision, actor)
    sign(decision)
    with pytest.raises(PermissionDenied):
        decision_attach_scan(actor=actor, decision=decision, name="qd.pdf", content=PDF)
    with pytest.raises(PermissionDenied):
        revocation_draft(
            actor=actor, issuer=tree.province, records=AwardRecord.objects.all(), reason="Sai"
        )

    assert Decision.objects.count() == 1
    assert AwardRecord.objects.get().revoked_at is None


def test_a_draft_decision_is_discarded_and_its_nominations_drafted_again(
    tree: Tree, round_: Round
) -> None:
    nominations = passed(round_, BANG_KHEN_TINH, [new_person(tree.unit, "Lý Thị Bỏ")])
    draft = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)
    with pytest.raises(PermissionDenied):
        decision_discard(actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.unit), decision=draft)

    decision_discard(actor=None, decision=draft)

    assert not Decision.objects.filter(pk=draft.pk).exists()
    assert audit_actions("decision.discarded") == ["decision.discarded"]
    again = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)
    assert item_nominations(again) == nominations
    with pytest.raises(ApplicationError, match="“Đã ký, có số”"):
        decision_discard(actor=None, decision=sign(again))


def test_signing_a_cstd_title_uses_the_initiative_it_rests_on(tree: Tree) -> None:
    """One initiative serves one award (CV 5007/BNV-TĐKT): once CSTĐ cấp tỉnh is decided, the
    provincial initiative the engine relied on is recorded as used for it."""
    round_ = new_round(tree.province, year=2024)
    someone = cstd_candidate(tree.unit)
    passed(round_, CSTD_TINH, [someone])

    decision = sign(decision_draft(actor=None, round_=round_, award=CSTD_TINH))

    record = AwardRecord.objects.get(person=someone, award=CSTD_TINH)
    initiative = InitiativeRecord.objects.get(person=someone)
    assert initiative.used_for_award == record
    assert record.decision_number == decision.number
    signed = AuditEvent.objects.get(action="decision.signed")
    assert after_of(signed)["objects"]["initiative.used"] == [str(initiative.pk)]
    assert audit_actions("initiative.used") == []


def test_a_units_quota_keeps_the_best_voted_and_women_first_at_equal_votes(tree: Tree) -> None:
    round_ = round_create(
        actor=None,
        issuer=tree.province,
        name="Đợt có giới hạn",
        kind="hang_nam",
        year=2025,
        submission_deadline=D(2025, 12, 10),
        quotas={BANG_KHEN_TINH: 2},
    )
    people = [
        person_create(
            actor=None, full_name=name, gender=gender, unit=tree.unit, category="truc_tiep"
        )
        for name, gender in (
            ("Anh Văn Nhiều", "nam"),
            ("Bùi Văn Bằng", "nam"),
            ("Cao Thị Bằng", "nu"),
        )
    ]
    other = new_person(tree.other, "Đinh Văn Khác")
    noms = [
        new_nomination(round_, s, BANG_KHEN_TINH, status=NominationStatus.ACCEPTED)
        for s in [*people, other]
    ]
    seat_council(round_.issuer, year=HELD_ON.year)
    session = session_create(
        actor=None, round_=round_, held_on=HELD_ON, ballot_mode=BallotMode.ANONYMOUS
    )
    for nomination, agree in zip(noms, (15, 12, 12, 9), strict=True):
        votes_record(
            actor=None,
            session=session,
            nomination=nomination,
            tally={"agree": agree, "disagree": 15 - agree},
        )
    session_close(actor=None, session=session)

    draft = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)

    # Sở A: 15 votes, then the woman at 12 votes ahead of the man at 12; Sở B's one is within.
    assert [str(n.subject) for n in item_nominations(draft)] == [
        "Anh Văn Nhiều",
        "Cao Thị Bằng",
        "Đinh Văn Khác",
    ]
    assert "tối đa 2, chưa đưa vào Bùi Văn Bằng" in draft.note
    decision_discard(actor=None, decision=draft)
    with pytest.raises(ApplicationError, match="vượt số lượng tối đa còn lại 2"):
        decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=noms[:3])
    sign(decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH, nominations=noms[:2]))
    # The unit's quota is used up: its third one cannot be awarded in this round.
    assert item_nominations(decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)) == [
        noms[3]
    ]


def test_quotas_are_checked_when_the_round_is_opened(tree: Tree) -> None:
    for quotas, fragment in (({"KHONG_CO": 1}, "không có trong danh mục"), ({LDTT: -1}, "≥ 0")):
        with pytest.raises(ApplicationError, match=fragment):
            new_round_with(tree, quotas)
    assert not Round.objects.exists()


def new_round_with(tree: Tree, quotas: Any) -> Round:
    return round_create(
        actor=None,
        issuer=tree.province,
        name="Đợt",
        kind="hang_nam",
        year=2025,
        submission_deadline=D(2025, 12, 10),
        quotas=quotas,
    )
