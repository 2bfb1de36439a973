"""Through the real pages in Chromium: sign in, browse the tree on both sides of 01/07/2025,
follow a Kon Tum unit's lineage to its Quảng Ngãi successor, switch to English."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

DEMO_PASSWORD = "ThiDua@2024"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server) -> None:
    call_command("load_demo", verbosity=0)


def test_sign_in_and_browse_the_tree_either_side_of_the_merger(page, demo) -> None:
    sign_in(page, "chuyenvien", DEMO_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_label("Xem theo ngày").fill("31/12/2024")
    page.get_by_role("button", name="Xem").click()
    tree_2024 = page.locator("ul.tree")
    assert page.locator("h2.as-of").inner_text() == "Tổ chức tại ngày 31/12/2024"
    expect(tree_2024.get_by_role("link", name="Tỉnh Kon Tum", exact=True)).to_be_visible()
    expect(tree_2024.get_by_role("link", name="Sở Kế hoạch và Đầu tư tỉnh Kon Tum")).to_be_visible()
    screenshot(page, "cay-don-vi-31-12-2024")

    page.get_by_role("link", name="01/07/2025").click()
    tree_2025 = page.locator("ul.tree")
    assert page.locator("h2.as-of").inner_text() == "Tổ chức tại ngày 01/07/2025"
    expect(tree_2025.get_by_role("link", name="Tỉnh Quảng Ngãi", exact=True)).to_be_visible()
    assert tree_2025.get_by_role("link", name="Tỉnh Kon Tum", exact=True).count() == 0
    expect(tree_2025.get_by_role("link", name="Sở Tài chính tỉnh Quảng Ngãi")).to_be_visible()
    screenshot(page, "cay-don-vi-01-07-2025")


def test_follow_a_unit_lineage_and_search_without_diacritics(page, demo) -> None:
    sign_in(page, "chuyenvien", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/don-vi/?ngay=31/12/2024&q=so ke hoach")
    page.get_by_role("link", name="Sở Kế hoạch và Đầu tư tỉnh Kon Tum").click()

    expect(page.get_by_text("Đã hết hiệu lực")).to_be_visible()
    successors = page.locator("section", has=page.get_by_role("heading", name="Kế thừa"))
    expect(successors.get_by_role("link", name="Sở Tài chính tỉnh Kon Tum")).to_be_visible()
    screenshot(page, "don-vi-so-khdt-kon-tum")

    successors.get_by_role("link", name="Sở Tài chính tỉnh Quảng Ngãi").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sở Tài chính tỉnh Quảng Ngãi"
    expect(page.get_by_text("Đang hoạt động")).to_be_visible()
    predecessors = page.locator("section", has=page.get_by_role("heading", name="Tiền thân"))
    expect(
        predecessors.get_by_role("link", name="Sở Kế hoạch và Đầu tư tỉnh Kon Tum")
    ).to_be_visible()
    screenshot(page, "don-vi-so-tai-chinh-quang-ngai")


def test_english_switch_and_keyboard_skip_link(page, demo) -> None:
    sign_in(page, "nguoixem", DEMO_PASSWORD)

    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.textContent").strip() == "Bỏ qua, tới nội dung chính"
    )
    page.get_by_role("button", name="EN · English").click()

    expect(page.get_by_role("link", name="Units", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "tong-quan-tieng-anh")


def test_administrator_renames_a_unit_through_the_form(page, demo) -> None:
    sign_in(page, "quantri", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/don-vi/?q=phuong kon tum")
    page.get_by_role("link", name="Phường Kon Tum", exact=True).click()
    page.get_by_role("link", name="Đổi tên").click()

    page.get_by_label("Tên mới").fill("Phường Kon Tum (thử đổi tên)")
    page.get_by_label("Ngày hiệu lực").fill("31/02/2026")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_text('Ngày "31/02/2026" không hợp lệ')).to_be_visible()
    screenshot(page, "doi-ten-loi-ngay")

    page.get_by_label("Ngày hiệu lực").fill("01/01/2026")
    page.get_by_label("Căn cứ (số, ngày văn bản)").fill("Quyết định số 12/QĐ-UBND ngày 15/12/2025")
    page.get_by_role("button", name="Lưu thay đổi").click()

    expect(page.get_by_text("Đã lưu thay đổi: Đổi tên đơn vị.")).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Phường Kon Tum (thử đổi tên)"
    predecessors = page.locator("section", has=page.get_by_role("heading", name="Tiền thân"))
    expect(predecessors.get_by_text("Quyết định số 12/QĐ-UBND ngày 15/12/2025")).to_be_visible()
    screenshot(page, "doi-ten-thanh-cong")


PHONE_PAGES = [
    "/",
    "/nhat-ky/",
    "/bao-cao/bieu-mau/",
    "/thi-dua/phong-trao/",
    "/khen-thuong/dot/",
    "/chi-tieu/",
    "/nhac-viec/",
    "/tai-khoan/dang-nhap/",
]


def test_on_a_phone_no_page_scrolls_sideways(page, demo) -> None:
    # Long option labels in a select, or a wide table, used to widen the whole page.
    sign_in(page, "chuyenvien", DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 800})
    too_wide = {}
    for path in PHONE_PAGES:
        page.goto(f"{page.base_url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    screenshot(page, "dien-thoai-dang-nhap")

    assert too_wide == {}
