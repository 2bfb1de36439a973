"""The registry through the pages and the API: who sees whom, search, a person's history and
the eligibility computed from it, query counts."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.services import award_record_revoke
from thidua.commendation.tests.test_registry_selectors import award, cstd_candidate, person

COVERED_URL_NAMES = [
    "commendation:person-list",
    "commendation:person-detail",
    "commendation:collective-detail",
]
COVERED_API_OPERATIONS = [
    "GET /api/v1/commendation/people",
    "GET /api/v1/commendation/people/{person_id}",
    "GET /api/v1/commendation/people/{person_id}/eligibility",
]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix(tree: Tree, login, case: str, make_actor: Any) -> None:
    someone = person(tree.unit, "Trần Văn Hùng")
    client = login(make_actor(tree, Role.NGUOI_XEM))

    listing = client.get(reverse("commendation:person-list"))
    detail = client.get(reverse("commendation:person-detail", args=[someone.pk]))

    sees = case in ("parent_unit", "right_role")
    assert listing.status_code == {"anonymous": 302, "no_role": 403}.get(case, 200)
    assert detail.status_code == {"anonymous": 302}.get(case, 200 if sees else 404)
    if listing.status_code == 200:
        assert ("Trần Văn Hùng" in listing.content.decode()) == sees


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix(tree: Tree, login, case: str, make_actor: Any) -> None:
    someone = cstd_candidate(tree.unit)
    client = login(make_actor(tree, Role.NGUOI_XEM))
    base = f"/api/v1/commendation/people/{someone.pk}"

    listing = client.get("/api/v1/commendation/people")
    detail = client.get(base)
    check = client.get(f"{base}/eligibility?award=CSTD_TINH&as_of=2025-01-15")

    sees = case in ("parent_unit", "right_role")
    assert listing.status_code == {"anonymous": 401, "no_role": 403}.get(case, 200)
    hidden = {"anonymous": 401}.get(case, 404)
    assert detail.status_code == (200 if sees else hidden)
    assert check.status_code == (200 if sees else hidden)
    if listing.status_code == 200:
        assert [p["full_name"] for p in listing.json()["items"]] == (
            ["Nguyễn Thị Mai"] if sees else []
        )


def test_search_ignores_diacritics(tree: Tree, login) -> None:
    person(tree.unit, "Nguyễn Văn An")
    person(tree.unit, "Lê Thị Bình")
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    page = client.get(reverse("commendation:person-list"), {"q": "nguyen van"}).content.decode()

    assert "Nguyễn Văn An" in page
    assert "Lê Thị Bình" not in page


def test_person_page_shows_history_and_checks_an_award(tree: Tree, login) -> None:
    someone = cstd_candidate(tree.unit)
    revoked = award(someone, 2020, "LDTT")
    award_record_revoke(actor=None, record=revoked, reason="Kê khai không trung thực.")
    client = login(make_user(Role.NGUOI_XEM, tree.unit))
    url = reverse("commendation:person-detail", args=[someone.pk])

    page = client.get(url, {"award": "CSTD_TINH", "as_of": "15/01/2025"}).content.decode()

    assert "Đủ điều kiện" in page
    assert "CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở — có 2022, 2023, 2024 ✓" in page
    assert "đã thu hồi" in page
    assert "Kê khai không trung thực." in page


def test_api_eligibility_matches_the_page(tree: Tree, login) -> None:
    someone = cstd_candidate(tree.unit)
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    base = f"/api/v1/commendation/people/{someone.pk}"

    result = client.get(f"{base}/eligibility?award=CSTD_TINH&as_of=2025-01-15").json()
    unknown = client.get(f"{base}/eligibility?award=CSTD&as_of=2025-01-15")
    detail = client.get(base).json()

    assert (result["eligible"], result["held"]) == (True, False)
    assert unknown.status_code == 400
    assert "không phải mã danh hiệu" in unknown.json()["message"]
    assert [a["award"] for a in detail["awards"]][:3] == ["CSTD_CO_SO"] * 3
    assert detail["unit_name"] == tree.unit.name


def test_list_query_count_does_not_grow(tree: Tree, login, django_assert_num_queries) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    person(tree.unit, "Người Thứ Nhất")
    url = reverse("commendation:person-list")
    # session, user, memberships, lineage walk, people with their units
    expected = 5
    with django_assert_num_queries(expected):
        client.get(url)
    for number in range(20):
        person(tree.other, f"Người Số {number}")
    with django_assert_num_queries(expected):
        client.get(url)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_collective_page_permission_matrix(tree: Tree, login, case: str, make_actor: Any) -> None:
    award(tree.unit, 2023, "GIAY_KHEN")
    client = login(make_actor(tree, Role.NGUOI_XEM))

    page = client.get(reverse("commendation:collective-detail", args=[tree.unit.pk]))
    found = client.get(reverse("commendation:person-list"), {"q": "so noi vu"})

    sees = case in ("parent_unit", "right_role")
    assert page.status_code == {"anonymous": 302}.get(case, 200 if sees else 404)
    if found.status_code == 200:
        assert ("Sở Nội vụ tỉnh Thử Nghiệm" in found.content.decode()) == sees


def test_collective_page_shows_the_carried_history_and_checks_an_award(tree: Tree, login) -> None:
    from thidua.org.services import orgunit_merge

    award(tree.unit, 2023, "GIAY_KHEN")
    merged = orgunit_merge(
        actor=None,
        units=[tree.unit, tree.other],
        into=tree.other,
        effective_date=datetime.date(2025, 7, 1),
    )
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    page = client.get(
        reverse("commendation:collective-detail", args=[merged.pk]),
        {"award": "TTLDTT", "as_of": "15/12/2025"},
    ).content.decode()

    assert "Giấy khen" in page
    assert "Sở Nội vụ tỉnh Thử Nghiệm" in page  # the predecessor that received it
    assert "Chưa đủ điều kiện" in page
    assert "TTLĐTT: cần tập thể xếp loại từ HTTNV trở lên năm 2025 — chưa có xếp loại" in page
