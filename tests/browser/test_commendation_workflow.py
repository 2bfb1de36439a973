"""The whole commendation round through the real pages: a unit proposes and sends a dossier,
the emulation office returns it with a reason, the unit completes and resends it, the office
accepts it, the council votes in a named session, the office drafts, signs and publishes the
decision, and anyone sees the award on the public list."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.commendation.models import AwardRecord
from thidua.commendation.services import council_member_add, person_create, round_create
from thidua.core.text import local_today

PASSWORD = "Mat-khau-thu-nghiem-2024"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def province(live_server, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    start = datetime.date(2024, 1, 1)
    root = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    health = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=root, valid_from=start)
    person_create(
        actor=None,
        full_name="Hoàng Thị Thu",
        gender="nu",
        unit=health,
        category="truc_tiep",
        position="Điều dưỡng",
    )
    today = local_today()
    round_create(
        actor=None,
        issuer=root,
        name="Khen thưởng chuyên đề phòng, chống dịch",
        kind="chuyen_de",
        year=today.year,
        submission_deadline=today + datetime.timedelta(days=20),
    )
    for index in range(15):
        council_member_add(
            actor=None,
            council_of=root,
            year=today.year,
            full_name=f"Ủy viên Số {index + 1:02d}",
            position="Chủ tịch Hội đồng" if index == 0 else "Ủy viên",
            order=index,
        )
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


def _upload(page, tmp_path, kind_label: str, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PDF)
    page.get_by_label("Thành phần hồ sơ").select_option(label=kind_label)
    page.get_by_label("Tệp (PDF, DOCX, PNG, JPG; tối đa 20 MB)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()


def test_unit_submits_office_returns_council_votes_decision_is_public(
    page, province, tmp_path
) -> None:
    # The unit proposes and sends an incomplete dossier.
    sign_in(page, "donvi", PASSWORD)
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Khen thưởng chuyên đề phòng, chống dịch").click()
    page.get_by_role("link", name="Thêm đề nghị khen thưởng").click()
    page.get_by_label("Cá nhân, tập thể hoặc hộ gia đình được đề nghị").select_option(
        label="Hoàng Thị Thu – Sở Y tế tỉnh Thử Nghiệm"
    )
    page.get_by_label("Danh hiệu, hình thức đề nghị").select_option("BANG_KHEN_TINH")
    page.get_by_label("Tóm tắt thành tích").fill("Trực chiến liên tục 90 ngày tại khu cách ly.")
    page.get_by_role("button", name="Tạo đề nghị").click()
    nomination_url = page.url
    page.get_by_role("button", name="Tạo tờ trình từ dữ liệu").click()
    page.get_by_role("button", name="Tạo báo cáo thành tích từ dữ liệu").click()
    _upload(page, tmp_path, "Biên bản họp xét (có kết quả bỏ phiếu)", "bien-ban.pdf")
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert page.get_by_test_id("status").inner_text() == "Đã gửi, chờ thẩm định"
    _sign_out(page)

    # The office returns it: the minutes carry no signature.
    sign_in(page, "chuyenvien", PASSWORD)
    page.goto(nomination_url)
    page.get_by_label("Lý do").first.fill("Biên bản họp xét chưa có chữ ký của chủ trì.")
    page.get_by_role("button", name="Trả lại cho đơn vị").click()
    assert page.get_by_test_id("status").inner_text() == "Bị trả lại"
    _sign_out(page)

    # The unit replaces the minutes and sends it again.
    sign_in(page, "donvi", PASSWORD)
    page.goto(nomination_url)
    expect(page.get_by_text("Biên bản họp xét chưa có chữ ký của chủ trì.").first).to_be_visible()
    page.locator("li", has_text="bien-ban.pdf").get_by_role("button", name="Xóa").click()
    _upload(page, tmp_path, "Biên bản họp xét (có kết quả bỏ phiếu)", "bien-ban-da-ky.pdf")
    page.get_by_role("button", name="Gửi lại đề nghị").click()
    assert page.get_by_test_id("status").inner_text() == "Đã gửi, chờ thẩm định"
    screenshot(page, "khen-thuong-de-nghi-gui-lai")
    _sign_out(page)

    # The office accepts it and opens a named council session.
    sign_in(page, "chuyenvien", PASSWORD)
    page.goto(nomination_url)
    page.get_by_role("button", name="Xác nhận hợp lệ").click()
    assert page.get_by_test_id("status").inner_text() == "Hồ sơ hợp lệ, chờ Hội đồng"
    page.get_by_role("link", name="← Khen thưởng chuyên đề phòng, chống dịch").click()
    page.get_by_text("Lập phiên họp xét các hồ sơ hợp lệ").click()
    page.get_by_label("Ngày họp").fill(local_today().strftime("%d/%m/%Y"))
    page.get_by_label("Biểu quyết ghi tên từng thành viên").check()
    page.get_by_role("button", name="Lập phiên họp").click()

    # 14 members agree at the session, one is absent and agrees in writing.
    page.get_by_label("Ủy viên Số 15", exact=False).first.uncheck()
    page.get_by_role("button", name="Lưu điểm danh").click()
    for index in range(1, 16):
        page.get_by_label(f"Ủy viên Số {index:02d}: Đồng ý").check()
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_text("Đã ghi kết quả biểu quyết: Hoàng Thị Thu.")).to_be_visible()
    page.get_by_role("button", name="Kết thúc phiên họp, tính kết quả").click()
    expect(page.get_by_text("Thông qua – 100 %")).to_be_visible()
    screenshot(page, "khen-thuong-phien-hop")

    # The decision: drafted from the passed nomination, signed (numbered), scan, published.
    page.get_by_role("link", name="← Khen thưởng chuyên đề phòng, chống dịch").click()
    page.get_by_role("button", name="Lập dự thảo").click()
    page.get_by_role("textbox", name="Người ký", exact=False).first.fill("Nguyễn Văn Ký")
    page.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch Ủy ban nhân dân tỉnh")
    page.get_by_role("button", name="Ghi nhận đã ký, lấy số").click()
    expect(page.get_by_role("heading", name="Quyết định số 01/QĐ-UBND")).to_be_visible()
    scan = tmp_path / "quyet-dinh.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Bản quyết định đã ký (PDF, tối đa 20 MB)").set_input_files(str(scan))
    page.get_by_role("button", name="Đính kèm").click()
    page.get_by_role("button", name="Công khai quyết định").click()
    assert page.get_by_test_id("decision-status").inner_text() == "Đã công khai"
    record = AwardRecord.objects.get(person__full_name="Hoàng Thị Thu")
    assert (record.award, record.decision_number, record.category) == (
        "BANG_KHEN_TINH",
        "01/QĐ-UBND",
        "truc_tiep",
    )
    _sign_out(page)

    # Anyone, without an account, sees it on the public list.
    page.goto(f"{page.base_url}/cong-khai/khen-thuong/")
    page.get_by_role("link", name="Quyết định số 01/QĐ-UBND", exact=False).click()
    expect(page.get_by_role("cell", name="Hoàng Thị Thu")).to_be_visible()
    screenshot(page, "khen-thuong-cong-khai")
