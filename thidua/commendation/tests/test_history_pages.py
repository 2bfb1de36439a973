"""Award-history Excel through the pages: who may download, upload and export; an upload from
the browser's file; a bad file listing its rows and saving nothing."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import AwardRecord, Person
from thidua.commendation.tests.test_history_import import fill, row

COVERED_URL_NAMES = [
    "commendation:history-excel",
    "commendation:history-template",
    "commendation:history-export",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_permission_matrix(tree: Tree, login, case: str, make_actor: Any) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))

    page = client.get(reverse("commendation:history-excel"))
    template = client.get(reverse("commendation:history-template", args=[tree.unit.pk]))
    export = client.get(reverse("commendation:history-export", args=[tree.unit.pk]))

    allowed = case in ("parent_unit", "right_role")
    assert page.status_code == {"anonymous": 302, "no_role": 403}.get(case, 200)
    expected = 200 if allowed else {"anonymous": 302}.get(case, 403)
    assert (template.status_code, export.status_code) == (expected, expected)
    if allowed:
        assert template["Content-Type"] == XLSX
        assert "mau-khen-thuong-so-noi-vu-tinh-thu-nghiem.xlsx" in template["Content-Disposition"]


def test_upload_through_the_page(tree: Tree, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    template = body(client.get(reverse("commendation:history-template", args=[tree.unit.pk])))
    data = fill(template, [row(), row(year=2024, decided=datetime.date(2024, 12, 20))])

    response = client.post(
        reverse("commendation:history-excel"),
        {"unit": tree.unit.pk, "file": SimpleUploadedFile("kt.xlsx", data, content_type=XLSX)},
        follow=True,
    )

    assert "thêm 1 người, 2 khen thưởng" in response.content.decode()
    assert Person.objects.get().full_name == "Nguyễn Thị Hòa"
    assert AwardRecord.objects.count() == 2


def test_bad_upload_lists_rows_and_saves_nothing(tree: Tree, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    template = body(client.get(reverse("commendation:history-template", args=[tree.unit.pk])))
    data = fill(template, [row(), row(code="KHONG_CO")])

    response = client.post(
        reverse("commendation:history-excel"),
        {"unit": tree.unit.pk, "file": SimpleUploadedFile("kt.xlsx", data, content_type=XLSX)},
    )

    html = response.content.decode()
    assert "chưa có gì được lưu: 1 lỗi" in html
    assert "dòng 6" in html
    assert not Person.objects.exists()
