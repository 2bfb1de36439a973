"""Shell pages: home for every permission case, admin access, error pages, formats, i18n,
and that every source text is NFC."""

import unicodedata
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role

PACKAGE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_home_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))

    response = client.get(reverse("core:home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert ("Đăng nhập" in page) is (case == "anonymous")
    assert ("chưa được giao vai trò" in page) is (case == "no_role")
    if case == "right_role":
        assert "Cán bộ nhập liệu của đơn vị" in page
        assert tree.unit.name in page


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("role_holder", 302), ("superuser", 200)]
)
def test_admin_site_is_for_superusers(tree: Tree, login, who, expected) -> None:
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "anonymous": AnonymousUser(),
        "role_holder": make_user(Role.QUAN_TRI, tree.province),
        "superuser": make_user(is_superuser=True, is_staff=True),
    }[who]

    response = login(actor).get("/admin/")

    assert response.status_code == expected


def test_admin_writes_are_audited(tree: Tree, login) -> None:
    from thidua.core.models import AuditEvent

    admin = make_user(is_superuser=True, is_staff=True)
    subject = make_user()
    client = login(admin)

    response = client.post(
        f"/admin/accounts/user/{subject.pk}/change/",
        {
            "username": subject.username,
            "full_name": "Tên đã sửa",
            "position": "",
            "email": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "01/01/2024",
            "date_joined_1": "08:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    event = AuditEvent.objects.get(action="admin.changed")
    assert response.status_code == 302
    assert (event.before["full_name"], event.after["full_name"]) == (
        "Người dùng " + subject.username[4:],
        "Tên đã sửa",
    )
    assert "password" not in event.after


def test_not_found_page_is_vietnamese(client) -> None:
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_vietnamese_formats_in_templates() -> None:
    import datetime

    rendered = Template(
        "{% load vn %}{{ a|so }} {{ b|so }} {{ c|so:2 }} "
        "{{ d|ngay }} {{ d|ngay_day_du }} {{ d|date }}"
    ).render(
        Context(
            {
                "a": 1700000,
                "b": Decimal("4600.5"),
                "c": Decimal("94.155"),
                "d": datetime.date(2024, 2, 6),
            }
        )
    )

    assert rendered == "1.700.000 4.600,5 94,16 06/02/2024 ngày 06 tháng 02 năm 2024 06/02/2024"


def test_settings_vietnamese_first() -> None:
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == (
        "vi",
        "Asia/Ho_Chi_Minh",
        True,
    )


def test_english_catalogue_is_complete() -> None:
    catalogue = polib.pofile(str(PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"))

    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries() if entry.msgid] == []


def test_english_switch_translates_the_shell(tree: Tree, login) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("org:unit-tree")).content.decode()

    assert '<html lang="en">' in page
    assert ">Units</a>" in page
    assert "Cây đơn vị" not in page


def test_source_text_is_nfc() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for pattern in ("**/*.py", "**/*.html", "**/*.po", "**/*.css")
        for path in PACKAGE.glob(pattern)
        if (text := path.read_text(encoding="utf-8")) != unicodedata.normalize("NFC", text)
    ]

    assert offenders == []


@pytest.mark.parametrize(
    ("url_name", "highlighted"),
    [
        ("core:home", ["Tổng quan"]),
        ("core:audit-list", ["Nhật ký"]),
        ("org:unit-tree", ["Đơn vị"]),
    ],
)
def test_the_navigation_highlights_the_one_area_of_the_page(
    tree: Tree, login, url_name: str, highlighted: list[str]
) -> None:
    # The overview and the audit log share the "core" namespace.
    client = login(make_user(Role.QUAN_TRI, tree.province))

    response = client.get(reverse(url_name))

    active = [entry["label"] for entry in response.context["nav_entries"] if entry["active"]]
    assert response.status_code == 200
    assert active == highlighted
    assert response.content.decode().count('aria-current="page"') == 1


@pytest.mark.parametrize("url_name", ["core:home", "portal:home"])
def test_pages_name_the_sites_icon_so_browsers_do_not_ask_for_favicon_ico(
    db: None, client, url_name: str
) -> None:
    from django.contrib.staticfiles import finders

    page = client.get(reverse(url_name)).content.decode()

    assert '<link rel="icon" href="/static/thidua/favicon.svg" type="image/svg+xml">' in page
    icon = finders.find("thidua/favicon.svg")
    assert icon is not None
    assert Path(icon).read_text().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
