"""A movement through the real pages: the emulation office launches it, a unit registers (the
titles it aims for and its commitments) and sends the registration, the office acknowledges it
on the page of every unit's filings."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.core.text import local_today
from thidua.emulation.models import Registration, RegistrationStatus

PASSWORD = "Mat-khau-thu-nghiem-2024"
NAME = "Cả nước chung sức xây dựng nông thôn mới"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def province(live_server, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    start = datetime.date(2024, 1, 1)
    root = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    health = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=root, valid_from=start)
    make_unit("Sở Nông nghiệp và Môi trường tỉnh Thử Nghiệm", parent=root, valid_from=start)
    for username, role, unit in (
        ("donvi", Role.NHAP_LIEU, health),
        ("chuyenvien", Role.CHUYEN_VIEN_TDKT, root),
    ):
        user = User.objects.create_user(
            username=username, password=PASSWORD, full_name=f"{username} (thử nghiệm)"
        )
        Membership.objects.create(user=user, unit=unit, role=role)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_office_launches_unit_registers_office_acknowledges(page, province) -> None:
    today = local_today()
    day = "%d/%m/%Y"

    # The office launches the movement.
    sign_in(page, "chuyenvien", PASSWORD)
    page.get_by_role("link", name="Phong trào", exact=True).click()
    page.get_by_text("Phát động phong trào mới").click()
    page.get_by_label("Tên phong trào").fill(NAME)
    page.get_by_label("Loại phong trào").select_option(label="Theo đợt, chuyên đề")
    page.get_by_label("Số văn bản phát động").fill("08/CT-UBND")
    page.get_by_label("Ngày văn bản").fill(today.strftime(day))
    page.get_by_label("Bắt đầu").fill(today.strftime(day))
    page.get_by_label("Kết thúc").fill((today + datetime.timedelta(days=200)).strftime(day))
    page.get_by_label("Hạn gửi kế hoạch, đăng ký thi đua").fill(
        (today + datetime.timedelta(days=30)).strftime(day)
    )
    page.get_by_label("Phạm vi, đối tượng").fill("Các sở, ban, ngành thuộc tỉnh.")
    page.get_by_role("button", name="Phát động").click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    movement_url = page.url
    _sign_out(page)

    # The unit registers: titles and commitments, then sends.
    sign_in(page, "donvi", PASSWORD)
    page.get_by_role("link", name="Phong trào", exact=True).click()
    page.get_by_role("link", name=NAME).click()
    page.get_by_label("Tập thể lao động xuất sắc", exact=True).check()
    page.get_by_label("Cờ thi đua của Ủy ban nhân dân tỉnh", exact=True).check()
    page.get_by_label("Nội dung cam kết").fill(
        "Hoàn thành 100% chỉ tiêu được giao.\nKhông có cán bộ vi phạm kỷ luật."
    )
    page.get_by_role("button", name="Gửi đăng ký").click()
    registration = page.get_by_test_id("registration")
    assert "Đã gửi, chờ xác nhận" in registration.inner_text()
    assert "Không có cán bộ vi phạm kỷ luật." in registration.inner_text()
    screenshot(page, "phong-trao-don-vi-dang-ky")
    _sign_out(page)

    # The office acknowledges it.
    sign_in(page, "chuyenvien", PASSWORD)
    page.goto(movement_url)
    screenshot(page, "phong-trao-tinh-hinh")
    page.get_by_role("link", name="Xem hồ sơ các đơn vị đã gửi").click()
    page.get_by_role("button", name="Xác nhận đăng ký của Sở Y tế tỉnh Thử Nghiệm").click()
    expect(page.get_by_text("Đã xác nhận đăng ký của Sở Y tế tỉnh Thử Nghiệm.")).to_be_visible()
    screenshot(page, "phong-trao-ho-so-don-vi")
    registration_row = Registration.objects.get()
    assert (registration_row.status, registration_row.titles) == (
        RegistrationStatus.ACKNOWLEDGED,
        ["TTLDXS", "CO_THI_DUA_TINH"],
    )
