"""Org pages: permission matrix for every page, as-of browsing, lineage, changes, query counts."""

import datetime

import pytest
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.core.models import AuditEvent
from thidua.org.models import OrgUnit
from thidua.org.services import orgunit_rename

VIEW_EXPECTED = {
    "anonymous": 302,
    "no_role": 403,
    "other_unit": 200,
    "parent_unit": 200,
    "right_role": 200,
}
CHANGE_EXPECTED = {
    "anonymous": 302,
    "no_role": 403,
    "other_unit": 403,
    "parent_unit": 200,
    "right_role": 200,
}
CHANGE_PAGES = [
    "org:unit-rename",
    "org:unit-move",
    "org:unit-merge",
    "org:unit-split",
    "org:unit-dissolve",
    "org:unit-create-child",
    "org:unit-correct",
]
COVERED_URL_NAMES = ["org:unit-tree", "org:unit-detail", *CHANGE_PAGES]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize("url_name", ["org:unit-tree", "org:unit-detail"])
def test_view_pages_permission_matrix(tree: Tree, login, case, make_actor, url_name) -> None:
    client = login(make_actor(tree, Role.NGUOI_XEM))
    url = reverse(url_name, kwargs={"pk": tree.unit.pk} if url_name.endswith("detail") else {})

    response = client.get(url)

    assert response.status_code == VIEW_EXPECTED[case]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize("url_name", CHANGE_PAGES)
def test_change_pages_permission_matrix(tree: Tree, login, case, make_actor, url_name) -> None:
    client = login(make_actor(tree, Role.QUAN_TRI))

    response = client.get(reverse(url_name, kwargs={"pk": tree.unit.pk}))

    assert response.status_code == CHANGE_EXPECTED[case]


def test_change_page_refuses_a_viewer_on_the_unit(tree: Tree, login) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.unit))

    response = client.get(reverse("org:unit-rename", kwargs={"pk": tree.unit.pk}))

    assert response.status_code == 403


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_rename_post_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.QUAN_TRI))
    counts = (OrgUnit.objects.count(), AuditEvent.objects.count())

    response = client.post(
        reverse("org:unit-rename", kwargs={"pk": tree.unit.pk}),
        {"name": "Sở Nội vụ mới", "effective_date": "01/07/2025", "legal_basis": "QĐ 1/QĐ-UBND"},
    )

    tree.unit.refresh_from_db()
    allowed = CHANGE_EXPECTED[case] == 200
    assert response.status_code == (302 if allowed else CHANGE_EXPECTED[case])
    assert (tree.unit.valid_to is not None) is allowed
    assert ((OrgUnit.objects.count(), AuditEvent.objects.count()) != counts) is allowed


def test_rename_form_shows_service_error_in_vietnamese(tree: Tree, login) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))

    response = client.post(
        reverse("org:unit-rename", kwargs={"pk": tree.unit.pk}),
        {"name": "Sở Nội vụ mới", "effective_date": "01/01/2023"},
    )

    assert response.status_code == 200
    assert "phải sau ngày đơn vị" in response.content.decode()
    tree.unit.refresh_from_db()
    assert tree.unit.valid_to is None


def test_date_field_explains_bad_dates(tree: Tree, login) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))

    response = client.post(
        reverse("org:unit-rename", kwargs={"pk": tree.unit.pk}),
        {"name": "X", "effective_date": "31/02/2025"},
    )

    assert "Ngày &quot;31/02/2025&quot; không hợp lệ" in response.content.decode()


def test_merge_page_creates_new_unit(tree: Tree, login) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))

    response = client.post(
        reverse("org:unit-merge", kwargs={"pk": tree.unit.pk}),
        {
            "effective_date": "01/07/2025",
            "others": [tree.other.pk],
            "mode": "new",
            "new_name": "Sở Hợp nhất",
            "new_kind": "so_ban_nganh",
            "new_parent": tree.province.pk,
        },
    )

    merged = OrgUnit.objects.get(name="Sở Hợp nhất")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit-detail", kwargs={"pk": merged.pk})


def test_tree_page_as_of_dates(tree: Tree, login) -> None:
    orgunit_rename(
        actor=None, unit=tree.other, name="Sở Y tế mới", effective_date=datetime.date(2025, 7, 1)
    )
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    before = client.get(reverse("org:unit-tree"), {"ngay": "31/12/2024"}).content.decode()
    after = client.get(reverse("org:unit-tree"), {"ngay": "2025-07-01"}).content.decode()

    assert "Sở Y tế tỉnh Thử Nghiệm" in before
    assert "Sở Y tế mới" not in before
    assert "Sở Y tế mới" in after
    assert "Sở Y tế tỉnh Thử Nghiệm" not in after
    assert "Tổ chức tại ngày 01/07/2025" in after


def test_tree_page_search_without_diacritics(tree: Tree, login) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    page = client.get(reverse("org:unit-tree"), {"q": "phong thi dua"}).content.decode()

    assert "Phòng Thi đua - Khen thưởng" in page
    assert "Sở Nội vụ tỉnh Thử Nghiệm" in page  # shown as the result's parent


def test_detail_page_shows_lineage_both_ways(tree: Tree, login) -> None:
    renamed = orgunit_rename(
        actor=None, unit=tree.other, name="Sở Y tế mới", effective_date=datetime.date(2025, 7, 1)
    )
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    old_page = client.get(reverse("org:unit-detail", kwargs={"pk": tree.other.pk})).content.decode()
    new_page = client.get(reverse("org:unit-detail", kwargs={"pk": renamed.pk})).content.decode()

    assert "Sở Y tế mới" in old_page
    assert "Đã hết hiệu lực" in old_page
    assert "Đổi tên · 01/07/2025" in old_page
    assert "Sở Y tế tỉnh Thử Nghiệm" in new_page
    assert "Đang hoạt động" in new_page


def _tree_queries(client, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert client.get(reverse("org:unit-tree")).status_code == 200


def test_tree_page_query_count_does_not_grow(tree: Tree, login, django_assert_num_queries) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))
    expected = 5  # session, user, memberships, lineage walk, units
    _tree_queries(client, django_assert_num_queries, expected)

    for number in range(30):
        make_unit(f"Xã số {number}", kind="xa", parent=tree.province)

    _tree_queries(client, django_assert_num_queries, expected)
