"""Nomination lists from Excel: the template of a unit in a round (its lists, protection and
signature), the import through `nomination_create` (every line a draft, or nothing), every way
a file can be wrong (each problem with its sheet, row and column), formula injection, the pages
and the API with their permissions, and the template's query count."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import BANG_KHEN_TINH, GIAY_KHEN, LDTT, TTLDTT
from thidua.commendation.models import Nomination, NominationStatus, Round
from thidua.commendation.nomination_excel import (
    ACHIEVEMENT_COL,
    AWARD_COL,
    FIRST_DATA_ROW,
    HEADER_ROW,
    HEADERS,
    LIST_SHEET,
    META_SHEET,
    NOMINATION_SHEET,
    SUBJECT_COL,
    TEMPLATE_ROWS,
    build_nomination_template,
)
from thidua.commendation.nomination_import import nomination_candidates_for, nomination_import
from thidua.commendation.services import household_create, round_close
from thidua.commendation.tests.test_workflow_services import new_nomination, new_person, new_round
from thidua.core.excel import NOT_XLSX, UploadError, neutralise
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.text import local_today

COVERED_URL_NAMES = ["commendation:nomination-excel", "commendation:nomination-template"]
COVERED_API_OPERATIONS = [
    "GET /api/v1/commendation/rounds/{round_id}/excel/template",
    "POST /api/v1/commendation/rounds/{round_id}/excel/import",
]

YEAR = local_today().year
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
R1, R2, R3, R4, R5 = range(FIRST_DATA_ROW, FIRST_DATA_ROW + 5)
SUBJECT, AWARD, ACHIEVEMENT = (HEADERS[c - 1] for c in (SUBJECT_COL, AWARD_COL, ACHIEVEMENT_COL))
DONE = "Hoàn thành xuất sắc nhiệm vụ năm; dẫn đầu phong trào chuyển đổi số."


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


class World:
    """An open round of the province, people of Sở A (one in its department), a household,
    and a person of Sở B (not Sở A's to propose)."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.round = new_round(
            tree.province,
            name="Khen thưởng tổng kết năm thử nghiệm",
            year=YEAR,
            deadline=local_today() + datetime.timedelta(days=30),
        )
        self.an = new_person(tree.unit, "Nguyễn Văn An")
        self.lan = new_person(tree.child, "Đỗ Thị Lan")
        self.household = household_create(
            actor=None, head_name="Trần Văn Bình", unit=tree.child, address="Thôn Đông"
        )
        self.stranger = new_person(tree.other, "Lê Thị Ngoài")
        self.proposer = make_user(Role.NHAP_LIEU, tree.unit)


@pytest.fixture
def world(tree: Tree) -> World:
    return World(tree)


def template(world: World, unit: Any = None, round_: Round | None = None) -> bytes:
    unit = unit or world.tree.unit
    round_ = round_ or world.round
    candidates = nomination_candidates_for(actor=None, round_=round_, unit=unit)
    return build_nomination_template(round_, unit, candidates)


def choices(data: bytes) -> dict[str, str]:
    """The list values of a template, by subject code."""
    ws = load_workbook(io.BytesIO(data))[LIST_SHEET]
    return {
        row[2]: row[0] for row in ws.iter_rows(min_row=2, max_col=3, values_only=True) if row[0]
    }


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    """Open the workbook as a person would in a spreadsheet program, change it, save it."""
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def fill(data: bytes, rows: list[tuple[Any, Any, Any]], first: int = FIRST_DATA_ROW) -> bytes:
    """`rows` of (subject, award, achievement) written from `first` on; a str subject that is a
    code ("CN-1") is replaced by its list value, as picked in the dropdown."""
    listed = choices(data)

    def change(wb: Any) -> None:
        ws = wb[NOMINATION_SHEET]
        for offset, values in enumerate(rows):
            for column, value in zip(
                (SUBJECT_COL, AWARD_COL, ACHIEVEMENT_COL), values, strict=True
            ):
                if column == SUBJECT_COL and isinstance(value, str):
                    value = listed.get(value, value)
                ws.cell(row=first + offset, column=column).value = value

    return edit(data, change)


def code(subject: Any) -> str:
    prefix = {"Person": "CN", "OrgUnit": "TT", "Household": "HGD"}[type(subject).__name__]
    return f"{prefix}-{subject.pk}"


def run_import(world: World, data: bytes, unit: Any = None) -> list[Nomination]:
    return nomination_import(
        actor=world.proposer, round_=world.round, unit=unit or world.tree.unit, data=data
    )


def refused(world: World, data: bytes, unit: Any = None) -> list[tuple[Any, ...]]:
    with pytest.raises(UploadError) as caught:
        run_import(world, data, unit)
    assert_nothing_saved()
    return [(p.sheet, p.row, p.column, p.reason) for p in caught.value.errors]


def assert_nothing_saved() -> None:
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(action="nomination.created").exists()


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Template ----------------------------------------------------------------------------------


def test_template_layout(world: World) -> None:
    wb = load_workbook(io.BytesIO(template(world)))

    assert wb.sheetnames == [NOMINATION_SHEET, LIST_SHEET, META_SHEET]
    ws = wb[NOMINATION_SHEET]
    assert [cell.value for cell in ws[HEADER_ROW]] == list(HEADERS)
    assert ws["A1"].value == "Đề nghị khen thưởng – Sở Nội vụ tỉnh Thử Nghiệm"
    assert [ws.cell(row=FIRST_DATA_ROW + i, column=1).value for i in (0, 1, TEMPLATE_ROWS - 1)] == [
        1,
        2,
        TEMPLATE_ROWS,
    ]
    assert ws.protection.sheet
    assert ws.cell(row=HEADER_ROW, column=SUBJECT_COL).protection.locked
    assert not ws.cell(row=R1, column=SUBJECT_COL).protection.locked
    assert not ws.cell(row=R1, column=ACHIEVEMENT_COL).protection.locked
    assert ws.cell(row=R1, column=SUBJECT_COL).fill.fgColor.rgb.endswith("FFF2CC")
    validated = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert validated["B5"] == f"'{LIST_SHEET}'!$A$2:$A$6"
    assert validated["C5"].startswith(f"'{LIST_SHEET}'!$F$2:")
    assert wb.security.lockStructure
    assert wb[LIST_SHEET].protection.sheet
    assert wb[META_SHEET].sheet_state == "veryHidden"
    meta = dict(wb[META_SHEET].iter_rows(max_col=2, values_only=True))
    assert (meta["round_id"], meta["unit_id"]) == (world.round.pk, world.tree.unit.pk)


def test_template_lists_what_the_unit_may_propose(world: World, tree: Tree) -> None:
    listed = choices(template(world))

    assert listed == {
        code(world.lan): f"Đỗ Thị Lan – Phòng Thi đua - Khen thưởng ({code(world.lan)})",
        code(world.an): f"Nguyễn Văn An – Sở Nội vụ tỉnh Thử Nghiệm ({code(world.an)})",
        code(tree.unit): f"Sở Nội vụ tỉnh Thử Nghiệm ({code(tree.unit)})",
        code(tree.child): f"Phòng Thi đua - Khen thưởng ({code(tree.child)})",
        code(world.household): (
            f"Hộ Trần Văn Bình – Phòng Thi đua - Khen thưởng ({code(world.household)})"
        ),
    }
    awards = [
        row[0]
        for row in load_workbook(io.BytesIO(template(world)))[LIST_SHEET].iter_rows(
            min_row=2, min_col=6, max_col=6, values_only=True
        )
        if row[0]
    ]
    assert "Lao động tiên tiến" in awards
    assert "Tập thể lao động tiên tiến" in awards


def test_template_names_are_neutralised(world: World, tree: Tree) -> None:
    evil = new_person(tree.unit, '=HYPERLINK("http://x.example","Bấm")')

    listed = choices(template(world))

    assert listed[code(evil)].startswith("'=HYPERLINK")
    ws = load_workbook(io.BytesIO(template(world)))[LIST_SHEET]
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_template_requires_a_proposer_and_an_open_round(world: World, tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        nomination_candidates_for(
            actor=make_user(Role.NHAP_LIEU, tree.other), round_=world.round, unit=tree.unit
        )
    round_close(actor=None, round_=world.round)
    world.round.refresh_from_db()
    with pytest.raises(ApplicationError, match="đã khóa sổ"):
        nomination_candidates_for(actor=world.proposer, round_=world.round, unit=tree.unit)


# --- Import ------------------------------------------------------------------------------------


def test_round_trip_creates_draft_nominations(world: World, tree: Tree) -> None:
    data = fill(
        template(world),
        [
            (code(world.an), "Lao động tiên tiến", DONE),
            (code(tree.child), TTLDTT, "Tập thể hoàn thành xuất sắc nhiệm vụ."),
            (code(world.household), "giay khen", "Gương mẫu chấp hành chính sách."),
        ],
    )

    created = run_import(world, data)

    nominations = list(Nomination.objects.order_by("id"))
    assert created == nominations
    assert [(n.subject, n.award, n.achievement) for n in nominations] == [
        (world.an, LDTT, DONE),
        (tree.child, TTLDTT, "Tập thể hoàn thành xuất sắc nhiệm vụ."),
        (world.household, GIAY_KHEN, "Gương mẫu chấp hành chính sách."),
    ]
    assert {(n.status, n.round_id, n.unit_id, n.created_by) for n in nominations} == {
        (NominationStatus.DRAFT, world.round.pk, tree.unit.pk, world.proposer)
    }
    events = AuditEvent.objects.filter(action="nomination.created").order_by("id")
    assert [(e.object_id, e.actor) for e in events] == [
        (str(n.pk), world.proposer) for n in nominations
    ]


def test_a_code_typed_by_hand_is_understood(world: World) -> None:
    data = fill(
        template(world),
        [
            (f"  cn - {world.an.pk} ", LDTT, DONE),
            (f"Tên cũ (đã đổi) (CN-{world.lan.pk})", BANG_KHEN_TINH, DONE),
        ],
    )

    run_import(world, data)

    assert sorted(Nomination.objects.values_list("person_id", "award")) == sorted(
        [(world.an.pk, LDTT), (world.lan.pk, BANG_KHEN_TINH)]
    )


def test_lines_anywhere_below_the_header_are_read(world: World) -> None:
    data = fill(template(world), [(code(world.an), LDTT, DONE)], first=FIRST_DATA_ROW + 250)

    assert len(run_import(world, data)) == 1


def test_template_of_another_round_or_unit_is_refused(world: World, tree: Tree) -> None:
    other_round = new_round(
        tree.province,
        name="Khen thưởng chuyên đề khác",
        kind="chuyen_de",
        year=YEAR,
        deadline=local_today() + datetime.timedelta(days=30),
    )
    for data, unit in (
        (fill(template(world, round_=other_round), [(code(world.an), LDTT, DONE)]), tree.unit),
        (fill(template(world, unit=tree.child), [(code(world.lan), LDTT, DONE)]), tree.unit),
        (fill(template(world), [(code(world.lan), LDTT, DONE)]), tree.child),
    ):
        [(sheet, row, column, reason)] = refused(world, data, unit)
        assert (sheet, row, column) == (None, None, None)
        assert reason.startswith("Tệp mẫu này dành cho đợt")


def test_every_bad_line_is_listed_and_nothing_saved(world: World, tree: Tree) -> None:
    data = fill(
        template(world),
        [
            (code(world.an), LDTT, DONE),  # valid, but not saved
            ("CN-999999", LDTT, DONE),
            ("Nguyễn Văn An", "Không có danh hiệu này", DONE),
            (code(tree.child), LDTT, DONE),
            (code(world.lan), BANG_KHEN_TINH, "   "),
            (code(world.an), "Lao động tiên tiến", "Lần hai."),
            (code(world.stranger), LDTT, DONE),
        ],
    )

    problems = refused(world, data)

    unit = "Sở Nội vụ tỉnh Thử Nghiệm"
    assert problems == [
        (
            NOMINATION_SHEET,
            R2,
            SUBJECT,
            f"mã CN-999999 không có trong danh sách cá nhân, tập thể, hộ gia đình của {unit} "
            f"(xem trang “{LIST_SHEET}” của mẫu mới tải).",
        ),
        (
            NOMINATION_SHEET,
            R3,
            SUBJECT,
            "“Nguyễn Văn An” không có mã đối tượng (như “CN-12”) ở cuối; hãy chọn trong danh "
            f"sách (trang “{LIST_SHEET}”).",
        ),
        (
            NOMINATION_SHEET,
            R3,
            AWARD,
            "“Không có danh hiệu này” không có trong danh mục khen thưởng "
            f"(xem trang “{LIST_SHEET}”).",
        ),
        (
            NOMINATION_SHEET,
            R4,
            AWARD,
            "“Lao động tiên tiến” không dành cho tập thể (chỉ dành cho: Cá nhân).",
        ),
        (NOMINATION_SHEET, R5, ACHIEVEMENT, "không được để trống."),
        (
            NOMINATION_SHEET,
            R5 + 1,
            SUBJECT,
            f"trùng với dòng {R1}: cùng đối tượng, cùng danh hiệu, hình thức “Lao động tiên tiến”.",
        ),
        (
            NOMINATION_SHEET,
            R5 + 2,
            SUBJECT,
            f"mã {code(world.stranger)} không có trong danh sách cá nhân, tập thể, hộ gia đình "
            f"của {unit} (xem trang “{LIST_SHEET}” của mẫu mới tải).",
        ),
    ]


def test_a_subject_already_nominated_is_a_row_error(world: World, tree: Tree) -> None:
    new_nomination(world.round, world.lan, LDTT, unit=tree.unit, dossier=False)
    before = list(Nomination.objects.values_list("id", flat=True))
    events = AuditEvent.objects.count()
    data = fill(
        template(world),
        [(code(world.an), LDTT, DONE), (code(world.lan), "Lao động tiên tiến", DONE)],
    )

    with pytest.raises(UploadError) as caught:
        run_import(world, data)

    assert [(p.row, p.column, p.reason) for p in caught.value.errors] == [
        (
            R2,
            SUBJECT,
            "“Đỗ Thị Lan” đã được đề nghị Lao động tiên tiến trong đợt này "
            "(trạng thái “Đang soạn”).",
        )
    ]
    assert list(Nomination.objects.values_list("id", flat=True)) == before
    assert AuditEvent.objects.count() == events


def test_formula_cells_are_refused_and_formula_text_is_kept_inert(world: World) -> None:
    injected = '=HYPERLINK("http://x.example","Bấm")'

    def change(wb: Any) -> None:
        ws = wb[NOMINATION_SHEET]
        ws.cell(row=R1, column=SUBJECT_COL).value = choices(template(world))[code(world.an)]
        ws.cell(row=R1, column=AWARD_COL).value = LDTT
        ws.cell(row=R1, column=ACHIEVEMENT_COL).value = "=1+1"  # a formula cell

    formula = edit(template(world), change)
    assert refused(world, formula) == [
        (NOMINATION_SHEET, R1, ACHIEVEMENT, "ô chứa công thức; hãy nhập giá trị cụ thể.")
    ]

    def as_text(wb: Any) -> None:
        ws = wb[NOMINATION_SHEET]
        ws.cell(row=R1, column=SUBJECT_COL).value = f"CN-{world.an.pk}"
        ws.cell(row=R1, column=AWARD_COL).value = LDTT
        cell = ws.cell(row=R1, column=ACHIEVEMENT_COL)
        cell.value = neutralise(injected)  # typed as text: "'=HYPERLINK(…)"
        cell.data_type = "s"
        ws.cell(row=R2, column=SUBJECT_COL).value = f"CN-{world.lan.pk}"
        ws.cell(row=R2, column=AWARD_COL).value = LDTT
        ws.cell(row=R2, column=ACHIEVEMENT_COL).value = "- Dẫn đầu phong trào."

    run_import(world, edit(template(world), as_text))

    stored = dict(Nomination.objects.values_list("person_id", "achievement"))
    assert stored == {world.an.pk: injected, world.lan.pk: "- Dẫn đầu phong trào."}
    assert neutralise(stored[world.an.pk]) == "'" + injected  # inert when written to Excel again


@pytest.mark.parametrize(
    "data",
    [b"", b"STT,Ho ten\n1,An\n", b"PK\x03\x04 not really a zip", b"%PDF-1.4\n%%EOF\n"],
)
def test_not_an_xlsx_is_refused(world: World, data: bytes) -> None:
    assert refused(world, data) == [(None, None, None, NOT_XLSX)]


def test_an_empty_or_altered_template_is_refused(world: World) -> None:
    [(_, _, _, empty)] = refused(world, template(world))
    assert empty == "Tệp chưa có dòng đề nghị nào."

    def rename_header(wb: Any) -> None:
        wb[NOMINATION_SHEET].cell(row=HEADER_ROW, column=AWARD_COL).value = "Hình thức"

    [(sheet, row, _, reason)] = refused(world, edit(template(world), rename_header))
    assert (sheet, row) == (NOMINATION_SHEET, HEADER_ROW)
    assert reason.startswith("dòng tiêu đề đã bị thay đổi")


def test_a_closed_round_takes_no_file(world: World) -> None:
    data = fill(template(world), [(code(world.an), LDTT, DONE)])
    round_close(actor=None, round_=world.round)
    world.round.refresh_from_db()

    with pytest.raises(ApplicationError, match="đã khóa sổ"):
        run_import(world, data)
    assert_nothing_saved()


# --- Pages -------------------------------------------------------------------------------------


def _upload(world: World, data: bytes, unit: Any = None) -> dict[str, Any]:
    return {
        "unit": (unit or world.tree.unit).pk,
        "file": SimpleUploadedFile("de-nghi.xlsx", data, content_type=XLSX),
    }


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    data = fill(template(world), [(code(world.an), LDTT, DONE)])
    client = login(make_actor(tree, Role.NHAP_LIEU))
    page_url = reverse("commendation:nomination-excel", args=[world.round.pk])

    page = client.get(page_url)
    download = client.get(
        reverse("commendation:nomination-template", args=[world.round.pk, tree.unit.pk])
    )
    upload = client.post(page_url, _upload(world, data))

    proposes = case in ("parent_unit", "right_role")
    assert page.status_code == {"anonymous": 302, "no_role": 403}.get(case, 200)
    assert download.status_code == (200 if proposes else {"anonymous": 302}.get(case, 403))
    if proposes:
        assert download["Content-Type"] == XLSX
        assert (
            "mau-de-nghi-khen-thuong-so-noi-vu-tinh-thu-nghiem.xlsx"
            in (download["Content-Disposition"])
        )
        assert upload["Location"] == reverse("commendation:round-detail", args=[world.round.pk])
    else:
        # Sở B's proposer may not choose Sở A in the form: the page shows the error, saves nothing.
        assert upload.status_code == {"anonymous": 302, "no_role": 403}.get(case, 200)
    assert Nomination.objects.exists() == proposes


def test_upload_through_the_page(world: World, tree: Tree, login: Any) -> None:
    client = login(world.proposer)
    page_url = reverse("commendation:nomination-excel", args=[world.round.pk])
    page = client.get(page_url).content.decode()
    assert reverse("commendation:nomination-template", args=[world.round.pk, tree.unit.pk]) in page
    template_url = reverse("commendation:nomination-template", args=[world.round.pk, tree.unit.pk])
    data = fill(
        body(client.get(template_url)),
        [(code(world.an), LDTT, DONE), (code(tree.child), TTLDTT, DONE)],
    )

    response = client.post(page_url, _upload(world, data), follow=True)

    assert response.redirect_chain == [
        (reverse("commendation:round-detail", args=[world.round.pk]), 302)
    ]
    assert "Đã tạo 2 đề nghị (bản nháp) của Sở Nội vụ tỉnh Thử Nghiệm" in (
        response.content.decode()
    )
    assert Nomination.objects.filter(status=NominationStatus.DRAFT).count() == 2


def test_bad_upload_lists_rows_and_saves_nothing(world: World, tree: Tree, login: Any) -> None:
    client = login(world.proposer)
    data = fill(template(world), [(code(world.an), LDTT, DONE), (code(tree.child), LDTT, DONE)])

    response = client.post(
        reverse("commendation:nomination-excel", args=[world.round.pk]), _upload(world, data)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "chưa có đề nghị nào được tạo: 1 lỗi" in html
    assert f"<td>{R2}</td><td>{AWARD}</td>" in html
    assert "không dành cho tập thể" in html
    assert_nothing_saved()


def test_round_page_links_to_the_excel_page(world: World, login: Any) -> None:
    page = login(world.proposer).get(reverse("commendation:round-detail", args=[world.round.pk]))

    assert reverse("commendation:nomination-excel", args=[world.round.pk]) in page.content.decode()


def test_template_query_count_does_not_grow(world: World, tree: Tree, login: Any) -> None:
    client = login(world.proposer)
    url = reverse("commendation:nomination-template", args=[world.round.pk, tree.unit.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body(response)
        assert response.status_code == 200
        return len(queries)

    before = count()
    for index in range(8):
        new_person(tree.child if index % 2 else tree.unit, f"Người Thứ {index}")
        household_create(actor=None, head_name=f"Chủ Hộ {index}", unit=tree.child)

    assert count() == before
    assert before <= 12


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    base = f"/api/v1/commendation/rounds/{world.round.pk}/excel"
    data = fill(template(world), [(code(world.an), LDTT, DONE)])
    client = login(make_actor(tree, Role.NHAP_LIEU))

    download = client.get(f"{base}/template", {"unit_id": tree.unit.pk})
    upload = client.post(
        f"{base}/import",
        {"unit_id": tree.unit.pk, "file": SimpleUploadedFile("d.xlsx", data, content_type=XLSX)},
    )

    proposes = case in ("parent_unit", "right_role")
    denied = {"anonymous": 401}.get(case, 403)
    assert download.status_code == (200 if proposes else denied)
    assert upload.status_code == (201 if proposes else denied)
    if proposes:
        assert download["Content-Type"] == XLSX
        nomination = Nomination.objects.get()
        assert upload.json() == {"created": 1, "nominations": [nomination.pk]}
    else:
        assert not Nomination.objects.exists()


def test_api_import_lists_the_problems(world: World, tree: Tree, login: Any) -> None:
    client = login(world.proposer)
    base = f"/api/v1/commendation/rounds/{world.round.pk}/excel"
    data = fill(
        body(client.get(f"{base}/template", {"unit_id": tree.unit.pk})),
        [(code(world.an), LDTT, DONE), (code(tree.child), LDTT, "")],
    )

    response = client.post(
        f"{base}/import",
        {"unit_id": tree.unit.pk, "file": SimpleUploadedFile("d.xlsx", data, content_type=XLSX)},
    )

    assert response.status_code == 400
    payload = response.json()
    assert [(p["sheet"], p["row"], p["column"]) for p in payload["extra"]["problems"]] == [
        (NOMINATION_SHEET, R2, AWARD),
        (NOMINATION_SHEET, R2, ACHIEVEMENT),
    ]
    assert f"dòng {R2}" in payload["message"]
    assert_nothing_saved()


def test_api_refuses_a_unit_outside_the_round(world: World, tree: Tree, login: Any) -> None:
    outside = make_user(Role.NHAP_LIEU, tree.unit)
    other_issuer_round = new_round(
        tree.other,
        name="Đợt của Sở B",
        year=YEAR,
        deadline=local_today() + datetime.timedelta(days=30),
    )
    response = login(outside).get(
        f"/api/v1/commendation/rounds/{other_issuer_round.pk}/excel/template",
        {"unit_id": tree.unit.pk},
    )

    assert response.status_code == 400
    assert "không thuộc Sở Y tế tỉnh Thử Nghiệm" in response.json()["message"]
