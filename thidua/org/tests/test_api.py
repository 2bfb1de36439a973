"""Org API: permission matrix, as-of listing, lineage in the detail, errors, query counts."""

import datetime

import pytest

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.services import api_token_create
from thidua.org.services import orgunit_rename

API_EXPECTED = {
    "anonymous": 401,
    "no_role": 403,
    "other_unit": 200,
    "parent_unit": 200,
    "right_role": 200,
}
COVERED_API_OPERATIONS = ["GET /api/v1/org/units", "GET /api/v1/org/units/{unit_id}"]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize("which", ["list", "detail"])
def test_org_api_permission_matrix(tree: Tree, login, case, make_actor, which) -> None:
    client = login(make_actor(tree, Role.NGUOI_XEM))
    url = "/api/v1/org/units" if which == "list" else f"/api/v1/org/units/{tree.unit.pk}"

    response = client.get(url)

    assert response.status_code == API_EXPECTED[case]
    if response.status_code != 200:
        assert response.json()["message"]


def test_list_as_of_either_side_of_a_rename(tree: Tree, login) -> None:
    renamed = orgunit_rename(
        actor=None, unit=tree.other, name="Sở Y tế mới", effective_date=datetime.date(2025, 7, 1)
    )
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    before = client.get("/api/v1/org/units", {"as_of": "2024-12-31"}).json()
    after = client.get("/api/v1/org/units", {"as_of": "2025-07-01", "q": "so y te"}).json()

    assert "Sở Y tế tỉnh Thử Nghiệm" in [item["name"] for item in before["items"]]
    old = next(item for item in before["items"] if item["id"] == tree.other.pk)
    assert old["successor_ids"] == [renamed.pk]
    assert after["count"] == 1
    assert after["items"][0]["name"] == "Sở Y tế mới"
    assert after["items"][0]["predecessor_ids"] == [tree.other.pk]


def test_detail_shows_predecessors_and_successors(tree: Tree, login) -> None:
    renamed = orgunit_rename(
        actor=None,
        unit=tree.other,
        name="Sở Y tế mới",
        effective_date=datetime.date(2025, 7, 1),
        legal_basis="Quyết định số 5/QĐ-UBND",
    )
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    old = client.get(f"/api/v1/org/units/{tree.other.pk}").json()
    new = client.get(f"/api/v1/org/units/{renamed.pk}").json()

    assert [
        (s["unit"]["name"], s["event"]["kind"], s["event"]["legal_basis"])
        for s in old["successors"]
    ] == [("Sở Y tế mới", "rename", "Quyết định số 5/QĐ-UBND")]
    assert [s["unit"]["id"] for s in new["predecessors"]] == [tree.other.pk]
    assert new["ancestors"][0]["name"] == "Tỉnh Thử Nghiệm"
    assert new["kind_label"] == "Sở, ban, ngành"


def test_bad_date_gets_vietnamese_message(tree: Tree, login) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    response = client.get("/api/v1/org/units", {"as_of": "31/12/2024"})

    assert response.status_code == 422
    assert response.json()["message"] == "Dữ liệu gửi lên không hợp lệ ở trường: as_of."


def test_unknown_unit_is_404_with_message(tree: Tree, login) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    response = client.get("/api/v1/org/units/999999")

    assert response.status_code == 404
    assert response.json()["message"].startswith("Không tìm thấy")


def test_token_auth(tree: Tree, client) -> None:
    user = make_user(Role.NGUOI_XEM, tree.province)
    _token, raw = api_token_create(actor=user, user=user, name="Đồng bộ")

    ok = client.get("/api/v1/org/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    bad = client.get("/api/v1/org/units", HTTP_AUTHORIZATION="Bearer td_sai")

    assert (ok.status_code, bad.status_code) == (200, 401)


def test_list_query_count_does_not_grow(tree: Tree, login, django_assert_num_queries) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))
    # session, user, memberships, lineage walk, count, page, two prefetches
    expected = 8
    with django_assert_num_queries(expected):
        client.get("/api/v1/org/units")
    for number in range(25):
        make_unit(f"Xã {number}", kind="xa", parent=tree.province)
    with django_assert_num_queries(expected):
        assert client.get("/api/v1/org/units").json()["count"] == 29


def test_openapi_is_public(client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert "/api/v1/org/units" in response.json()["paths"]
