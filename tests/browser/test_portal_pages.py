"""The public portal in a real browser: an anonymous visitor goes from the home page to a
published decision and to the open data; a comment sent on a listed nomination stays hidden
until the emulation office approves it."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from thidua.portal.tests.conftest import (  # noqa: F401 - fixtures used by this module
    Portal,
    campaign_setup,
    fresh_cache,
    media_root,
    portal,
)

pytestmark = pytest.mark.django_db(transaction=True)
COMMENT = "Đề nghị nêu rõ thêm các sáng kiến của chị trong năm."


def test_a_visitor_browses_home_decision_and_open_data(page, portal: Portal) -> None:  # noqa: F811
    decision = portal.world.decision

    page.goto(f"{page.base_url}/cong-khai/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Cổng công khai thi đua, khen thưởng"
    )
    assert page.get_by_role("link", name="Trang chủ").get_attribute("aria-current") == "page"
    expect(page.get_by_role("row", name=re.compile("Thu ngân sách"))).to_be_visible()
    screenshot(page, "cong-khai-trang-chu")

    page.get_by_role("link", name=f"Quyết định số {decision.number}", exact=False).click()
    expect(page.get_by_role("cell", name="Trần Thị Được Khen")).to_be_visible()
    screenshot(page, "cong-khai-quyet-dinh")

    page.get_by_role("link", name="Dữ liệu mở", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Dữ liệu mở về thi đua, khen thưởng"
    )
    expect(page.get_by_role("link", name=f"{page.base_url}/open-data/awards.csv")).to_be_visible()
    screenshot(page, "cong-khai-du-lieu-mo")

    # The skip link is the first thing the keyboard reaches, and it leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#noi-dung"


def test_a_comment_is_hidden_until_the_office_approves_it(page, portal: Portal) -> None:  # noqa: F811
    page.goto(f"{page.base_url}/cong-khai/")
    page.get_by_role("navigation", name="Cổng công khai").get_by_role(
        "link", name="Khen thưởng"
    ).click()
    row = page.get_by_role("row", name=re.compile("Vũ Thị Công Khai"))
    expect(row.get_by_text("Chị Khai luôn tận tụy với người dân.")).to_be_visible()
    row.get_by_text("Góp ý", exact=True).click()
    row.get_by_label("Nội dung góp ý").fill(COMMENT)
    row.get_by_label("Họ và tên (không bắt buộc)").fill("Nguyễn Thị Góp Ý")
    row.get_by_label("Điện thoại hoặc thư điện tử (không bắt buộc)").fill("0905 246 810")
    row.get_by_role("button", name="Gửi góp ý").click()
    expect(
        page.get_by_text("sẽ được công khai sau khi cơ quan thường trực kiểm duyệt")
    ).to_be_visible()
    assert page.get_by_text(COMMENT).count() == 0
    screenshot(page, "cong-khai-gop-y-cho-duyet")

    sign_in(page, portal.office.username, PASSWORD)
    page.goto(f"{page.base_url}/khen-thuong/gop-y/")
    pending = page.get_by_role("row", name=re.compile(COMMENT))
    expect(pending.get_by_text("0905 246 810")).to_be_visible()
    screenshot(page, "khen-thuong-kiem-duyet-gop-y")
    pending.get_by_role("button", name="Duyệt, công khai").click()
    expect(page.get_by_text("Đã duyệt ý kiến; nội dung ý kiến được công khai.")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto(f"{page.base_url}/cong-khai/khen-thuong/")
    row = page.get_by_role("row", name=re.compile("Vũ Thị Công Khai"))
    expect(row.get_by_text(COMMENT)).to_be_visible()
    assert page.get_by_text("Nguyễn Thị Góp Ý").count() == 0
    assert page.get_by_text("0905 246 810").count() == 0
    screenshot(page, "cong-khai-gop-y-da-duyet")
