"""The services of exemplary models: who may do what, the workflow, consent (publication only
with consent to the very text, withdrawal unpublishes), links, photos, and that nothing is half
written or leaks personal details into the audit trail."""

import datetime
import json
from contextlib import nullcontext
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import AwardRecord, Decision, DecisionStatus
from thidua.commendation.services import award_record_create, person_create
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.models import AuditEvent
from thidua.emulation.tests.test_movement_services import new_movement
from thidua.exemplars.enums import ConsentStatus, ExemplarStatus
from thidua.exemplars.models import Exemplar, ExemplarPhoto
from thidua.exemplars.selectors import public_exemplars
from thidua.exemplars.services import (
    exemplar_approve,
    exemplar_consent_record,
    exemplar_consent_withdraw,
    exemplar_create,
    exemplar_links_set,
    exemplar_photo_consent_set,
    exemplar_photo_review,
    exemplar_publish,
    exemplar_return,
    exemplar_submit,
    exemplar_unpublish,
    exemplar_update,
)
from thidua.exemplars.tests.helpers import (
    ADDRESS,
    CONSENT_DAY,
    ID_NUMBER,
    PHONE,
    consented,
    details,
    new_exemplar,
    published,
    sent,
)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _exemplar_events() -> int:
    return AuditEvent.objects.filter(action__startswith="exemplar").count()


# --- Proposing -------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_create_permission_matrix(tree: Tree, case: str, make_actor: Any) -> None:
    actor = make_actor(tree, Role.NHAP_LIEU)
    allowed = case in ("right_role", "parent_unit")

    with nullcontext() if allowed else pytest.raises((PermissionDenied, ApplicationError)):
        exemplar_create(actor=actor, **details(tree))

    assert (
        Exemplar.objects.count(),
        AuditEvent.objects.filter(action="exemplar.created").count(),
    ) == (
        int(allowed),
        int(allowed),
    )


def test_create_cleans_and_keeps_a_draft(tree: Tree) -> None:
    actor = make_user(Role.NHAP_LIEU, tree.unit)

    exemplar = exemplar_create(
        actor=actor,
        **details(
            tree,
            name="  Y  Nhung   Ksor ",
            public_name="",
            headline="Gương sáng ở Đăk Hà",
            phone="+84 905.123.456",
            id_number="062 190 001 234",
            facts="Dòng một\n\n  Dòng   hai  ",
        ),
    )

    assert (exemplar.status, exemplar.consent_status, exemplar.version) == (
        ExemplarStatus.DRAFT,
        ConsentStatus.NONE,
        1,
    )
    assert (exemplar.name, exemplar.public_name) == ("Y Nhung Ksor", "Y Nhung Ksor")
    assert (exemplar.phone, exemplar.id_number) == (PHONE, ID_NUMBER)
    assert exemplar.facts == ["Dòng một", "Dòng hai"]
    assert (
        exemplar.search_key
        == "y nhung ksor y nhung ksor guong sang o dak ha so noi vu tinh thu nghiem"
    )
    assert exemplar.created_by == actor


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Trường “Họ và tên hoặc tên tập thể” không được để trống."),
        ({"headline": ""}, "Trường “Tiêu đề” không được để trống."),
        (
            {"phone": "12345"},
            "Trường “Số điện thoại”: “12345” không phải số điện thoại Việt Nam (10 hoặc 11 chữ "
            "số, bắt đầu bằng 0).",
        ),
        (
            {"id_number": "0621900012"},
            "Trường “Số định danh cá nhân”: phải gồm đúng 12 chữ số (số căn cước, căn cước công "
            "dân).",
        ),
        (
            {"source": "bao_chi", "source_name": ""},
            "Trường “Tên cơ quan đề xuất” không được để trống khi điển hình do cơ quan báo chí "
            "đề xuất.",
        ),
        ({"year": 1900}, "Trường “Năm”: phải từ 1945 đến"),
        (
            {"birth_date": datetime.date(2100, 1, 1)},
            "Trường “Ngày sinh”: ngày 01/01/2100 không hợp lệ",
        ),
        (
            {"kind": "tap_the", "id_number": ID_NUMBER, "birth_date": None},
            "Trường “Số định danh cá nhân”: chỉ ghi cho điển hình là cá nhân.",
        ),
        ({"sector": "vu_tru"}, "Trường “Lĩnh vực”: giá trị “vu_tru” không hợp lệ."),
        ({"facts": ["x" * 301]}, "Trường “Thông tin, số liệu nổi bật”: mỗi dòng tối đa 300"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(
    tree: Tree, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        exemplar_create(actor=make_user(Role.NHAP_LIEU, tree.unit), **details(tree, **overrides))

    assert refused.value.message.startswith(message)
    assert (Exemplar.objects.count(), _exemplar_events()) == (0, 0)


def test_a_unit_cannot_propose_for_another_unit(tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        exemplar_create(
            actor=make_user(Role.NHAP_LIEU, tree.unit), **details(tree, unit=tree.other)
        )

    assert Exemplar.objects.count() == 0


# --- Workflow --------------------------------------------------------------------------------


def test_the_whole_way_to_publication(tree: Tree) -> None:
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    exemplar = exemplar_create(actor=proposer, **details(tree))

    exemplar = exemplar_submit(actor=proposer, exemplar=exemplar, expected_version=1)
    exemplar = exemplar_approve(actor=office, exemplar=exemplar, expected_version=2)
    exemplar = exemplar_consent_record(
        actor=proposer, exemplar=exemplar, consent_on=CONSENT_DAY, show_unit=False
    )
    exemplar = exemplar_publish(actor=office, exemplar=exemplar, expected_version=4)

    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.version, exemplar.approved_by) == (
        ExemplarStatus.PUBLISHED,
        5,
        office,
    )
    assert exemplar.published_at is not None
    assert exemplar.public_search_key == "chi y nhung nu y si hai muoi nam bam ban"
    assert list(
        AuditEvent.objects.filter(object_type="exemplars.exemplar", object_id=str(exemplar.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    ) == [
        "exemplar.created",
        "exemplar.submitted",
        "exemplar.approved",
        "exemplar.consent_recorded",
        "exemplar.published",
    ]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_only_the_office_covering_the_unit_approves(tree: Tree, case: str, make_actor: Any) -> None:
    exemplar = sent(tree)
    actor = make_actor(tree, Role.CHUYEN_VIEN_TDKT)
    allowed = case in ("right_role", "parent_unit")

    with nullcontext() if allowed else pytest.raises(PermissionDenied):
        exemplar_approve(actor=actor, exemplar=exemplar)

    exemplar.refresh_from_db()
    expected = ExemplarStatus.APPROVED if allowed else ExemplarStatus.SUBMITTED
    assert (exemplar.status, AuditEvent.objects.filter(action="exemplar.approved").count()) == (
        expected,
        int(allowed),
    )


def test_a_proposer_cannot_approve_or_publish(tree: Tree) -> None:
    exemplar = sent(tree)
    leader = make_user(Role.LANH_DAO_DON_VI, tree.unit)

    with pytest.raises(PermissionDenied):
        exemplar_approve(actor=leader, exemplar=exemplar)
    with pytest.raises(PermissionDenied):
        exemplar_publish(actor=leader, exemplar=exemplar)

    assert Exemplar.objects.get().status == ExemplarStatus.SUBMITTED


def test_publication_needs_consent(tree: Tree) -> None:
    exemplar = exemplar_approve(actor=None, exemplar=sent(tree))

    with pytest.raises(ApplicationError) as refused:
        exemplar_publish(actor=None, exemplar=exemplar)

    assert "Chưa có sự đồng ý công bố" in refused.value.message
    assert Exemplar.objects.get().status == ExemplarStatus.APPROVED


def test_the_database_refuses_a_published_model_without_consent(tree: Tree) -> None:
    exemplar = new_exemplar(tree)

    with pytest.raises(IntegrityError), transaction.atomic():
        Exemplar.objects.filter(pk=exemplar.pk).update(status=ExemplarStatus.PUBLISHED)


def test_consent_covers_the_text_the_person_saw(tree: Tree) -> None:
    exemplar = consented(sent(tree))
    exemplar = exemplar_return(actor=None, exemplar=exemplar, reason="Bổ sung số liệu")
    exemplar = exemplar_update(
        actor=None, exemplar=exemplar, **details(tree, story="Câu chuyện đã viết lại.")
    )
    exemplar = exemplar_approve(actor=None, exemplar=exemplar_submit(actor=None, exemplar=exemplar))

    with pytest.raises(ApplicationError) as refused:
        exemplar_publish(actor=None, exemplar=exemplar)
    again = exemplar_publish(actor=None, exemplar=consented(exemplar))

    assert (
        "đã thay đổi sau khi người được nêu gương đồng ý ngày 10/05/2024" in refused.value.message
    )
    assert again.status == ExemplarStatus.PUBLISHED


def test_withdrawing_consent_unpublishes_at_once(tree: Tree) -> None:
    exemplar = published(tree).exemplar
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    assert list(public_exemplars()) == [exemplar]

    withdrawn = exemplar_consent_withdraw(
        actor=proposer,
        exemplar=exemplar,
        withdrawn_on=datetime.date(2024, 6, 1),
        note="Gọi điện báo rút lại",
    )

    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.consent_status, withdrawn.consent_withdrawn_on) == (
        ExemplarStatus.UNPUBLISHED,
        ConsentStatus.WITHDRAWN,
        datetime.date(2024, 6, 1),
    )
    assert withdrawn.unpublish_reason == "Người được nêu gương rút lại sự đồng ý công bố."
    assert list(public_exemplars()) == []
    event = AuditEvent.objects.get(action="exemplar.consent_withdrawn")
    assert (event.before["status"], event.after["status"], event.after["unpublished"]) == (
        "published",
        "unpublished",
        True,
    )
    with pytest.raises(ApplicationError):
        exemplar_publish(actor=None, exemplar=withdrawn)


def test_withdrawal_cannot_predate_consent(tree: Tree) -> None:
    exemplar = consented(sent(tree))

    with pytest.raises(ApplicationError) as refused:
        exemplar_consent_withdraw(
            actor=None, exemplar=exemplar, withdrawn_on=datetime.date(2024, 1, 1)
        )

    assert refused.value.message == (
        "Trường “Ngày rút lại sự đồng ý”: ngày 01/01/2024 trước ngày đồng ý 10/05/2024."
    )
    assert Exemplar.objects.get().consent_status == ConsentStatus.GIVEN


def test_return_needs_a_reason_and_reopens_editing(tree: Tree) -> None:
    exemplar = sent(tree)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    with pytest.raises(ApplicationError) as refused:
        exemplar_return(actor=office, exemplar=exemplar, reason="  ")
    returned = exemplar_return(actor=office, exemplar=exemplar, reason="Thiếu ảnh, số liệu")

    assert refused.value.message == "Trường “Lý do trả lại” không được để trống."
    assert (returned.status, returned.return_reason) == (
        ExemplarStatus.RETURNED,
        "Thiếu ảnh, số liệu",
    )
    resent = exemplar_submit(actor=make_user(Role.NHAP_LIEU, tree.unit), exemplar=returned)
    assert (resent.status, resent.return_reason) == (ExemplarStatus.SUBMITTED, "")


def test_a_sent_model_is_not_edited_by_its_unit(tree: Tree) -> None:
    exemplar = sent(tree)

    with pytest.raises(ApplicationError) as refused:
        exemplar_update(
            actor=make_user(Role.NHAP_LIEU, tree.unit),
            exemplar=exemplar,
            **details(tree, headline="Tiêu đề mới"),
        )

    assert refused.value.message == (
        "Không sửa được: điển hình “Chị Y Nhung” đang ở trạng thái “Đã gửi, chờ duyệt”."
    )
    assert Exemplar.objects.get().headline != "Tiêu đề mới"


def test_submit_needs_a_story(tree: Tree) -> None:
    exemplar = new_exemplar(tree, story="")

    with pytest.raises(ApplicationError) as refused:
        exemplar_submit(actor=None, exemplar=exemplar)

    assert refused.value.extra == {"field": "story"}
    assert Exemplar.objects.get().status == ExemplarStatus.DRAFT


def test_a_stale_version_is_refused(tree: Tree) -> None:
    exemplar = new_exemplar(tree)
    exemplar_update(actor=None, exemplar=exemplar, expected_version=1, **details(tree))

    with pytest.raises(ConflictError):
        exemplar_submit(actor=None, exemplar=exemplar, expected_version=1)

    assert Exemplar.objects.get().status == ExemplarStatus.DRAFT


def test_unpublish_and_publish_again(tree: Tree) -> None:
    exemplar = published(tree).exemplar

    down = exemplar_unpublish(actor=None, exemplar=exemplar, reason="Cập nhật thông tin")
    assert (down.status, list(public_exemplars())) == (ExemplarStatus.UNPUBLISHED, [])
    up = exemplar_publish(actor=None, exemplar=down)

    assert (up.status, up.unpublish_reason, list(public_exemplars())) == (
        ExemplarStatus.PUBLISHED,
        "",
        [up],
    )


def test_the_audit_trail_never_holds_personal_details(tree: Tree) -> None:
    exemplar = published(tree).exemplar
    exemplar_return(
        actor=None,
        exemplar=exemplar_unpublish(actor=None, exemplar=exemplar, reason="Sửa"),
        reason="Sửa",
    )
    exemplar_update(actor=None, exemplar=exemplar, **details(tree, phone="0912000111"))

    dumped = json.dumps(
        list(AuditEvent.objects.values("before", "after", "note")), ensure_ascii=False
    )

    for secret in (PHONE, "0912000111", ID_NUMBER, ADDRESS, "1982-03-14"):
        assert secret not in dumped
    assert AuditEvent.objects.get(action="exemplar.updated").after["personal_fields_changed"] == [
        "phone"
    ]


# --- Links -----------------------------------------------------------------------------------


def _award(person: Any, award: str = "BANG_KHEN_TINH", year: int = 2024) -> AwardRecord:
    return award_record_create(
        actor=None,
        subject=person,
        year=year,
        award=award,
        award_type="phong_trao",
        decision_number=f"{year}0/QĐ-UBND",
        decision_date=datetime.date(year, 12, 27),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh",
    )


def _person(tree: Tree, name: str) -> Any:
    return person_create(
        actor=None, full_name=name, gender="nu", unit=tree.unit, category="truc_tiep"
    )


def test_links_to_the_persons_awards_and_movements(tree: Tree) -> None:
    exemplar = new_exemplar(tree)
    person = _person(tree, "Y Nhung Ksor")
    record = _award(person)
    movement = new_movement(tree)
    proposer = make_user(Role.NHAP_LIEU, tree.unit)

    exemplar_links_set(
        actor=proposer,
        exemplar=exemplar,
        person=person,
        award_records=[record],
        movements=[movement],
    )

    exemplar.refresh_from_db()
    assert (
        exemplar.person,
        list(exemplar.award_records.all()),
        list(exemplar.movements.all()),
    ) == (
        person,
        [record],
        [movement],
    )
    event = AuditEvent.objects.get(action="exemplar.links_set")
    assert (event.after["award_record_ids"], event.after["movement_ids"]) == (
        [record.pk],
        [movement.pk],
    )


def test_links_refuse_another_persons_award_a_revoked_one_and_a_draft_decision(tree: Tree) -> None:
    exemplar = new_exemplar(tree)
    person = _person(tree, "Y Nhung Ksor")
    stranger = _award(_person(tree, "Người Khác"))
    revoked = _award(person, year=2023)
    AwardRecord.objects.filter(pk=revoked.pk).update(
        revoked_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC), revocation_reason="Sai"
    )
    revoked.refresh_from_db()
    draft = Decision.objects.create(kind="khen_thuong", issuer=tree.province, title="Dự thảo")
    assert draft.status == DecisionStatus.DRAFT

    with pytest.raises(ApplicationError) as other:
        exemplar_links_set(actor=None, exemplar=exemplar, person=person, award_records=[stranger])
    with pytest.raises(ApplicationError) as gone:
        exemplar_links_set(actor=None, exemplar=exemplar, person=person, award_records=[revoked])
    with pytest.raises(ApplicationError) as unsigned:
        exemplar_links_set(actor=None, exemplar=exemplar, person=person, decisions=[draft])

    assert "không phải khen thưởng của cá nhân đã chọn" in other.value.message
    assert "đã bị thu hồi" in gone.value.message
    assert "còn là dự thảo" in unsigned.value.message
    assert (exemplar.award_records.count(), exemplar.decisions.count()) == (0, 0)


def test_links_refuse_a_movement_the_proposer_cannot_see(tree: Tree) -> None:
    exemplar = new_exemplar(tree)
    elsewhere = new_movement(tree, name="Phong trào của Sở B", launched_by=tree.other)

    with pytest.raises(ApplicationError) as refused:
        exemplar_links_set(
            actor=make_user(Role.NHAP_LIEU, tree.unit), exemplar=exemplar, movements=[elsewhere]
        )

    assert "bạn không xem được phong trào" in refused.value.message
    assert exemplar.movements.count() == 0


# --- Photos ----------------------------------------------------------------------------------


def test_a_photo_without_consent_is_never_approved(tree: Tree) -> None:
    photos = published(tree)

    with pytest.raises(ApplicationError) as refused:
        exemplar_photo_review(actor=None, photo=photos.hidden, approved=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExemplarPhoto.objects.filter(pk=photos.hidden.pk).update(approved=True)

    assert "chưa có sự đồng ý công bố của người trong ảnh" in refused.value.message


def test_withdrawing_a_photos_consent_takes_back_its_approval(tree: Tree) -> None:
    photos = published(tree)

    exemplar_photo_consent_set(
        actor=make_user(Role.NHAP_LIEU, tree.unit), photo=photos.shown, consent=False
    )

    photos.shown.refresh_from_db()
    assert (photos.shown.consent, photos.shown.approved) == (False, False)


def test_only_the_office_approves_photos(tree: Tree) -> None:
    photos = published(tree)

    with pytest.raises(PermissionDenied):
        exemplar_photo_review(
            actor=make_user(Role.LANH_DAO_DON_VI, tree.unit), photo=photos.shown, approved=False
        )

    photos.shown.refresh_from_db()
    assert photos.shown.approved is True
