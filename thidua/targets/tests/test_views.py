"""Target pages: permission matrix, the report workflow through the forms, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.services import award_record_create, person_create
from thidua.targets.models import Report
from thidua.targets.services import (
    MeasureSpec,
    measure_create,
    report_approve,
    report_save,
    report_submit,
)
from thidua.targets.tests.conftest import add_summed_measure

COVERED_URL_NAMES = [
    "targets:campaign-list",
    "targets:dashboard",
    "targets:measure-detail",
    "targets:my-reports",
    "targets:report",
    "targets:evidence",
]
VIEW_EXPECTED = {
    "anonymous": 302,
    "no_role": 403,
    "other_unit": 200,
    "parent_unit": 200,
    "right_role": 200,
}


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize("page", ["list", "dashboard", "measure", "mine"])
def test_campaign_pages_permission_matrix(tree: Tree, setup, login, case, make_actor, page) -> None:
    client = login(make_actor(tree, Role.NGUOI_XEM))
    url = {
        "list": reverse("targets:campaign-list"),
        "dashboard": reverse("targets:dashboard", args=[setup.campaign.pk]),
        "measure": reverse("targets:measure-detail", args=[setup.campaign.pk, setup.revenue.pk]),
        "mine": reverse("targets:my-reports", args=[setup.campaign.pk]),
    }[page]

    response = client.get(url)

    assert response.status_code == VIEW_EXPECTED[case]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_report_page_permission_matrix(tree: Tree, setup, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))
    url = reverse("targets:report", args=[setup.revenue.pk, tree.unit.pk, "2024-01"])

    page = client.get(url)
    posted = client.post(url, {"action": "save", "value": "1.234,5", "explanation": "Lũy kế"})

    expected = {
        "anonymous": 302,
        "no_role": 403,
        "other_unit": 403,
        "parent_unit": 200,
        "right_role": 200,
    }
    assert page.status_code == expected[case]
    assert posted.status_code == (302 if expected[case] == 200 else expected[case])
    saved = Report.objects.filter(unit=tree.unit).first()
    assert (saved.value if saved else None) == (
        Decimal("1234.5") if expected[case] == 200 else None
    )


def test_workflow_through_the_pages(tree: Tree, setup, login) -> None:
    reporter = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("targets:report", args=[setup.revenue.pk, tree.unit.pk, "2024-01"])
    reporter.post(url, {"action": "submit", "value": "100", "explanation": "Tháng 1"})
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    reviewer = login(office)
    queue = reviewer.get(reverse("targets:my-reports", args=[setup.campaign.pk])).content.decode()
    missing_reason = reviewer.post(url, {"action": "return", "reason": ""})
    reviewer.post(url, {"action": "return", "reason": "Thiếu số thu phí"})

    report = Report.objects.get()
    assert "Thu ngân sách" in queue
    assert "Trường này là bắt buộc" in missing_reason.content.decode()
    assert (report.status, report.return_reason) == ("returned", "Thiếu số thu phí")


def test_bad_number_is_explained(tree: Tree, setup, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("targets:report", args=[setup.revenue.pk, tree.unit.pk, "2024-01"])

    response = client.post(url, {"action": "save", "value": "12,3,4"})

    assert "Không đọc được số" in response.content.decode()
    assert Report.objects.count() == 0


def test_dashboard_page_query_count_does_not_grow(
    tree: Tree, setup, login, django_assert_num_queries
) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))
    url = reverse("targets:dashboard", args=[setup.campaign.pk]) + "?ngay=31/12/2024"
    report_submit(
        actor=None,
        report=report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.unit,
            period_key="2024-01",
            value=Decimal(5),
        ),
    )
    # session, user, memberships, lineage walk, campaign, measures, assignments, reports,
    # campaigns for the year switch, the year's awards
    expected = 10
    with django_assert_num_queries(expected):
        client.get(url)
    add_summed_measure(setup, tree, 10)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_evidence_upload_and_download(tree: Tree, setup, login, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    reporter = make_user(Role.NHAP_LIEU, tree.unit)
    client = login(reporter)
    url = reverse("targets:report", args=[setup.revenue.pk, tree.unit.pk, "2024-01"])
    client.post(url, {"action": "save", "value": "5"})

    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = client.post(
        url, {"action": "evidence", "file": SimpleUploadedFile("bien-ban.pdf", b"MZ not a pdf")}
    )
    good = client.post(url, {"action": "evidence", "file": SimpleUploadedFile("bien-ban.pdf", PDF)})

    evidence = Report.objects.get().evidence.get()
    assert fake.status_code == 200
    assert "không đúng định dạng PDF" in fake.content.decode()
    assert good.status_code == 302
    download = client.get(reverse("targets:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    stranger = login(make_user(Role.NHAP_LIEU, tree.other))
    assert stranger.get(reverse("targets:evidence", args=[evidence.pk])).status_code == 404


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_evidence_download_permission_matrix(
    tree: Tree, setup, login, settings, tmp_path, case, make_actor
) -> None:
    from thidua.targets.services import evidence_add

    settings.MEDIA_ROOT = tmp_path
    report = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(1)
    )
    evidence = evidence_add(actor=None, report=report, name="minh-chung.pdf", content=PDF)
    client = login(make_actor(tree, Role.NHAP_LIEU))

    response = client.get(reverse("targets:evidence", args=[evidence.pk]))

    expected = {
        "anonymous": 302,
        "no_role": 404,
        "other_unit": 404,
        "parent_unit": 200,
        "right_role": 200,
    }
    assert response.status_code == expected[case]


def test_dashboard_shows_who_the_years_awards_went_to(tree: Tree, setup, login) -> None:
    """The directive's priority (Chỉ thị 08 §II.5) sits next to the targets."""
    for name, category in (("Ngô Văn Thợ", "truc_tiep"), ("Đào Thị Trưởng", "lanh_dao_khac")):
        award_record_create(
            actor=None,
            subject=person_create(
                actor=None, full_name=name, gender="nam", unit=tree.unit, category=category
            ),
            year=setup.campaign.year,
            award="BANG_KHEN_TINH",
            award_type="phong_trao",
            decision_number="12/QĐ-UBND",
            decision_date=datetime.date(setup.campaign.year, 12, 20),
            issuer="Chủ tịch Ủy ban nhân dân tỉnh",
        )
    client = login(make_user(Role.NGUOI_XEM, tree.province))
    page = client.get(reverse("targets:dashboard", args=[setup.campaign.pk])).content.decode()
    assert "Khen thưởng năm nay: 2 lượt; cá nhân là người lao động trực tiếp 50 %" in page


def test_dashboard_shows_a_rank_as_a_rank_and_its_progress_in_places(
    tree: Tree, setup, login
) -> None:
    papi = measure_create(
        actor=None,
        target=setup.communes.target,
        spec=MeasureSpec(
            code="12b",
            indicator="Xếp hạng PAPI",
            comparator="rank_improve_by",
            value=Decimal(5),
            unit="bậc",
            direction="lower",
            accumulation="level",
            frequency="yearly",
            baseline_value=Decimal(40),
            lead_unit=tree.unit,
        ),
    )
    sent = report_submit(
        actor=None,
        report=report_save(
            actor=None, measure=papi, unit=tree.unit, period_key="2024", value=Decimal(43)
        ),
    )
    report_approve(actor=None, report=sent, expected_version=sent.version)
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    page = client.get(reverse("targets:dashboard", args=[setup.campaign.pk])).content.decode()

    row = page[page.index("12b. Xếp hạng PAPI") :]
    row = row[: row.index("</tr>")]
    assert "hạng 43" in row
    assert "hạng 35" in row
    assert '<span class="cell-status">lùi 3 bậc</span>' in row
    assert "Lùi 3 bậc, cần tăng 5 bậc" in row  # the bar's title
    assert "-60" not in row
    assert "43 bậc" not in row


def test_the_other_years_campaigns_are_offered_with_a_label(tree: Tree, setup, login) -> None:
    from thidua.targets.services import campaign_create

    later = campaign_create(
        actor=None,
        province=tree.province,
        year=2025,
        name="Phong trào thi đua năm 2025",
        directive_number="02/CT-UBND",
        directive_date=datetime.date(2025, 2, 1),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
    )
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    page = client.get(reverse("targets:dashboard", args=[setup.campaign.pk])).content.decode()

    switch = page[page.index('<nav class="campaign-switch"') :]
    switch = switch[: switch.index("</nav>")]
    assert "Xem chỉ tiêu năm khác:" in switch
    link = reverse("targets:dashboard", args=[later.pk])
    assert f'<a href="{link}">Năm 2025 – {tree.province.name}</a>' in switch
