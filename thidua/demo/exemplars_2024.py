"""Exemplary models of Kon Tum in 2024 (Chỉ thị 08/CT-UBND, II.4 and III.4: find, nurture and
spread the advanced models and the good people, good deeds).

Seven invented models, one at every step of the work: three published (a commune civil servant
linked to her Bằng khen of the 2024 decision; an old villager brought forward by the Fatherland
Front; a ward's model street brought forward by the newspaper, linked to the ward's collective
Bằng khen), one approved that still waits for the person's consent, one sent for approval, one
draft, and one whose consent was withdrawn and which therefore left the public page. People,
stories and figures are invented; the registry people are the demo's fictitious ones. Photos are
drawn with Pillow at load time (landscapes, nothing fetched). Everything goes through the
services; the times they take from the clock are then moved into 2024.
"""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from thidua.commendation.models import AwardRecord, Decision, DecisionStatus
from thidua.core.text import TIME_ZONE
from thidua.demo.org_units import DEMO_PROVINCE_CODE
from thidua.emulation.models import Movement
from thidua.exemplars.models import Exemplar
from thidua.exemplars.services import (
    exemplar_approve,
    exemplar_consent_record,
    exemplar_consent_withdraw,
    exemplar_create,
    exemplar_evidence_add,
    exemplar_links_set,
    exemplar_photo_add,
    exemplar_photo_review,
    exemplar_publish,
    exemplar_submit,
)
from thidua.org.models import OrgUnit

D = datetime.date
YEAR = 2024
UNITS_DAY = D(YEAR, 12, 1)
YEARLY = "Phong trào thi đua yêu nước năm 2024 trên địa bàn tỉnh Kon Tum"
RURAL = "Cả nước chung sức xây dựng nông thôn mới"
POOR = "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"
LEARNING = "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MARK = "Dữ liệu minh họa"


@dataclass(frozen=True)
class ExemplarsDemo:
    exemplars: int
    published: int
    photos: int


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIME_ZONE)


# --- Photos ----------------------------------------------------------------------------------

# (sky top, sky bottom, far hills, near hills, ground)
PALETTES = {
    "sang": ((116, 170, 222), (236, 222, 190), (92, 130, 120), (58, 104, 70), (120, 150, 60)),
    "chieu": ((240, 150, 90), (252, 220, 160), (120, 90, 110), (80, 70, 90), (150, 120, 70)),
    "mua": ((150, 170, 180), (210, 216, 214), (100, 120, 118), (70, 96, 88), (90, 130, 80)),
    "pho": ((120, 180, 230), (230, 240, 245), (150, 150, 160), (120, 120, 130), (170, 160, 150)),
}


def demo_photo(palette: str, *, seed: int, houses: int = 0, width: int = 1200) -> bytes:
    """A landscape of the Central Highlands: sky, two ranges of hills, fields, a few houses on
    stilts (nhà sàn) and the sun; deterministic for a seed."""
    height = width * 2 // 3
    sky_top, sky_bottom, far, near, ground = PALETTES[palette]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        ratio = y / height
        color = tuple(int(a + (b - a) * ratio) for a, b in zip(sky_top, sky_bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=color)
    sun_x = width * (0.2 + 0.6 * ((seed * 37) % 100) / 100)
    draw.ellipse([sun_x - 45, 90, sun_x + 45, 180], fill=(255, 236, 170))
    for base, color, step in ((0.52, far, 7), (0.62, near, 11)):
        points: list[tuple[float, float]] = [(0.0, float(height))]
        for index in range(0, 13):
            x = width * index / 12
            wave = ((seed * step + index * 29) % 17) / 17
            points.append((x, height * (base - 0.12 * wave)))
        points.append((float(width), float(height)))
        draw.polygon(points, fill=color)
    draw.rectangle([0, int(height * 0.72), width, height], fill=ground)
    for row in range(6):
        y = int(height * (0.75 + row * 0.04))
        draw.line([(0, y), (width, y + 12)], fill=tuple(max(c - 25, 0) for c in ground), width=3)
    for index in range(houses):
        x = int(width * (0.15 + 0.22 * index))
        y = int(height * 0.70)
        draw.rectangle([x, y, x + 110, y + 55], fill=(125, 84, 50))
        draw.polygon([(x - 15, y), (x + 55, y - 70), (x + 125, y)], fill=(95, 60, 35))
        for post in range(4):
            px = x + 8 + post * 30
            draw.line([(px, y + 55), (px, y + 85)], fill=(80, 55, 35), width=5)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# --- Lookups ---------------------------------------------------------------------------------


def _root() -> OrgUnit:
    return OrgUnit.objects.valid_on(UNITS_DAY).get(parent__isnull=True, code=DEMO_PROVINCE_CODE)


def _unit(root: OrgUnit, name: str) -> OrgUnit:
    return OrgUnit.objects.valid_on(UNITS_DAY).filter(path__startswith=root.path).get(name=name)


def _movement(name: str) -> Movement:
    return Movement.objects.get(name=name, parent__isnull=True, is_demo=True)


def _decision() -> Decision | None:
    return (
        Decision.objects.filter(status=DecisionStatus.PUBLISHED, is_demo=True)
        .order_by("signed_on", "id")
        .first()
    )


def _award_of_unit_staff(decision: Decision | None, unit: OrgUnit) -> AwardRecord | None:
    """A civil servant of `unit` (not its leaders) awarded by the decision."""
    if decision is None:
        return None
    return (
        AwardRecord.objects.filter(
            decision_number=decision.number,
            person__unit=unit,
            person__position__startswith="Công chức",
            revoked_at__isnull=True,
        )
        .select_related("person")
        .order_by("id")
        .first()
    )


def _collective_award(decision: Decision | None, unit: OrgUnit) -> AwardRecord | None:
    if decision is None:
        return None
    return (
        AwardRecord.objects.filter(decision_number=decision.number, collective=unit)
        .order_by("id")
        .first()
    )


# --- Steps -----------------------------------------------------------------------------------


def _photo(exemplar: Exemplar, caption: str, palette: str, seed: int, **extra: Any) -> Any:
    return exemplar_photo_add(
        actor=None,
        exemplar=exemplar,
        file_name=f"anh-{seed}.jpg",
        content=demo_photo(palette, seed=seed, houses=extra.pop("houses", 0)),
        caption=caption,
        **extra,
    )


def _approve_photos(photos: list[Any]) -> None:
    for photo in photos:
        if photo.consent:
            exemplar_photo_review(actor=None, photo=photo, approved=True)


def _publish(
    exemplar: Exemplar,
    *,
    sent: datetime.date,
    approved: datetime.date,
    consent: datetime.date,
    published: datetime.date,
    show_unit: bool = True,
) -> Exemplar:
    exemplar = exemplar_submit(actor=None, exemplar=exemplar)
    exemplar = exemplar_approve(actor=None, exemplar=exemplar)
    exemplar = exemplar_consent_record(
        actor=None,
        exemplar=exemplar,
        consent_on=consent,
        show_unit=show_unit,
        note="Phiếu đồng ý có chữ ký (minh họa).",
        file_name="phieu-dong-y.pdf",
        content=PDF,
    )
    exemplar = exemplar_publish(actor=None, exemplar=exemplar)
    Exemplar.objects.filter(pk=exemplar.pk).update(
        submitted_at=_at(sent), approved_at=_at(approved, 15), published_at=_at(published, 10)
    )
    return exemplar


def _commune_servant(root: OrgUnit, decision: Decision | None) -> Exemplar:
    """Published: a commune civil servant of Măng Bút, in the registry, Bằng khen 2024."""
    commune = _unit(root, "Xã Măng Bút")
    award = _award_of_unit_staff(decision, commune)
    person = award.person if award is not None else None
    name = person.full_name if person is not None else "Đinh Thị Hoa"
    exemplar = exemplar_create(
        actor=None,
        unit=commune,
        kind="ca_nhan",
        category="dien_hinh",
        sector="nong_thon",
        year=YEAR,
        name=name,
        public_name=name,
        headline="Người cán bộ xã đưa du lịch cộng đồng về làng Xơ Đăng",
        story=(
            f"Về công tác tại Ủy ban nhân dân xã Măng Bút, {name} dành nhiều thời gian ở các "
            "thôn, cùng già làng, người có uy tín vận động bà con giữ gìn nhà rông, nghề dệt thổ "
            "cẩm và cồng chiêng của đồng bào Xơ Đăng.\n"
            "Năm 2024, từ các buổi họp thôn, bà con đã tự nguyện sửa sang 12 ngôi nhà sàn để đón "
            "khách, thành lập tổ du lịch cộng đồng với 35 hộ tham gia; thu nhập của các hộ tăng "
            "rõ rệt so với trồng sắn.\n"
            "Cách làm “dân biết, dân bàn, dân làm” của xã được Ủy ban nhân dân huyện Kon Plông "
            "chọn để nhân rộng. Câu chuyện là dữ liệu minh họa."
        ),
        facts=[
            "35 hộ đồng bào Xơ Đăng tham gia tổ du lịch cộng đồng",
            "12 nhà sàn được bà con tự sửa sang để đón khách",
            "Khoảng 4.000 lượt khách trong năm 2024",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024",
        ],
        source="don_vi",
        source_name="",
        person=person,
        phone="0260 3812 345",
        address="Thôn Măng Bút 1, xã Măng Bút, huyện Kon Plông",
        is_demo=True,
    )
    photos = [
        _photo(
            exemplar,
            "Nhà sàn đón khách ở thôn Măng Bút",
            "sang",
            11,
            houses=3,
            consent=True,
            credit="Ủy ban nhân dân xã Măng Bút",
        ),
        _photo(exemplar, "Chiều trên đồi chè của xã", "chieu", 12, consent=True),
        _photo(exemplar, "Gia đình bà con trong thôn (chưa có sự đồng ý công bố)", "mua", 13),
    ]
    _approve_photos(photos)
    exemplar_evidence_add(
        actor=None,
        exemplar=exemplar,
        file_name="bao-cao-thanh-tich.pdf",
        content=PDF,
        description="Báo cáo thành tích có xác nhận của Ủy ban nhân dân huyện (minh họa)",
    )
    exemplar_links_set(
        actor=None,
        exemplar=exemplar,
        person=person,
        award_records=[award] if award is not None else [],
        decisions=[decision] if decision is not None else [],
        movements=[_movement(RURAL), _movement(YEARLY)],
    )
    return _publish(
        exemplar,
        sent=D(YEAR, 11, 20),
        approved=D(YEAR, 12, 5),
        consent=D(YEAR, 12, 10),
        published=D(YEAR, 12, 30),
    )


def _old_villager(root: OrgUnit) -> Exemplar:
    """Published: a good deed brought forward by the Fatherland Front of Đăk Hà."""
    town = _unit(root, "Thị trấn Đăk Hà")
    exemplar = exemplar_create(
        actor=None,
        unit=town,
        kind="ca_nhan",
        category="nguoi_tot",
        sector="van_hoa",
        year=YEAR,
        name="A Hmưn",
        public_name="Già làng A Hmưn",
        headline="Già làng hiến đất mở đường vào khu sản xuất",
        story=(
            "Khi thôn bàn mở đường bê tông vào khu sản xuất, già làng A Hmưn là người đầu tiên "
            "đứng lên hiến 1.200 m² đất vườn cà phê của gia đình.\n"
            "Được già làng vận động, 17 hộ khác cũng hiến đất, góp ngày công; con đường dài "
            "1,8 km hoàn thành trước mùa mưa, bà con chở cà phê ra chợ không còn phải gánh bộ.\n"
            "Câu chuyện là dữ liệu minh họa."
        ),
        facts=[
            "Hiến 1.200 m² đất để mở đường",
            "Vận động 17 hộ cùng hiến đất, góp 600 ngày công",
            "Con đường bê tông dài 1,8 km",
        ],
        source="mat_tran",
        source_name="Ủy ban Mặt trận Tổ quốc Việt Nam thị trấn Đăk Hà",
        birth_date=D(1951, 5, 1),
        address="Thôn 1, thị trấn Đăk Hà",
        is_demo=True,
    )
    photos = [
        _photo(
            exemplar,
            "Con đường mới vào khu sản xuất",
            "sang",
            21,
            houses=1,
            consent=True,
            credit="Mặt trận Tổ quốc thị trấn Đăk Hà",
        ),
    ]
    _approve_photos(photos)
    exemplar_links_set(actor=None, exemplar=exemplar, movements=[_movement(POOR)])
    return _publish(
        exemplar,
        sent=D(YEAR, 9, 12),
        approved=D(YEAR, 9, 20),
        consent=D(YEAR, 9, 25),
        published=D(YEAR, 10, 2),
    )


def _model_street(root: OrgUnit, decision: Decision | None) -> Exemplar:
    """Published: a ward's model street, brought forward by the provincial newspaper."""
    ward = _unit(root, "Phường Lê Lợi")
    award = _collective_award(decision, ward)
    exemplar = exemplar_create(
        actor=None,
        unit=ward,
        kind="tap_the",
        category="mo_hinh",
        sector="van_hoa",
        year=YEAR,
        name="Tuyến phố văn minh đô thị phường Lê Lợi",
        public_name="Tuyến phố văn minh đô thị phường Lê Lợi",
        headline="Tuyến phố “sáng, xanh, sạch” do người dân tự quản",
        story=(
            "Từ đầu năm 2024, các hộ dân trên tuyến phố cùng nhau góp kinh phí lắp đèn chiếu "
            "sáng, trồng cây xanh và tự phân công dọn vệ sinh mỗi sáng thứ bảy.\n"
            "Tổ tự quản tuyến phố giữ vững an ninh trật tự, không để phát sinh điểm nóng; cách "
            "làm được Báo Kon Tum giới thiệu và nhiều phường học tập.\n"
            "Câu chuyện là dữ liệu minh họa."
        ),
        facts=[
            "96 hộ dân cùng tham gia tự quản",
            "Lắp 40 đèn chiếu sáng, trồng 120 cây xanh",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024 cho Phường Lê Lợi",
        ],
        source="bao_chi",
        source_name="Báo Kon Tum, chuyên mục “Gương sáng đời thường”",
        is_demo=True,
    )
    photos = [
        _photo(
            exemplar, "Tuyến phố sau khi chỉnh trang", "pho", 31, consent=True, credit="Báo Kon Tum"
        ),
        _photo(exemplar, "Buổi sáng thứ bảy cùng dọn vệ sinh", "sang", 32, consent=True),
    ]
    _approve_photos(photos)
    exemplar_links_set(
        actor=None,
        exemplar=exemplar,
        award_records=[award] if award is not None else [],
        decisions=[decision] if decision is not None else [],
        movements=[_movement(YEARLY)],
    )
    return _publish(
        exemplar,
        sent=D(YEAR, 11, 28),
        approved=D(YEAR, 12, 6),
        consent=D(YEAR, 12, 12),
        published=D(YEAR, 12, 31),
    )


def _health_worker(root: OrgUnit) -> Exemplar:
    """Approved, waiting for the person's consent: not public yet."""
    department = _unit(root, "Sở Y tế tỉnh Kon Tum")
    exemplar = exemplar_create(
        actor=None,
        unit=department,
        kind="ca_nhan",
        category="nguoi_tot",
        sector="y_te",
        year=YEAR,
        name="Đinh Thị Mơ",
        public_name="Y sĩ Đinh Thị Mơ",
        headline="Nữ y sĩ vượt lũ đỡ đẻ giữa đêm",
        story=(
            "Đêm mưa lũ tháng 9/2024, y sĩ Đinh Thị Mơ lội suối hơn 3 km đến thôn đỡ đẻ cho một "
            "sản phụ, giữ an toàn cho cả mẹ và con.\n"
            "Câu chuyện là dữ liệu minh họa."
        ),
        facts=["Hơn 15 năm công tác ở vùng sâu", "Hàng trăm ca đỡ đẻ an toàn tại nhà"],
        source="don_vi",
        phone="0912 000 111",
        is_demo=True,
    )
    _approve_photos([_photo(exemplar, "Trạm y tế thôn sau mưa", "mua", 41, houses=1, consent=True)])
    exemplar = exemplar_approve(actor=None, exemplar=exemplar_submit(actor=None, exemplar=exemplar))
    Exemplar.objects.filter(pk=exemplar.pk).update(
        submitted_at=_at(D(YEAR, 12, 9)), approved_at=_at(D(YEAR, 12, 16), 15)
    )
    return exemplar


def _student(root: OrgUnit) -> Exemplar:
    """Sent for approval by the ward (the demo data officer's unit)."""
    ward = _unit(root, "Phường Quang Trung")
    exemplar = exemplar_create(
        actor=None,
        unit=ward,
        kind="ca_nhan",
        category="nguoi_tot",
        sector="giao_duc",
        year=YEAR,
        name="Nguyễn Minh Khang",
        public_name="Em Nguyễn Minh Khang",
        headline="Cậu học trò trả lại túi tiền nhặt được",
        story=(
            "Trên đường đi học về, em Khang nhặt được chiếc túi có hơn 20 triệu đồng và giấy tờ, "
            "em đã mang đến Công an phường để trả lại người đánh rơi.\n"
            "Câu chuyện là dữ liệu minh họa."
        ),
        facts=["Trả lại hơn 20 triệu đồng và giấy tờ tùy thân"],
        source="don_vi",
        is_demo=True,
    )
    exemplar_links_set(actor=None, exemplar=exemplar, movements=[_movement(LEARNING)])
    exemplar = exemplar_submit(actor=None, exemplar=exemplar)
    Exemplar.objects.filter(pk=exemplar.pk).update(submitted_at=_at(D(YEAR, 12, 18)))
    return exemplar


def _draft(root: OrgUnit) -> Exemplar:
    """A draft the ward is still writing: only its own writers see it."""
    return exemplar_create(
        actor=None,
        unit=_unit(root, "Phường Quang Trung"),
        kind="tap_the",
        category="mo_hinh",
        sector="an_ninh",
        year=YEAR,
        name="Tổ an ninh nhân dân tổ dân phố 5",
        headline="Tổ an ninh nhân dân giữ bình yên khu phố",
        story="Đang soạn (dữ liệu minh họa).",
        source="don_vi",
        is_demo=True,
    )


def _withdrawn(root: OrgUnit) -> Exemplar:
    """Published in the autumn, then the teacher withdrew consent: no longer public."""
    college = _unit(root, "Trường Cao đẳng Kon Tum")
    exemplar = exemplar_create(
        actor=None,
        unit=college,
        kind="ca_nhan",
        category="dien_hinh",
        sector="giao_duc",
        year=YEAR,
        name="Lê Thị Thu Hà",
        public_name="Cô giáo Lê Thị Thu Hà",
        headline="Cô giáo mở lớp nghề miễn phí cho thanh niên dân tộc thiểu số",
        story="Cô giáo mở lớp nghề buổi tối cho thanh niên trong làng (dữ liệu minh họa).",
        facts=["3 lớp nghề, 75 học viên"],
        source="don_vi",
        is_demo=True,
    )
    exemplar = _publish(
        exemplar,
        sent=D(YEAR, 10, 1),
        approved=D(YEAR, 10, 8),
        consent=D(YEAR, 10, 10),
        published=D(YEAR, 10, 15),
    )
    exemplar = exemplar_consent_withdraw(
        actor=None,
        exemplar=exemplar,
        withdrawn_on=D(YEAR, 11, 4),
        note="Cô giáo đề nghị không nêu tên trên phương tiện thông tin (minh họa).",
    )
    Exemplar.objects.filter(pk=exemplar.pk).update(unpublished_at=_at(D(YEAR, 11, 4), 14))
    return exemplar


def load_exemplars_2024() -> ExemplarsDemo:
    """The seven models (inside the loader's transaction); returns the counts."""
    root = _root()
    decision = _decision()
    made = [
        _commune_servant(root, decision),
        _old_villager(root),
        _model_street(root, decision),
        _health_worker(root),
        _student(root),
        _draft(root),
        _withdrawn(root),
    ]
    demo = Exemplar.objects.filter(pk__in=[exemplar.pk for exemplar in made])
    return ExemplarsDemo(
        exemplars=len(made),
        published=demo.filter(status="published").count(),
        photos=sum(exemplar.photos.count() for exemplar in demo),
    )
