"""Kon Tum's 2024 movements (Chỉ thị 08/CT-UBND, 06/02/2024): the year's movement of the
province, the six movements the directive names, and its 2024 anniversaries; cascades to a few
departments and districts; the units' plans, registrations and reports for the sơ kết 6 tháng
(due 15/6/2024) and the tổng kết (due 30/11/2024), some late and some missing.

Names, kinds, the launching document and its scope are those of the directive; who filed what
and when, plan numbers and commitments are invented for the demo. Everything goes through the
services; the send times the services take from the clock are then moved into 2024, as the
2024 reports are.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from thidua.core.text import TIME_ZONE
from thidua.emulation.models import (
    Milestone,
    MilestoneReport,
    Movement,
    MovementKind,
    MovementPlan,
    Registration,
)
from thidua.emulation.services import (
    milestone_create,
    milestone_report_save,
    milestone_report_submit,
    movement_cascade,
    movement_create,
    plan_submit,
    registration_acknowledge,
    registration_save,
    registration_submit,
)
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit
from thidua.targets.models import Campaign

D = datetime.date
YEAR = 2024
MID_YEAR = D(YEAR, 6, 30)
DIRECTIVE = "08/CT-UBND"
DIRECTIVE_DATE = D(YEAR, 2, 6)
YEAR_END = D(YEAR, 12, 31)
REGISTRATION_DUE = D(YEAR, 3, 15)
INTERIM_DUE = D(YEAR, 6, 15)
FINAL_DUE = D(YEAR, 11, 30)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

YEARLY_NAME = "Phong trào thi đua yêu nước năm 2024 trên địa bàn tỉnh Kon Tum"
# Chỉ thị 08, III.1: who builds a plan and carries the movements out.
YEARLY_SCOPE = (
    "Các sở, ban ngành, Ủy ban nhân dân các huyện, thành phố, các đơn vị Trung ương đóng trên "
    "địa bàn tỉnh xây dựng kế hoạch và tổ chức triển khai các phong trào thi đua yêu nước; "
    "chủ đề năm 2024: “Đoàn kết - Trách nhiệm - Chủ động vượt khó - Quyết tâm thi đua thực "
    "hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội tỉnh Kon Tum năm 2024”."
)


@dataclass(frozen=True)
class DemoMovement:
    """`units`: the agencies (by name stem) and whether the districts take part; none listed:
    every direct subordinate of the province."""

    name: str
    kind: str
    scope: str
    agencies: tuple[str, ...] = ()
    districts: bool = False
    starts_on: datetime.date = DIRECTIVE_DATE
    ends_on: datetime.date = YEAR_END


# Chỉ thị 08, II.2: "cụ thể các Phong trào: ..."
NAMED: tuple[DemoMovement, ...] = (
    DemoMovement(
        "Cả nước chung sức xây dựng nông thôn mới",
        MovementKind.THEMATIC,
        "Sở Nông nghiệp và Phát triển nông thôn; Ủy ban nhân dân các huyện, thành phố.",
        agencies=("Sở Nông nghiệp và Phát triển nông thôn",),
        districts=True,
    ),
    DemoMovement(
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        MovementKind.THEMATIC,
        "Sở Lao động - Thương binh và Xã hội; Ban Dân tộc; Ủy ban Mặt trận Tổ quốc Việt Nam "
        "tỉnh; Ủy ban nhân dân các huyện, thành phố.",
        agencies=(
            "Sở Lao động - Thương binh và Xã hội",
            "Ban Dân tộc",
            "Ủy ban Mặt trận Tổ quốc Việt Nam",
        ),
        districts=True,
    ),
    DemoMovement(
        "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, "
        "chống lãng phí",
        MovementKind.THEMATIC,
        "Sở Kế hoạch và Đầu tư, Sở Tài chính, Sở Giao thông vận tải, Sở Xây dựng.",
        agencies=("Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Giao thông vận tải", "Sở Xây dựng"),
    ),
    DemoMovement(
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        MovementKind.THEMATIC,
        "Các cơ quan, đơn vị trực thuộc Ủy ban nhân dân tỉnh.",
    ),
    DemoMovement(
        "Toàn dân bảo vệ an ninh Tổ quốc",
        MovementKind.THEMATIC,
        "Công an tỉnh; Ủy ban nhân dân các huyện, thành phố.",
        agencies=("Công an tỉnh",),
        districts=True,
    ),
    DemoMovement(
        "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời",
        MovementKind.THEMATIC,
        "Sở Giáo dục và Đào tạo; Ủy ban nhân dân các huyện, thành phố.",
        agencies=("Sở Giáo dục và Đào tạo",),
        districts=True,
    ),
)

# Chỉ thị 08, II.2: "thi đua lập thành tích chào mừng các ngày kỷ niệm của đất nước ...".
# The Party's anniversary (03/02) fell three days before the directive: it runs from 1 January.
ANNIVERSARY_SCOPE = "Các cơ quan, đơn vị, địa phương trên địa bàn tỉnh."
ANNIVERSARIES: tuple[DemoMovement, ...] = (
    DemoMovement(
        "Thi đua lập thành tích chào mừng kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam "
        "(03/02/1930 - 03/02/2024)",
        MovementKind.ANNIVERSARY,
        ANNIVERSARY_SCOPE,
        starts_on=D(YEAR, 1, 1),
        ends_on=D(YEAR, 2, 3),
    ),
    DemoMovement(
        "Thi đua lập thành tích chào mừng kỷ niệm 70 năm Chiến thắng Điện Biên Phủ "
        "(07/5/1954 - 07/5/2024)",
        MovementKind.ANNIVERSARY,
        ANNIVERSARY_SCOPE,
        ends_on=D(YEAR, 5, 7),
    ),
    DemoMovement(
        "Thi đua lập thành tích chào mừng kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân "
        "Việt Nam (22/12/1944 - 22/12/2024)",
        MovementKind.ANNIVERSARY,
        ANNIVERSARY_SCOPE,
        ends_on=D(YEAR, 12, 22),
    ),
    DemoMovement(
        "Thi đua lập thành tích chào mừng kỷ niệm 35 năm Ngày hội Quốc phòng toàn dân "
        "(22/12/1989 - 22/12/2024)",
        MovementKind.ANNIVERSARY,
        ANNIVERSARY_SCOPE,
        ends_on=D(YEAR, 12, 22),
    ),
    DemoMovement(
        "Thi đua lập thành tích chào mừng Đại hội Đại biểu các dân tộc thiểu số tỉnh Kon Tum "
        "lần thứ IV năm 2024",
        MovementKind.ANNIVERSARY,
        ANNIVERSARY_SCOPE,
    ),
)

COMMITMENTS: tuple[str, ...] = (
    "Hoàn thành 100% chỉ tiêu, nhiệm vụ được Ủy ban nhân dân tỉnh giao năm 2024.",
    "Không có cán bộ, công chức, viên chức vi phạm pháp luật, bị xử lý kỷ luật.",
    "Giải quyết đúng hạn 100% hồ sơ thủ tục hành chính trên Cổng dịch vụ công.",
    "Có ít nhất 01 mô hình, cách làm hay được nhân rộng.",
    "Tổ chức sơ kết, tổng kết phong trào đúng thời gian quy định.",
    "Thực hành tiết kiệm, chống lãng phí trong chi thường xuyên.",
)
DISTRICT_COMMITMENTS: tuple[str, ...] = (
    "Có thêm ít nhất 01 xã đạt chuẩn nông thôn mới.",
    "Giảm tỷ lệ hộ nghèo từ 3% trở lên.",
)


@dataclass(frozen=True)
class MovementsDemo:
    movements: int
    cascades: int
    plans: int
    registrations: int
    reports: int


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIME_ZONE)


def _unit(name: str, parent: OrgUnit | None = None) -> OrgUnit:
    units = OrgUnit.objects.valid_on(MID_YEAR).filter(name=name)
    return (units.filter(parent=parent) if parent is not None else units).get()


def _participants(children: Sequence[OrgUnit], demo: DemoMovement) -> list[OrgUnit]:
    return [
        unit
        for unit in children
        if any(unit.name.startswith(stem) for stem in demo.agencies)
        or (demo.districts and unit.kind == UnitKind.HUYEN)
    ]


def load_movements_2024() -> MovementsDemo:
    """The movements, cascades, milestones and filings; returns the counts."""
    root = _unit("Tỉnh Kon Tum")
    campaign = Campaign.objects.filter(province=root, year=YEAR).first()
    # Creation order: paths hold raw ids, whose text order shifts with the ids a database hands out.
    children = list(OrgUnit.objects.valid_on(MID_YEAR).filter(parent=root).order_by("pk"))

    def launch(demo: DemoMovement, participants: Sequence[OrgUnit] = ()) -> Movement:
        return movement_create(
            actor=None,
            name=demo.name,
            kind=demo.kind,
            launched_by=root,
            campaign=campaign,
            starts_on=demo.starts_on,
            ends_on=demo.ends_on,
            document_number=DIRECTIVE,
            document_date=DIRECTIVE_DATE,
            scope=demo.scope,
            participants=participants,
            registration_due_on=REGISTRATION_DUE if demo.kind == MovementKind.REGULAR else None,
            is_demo=True,
        )

    # The year's movement: the departments and the districts file.
    yearly_units = [u for u in children if u.kind in (UnitKind.SO_BAN_NGANH, UnitKind.HUYEN)]
    yearly = launch(DemoMovement(YEARLY_NAME, MovementKind.REGULAR, YEARLY_SCOPE), yearly_units)
    named = [launch(demo, _participants(children, demo)) for demo in NAMED]
    anniversaries = [launch(demo) for demo in ANNIVERSARIES]
    interim = milestone_create(
        actor=None,
        movement=yearly,
        kind="so_ket",
        due_on=INTERIM_DUE,
        name="Sơ kết 6 tháng đầu năm 2024",
    )
    final = milestone_create(
        actor=None, movement=yearly, kind="tong_ket", due_on=FINAL_DUE, name="Tổng kết năm 2024"
    )
    rural = named[0]
    rural_final = milestone_create(
        actor=None, movement=rural, kind="tong_ket", due_on=FINAL_DUE, name="Tổng kết năm 2024"
    )

    # Cascades: a few departments and districts launch the movements for their own units.
    by_name = {unit.name: unit for unit in children}
    city = by_name["Thành phố Kon Tum"]
    cascades = [
        movement_cascade(
            actor=None,
            movement=yearly,
            unit=by_name["Sở Y tế tỉnh Kon Tum"],
            starts_on=D(YEAR, 2, 19),
            document_number="312/KH-SYT",
            document_date=D(YEAR, 2, 19),
        ),
        movement_cascade(
            actor=None,
            movement=yearly,
            unit=by_name["Sở Nội vụ tỉnh Kon Tum"],
            starts_on=D(YEAR, 2, 16),
            document_number="268/KH-SNV",
            document_date=D(YEAR, 2, 16),
        ),
        movement_cascade(
            actor=None,
            movement=yearly,
            unit=city,
            starts_on=D(YEAR, 2, 21),
            document_number="45/KH-UBND",
            document_date=D(YEAR, 2, 21),
            registration_due_on=D(YEAR, 3, 25),
        ),
    ]
    for name, number, day in (
        ("Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum", "520/KH-SNNPTNT", D(YEAR, 2, 26)),
        ("Huyện Đăk Hà", "38/KH-UBND", D(YEAR, 2, 27)),
        ("Huyện Kon Rẫy", "21/KH-UBND", D(YEAR, 3, 4)),
    ):
        cascades.append(
            movement_cascade(
                actor=None,
                movement=rural,
                unit=by_name[name],
                starts_on=day,
                document_number=number,
                document_date=day,
            )
        )

    plans: list[MovementPlan] = []
    registrations: list[Registration] = []
    reports: list[MilestoneReport] = []

    def file(movement: Movement, unit: OrgUnit, index: int, *, district: bool) -> None:
        """Plan and registration of one unit; every fifth files nothing, some file late."""
        if index % 5 == 4:
            return
        late = index % 7 == 3
        day = (
            D(YEAR, 3, 18 + index % 10)
            if late
            else D(YEAR, 2, 20) + datetime.timedelta(days=(index * 3) % 22)
        )
        if index != 7:  # registered, but its plan never came
            plan = plan_submit(
                actor=None,
                movement=movement,
                unit=unit,
                text=f"Kế hoạch số {20 + index}/KH ngày {day:%d/%m/%Y} triển khai {movement.name} "
                f"tại {unit.name}: quán triệt Chỉ thị số {DIRECTIVE}; giao chỉ tiêu thi đua cho "
                "từng phòng, ban; sơ kết 6 tháng, tổng kết năm.",
                file_name="ke-hoach.pdf" if index % 3 == 0 else "",
                content=PDF if index % 3 == 0 else None,
            )
            plan.submitted_at = _at(day)
            plans.append(plan)
        titles = ["CO_THI_DUA_TINH"] if district else ["TTLDXS"]
        if index % 4 == 0:
            titles.append("CO_THI_DUA_TINH" if not district else "BANG_KHEN_TINH")
        lines = [*COMMITMENTS[: 3 + index % 3], *(DISTRICT_COMMITMENTS if district else ())]
        registration = registration_save(
            actor=None, movement=movement, unit=unit, titles=titles, commitments=lines
        )
        registration = registration_submit(actor=None, registration=registration)
        if index % 6 != 5:  # a few still wait for the office
            registration = registration_acknowledge(actor=None, registration=registration)
            registration.acknowledged_at = _at(day + datetime.timedelta(days=3), 15)
        registration.submitted_at = _at(day, 10)
        registrations.append(registration)

    def report(milestone: Milestone, unit: OrgUnit, day: datetime.date, draft: bool) -> None:
        text = (
            f"{milestone.name} tại {unit.name}: hoàn thành các chỉ tiêu thi đua đề ra; "
            "giới thiệu điển hình tiên tiến; đề xuất khen thưởng."
        )
        if draft:
            milestone_report_save(actor=None, milestone=milestone, unit=unit, summary=text)
            return
        sent = milestone_report_submit(
            actor=None,
            milestone=milestone,
            unit=unit,
            summary=text,
            file_name="bao-cao.pdf" if len(reports) % 4 == 0 else "",
            content=PDF if len(reports) % 4 == 0 else None,
        )
        sent.submitted_at = _at(day, 14)
        reports.append(sent)

    health = by_name["Sở Y tế tỉnh Kon Tum"]
    for index, unit in enumerate(yearly_units):
        file(yearly, unit, index, district=unit.kind == UnitKind.HUYEN)
        if index % 5 != 4 or index == 9:
            late = index % 4 == 1
            report(
                interim,
                unit,
                INTERIM_DUE + datetime.timedelta(days=6 if late else -(index % 5)),
                False,
            )
        if index % 5 != 4 and index % 9 != 2:
            late = index % 6 == 0
            day = FINAL_DUE + datetime.timedelta(days=10 if late else -(index % 8))
            report(final, unit, day, draft=unit == health)
    # The city's wards and communes file for the city's movement (Phường Quang Trung has not:
    # the demo data officer can try it).
    city_movement = cascades[2]
    wards = list(
        OrgUnit.objects.valid_on(MID_YEAR).filter(parent=city).exclude(name="Phường Quang Trung")
    )
    for index, unit in enumerate(wards[:8]):
        file(city_movement, unit, index, district=False)
    # The new-rural movement: plans and the year-end reports of most of its units.
    for index, unit in enumerate(rural.participants.order_by("pk")):
        if index % 4 == 3:
            continue
        plan = plan_submit(
            actor=None,
            movement=rural,
            unit=unit,
            text=f"Kế hoạch xây dựng nông thôn mới năm 2024 của {unit.name}: rà soát tiêu chí "
            "từng xã, phân công phụ trách, huy động nguồn lực xã hội hóa.",
        )
        plan.submitted_at = _at(D(YEAR, 3, 1) + datetime.timedelta(days=index))
        plans.append(plan)
        report(rural_final, unit, FINAL_DUE - datetime.timedelta(days=index % 3), False)

    MovementPlan.objects.bulk_update(plans, ["submitted_at"])
    Registration.objects.bulk_update(registrations, ["submitted_at", "acknowledged_at"])
    MilestoneReport.objects.bulk_update(reports, ["submitted_at"])
    movements = [yearly, *named, *anniversaries, *cascades]
    Movement.objects.filter(pk__in=[m.pk for m in movements]).update(created_at=_at(DIRECTIVE_DATE))
    return MovementsDemo(
        movements=len(movements),
        cascades=len(cascades),
        plans=len(plans),
        registrations=len(registrations),
        reports=len(reports),
    )
