"""The audit trail: what it records, who reads it, and that unit roles never see other units."""

import datetime

import pytest
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.models import AuditEvent
from thidua.core.selectors import audit_event_list_for
from thidua.org.services import orgunit_rename

COVERED_URL_NAMES = ["core:home", "core:audit-list"]
COVERED_API_OPERATIONS = ["GET /api/v1/audit/events"]
D2025 = datetime.date(2025, 7, 1)


def rename_two(tree: Tree):
    """Rename one unit inside tree.unit and one outside it."""
    actor = make_user(Role.QUAN_TRI, tree.province)
    unit_change = orgunit_rename(
        actor=actor, unit=tree.child, name="Phòng mới", effective_date=D2025
    )
    other_change = orgunit_rename(
        actor=actor, unit=tree.other, name="Sở Y tế mới", effective_date=D2025
    )
    return unit_change, other_change


@pytest.fixture
def renamed(tree: Tree):
    return rename_two(tree)


def test_audit_record_has_actor_time_before_after(tree: Tree, renamed) -> None:
    event = AuditEvent.objects.get(action="org_unit.renamed", object_id=str(renamed[0].pk))

    assert event.actor_name.startswith("Người dùng")
    assert event.before["name"] == "Phòng Thi đua - Khen thưởng"
    assert event.after["name"] == "Phòng mới"
    assert event.unit_path.startswith(tree.unit.path)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_audit_page_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.LANH_DAO_DON_VI))
    rename_two(tree)

    response = client.get(reverse("core:audit-list"))

    expected = {
        "anonymous": 302,
        "no_role": 403,
        "other_unit": 200,
        "parent_unit": 200,
        "right_role": 200,
    }
    assert response.status_code == expected[case]
    if response.status_code == 200:
        page = response.content.decode()
        sees_unit = "Phòng mới" in page
        assert sees_unit is (case in {"parent_unit", "right_role"})
        assert ("Sở Y tế mới" in page) is (case in {"parent_unit", "other_unit"})


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_audit_api_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    rename_two(tree)

    response = client.get("/api/v1/audit/events")

    expected = {
        "anonymous": 401,
        "no_role": 403,
        "other_unit": 200,
        "parent_unit": 200,
        "right_role": 200,
    }
    assert response.status_code == expected[case]
    if response.status_code == 200:
        names = {item["object_repr"] for item in response.json()["items"]}
        assert ("Phòng mới" in names) is (case in {"parent_unit", "right_role"})


def test_reporter_role_cannot_read_audit(tree: Tree, renamed, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))

    assert client.get(reverse("core:audit-list")).status_code == 403


def test_unit_roles_never_see_entries_without_unit(tree: Tree) -> None:
    from thidua.core.services import audit_record

    audit_record(actor=None, action="user.created", object_type="accounts.user", object_id="1")
    reader = make_user(Role.QUAN_TRI, tree.province)

    assert list(audit_event_list_for(user=reader).filter(action="user.created")) == []
    assert (
        audit_event_list_for(user=make_user(is_superuser=True))
        .filter(action="user.created")
        .count()
        == 1
    )


def test_audit_filters(tree: Tree, renamed, login) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))

    page = client.get(reverse("core:audit-list"), {"action": "org_unit.renamed"}).content.decode()
    empty = client.get(reverse("core:audit-list"), {"date_to": "01/01/2020"}).content.decode()

    assert "2 bản ghi" in page
    assert "Không có bản ghi nào" in empty


def test_audit_page_query_count(tree: Tree, renamed, login, django_assert_num_queries) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))
    # session, user, memberships, lineage walk, count, page rows
    with django_assert_num_queries(6):
        client.get(reverse("core:audit-list"))
    orgunit_rename(actor=None, unit=tree.unit, name="Sở Nội vụ mới", effective_date=D2025)
    with django_assert_num_queries(6):
        client.get(reverse("core:audit-list"))


def test_audit_search_ignores_diacritics(tree: Tree, renamed, login) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))

    found = client.get(reverse("core:audit-list"), {"query": "so y te moi"}).content.decode()
    api = client.get("/api/v1/audit/events", {"query": "PHONG MOI"}).json()

    assert "1 bản ghi" in found
    assert [item["object_repr"] for item in api["items"]] == ["Phòng mới"]


def test_services_called_inside_audit_nested_are_counted_in_one_record(db) -> None:
    from thidua.core.services import audit_nested, audit_record, audit_summary

    with audit_nested() as outer:
        audit_record(
            actor=None, action="holiday.created", object_type="core.holiday", object_id="1"
        )
        with audit_nested() as inner:
            audit_record(actor=None, action="holiday.created", object_type="x", object_id="2")
            audit_record(actor=None, action="holiday.renamed", object_type="x", object_id="2")
        assert len(inner) == 2
    audit_record(
        actor=None, action="holidays.imported", object_type="x", after=audit_summary(outer)
    )

    event = AuditEvent.objects.get()
    assert event.action == "holidays.imported"
    assert event.after == {
        "counts": {"holiday.created": 2, "holiday.renamed": 1},
        "objects": {"holiday.created": ["1", "2"], "holiday.renamed": ["2"]},
    }


def test_a_long_audit_list_counts_only_up_to_its_cap(tree: Tree, login, monkeypatch) -> None:
    from thidua.core import views
    from thidua.core.pagination import CappedPaginator
    from thidua.core.services import audit_record

    for number in range(7):
        audit_record(
            actor=None, action="user.created", object_type="accounts.user", object_id=str(number)
        )
    events = AuditEvent.objects.filter(action="user.created").order_by("-at", "-pk")

    capped = CappedPaginator(events, 2, cap=5)
    exact = CappedPaginator(events, 2, cap=7)

    assert (capped.count, capped.num_pages, capped.capped) == (5, 3, True)
    assert (exact.count, exact.num_pages, exact.capped) == (7, 4, False)
    assert [event.object_id for event in capped.page(3).object_list] == ["2"]

    monkeypatch.setattr(views, "CappedPaginator", lambda rows, size: CappedPaginator(rows, 2, 5))
    # The tree's units were created with audit records too: the list holds more than 5.
    client = login(make_user(is_superuser=True))
    text = client.get(reverse("core:audit-list")).content.decode()
    assert "Hơn 5 bản ghi; danh sách chỉ hiện 5 bản ghi mới nhất" in text
    assert "Trang 1/3" in text
