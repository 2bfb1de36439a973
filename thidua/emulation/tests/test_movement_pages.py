"""Movements through the pages and the API: who sees and does what (a unit's drafts stay inside
the unit; the office of the launching unit runs the movement and sees every sent filing), the
flows step by step, and constant query counts."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import Round
from thidua.emulation.models import (
    FilingStatus,
    Milestone,
    MilestoneReport,
    Movement,
    MovementPlan,
    Registration,
    RegistrationStatus,
)
from thidua.emulation.services import (
    milestone_create,
    milestone_report_submit,
    movement_cascade,
    plan_save,
    plan_submit,
    registration_save,
)
from thidua.emulation.tests.test_movement_services import (
    DOCX,
    NAME,
    PDF,
    STARTS,
    new_movement,
    new_registration,
)

COVERED_URL_NAMES = [
    "emulation:movement-list",
    "emulation:movement-detail",
    "emulation:movement-filings",
    "emulation:plan-file",
    "emulation:report-file",
]
COVERED_API_OPERATIONS = [
    "GET /api/v1/emulation/movements",
    "POST /api/v1/emulation/movements",
    "GET /api/v1/emulation/movements/{movement_id}",
    "POST /api/v1/emulation/movements/{movement_id}/cascade",
    "GET /api/v1/emulation/movements/{movement_id}/registrations",
    "POST /api/v1/emulation/movements/{movement_id}/registrations",
    "POST /api/v1/emulation/registrations/{registration_id}/submit",
    "POST /api/v1/emulation/registrations/{registration_id}/acknowledge",
    "POST /api/v1/emulation/milestones/{milestone_id}/reports",
]
API = "/api/v1/emulation"
JSON = {"content_type": "application/json"}
DRAFT_COMMITMENT = "Cam kết nháp của Sở Nội vụ"
SENT_COMMITMENT = "Hoàn thành 100% chỉ tiêu được giao."


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


class World:
    """A province movement with a sơ kết: Sở A (the unit under test) has drafts only; Sở B sent
    its plan (with a file), its registration and its report, and cascaded the movement."""

    def __init__(self, tree: Tree) -> None:
        self.movement = new_movement(tree)
        self.milestone = milestone_create(
            actor=None,
            movement=self.movement,
            kind="so_ket",
            due_on=datetime.date(2024, 6, 15),
            name="Sơ kết 6 tháng",
        )
        self.draft_plan = plan_save(
            actor=None,
            movement=self.movement,
            unit=tree.unit,
            text="Kế hoạch nháp",
            file_name="nhap.pdf",
            content=PDF,
        )
        self.draft = new_registration(self.movement, tree.unit)
        registration_save(
            actor=None,
            movement=self.movement,
            unit=tree.unit,
            titles=["TTLDXS"],
            commitments=[DRAFT_COMMITMENT],
        )
        self.plan = plan_submit(
            actor=None,
            movement=self.movement,
            unit=tree.other,
            text="Kế hoạch của Sở B",
            file_name="ke-hoach.pdf",
            content=PDF,
        )
        self.sent = new_registration(self.movement, tree.other, status=RegistrationStatus.SUBMITTED)
        self.report = milestone_report_submit(
            actor=None,
            milestone=self.milestone,
            unit=tree.other,
            summary="Sơ kết của Sở B",
            file_name="so-ket.pdf",
            content=PDF,
        )
        self.child = movement_cascade(
            actor=None, movement=self.movement, unit=tree.other, starts_on=STARTS
        )


@pytest.fixture
def world(tree: Tree) -> World:
    return World(tree)


def _urls(world: World) -> dict[str, str]:
    return {
        "list": reverse("emulation:movement-list"),
        "detail": reverse("emulation:movement-detail", args=[world.movement.pk]),
        "child": reverse("emulation:movement-detail", args=[world.child.pk]),
        "filings": reverse("emulation:movement-filings", args=[world.movement.pk]),
        "plan-file": reverse("emulation:plan-file", args=[world.plan.pk]),
        "draft-plan-file": reverse("emulation:plan-file", args=[world.draft_plan.pk]),
        "report-file": reverse("emulation:report-file", args=[world.report.pk]),
    }


# Expected status per (page, case) for the emulation office role: the province's office
# ("parent_unit") runs the movement; Sở A's ("right_role") sees the province's movement but not
# Sở B's cascade nor its filings; Sở B's ("other_unit") sees its own.
OFFICE_EXPECTED: dict[str, dict[str, int]] = {
    "list": {"anonymous": 302, "no_role": 403},
    "detail": {"anonymous": 302, "no_role": 404},
    "child": {"anonymous": 302, "no_role": 404, "right_role": 404},
    "filings": {"anonymous": 302, "no_role": 404, "other_unit": 403, "right_role": 403},
    "plan-file": {"anonymous": 302, "no_role": 404, "right_role": 404},
    "draft-plan-file": {"anonymous": 302, "no_role": 404, "other_unit": 404, "parent_unit": 404,
                        "right_role": 404},
    "report-file": {"anonymous": 302, "no_role": 404, "right_role": 404},
}  # fmt: skip


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix_for_the_office(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    for name, url in _urls(world).items():
        response = client.get(url)
        assert (name, response.status_code) == (name, OFFICE_EXPECTED[name].get(case, 200))


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_a_units_drafts_stay_inside_the_unit(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))
    urls = _urls(world)

    draft_file = client.get(urls["draft-plan-file"])
    page = client.get(urls["detail"])
    api = client.get(f"{API}/movements/{world.movement.pk}/registrations")

    inside = case in ("right_role", "parent_unit")
    assert draft_file.status_code == {"anonymous": 302}.get(case, 200 if inside else 404)
    if page.status_code == 200:
        text = page.content.decode()
        assert (DRAFT_COMMITMENT in text) == inside
        assert "Kế hoạch nháp" in text if inside else "Kế hoạch nháp" not in text
    if api.status_code == 200:
        units = [item["unit_name"] for item in api.json()["items"]]
        assert (tree.unit.name in units) == inside


def test_the_movement_page_shows_completeness_and_the_cascade(
    world: World, tree: Tree, login: Any
) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    page = client.get(reverse("emulation:movement-detail", args=[world.movement.pk]))

    text = page.content.decode()
    completeness = page.context["completeness"]
    assert [
        (row.unit.name, row.plan.state, row.registration.state, row.reports[0].state)
        for row in completeness.rows
    ] == [
        (tree.unit.name, "missing", "missing", "missing"),
        (tree.other.name, "late", "late", "late"),
    ]
    assert "Sơ kết 6 tháng" in text
    assert "Gửi muộn" in text
    assert "Quá hạn, chưa gửi" in text
    tree_root = page.context["tree"]
    assert [child.movement.launched_by for child in tree_root.children] == [tree.other]
    assert reverse("emulation:movement-filings", args=[world.movement.pk]) in text
    assert page.context["round_form"] is not None


def test_the_office_acknowledges_on_the_filings_page(world: World, tree: Tree, login: Any) -> None:
    url = reverse("emulation:movement-filings", args=[world.movement.pk])
    data = {"registration": world.sent.pk, "version": world.sent.version}

    login(make_user(Role.NHAP_LIEU, tree.province)).post(url, data)
    assert Registration.objects.get(pk=world.sent.pk).status == RegistrationStatus.SUBMITTED

    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    page = client.get(url).content.decode()
    assert SENT_COMMITMENT in page
    assert DRAFT_COMMITMENT not in page
    assert "Kế hoạch nháp" not in page
    response = client.post(url, data)

    assert response.status_code == 302
    assert Registration.objects.get(pk=world.sent.pk).status == RegistrationStatus.ACKNOWLEDGED
    stale = client.post(url, data, follow=True).content.decode()
    again = client.post(url, {"registration": world.sent.pk}, follow=True).content.decode()
    assert "đã được người khác thay đổi" in stale
    assert "Chỉ xác nhận được đăng ký đã gửi" in again


def test_the_office_launches_from_the_list(tree: Tree, login: Any) -> None:
    url = reverse("emulation:movement-list")
    data = {
        "launched_by": tree.province.pk,
        "name": "Thi đua lập thành tích chào mừng kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
        "kind": "anniversary",
        "document_number": "08/CT-UBND",
        "document_date": "06/02/2024",
        "starts_on": "06/02/2024",
        "ends_on": "07/05/2024",
        "registration_due_on": "",
        "scope": "Các sở, ban, ngành",
    }

    refused = login(make_user(Role.LANH_DAO_DON_VI, tree.unit)).post(url, data)
    assert (refused.status_code, Movement.objects.count()) == (403, 0)
    unit_office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)).post(url, data)
    assert unit_office.status_code == 200  # the province is not among its choices
    assert Movement.objects.count() == 0

    created = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).post(url, data)
    movement = Movement.objects.get()
    assert created["Location"] == reverse("emulation:movement-detail", args=[movement.pk])
    assert (movement.kind, movement.ends_on, movement.launched_by) == (
        "anniversary",
        datetime.date(2024, 5, 7),
        tree.province,
    )


def test_year_filter(world: World, tree: Tree, login: Any) -> None:
    later = new_movement(tree, name="Phong trào năm sau")
    Movement.objects.filter(pk=later.pk).update(starts_on=datetime.date(2025, 1, 1), ends_on=None)
    client = login(make_user(Role.NGUOI_XEM, tree.unit))

    every = client.get(reverse("emulation:movement-list")).context["movements"]
    only_2025 = client.get(reverse("emulation:movement-list"), {"year": 2025}).context["movements"]

    assert {m.name for m in every} == {NAME, "Phong trào năm sau"}
    assert [m.name for m in only_2025] == ["Phong trào năm sau"]


def test_a_unit_files_through_the_page(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("emulation:movement-detail", args=[world.movement.pk])
    registration = Registration.objects.get(movement=world.movement, unit=tree.unit)

    saved = client.post(
        url,
        {
            "action": "registration_submit",
            "unit": tree.unit.pk,
            "titles": ["TTLDXS", "CO_THI_DUA_TINH"],
            "commitments": "Hoàn thành xuất sắc nhiệm vụ\nĐổi mới công tác thi đua",
            "version": registration.version,
        },
    )
    plan = client.post(
        url,
        {
            "action": "plan_submit",
            "unit": tree.unit.pk,
            "text": "Kế hoạch số 12/KH-SNV",
            "file": SimpleUploadedFile("ke-hoach.pdf", PDF),
            "version": world.draft_plan.version,
        },
    )
    prefix = f"m{world.milestone.pk}"
    report = client.post(
        url,
        {
            "action": "report_submit",
            "unit": tree.unit.pk,
            "milestone": world.milestone.pk,
            f"{prefix}-summary": "Đạt 9/10 chỉ tiêu",
            f"{prefix}-file": SimpleUploadedFile("so-ket.docx", DOCX),
        },
    )
    refused = client.post(
        url, {"action": "plan_save", "unit": tree.other.pk, "text": "Không phải đơn vị mình"}
    )

    assert [saved.status_code, plan.status_code, report.status_code] == [302] * 3
    assert saved["Location"] == f"{url}?unit={tree.unit.pk}#ho-so"
    registration.refresh_from_db()
    assert (registration.status, registration.titles, len(registration.commitments)) == (
        RegistrationStatus.SUBMITTED,
        ["TTLDXS", "CO_THI_DUA_TINH"],
        2,
    )
    sent_plan = MovementPlan.objects.get(pk=world.draft_plan.pk)
    assert (sent_plan.status, sent_plan.file_name) == (FilingStatus.SUBMITTED, "ke-hoach.pdf")
    assert MilestoneReport.objects.get(unit=tree.unit).file_name == "so-ket.docx"
    assert refused.status_code == 403
    page = client.get(url).content.decode()
    assert "Hoàn thành xuất sắc nhiệm vụ" in page
    assert "Đã gửi, chờ xác nhận" in page


def test_a_registration_two_people_started_blank_is_not_overwritten(
    world: World, tree: Tree, login: Any
) -> None:
    """Both opened the blank form; the second to save gets a conflict, not the first's loss."""
    Registration.objects.filter(movement=world.movement, unit=tree.unit).delete()
    url = reverse("emulation:movement-detail", args=[world.movement.pk])
    first, second = (login(make_user(Role.NHAP_LIEU, tree.unit)) for _ in range(2))
    blank = second.get(url, {"unit": tree.unit.pk}).context["registration_form"]

    def save(client: Any, titles: list[str]) -> Any:
        return client.post(
            url,
            {
                "action": "registration_save",
                "unit": tree.unit.pk,
                "titles": titles,
                "commitments": "Hoàn thành xuất sắc nhiệm vụ",
                "version": blank["version"].value(),
            },
            follow=True,
        )

    save(first, ["TTLDXS"])
    refused = save(second, ["CO_THI_DUA_TINH"]).content.decode()

    assert blank["version"].value() == 0
    assert "thay đổi của bạn chưa được lưu" in refused
    registration = Registration.objects.get(movement=world.movement, unit=tree.unit)
    assert (registration.titles, registration.version) == (["TTLDXS"], 1)


def test_refusals_are_shown_on_the_page(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("emulation:movement-detail", args=[world.movement.pk])

    page = client.post(
        url,
        {"action": "registration_submit", "unit": tree.unit.pk, "commitments": ""},
        follow=True,
    ).content.decode()

    assert "Trường “Danh hiệu đăng ký”: hãy chọn ít nhất một danh hiệu." in page
    assert Registration.objects.get(unit=tree.unit).status == RegistrationStatus.DRAFT


def test_cascade_milestone_and_round_through_the_page(world: World, tree: Tree, login: Any) -> None:
    url = reverse("emulation:movement-detail", args=[world.movement.pk])
    leader = login(make_user(Role.LANH_DAO_DON_VI, tree.unit))
    assert leader.get(url).context["cascade_form"] is not None
    assert leader.post(url, {"action": "milestone", "kind": "tong_ket"}).status_code == 403

    cascaded = leader.post(
        url, {"action": "cascade", "unit": tree.unit.pk, "document_number": "12/KH-SNV"}
    )
    child = Movement.objects.get(parent=world.movement, launched_by=tree.unit)
    assert cascaded["Location"] == reverse("emulation:movement-detail", args=[child.pk])
    assert child.document_number == "12/KH-SNV"

    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    added = office.post(
        url,
        {"action": "milestone", "kind": "tong_ket", "name": "", "due_on": "30/11/2024"},
    )
    assert added.status_code == 302
    assert world.movement.milestones.filter(kind="tong_ket").count() == 1
    opened = office.post(
        url,
        {"action": "round", "kind": "hang_nam", "name": "", "submission_deadline": "10/12/2024"},
    )
    round_ = Round.objects.get()
    assert opened["Location"] == reverse("commendation:round-detail", args=[round_.pk])
    assert NAME in round_.name
    assert round_.name in office.get(url).content.decode()


def _query_count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_lists_have_constant_query_counts(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    urls = [
        reverse("emulation:movement-list"),
        reverse("emulation:movement-detail", args=[world.movement.pk]),
        reverse("emulation:movement-filings", args=[world.movement.pk]),
        f"{API}/movements",
        f"{API}/movements/{world.movement.pk}",
        f"{API}/movements/{world.movement.pk}/registrations",
    ]
    before = [_query_count(client, url) for url in urls]
    for index in range(5):
        unit = make_unit(f"Sở Thứ {index}", parent=tree.province)
        new_registration(world.movement, unit, status=RegistrationStatus.SUBMITTED)
        plan_submit(actor=None, movement=world.movement, unit=unit, text="Kế hoạch")
        milestone_report_submit(actor=None, milestone=world.milestone, unit=unit, summary="Báo cáo")
        movement_cascade(actor=None, movement=world.movement, unit=unit, starts_on=STARTS)
        new_movement(tree, name=f"Phong trào {index}")
    after = [_query_count(client, url) for url in urls]

    assert after == before
    assert max(before) <= 30


# --- API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix_for_reads(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    statuses = {
        "movements": client.get(f"{API}/movements").status_code,
        "movement": client.get(f"{API}/movements/{world.movement.pk}").status_code,
        "child": client.get(f"{API}/movements/{world.child.pk}").status_code,
        "registrations": client.get(
            f"{API}/movements/{world.movement.pk}/registrations"
        ).status_code,
    }
    anonymous = case == "anonymous"
    has_role = case not in ("anonymous", "no_role")
    hidden = 401 if anonymous else 404
    assert statuses == {
        "movements": 200 if has_role else 401 if anonymous else 403,
        "movement": 200 if has_role else hidden,
        "child": 200 if case in ("parent_unit", "other_unit") else hidden,
        "registrations": 200 if has_role else hidden,
    }


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix_for_the_office(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))

    launched = client.post(
        f"{API}/movements",
        {
            "launched_by_id": tree.province.pk,
            "name": "Phong trào qua API",
            "kind": "regular",
            "starts_on": "2024-02-06",
            "participant_ids": [tree.unit.pk],
        },
        **JSON,
    )
    acknowledged = client.post(
        f"{API}/registrations/{world.sent.pk}/acknowledge", {"version": world.sent.version}, **JSON
    )
    cascaded = client.post(
        f"{API}/movements/{world.movement.pk}/cascade", {"unit_id": tree.unit.pk}, **JSON
    )

    office = case == "parent_unit"
    anonymous = case == "anonymous"
    denied = 401 if anonymous else 403
    assert launched.status_code == (201 if office else denied)
    assert acknowledged.status_code == (
        200 if office else 401 if anonymous else 403 if case == "other_unit" else 404
    )
    assert Registration.objects.get(pk=world.sent.pk).status == (
        RegistrationStatus.ACKNOWLEDGED if office else RegistrationStatus.SUBMITTED
    )
    # Sở A's office (or the province's) may cascade to Sở A.
    can_cascade = case in ("parent_unit", "right_role")
    assert cascaded.status_code == (
        201 if can_cascade else 401 if anonymous else 403 if case == "other_unit" else 404
    )
    if office:
        body = launched.json()
        assert (body["name"], body["units"][0]["unit_id"]) == ("Phong trào qua API", tree.unit.pk)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix_for_the_units_filers(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))
    movement, draft = world.movement, Registration.objects.get(unit=tree.unit)

    saved = client.post(
        f"{API}/movements/{movement.pk}/registrations",
        {"unit_id": tree.unit.pk, "titles": ["TTLDXS"], "commitments": ["Cam kết qua API"]},
        **JSON,
    )
    sent = client.post(f"{API}/registrations/{draft.pk}/submit", {}, **JSON)
    reported = client.post(
        f"{API}/milestones/{world.milestone.pk}/reports",
        {
            "unit_id": tree.unit.pk,
            "summary": "Báo cáo qua API",
            "file": SimpleUploadedFile("bc.pdf", PDF),
        },
    )

    inside = case in ("parent_unit", "right_role")
    anonymous = case == "anonymous"
    hidden = 401 if anonymous else 404
    assert saved.status_code == (
        200 if inside else hidden if case == "no_role" else 401 if anonymous else 403
    )
    assert sent.status_code == (200 if inside else hidden)
    assert reported.status_code == (
        201 if inside else hidden if case == "no_role" else 401 if anonymous else 403
    )
    draft.refresh_from_db()
    assert (draft.status, draft.commitments) == (
        (RegistrationStatus.SUBMITTED, ["Cam kết qua API"])
        if inside
        else (RegistrationStatus.DRAFT, [DRAFT_COMMITMENT])
    )
    if inside:
        assert (reported.json()["late"], reported.json()["file_name"]) == (True, "bc.pdf")
    assert MilestoneReport.objects.filter(unit=tree.unit).count() == int(inside)


def test_api_error_names_the_field(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))

    response = client.post(
        f"{API}/movements/{world.movement.pk}/registrations",
        {"unit_id": tree.unit.pk, "titles": ["CSTD_TINH"], "commitments": []},
        **JSON,
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "Trường “Danh hiệu đăng ký”: “Chiến sĩ thi đua cấp tỉnh” dành cho cá nhân, "
        "đơn vị không đăng ký được.",
        "extra": {"field": "Danh hiệu đăng ký"},
    }


@pytest.mark.parametrize(
    "model", ["movement", "milestone", "movementplan", "registration", "milestonereport"]
)
def test_admin_lists_movements(world: World, login: Any, model: str) -> None:
    url = reverse(f"admin:emulation_{model}_changelist")
    assert (
        login(make_user(Role.CHUYEN_VIEN_TDKT, world.movement.launched_by)).get(url).status_code
        == 302
    )
    admin = login(make_user(is_superuser=True, is_staff=True))
    assert admin.get(url).status_code == 200
    add = admin.get(reverse(f"admin:emulation_{model}_add")).status_code
    assert add == (200 if model in ("movement", "milestone") else 403)


def test_milestones_listed_in_order(world: World) -> None:
    assert list(Milestone.objects.values_list("name", flat=True)) == ["Sơ kết 6 tháng"]


def test_api_reports_without_a_file_and_shows_progress(
    world: World, tree: Tree, login: Any
) -> None:
    client = login(make_user(Role.LANH_DAO_DON_VI, tree.unit))

    reported = client.post(
        f"{API}/milestones/{world.milestone.pk}/reports",
        {"unit_id": tree.unit.pk, "summary": "Đạt 9/10 chỉ tiêu"},
    )
    detail = client.get(f"{API}/movements/{world.movement.pk}").json()

    assert reported.status_code == 201
    assert (reported.json()["file_name"], reported.json()["status"]) == ("", "submitted")
    assert [
        (u["unit_name"], u["plan"], u["registration"], u["reports"]) for u in detail["units"]
    ] == [
        (tree.unit.name, "draft", "draft", ["late"]),
        (tree.other.name, "late", "late", ["late"]),
    ]
    assert detail["children"] == [world.child.pk]
    assert [m["name"] for m in detail["milestones"]] == ["Sơ kết 6 tháng"]
