"""Excel through the pages and the API: who may download, upload and export; a round trip a
reporter makes with the browser's files; a bad file listing its rows and saving nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.targets.excel import FIRST_DATA_ROW, REPORT_SHEET
from thidua.targets.models import Report
from thidua.targets.services import report_save, report_submit
from thidua.targets.tests.conftest import add_summed_measure, submitted

COVERED_URL_NAMES = ["targets:excel", "targets:excel-template", "targets:excel-export"]
COVERED_API_OPERATIONS = [
    "GET /api/v1/targets/campaigns/{campaign_id}/excel/template",
    "POST /api/v1/targets/campaigns/{campaign_id}/excel/import",
    "GET /api/v1/targets/campaigns/{campaign_id}/excel/export",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JANUARY, FEBRUARY = FIRST_DATA_ROW, FIRST_DATA_ROW + 1


def filled(data: bytes, cells: dict[str, object]) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(data))
    for coordinate, value in cells.items():
        wb[REPORT_SHEET][coordinate] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("mau.xlsx", buffer.getvalue(), content_type=XLSX)


def template_of(tree: Tree, setup, url: str) -> bytes:
    """The template tree.unit's own reporter downloads, on a client of their own."""
    reporter = Client()
    reporter.force_login(make_user(Role.NHAP_LIEU, tree.unit))
    return body(reporter.get(url))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_excel_page_and_export_permission_matrix(tree: Tree, setup, login, case, make_actor):
    client = login(make_actor(tree, Role.NHAP_LIEU))
    submitted(setup, tree, value=77)

    page = client.get(reverse("targets:excel", args=[setup.campaign.pk]))
    export = client.get(reverse("targets:excel-export", args=[setup.campaign.pk]))

    expected = {"anonymous": 302, "no_role": 403}.get(case, 200)
    assert (page.status_code, export.status_code) == (expected, expected)
    if expected == 200:
        assert export["Content-Type"] == XLSX
        sheet = load_workbook(io.BytesIO(body(export))).active
        values = [row[6] for row in sheet.iter_rows(values_only=True)]
        # The submitted report is shared with every role holder whose scope covers tree.unit.
        assert (77 in values) == (case in ("parent_unit", "right_role"))


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_template_download_permission_matrix(tree: Tree, setup, login, case, make_actor):
    client = login(make_actor(tree, Role.NHAP_LIEU))

    response = client.get(reverse("targets:excel-template", args=[setup.campaign.pk, tree.unit.pk]))

    expected = {"anonymous": 302, "no_role": 403, "other_unit": 403}.get(case, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == XLSX
        assert "mau-bao-cao-2024-so-noi-vu-tinh-thu-nghiem.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_upload_permission_matrix(tree: Tree, setup, login, case, make_actor):
    template = template_of(
        tree, setup, reverse("targets:excel-template", args=[setup.campaign.pk, tree.unit.pk])
    )
    client = login(make_actor(tree, Role.NHAP_LIEU))

    response = client.post(
        reverse("targets:excel", args=[setup.campaign.pk]),
        {"unit": tree.unit.pk, "file": filled(template, {f"G{JANUARY}": 12})},
    )

    saved = Report.objects.filter(unit=tree.unit).exists()
    expected = {"anonymous": 302, "no_role": 403, "other_unit": 200}.get(case, 302)
    assert response.status_code == expected
    assert saved == (case in ("parent_unit", "right_role"))
    if case == "other_unit":  # tree.other reports communes, but not for tree.unit
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_round_trip_through_the_page(tree: Tree, setup, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    page = client.get(reverse("targets:excel", args=[setup.campaign.pk])).content.decode()
    template = body(
        client.get(reverse("targets:excel-template", args=[setup.campaign.pk, tree.unit.pk]))
    )

    response = client.post(
        reverse("targets:excel", args=[setup.campaign.pk]),
        {
            "unit": tree.unit.pk,
            "submit": "on",
            "file": filled(template, {f"G{JANUARY}": "1.234,5", f"G{FEBRUARY}": 100}),
        },
        follow=True,
    )

    reports = Report.objects.filter(unit=tree.unit).order_by("period_key")
    assert "Tải mẫu báo cáo của Sở Nội vụ tỉnh Thử Nghiệm" in page
    assert [(r.period_key, r.value, r.status) for r in reports] == [
        ("2024-01", Decimal("1234.5"), "submitted"),
        ("2024-02", Decimal("100"), "submitted"),
    ]
    assert "lưu 2 dòng, gửi duyệt 2" in response.content.decode()


def test_bad_file_lists_each_row_and_saves_nothing(tree: Tree, setup, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    template = body(
        client.get(reverse("targets:excel-template", args=[setup.campaign.pk, tree.unit.pk]))
    )

    response = client.post(
        reverse("targets:excel", args=[setup.campaign.pk]),
        {
            "unit": tree.unit.pk,
            "file": filled(template, {f"G{JANUARY}": 5, f"G{FEBRUARY}": "năm trăm"}),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "chưa có số liệu nào được lưu: 1 lỗi" in html
    assert f"dòng {FEBRUARY}, cột “Giá trị”" in html
    assert not Report.objects.exists()


def test_template_of_a_unit_without_measures_explains_itself(tree: Tree, setup, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.province))

    response = client.get(
        reverse("targets:excel-template", args=[setup.campaign.pk, tree.province.pk]),
        follow=True,
    )

    assert "không có chỉ số nào phải báo cáo" in response.content.decode()


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_excel_permission_matrix(tree: Tree, setup, login, case, make_actor) -> None:
    base = f"/api/v1/targets/campaigns/{setup.campaign.pk}/excel"
    template = template_of(tree, setup, f"{base}/template?unit_id={tree.unit.pk}")
    client = login(make_actor(tree, Role.NHAP_LIEU))

    download = client.get(f"{base}/template?unit_id={tree.unit.pk}")
    export = client.get(f"{base}/export")
    upload = client.post(
        f"{base}/import",
        {"unit_id": tree.unit.pk, "file": filled(template, {f"G{JANUARY}": 3})},
    )

    may_report = case in ("parent_unit", "right_role")
    reader = {"anonymous": 401, "no_role": 403}.get(case, 200)
    assert download.status_code == (200 if may_report else reader if reader != 200 else 403)
    assert export.status_code == reader
    assert upload.status_code == (200 if may_report else reader if reader != 200 else 403)
    assert Report.objects.filter(unit=tree.unit).exists() == may_report
    if may_report:
        assert upload.json() == {"saved": 1, "submitted": 0, "skipped": 0, "unchanged": 0}


def test_api_import_error_names_rows(tree: Tree, setup, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    base = f"/api/v1/targets/campaigns/{setup.campaign.pk}/excel"
    template = body(client.get(f"{base}/template?unit_id={tree.unit.pk}"))

    response = client.post(
        f"{base}/import",
        {"unit_id": tree.unit.pk, "file": filled(template, {f"G{FEBRUARY}": "=1+1"})},
    )

    problems = response.json()["extra"]["problems"]
    assert response.status_code == 400
    assert [(p["sheet"], p["row"], p["column"]) for p in problems] == [
        (REPORT_SHEET, FEBRUARY, "Giá trị")
    ]
    assert not Report.objects.exists()


def test_export_query_count_does_not_grow(tree: Tree, setup, login, django_assert_num_queries):
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    url = reverse("targets:excel-export", args=[setup.campaign.pk])
    submitted(setup, tree)
    # session, user, memberships, lineage walk, campaign, reports with measure, target and unit
    expected = 6
    with django_assert_num_queries(expected):
        client.get(url)
    measure = add_summed_measure(setup, tree, 10)
    for assignment in measure.assignments.filter(is_lead=False).select_related("unit"):
        report_submit(
            actor=None,
            report=report_save(
                actor=None,
                measure=measure,
                unit=assignment.unit,
                period_key="2024-01",
                value=Decimal(1),
            ),
        )

    with django_assert_num_queries(expected):
        response = client.get(url)

    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    assert sum(1 for row in rows if row[1] == "2b") == 10
