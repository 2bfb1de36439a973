"""Through the real pages: the emulation office uploads a scanned directive, watches the job's
progress, reviews the OCR'd text beside the page image, fixes a word, confirms, and the new
campaign's dashboard shows the directive's targets."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.ingest.rendering import OfficialHeader, render_scan_pdf
from thidua.targets.models import Campaign

PASSWORD = "Mat-khau-thu-nghiem-2024"
pytestmark = pytest.mark.django_db(transaction=True)

BODY = """Để thực hiện thắng lợi các chỉ tiêu phát triển kinh tế - xã hội năm 2024, Chủ tịch
Ủy ban nhân dân tỉnh phát động Phong trào thi đua yêu nước năm 2024 với chủ đề “Đoàn kết -
Đổi mới - Hoàn thành xuất sắc nhiệm vụ năm 2024” cụ thể như sau:
I. CHỈ TIÊU THI ĐUA CHỦ YẾU
1. Thu ngân sách nhà nước trên địa bàn từ 2.500 tỷ đồng trở lên.
2. Thành lập mới 200 doanh nghiệp.
3. Phấn đấu có 900.000 lượt khách du lịch đến tỉnh.
II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ hướng dẫn, theo dõi, tổng hợp kết quả thực hiện Chỉ thị này.
2. Sở Tài chính theo dõi chỉ tiêu thu ngân sách."""


@pytest.fixture
def office(live_server, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    # A real queue and worker, so that the page shows the job waiting and then progressing.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = datetime.date(2024, 1, 1)
    province = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    home = make_unit("Sở Nội vụ tỉnh Thử Nghiệm", parent=province, valid_from=start)
    for name in ("Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Văn hóa, Thể thao và Du lịch"):
        make_unit(f"{name} tỉnh Thử Nghiệm", parent=province, valid_from=start)
    user = User.objects.create_user(
        username="chuyenvien", password=PASSWORD, full_name="Nguyễn Thị Thi Đua (minh họa)"
    )
    Membership.objects.create(user=user, unit=home, role=Role.CHUYEN_VIEN_TDKT)
    Membership.objects.create(user=user, unit=province, role=Role.CHUYEN_VIEN_TDKT)


def test_scan_to_campaign(page, office, tmp_path) -> None:
    scan = tmp_path / "chi-thi-quet.pdf"
    scan.write_bytes(
        render_scan_pdf(
            BODY,
            noise=0.2,
            header=OfficialHeader(
                issuer="TỈNH THỬ NGHIỆM",
                number="Số: 05/CT-UBND",
                place_date="Thử Nghiệm, ngày 15 tháng 01 năm 2024",
            ),
            title_lines=["CHỈ THỊ", "Phát động Phong trào thi đua yêu nước năm 2024"],
        )
    )
    sign_in(page, "chuyenvien", PASSWORD)
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.get_by_label("Đơn vị tải lên").select_option(label="Sở Nội vụ tỉnh Thử Nghiệm")
    page.get_by_label("Văn bản (.txt, .md, .docx, .pdf, ảnh quét .png/.jpg/.tif)").set_input_files(
        scan
    )
    page.get_by_role("button", name="Tải lên và đọc").click()

    expect(page.get_by_role("heading", name="Đang chờ xử lý")).to_be_visible()
    screenshot(page, "van-ban-dang-cho")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page.wait_for_selector("text=Văn bản đã đọc", timeout=20_000)  # the page refreshes itself
    expect(page.locator("img.page-image").first).to_be_visible()
    screenshot(page, "van-ban-ra-soat")

    page.get_by_text("Sửa toàn bộ nội dung").click()
    content = page.get_by_role("textbox", name="Nội dung văn bản")
    content.fill(content.input_value().replace("200 doanh nghiệp", "220 doanh nghiệp"))
    page.get_by_role("button", name="Lưu nội dung và đọc lại").click()
    expect(page.get_by_text("Đã lưu nội dung và đọc lại các chỉ tiêu.")).to_be_visible()
    assert page.locator("input[name='m-1-value']").input_value() == "220"

    page.get_by_role("button", name="Xác nhận và tạo phong trào").click()
    screenshot(page, "van-ban-sau-xac-nhan")
    expect(page.get_by_text("Đã tạo phong trào")).to_be_visible()
    screenshot(page, "van-ban-phong-trao-moi")
    campaign = Campaign.objects.get()
    assert campaign.directive_number == "05/CT-UBND"
    expect(
        page.locator("table.overview").get_by_text("Thu ngân sách nhà nước").first
    ).to_be_visible()
