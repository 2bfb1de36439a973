"""Movement services: launch, cascade, milestones, and the units' filings (plan, registration,
milestone report). Every write is authorised, validated with a Vietnamese message naming the
field, audited, and a refused call changes nothing; drafts stay inside the unit.

The helpers at the top are shared with the page and API tests."""

import datetime
import io
from contextlib import nullcontext
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import Round
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.models import AuditEvent
from thidua.core.text import local_today
from thidua.emulation.models import (
    FilingStatus,
    Milestone,
    MilestoneReport,
    Movement,
    MovementPlan,
    Registration,
    RegistrationStatus,
)
from thidua.emulation.selectors import (
    movement_completeness,
    movement_list_for,
    movement_units,
    registrations_for,
)
from thidua.emulation.services import (
    milestone_create,
    milestone_report_save,
    milestone_report_submit,
    movement_cascade,
    movement_create,
    movement_round_open,
    plan_save,
    plan_submit,
    registration_acknowledge,
    registration_save,
    registration_submit,
)
from thidua.targets.models import Campaign

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _docx() -> bytes:
    """A real (if empty) Word document: uploads are opened as zip packages and checked."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


DOCX = _docx()
NAME = "Cả nước chung sức xây dựng nông thôn mới"
STARTS = D(2024, 2, 6)
ENDS = D(2024, 12, 31)
DUE = D(2024, 3, 15)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Helpers shared with the page tests ----------------------------------------------------


def new_movement(
    tree: Tree,
    *,
    name: str = NAME,
    launched_by: Any = None,
    registration_due_on: datetime.date | None = DUE,
    ends_on: datetime.date | None = ENDS,
    **extra: Any,
) -> Movement:
    return movement_create(
        actor=None,
        name=name,
        kind="thematic",
        launched_by=launched_by or tree.province,
        starts_on=STARTS,
        ends_on=ends_on,
        document_number="08/CT-UBND",
        document_date=STARTS,
        registration_due_on=registration_due_on,
        **extra,
    )


def new_registration(
    movement: Movement, unit: Any, *, status: str = RegistrationStatus.DRAFT
) -> Registration:
    registration = registration_save(
        actor=None,
        movement=movement,
        unit=unit,
        titles=["TTLDXS", "CO_THI_DUA_TINH"],
        commitments=["Hoàn thành 100% chỉ tiêu được giao.", "Không có cán bộ vi phạm kỷ luật."],
    )
    if status in (RegistrationStatus.SUBMITTED, RegistrationStatus.ACKNOWLEDGED):
        registration = registration_submit(actor=None, registration=registration)
    if status == RegistrationStatus.ACKNOWLEDGED:
        registration = registration_acknowledge(actor=None, registration=registration)
    return registration


def audit_actions(prefix: str = "") -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith=prefix)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Launch --------------------------------------------------------------------------------


def test_movement_create_cleans_audits_and_defaults_to_the_direct_subordinates(
    tree: Tree,
) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    movement = movement_create(
        actor=office,
        name="  Cả nước  chung tay vì người nghèo - Không để ai bị bỏ lại phía sau ",
        kind="thematic",
        launched_by=tree.province,
        starts_on=STARTS,
        ends_on=ENDS,
        scope="Các sở, ban, ngành\n\n UBND các huyện ",
    )

    assert movement.name == "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"
    assert movement.scope == "Các sở, ban, ngành\nUBND các huyện"
    assert movement.created_by == office
    assert movement_units(movement) == [tree.unit, tree.other]
    event = AuditEvent.objects.get(action="movement.created")
    assert (event.actor, event.unit, event.after["participant_ids"]) == (office, tree.province, [])


def test_movement_create_with_listed_participants(tree: Tree) -> None:
    movement = new_movement(tree, participants=[tree.child, tree.other])

    assert movement_units(movement) == [tree.child, tree.other]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "Trường “Tên phong trào” không được để trống."),
        ({"kind": "x"}, "Trường “Loại phong trào”: giá trị “x” không hợp lệ."),
        (
            {"ends_on": D(2024, 1, 1)},
            "Trường “Kết thúc”: ngày 01/01/2024 trước ngày bắt đầu 06/02/2024.",
        ),
        (
            {"registration_due_on": D(2024, 2, 1)},
            "Trường “Hạn gửi kế hoạch, đăng ký thi đua”: ngày 01/02/2024 trước ngày bắt đầu "
            "06/02/2024.",
        ),
    ],
)
def test_movement_create_names_the_wrong_field(
    tree: Tree, changes: dict[str, Any], message: str
) -> None:
    data: dict[str, Any] = {
        "actor": None,
        "name": NAME,
        "kind": "thematic",
        "launched_by": tree.province,
        "starts_on": STARTS,
        "ends_on": ENDS,
        **changes,
    }

    with pytest.raises(ApplicationError) as error:
        movement_create(**data)

    assert error.value.message == message
    assert (Movement.objects.count(), audit_actions("movement")) == (0, [])


def test_participants_must_be_below_the_launching_unit(tree: Tree) -> None:
    with pytest.raises(ApplicationError) as error:
        new_movement(tree, launched_by=tree.unit, participants=[tree.other])

    assert error.value.message == (
        "Trường “Đơn vị thực hiện”: “Sở Y tế tỉnh Thử Nghiệm” không thuộc "
        "Sở Nội vụ tỉnh Thử Nghiệm."
    )


def test_one_name_per_campaign(tree: Tree) -> None:
    campaign = Campaign.objects.create(
        province=tree.province,
        year=2024,
        name="Phong trào thi đua yêu nước năm 2024",
        directive_number="08/CT-UBND",
        directive_date=STARTS,
    )
    new_movement(tree, campaign=campaign)

    with pytest.raises(ApplicationError, match="đã có trong năm thi đua này"):
        new_movement(tree, campaign=campaign)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_only_the_office_of_the_launching_unit_launches(
    tree: Tree, case: str, make_actor: Any
) -> None:
    actor = make_actor(tree, Role.CHUYEN_VIEN_TDKT)
    allowed = case in ("parent_unit", "right_role")

    with nullcontext() if allowed else pytest.raises(PermissionDenied):
        movement_create(
            actor=actor, name=NAME, kind="regular", launched_by=tree.unit, starts_on=STARTS
        )

    assert Movement.objects.count() == int(allowed)


# --- Cascade -------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_a_units_office_or_leaders_cascade(tree: Tree, case: str, make_actor: Any) -> None:
    movement = new_movement(tree)
    leader = make_actor(tree, Role.LANH_DAO_DON_VI)
    allowed = case in ("parent_unit", "right_role")

    with nullcontext() if allowed else pytest.raises(PermissionDenied):
        movement_cascade(actor=leader, movement=movement, unit=tree.unit)

    assert movement.children.count() == int(allowed)
    assert audit_actions("movement.cascaded") == ["movement.cascaded"] * int(allowed)


def test_data_officers_do_not_cascade(tree: Tree) -> None:
    movement = new_movement(tree)

    with pytest.raises(PermissionDenied):
        movement_cascade(
            actor=make_user(Role.NHAP_LIEU, tree.unit), movement=movement, unit=tree.unit
        )


def test_cascade_makes_the_units_own_movement(tree: Tree) -> None:
    movement = new_movement(tree)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    child = movement_cascade(
        actor=office,
        movement=movement,
        unit=tree.unit,
        starts_on=D(2024, 2, 20),
        document_number="15/KH-SNV",
        document_date=D(2024, 2, 20),
    )

    assert (child.parent, child.launched_by, child.name, child.kind) == (
        movement,
        tree.unit,
        NAME,
        "thematic",
    )
    assert (child.starts_on, child.ends_on, child.campaign) == (D(2024, 2, 20), ENDS, None)
    assert movement_units(child) == [tree.child]
    event = AuditEvent.objects.get(action="movement.cascaded")
    assert (event.unit, event.after["parent_id"]) == (tree.unit, movement.pk)


def test_cascade_is_refused_twice_below_the_scope_or_past_the_dates(tree: Tree) -> None:
    movement = new_movement(tree)
    movement_cascade(actor=None, movement=movement, unit=tree.unit, starts_on=STARTS)

    with pytest.raises(ApplicationError) as twice:
        movement_cascade(actor=None, movement=movement, unit=tree.unit, starts_on=STARTS)
    with pytest.raises(ApplicationError) as below:
        movement_cascade(actor=None, movement=movement, unit=tree.child, starts_on=STARTS)
    with pytest.raises(ApplicationError) as late:
        movement_cascade(actor=None, movement=movement, unit=tree.other, ends_on=D(2025, 1, 31))

    assert twice.value.message == "Sở Nội vụ tỉnh Thử Nghiệm đã phát động tiếp phong trào này."
    assert below.value.message == (
        f"Phòng Thi đua - Khen thưởng không thuộc các đơn vị thực hiện phong trào “{NAME}”."
    )
    assert late.value.message == (
        "Trường “Kết thúc”: ngày 31/01/2025 sau ngày kết thúc của phong trào cấp trên 31/12/2024."
    )
    assert movement.children.count() == 1


# --- Milestones ----------------------------------------------------------------------------


def test_milestones_are_set_by_who_runs_the_movement(tree: Tree) -> None:
    movement = new_movement(tree)

    with pytest.raises(PermissionDenied):
        milestone_create(
            actor=make_user(Role.LANH_DAO_DON_VI, tree.unit),
            movement=movement,
            kind="so_ket",
            due_on=D(2024, 6, 15),
        )
    interim = milestone_create(
        actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.province),
        movement=movement,
        kind="so_ket",
        due_on=D(2024, 6, 15),
        name="Sơ kết 6 tháng",
    )
    final = milestone_create(actor=None, movement=movement, kind="tong_ket", due_on=ENDS)

    assert [(m.name, m.due_on) for m in movement.milestones.all()] == [
        ("Sơ kết 6 tháng", D(2024, 6, 15)),
        ("Tổng kết", ENDS),
    ]
    assert (interim.kind, final.kind) == ("so_ket", "tong_ket")
    with pytest.raises(ApplicationError, match="đã có mốc tổng kết"):
        milestone_create(actor=None, movement=movement, kind="tong_ket", due_on=ENDS)
    with pytest.raises(ApplicationError) as early:
        milestone_create(actor=None, movement=movement, kind="so_ket", due_on=D(2024, 1, 5))
    assert early.value.message == (
        "Trường “Hạn gửi báo cáo”: ngày 05/01/2024 trước ngày bắt đầu 06/02/2024."
    )
    assert audit_actions("milestone") == ["milestone.created"] * 2


# --- Plans ---------------------------------------------------------------------------------


def test_plan_is_saved_then_sent_once(tree: Tree) -> None:
    movement = new_movement(tree)
    officer = make_user(Role.NHAP_LIEU, tree.unit)

    draft = plan_save(actor=officer, movement=movement, unit=tree.unit, text=" Kế hoạch  số 1 ")
    sent = plan_submit(
        actor=officer,
        movement=movement,
        unit=tree.unit,
        file_name="ke-hoach.pdf",
        content=PDF,
        expected_version=draft.version,
    )

    assert (draft.pk, sent.status, sent.text, sent.file_name) == (
        sent.pk,
        FilingStatus.SUBMITTED,
        "Kế hoạch số 1",
        "ke-hoach.pdf",
    )
    assert sent.file.read() == PDF
    assert sent.is_late  # sent today, long after 15/03/2024
    assert audit_actions("movement_plan") == ["movement_plan.saved", "movement_plan.submitted"]
    with pytest.raises(ApplicationError) as again:
        plan_save(actor=officer, movement=movement, unit=tree.unit, text="Sửa")
    assert again.value.message == (
        "Kế hoạch của Sở Nội vụ tỉnh Thử Nghiệm đã gửi, không sửa được nữa."
    )


def test_plan_needs_content_a_real_file_and_the_current_version(tree: Tree) -> None:
    movement = new_movement(tree, registration_due_on=None)

    with pytest.raises(ApplicationError) as empty:
        plan_submit(actor=None, movement=movement, unit=tree.unit, text="")
    with pytest.raises(ApplicationError) as fake:
        plan_save(
            actor=None, movement=movement, unit=tree.unit, file_name="kh.pdf", content=b"MZ..."
        )
    draft = plan_save(actor=None, movement=movement, unit=tree.unit, text="Kế hoạch")
    plan_save(actor=None, movement=movement, unit=tree.unit, text="Kế hoạch 2")
    with pytest.raises(ConflictError):
        plan_submit(actor=None, movement=movement, unit=tree.unit, expected_version=draft.version)

    assert empty.value.message == ("Kế hoạch chưa có nội dung hoặc tệp đính kèm nên chưa gửi được.")
    assert fake.value.message == "Nội dung tệp “kh.pdf” không đúng định dạng PDF."
    plan = MovementPlan.objects.get()
    assert (plan.status, plan.text, plan.version) == (FilingStatus.DRAFT, "Kế hoạch 2", 2)
    sent = plan_submit(actor=None, movement=movement, unit=tree.unit)
    assert not sent.is_late  # no deadline


def test_only_the_movements_units_file(tree: Tree) -> None:
    movement = new_movement(tree)

    with pytest.raises(ApplicationError) as error:
        plan_save(actor=None, movement=movement, unit=tree.child, text="Kế hoạch")

    assert error.value.message == (
        f"Phòng Thi đua - Khen thưởng không thuộc các đơn vị thực hiện phong trào “{NAME}”."
    )


# --- Registrations -------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_registration_is_written_by_the_units_filers(
    tree: Tree, case: str, make_actor: Any
) -> None:
    movement = new_movement(tree)
    actor = make_actor(tree, Role.NHAP_LIEU)
    allowed = case in ("parent_unit", "right_role")

    with nullcontext() if allowed else pytest.raises(PermissionDenied):
        registration_save(
            actor=actor, movement=movement, unit=tree.unit, titles=["TTLDXS"], commitments=[]
        )

    assert Registration.objects.count() == int(allowed)


def test_registration_goes_from_draft_to_acknowledged(tree: Tree) -> None:
    movement = new_movement(tree)
    officer = make_user(Role.NHAP_LIEU, tree.unit)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    draft = registration_save(
        actor=officer,
        movement=movement,
        unit=tree.unit,
        titles=["ttldxs", "CO_THI_DUA_TINH", "TTLDXS"],
        commitments="Hoàn thành 100% chỉ tiêu.\n\n  Đổi mới   công tác thi đua. ",
    )
    with pytest.raises(PermissionDenied):
        registration_acknowledge(actor=office, registration=draft)  # a draft is not shared
    sent = registration_submit(actor=officer, registration=draft, expected_version=draft.version)
    with pytest.raises(PermissionDenied):
        registration_acknowledge(actor=officer, registration=sent)
    done = registration_acknowledge(actor=office, registration=sent)

    assert (draft.year, draft.titles, draft.commitments) == (
        2024,
        ["TTLDXS", "CO_THI_DUA_TINH"],
        ["Hoàn thành 100% chỉ tiêu.", "Đổi mới công tác thi đua."],
    )
    assert done.title_names == [
        "Tập thể lao động xuất sắc",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
    ]
    assert (done.status, done.acknowledged_by, done.version) == (
        RegistrationStatus.ACKNOWLEDGED,
        office,
        3,
    )
    assert done.submitted_at is not None
    assert done.acknowledged_at is not None
    assert audit_actions("registration") == [
        "registration.saved",
        "registration.submitted",
        "registration.acknowledged",
    ]
    with pytest.raises(ApplicationError) as twice:
        registration_acknowledge(actor=office, registration=done)
    assert twice.value.message == (
        "Chỉ xác nhận được đăng ký đã gửi (đăng ký của Sở Nội vụ tỉnh Thử Nghiệm đang "
        "“Đã xác nhận”)."
    )


@pytest.mark.parametrize(
    ("titles", "commitments", "message"),
    [
        (
            ["XYZ"],
            [],
            "Trường “Danh hiệu đăng ký”: mã “XYZ” không có trong danh mục khen thưởng.",
        ),
        (
            ["LDTT"],
            [],
            "Trường “Danh hiệu đăng ký”: “Lao động tiên tiến” dành cho cá nhân, đơn vị không "
            "đăng ký được.",
        ),
        (
            ["TTLDXS"],
            ["x" * 501],
            "Trường “Nội dung cam kết”: mỗi dòng tối đa 500 ký tự (dòng “" + "x" * 40 + "…”).",
        ),
        (
            ["TTLDXS"],
            [f"Cam kết {n}" for n in range(31)],
            "Trường “Nội dung cam kết”: tối đa 30 nội dung cam kết.",
        ),
    ],
)
def test_registration_names_the_wrong_field(
    tree: Tree, titles: list[str], commitments: list[str], message: str
) -> None:
    movement = new_movement(tree)

    with pytest.raises(ApplicationError) as error:
        registration_save(
            actor=None, movement=movement, unit=tree.unit, titles=titles, commitments=commitments
        )

    assert error.value.message == message
    assert Registration.objects.count() == 0


def test_registration_is_sent_with_a_title_and_a_commitment(tree: Tree) -> None:
    movement = new_movement(tree)
    bare = registration_save(
        actor=None, movement=movement, unit=tree.unit, titles=[], commitments=[]
    )

    with pytest.raises(ApplicationError) as no_title:
        registration_submit(actor=None, registration=bare)
    registration_save(
        actor=None, movement=movement, unit=tree.unit, titles=["TTLDTT"], commitments=[]
    )
    with pytest.raises(ApplicationError) as no_commitment:
        registration_submit(actor=None, registration=bare)

    assert no_title.value.message == "Trường “Danh hiệu đăng ký”: hãy chọn ít nhất một danh hiệu."
    assert no_commitment.value.message == (
        "Trường “Nội dung cam kết”: hãy ghi ít nhất một nội dung cam kết."
    )
    assert Registration.objects.get().status == RegistrationStatus.DRAFT


# --- Milestone reports ---------------------------------------------------------------------


def test_reports_are_late_after_the_milestone(tree: Tree) -> None:
    movement = new_movement(tree)
    past = milestone_create(actor=None, movement=movement, kind="so_ket", due_on=D(2024, 6, 15))
    future = milestone_create(
        actor=None, movement=movement, kind="so_ket", due_on=local_today() + datetime.timedelta(5)
    )
    officer = make_user(Role.LANH_DAO_DON_VI, tree.unit)

    with pytest.raises(ApplicationError) as empty:
        milestone_report_submit(actor=officer, milestone=past, unit=tree.unit)
    late = milestone_report_submit(
        actor=officer,
        milestone=past,
        unit=tree.unit,
        summary="Đạt 8/10 chỉ tiêu.",
        file_name="bao-cao.docx",
        content=DOCX,
    )
    draft = milestone_report_save(actor=officer, milestone=future, unit=tree.unit, summary="Nháp")
    on_time = milestone_report_submit(
        actor=officer, milestone=future, unit=tree.unit, expected_version=draft.version
    )

    assert empty.value.message == "Trường “Tóm tắt kết quả” không được để trống."
    assert (late.is_late, on_time.is_late) == (True, False)
    assert (late.file_name, on_time.summary) == ("bao-cao.docx", "Nháp")
    assert MilestoneReport.objects.filter(status="submitted").count() == 2
    assert audit_actions("milestone_report") == [
        "milestone_report.submitted",
        "milestone_report.saved",
        "milestone_report.submitted",
    ]


# --- Reads: visibility and completeness ----------------------------------------------------


def test_drafts_stay_inside_the_unit(tree: Tree) -> None:
    movement = new_movement(tree)
    new_registration(movement, tree.unit)
    new_registration(movement, tree.other, status=RegistrationStatus.SUBMITTED)

    def seen(user: Any) -> list[str]:
        return [r.unit.name for r in registrations_for(user=user, movement=movement)]

    assert seen(make_user(Role.NHAP_LIEU, tree.unit)) == ["Sở Nội vụ tỉnh Thử Nghiệm"]
    assert seen(make_user(Role.NHAP_LIEU, tree.other)) == ["Sở Y tế tỉnh Thử Nghiệm"]
    assert seen(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)) == ["Sở Y tế tỉnh Thử Nghiệm"]
    assert seen(make_user(Role.NGUOI_XEM, tree.unit)) == []
    assert seen(make_user(Role.NHAP_LIEU, tree.province)) == [
        "Sở Nội vụ tỉnh Thử Nghiệm",
        "Sở Y tế tỉnh Thử Nghiệm",
    ]


def test_completeness_counts_what_the_reader_may_see(tree: Tree) -> None:
    movement = new_movement(tree)
    milestone = milestone_create(
        actor=None, movement=movement, kind="so_ket", due_on=D(2024, 6, 15)
    )
    new_registration(movement, tree.unit)  # draft
    new_registration(movement, tree.other, status=RegistrationStatus.SUBMITTED)
    milestone_report_submit(actor=None, milestone=milestone, unit=tree.other, summary="Xong")
    movement_cascade(actor=None, movement=movement, unit=tree.other)

    inside = movement_completeness(movement, user=make_user(Role.NHAP_LIEU, tree.unit))
    office = movement_completeness(movement, user=make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    def states(completeness: Any) -> list[tuple[str, str, str, list[str], bool]]:
        return [
            (
                row.unit.name,
                row.plan.state,
                row.registration.state,
                [cell.state for cell in row.reports],
                row.cascade is not None,
            )
            for row in completeness.rows
        ]

    assert states(inside) == [
        ("Sở Nội vụ tỉnh Thử Nghiệm", "missing", "draft", ["missing"], False),
        ("Sở Y tế tỉnh Thử Nghiệm", "missing", "late", ["late"], True),
    ]
    assert states(office)[0] == (
        "Sở Nội vụ tỉnh Thử Nghiệm",
        "missing",
        "missing",
        ["missing"],
        False,
    )
    assert office.counts("registration") == {
        "on_time": 0,
        "late": 1,
        "missing": 1,
        "pending": 0,
        "draft": 0,
    }


def test_movement_list_is_scoped_to_the_units_lineage(
    tree: Tree, django_assert_max_num_queries: Any
) -> None:
    province_wide = new_movement(tree)
    own = movement_cascade(actor=None, movement=province_wide, unit=tree.unit)
    sibling = movement_cascade(actor=None, movement=province_wide, unit=tree.other)
    elsewhere = make_unit("Tỉnh Khác", kind="tinh", code="98")
    new_movement(tree, launched_by=elsewhere, name="Phong trào của tỉnh khác")

    def names(user: Any) -> set[int]:
        return {movement.pk for movement in movement_list_for(user=user)}

    assert names(make_user(Role.NHAP_LIEU, tree.child)) == {province_wide.pk, own.pk}
    assert names(make_user(Role.NHAP_LIEU, tree.other)) == {province_wide.pk, sibling.pk}
    assert names(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)) == {
        province_wide.pk,
        own.pk,
        sibling.pk,
    }
    assert names(make_user()) == set()
    assert [m.pk for m in movement_list_for(user=make_user(is_superuser=True), year=2023)] == []


# --- Commendation round --------------------------------------------------------------------


def test_a_round_is_opened_for_the_movement(tree: Tree) -> None:
    movement = new_movement(tree)

    with pytest.raises(PermissionDenied):
        movement_round_open(
            actor=make_user(Role.LANH_DAO_DON_VI, tree.province),
            movement=movement,
            kind="chuyen_de",
            submission_deadline=D(2024, 12, 10),
        )
    with pytest.raises(ApplicationError) as wrong:
        movement_round_open(
            actor=None, movement=movement, kind="dot_xuat", submission_deadline=D(2024, 12, 10)
        )
    round_ = movement_round_open(
        actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.province),
        movement=movement,
        kind="chuyen_de",
        submission_deadline=D(2024, 12, 10),
    )

    assert wrong.value.message == (
        "Trường “Loại đợt”: chỉ mở đợt khen thưởng theo chuyên đề hoặc tổng kết năm cho phong trào."
    )
    assert (round_.name, round_.issuer, round_.year, round_.award_type) == (
        f"Khen thưởng phong trào “{NAME}”",
        tree.province,
        2024,
        "chuyen_de",
    )
    assert Round.objects.count() == 1
    assert Milestone.objects.count() == 0
