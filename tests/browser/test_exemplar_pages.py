"""An exemplary model through the real pages: the emulation office approves a model a unit sent,
records the person's consent, approves its photo and publishes it; then anyone, signed out,
finds it on the public page without a single personal detail."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.demo.exemplars_2024 import demo_photo
from thidua.exemplars.services import exemplar_create, exemplar_photo_add, exemplar_submit

PASSWORD = "Mat-khau-thu-nghiem-2024"
HEADLINE = "Già làng hiến đất mở đường vào khu sản xuất"
PHONE = "0905123456"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent_model(live_server, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    start = datetime.date(2024, 1, 1)
    root = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    commune = make_unit("Xã Đăk Thử", kind="xa", parent=root, valid_from=start)
    user = User.objects.create_user(
        username="chuyenvien", password=PASSWORD, full_name="Chuyên viên (thử nghiệm)"
    )
    Membership.objects.create(user=user, unit=root, role=Role.CHUYEN_VIEN_TDKT)
    exemplar = exemplar_create(
        actor=None,
        unit=commune,
        kind="ca_nhan",
        category="nguoi_tot",
        sector="van_hoa",
        year=2024,
        name="A Hmưn",
        public_name="Già làng A Hmưn",
        headline=HEADLINE,
        story="Già làng hiến 1.200 m² đất vườn để thôn mở đường bê tông.\nBà con cùng góp công.",
        facts=["Hiến 1.200 m² đất", "17 hộ cùng hiến đất"],
        source="mat_tran",
        source_name="Ủy ban Mặt trận Tổ quốc xã Đăk Thử",
        phone=PHONE,
        birth_date=datetime.date(1951, 5, 1),
    )
    exemplar_photo_add(
        actor=None,
        exemplar=exemplar,
        file_name="con-duong.jpg",
        content=demo_photo("sang", seed=21, houses=2),
        caption="Con đường mới vào khu sản xuất",
        credit="Mặt trận xã",
        consent=True,
    )
    exemplar_submit(actor=None, exemplar=exemplar)


def test_office_approves_and_publishes_then_the_public_sees_it(page, sent_model) -> None:
    sign_in(page, "chuyenvien", PASSWORD)
    page.get_by_role("link", name="Điển hình", exact=True).click()
    page.get_by_role("link", name="A Hmưn").click()
    assert page.get_by_test_id("status").inner_text() == "Đã gửi, chờ duyệt"

    page.get_by_role("button", name="Duyệt", exact=True).click()
    assert page.get_by_test_id("status").inner_text() == "Đã duyệt"
    assert "Chưa có sự đồng ý công bố" in page.get_by_test_id("publication-problem").inner_text()

    page.get_by_label("Ngày đồng ý").fill("10/05/2024")
    page.get_by_label("Đồng ý nêu tên đơn vị, địa phương").check()
    page.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    assert page.get_by_test_id("consent").inner_text() == "Đã đồng ý công bố"
    page.get_by_role("button", name="Duyệt ảnh").click()
    page.get_by_role("button", name="Công bố", exact=True).click()
    assert page.get_by_test_id("status").inner_text().startswith("Đã công bố")
    screenshot(page, "dien-hinh-van-phong-cong-bo")
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto(f"{page.base_url}/cong-khai/dien-hinh/")
    page.get_by_label("Tìm theo tên, tiêu đề").fill("gia lang hien dat")
    page.get_by_role("button", name="Tìm").click()
    card = page.get_by_test_id("exemplar-card")
    assert card.count() == 1
    assert "Già làng A Hmưn – Xã Đăk Thử" in card.inner_text()
    assert card.get_by_role("img").evaluate("img => img.decode().then(() => img.naturalWidth)")
    screenshot(page, "dien-hinh-danh-sach-cong-khai")
    card.get_by_role("link", name=HEADLINE).click()
    expect(page.get_by_role("heading", name=HEADLINE)).to_be_visible()
    image = page.get_by_role("img", name="Con đường mới vào khu sản xuất")
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1200
    text = page.locator("main").inner_text()
    assert "Hiến 1.200 m² đất" in text
    for secret in (PHONE, "1951", "Ủy ban Mặt trận Tổ quốc xã Đăk Thử"):
        assert secret not in text
    screenshot(page, "dien-hinh-cong-khai")
