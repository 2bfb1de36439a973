"""Commendation demo: Kon Tum's 2024 year-end round from nomination to published decision, and
an open thematic round of today's province to try the workflow.

Everything is invented for the demo and labelled so: about 300 fictitious people (no real
official is named) working in 25 of the 2024 units of Kon Tum, their ratings and awards
2019–2024, the round's nominations with their dossiers, one session of the provincial council
and one decision. The history rows (ratings and awards 2019–2023, and the units' own LĐTT and
CSTĐ cơ sở of 2024, decided in late November 2024 before the round) are written in bulk with one
summary audit entry; every other write goes through the services. Timestamps the services take
from the clock (creation, return, session close, publication) are then moved into 2024, as the
2024 reports are.
"""

import datetime
import io
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from thidua.accounts.models import Membership, User
from thidua.commendation.catalogue import (
    BANG_KHEN_TINH,
    CO_THI_DUA_TINH,
    CSTD_CO_SO,
    CSTD_TINH,
    GIAY_KHEN,
    LDTT,
    TTLDTT,
    TTLDXS,
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    PendingKind,
    Rating,
)
from thidua.commendation.enums import Gender, PersonCategory
from thidua.commendation.models import (
    AwardRecord,
    BallotMode,
    CouncilSession,
    Decision,
    DossierFile,
    DossierKind,
    Nomination,
    NominationStatus,
    PerformanceRating,
    Person,
    Round,
    RoundKind,
    Subject,
)
from thidua.commendation.services import (
    award_record_create,
    council_member_add,
    decision_attach_scan,
    decision_draft,
    decision_publish,
    decision_register_continue,
    decision_sign,
    discipline_record_create,
    dossier_file_add,
    dossier_file_generate,
    hold_create,
    initiative_create,
    nomination_accept,
    nomination_create,
    nomination_return,
    nomination_submit,
    nomination_withdraw,
    person_create,
    rating_set,
    round_close,
    round_create,
    session_attendance_set,
    session_close,
    session_create,
    votes_record,
)
from thidua.core.models import Holiday
from thidua.core.services import audit_record
from thidua.core.text import TIME_ZONE, local_today, strip_diacritics
from thidua.core.workdays import add_working_days
from thidua.demo.org_units import DEMO_PROVINCE_CODE, MERGER_DAY, merged_province
from thidua.org.models import OrgUnit

YEAR = 2024
HISTORY_FROM = 2019
UNITS_DAY = datetime.date(2024, 12, 1)  # the 2024 versions of the units
UNIT_AWARDS_DAYS = [datetime.date(2024, 11, day) for day in (25, 26, 27, 28, 29)]
SUBMISSION_DAYS = [datetime.date(2024, 12, day) for day in (2, 3, 4, 5, 6, 9, 10)]
DEADLINE = datetime.date(2024, 12, 10)
LAST_APPRAISAL_DAY = datetime.date(2024, 12, 18)
SESSION_DAY = datetime.date(2024, 12, 20)
SIGNING_DAY = datetime.date(2024, 12, 27)
PUBLICATION_DAY = datetime.date(2024, 12, 30)
ROUND_NAME = "Khen thưởng tổng kết năm 2024 (minh họa)"
NOMINATIONS = 300  # in the round; the other people of the registry are not proposed
OPEN_ROUND_DAYS = 45
PROVINCE_ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh Kon Tum"
DEMO_MARK = "DU LIEU MINH HOA - KHONG CO GIA TRI PHAP LY"

# --- Holiday calendar -----------------------------------------------------------------------

# The calendar is configuration, maintained in the admin each year; these rows only seed it.
# Source: Bộ Luật Lao động 2019 Điều 112 và thông báo nghỉ lễ hằng năm (days off announced for
# public servants, swapped days included). Days not announced with certainty are left out (the
# second Quốc khánh day of 2026): the administrators complete the calendar.
HOLIDAY_SOURCE = "Bộ Luật Lao động 2019 Điều 112 và thông báo nghỉ lễ hằng năm"


def _span(first: datetime.date, last: datetime.date, name: str) -> list[tuple[datetime.date, str]]:
    count = (last - first).days + 1
    return [(first + datetime.timedelta(days=offset), name) for offset in range(count)]


D = datetime.date
HOLIDAYS: tuple[tuple[datetime.date, str], ...] = (
    (D(2024, 1, 1), "Tết Dương lịch"),
    *_span(D(2024, 2, 8), D(2024, 2, 14), "Tết Nguyên đán Giáp Thìn"),
    (D(2024, 4, 18), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2024, 4, 29), "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 04/5/2024)"),
    (D(2024, 4, 30), "Ngày Chiến thắng"),
    (D(2024, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2024, 9, 2), "Quốc khánh"),
    (D(2024, 9, 3), "Quốc khánh (ngày nghỉ liền kề)"),
    (D(2025, 1, 1), "Tết Dương lịch"),
    *_span(D(2025, 1, 25), D(2025, 2, 2), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2025, 4, 30), "Ngày Chiến thắng"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/4/2025)"),
    (D(2025, 9, 1), "Quốc khánh (ngày nghỉ liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 1, 2), "Nghỉ hoán đổi dịp Tết Dương lịch"),
    *_span(D(2026, 2, 14), D(2026, 2, 22), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/4)"),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 2), "Quốc khánh"),
)


def load_holidays() -> int:
    """Seed the holiday calendar, unless the administrators already keep one."""
    if Holiday.objects.exists():
        return 0
    Holiday.objects.bulk_create(Holiday(day=day, name=name) for day, name in HOLIDAYS)
    audit_record(
        actor=None,
        action="holiday.seeded",
        object_type="core.holiday",
        object_repr=f"Lịch ngày nghỉ lễ 2024–2026 ({len(HOLIDAYS)} ngày)",
        after={"days": len(HOLIDAYS), "source": HOLIDAY_SOURCE},
        note=HOLIDAY_SOURCE,
    )
    return len(HOLIDAYS)


# --- The units and their people -------------------------------------------------------------


@dataclass(frozen=True)
class DemoUnit:
    """A 2024 unit of Kon Tum, named by the chain of names below the province."""

    chain: tuple[str, ...]
    people: int
    head: str  # who decides the unit's own awards (LĐTT, CSTĐ cơ sở, Giấy khen)
    symbol: str  # of the head's decisions
    staff: str  # key of POSITIONS
    leader: str  # the first person's position
    tasks: tuple[str, ...]
    collective_award: str = ""  # nominated for the collective in the 2024 round
    leader_category: str = PersonCategory.LANH_DAO_KHAC

    @property
    def name(self) -> str:
        return self.chain[-1]


def _department(
    name: str,
    symbol: str,
    tasks: tuple[str, ...],
    *,
    people: int = 13,
    head: str = "",
    leader: str = "Phó Giám đốc Sở",
    collective_award: str = "",
) -> DemoUnit:
    return DemoUnit(
        chain=(name,),
        people=people,
        head=head or f"Giám đốc {name}",
        symbol=symbol,
        staff="so",
        leader=leader,
        tasks=tasks,
        collective_award=collective_award,
        leader_category=PersonCategory.LANH_DAO_SO,
    )


def _commune(district: str, commune: str, tasks: tuple[str, ...]) -> DemoUnit:
    kind = next(k for k in ("thị trấn", "phường", "xã") if commune.lower().startswith(k))
    return DemoUnit(
        chain=(district, commune),
        people=10,
        head=f"Chủ tịch Ủy ban nhân dân {district[0].lower()}{district[1:]}",
        symbol="QĐ-UBND",
        staff="xa",
        leader=f"Chủ tịch Ủy ban nhân dân {kind}",
        tasks=tasks,
        collective_award=BANG_KHEN_TINH,
    )


KT = "tỉnh Kon Tum"
UNITS: tuple[DemoUnit, ...] = (
    _department(
        f"Văn phòng Ủy ban nhân dân {KT}",
        "QĐ-VPUBND",
        (
            "tham mưu chỉ đạo, điều hành của Ủy ban nhân dân tỉnh kịp thời, đúng quy định",
            "vận hành Trung tâm Phục vụ hành chính công, giải quyết hồ sơ đúng hạn trên 98%",
        ),
        head=f"Chánh Văn phòng Ủy ban nhân dân {KT}",
        leader="Phó Chánh Văn phòng Ủy ban nhân dân tỉnh",
        collective_award=TTLDXS,
    ),
    _department(
        f"Sở Nội vụ {KT}",
        "QĐ-SNV",
        (
            "tham mưu sắp xếp tổ chức bộ máy, tinh giản biên chế theo lộ trình",
            "nâng Chỉ số cải cách hành chính (PAR INDEX) của tỉnh",
        ),
        collective_award=CO_THI_DUA_TINH,
    ),
    DemoUnit(
        chain=(f"Sở Nội vụ {KT}", "Ban Thi đua - Khen thưởng"),
        people=6,
        head=f"Giám đốc Sở Nội vụ {KT}",
        symbol="QĐ-SNV",
        staff="ban",
        leader="Phó Trưởng ban Ban Thi đua - Khen thưởng",
        tasks=(
            "thẩm định hồ sơ khen thưởng đúng thời hạn, không để tồn đọng",
            "hướng dẫn các đơn vị tổ chức phong trào thi đua năm 2024",
        ),
        collective_award=TTLDXS,
    ),
    _department(
        f"Sở Tư pháp {KT}",
        "QĐ-STP",
        (
            "thẩm định dự thảo văn bản quy phạm pháp luật đúng thời hạn",
            "triển khai liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế",
        ),
        collective_award=TTLDXS,
    ),
    _department(
        f"Sở Kế hoạch và Đầu tư {KT}",
        "QĐ-SKHĐT",
        (
            "tham mưu giải ngân vốn đầu tư công đạt trên 95% kế hoạch",
            "hỗ trợ thành lập mới doanh nghiệp, cải thiện Chỉ số PCI",
        ),
        collective_award=CO_THI_DUA_TINH,
    ),
    _department(
        f"Sở Tài chính {KT}",
        "QĐ-STC",
        (
            "tham mưu điều hành dự toán ngân sách, thu ngân sách vượt dự toán",
            "thẩm định quyết toán dự án hoàn thành đúng thời hạn",
        ),
        collective_award=BANG_KHEN_TINH,
    ),
    _department(
        f"Sở Công Thương {KT}",
        "QĐ-SCT",
        (
            "hỗ trợ doanh nghiệp xúc tiến thương mại, mở rộng thị trường xuất khẩu",
            "phát triển sản phẩm OCOP của tỉnh",
        ),
        collective_award=TTLDXS,
    ),
    _department(
        f"Sở Nông nghiệp và Phát triển nông thôn {KT}",
        "QĐ-SNNPTNT",
        (
            "triển khai Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
            "phát triển vùng trồng sâm Ngọc Linh và cây dược liệu",
        ),
        collective_award=BANG_KHEN_TINH,
    ),
    _department(
        f"Sở Tài nguyên và Môi trường {KT}",
        "QĐ-STNMT",
        (
            "cấp giấy chứng nhận quyền sử dụng đất đúng hạn",
            "kiểm soát ô nhiễm môi trường tại các khu công nghiệp",
        ),
        collective_award=TTLDXS,
    ),
    _department(
        f"Sở Xây dựng {KT}",
        "QĐ-SXD",
        (
            "quản lý quy hoạch, cấp phép xây dựng đúng quy định",
            "hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo",
        ),
        collective_award=BANG_KHEN_TINH,
    ),
    _department(
        f"Sở Thông tin và Truyền thông {KT}",
        "QĐ-STTTT",
        (
            "triển khai chuyển đổi số, nâng tỷ lệ hồ sơ trực tuyến toàn trình",
            "bảo đảm an toàn thông tin cho hệ thống chính quyền điện tử",
        ),
        collective_award=TTLDXS,
    ),
    _department(
        f"Sở Lao động - Thương binh và Xã hội {KT}",
        "QĐ-SLĐTBXH",
        (
            "thực hiện giảm nghèo bền vững, giảm tỷ lệ hộ nghèo trên 3%",
            "giải quyết việc làm, đào tạo nghề cho lao động nông thôn",
        ),
        collective_award=BANG_KHEN_TINH,
    ),
    _department(
        f"Sở Văn hóa, Thể thao và Du lịch {KT}",
        "QĐ-SVHTTDL",
        (
            "tổ chức Tuần Văn hóa - Du lịch, thu hút 1,8 triệu lượt khách",
            "bảo tồn không gian văn hóa cồng chiêng Tây Nguyên",
        ),
        collective_award=CO_THI_DUA_TINH,
    ),
    _department(
        f"Sở Giáo dục và Đào tạo {KT}",
        "QĐ-SGDĐT",
        (
            "tổ chức Kỳ thi tốt nghiệp THPT năm 2024 an toàn, đúng quy chế",
            "nâng tỷ lệ trường đạt chuẩn quốc gia ở vùng đồng bào dân tộc thiểu số",
        ),
    ),
    _department(
        f"Sở Y tế {KT}",
        "QĐ-SYT",
        (
            "nâng tỷ lệ bao phủ bảo hiểm y tế, triển khai tiêm chủng mở rộng",
            "phát triển y tế cơ sở, tăng số giường bệnh trên vạn dân",
        ),
        collective_award=BANG_KHEN_TINH,
    ),
    _department(
        f"Ban Dân tộc {KT}",
        "QĐ-BDT",
        (
            "triển khai Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng "
            "bào dân tộc thiểu số và miền núi",
            "thực hiện chính sách đối với người có uy tín trong đồng bào dân tộc thiểu số",
        ),
        head=f"Trưởng Ban Dân tộc {KT}",
        leader="Phó Trưởng Ban Dân tộc",
        collective_award=BANG_KHEN_TINH,
    ),
    _department(
        f"Sở Khoa học và Công nghệ {KT}",
        "QĐ-SKHCN",
        (
            "quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh",
            "hỗ trợ doanh nghiệp xây dựng, bảo hộ nhãn hiệu sâm Ngọc Linh",
        ),
        people=12,
    ),
    DemoUnit(
        chain=(f"Đài Phát thanh - Truyền hình {KT}",),
        people=12,
        head=f"Giám đốc Đài Phát thanh - Truyền hình {KT}",
        symbol="QĐ-ĐPTTH",
        staff="dai",
        leader="Phó Giám đốc Đài",
        tasks=(
            "sản xuất chương trình tiếng dân tộc Xơ Đăng, Ba Na, Giẻ Triêng",
            "tuyên truyền kịp thời các sự kiện chính trị của tỉnh",
        ),
        collective_award=CO_THI_DUA_TINH,
    ),
    DemoUnit(
        chain=("Trường Cao đẳng Kon Tum",),
        people=12,
        head="Hiệu trưởng Trường Cao đẳng Kon Tum",
        symbol="QĐ-CĐKT",
        staff="truong",
        leader="Phó Hiệu trưởng",
        tasks=(
            "đào tạo nghề cho lao động nông thôn, tỷ lệ có việc làm sau tốt nghiệp trên 85%",
            "đổi mới chương trình đào tạo gắn với doanh nghiệp",
        ),
        collective_award=TTLDXS,
    ),
    DemoUnit(
        chain=("Báo Kon Tum",),
        people=12,
        head="Tổng Biên tập Báo Kon Tum",
        symbol="QĐ-BKT",
        staff="bao",
        leader="Phó Tổng Biên tập",
        tasks=(
            "chuyển đổi số hoạt động báo chí, phát triển báo điện tử đa phương tiện",
            "đạt giải Báo chí toàn quốc về xây dựng Đảng (Giải Búa liềm vàng)",
        ),
        collective_award=TTLDXS,
    ),
    _commune(
        "Thành phố Kon Tum",
        "Phường Quang Trung",
        (
            "vận động nhân dân hiến đất mở rộng đường, chỉnh trang đô thị",
            "giải quyết thủ tục hành chính đúng hạn 100%",
        ),
    ),
    _commune(
        "Thành phố Kon Tum",
        "Phường Lê Lợi",
        (
            "xây dựng tuyến phố văn minh đô thị",
            "giữ vững an ninh trật tự, không để phát sinh điểm nóng",
        ),
    ),
    _commune(
        "Huyện Đăk Hà",
        "Thị trấn Đăk Hà",
        (
            "hoàn thành chỉ tiêu thu ngân sách trên địa bàn",
            "xây dựng thị trấn đạt chuẩn văn minh đô thị",
        ),
    ),
    _commune(
        "Huyện Ngọc Hồi",
        "Thị trấn Plei Kần",
        (
            "phát triển thương mại cửa khẩu Bờ Y",
            "giảm tỷ lệ hộ nghèo trong đồng bào dân tộc thiểu số",
        ),
    ),
    _commune(
        "Huyện Kon Plông",
        "Xã Măng Bút",
        (
            "phát triển du lịch cộng đồng gắn với bảo tồn văn hóa Xơ Đăng",
            "trồng rừng, bảo vệ rừng đầu nguồn",
        ),
    ),
)

# Positions by kind of unit: the leaders after the first person, then the staff.
POSITIONS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "so": (
        (
            "Chánh Văn phòng Sở",
            "Phó Chánh Văn phòng Sở",
            "Trưởng phòng Kế hoạch - Tài chính",
            "Phó Trưởng phòng Kế hoạch - Tài chính",
            "Trưởng phòng Quản lý chuyên ngành",
            "Chánh Thanh tra Sở",
        ),
        (
            "Chuyên viên",
            "Chuyên viên",
            "Chuyên viên chính",
            "Chuyên viên Văn phòng Sở",
            "Chuyên viên Phòng Kế hoạch - Tài chính",
            "Thanh tra viên",
            "Kế toán viên",
            "Văn thư",
            "Lái xe",
        ),
    ),
    "ban": (
        ("Phó Trưởng ban",),
        ("Chuyên viên", "Chuyên viên chính", "Chuyên viên"),
    ),
    "dai": (
        ("Trưởng phòng Thời sự", "Phó Trưởng phòng Chuyên đề", "Trưởng phòng Kỹ thuật"),
        ("Phóng viên", "Biên tập viên", "Phát thanh viên", "Kỹ thuật viên", "Quay phim"),
    ),
    "truong": (
        ("Trưởng khoa Nông - Lâm", "Trưởng phòng Đào tạo", "Phó Trưởng khoa Kinh tế"),
        ("Giảng viên", "Giảng viên", "Giảng viên chính", "Kế toán viên", "Chuyên viên"),
    ),
    "bao": (
        ("Trưởng ban Thời sự", "Trưởng ban Điện tử", "Phó Trưởng ban Trị sự"),
        ("Phóng viên", "Phóng viên", "Biên tập viên", "Họa sĩ trình bày", "Kỹ thuật viên"),
    ),
    "xa": (
        ("Phó Chủ tịch Ủy ban nhân dân",),
        (
            "Công chức Văn phòng - Thống kê",
            "Công chức Địa chính - Xây dựng",
            "Công chức Tư pháp - Hộ tịch",
            "Công chức Tài chính - Kế toán",
            "Công chức Văn hóa - Xã hội",
            "Chỉ huy trưởng Ban Chỉ huy Quân sự",
        ),
    ),
}

SURNAMES = (
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Võ", 4),
    ("Vũ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Đinh", 2),
    ("Trương", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Lương", 1),
    ("Đoàn", 1),
    ("Mai", 1),
    ("Hà", 1),
)
MIDDLE: Mapping[str, tuple[str, ...]] = {
    Gender.NAM: ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thanh", "Xuân", "Công"),
    Gender.NU: ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương"),
}
GIVEN: Mapping[str, str] = {  # space-separated
    Gender.NAM: (
        "An Bình Cường Dũng Đạt Đức Hải Hiếu Hoàng Hùng Huy Khánh Khoa Kiên Lâm Long Mạnh Nam "
        "Nghĩa Phong Phúc Quân Sơn Tài Thắng Thành Thịnh Toàn Trung Tuấn Tùng Việt Vinh Vũ"
    ),
    Gender.NU: (
        "An Anh Châu Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hương Huyền Lan Liên Linh Loan "
        "Mai My Nga Ngân Nhung Oanh Phương Quyên Tâm Thảo Thoa Thủy Trang Trinh Uyên Vân Yến"
    ),
}
# Xơ Đăng, Ba Na, Giẻ Triêng names: "A" for men, "Y" for women, then the given name.
ETHNIC_GIVEN: Mapping[str, tuple[str, ...]] = {
    Gender.NAM: ("Blương", "Dũng", "Kiên", "Pớt", "Thuận", "Sang", "Vương", "Ninh", "Thái"),
    Gender.NU: ("Linh", "Nhung", "Xuân", "Thoa", "Kiều", "Hơ", "Bích", "Ngân", "Hoa"),
}


def _full_name(rng: random.Random, gender: str, taken: set[str]) -> str:
    while True:
        if rng.random() < 0.09:
            prefix = "A" if gender == Gender.NAM else "Y"
            name = f"{prefix} {rng.choice(ETHNIC_GIVEN[gender])}"
        else:
            surname = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
            middle, given = rng.choice(MIDDLE[gender]), rng.choice(GIVEN[gender].split())
            name = f"{surname} {middle} {given}" if middle != given else ""
        if name and name not in taken:
            taken.add(name)
            return name


@dataclass
class PlannedPerson:
    unit: DemoUnit
    full_name: str
    gender: str
    birth_year: int
    position: str
    category: str
    ratings: dict[int, str]
    cstd_years: set[int] = field(default_factory=set)
    story: str = ""  # "cstd_tinh", "complaint", "inspection", "disciplined", "served"


def _base_rating(rng: random.Random) -> str:
    draw = rng.random()
    return Rating.HTXSNV if draw < 0.15 else Rating.HTTNV if draw < 0.96 else Rating.HTNV


def _plan_people(rng: random.Random) -> list[PlannedPerson]:
    taken: set[str] = set()
    people: list[PlannedPerson] = []
    for unit in UNITS:
        leaders, staff = POSITIONS[unit.staff]
        middle = max(1, round(unit.people * 0.2))
        for index in range(unit.people):
            gender = Gender.NU if rng.random() < 0.47 else Gender.NAM
            if index == 0:
                position, category = unit.leader, unit.leader_category
            elif index <= middle:
                position = leaders[(index - 1) % len(leaders)]
                category = PersonCategory.LANH_DAO_KHAC
            else:
                position, category = rng.choice(staff), PersonCategory.TRUC_TIEP
            if unit.staff == "xa" and 0 < index <= middle:
                position = f"Phó {unit.leader}"  # "Phó Chủ tịch Ủy ban nhân dân phường"
            senior = category != PersonCategory.TRUC_TIEP
            birth_year = rng.randint(1967, 1980) if senior else rng.randint(1972, 1997)
            first_year = max(HISTORY_FROM, birth_year + 23)
            people.append(
                PlannedPerson(
                    unit=unit,
                    full_name=_full_name(rng, gender, taken),
                    gender=gender,
                    birth_year=birth_year,
                    position=position,
                    category=category,
                    ratings={year: _base_rating(rng) for year in range(first_year, YEAR + 1)},
                )
            )
    _plan_stories(people, rng)
    return people


# Units of the eight CSTĐ cấp tỉnh candidates, and of the people whose cases show holds and
# discipline.
CSTD_TINH_UNITS = (
    "Sở Y tế tỉnh Kon Tum",
    "Sở Giáo dục và Đào tạo tỉnh Kon Tum",
    "Sở Tài chính tỉnh Kon Tum",
    "Sở Tư pháp tỉnh Kon Tum",
    "Trường Cao đẳng Kon Tum",
    "Sở Kế hoạch và Đầu tư tỉnh Kon Tum",
    "Sở Tài nguyên và Môi trường tỉnh Kon Tum",
    "Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum",
)
STORY_UNITS = {
    "complaint": "Sở Công Thương tỉnh Kon Tum",
    "inspection": "Sở Xây dựng tỉnh Kon Tum",
    "disciplined": "Thị trấn Đăk Hà",
    "served": "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
}


def _plan_stories(people: list[PlannedPerson], rng: random.Random) -> None:
    """Who shows what: the cases of holds and discipline, the CSTĐ cấp tỉnh candidates (three
    CSTĐ cơ sở in a row), someone with CSTĐ cơ sở 2024 in every TTLĐXS candidate, and a few
    CSTĐ cơ sở over the years; their ratings follow."""

    def staff_of(unit_name: str, since: int) -> list[PlannedPerson]:
        return [
            p
            for p in people
            if p.unit.name == unit_name
            and not p.story
            and p.category != PersonCategory.LANH_DAO_SO
            and min(p.ratings) <= since
        ]

    for story, unit_name in STORY_UNITS.items():
        rng.choice(staff_of(unit_name, 2021)).story = story
    for unit_name in CSTD_TINH_UNITS:
        person = rng.choice(staff_of(unit_name, YEAR - 2))
        person.story = "cstd_tinh"
        person.cstd_years = {YEAR - 2, YEAR - 1, YEAR}
    for unit in UNITS:
        if unit.collective_award == TTLDXS and not any(
            p.unit is unit and YEAR in p.cstd_years for p in people
        ):
            rng.choice(staff_of(unit.name, YEAR)).cstd_years.add(YEAR)
    for person in rng.sample(people, 40):
        year = rng.randint(HISTORY_FROM, YEAR)
        if not person.story and year in person.ratings:
            person.cstd_years.add(year)
    for person in people:
        for year in person.cstd_years:
            person.ratings[year] = Rating.HTXSNV
        if person.story == "disciplined":
            person.ratings[YEAR] = Rating.HTNV
        if person.story == "served":
            person.ratings[2021] = Rating.HTNV
        if person.unit.collective_award == TTLDXS and person.ratings[YEAR] == Rating.HTNV:
            person.ratings[YEAR] = Rating.HTTNV  # the unit's 70 % LĐTT holds comfortably


# --- Decision numbers and dates of the history ----------------------------------------------


class Decisions:
    """One decision per issuer, year and award (a decision lists many people), numbered and
    dated plausibly: in late December of the year or in January of the next."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.known: dict[tuple[str, int, str], tuple[str, datetime.date]] = {}

    def of(self, issuer: str, symbol: str, year: int, award: str) -> tuple[str, datetime.date]:
        key = (issuer, year, award)
        if key not in self.known:
            if year == YEAR:  # the units' own 2024 awards, decided before the round
                day = self.rng.choice(UNIT_AWARDS_DAYS)
            elif self.rng.random() < 0.6:
                day = datetime.date(year, 12, self.rng.randint(15, 30))
            else:
                day = datetime.date(year + 1, 1, self.rng.randint(5, 20))
            if day.month == 1:
                number = self.rng.randint(4, 60)
            elif issuer == PROVINCE_ISSUER:
                number = self.rng.randint(1280, 1460)
            elif symbol == "QĐ-UBND":  # a district's people's committee
                number = self.rng.randint(1050, 1420)
            else:
                number = self.rng.randint(300, 480)
            self.known[key] = (f"{number}/{symbol}", day)
        return self.known[key]


# --- Writing the registry -------------------------------------------------------------------


@dataclass
class Registry:
    root: OrgUnit
    units: dict[str, OrgUnit]  # by DemoUnit.name
    proposers: dict[str, OrgUnit]  # by DemoUnit.name: the unit that sends its nominations
    people: list[tuple[PlannedPerson, Person]]
    initiatives: dict[int, str]  # person id → title of the provincial initiative


def _resolve(root: OrgUnit, chain: Sequence[str]) -> list[OrgUnit]:
    units = OrgUnit.objects.valid_on(UNITS_DAY)
    found = [root]
    for name in chain:
        found.append(units.get(parent=found[-1], name=name))
    return found[1:]


def _award_rows(
    planned: PlannedPerson, person: Person, decisions: Decisions, rng: random.Random
) -> list[AwardRecord]:
    unit = planned.unit
    rows = []

    def add(year: int, award: str, issuer: str, symbol: str) -> None:
        number, day = decisions.of(issuer, symbol, year, award)
        rows.append(
            AwardRecord(
                person=person,
                year=year,
                award=award,
                award_type=AwardType.PHONG_TRAO,
                decision_number=number,
                decision_date=day,
                issuer=issuer,
                category=person.category,
            )
        )

    for year, rating in sorted(planned.ratings.items()):
        if rating in (Rating.HTXSNV, Rating.HTTNV):
            add(year, LDTT, unit.head, unit.symbol)
        if year in planned.cstd_years:
            add(year, CSTD_CO_SO, unit.head, unit.symbol)
    history = [year for year in planned.ratings if year < YEAR]
    if history and rng.random() < 0.14:
        add(rng.choice(history), GIAY_KHEN, unit.head, unit.symbol)
    early = [year for year in history if year <= YEAR - 2]
    if early and rng.random() < 0.05:
        add(rng.choice(early), BANG_KHEN_TINH, PROVINCE_ISSUER, "QĐ-UBND")
    return rows


def _collective_rows(
    unit: DemoUnit, org_unit: OrgUnit, decisions: Decisions, rng: random.Random
) -> tuple[list[PerformanceRating], list[AwardRecord]]:
    ratings, awards = [], []
    for year in range(HISTORY_FROM, YEAR + 1):
        excellent = rng.random() < 0.35 or (year == YEAR and unit.collective_award == TTLDXS)
        rating = Rating.HTXSNV if excellent else Rating.HTTNV
        ratings.append(PerformanceRating(collective=org_unit, year=year, rating=rating))
        if year == YEAR:
            continue
        if len(unit.chain) == 1:
            issuer, symbol = PROVINCE_ISSUER, "QĐ-UBND"
        else:  # a department's internal unit or a commune: its parent's head decides
            issuer, symbol = unit.head, unit.symbol
        award = TTLDXS if excellent and len(unit.chain) == 1 else TTLDTT
        extra = []
        if unit.collective_award == CO_THI_DUA_TINH and year == YEAR - 2:
            extra.append(CO_THI_DUA_TINH)
        if unit.collective_award == BANG_KHEN_TINH and year == YEAR - 3:
            extra.append(BANG_KHEN_TINH)
        for code in (award, *extra):
            code_issuer, code_symbol = (
                (PROVINCE_ISSUER, "QĐ-UBND") if code != TTLDTT else (issuer, symbol)
            )
            number, day = decisions.of(code_issuer, code_symbol, year, f"{code}:collective")
            awards.append(
                AwardRecord(
                    collective=org_unit,
                    year=year,
                    award=code,
                    award_type=AwardType.PHONG_TRAO,
                    decision_number=number,
                    decision_date=day,
                    issuer=code_issuer,
                    category="",
                )
            )
    return ratings, awards


INITIATIVE_TITLES = (
    "Giải pháp số hóa hồ sơ lưu trữ và tra cứu văn bản trên môi trường mạng",
    "Quy trình phối hợp liên thông giải quyết thủ tục hành chính giữa các phòng chuyên môn",
    "Ứng dụng bản đồ số trong theo dõi, đôn đốc thực hiện nhiệm vụ được giao",
    "Mô hình tổ chức bồi dưỡng trực tuyến cho cán bộ cơ sở vùng sâu, vùng xa",
    "Bộ tiêu chí đánh giá mức độ hài lòng của người dân đối với dịch vụ công",
    "Giải pháp nâng cao tỷ lệ thanh toán trực tuyến phí, lệ phí",
    "Cải tiến quy trình thẩm định, tổng hợp số liệu báo cáo định kỳ",
    "Phần mềm theo dõi tiến độ giải ngân vốn đầu tư công",
    "Mô hình tuyên truyền pháp luật bằng tiếng dân tộc thiểu số",
    "Giải pháp quản lý tài sản công bằng mã QR",
)


def load_registry(root: OrgUnit, rng: random.Random) -> Registry:
    """People through the services; ratings and awards in bulk (one audit entry)."""
    units: dict[str, OrgUnit] = {}
    proposers: dict[str, OrgUnit] = {}
    for unit in UNITS:
        chain = _resolve(root, unit.chain)
        units[unit.name], proposers[unit.name] = chain[-1], chain[0]
    decisions = Decisions(rng)
    people: list[tuple[PlannedPerson, Person]] = []
    ratings: list[PerformanceRating] = []
    awards: list[AwardRecord] = []
    for planned in _plan_people(rng):
        person = person_create(
            actor=None,
            full_name=planned.full_name,
            gender=planned.gender,
            unit=units[planned.unit.name],
            category=planned.category,
            birth_year=planned.birth_year,
            position=planned.position,
            is_demo=True,
        )
        people.append((planned, person))
        ratings += [
            PerformanceRating(person=person, year=year, rating=rating)
            for year, rating in planned.ratings.items()
        ]
        awards += _award_rows(planned, person, decisions, rng)
    for unit in UNITS:
        unit_ratings, unit_awards = _collective_rows(unit, units[unit.name], decisions, rng)
        ratings += unit_ratings
        awards += unit_awards
    PerformanceRating.objects.bulk_create(ratings, batch_size=500)
    AwardRecord.objects.bulk_create(awards, batch_size=500)
    initiatives = _load_cases(people, rng)
    audit_record(
        actor=None,
        action="demo.commendation_loaded",
        object_type="commendation.awardrecord",
        object_repr=f"Lịch sử xếp loại, khen thưởng {HISTORY_FROM}–{YEAR} (minh họa)",
        unit=root,
        after={"people": len(people), "ratings": len(ratings), "award_records": len(awards)},
        note="Dữ liệu minh họa: xếp loại và khen thưởng các năm được nạp hàng loạt.",
    )
    return Registry(root, units, proposers, people, initiatives)


def _load_cases(people: list[tuple[PlannedPerson, Person]], rng: random.Random) -> dict[int, str]:
    """Initiatives, holds and discipline, through the services (they are few)."""
    provincial: dict[int, str] = {}
    titles = iter(INITIATIVE_TITLES)
    for planned, person in people:
        if planned.story == "cstd_tinh":
            title = next(titles)
            provincial[person.pk] = title
            initiative_create(
                actor=None,
                person=person,
                title=title,
                year=YEAR - 1,
                scope=InitiativeScope.TINH,
                recognised_by="Hội đồng Sáng kiến tỉnh Kon Tum",
                decision_number=f"{rng.randint(1100, 1300)}/QĐ-UBND",
            )
        elif planned.cstd_years and rng.random() < 0.5:
            initiative_create(
                actor=None,
                person=person,
                title=rng.choice(INITIATIVE_TITLES),
                year=max(planned.cstd_years),
                scope=InitiativeScope.CO_SO,
                recognised_by=f"Hội đồng Sáng kiến cơ sở, {planned.unit.name}",
                decision_number=f"{rng.randint(200, 480)}/{planned.unit.symbol}",
            )
        if planned.story == "complaint":
            hold_create(
                actor=None,
                subject=person,
                kind=PendingKind.COMPLAINT,
                since=datetime.date(YEAR, 11, 4),
                note="Có đơn tố cáo đang được xác minh, giải quyết (minh họa).",
            )
        elif planned.story == "inspection":
            hold_create(
                actor=None,
                subject=person,
                kind=PendingKind.INSPECTION,
                since=datetime.date(YEAR, 9, 16),
                note="Đang thanh tra công vụ việc cấp phép xây dựng (minh họa).",
            )
        elif planned.story == "disciplined":
            discipline_record_create(
                actor=None,
                person=person,
                level=DisciplineLevel.KHIEN_TRACH,
                starts_on=datetime.date(YEAR, 4, 15),
                ends_on=datetime.date(YEAR + 1, 4, 14),
                note="Chậm giải quyết hồ sơ đất đai (minh họa).",
            )
        elif planned.story == "served":
            discipline_record_create(
                actor=None,
                person=person,
                level=DisciplineLevel.KHIEN_TRACH,
                starts_on=datetime.date(2021, 3, 1),
                ends_on=datetime.date(2022, 2, 28),
                note="Đã chấp hành xong thời hạn kỷ luật (minh họa).",
            )
    return provincial


# --- Dossier files ----------------------------------------------------------------------------


def _pdf_text(text: str) -> str:
    ascii_text = strip_diacritics(text).encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(title: str, lines: Iterable[str] = ()) -> bytes:
    """A one-page A4 PDF with a few lines of text (without diacritics: the standard fonts have
    none), marked as demo material."""
    body = [f"({_pdf_text(DEMO_MARK)}) Tj", "T*", f"({_pdf_text(title)}) Tj"]
    body += [item for line in lines for item in ("T*", f"({_pdf_text(line)}) Tj")]
    stream = "BT /F1 12 Tf 16 TL 56 780 Td " + " ".join(body) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{content}\nendobj\n".encode("ascii"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
    out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii"))
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out.write(trailer.encode("ascii"))
    return out.getvalue()


DOSSIER = (
    (DossierKind.TO_TRINH, "Tờ trình đề nghị khen thưởng.pdf"),
    (DossierKind.BAO_CAO, "Báo cáo thành tích.pdf"),
    (DossierKind.BIEN_BAN, "Biên bản họp xét thi đua, khen thưởng.pdf"),
)
PROOF = (DossierKind.MINH_CHUNG, "Quyết định công nhận sáng kiến.pdf")


def _attach_dossier(nomination: Nomination, kinds: Sequence[tuple[str, str]]) -> None:
    subject = str(nomination.subject)
    for kind, name in kinds:
        content = demo_pdf(name.removesuffix(".pdf"), [subject, nomination.unit.name])
        dossier_file_add(actor=None, nomination=nomination, kind=kind, name=name, content=content)


# --- The 2024 round -------------------------------------------------------------------------


@dataclass
class Candidate:
    subject: Subject
    unit: DemoUnit
    award: str
    achievement: str
    story: str = ""


def _achievement(unit: DemoUnit, award: str, rng: random.Random, *, rating: str = "") -> str:
    task = rng.choice(unit.tasks)
    if award == CSTD_TINH:
        return (
            f"03 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở ({YEAR - 2}, {YEAR - 1}, "
            f"{YEAR}); có sáng kiến được công nhận phạm vi ảnh hưởng cấp tỉnh; {task}."
        )
    if award == TTLDXS:
        return (
            f"Tập thể hoàn thành xuất sắc nhiệm vụ năm {YEAR}; 100% cá nhân hoàn thành nhiệm "
            f"vụ, trên 70% đạt danh hiệu Lao động tiên tiến, có cá nhân đạt danh hiệu Chiến sĩ "
            f"thi đua cơ sở; {task}."
        )
    if award == CO_THI_DUA_TINH:
        return f"Dẫn đầu khối thi đua năm {YEAR}; {task}."
    if rating:
        level = "xuất sắc" if rating == Rating.HTXSNV else "tốt"
        return f"Hoàn thành {level} nhiệm vụ năm {YEAR}; có nhiều đóng góp trong việc {task}."
    return f"Tập thể hoàn thành xuất sắc nhiệm vụ năm {YEAR}; {task}."


def _candidates(registry: Registry, rng: random.Random) -> list[Candidate]:
    candidates = []
    for planned, person in registry.people:
        rating = planned.ratings[YEAR]
        if rating == Rating.HTNV and planned.story != "disciplined":
            continue
        award = CSTD_TINH if planned.story == "cstd_tinh" else BANG_KHEN_TINH
        achievement = _achievement(planned.unit, award, rng, rating=rating)
        if award == CSTD_TINH:
            title = registry.initiatives[person.pk]
            achievement += f" Sáng kiến: “{title}”."
        candidates.append(Candidate(person, planned.unit, award, achievement, planned.story))
    ordinary = [c for c in candidates if c.award == BANG_KHEN_TINH and not c.story]
    collectives = sum(1 for unit in UNITS if unit.collective_award)
    left_out = {id(c) for c in rng.sample(ordinary, len(candidates) + collectives - NOMINATIONS)}
    candidates = [c for c in candidates if id(c) not in left_out]
    for unit in UNITS:
        if unit.collective_award:
            candidates.append(
                Candidate(
                    registry.units[unit.name],
                    unit,
                    unit.collective_award,
                    _achievement(unit, unit.collective_award, rng),
                )
            )
    return candidates


RETURN_REASONS = (
    "Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị trình khen; đề nghị bổ sung.",
    "Báo cáo thành tích chưa nêu kết quả, số liệu cụ thể của năm 2024; đề nghị hoàn thiện "
    "theo mẫu.",
    "Biên bản họp xét của Hội đồng Thi đua - Khen thưởng đơn vị chưa ghi kết quả bỏ phiếu; đề "
    "nghị bổ sung.",
    "Chức vụ của cá nhân trong tờ trình không khớp với báo cáo thành tích; đề nghị rà soát.",
)
STORY_RETURN_REASONS = {
    "complaint": "Cá nhân có đơn tố cáo đang được giải quyết; chưa xem xét khen thưởng cho đến "
    "khi có kết luận (khoản 4 Điều 4 Nghị định số 98/2023/NĐ-CP).",
    "disciplined": "Cá nhân bị kỷ luật khiển trách năm 2024, đang trong thời hạn kỷ luật; chưa "
    "đủ điều kiện khen thưởng thành tích năm 2024 (khoản 4 Điều 4 Nghị định số 98/2023/NĐ-CP).",
}
WITHDRAWAL_REASON = "Cá nhân chuyển công tác ra ngoài tỉnh; đơn vị rút đề nghị."
IN_APPRAISAL = 4  # plus the one held by an inspection: the office's queue
FAILING = 4  # Bằng khen nominations the council does not pass


@dataclass
class RoundPlan:
    returned: dict[int, str]  # nomination id → reason
    in_appraisal: set[int]
    withdrawn: set[int]
    failing: set[int]


def _plan_round(nominations: list[tuple[Candidate, Nomination]], rng: random.Random) -> RoundPlan:
    ordinary = [
        nomination.pk
        for candidate, nomination in nominations
        if isinstance(candidate.subject, Person)
        and candidate.award == BANG_KHEN_TINH
        and not candidate.story
    ]
    picked = rng.sample(ordinary, len(RETURN_REASONS) + IN_APPRAISAL + 1 + FAILING)
    returned = dict(zip(picked, RETURN_REASONS, strict=False))  # the first ones
    rest = picked[len(RETURN_REASONS) :]
    by_story = {candidate.story: nomination.pk for candidate, nomination in nominations}
    for story, reason in STORY_RETURN_REASONS.items():
        returned[by_story[story]] = reason
    return RoundPlan(
        returned=returned,
        in_appraisal={*rest[:IN_APPRAISAL], by_story["inspection"]},
        withdrawn={rest[IN_APPRAISAL]},
        failing=set(rest[IN_APPRAISAL + 1 :]),
    )


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIME_ZONE)


def load_round_2024(registry: Registry, rng: random.Random) -> tuple[Round, RoundPlan]:
    """The round: nominations with dossiers sent in early December, then appraised."""
    round_ = round_create(
        actor=None,
        issuer=registry.root,
        name=ROUND_NAME,
        kind=RoundKind.ANNUAL,
        year=YEAR,
        submission_deadline=DEADLINE,
        appraisal_working_days=20,
        comment_working_days=0,
        is_demo=True,
    )
    # Each proposing unit sends its nominations together, on one day.
    sent_on = {unit.pk: rng.choice(SUBMISSION_DAYS) for unit in registry.proposers.values()}
    nominations: list[tuple[Candidate, Nomination]] = []
    for candidate in _candidates(registry, rng):
        nomination = nomination_create(
            actor=None,
            round_=round_,
            unit=registry.proposers[candidate.unit.name],
            subject=candidate.subject,
            award=candidate.award,
            achievement=candidate.achievement,
        )
        _attach_dossier(nomination, (*DOSSIER, PROOF) if candidate.award == CSTD_TINH else DOSSIER)
        nomination = nomination_submit(
            actor=None, nomination=nomination, today=sent_on[nomination.unit_id]
        )
        nominations.append((candidate, nomination))
    plan = _plan_round(nominations, rng)
    holidays = frozenset(day for day, _ in HOLIDAYS)
    moved: dict[datetime.date, list[int]] = {}
    for _candidate, nomination in nominations:
        submitted = sent_on[nomination.unit_id]
        moved.setdefault(submitted - datetime.timedelta(days=rng.randint(1, 4)), []).append(
            nomination.pk
        )
        appraised = min(
            add_working_days(submitted, rng.randint(2, 6), holidays), LAST_APPRAISAL_DAY
        )
        if nomination.pk in plan.returned:
            nomination_return(
                actor=None, nomination=nomination, reason=plan.returned[nomination.pk]
            )
            # The service stamps the clock's time; the demo's return happened in 2024.
            Nomination.objects.filter(pk=nomination.pk).update(appraised_at=_at(appraised, 15))
        elif nomination.pk in plan.withdrawn:
            nomination_withdraw(actor=None, nomination=nomination, reason=WITHDRAWAL_REASON)
        elif nomination.pk not in plan.in_appraisal:
            nomination_accept(actor=None, nomination=nomination, today=appraised)
    round_close(actor=None, round_=round_)
    # Drafts and their files were prepared a few days before they were sent.
    for day, ids in moved.items():
        Nomination.objects.filter(pk__in=ids).update(created_at=_at(day, 8))
        DossierFile.objects.filter(nomination_id__in=ids).update(created_at=_at(day, 10))
    Round.objects.filter(pk=round_.pk).update(created_at=_at(datetime.date(YEAR, 11, 1)))
    return round_, plan


# --- The council -----------------------------------------------------------------------------

# The provincial council of 2024 (fictitious people). The demo account "hoidong" is
# "Lê Văn Cường"; the absent member sends a written opinion.
COUNCIL: tuple[tuple[str, str], ...] = (
    ("Trịnh Quang Vinh", "Chủ tịch Hội đồng, Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Đoàn Thị Thu Hà", "Phó Chủ tịch Hội đồng, Phó Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Lương Văn Thắng", "Phó Chủ tịch thường trực Hội đồng, Giám đốc Sở Nội vụ"),
    ("Hà Thị Ngọc Bích", "Phó Chủ tịch Hội đồng, Chủ tịch Liên đoàn Lao động tỉnh"),
    ("Lê Văn Cường", "Ủy viên, Chánh Văn phòng Ủy ban nhân dân tỉnh"),
    ("Mai Xuân Trường", "Ủy viên, Giám đốc Sở Tài chính"),
    ("Châu Minh Tiến", "Ủy viên, Giám đốc Sở Kế hoạch và Đầu tư"),
    ("Tôn Nữ Diệu Linh", "Ủy viên, Giám đốc Sở Giáo dục và Đào tạo"),
    ("Kiều Văn Hòa", "Ủy viên, Giám đốc Sở Tư pháp"),
    ("Lục Thị Hồng Nhung", "Ủy viên, Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("A Thuận", "Ủy viên, Trưởng Ban Dân tộc tỉnh"),
    ("Y Hằng", "Ủy viên, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
    ("Khổng Minh Quân", "Ủy viên, Bí thư Tỉnh đoàn"),
    ("Ông Văn Lộc", "Ủy viên, Chủ tịch Hội Nông dân tỉnh"),
    ("Thái Quang Nhật", "Ủy viên thư ký, Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ"),
)
COUNCIL_USER = ("hoidong", "Lê Văn Cường")
ABSENT_MEMBER = "Y Hằng"
RECUSING_MEMBER = "Lương Văn Thắng"  # stands aside when Sở Nội vụ is the candidate
SIGNER = ("Đoàn Thị Thu Hà", "KT. Chủ tịch – Phó Chủ tịch")


def _tally(
    nomination: Nomination, plan: RoundPlan, failing_cstd: int, rng: random.Random
) -> dict[str, int]:
    if nomination.pk in plan.failing:
        agree = rng.randint(5, 7)
        return {"agree": agree, "disagree": 12 - agree, "abstain": 2, "written_disagree": 1}
    if nomination.pk == failing_cstd:  # 11/15 = 73,3 %: CSTĐ cấp tỉnh needs 90 %
        return {"agree": 10, "disagree": 3, "abstain": 1, "written_agree": 1}
    if nomination.award == CSTD_TINH:
        agree = rng.choice((13, 14))
        return {"agree": agree, "disagree": 14 - agree, "written_agree": 1}
    agree = rng.choice((14, 14, 14, 13, 13, 12))
    disagree = rng.randint(0, 14 - agree)
    abstain = 14 - agree - disagree
    return {"agree": agree, "disagree": disagree, "abstain": abstain, "written_agree": 1}


def load_council(round_: Round, plan: RoundPlan, rng: random.Random) -> CouncilSession:
    """The members of 2024, and the session of 20/12/2024 with its anonymous tallies."""
    issuer = round_.issuer
    user = User.objects.filter(username=COUNCIL_USER[0]).first()
    members = {
        name: council_member_add(
            actor=None,
            council_of=issuer,
            year=YEAR,
            full_name=name,
            position=position,
            user=user if name == COUNCIL_USER[1] else None,
            order=order,
        )
        for order, (name, position) in enumerate(COUNCIL, start=1)
    }
    session = session_create(
        actor=None,
        round_=round_,
        held_on=SESSION_DAY,
        ballot_mode=BallotMode.ANONYMOUS,
        place="Phòng họp số 1, Ủy ban nhân dân tỉnh Kon Tum",
    )
    session_attendance_set(
        actor=None,
        session=session,
        present_ids=[m.pk for name, m in members.items() if name != ABSENT_MEMBER],
    )
    candidates = list(
        session.candidates.select_related("unit", "person", "collective").order_by("id")
    )
    failing_cstd = rng.choice([n.pk for n in candidates if n.award == CSTD_TINH])
    borderline = max(n.pk for n in candidates if n.award == CO_THI_DUA_TINH)
    for nomination in candidates:
        recused: list[int] = []
        if nomination.collective is not None and nomination.collective.name.startswith("Sở Nội vụ"):
            recused = [members[RECUSING_MEMBER].pk]
            tally = {"agree": 12, "disagree": 1, "written_agree": 1}  # 13/14: recusal leaves
        elif nomination.pk == borderline:  # 12/15 = 80 %: just enough for a Cờ thi đua
            tally = {"agree": 11, "disagree": 2, "abstain": 1, "written_agree": 1}
        else:
            tally = _tally(nomination, plan, failing_cstd, rng)
        votes_record(
            actor=None, session=session, nomination=nomination, tally=tally, recused_ids=recused
        )
    session = session_close(actor=None, session=session)
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=_at(SESSION_DAY, 16))
    return session


def load_decision(round_: Round) -> Decision:
    """The Bằng khen decision: drafted, signed on 27/12/2024, scanned and published. The other
    passed nominations (CSTĐ, TTLĐXS, Cờ thi đua) are left for the office to decide."""
    decision = decision_draft(
        actor=None,
        round_=round_,
        award=BANG_KHEN_TINH,
        title="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể, cá "
        f"nhân đã có thành tích xuất sắc trong phong trào thi đua năm {YEAR} (minh họa)",
    )
    # The province's register was kept in its e-office until then: continue its numbering.
    decision_register_continue(
        actor=None, issuer=round_.issuer, year=YEAR, symbol="QĐ-UBND", last_number=2950
    )
    signer_name, signer_title = SIGNER
    decision = decision_sign(
        actor=None,
        decision=decision,
        signed_on=SIGNING_DAY,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    scan = demo_pdf(
        f"Quyet dinh so {decision.number} ngay {SIGNING_DAY:%d/%m/%Y}",
        [decision.title, f"{signer_title} {signer_name}", f"{decision.items.count()} dong"],
    )
    decision = decision_attach_scan(
        actor=None, decision=decision, name=f"Quyết định {YEAR} (bản ký).pdf", content=scan
    )
    decision = decision_publish(actor=None, decision=decision)
    Decision.objects.filter(pk=decision.pk).update(
        created_at=_at(datetime.date(YEAR, 12, 23)), published_at=_at(PUBLICATION_DAY, 10)
    )
    return decision


# --- An open round of today's province --------------------------------------------------------

OPEN_PEOPLE = (
    ("Đinh Thị Thanh Tâm", Gender.NU, 1986, "Công chức Văn phòng - Thống kê phường"),
    ("Phan Quốc Huy", Gender.NAM, 1982, "Phó Chủ tịch Ủy ban nhân dân phường"),
)


def _open_round_history(person: Person, today: datetime.date) -> None:
    for year in range(today.year - 4, today.year):
        rating_set(actor=None, subject=person, year=year, rating=Rating.HTTNV)
        decided = datetime.date(year, 12, 20)
        district_era = decided < MERGER_DAY
        award_record_create(
            actor=None,
            subject=person,
            year=year,
            award=LDTT,
            award_type=AwardType.PHONG_TRAO,
            decision_number=f"{1100 + (year % 100) * 3}/QĐ-UBND",
            decision_date=decided,
            issuer="Chủ tịch Ủy ban nhân dân thành phố Kon Tum"
            if district_era
            else f"Chủ tịch Ủy ban nhân dân {person.unit.name[0].lower()}{person.unit.name[1:]}",
        )


def load_open_round() -> tuple[Round, list[Nomination]]:
    """A thematic round of today's province, open for 45 days, with the nominations of the
    ward that the demo account "nhaplieu" works for: one sent (in the office's queue), one
    ready to send, one draft of the ward itself whose dossier is still incomplete."""
    today = local_today()
    province = OrgUnit.objects.get(
        parent__isnull=True, code=merged_province().code, valid_to__isnull=True
    )
    ward = (
        Membership.objects.filter(user__username="nhaplieu", unit__valid_to__isnull=True)
        .select_related("unit")
        .get()
        .unit
    )
    round_ = round_create(
        actor=None,
        issuer=province,
        name=f"Khen thưởng chuyên đề chuyển đổi số, cải cách hành chính năm {today.year} "
        "(minh họa)",
        kind=RoundKind.THEMATIC,
        year=today.year,
        submission_deadline=today + datetime.timedelta(days=OPEN_ROUND_DAYS),
        appraisal_working_days=20,
        comment_working_days=5,
        is_demo=True,
    )
    people = []
    for full_name, gender, birth_year, position in OPEN_PEOPLE:
        person = person_create(
            actor=None,
            full_name=full_name,
            gender=gender,
            unit=ward,
            category=PersonCategory.TRUC_TIEP
            if position.startswith("Công chức")
            else PersonCategory.LANH_DAO_KHAC,
            birth_year=birth_year,
            position=position,
            is_demo=True,
        )
        _open_round_history(person, today)
        people.append(person)
    achievements = (
        "Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình; tỷ lệ hồ sơ trực tuyến của "
        "phường đạt trên 85%, không có hồ sơ trễ hạn.",
        "Chỉ đạo làm sạch dữ liệu dân cư, kết nối dữ liệu hộ tịch với Cơ sở dữ liệu quốc gia "
        "về dân cư đúng tiến độ.",
        "Phường dẫn đầu tỉnh về tỷ lệ thanh toán trực tuyến phí, lệ phí thủ tục hành chính.",
    )
    subjects: list[Subject] = [*people, ward]
    nominations = []
    for index, (subject, achievement) in enumerate(zip(subjects, achievements, strict=True)):
        nomination = nomination_create(
            actor=None,
            round_=round_,
            unit=ward,
            subject=subject,
            award=BANG_KHEN_TINH,
            achievement=achievement,
        )
        # Today's dossiers start from the documents the system drafts from the registry; the
        # ward's own has only its báo cáo so far.
        complete = index < len(people)
        kinds = [DossierKind.TO_TRINH, DossierKind.BAO_CAO] if complete else [DossierKind.BAO_CAO]
        for kind in kinds:
            dossier_file_generate(actor=None, nomination=nomination, kind=kind)
        if complete:
            _attach_dossier(nomination, DOSSIER[2:])  # the signed minutes, scanned
        if index == 0:
            nomination = nomination_submit(actor=None, nomination=nomination)
        nominations.append(nomination)
    return round_, nominations


# --- Entry point ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommendationDemo:
    holidays: int
    people: int
    nominations: int
    statuses: Counter[str]
    session_candidates: int
    decision_number: str
    decision_items: int
    open_round: str
    open_nominations: int

    def describe(self) -> str:
        labels = dict(NominationStatus.choices)
        parts = ", ".join(
            f"{count} {str(labels[status]).lower()}" for status, count in self.statuses.items()
        )
        return (
            f"Khen thưởng: {self.people} cá nhân minh họa (lịch sử {HISTORY_FROM}–{YEAR}); "
            f"đợt “{ROUND_NAME}” có {self.nominations} đề nghị ({parts}); Hội đồng họp "
            f"{SESSION_DAY:%d/%m/%Y} xét {self.session_candidates} đề nghị; Quyết định số "
            f"{self.decision_number} tặng {self.decision_items} Bằng khen; đợt đang mở "
            f"“{self.open_round}” có {self.open_nominations} đề nghị.\n"
        )


def load_commendation_2024() -> CommendationDemo:
    """The whole commendation demo (inside the loader's transaction)."""
    rng = random.Random(YEAR)  # noqa: S311 - demo figures, not security
    holidays = load_holidays()
    root = OrgUnit.objects.valid_on(UNITS_DAY).get(parent__isnull=True, code=DEMO_PROVINCE_CODE)
    registry = load_registry(root, rng)
    round_, plan = load_round_2024(registry, rng)
    session = load_council(round_, plan, rng)
    decision = load_decision(round_)
    open_round, open_nominations = load_open_round()
    statuses = Counter(round_.nominations.values_list("status", flat=True))
    return CommendationDemo(
        holidays=holidays,
        people=len(registry.people),
        nominations=sum(statuses.values()),
        statuses=statuses,
        session_candidates=session.candidates.count(),
        decision_number=decision.number,
        decision_items=decision.items.count(),
        open_round=open_round.name,
        open_nominations=len(open_nominations),
    )
