"""A periodic report through the real pages: a unit leader drafts the year-end report, writes
its sections, downloads it, has the PDF printed in the background, then records the number and
date it was signed with; the report is then locked."""

import datetime

import pytest

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.core.text import local_today
from thidua.reports.models import PeriodicReport, ReportStatus
from thidua.reports.pdf import soffice_path

PASSWORD = "Mat-khau-thu-nghiem-2024"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unit(live_server, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    start = datetime.date(2024, 1, 1)
    root = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    home = make_unit("Sở Nội vụ tỉnh Thử Nghiệm", parent=root, valid_from=start, short_name="SNV")
    user = User.objects.create_user(
        username="lanhdao", password=PASSWORD, full_name="Lãnh đạo (thử nghiệm)"
    )
    Membership.objects.create(user=user, unit=home, role=Role.LANH_DAO_DON_VI)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice không có trên máy này")
def test_leader_drafts_writes_prints_and_issues_a_report(page, unit) -> None:
    year = local_today().year
    sign_in(page, "lanhdao", PASSWORD)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_text("Lập báo cáo mới").click()
    page.get_by_label("Loại báo cáo").select_option(label="Tổng kết năm")
    page.get_by_label("Năm").fill(str(year))
    page.get_by_role("button", name="Lập dự thảo").click()

    page.get_by_text("Đã lập dự thảo báo cáo.").wait_for()
    page.get_by_label("Đánh giá chung").fill("Phong trào thi đua được triển khai sâu rộng.")
    page.get_by_label("Bài học kinh nghiệm").fill("Bám sát cơ sở.")
    page.get_by_role("button", name="Lưu nội dung").click()
    page.get_by_text("Đã lưu nội dung báo cáo.").wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản Word (.docx)").click()
    assert download.value.suggested_filename == (
        f"bao-cao-tong-ket-{year}-so-noi-vu-tinh-thu-nghiem.docx"
    )

    # Tests run jobs inside the request: the click waits for LibreOffice, slow on a busy machine.
    page.get_by_role("button", name="Tạo bản PDF").click(timeout=90_000)
    page.get_by_test_id("job-status").get_by_text("Đã xong").wait_for(timeout=60_000)
    screenshot(page, "report-pdf-job")
    href = page.get_by_role("link", name="Mở bản PDF").get_attribute("href")
    pdf = page.request.get(f"{page.base_url}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Quay lại văn bản").click()
    page.get_by_text("Ghi số, ngày ban hành (sau khi ký)").click()
    page.get_by_label("Số, ký hiệu").fill("15")
    page.get_by_label("Ngày ban hành").fill(local_today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_text("ghi như “125/BC-SNV”").wait_for()  # the error says why, nothing changed
    assert PeriodicReport.objects.get().status == ReportStatus.DRAFT
    page.get_by_label("Số, ký hiệu").fill("15/BC-SNV")
    page.get_by_label("Ngày ban hành").fill(local_today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_text("Đã ghi số, ngày ban hành; báo cáo đã khóa.").wait_for()
    assert page.get_by_test_id("report-status").inner_text() == "Đã ban hành"
    assert page.get_by_role("button", name="Lưu nội dung").count() == 0
    screenshot(page, "report-issued")
    report = PeriodicReport.objects.get()
    assert report.number == "15/BC-SNV"
    assert report.lessons == "Bám sát cơ sở."
