"""The movements demo: Kon Tum's 2024 movements from Chỉ thị 08/CT-UBND with their cascades,
the units' plans, registrations and reports (some late, some missing), and what the demo
accounts see of them.

The demo is loaded once for the module, inside a transaction rolled back when the module ends
(each test runs in a savepoint of it)."""

import datetime
import unicodedata
from typing import Any

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.demo.movements_2024 import (
    ANNIVERSARIES,
    FINAL_DUE,
    INTERIM_DUE,
    NAMED,
    YEARLY_NAME,
)
from thidua.emulation.models import (
    FilingStatus,
    MilestoneReport,
    Movement,
    MovementPlan,
    Registration,
    RegistrationStatus,
)
from thidua.emulation.selectors import (
    filing_units_for,
    movement_completeness,
    movement_list_for,
    movement_units,
)

D = datetime.date


@pytest.fixture
def yearly(demo: None, db: None) -> Movement:
    return Movement.objects.select_related("launched_by", "campaign").get(
        name=YEARLY_NAME, parent=None
    )


def _user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.django_db
def test_the_directives_movements_are_launched_by_kon_tum_2024(yearly: Movement) -> None:
    top = Movement.objects.filter(parent=None).order_by("id")

    assert [m.name for m in top] == [
        YEARLY_NAME,
        *(item.name for item in NAMED),
        *(item.name for item in ANNIVERSARIES),
    ]
    assert "Cả nước chung sức xây dựng nông thôn mới" in [m.name for m in top]
    assert "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau" in [
        m.name for m in top
    ]
    assert all(unicodedata.is_normalized("NFC", m.name + m.scope) for m in top)
    assert {(m.launched_by_id, m.campaign_id, m.document_number, m.document_date) for m in top} == {
        (yearly.launched_by_id, yearly.campaign_id, "08/CT-UBND", D(2024, 2, 6))
    }
    assert (yearly.launched_by.code, yearly.launched_by.valid_to) == ("62", D(2025, 7, 1))
    assert yearly.campaign is not None
    assert yearly.campaign.directive_number == "08/CT-UBND"
    assert all(m.is_demo for m in Movement.objects.all())
    kinds = [m.kind for m in top]
    assert (kinds.count("regular"), kinds.count("thematic"), kinds.count("anniversary")) == (
        1,
        6,
        5,
    )
    anniversaries = {m.name: m.ends_on for m in top if m.kind == "anniversary"}
    assert anniversaries[ANNIVERSARIES[1].name] == D(2024, 5, 7)  # Điện Biên Phủ
    assert anniversaries[ANNIVERSARIES[2].name] == D(2024, 12, 22)  # QĐND


@pytest.mark.django_db
def test_cascades_reach_departments_and_districts(yearly: Movement) -> None:
    cascades = Movement.objects.filter(parent__isnull=False).select_related("launched_by", "parent")

    assert sorted((m.parent.name[:20], m.launched_by.name) for m in cascades) == [
        ("Cả nước chung sức xâ", "Huyện Kon Rẫy"),
        ("Cả nước chung sức xâ", "Huyện Đăk Hà"),
        ("Cả nước chung sức xâ", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum"),
        ("Phong trào thi đua y", "Sở Nội vụ tỉnh Kon Tum"),
        ("Phong trào thi đua y", "Sở Y tế tỉnh Kon Tum"),
        ("Phong trào thi đua y", "Thành phố Kon Tum"),
    ]
    assert all(m.launched_by.path.startswith(yearly.launched_by.path) for m in cascades)
    city = cascades.get(launched_by__name="Thành phố Kon Tum")
    assert len(movement_units(city)) == 21  # the city's wards and communes in 2024


@pytest.mark.django_db
def test_the_yearly_movement_has_filings_on_time_late_and_missing(yearly: Movement) -> None:
    completeness = movement_completeness(yearly, user=_user("chuyenvien"))

    assert [(m.kind, m.due_on) for m in completeness.milestones] == [
        ("so_ket", INTERIM_DUE),
        ("tong_ket", FINAL_DUE),
    ]
    assert len(completeness.rows) == 30  # 20 departments and 10 districts
    assert dict(completeness.summary) == {
        "Kế hoạch": {"on_time": 20, "late": 3, "missing": 7, "pending": 0, "draft": 0},
        "Đăng ký thi đua": {"on_time": 21, "late": 3, "missing": 6, "pending": 0, "draft": 0},
        "Sơ kết 6 tháng đầu năm 2024": {
            "on_time": 18,
            "late": 7,
            "missing": 5,
            "pending": 0,
            "draft": 0,
        },
        "Tổng kết năm 2024": {"on_time": 16, "late": 4, "missing": 10, "pending": 0, "draft": 0},
    }
    sent = [
        *MovementPlan.objects.exclude(status=FilingStatus.DRAFT),
        *Registration.objects.all(),
        *MilestoneReport.objects.exclude(status=FilingStatus.DRAFT),
    ]
    assert {item.submitted_at.year for item in sent} == {2024}
    assert {r.status for r in Registration.objects.all()} == {
        RegistrationStatus.SUBMITTED,
        RegistrationStatus.ACKNOWLEDGED,
    }
    assert all(
        r.acknowledged_at is not None and r.acknowledged_at > r.submitted_at
        for r in Registration.objects.filter(status=RegistrationStatus.ACKNOWLEDGED)
    )
    assert {code for r in Registration.objects.all() for code in r.titles} == {
        "TTLDXS",
        "CO_THI_DUA_TINH",
        "BANG_KHEN_TINH",
    }
    assert MovementPlan.objects.exclude(file="").count() >= 5


@pytest.mark.django_db
def test_demo_accounts_see_their_units_movements(yearly: Movement) -> None:
    leader, officer = _user("lanhdao"), _user("nhaplieu")

    assert movement_list_for(user=_user("chuyenvien")).count() == Movement.objects.count()
    assert movement_list_for(user=leader).filter(launched_by__name="Sở Y tế tỉnh Kon Tum").exists()
    assert not movement_list_for(user=leader).filter(launched_by__name="Sở Nội vụ tỉnh Kon Tum")
    # The health department's leader finishes its year-end report, still a draft (its role
    # also covers the labour department, dissolved into health and two others in 2025).
    assert [u.name for u in filing_units_for(leader, yearly, movement_units(yearly))] == [
        "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
        "Sở Y tế tỉnh Kon Tum",
    ]
    draft = MilestoneReport.objects.get(status=FilingStatus.DRAFT)
    assert (draft.unit.name, draft.milestone.due_on) == ("Sở Y tế tỉnh Kon Tum", FINAL_DUE)
    # The ward's data officer (its 2025 ward merged five 2024 wards) has the city's movement to
    # register for: Phường Quang Trung has not.
    city = Movement.objects.get(launched_by__name="Thành phố Kon Tum")
    units = {u.name: u for u in filing_units_for(officer, city, movement_units(city))}
    assert len(units) == 5
    assert not Registration.objects.filter(movement=city, unit=units["Phường Quang Trung"])


@pytest.mark.django_db
def test_the_movement_pages_render_the_demo(yearly: Movement, client: Any) -> None:
    client.force_login(_user("chuyenvien"))

    listing = client.get(reverse("emulation:movement-list"), {"year": 2024})
    page = client.get(reverse("emulation:movement-detail", args=[yearly.pk]))
    filings = client.get(reverse("emulation:movement-filings", args=[yearly.pk]))

    assert listing.status_code == page.status_code == filings.status_code == 200
    assert len(listing.context["movements"]) == Movement.objects.count()
    assert "Quá hạn, chưa gửi" in page.content.decode()
    assert "Tập thể lao động xuất sắc" in filings.content.decode()
