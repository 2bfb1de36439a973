"""Through the real pages: an officer finds a person (without typing diacritics), opens their
record and checks whether they qualify for Chiến sĩ thi đua cấp tỉnh."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.commendation.tests.test_registry_selectors import cstd_candidate

PASSWORD = "Mat-khau-thu-nghiem-2024"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(live_server) -> None:
    start = datetime.date(2024, 1, 1)
    province = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    health = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=province, valid_from=start)
    cstd_candidate(health)
    user = User.objects.create_user(
        username="chuyenvien", password=PASSWORD, full_name="Nguyễn Thị Thi Đua (minh họa)"
    )
    Membership.objects.create(user=user, unit=province, role=Role.CHUYEN_VIEN_TDKT)


def test_find_a_person_and_check_an_award(page, registry) -> None:
    sign_in(page, "chuyenvien", PASSWORD)
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Tra cứu cá nhân").click()
    page.get_by_label("Họ và tên").fill("nguyen thi mai")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Nguyễn Thị Mai").click()

    page.get_by_label("Danh hiệu, hình thức").select_option("CSTD_TINH")
    page.get_by_label("Xét tại ngày").fill("15/01/2025")
    page.get_by_role("button", name="Kiểm tra").click()

    assert page.get_by_role("status").inner_text().startswith("Đủ điều kiện")
    expect(page.get_by_text("cần 03 lần liên tục CSTĐ cơ sở — có 2022, 2023, 2024")).to_be_visible()
    screenshot(page, "khen-thuong-ca-nhan")
