"""Every operation of /api/v1/openapi.json exercised by schemathesis, in-process through the WSGI
application, authenticated as the provincial emulation office with an API token: no answer is a
server error, every status is one the operation declares, and every body matches the schema
declared for its status.

The data (a tree, a campaign with reports, a movement, a cluster, a commendation round carried
to a council session and a decision, an exemplar, an obstacle, a periodic report…) is built once
for the module inside a transaction rolled back at the end. Each example runs inside a savepoint
rolled back after it, and the cache (upload rate limits) is cleared before it, so no example
sees another's writes: the outcome of an example does not depend on the order examples run in.
Generation is derandomised with no example database, and a positive id in a path is pointed at
the matching object of the data (ids differ between databases and runs), so every run sends
the same requests.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from ninja import Schema
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.services import api_token_create
from thidua.commendation.catalogue import BANG_KHEN_TINH
from thidua.commendation.models import BallotMode, CouncilMember, NominationStatus
from thidua.commendation.services import decision_draft, nomination_accept
from thidua.commendation.tests.test_council_services import open_session
from thidua.commendation.tests.test_decision_services import passed
from thidua.commendation.tests.test_workflow_services import (
    new_nomination,
    new_person,
    new_round,
)
from thidua.emulation.models import Assessment
from thidua.emulation.services.clusters import scoring_table_set
from thidua.emulation.tests.test_cluster_flow import TABLE
from thidua.emulation.tests.test_movement_services import new_registration
from thidua.exemplars.services import exemplar_evidence_add
from thidua.exemplars.tests.helpers import PDF, published
from thidua.ingest.services import document_upload
from thidua.reminders.models import Notification
from thidua.reminders.services import obstacle_create, reminders_send
from thidua.reminders.tests.conftest import build_world
from thidua.reports.services import periodic_report_create, render_job_request
from thidua.targets.models import Report
from thidua.wsgi import application

API = "/api/v1/openapi.json"
MAX_EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
DIRECTIVE = Path(__file__).resolve().parents[1] / "thidua/ingest/tests/data/chi-thi-08-key.txt"

schema = schemathesis.openapi.from_wsgi(API, application)
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, no_shrink=True)


@dataclass(frozen=True)
class ApiWorld:
    token: str
    # (app, path parameter) → the id of an object of the data; app None: any app
    ids: dict[tuple[str | None, str], int]

    def id_for(self, path: str, name: str) -> int | None:
        app = path.removeprefix("/api/v1/").split("/")[0]
        return self.ids.get((app, name), self.ids.get((None, name)))


def _build(tree: Tree) -> ApiWorld:
    world = build_world(tree)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    _token, raw = api_token_create(actor=office, user=office, name="Kiểm thử lược đồ API")

    report = Report.objects.filter(measure=world.measure).order_by("unit__path").first()
    assert report is not None
    registration = new_registration(world.movement, world.on_time)
    edition = world.members[world.on_time.pk].edition
    scoring_table_set(actor=None, edition=edition, groups=TABLE, tie_break=["2"])
    sheet = Assessment.objects.filter(member__edition=edition).order_by("pk").first()
    assert sheet is not None

    # A round of the province carried to a decision, and a named session still open.
    round_ = new_round(tree.province)
    winners = passed(round_, BANG_KHEN_TINH, [new_person(tree.unit, "Nguyễn Thị Ứng Viên")])
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)
    waiting = new_nomination(
        round_,
        new_person(tree.unit, "Trần Văn Chờ Họp"),
        BANG_KHEN_TINH,
        status=NominationStatus.ACCEPTED,
    )
    members = list(CouncilMember.objects.filter(council_of=tree.province, year=2025))
    session = open_session(round_, members, mode=BallotMode.NAMED, nominations=[waiting])
    nomination_accept(actor=None, nomination=world.submitted, today=datetime.date(2024, 7, 3))

    shown = published(tree)
    evidence = exemplar_evidence_add(
        actor=None,
        exemplar=shown.exemplar,
        file_name="quyet-dinh.pdf",
        content=PDF,
        description="Quyết định khen thưởng",
    )
    obstacle = obstacle_create(
        actor=None,
        unit=tree.unit,
        title="Chưa có hướng dẫn chấm điểm",
        description="Bộ tiêu chí năm 2024 chưa có hướng dẫn cách chấm tiêu chí 3.",
    )
    reminders_send(today=datetime.date(2024, 8, 1))
    notification = Notification.objects.order_by("pk").first()
    periodic = periodic_report_create(actor=None, unit=tree.unit, kind="so_ket", year=2024)
    rendering = render_job_request(actor=office, kind="periodic_report", object_id=periodic.pk)
    job = document_upload(
        actor=None, unit=tree.province, name=DIRECTIVE.name, data=DIRECTIVE.read_bytes()
    )
    make_unit("Xã Thử Nghiệm", kind="xa", parent=tree.child)

    ids: dict[tuple[str | None, str], int] = {
        (None, "unit_id"): tree.unit.pk,
        (None, "campaign_id"): world.measure.target.campaign_id,
        ("targets", "report_id"): report.pk,
        ("reports", "report_id"): periodic.pk,
        ("reports", "job_id"): rendering.pk,
        ("ingest", "job_id"): job.pk,
        (None, "movement_id"): world.movement.pk,
        (None, "registration_id"): registration.pk,
        (None, "milestone_id"): world.milestone.pk,
        (None, "edition_id"): edition.pk,
        (None, "assessment_id"): sheet.pk,
        (None, "person_id"): winners[0].person_id,
        (None, "round_id"): round_.pk,
        (None, "nomination_id"): waiting.pk,
        (None, "session_id"): session.pk,
        (None, "decision_id"): decision.pk,
        (None, "exemplar_id"): shown.exemplar.pk,
        (None, "photo_id"): shown.shown.pk,
        (None, "evidence_id"): evidence.pk,
        (None, "obstacle_id"): obstacle.pk,
    }
    if notification is not None:
        ids[(None, "notification_id")] = notification.pk
    return ApiWorld(token=raw, ids=ids)


@pytest.fixture(scope="module")
def api_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiWorld]:
    """The data, built once for the module and rolled back after it. The WSGI handler closes
    the database connection around each request, which would end the surrounding transaction:
    as Django's test client does, the handler keeps the connection while the module runs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
            transaction.atomic(),
        ):
            yield _build(_tree())
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _tree() -> Tree:
    province = make_unit("Tỉnh Thử Nghiệm", kind="tinh", parent=None, code="99")
    unit = make_unit("Sở Nội vụ tỉnh Thử Nghiệm", parent=province)
    child = make_unit("Phòng Thi đua - Khen thưởng", kind="phong_ban", parent=unit)
    other = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=province)
    return Tree(province=province, unit=unit, child=child, other=other)


def _point_at_the_data(case: Any, world: ApiWorld) -> None:
    for name, value in list((case.path_parameters or {}).items()):
        known = world.id_for(case.operation.path, name)
        if known is not None and type(value) is int and value > 0:
            case.path_parameters[name] = known


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every operation's test gets its own node id. schemathesis 4.32 names its items
    `test[METHOD /path]` but, under pytest 9, leaves them all the node id of the bare function
    unless the test is parametrized; pytest-xdist, which schedules by node id, then runs one
    operation and reports the rest as passed."""
    if "credentials" in metafunc.fixturenames:
        metafunc.parametrize("credentials", ["token"])


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(
    case: Any, api_world: ApiWorld, db: None, credentials: str
) -> None:
    _point_at_the_data(case, api_world)
    headers = {"Authorization": f"Bearer {api_world.token}"} if credentials == "token" else {}
    cache.clear()
    with transaction.atomic():
        case.call_and_validate(headers=headers, checks=CHECKS)
        transaction.set_rollback(True)


def test_every_operation_declares_its_errors() -> None:
    """Errors answer `{"message", "extra"}`: an operation behind authentication declares 401,
    one taking parameters or a body declares 422 (the schema test only meets the statuses its
    examples happen to provoke)."""
    missing = []
    for result in schema.get_all_operations():
        operation = result.ok()
        declared = operation.definition.raw.get("responses", {})
        wanted = set()
        if operation.definition.raw.get("security"):
            wanted.add("401")
        if operation.definition.raw.get("parameters") or operation.definition.raw.get(
            "requestBody"
        ):
            wanted.add("422")
        for status in sorted(wanted - set(map(str, declared))):
            missing.append(f"{operation.method.upper()} {operation.path}: {status}")
        for status, response in declared.items():
            if str(status).startswith("4"):
                reference = response["content"]["application/json"]["schema"]["$ref"]
                if not reference.endswith("/ErrorOut"):
                    missing.append(f"{operation.method.upper()} {operation.path}: {status} schema")
    assert missing == []


def test_no_two_api_schemas_share_a_name() -> None:
    """The OpenAPI document names each schema by its class name: two classes of one name (a
    target report and a periodic report were both `ReportOut`) are documented as one, and one
    operation then promises the other's fields."""
    import thidua.api  # noqa: F401 - every router and its schemas

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    modules: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("thidua."):
            modules.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}
