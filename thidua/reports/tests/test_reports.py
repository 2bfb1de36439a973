"""Periodic reports (sơ kết, tổng kết): services (validation, optimistic locking, audit), the
DOCX in the Decree 30 layout with the data's figures, pages and their permissions, and PDF
rendering jobs (real LibreOffice; retried when a worker died, failed with a reason)."""

import datetime
import io
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import LDTT
from thidua.commendation.models import AwardRecord
from thidua.commendation.services import award_record_create, person_create
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.models import AuditEvent
from thidua.documents.tests.layout_checks import (
    all_paragraphs,
    assert_decree_30_layout,
    read_docx,
)
from thidua.emulation.models import Movement
from thidua.reports import services, tasks
from thidua.reports.documents import periodic_report_docx
from thidua.reports.models import PeriodicReport, RenderJob, RenderStatus, ReportStatus
from thidua.reports.pdf import soffice_path

COVERED_URL_NAMES = [
    "reports:report-list",
    "reports:report-detail",
    "reports:report-docx",
    "reports:render-request",
    "reports:render-job",
    "reports:render-file",
]

needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None and os.environ.get("THIDUA_REQUIRE_BROWSER") != "1",
    reason="LibreOffice (soffice) không có trên máy này",
)


@pytest.fixture
def leader(tree: Tree) -> Any:
    return make_user(Role.LANH_DAO_DON_VI, tree.unit)


@pytest.fixture
def report(tree: Tree, leader: Any) -> PeriodicReport:
    return services.periodic_report_create(actor=leader, unit=tree.unit, kind="tong_ket", year=2024)


def _award(tree: Tree, name: str, category: str, decided: datetime.date) -> AwardRecord:
    person = person_create(
        actor=None, full_name=name, gender="nu", unit=tree.child, category=category, birth_year=1980
    )
    return award_record_create(
        actor=None,
        subject=person,
        year=decided.year,
        award=LDTT,
        award_type="phong_trao",
        decision_number="12/QĐ-SNV",
        decision_date=decided,
        issuer="Giám đốc Sở Nội vụ",
    )


# --- Services -------------------------------------------------------------------------------


def test_create_update_issue_with_audit(tree: Tree, leader: Any, report: PeriodicReport) -> None:
    updated = services.periodic_report_update(
        actor=leader, report=report, version=report.version, overview="Năm 2024 thành công."
    )
    assert updated.overview == "Năm 2024 thành công."
    assert updated.version == 2
    issued = services.periodic_report_issue(
        actor=leader,
        report=updated,
        version=2,
        number="15/BC-SNV",
        issued_on=datetime.date(2024, 12, 20),
    )
    assert issued.status == ReportStatus.ISSUED
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), object_type="reports.periodicreport")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "periodic_report.created",
        "periodic_report.updated",
        "periodic_report.issued",
    ]
    with pytest.raises(ApplicationError, match="đã ban hành"):
        services.periodic_report_update(actor=leader, report=issued, version=3, lessons="x")


def test_a_second_editor_gets_a_conflict_and_nothing_is_lost(
    leader: Any, report: PeriodicReport
) -> None:
    services.periodic_report_update(actor=leader, report=report, version=1, overview="Bản A")
    with pytest.raises(ConflictError, match="phiên bản 2"):
        services.periodic_report_update(actor=leader, report=report, version=1, overview="Bản B")
    report.refresh_from_db()
    assert report.overview == "Bản A"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "tong_ket", "year": 2024}, "đã có tổng kết năm năm 2024"),
        ({"kind": "quy", "year": 2024}, "Loại báo cáo “quy” không có"),
        ({"kind": "so_ket", "year": 1990}, "Năm báo cáo 1990 không hợp lệ"),
    ],
)
def test_create_refuses_bad_input(
    tree: Tree, leader: Any, report: PeriodicReport, change: dict[str, Any], message: str
) -> None:
    before = PeriodicReport.objects.count()
    with pytest.raises(ApplicationError, match=message):
        services.periodic_report_create(actor=leader, unit=tree.unit, **change)
    assert PeriodicReport.objects.count() == before


def test_update_and_issue_refuse_bad_input(leader: Any, report: PeriodicReport) -> None:
    with pytest.raises(
        ApplicationError, match=r"“Đánh giá chung” dài 20\.001 ký tự, quá giới hạn 20\.000"
    ):
        services.periodic_report_update(
            actor=leader, report=report, version=1, overview="x" * 20_001
        )
    with pytest.raises(ApplicationError, match="Không sửa được trường: status"):
        services.periodic_report_update(actor=leader, report=report, version=1, status="issued")
    with pytest.raises(ApplicationError, match="ghi như “125/BC-SNV”"):
        services.periodic_report_issue(
            actor=leader,
            report=report,
            version=1,
            number="15",
            issued_on=datetime.date(2024, 12, 1),
        )
    report.refresh_from_db()
    assert report.version == 1
    assert report.status == ReportStatus.DRAFT


def test_other_units_and_viewers_cannot_write(tree: Tree, report: PeriodicReport) -> None:
    other = make_user(Role.LANH_DAO_DON_VI, tree.other)
    viewer = make_user(Role.NGUOI_XEM, tree.unit)
    reporter = make_user(Role.NHAP_LIEU, tree.unit)
    for actor in (other, viewer):
        with pytest.raises(PermissionDenied):
            services.periodic_report_update(actor=actor, report=report, version=1, lessons="x")
        with pytest.raises(PermissionDenied):
            services.periodic_report_create(actor=actor, unit=tree.unit, kind="so_ket", year=2024)
    with pytest.raises(PermissionDenied):  # a data officer drafts, the leader issues
        services.periodic_report_issue(
            actor=reporter,
            report=report,
            version=1,
            number="1/BC-SNV",
            issued_on=datetime.date(2024, 12, 1),
        )


# --- The document ---------------------------------------------------------------------------


def test_docx_layout_written_sections_and_figures(
    tree: Tree, leader: Any, report: PeriodicReport
) -> None:
    _award(tree, "Trần Thị Lan", "truc_tiep", datetime.date(2024, 3, 5))
    _award(tree, "Lê Thị Mai", "lanh_dao_so", datetime.date(2024, 11, 5))
    _award(tree, "Phan Thị Cúc", "truc_tiep", datetime.date(2023, 11, 5))  # another year
    elsewhere = _award(tree, "Đỗ Thị Hoa", "truc_tiep", datetime.date(2024, 6, 1))
    elsewhere.person.unit = tree.other  # another unit's award is not this unit's
    elsewhere.person.save()
    Movement.objects.create(
        name="Thi đua cải cách hành chính",
        kind="chuyen_de",
        launched_by=tree.unit,
        starts_on=datetime.date(2024, 3, 1),
    )
    report = services.periodic_report_update(
        actor=leader, report=report, version=1, lessons="Bám sát cơ sở.\nPhát hiện điển hình."
    )

    name, content = periodic_report_docx(report)

    assert name == "bao-cao-tong-ket-2024-so-noi-vu-tinh-thu-nghiem.docx"
    document = read_docx(content)
    assert_decree_30_layout(document, title="BÁO CÁO")
    texts = [paragraph.text for paragraph in all_paragraphs(document)]
    assert "DỰ THẢO" in texts
    assert any(text.startswith("Số:") and text.endswith("/BC-SNV") for text in texts)
    assert (
        "Tổng kết công tác thi đua, khen thưởng năm 2024 và phương hướng, nhiệm vụ năm 2025"
        in texts
    )
    assert "Bám sát cơ sở." in texts
    assert "Phát hiện điển hình." in texts
    assert "(Nội dung do đơn vị soạn thảo bổ sung.)" in texts  # sections still to write
    assert any("đã khen thưởng 2 lượt: 0 tập thể, 2 cá nhân" in text for text in texts)
    assert any(
        text.startswith("Tỷ lệ khen thưởng cá nhân")
        and text.endswith("trực tiếp: 50 % (1/2 cá nhân).")
        for text in texts
    )
    assert "Thi đua cải cách hành chính" in texts
    headings = [text for text in texts if text[:3] in ("I. ", "II.", "III", "IV.", "V. ", "VI.")]
    assert headings[0] == "I. ĐÁNH GIÁ CHUNG"
    assert "- Lưu: VT, SNV." in texts


def test_half_year_report_counts_only_the_first_half(tree: Tree, leader: Any) -> None:
    _award(tree, "Trần Thị Lan", "truc_tiep", datetime.date(2024, 3, 5))
    _award(tree, "Lê Thị Mai", "lanh_dao_so", datetime.date(2024, 11, 5))
    report = services.periodic_report_create(actor=leader, unit=tree.unit, kind="so_ket", year=2024)

    texts = [p.text for p in all_paragraphs(read_docx(periodic_report_docx(report)[1]))]

    assert any("đến ngày 30/06/2024 đã khen thưởng 1 lượt" in text for text in texts)
    assert not any("CỤM, KHỐI" in text for text in texts)  # standings are a year-end matter


def test_the_year_end_report_counts_the_years_figures_approved_after_it_ended(
    tree: Tree,
) -> None:
    from decimal import Decimal

    from conftest import make_measure
    from thidua.reports.contents import report_facts
    from thidua.targets.models import Report, ReportStatus
    from thidua.targets.selectors import dashboard

    measure = make_measure(tree.province, tree.unit, frequency="yearly")
    vietnam = datetime.timezone(datetime.timedelta(hours=7))
    sent = datetime.datetime(2025, 1, 8, 9, tzinfo=vietnam)
    Report.objects.create(
        measure=measure,
        unit=tree.unit,
        period_key="2024",
        period_end=datetime.date(2024, 12, 31),
        due_date=datetime.date(2025, 1, 10),
        value=Decimal("1250"),
        status=ReportStatus.APPROVED,
        first_submitted_at=sent,
        submitted_at=sent,
        reviewed_at=datetime.datetime(2025, 1, 15, 9, tzinfo=vietnam),
    )
    report = services.periodic_report_create(
        actor=None, unit=tree.province, kind="tong_ket", year=2024
    )

    facts = report_facts(report)
    on_the_last_day = dashboard(campaign=measure.target.campaign, as_of=datetime.date(2024, 12, 31))

    [line] = facts.targets
    assert (line.actual, line.status_code) == ("1.250 tỷ đồng", "vuot")
    assert facts.reporting == {"on_time": 1, "late": 0, "missing": 0}
    assert on_the_last_day.rows[0].evaluation.actual is None  # not yet known on 31/12/2024


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix(
    tree: Tree,
    report: PeriodicReport,
    login: Callable[[Any], Any],
    case: str,
    make_actor: Callable[[Tree, str], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))
    sees = case in ("parent_unit", "right_role")
    detail = reverse("reports:report-detail", args=[report.pk])
    listing = client.get(reverse("reports:report-list"))
    page = client.get(detail)
    docx = client.get(reverse("reports:report-docx", args=[report.pk]))
    saved = client.post(
        detail, {"action": "save", "version": report.version, "overview": f"Viết bởi {case}"}
    )
    request = client.post(reverse("reports:render-request", args=["periodic_report", report.pk]))

    if case == "anonymous":
        assert listing.status_code == page.status_code == docx.status_code == 302
        assert request.status_code == 302
        assert "/dang-nhap/" in request["Location"]
    elif case == "no_role":
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        assert (report.unit.name in listing.content.decode()) is sees
    if case != "anonymous":
        assert page.status_code == docx.status_code == (200 if sees else 404)
        assert saved.status_code == (302 if sees else 404)
        assert request.status_code == (302 if sees else 404)
    report.refresh_from_db()
    assert (report.overview == f"Viết bởi {case}") is sees
    assert RenderJob.objects.exists() is sees


def test_list_query_count(
    tree: Tree, leader: Any, login: Callable[[Any], Any], django_assert_num_queries: Any
) -> None:
    for year in (2022, 2023, 2024):
        for kind in ("so_ket", "tong_ket"):
            services.periodic_report_create(actor=leader, unit=tree.unit, kind=kind, year=year)
    client = login(leader)
    client.get(reverse("reports:report-list"))  # warm the session
    with django_assert_num_queries(8):
        response = client.get(reverse("reports:report-list"))
    assert response.content.decode().count('href="/bao-cao/') >= 6


def test_create_from_the_page_reports_a_duplicate_in_vietnamese(
    tree: Tree, leader: Any, report: PeriodicReport, login: Callable[[Any], Any]
) -> None:
    client = login(leader)
    response = client.post(
        reverse("reports:report-list"), {"unit": tree.unit.pk, "kind": "tong_ket", "year": 2024}
    )
    assert response.status_code == 200
    assert "đã có tổng kết năm năm 2024" in response.content.decode()
    assert PeriodicReport.objects.count() == 1


# --- PDF renderings -------------------------------------------------------------------------


@needs_libreoffice
def test_pdf_rendered_in_the_background_and_downloaded(
    tree: Tree,
    report: PeriodicReport,
    leader: Any,
    login: Callable[[Any], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:render-request", args=["periodic_report", report.pk])
        )
    job = RenderJob.objects.get()
    assert response["Location"] == reverse("reports:render-job", args=[job.pk])
    assert job.status == RenderStatus.DONE
    assert job.attempts == 1
    assert job.page_count is not None
    assert job.page_count >= 2
    page = client.get(response["Location"]).content.decode()
    assert "Đã xong" in page
    assert 'http-equiv="refresh"' not in page
    pdf = client.get(reverse("reports:render-file", args=[job.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    other = login(make_user(Role.LANH_DAO_DON_VI, tree.other))
    assert other.get(reverse("reports:render-file", args=[job.pk])).status_code == 404


def test_a_job_left_running_is_retried_then_failed_with_a_reason(
    tree: Tree, report: PeriodicReport, leader: Any
) -> None:
    job = RenderJob.objects.create(
        kind="periodic_report",
        object_id=report.pk,
        title="x",
        unit=tree.unit,
        status=RenderStatus.RUNNING,
        attempts=services.MAX_ATTEMPTS,
        requested_by=leader,
    )
    assert tasks.render_job_run(job.pk) == RenderStatus.FAILED
    job.refresh_from_db()
    assert job.status == RenderStatus.FAILED
    assert job.error == (
        "Đã thử 3 lần mà không xong (lần cuối: tiến trình nền dừng giữa chừng). Hãy yêu cầu "
        "lại; nếu vẫn lỗi, hãy báo quản trị hệ thống."
    )
    assert AuditEvent.objects.filter(action="rendering.failed", object_id=str(job.pk)).exists()


def test_a_job_whose_document_is_gone_fails_with_a_reason(tree: Tree, leader: Any) -> None:
    job = RenderJob.objects.create(
        kind="periodic_report", object_id=999_999, title="x", unit=tree.unit, requested_by=leader
    )
    assert tasks.render_job_run(job.pk) == RenderStatus.FAILED
    job.refresh_from_db()
    assert job.error == "Văn bản gốc không còn trong hệ thống."
    assert job.attempts == 1


def test_unknown_kind_and_unreadable_source_are_refused(tree: Tree, report: PeriodicReport) -> None:
    with pytest.raises(ApplicationError, match="Không có loại văn bản “x”"):
        services.render_job_request(
            actor=make_user(Role.QUAN_TRI, tree.province), kind="x", object_id=1
        )
    with pytest.raises(ApplicationError, match="Không tìm thấy văn bản"):
        services.render_job_request(
            actor=make_user(Role.LANH_DAO_DON_VI, tree.other),
            kind="periodic_report",
            object_id=report.pk,
        )
    assert not RenderJob.objects.exists()


@needs_libreoffice
def test_render_recover_requeues_a_job_a_killed_worker_left_running(
    tree: Tree, report: PeriodicReport, leader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = RenderJob.objects.create(
        kind="periodic_report",
        object_id=report.pk,
        title="x",
        unit=tree.unit,
        status=RenderStatus.RUNNING,
        attempts=1,
        requested_by=leader,
    )
    RenderJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the job runs again here
        call_command("render_recover", stdout=out)
    job.refresh_from_db()
    assert out.getvalue().strip() == "Đã đưa lại 1 bản PDF vào hàng đợi, 0 bản báo lỗi."
    assert job.status == RenderStatus.DONE
    assert job.attempts == 2


def test_each_kind_checks_who_may_read_its_document(tree: Tree, report: PeriodicReport) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    leader = make_user(Role.LANH_DAO_DON_VI, tree.unit)
    province = tree.province.pk
    job = services.render_job_request(actor=office, kind="overdue_letter", object_id=province)
    assert job.title == "Công văn đôn đốc các đơn vị chậm hạn – Tỉnh Thử Nghiệm"
    assert job.unit == tree.province
    with pytest.raises(ApplicationError, match="Không tìm thấy văn bản"):
        services.render_job_request(actor=leader, kind="overdue_letter", object_id=province)
    assert (
        services.render_job_request(actor=office, kind="periodic_report", object_id=report.pk).unit
        == tree.unit
    )
    assert RenderJob.objects.count() == 2
    assert AuditEvent.objects.filter(action="rendering.requested").count() == 2
