"""What the bad-input tests share: the corpus (`tests/data/bad/`), one province where every
upload has something to attach to (built once per test module, rolled back at its end), the
upload entry points (pages and API), and how a refusal is read and "nothing written" checked.

An entry point is a name, the file types it takes and a function that posts a file to it; a new
one is a line in `ENTRY_POINTS`.
"""

import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from conftest import Tree, make_measure, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.commendation.catalogue import BANG_KHEN_TINH
from thidua.commendation.models import Decision, Nomination, NominationStatus, Round
from thidua.commendation.services import (
    decision_draft,
    decision_sign,
    session_close,
    session_create,
    votes_record,
)
from thidua.commendation.tests.test_council_services import seat_council
from thidua.commendation.tests.test_workflow_services import new_nomination, new_person, new_round
from thidua.core.text import local_today
from thidua.emulation.models import Assessment, Milestone, Movement
from thidua.emulation.services import milestone_create
from thidua.emulation.tests.test_cluster_flow import Block
from thidua.emulation.tests.test_movement_services import new_movement
from thidua.exemplars.models import Exemplar
from thidua.exemplars.tests.helpers import new_exemplar
from thidua.reminders.models import Obstacle
from thidua.reminders.services.obstacles import obstacle_create
from thidua.targets.models import Campaign, Measure, Report
from thidua.targets.services import (
    report_save,
)

CORPUS = Path(__file__).resolve().parent / "data" / "bad"
STRINGS: dict[str, Any] = json.loads((CORPUS / "strings.json").read_text(encoding="utf-8"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = local_today().year
SCRIPT = STRINGS["scripts"][1]  # "><img src=x onerror=alert(1)>
FORMULA = STRINGS["formulas"][0]  # =HYPERLINK(…)

# --- The corpus ------------------------------------------------------------------------------

# Words one of which the refusal of each kind of bad file must contain: it says why.
NOT_ITS_TYPE = (
    "không đúng định dạng",
    "không phải",
    "nội dung là",
    "không nhận ra định dạng",
    "không được nhận: chỉ nhận",
    "hỏng",
)
LOCKED = ("mật khẩu",)
BOMB = ("độc hại",)
CUT = ("cắt cụt", "hỏng", "không phải", "không nhận ra định dạng", "nội dung là")
HUGE = ("quá lớn",)


@dataclass(frozen=True)
class BadFile:
    path: str  # relative to CORPUS
    why: tuple[str, ...]

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def extension(self) -> str:
        return Path(self.path).suffix.lower()

    def read(self) -> bytes:
        return (CORPUS / self.path).read_bytes()


BAD_FILES = [
    BadFile("office/khong-phai-zip.xlsx", NOT_ITS_TYPE),
    BadFile("office/zip-thieu-workbook.xlsx", NOT_ITS_TYPE),
    BadFile("office/cat-cut.xlsx", CUT),
    BadFile("office/mat-khau.xlsx", LOCKED),
    BadFile("office/bom-nen.xlsx", BOMB),
    BadFile("office/khong-phai-zip.docx", NOT_ITS_TYPE),
    BadFile("office/zip-thieu-document.docx", NOT_ITS_TYPE),
    BadFile("office/cat-cut.docx", CUT),
    BadFile("office/mat-khau.docx", LOCKED),
    BadFile("office/bom-nen.docx", BOMB),
    BadFile("pdf/hong.pdf", CUT),
    BadFile("pdf/cat-cut.pdf", CUT),
    BadFile("pdf/mat-khau.pdf", LOCKED),
    BadFile("image/khong-lo-40000.png", HUGE),
    BadFile("image/khong-lo-40000.jpg", HUGE),
    BadFile("image/lon-12000x10000.png", HUGE),
    BadFile("image/html.png", NOT_ITS_TYPE),
    BadFile("image/html.jpg", NOT_ITS_TYPE),
    BadFile("image/hong.png", CUT),
    BadFile("lies/pdf-that.docx", NOT_ITS_TYPE),
    BadFile("lies/pdf-that.xlsx", NOT_ITS_TYPE),
    BadFile("lies/docx-that.pdf", NOT_ITS_TYPE),
    BadFile("lies/xlsx-that.docx", NOT_ITS_TYPE),
    BadFile("lies/docx-that.xlsx", NOT_ITS_TYPE),
    BadFile("lies/png-that.jpg", NOT_ITS_TYPE),
    BadFile("lies/jpg-that.png", NOT_ITS_TYPE),
    BadFile("lies/exe-that.pdf", NOT_ITS_TYPE),
    BadFile("lies/html-that.pdf", NOT_ITS_TYPE),
    BadFile("lies/pdf-that.txt", NOT_ITS_TYPE),
]


def good_file(extension: str) -> bytes:
    return (CORPUS / "good" / f"hop-le{extension}").read_bytes()


# --- The province --------------------------------------------------------------------------------


@dataclass
class World:
    """A province where every upload has its object: a campaign with a report, an open round
    with a draft nomination, a signed decision, a cluster sheet, a movement with a sơ kết, an
    exemplary model, an obstacle; `user` holds every role any of the uploads needs."""

    tree: Tree
    user: User
    campaign: Campaign
    measure: Measure
    report: Report
    round: Round
    draft: Nomination
    decision: Decision
    block: Block
    sheet: Assessment
    movement: Movement
    milestone: Milestone
    exemplar: Exemplar
    obstacle: Obstacle


def build_world() -> World:
    province = make_unit("Tỉnh Thử Nghiệm", kind="tinh", parent=None, code="99")
    unit = make_unit("Sở Nội vụ tỉnh Thử Nghiệm", parent=province)
    child = make_unit("Phòng Thi đua - Khen thưởng", kind="phong_ban", parent=unit)
    other = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=province)
    tree = Tree(province=province, unit=unit, child=child, other=other)

    user = make_user(Role.NHAP_LIEU, unit)
    for role, where in (
        (Role.LANH_DAO_DON_VI, unit),
        (Role.CHUYEN_VIEN_TDKT, unit),
        (Role.CHUYEN_VIEN_TDKT, province),
    ):
        Membership.objects.create(user=user, unit=where, role=role)

    measure = make_measure(province, unit)
    report = report_save(
        actor=None, measure=measure, unit=unit, period_key="2024-01", value=Decimal(9)
    )

    round_ = new_round(
        province,
        name="Khen thưởng chuyên đề thử nghiệm",
        kind="chuyen_de",
        year=YEAR,
        deadline=local_today() + datetime.timedelta(days=30),
    )
    # The names are hostile on purpose: pages must escape the one, exports neutralise the other.
    draft = new_nomination(round_, new_person(unit, SCRIPT), dossier=False)
    awarded = new_nomination(
        round_,
        new_person(unit, FORMULA),
        BANG_KHEN_TINH,
        status=NominationStatus.ACCEPTED,
    )
    seat_council(province, year=YEAR)
    session = session_create(
        actor=None, round_=round_, held_on=local_today(), ballot_mode="an_danh"
    )
    votes_record(actor=None, session=session, nomination=awarded, tally={"agree": 15})
    session_close(actor=None, session=session)
    decision = decision_sign(
        actor=None,
        decision=decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH),
        signed_on=local_today(),
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
    )

    block = Block(tree)
    Membership.objects.create(user=user, unit=other, role=Role.NHAP_LIEU)

    movement = new_movement(tree)
    milestone = milestone_create(
        actor=None,
        movement=movement,
        kind="so_ket",
        due_on=datetime.date(2024, 6, 15),
        name="Sơ kết 6 tháng",
    )
    obstacle = obstacle_create(
        actor=None,
        unit=unit,
        title="Chưa rõ cách báo cáo chỉ tiêu sáng kiến",
        description="Đề nghị hướng dẫn cách tính số sáng kiến được công nhận.",
    )
    return World(
        tree=tree,
        user=user,
        campaign=measure.target.campaign,
        measure=measure,
        report=report,
        round=round_,
        draft=draft,
        decision=decision,
        block=block,
        sheet=block.sheet("B"),
        movement=movement,
        milestone=milestone,
        exemplar=new_exemplar(tree),
        obstacle=obstacle,
    )


@contextmanager
def world_for_module(django_db_blocker: Any, directory: Path) -> Iterator[World]:
    """The world, built once for a test module inside a transaction rolled back at its end
    (each test runs in a savepoint inside it), its files in `directory`."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=directory),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


# --- Entry points ----------------------------------------------------------------------------

Post = Callable[[Any, World, SimpleUploadedFile], Any]
DOCUMENTS = (".pdf", ".docx", ".png", ".jpg", ".jpeg")
EVERYTHING = (*DOCUMENTS, ".xlsx")


@dataclass(frozen=True)
class EntryPoint:
    id: str
    extensions: tuple[str, ...]
    post: Post
    api: bool = False


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _page(
    url: Callable[[World], str], fields: Callable[[World], dict[str, Any]], key: str = "file"
) -> Post:
    def post(client: Any, world: World, file: SimpleUploadedFile) -> Any:
        return client.post(url(world), {**fields(world), key: file}, follow=True)

    return post


def _api(url: Callable[[World], str], fields: Callable[[World], dict[str, Any]]) -> Post:
    def post(client: Any, world: World, file: SimpleUploadedFile) -> Any:
        return client.post(url(world), {**fields(world), "file": file})

    return post


def _milestone_report(client: Any, world: World, file: SimpleUploadedFile) -> Any:
    prefix = f"m{world.milestone.pk}"
    return client.post(
        reverse("emulation:movement-detail", args=[world.movement.pk]),
        {
            "action": "report_save",
            "unit": world.tree.unit.pk,
            "milestone": world.milestone.pk,
            f"{prefix}-summary": "Đạt 9/10 chỉ tiêu",
            f"{prefix}-file": file,
        },
        follow=True,
    )


def _new_obstacle(client: Any, world: World, file: SimpleUploadedFile) -> Any:
    """A good attachment first, then the bad one: the good one must not be left behind."""
    return client.post(
        reverse("reminders:obstacle-new"),
        {
            "unit": world.tree.unit.pk,
            "title": "Vướng mắc về minh chứng",
            "description": "Đề nghị hướng dẫn cách nộp minh chứng.",
            "attachments": [upload("dung.pdf", good_file(".pdf")), file],
        },
        follow=True,
    )


ENTRY_POINTS: list[EntryPoint] = [
    EntryPoint(
        "targets-excel-page",
        (".xlsx",),
        _page(
            lambda w: reverse("targets:excel", args=[w.campaign.pk]),
            lambda w: {"unit": w.tree.unit.pk},
        ),
    ),
    EntryPoint(
        "targets-excel-api",
        (".xlsx",),
        _api(
            lambda w: f"/api/v1/targets/campaigns/{w.campaign.pk}/excel/import",
            lambda w: {"unit_id": w.tree.unit.pk},
        ),
        api=True,
    ),
    EntryPoint(
        "targets-evidence-page",
        EVERYTHING,
        _page(
            lambda w: reverse(
                "targets:report", args=[w.measure.pk, w.tree.unit.pk, w.report.period_key]
            ),
            lambda w: {"action": "evidence"},
        ),
    ),
    EntryPoint(
        "history-import-page",
        (".xlsx",),
        _page(lambda w: reverse("commendation:history-excel"), lambda w: {"unit": w.tree.unit.pk}),
    ),
    EntryPoint(
        "nomination-import-page",
        (".xlsx",),
        _page(
            lambda w: reverse("commendation:nomination-excel", args=[w.round.pk]),
            lambda w: {"unit": w.tree.unit.pk},
        ),
    ),
    EntryPoint(
        "nomination-import-api",
        (".xlsx",),
        _api(
            lambda w: f"/api/v1/commendation/rounds/{w.round.pk}/excel/import",
            lambda w: {"unit_id": w.tree.unit.pk},
        ),
        api=True,
    ),
    EntryPoint(
        "dossier-page",
        DOCUMENTS,
        _page(
            lambda w: reverse("commendation:nomination-detail", args=[w.draft.pk]),
            lambda w: {"action": "upload", "kind": "to_trinh"},
        ),
    ),
    EntryPoint(
        "decision-scan-page",
        (".pdf",),
        _page(
            lambda w: reverse("commendation:decision-detail", args=[w.decision.pk]),
            lambda w: {"action": "scan"},
            key="scan",
        ),
    ),
    EntryPoint(
        "ingest-page",
        (".pdf", ".docx", ".png", ".jpg", ".txt"),
        _page(lambda w: reverse("ingest:job-list"), lambda w: {"unit": w.tree.unit.pk}),
    ),
    EntryPoint(
        "ingest-api",
        (".pdf", ".docx", ".png", ".jpg", ".txt"),
        _api(lambda w: "/api/v1/ingest/documents", lambda w: {"unit_id": w.tree.unit.pk}),
        api=True,
    ),
    EntryPoint(
        "exemplar-photo-page",
        (".png", ".jpg", ".jpeg"),
        _page(
            lambda w: reverse("exemplars:exemplar-detail", args=[w.exemplar.pk]),
            lambda w: {"action": "photo_add", "caption": "Ảnh tại trạm y tế"},
        ),
    ),
    EntryPoint(
        "exemplar-photo-api",
        (".png", ".jpg", ".jpeg"),
        _api(
            lambda w: f"/api/v1/exemplars/exemplars/{w.exemplar.pk}/photos",
            lambda w: {"caption": "Ảnh tại trạm y tế"},
        ),
        api=True,
    ),
    EntryPoint(
        "exemplar-evidence-page",
        DOCUMENTS,
        _page(
            lambda w: reverse("exemplars:exemplar-detail", args=[w.exemplar.pk]),
            lambda w: {"action": "evidence_add", "description": "Giấy khen năm 2023"},
        ),
    ),
    EntryPoint(
        "exemplar-evidence-api",
        DOCUMENTS,
        _api(
            lambda w: f"/api/v1/exemplars/exemplars/{w.exemplar.pk}/evidence",
            lambda w: {"description": "Giấy khen năm 2023"},
        ),
        api=True,
    ),
    EntryPoint(
        "exemplar-consent-page",
        DOCUMENTS,
        _page(
            lambda w: reverse("exemplars:exemplar-detail", args=[w.exemplar.pk]),
            lambda w: {
                "action": "consent",
                "consent_on": "10/05/2024",
                "show_unit": "on",
                "version": w.exemplar.version,
            },
        ),
    ),
    EntryPoint(
        "cluster-evidence-page",
        DOCUMENTS,
        _page(
            lambda w: reverse("emulation:assessment", args=[w.sheet.pk]),
            lambda w: {"action": "evidence", "criterion": "2"},
        ),
    ),
    EntryPoint("obstacle-new-page", EVERYTHING, _new_obstacle),
    EntryPoint(
        "obstacle-attach-page",
        EVERYTHING,
        _page(
            lambda w: reverse("reminders:obstacle-detail", args=[w.obstacle.pk]),
            lambda w: {"action": "attach"},
        ),
    ),
    EntryPoint(
        "obstacle-attach-api",
        EVERYTHING,
        _api(lambda w: f"/api/v1/reminders/obstacles/{w.obstacle.pk}/attachments", lambda w: {}),
        api=True,
    ),
    EntryPoint(
        "movement-plan-page",
        (".pdf", ".docx"),
        _page(
            lambda w: reverse("emulation:movement-detail", args=[w.movement.pk]),
            lambda w: {"action": "plan_save", "unit": w.tree.unit.pk, "text": "Kế hoạch số 12"},
        ),
    ),
    EntryPoint("milestone-report-page", (".pdf", ".docx"), _milestone_report),
    EntryPoint(
        "milestone-report-api",
        (".pdf", ".docx"),
        _api(
            lambda w: f"/api/v1/emulation/milestones/{w.milestone.pk}/reports",
            lambda w: {"unit_id": w.tree.unit.pk, "summary": "Đạt 9/10 chỉ tiêu"},
        ),
        api=True,
    ),
]


def cases() -> Iterator[tuple[EntryPoint, BadFile]]:
    """Every entry point with every bad file of a type it takes, and one of a type it does not."""
    for entry in ENTRY_POINTS:
        for bad in BAD_FILES:
            if bad.extension in entry.extensions or bad.path == "lies/pdf-that.txt":
                yield entry, bad


# --- Reading the answer ----------------------------------------------------------------------


def refusals(response: Any) -> list[str]:
    """The errors a page or the API answered with: the API's message (and its problems), the
    page's messages, listed upload problems and form errors."""
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        problems = [str(p.get("reason", "")) for p in body.get("extra", {}).get("problems", [])]
        detail = body.get("detail")
        if isinstance(detail, list):  # ninja's own validation errors
            problems += [str(item.get("msg", "")) for item in detail]
        return [str(body.get("message", "")), *problems]
    context = response.context
    found: list[str] = []
    if context is None:
        return found
    for key in ("messages",):
        if key in context:
            found += [str(message) for message in context[key] if message.level_tag == "error"]
    for problem in context.get("problems", None) or []:
        found.append(str(problem))
    names = set(context.keys())  # a ContextList when the page rendered several templates
    for key in names:
        form = context.get(key)
        errors = getattr(form, "errors", None)
        if isinstance(errors, dict):
            found += [str(error) for field_errors in errors.values() for error in field_errors]
    return [text for text in found if text]


def row_counts() -> dict[str, int]:
    """The number of rows of every model's table, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    # Table names come from the models and are quoted: nothing user-supplied in the query.
    counts_sql = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    sql = "SELECT " + counts_sql
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return dict(zip(tables, counts, strict=True))


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
