"""Registry services: validation in Vietnamese naming the field, audit, permissions on the
unit subtree, one use per initiative, revocation kept but no longer counted."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import CSTD_CO_SO, CSTD_TINH, LDTT
from thidua.commendation.eligibility import evaluate
from thidua.commendation.models import AwardRecord, Hold, PerformanceRating, Person
from thidua.commendation.selectors import subject_for
from thidua.commendation.services import (
    award_record_create,
    award_record_revoke,
    discipline_record_create,
    hold_close,
    hold_create,
    household_create,
    initiative_create,
    initiative_mark_used,
    person_create,
    rating_set,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent

AS_OF = datetime.date(2024, 12, 15)


def new_person(unit: Any, name: str = "Nguyễn Văn A", gender: str = "nam", **extra: Any) -> Person:
    return person_create(
        actor=None,
        full_name=name,
        gender=gender,
        unit=unit,
        category=extra.pop("category", "truc_tiep"),
        **extra,
    )


def award(subject: Any, year: int, code: str, award_type: str = "phong_trao") -> AwardRecord:
    return award_record_create(
        actor=None,
        subject=subject,
        year=year,
        award=code,
        award_type=award_type,
        decision_number=f"{year}/QĐ-UBND",
        decision_date=datetime.date(year, 12, 1),
        issuer="Chủ tịch UBND tỉnh",
    )


def test_person_create_cleans_indexes_and_audits(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)

    person = person_create(
        actor=office,
        full_name="  Nguyễn   Thị Hoà ",
        gender="nu",
        unit=tree.child,
        category="lanh_dao_khac",
        birth_year=1980,
        position="Trưởng phòng",
    )

    # One tone placement for every stored name: "Hoà" is kept as "Hòa".
    assert (person.full_name, person.search_key) == ("Nguyễn Thị Hòa", "nguyen thi hoa")
    event = AuditEvent.objects.get(action="person.created")
    assert (event.actor, event.unit, event.object_id) == (office, tree.child, str(person.pk))
    assert event.after["full_name"] == "Nguyễn Thị Hòa"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": "  "}, "Họ và tên"),
        ({"gender": "khac"}, "Giới tính"),
        ({"category": "nong_dan"}, "Đối tượng thống kê"),
        ({"birth_year": 1800}, "Năm sinh"),
    ],
)
def test_person_create_names_the_bad_field(tree: Tree, changes: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {
        "full_name": "Trần Văn B",
        "gender": "nam",
        "unit": tree.unit,
        "category": "truc_tiep",
        **changes,
    }
    with pytest.raises(ApplicationError) as error:
        person_create(actor=None, **values)
    assert f"“{field}”" in error.value.message
    assert error.value.extra == {"field": field}
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="person.created").exists()


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
def test_manage_registry_needs_office_role_on_the_subtree(
    tree: Tree, case: str, allowed: bool
) -> None:
    make_actor = dict[str, Any](PERMISSION_CASES)[case]
    actor = make_actor(tree, Role.CHUYEN_VIEN_TDKT)
    person = new_person(tree.child)

    def write() -> None:
        rating_set(actor=actor, subject=person, year=2024, rating="HTTNV")

    if allowed:
        write()
        assert PerformanceRating.objects.filter(person=person).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            write()
        assert not PerformanceRating.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="rating.").exists()


@pytest.mark.parametrize("role", [Role.NHAP_LIEU, Role.LANH_DAO_DON_VI, Role.NGUOI_XEM])
def test_non_office_roles_on_the_unit_cannot_write(tree: Tree, role: str) -> None:
    actor = make_user(role, tree.unit)
    with pytest.raises(PermissionDenied):
        new_person_as(actor, tree)
    assert not Person.objects.exists()


def new_person_as(actor: Any, tree: Tree) -> Person:
    return person_create(
        actor=actor, full_name="Lê Văn C", gender="nam", unit=tree.unit, category="truc_tiep"
    )


def test_rating_set_replaces_the_years_rating(tree: Tree) -> None:
    person = new_person(tree.unit)
    rating_set(actor=None, subject=person, year=2024, rating="HTTNV")
    record = rating_set(actor=None, subject=person, year=2024, rating="HTXSNV")

    assert list(PerformanceRating.objects.values_list("year", "rating")) == [(2024, "HTXSNV")]
    assert list(
        AuditEvent.objects.filter(action__startswith="rating.", object_id=str(record.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["rating.set", "rating.replaced"]
    replaced = AuditEvent.objects.get(action="rating.replaced")
    assert (replaced.before["rating"], replaced.after["rating"]) == ("HTTNV", "HTXSNV")


def test_rating_set_refuses_an_unknown_rating(tree: Tree) -> None:
    with pytest.raises(ApplicationError, match="“Xếp loại”"):
        rating_set(actor=None, subject=tree.unit, year=2024, rating="TOT")


def test_records_belong_to_exactly_one_subject(tree: Tree) -> None:
    person = new_person(tree.unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        PerformanceRating.objects.create(
            person=person, collective=tree.unit, year=2024, rating="HTNV"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PerformanceRating.objects.create(year=2024, rating="HTNV")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"award": "HUAN_CHUONG_VANG"}, "Danh hiệu, hình thức"),
        ({"award_type": "thuong_xuyen"}, "Loại hình"),
        ({"decision_number": ""}, "Số quyết định"),
        ({"issuer": " "}, "Cơ quan, người ký quyết định"),
        ({"decision_date": datetime.date(2023, 5, 1)}, "Ngày quyết định"),
        ({"year": 1900}, "Năm thành tích"),
    ],
)
def test_award_record_create_names_the_bad_field(
    tree: Tree, changes: dict[str, Any], field: str
) -> None:
    person = new_person(tree.unit)
    values: dict[str, Any] = {
        "subject": person,
        "year": 2024,
        "award": LDTT,
        "award_type": "phong_trao",
        "decision_number": "12/QĐ-SNV",
        "decision_date": datetime.date(2024, 12, 20),
        "issuer": "Giám đốc Sở Nội vụ",
        **changes,
    }
    with pytest.raises(ApplicationError) as error:
        award_record_create(actor=None, **values)
    assert f"“{field}”" in error.value.message
    assert not AwardRecord.objects.exists()


def test_award_record_create_checks_the_subject_kind_and_duplicates(tree: Tree) -> None:
    with pytest.raises(ApplicationError, match="không dành cho tập thể"):
        award(tree.unit, 2024, LDTT)
    person = new_person(tree.unit)
    record = award(person, 2024, "ldtt")
    assert record.award == LDTT
    with pytest.raises(ApplicationError, match="đã có Lao động tiên tiến năm 2024"):
        award(person, 2024, LDTT)
    event = AuditEvent.objects.get(action="award_record.created")
    assert (event.unit, event.after["award"], event.after["person_id"]) == (
        tree.unit,
        LDTT,
        person.pk,
    )


def test_revocation_keeps_the_row_and_needs_a_reason(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    record = award(new_person(tree.unit), 2024, LDTT)

    with pytest.raises(ApplicationError, match="“Lý do thu hồi”"):
        award_record_revoke(actor=office, record=record, reason="  ")
    revoked = award_record_revoke(actor=office, record=record, reason="Khai man thành tích")

    stored = AwardRecord.objects.get(pk=record.pk)
    assert stored.is_revoked
    assert (stored.revocation_reason, revoked.revoked_at) == (
        "Khai man thành tích",
        stored.revoked_at,
    )
    event = AuditEvent.objects.get(action="award_record.revoked")
    assert (event.before["revoked_at"], event.note) == (None, "Khai man thành tích")
    with pytest.raises(ApplicationError, match="đã bị thu hồi"):
        award_record_revoke(actor=office, record=record, reason="Lần nữa")


def test_revocation_is_refused_outside_the_subtree(tree: Tree) -> None:
    record = award(new_person(tree.unit), 2024, LDTT)
    with pytest.raises(PermissionDenied):
        award_record_revoke(
            actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.other), record=record, reason="Sai"
        )
    assert AwardRecord.objects.get(pk=record.pk).revoked_at is None


def cstd_tinh_candidate(tree: Tree) -> tuple[Person, list[AwardRecord]]:
    person = new_person(tree.unit)
    awards = []
    for year in (2022, 2023, 2024):
        rating_set(actor=None, subject=person, year=year, rating="HTXSNV")
        awards.append(award(person, year, CSTD_CO_SO))
    initiative_create(
        actor=None,
        person=person,
        title="Số hóa hồ sơ thi đua",
        year=2024,
        scope="tinh",
        recognised_by="Hội đồng sáng kiến tỉnh",
    )
    return person, awards


def test_revoked_award_no_longer_counts_for_eligibility(tree: Tree) -> None:
    person, awards = cstd_tinh_candidate(tree)
    assert evaluate(subject_for(person, AS_OF), CSTD_TINH, AS_OF).eligible

    award_record_revoke(actor=None, record=awards[1], reason="Thu hồi theo Điều 93")

    subject = subject_for(person, AS_OF)
    assert [item.year for item in subject.awards] == [2022, 2024]
    result = evaluate(subject, CSTD_TINH, AS_OF)
    assert not result.eligible
    failed = [c for c in result.criteria if not c.passed]
    assert [c.code for c in failed] == ["cstd_co_so_lien_tuc"]


def test_an_initiative_is_used_once(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)
    person, awards = cstd_tinh_candidate(tree)
    initiative = initiative_create(
        actor=office, person=person, title="Sáng kiến hai", year=2023, scope="co_so"
    )

    used = initiative_mark_used(actor=office, initiative=initiative, award_record=awards[1])

    assert used.used_for_award == awards[1]
    event = AuditEvent.objects.get(action="initiative.used")
    assert event.after == {"used_for_award_id": awards[1].pk}
    with pytest.raises(ApplicationError, match="đã được dùng cho CSTD_CO_SO năm 2023"):
        initiative_mark_used(actor=office, initiative=initiative, award_record=awards[2])
    assert AuditEvent.objects.filter(action="initiative.used").count() == 1
    built = subject_for(person, AS_OF).initiatives
    assert [(item.year, item.used_for) for item in built] == [
        (2023, "CSTD_CO_SO:2023"),
        (2024, None),
    ]


def test_an_initiative_serves_only_its_authors_awards(tree: Tree) -> None:
    author, _awards = cstd_tinh_candidate(tree)
    other = new_person(tree.unit, name="Phạm Thị D", gender="nu")
    initiative = initiative_create(
        actor=None, person=author, title="Sáng kiến ba", year=2024, scope="co_so"
    )
    with pytest.raises(ApplicationError, match="chính tác giả"):
        initiative_mark_used(
            actor=None, initiative=initiative, award_record=award(other, 2024, LDTT)
        )


def test_initiative_create_names_the_bad_field(tree: Tree) -> None:
    person = new_person(tree.unit)
    with pytest.raises(ApplicationError, match="“Phạm vi ảnh hưởng”"):
        initiative_create(actor=None, person=person, title="X", year=2024, scope="huyen")
    with pytest.raises(ApplicationError, match="“Tên sáng kiến, đề tài”"):
        initiative_create(actor=None, person=person, title="", year=2024, scope="tinh")


def test_discipline_and_holds_validate_their_periods(tree: Tree) -> None:
    person = new_person(tree.unit)
    with pytest.raises(ApplicationError, match="“Đến ngày”"):
        discipline_record_create(
            actor=None,
            person=person,
            level="canh_cao",
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 4, 1),
        )
    with pytest.raises(ApplicationError, match="“Hình thức kỷ luật”"):
        discipline_record_create(
            actor=None, person=person, level="nhac_nho", starts_on=datetime.date(2024, 5, 1)
        )
    with pytest.raises(ApplicationError, match="“Loại tạm hoãn”"):
        hold_create(actor=None, subject=person, kind="khac", since=datetime.date(2024, 5, 1))


def test_hold_holds_until_closed(tree: Tree) -> None:
    person, _awards = cstd_tinh_candidate(tree)
    hold = hold_create(
        actor=None,
        subject=person,
        kind="investigation",
        since=datetime.date(2024, 11, 1),
        note="Đang xác minh đơn",
    )
    result = evaluate(subject_for(person, AS_OF), CSTD_TINH, AS_OF)
    assert (result.eligible, result.held) == (False, True)

    hold_close(actor=None, hold=hold, until=datetime.date(2024, 12, 1))

    assert Hold.objects.get(pk=hold.pk).until == datetime.date(2024, 12, 1)
    assert evaluate(subject_for(person, AS_OF), CSTD_TINH, AS_OF).eligible
    assert list(
        AuditEvent.objects.filter(action__startswith="hold.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["hold.created", "hold.closed"]


def test_household_create_audits_and_checks_the_commune(tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        household_create(
            actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.other),
            head_name="Y Bih",
            unit=tree.unit,
        )
    household = household_create(
        actor=None, head_name="Y Bih", address="Thôn Kon Klor", unit=tree.unit
    )
    assert household.search_key == "y bih thon kon klor"
    assert AuditEvent.objects.filter(action="household.created").count() == 1
    record = award(household, 2024, "GIAY_KHEN")
    assert record.household == household
