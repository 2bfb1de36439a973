"""A block's year through the real pages: a member scores itself with evidence, the leader
cross-scores it, the emulation office reviews and publishes the standings (with their chart),
and the proposals appear as nominations in the commendation round."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_unit
from tests.browser.conftest import screenshot, sign_in
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.commendation.services import round_create
from thidua.core.text import local_today
from thidua.emulation.models import Assessment
from thidua.emulation.services.clusters import (
    assessment_review,
    assessment_save,
    assessment_submit,
    cluster_create,
    edition_create,
    evidence_add,
    scoring_table_set,
)
from thidua.emulation.tests.test_cluster_flow import PDF, TABLE

PASSWORD = "Mat-khau-thu-nghiem-2024"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def block(live_server, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = tmp_path / "media"
    start = datetime.date(2024, 1, 1)
    root = make_unit("Tỉnh Thử Nghiệm", kind="tinh", code="99", valid_from=start)
    leader = make_unit("Sở Thông tin và Truyền thông", parent=root, valid_from=start)
    health = make_unit("Sở Y tế", parent=root, valid_from=start)
    year = local_today().year
    cluster = cluster_create(
        actor=None, organised_by=root, name="Khối văn hóa – xã hội", kind="khoi"
    )
    edition = edition_create(
        actor=None, cluster=cluster, year=year, leader=leader, members=[leader, health]
    )
    scoring_table_set(actor=None, edition=edition, groups=TABLE)
    # The leader's own sheet is already through (self, cross, review).
    own = Assessment.objects.get(member__edition=edition, member__unit=leader)
    evidence_add(actor=None, assessment=own, criterion_code="2", name="bc.pdf", content=PDF)
    entries = {"1": {"points": 7}, "2": {"numerator": 30, "denominator": 50}}
    assessment_save(actor=None, assessment=own, entries=entries)
    assessment_submit(actor=None, assessment=own)
    assessment_submit(actor=None, assessment=Assessment.objects.get(pk=own.pk))
    assessment_review(actor=None, assessment=Assessment.objects.get(pk=own.pk))
    round_create(
        actor=None,
        issuer=root,
        name="Đề nghị khen thưởng của cụm, khối",
        kind="cum_khoi",
        year=year,
        submission_deadline=local_today() + datetime.timedelta(days=20),
    )
    for username, role, unit in (
        ("syte", Role.NHAP_LIEU, health),
        ("truongkhoi", Role.TRUONG_CUM_KHOI, leader),
        ("chuyenvien", Role.CHUYEN_VIEN_TDKT, root),
    ):
        user = User.objects.create_user(
            username=username, password=PASSWORD, full_name=f"{username} (thử nghiệm)"
        )
        Membership.objects.create(user=user, unit=unit, role=role)
    sheet = Assessment.objects.get(member__edition=edition, member__unit=health)
    return {"edition": edition.pk, "sheet": sheet.pk}


def test_member_scores_leader_cross_scores_office_publishes_and_proposes(
    page, block, tmp_path
) -> None:
    sheet_url = f"{page.base_url}/thi-dua/bang-diem/{block['sheet']}/"
    edition_url = f"{page.base_url}/thi-dua/cum-khoi/{block['edition']}/"

    sign_in(page, "syte", PASSWORD)
    page.goto(sheet_url)
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Minh chứng cho tiêu chí").select_option("2")
    page.get_by_label("Tệp (PDF, DOCX, XLSX, PNG, JPG; tối đa 10 MB)").set_input_files(
        str(evidence)
    )
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_label("1 – Điểm").fill("9")
    page.get_by_label("2 – Đạt được (b)").fill("45")
    page.get_by_label("2 – Tổng số (a)").fill("50")
    page.get_by_role("checkbox", name="Đạt").check()
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_test_id("sheet-total").inner_text().startswith("32")
    page.get_by_role("button", name="Gửi bảng tự chấm").click()
    assert page.get_by_test_id("sheet-status").inner_text() == "Đã gửi tự chấm, chờ chấm chéo"
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "truongkhoi", PASSWORD)
    page.goto(sheet_url)
    page.get_by_label("1 – Điểm").fill("8")
    page.get_by_role("button", name="Gửi kết quả chấm chéo").click()
    assert page.get_by_test_id("sheet-status").inner_text() == "Đã chấm chéo, chờ thẩm định"
    screenshot(page, "cum-khoi-cham-cheo")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "chuyenvien", PASSWORD)
    page.goto(sheet_url)
    page.get_by_role("button", name="Xác nhận kết quả chấm").click()
    page.goto(edition_url)
    page.get_by_text("Công bố kết quả (khóa các bảng điểm)").click()
    page.get_by_role("button", name="Công bố kết quả").click()
    assert page.get_by_test_id("edition-status").inner_text() == "Đã công bố kết quả"
    assert "Cờ thi đua của UBND tỉnh: Sở Y tế" in page.get_by_test_id("proposals").inner_text()
    page.get_by_role("button", name="Tạo đề nghị khen thưởng").click()
    screenshot(page, "cum-khoi-ket-qua")
    page.get_by_role("button", name="Đăng xuất").click()

    # The proposal is Sở Y tế's draft nomination, with the block's minutes, to complete.
    sign_in(page, "syte", PASSWORD)
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Đề nghị khen thưởng của cụm, khối").click()
    page.get_by_role("link", name="Sở Y tế", exact=True).click()
    assert page.get_by_role("heading").first.inner_text() == (
        "Cờ thi đua của Ủy ban nhân dân tỉnh: Sở Y tế"
    )
    expect(page.get_by_role("link", name="bien-ban-khoi-van-hoa-xa-hoi-")).to_be_visible()
