"""A province in the middle of 2024 read on a fixed day, 20/07/2024, with four departments:

* Sở Nội vụ (`on_time`): everything sent on time;
* Sở Tư pháp (`sent_late`): everything sent after its deadline but before the day — done;
* Sở Y tế (`sent_after`): its half-year report sent on 25/07, after the day — late on the day;
* Sở Tài chính (`missing`): nothing sent (a draft sơ kết report, an unsigned covenant, a draft
  dossier) — late.

Deadlines: the half-year report of a summed measure (due 10/07), a movement's sơ kết report (due
15/07, plans and registrations due 31/07), a block's covenant (05/03), a commendation round (due
15/07) with a draft dossier of Sở Tài chính and a dossier of Sở Y tế whose appraisal (5 working
days) is overdue. Send times are moved to their days as the 2024 demo does.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from conftest import Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.commendation.models import DossierKind, Nomination, Round
from thidua.commendation.services import (
    dossier_file_add,
    nomination_create,
    nomination_submit,
    person_create,
    round_create,
)
from thidua.core.text import TIME_ZONE
from thidua.emulation.models import ClusterMember, Milestone, MilestoneReport, Movement
from thidua.emulation.services import (
    milestone_create,
    milestone_report_save,
    milestone_report_submit,
    movement_create,
)
from thidua.emulation.services.clusters import cluster_create, covenant_sign, edition_create
from thidua.org.models import OrgUnit
from thidua.targets.models import Measure, Report
from thidua.targets.services import (
    Contributor,
    MeasureSpec,
    campaign_create,
    measure_create,
    report_save,
    report_submit,
    target_create,
)

D = datetime.date
TODAY = D(2024, 7, 20)
REPORT_DUE = D(2024, 7, 10)
MILESTONE_DUE = D(2024, 7, 15)
COVENANT_DAY = D(2024, 3, 5)
ROUND_DEADLINE = D(2024, 7, 15)
REGISTRATION_DUE = D(2024, 7, 31)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIME_ZONE)


@dataclass
class World:
    tree: Tree
    on_time: OrgUnit
    sent_late: OrgUnit
    sent_after: OrgUnit
    missing: OrgUnit
    planning: OrgUnit
    measure: Measure
    movement: Movement
    milestone: Milestone
    round: Round
    draft: Nomination
    submitted: Nomination
    members: dict[int, ClusterMember]
    office: User
    missing_head: User
    missing_viewer: User
    sent_after_officer: User
    on_time_head: User
    admin: User

    @property
    def late(self) -> set[str]:
        return {self.sent_after.name, self.missing.name}


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REMINDERS_LOOKBACK_DAYS = 180
    settings.REMINDERS_DUE_SOON_DAYS = 7


def _report(measure: Measure, unit: OrgUnit, sent: datetime.date) -> None:
    report = report_save(
        actor=None, measure=measure, unit=unit, period_key="2024-H1", value=Decimal(3)
    )
    report_submit(actor=None, report=report)
    Report.objects.filter(pk=report.pk).update(first_submitted_at=at(sent), submitted_at=at(sent))


def _milestone_report(milestone: Milestone, unit: OrgUnit, sent: datetime.date) -> None:
    report = milestone_report_submit(
        actor=None, milestone=milestone, unit=unit, summary=f"Sơ kết của {unit.name}"
    )
    MilestoneReport.objects.filter(pk=report.pk).update(submitted_at=at(sent))


def _nomination(round_: Round, unit: OrgUnit, name: str) -> Nomination:
    person = person_create(
        actor=None, full_name=name, gender="nam", unit=unit, category="truc_tiep"
    )
    nomination = nomination_create(
        actor=None,
        round_=round_,
        unit=unit,
        subject=person,
        award="LDTT",
        achievement="Hoàn thành xuất sắc nhiệm vụ được giao 6 tháng đầu năm 2024.",
    )
    for kind in (DossierKind.TO_TRINH, DossierKind.BAO_CAO, DossierKind.BIEN_BAN):
        dossier_file_add(
            actor=None, nomination=nomination, kind=kind, name=f"{kind}.pdf", content=PDF
        )
    return nomination


def build_world(tree: Tree) -> World:
    on_time, sent_after = tree.unit, tree.other
    sent_late = make_unit("Sở Tư pháp tỉnh Thử Nghiệm", parent=tree.province)
    missing = make_unit("Sở Tài chính tỉnh Thử Nghiệm", parent=tree.province)
    planning = make_unit("Sở Kế hoạch và Đầu tư tỉnh Thử Nghiệm", parent=tree.province)
    departments = [on_time, sent_late, sent_after, missing]

    campaign = campaign_create(
        actor=None,
        province=tree.province,
        year=2024,
        name="Phong trào thi đua yêu nước năm 2024",
        directive_number="08/CT-UBND",
        directive_date=D(2024, 2, 6),
        issuer="UBND tỉnh Thử Nghiệm",
    )
    target = target_create(actor=None, campaign=campaign, number=1, text="Sáng kiến cải tiến.")
    measure = measure_create(
        actor=None,
        target=target,
        spec=MeasureSpec(
            code="1a",
            indicator="Số sáng kiến được công nhận",
            comparator=">=",
            value=Decimal(20),
            unit="sáng kiến",
            accumulation="flow",
            frequency="half_yearly",
            lead_unit=planning,
            rollup="sum",
        ),
        contributors=[Contributor(unit) for unit in departments],
    )
    _report(measure, on_time, D(2024, 7, 5))
    _report(measure, sent_late, D(2024, 7, 15))
    _report(measure, sent_after, D(2024, 7, 25))

    movement = movement_create(
        actor=None,
        name="Thi đua thực hiện cải cách hành chính",
        kind="thematic",
        launched_by=tree.province,
        starts_on=D(2024, 2, 6),
        ends_on=D(2024, 12, 31),
        participants=departments,
        registration_due_on=REGISTRATION_DUE,
    )
    milestone = milestone_create(
        actor=None, movement=movement, kind="so_ket", due_on=MILESTONE_DUE, name="Sơ kết 6 tháng"
    )
    _milestone_report(milestone, on_time, D(2024, 7, 10))
    _milestone_report(milestone, sent_late, D(2024, 7, 16))
    _milestone_report(milestone, sent_after, D(2024, 7, 12))
    milestone_report_save(actor=None, milestone=milestone, unit=missing, summary="Bản nháp")

    cluster = cluster_create(
        actor=None, organised_by=tree.province, name="Khối các sở tổng hợp", kind="khoi"
    )
    edition = edition_create(
        actor=None,
        cluster=cluster,
        year=2024,
        leader=on_time,
        members=departments,
        covenant_signed_on=COVENANT_DAY,
    )
    members = {member.unit_id: member for member in edition.members.all()}
    for unit, day in (
        (on_time, COVENANT_DAY),
        (sent_late, D(2024, 3, 12)),
        (sent_after, COVENANT_DAY),
    ):
        covenant_sign(actor=None, member=members[unit.pk], signed_on=day, signer="Giám đốc Sở")

    round_ = round_create(
        actor=None,
        issuer=tree.province,
        name="Khen thưởng 6 tháng đầu năm 2024",
        kind="hang_nam",
        year=2024,
        submission_deadline=ROUND_DEADLINE,
        appraisal_working_days=5,
    )
    draft = _nomination(round_, missing, "Trần Văn Bình")
    submitted = nomination_submit(
        actor=None,
        nomination=_nomination(round_, sent_after, "Lê Thị Cúc"),
        today=D(2024, 7, 1),
    )

    def person(role: str, unit: OrgUnit, email: str = "") -> User:
        user = make_user(role, unit)
        if email:
            User.objects.filter(pk=user.pk).update(email=email)
            user.email = email
        return user

    return World(
        tree=tree,
        on_time=on_time,
        sent_late=sent_late,
        sent_after=sent_after,
        missing=missing,
        planning=planning,
        measure=measure,
        movement=movement,
        milestone=milestone,
        round=round_,
        draft=draft,
        submitted=submitted,
        members=members,
        office=person(Role.CHUYEN_VIEN_TDKT, tree.province, "thiduakhenthuong@example.vn"),
        missing_head=person(Role.LANH_DAO_DON_VI, missing, "giamdoc.stc@example.vn"),
        missing_viewer=person(Role.NGUOI_XEM, missing, "xem.stc@example.vn"),
        sent_after_officer=person(Role.NHAP_LIEU, sent_after),
        on_time_head=person(Role.LANH_DAO_DON_VI, on_time, "giamdoc.snv@example.vn"),
        admin=person(Role.QUAN_TRI, tree.province, "quantri@example.vn"),
    )


@pytest.fixture
def world(tree: Tree) -> World:
    return build_world(tree)
