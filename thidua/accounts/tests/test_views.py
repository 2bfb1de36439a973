"""Account pages and API: permission matrix, sign-in, lockout, tokens, role administration."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD, PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, Membership

ADMIN_EXPECTED = {
    "anonymous": 302,
    "no_role": 403,
    "other_unit": 200,
    "parent_unit": 200,
    "right_role": 200,
}
COVERED_URL_NAMES = [
    "accounts:login",
    "accounts:logout",
    "accounts:my-account",
    "accounts:password-change",
    "accounts:token-revoke",
    "accounts:user-list",
    "accounts:user-detail",
    "accounts:user-toggle-active",
    "accounts:membership-revoke",
]
COVERED_API_OPERATIONS = ["GET /api/v1/accounts/me"]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_user_admin_pages_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    actor = make_actor(tree, Role.QUAN_TRI)
    client = login(actor)
    subject = make_user(Role.NHAP_LIEU, tree.unit)

    listing = client.get(reverse("accounts:user-list"))
    detail = client.get(reverse("accounts:user-detail", kwargs={"pk": subject.pk}))

    # An administrator of another unit can list accounts but not open one outside their units.
    detail_expected = 403 if case == "other_unit" else ADMIN_EXPECTED[case]
    assert (listing.status_code, detail.status_code) == (ADMIN_EXPECTED[case], detail_expected)
    if listing.status_code == 200:
        assert (subject.username in listing.content.decode()) is (case != "other_unit")


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_membership_revoke_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.QUAN_TRI))
    membership = Membership.objects.get(user=make_user(Role.NHAP_LIEU, tree.unit))

    response = client.post(reverse("accounts:membership-revoke", kwargs={"pk": membership.pk}))

    expected = {
        "anonymous": 302,
        "no_role": 403,
        "other_unit": 403,
        "parent_unit": 302,
        "right_role": 302,
    }
    assert response.status_code == expected[case]
    assert Membership.objects.filter(pk=membership.pk).exists() is (
        case in {"anonymous", "no_role", "other_unit"}
    )


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_user_toggle_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.QUAN_TRI))
    subject = make_user()

    response = client.post(reverse("accounts:user-toggle-active", kwargs={"pk": subject.pk}))

    subject.refresh_from_db()
    expected = {
        "anonymous": 302,
        "no_role": 403,
        "other_unit": 302,
        "parent_unit": 302,
        "right_role": 302,
    }
    assert response.status_code == expected[case]
    assert subject.is_active is (case in {"anonymous", "no_role"})


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize("url_name", ["accounts:my-account", "accounts:password-change"])
def test_own_account_pages_need_login_only(tree: Tree, login, case, make_actor, url_name) -> None:
    client = login(make_actor(tree, Role.NGUOI_XEM))

    response = client.get(reverse(url_name))

    assert response.status_code == (302 if case == "anonymous" else 200)


def test_token_revoke_only_own_tokens(tree: Tree, login) -> None:
    owner = make_user(Role.NGUOI_XEM, tree.unit)
    client = login(owner)
    client.post(reverse("accounts:my-account"), {"name": "Máy chủ báo cáo"})
    token = ApiToken.objects.get(user=owner)

    stranger = login(make_user(Role.QUAN_TRI, tree.province))
    assert (
        stranger.post(reverse("accounts:token-revoke", kwargs={"pk": token.pk})).status_code == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None

    client.force_login(owner)
    assert client.post(reverse("accounts:token-revoke", kwargs={"pk": token.pk})).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_shown_once_on_creation(tree: Tree, login) -> None:
    client = login(make_user())

    page = client.post(reverse("accounts:my-account"), {"name": "Kết nối"}).content.decode()
    raw = re.search(r'<code class="token">(td_[^<]+)</code>', page)

    assert raw is not None
    assert ApiToken.objects.get().digest == ApiToken.digest_of(raw.group(1))
    assert raw.group(1) not in client.get(reverse("accounts:my-account")).content.decode()


def test_login_logout_and_login_page(tree: Tree, client) -> None:
    user = make_user(Role.NGUOI_XEM, tree.unit)

    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"] == user
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:my-account")).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures(tree: Tree, client) -> None:
    user = make_user(Role.NGUOI_XEM, tree.unit)

    for _attempt in range(3):
        client.post(
            reverse("accounts:login"), {"username": user.username, "password": "sai-mat-khau"}
        )
    locked = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )

    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()


def test_password_change_page(tree: Tree, login) -> None:
    user = make_user()
    client = login(user)

    wrong = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password": "Moi-2025-abcdef",
            "new_password_again": "Khac-2025-abc",
        },
    )
    right = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password": "Moi-2025-abcdef",
            "new_password_again": "Moi-2025-abcdef",
        },
    )

    assert "không khớp" in wrong.content.decode()
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Moi-2025-abcdef")


def test_grant_role_page_lists_only_administered_units(tree: Tree, login) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.unit))
    subject = make_user()
    url = reverse("accounts:user-detail", kwargs={"pk": subject.pk})

    page = client.get(url).content.decode()
    refused = client.post(url, {"unit": tree.other.pk, "role": Role.NHAP_LIEU})
    granted = client.post(url, {"unit": tree.child.pk, "role": Role.NHAP_LIEU})

    assert "Sở Y tế tỉnh Thử Nghiệm" not in page.split("Giao vai trò")[-1]
    assert refused.status_code == 200
    assert granted.status_code == 302
    assert list(Membership.objects.filter(user=subject).values_list("unit_id", flat=True)) == [
        tree.child.pk
    ]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_me_api_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    actor = make_actor(tree, Role.NGUOI_XEM)
    client = login(actor)

    response = client.get("/api/v1/accounts/me")

    assert response.status_code == (401 if case == "anonymous" else 200)
    if case == "right_role":
        assert response.json()["memberships"] == [
            {
                "unit_id": tree.unit.pk,
                "unit_name": tree.unit.name,
                "role": "nguoi_xem",
                "role_label": "Người xem",
            }
        ]


def test_lock_needs_authority_over_every_unit_of_the_account(tree: Tree, login) -> None:
    subject = make_user(Role.NHAP_LIEU, tree.unit)
    Membership.objects.create(user=subject, unit=tree.other, role=Role.NHAP_LIEU)
    unit_admin = login(make_user(Role.QUAN_TRI, tree.unit))

    refused = unit_admin.post(reverse("accounts:user-toggle-active", kwargs={"pk": subject.pk}))

    subject.refresh_from_db()
    assert (refused.status_code, subject.is_active) == (403, True)


def test_user_list_query_count(tree: Tree, login, django_assert_num_queries) -> None:
    client = login(make_user(Role.QUAN_TRI, tree.province))
    for _number in range(3):
        make_user(Role.NHAP_LIEU, tree.unit)
    # session, user, memberships, lineage walk, users, prefetched memberships with units
    with django_assert_num_queries(6):
        client.get(reverse("accounts:user-list"))
    for _number in range(10):
        make_user(Role.NHAP_LIEU, tree.child)
    with django_assert_num_queries(6):
        client.get(reverse("accounts:user-list"))
