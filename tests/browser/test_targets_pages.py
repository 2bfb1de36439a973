"""Through the real pages: a reporter submits a value, the emulation office returns it with a
reason, the reporter fixes and resubmits, the office approves, and the dashboard changes."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.org.models import OrgUnit
from thidua.targets.models import Report

DEMO_PASSWORD = "ThiDua@2024"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server) -> None:
    call_command("load_demo", verbosity=0)
    # A reporter of today's Sở Nội vụ, who reports for its 2024 predecessor too.
    reporter = User.objects.create_user(
        username="baocao", password=DEMO_PASSWORD, full_name="Lê Văn Báo (minh họa)"
    )
    unit = OrgUnit.objects.get(name="Sở Nội vụ tỉnh Quảng Ngãi", valid_to__isnull=True)
    Membership.objects.create(user=reporter, unit=unit, role=Role.NHAP_LIEU)


def _open_sipas(page) -> None:
    page.goto(f"{page.base_url}/chi-tieu/")
    page.get_by_role("link", name="Phong trào thi đua yêu nước năm 2024").click()
    page.locator("table.overview").get_by_role("link", name="12d. Xếp hạng SIPAS").click()


def _sipas_status(page) -> str:
    row = page.locator(
        "table.overview tr", has=page.get_by_role("link", name="12d. Xếp hạng SIPAS")
    )
    return row.locator(".status-pill").inner_text()


def test_report_returned_resubmitted_approved_changes_the_dashboard(page, demo, browser) -> None:
    sign_in(page, "chuyenvien", DEMO_PASSWORD)
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    page.get_by_role("link", name="Phong trào thi đua yêu nước năm 2024").click()
    assert _sipas_status(page) == "Chưa có số liệu"
    screenshot(page, "bang-dieu-hanh-truoc")

    reporter = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    phone = reporter.new_page()
    phone.base_url = page.base_url
    sign_in(phone, "baocao", DEMO_PASSWORD)
    _open_sipas(phone)
    phone.get_by_role("link", name="Nhập số liệu").click()
    phone.get_by_label("Giá trị").fill("24")
    phone.get_by_label("Giải trình").fill("Kết quả SIPAS 2024 do Bộ Nội vụ công bố.")
    phone.get_by_role("button", name="Gửi duyệt").click()
    expect(phone.get_by_text("Đã gửi báo cáo để duyệt.")).to_be_visible()
    screenshot(phone, "bao-cao-gui-duyet-dien-thoai")

    page.goto(f"{page.base_url}/chi-tieu/")
    page.get_by_role("link", name="Phong trào thi đua yêu nước năm 2024").click()
    page.get_by_role("link", name="Báo cáo của đơn vị tôi và việc cần duyệt").click()
    page.get_by_role("link", name="12d. Xếp hạng SIPAS").click()
    page.get_by_label("Lý do trả lại").fill("Hạng 24 chưa khớp với công bố chính thức (hạng 25).")
    page.get_by_role("button", name="Trả lại báo cáo").click()
    expect(page.get_by_text("Đã trả lại báo cáo kèm lý do.")).to_be_visible()

    phone.reload()
    expect(
        phone.get_by_text("Hạng 24 chưa khớp với công bố chính thức (hạng 25).").first
    ).to_be_visible()
    phone.get_by_label("Giá trị").fill("25")
    phone.get_by_role("button", name="Gửi duyệt").click()
    expect(phone.get_by_text("Đã gửi báo cáo để duyệt.")).to_be_visible()
    reporter.close()

    page.reload()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()
    expect(page.get_by_role("cell", name="Trả lại → Bị trả lại")).to_be_visible()
    screenshot(page, "bao-cao-lich-su")

    page.goto(f"{page.base_url}/chi-tieu/")
    page.get_by_role("link", name="Phong trào thi đua yêu nước năm 2024").click()
    assert _sipas_status(page) == "Đạt"
    screenshot(page, "bang-dieu-hanh-sau")


def test_reporter_fills_the_excel_template_and_uploads_it(page, demo, tmp_path) -> None:
    sign_in(page, "baocao", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/chi-tieu/")
    page.get_by_role("link", name="Phong trào thi đua yêu nước năm 2024").click()
    page.get_by_role("link", name="Báo cáo bằng Excel").click()
    # 2024 is reported for the Kon Tum department that today's Sở Nội vụ succeeds.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu báo cáo của Sở Nội vụ tỉnh Kon Tum").click()
    assert download.value.suggested_filename == "mau-bao-cao-2024-so-noi-vu-tinh-kon-tum.xlsx"
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["Báo cáo"]
    sipas = next(row for row in sheet.iter_rows(min_row=6) if row[0].value == "12d")
    sipas[6].value = "25"
    sipas[7].value = "Kết quả SIPAS 2024 do Bộ Nội vụ công bố."
    filled = tmp_path / "mau-da-dien.xlsx"
    workbook.save(filled)

    page.get_by_label("Đơn vị báo cáo").select_option(label="Sở Nội vụ tỉnh Kon Tum")
    page.get_by_label("Tệp mẫu đã điền (.xlsx)").set_input_files(filled)
    page.get_by_label("Gửi luôn các dòng đã điền để duyệt").check()
    page.get_by_role("button", name="Nộp tệp").click()

    expect(page.get_by_text("lưu 1 dòng, gửi duyệt 1")).to_be_visible()
    screenshot(page, "excel-nop-mau")
    report = Report.objects.get(measure__code="12d", measure__target__campaign__year=2024)
    assert (report.value, report.status) == (Decimal(25), "submitted")
