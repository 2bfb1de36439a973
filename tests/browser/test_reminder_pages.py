"""Reminders through the real pages: a department late on its sơ kết report sees it in its
calendar and raises an obstacle with a file; the emulation office is told by the bell, reads the
late units, prints the đôn đốc letter and answers; the department reads the answer."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.core.text import local_today
from thidua.emulation.services import milestone_create, milestone_report_submit, movement_create

PASSWORD = "Mat-khau-thu-nghiem-2024"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TITLE = "Đề nghị gia hạn gửi báo cáo sơ kết 6 tháng"
REPLY = "Đồng ý gia hạn; Sở gửi báo cáo sơ kết trên Hệ thống trước ngày 30 của tháng."
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def province(live_server, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = tmp_path / "media"
    today = local_today()
    start = today - datetime.timedelta(days=60)
    root = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    make_unit("Sở Nội vụ tỉnh Thử Nghiệm", parent=root, valid_from=start)
    make_unit("Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm", parent=root, valid_from=start)
    health = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=root, valid_from=start)
    justice = make_unit("Sở Tư pháp tỉnh Thử Nghiệm", parent=root, valid_from=start)
    movement = movement_create(
        actor=None,
        name="Thi đua đẩy mạnh cải cách hành chính",
        kind="thematic",
        launched_by=root,
        starts_on=start,
        participants=[health, justice],
    )
    milestone = milestone_create(
        actor=None,
        movement=movement,
        kind="so_ket",
        due_on=today - datetime.timedelta(days=3),
        name="Sơ kết 6 tháng",
    )
    milestone_report_submit(actor=None, milestone=milestone, unit=justice, summary="Đã sơ kết")
    for username, role, unit in (
        ("syte", Role.NHAP_LIEU, health),
        ("chuyenvien", Role.CHUYEN_VIEN_TDKT, root),
    ):
        user = User.objects.create_user(
            username=username, password=PASSWORD, full_name=f"{username} (thử nghiệm)"
        )
        Membership.objects.create(user=user, unit=unit, role=role)
    return {"health": health.name, "justice": justice.name}


def test_a_unit_raises_an_obstacle_the_office_answers_and_the_unit_reads_it(
    page, province, tmp_path
) -> None:
    sign_in(page, "syte", PASSWORD)
    page.get_by_role("link", name="Nhắc việc", exact=True).click()
    expect(page.get_by_role("heading", name="Lịch hạn, nhắc việc")).to_be_visible()
    page.get_by_role("link", name="Đơn vị chậm thực hiện").click()
    late = page.get_by_test_id("late-units").inner_text()
    assert province["health"] in late
    assert province["justice"] not in late
    screenshot(page, "nhac-viec-don-vi-cham")
    page.get_by_role("link", name="Lịch tháng").click()
    assert page.locator(".month__day--today").count() == 1
    screenshot(page, "nhac-viec-lich-thang")

    page.get_by_role("link", name="Vướng mắc, kiến nghị", exact=True).click()
    page.get_by_role("link", name="Nêu vướng mắc, kiến nghị").click()
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung vướng mắc, kiến nghị").fill(
        "Sở đang tổng hợp số liệu của các đơn vị trực thuộc, đề nghị cho gia hạn báo cáo sơ kết."
    )
    page.get_by_label("Lĩnh vực").select_option("phong_trao")
    attachment = tmp_path / "to-trinh.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("Tệp kèm theo").set_input_files(str(attachment))
    page.get_by_role("button", name="Gửi vướng mắc").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    assert page.get_by_test_id("obstacle-status").inner_text() == "Mới"
    expect(page.get_by_role("link", name="to-trinh.pdf")).to_be_visible()
    screenshot(page, "vuong-mac-moi")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "chuyenvien", PASSWORD)
    bell = page.locator("a.bell img")
    badge = page.request.get(page.base_url + (bell.get_attribute("src") or ""))
    assert "1 thông báo chưa đọc" in badge.text()
    page.locator("a.bell").click()
    assert (
        f"Vướng mắc mới của {province['health']}: {TITLE}"
        in page.get_by_test_id("notifications").inner_text()
    )
    page.get_by_role("button", name="Mở").first.click()
    page.get_by_label("Chuyển sang").select_option("da_tra_loi")
    page.get_by_label("Nội dung trả lời").fill(REPLY)
    page.get_by_role("button", name="Cập nhật").click()
    assert page.get_by_test_id("obstacle-status").inner_text() == "Đã trả lời"
    screenshot(page, "vuong-mac-tra-loi")
    page.get_by_role("link", name="Công văn đôn đốc").click()
    table = page.get_by_test_id("letter-table").inner_text()
    assert province["health"] in table
    assert province["justice"] not in table
    expect(page.get_by_text("V/v đôn đốc thực hiện các nội dung thi đua")).to_be_visible()
    screenshot(page, "cong-van-don-doc")
    with page.expect_download() as download:
        page.get_by_test_id("letter-docx").click()
    assert download.value.suggested_filename.startswith("cong-van-don-doc-")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "syte", PASSWORD)
    page.locator("a.bell").click()
    assert (
        f"Vướng mắc “{TITLE}” chuyển sang “Đã trả lời”"
        in page.get_by_test_id("notifications").inner_text()
    )
    page.get_by_role("button", name="Mở").first.click()
    assert page.get_by_test_id("obstacle-reply").inner_text().startswith(REPLY)
    assert (
        "chuyển từ “Mới” sang “Đã trả lời”" in page.get_by_test_id("obstacle-history").inner_text()
    )
    screenshot(page, "vuong-mac-don-vi-doc-tra-loi")
