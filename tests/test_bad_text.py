"""Hostile text: legacy-encoded Vietnamese in Excel cells is refused naming the sheet, row and
column (and showing what it reads as in Unicode), while the directive upload decodes whole
legacy files; script payloads in names are stored as text and shown escaped on every page that
shows them; formula payloads come out inert in every spreadsheet and CSV the platform writes."""

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from tests.bad_inputs import (
    CORPUS,
    FORMULA,
    STRINGS,
    XLSX,
    World,
    good_file,
    media_files,
    refusals,
    row_counts,
    world_for_module,
)
from thidua.commendation.catalogue import BANG_KHEN_TINH
from thidua.commendation.services import decision_attach_scan, decision_publish
from thidua.commendation.tests.test_history_import import fill as fill_history
from thidua.commendation.tests.test_history_import import row as history_row
from thidua.commendation.tests.test_nomination_excel import code as subject_code
from thidua.commendation.tests.test_nomination_excel import fill as fill_nominations
from thidua.commendation.tests.test_workflow_services import new_nomination, new_person
from thidua.core.excel import FORMULA_STARTS
from thidua.exemplars.tests.helpers import new_exemplar
from thidua.ingest.models import IngestJob, JobStatus
from thidua.reminders.services.obstacles import obstacle_create
from thidua.targets.excel import EXPLANATION_COL, FIRST_DATA_ROW, VALUE_COL
from thidua.targets.services import report_save

pytestmark = pytest.mark.django_db

LEGACY: dict[str, dict[str, str]] = STRINGS["legacy"]
NAME, PHRASE = "Nguyễn Văn An", "Hoàn thành vượt mức chỉ tiêu được giao"
ENCODINGS = ["tcvn3", "vni", "cp1258", "utf-8-as-cp1252"]


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with world_for_module(django_db_blocker, tmp_path_factory.mktemp("world-media")) as built:
        yield built


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def client_in(client: Any, world: World) -> Any:
    client.force_login(world.user)
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Legacy encodings ----------------------------------------------------------------------------


def _targets_file(client: Any, world: World, text: str) -> bytes:
    template = body(
        client.get(reverse("targets:excel-template", args=[world.campaign.pk, world.tree.unit.pk]))
    )
    wb = load_workbook(io.BytesIO(template))
    ws = wb["Báo cáo"]
    february = FIRST_DATA_ROW + 1  # January already has a draft
    ws.cell(row=february, column=VALUE_COL).value = 5
    ws.cell(row=february, column=EXPLANATION_COL).value = text
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _history_file(client: Any, world: World, text: str) -> bytes:
    template = body(client.get(reverse("commendation:history-template", args=[world.tree.unit.pk])))
    return fill_history(template, [history_row(name=text)])


def _nomination_file(client: Any, world: World, text: str) -> bytes:
    person = new_person(world.tree.unit, "Phạm Thị Đề Nghị")
    template = body(
        client.get(
            reverse("commendation:nomination-template", args=[world.round.pk, world.tree.unit.pk])
        )
    )
    return fill_nominations(template, [(subject_code(person), BANG_KHEN_TINH, text)])


IMPORTS = {
    # page, file maker, what the cell holds (a name or a phrase), the column the refusal names
    "targets": ("targets:excel", _targets_file, PHRASE, "Giải trình"),
    "history": ("commendation:history-excel", _history_file, NAME, "Họ và tên"),
    "nominations": ("commendation:nomination-excel", _nomination_file, PHRASE, "Tóm tắt"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("kind", list(IMPORTS))
def test_legacy_text_in_a_cell_is_refused_naming_the_cell_and_its_unicode_reading(
    world: World, media: Any, client_in: Any, kind: str, encoding: str
) -> None:
    page, make, text, column = IMPORTS[kind]
    data = make(client_in, world, LEGACY[text][encoding])
    url = (
        reverse(page, args=[world.round.pk])
        if kind == "nominations"
        else reverse(page, args=[world.campaign.pk])
        if kind == "targets"
        else reverse(page)
    )
    before = row_counts()

    response = client_in.post(
        url,
        {"unit": world.tree.unit.pk, "file": SimpleUploadedFile("tep.xlsx", data, XLSX)},
        follow=True,
    )

    assert response.status_code == 200
    message = "\n".join(refusals(response))
    assert "bảng mã cũ" in message, message
    assert f"đọc ra là “{text}”" in message, message
    assert column in message, message
    assert "dòng" in message, message
    assert row_counts() == before
    assert media_files() == set()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_the_directive_upload_reads_a_legacy_encoded_text_file(
    world: World,
    media: Any,
    client_in: Any,
    django_capture_on_commit_callbacks: Any,
    encoding: str,
) -> None:
    data = (CORPUS / "text" / f"chi-thi-{encoding}.txt").read_bytes()
    reference = (CORPUS / "text" / "chi-thi-utf8.txt").read_text(encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_in.post(
            reverse("ingest:job-list"),
            {"unit": world.tree.unit.pk, "file": SimpleUploadedFile(f"{encoding}.txt", data)},
        )

    assert response.status_code == 302
    job = IngestJob.objects.get(document__name=f"{encoding}.txt")
    assert job.status == JobStatus.READY, job.error
    # TCVN3 typed capitals with tones in other fonts, on the lower-case codes: compare folded.
    assert job.source_text.casefold().split() == reference.casefold().split()


def test_the_directive_upload_says_a_latin_1_text_is_not_vietnamese(
    world: World, media: Any, client_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = (CORPUS / "text" / "tieng-phap-latin1.txt").read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_in.post(
            reverse("ingest:job-list"),
            {"unit": world.tree.unit.pk, "file": SimpleUploadedFile("decret.txt", data)},
        )
    page = client_in.get(response["Location"]).content.decode()

    job = IngestJob.objects.get(document__name="decret.txt")
    assert job.status == JobStatus.FAILED
    assert "không phải văn bản tiếng Việt" in job.error
    assert escape(job.error) in page


# --- Script payloads -------------------------------------------------------------------------


@pytest.mark.parametrize("payload", STRINGS["scripts"][:3])
def test_script_payloads_are_stored_as_text_and_shown_escaped(
    world: World, media: Any, client_in: Any, payload: str
) -> None:
    person = new_person(world.tree.unit, payload)
    nomination = new_nomination(world.round, person, BANG_KHEN_TINH, dossier=False)
    obstacle = obstacle_create(
        actor=None,
        unit=world.tree.unit,
        title=payload,
        description=payload,
        files=[(f"{payload}.pdf", good_file(".pdf"))],
    )
    exemplar = new_exemplar(world.tree, name=payload, public_name=payload, headline=payload)
    client_in.post(
        reverse("commendation:nomination-detail", args=[nomination.pk]),
        {
            "action": "upload",
            "kind": "to_trinh",
            "file": SimpleUploadedFile(f"{payload}.pdf", good_file(".pdf")),
        },
    )
    pages = {
        "person-list": reverse("commendation:person-list") + "?q=" + payload[:20],
        "person": reverse("commendation:person-detail", args=[person.pk]),
        "round": reverse("commendation:round-detail", args=[world.round.pk]),
        "nomination": reverse("commendation:nomination-detail", args=[nomination.pk]),
        "obstacles": reverse("reminders:obstacle-list"),
        "obstacle": reverse("reminders:obstacle-detail", args=[obstacle.pk]),
        "exemplars": reverse("exemplars:exemplar-list"),
        "exemplar": reverse("exemplars:exemplar-detail", args=[exemplar.pk]),
    }
    shown = {}
    for name, url in pages.items():
        response = client_in.get(url)
        assert (name, response.status_code) == (name, 200)
        content = response.content.decode()
        assert payload not in content, name
        shown[name] = escape(payload) in content
    # Every page that lists one of the objects shows its name, escaped.
    assert all(shown.values()), shown
    # The uploaded file's name too (as Django's upload parser keeps it: after the last "/").
    file_name = (payload + ".pdf").rsplit("/", 1)[-1]
    nomination_page = client_in.get(pages["nomination"]).content.decode()
    assert escape(file_name) in nomination_page
    assert file_name not in nomination_page


# --- Formula payloads ------------------------------------------------------------------------


def _cells(data: bytes) -> Iterator[tuple[str, Any]]:
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.value is not None:
                    yield f"{ws.title}!{cell.coordinate}", cell


def test_formula_payloads_come_out_inert_in_every_export(
    world: World, media: Any, client_in: Any
) -> None:
    formulas = STRINGS["formulas"]
    for month, formula in enumerate(formulas, start=2):
        report_save(
            actor=None,
            measure=world.measure,
            unit=world.tree.unit,
            period_key=f"2024-{month:02d}",
            value=month,
            explanation=formula,
        )
    for formula in formulas:
        new_person(world.tree.unit, formula)
    decision_attach_scan(
        actor=None, decision=world.decision, name="qd.pdf", content=good_file(".pdf")
    )
    decision_publish(actor=None, decision=world.decision)
    unit = world.tree.unit.pk
    workbooks = {
        "targets export": reverse("targets:excel-export", args=[world.campaign.pk]),
        "targets template": reverse("targets:excel-template", args=[world.campaign.pk, unit]),
        "history export": reverse("commendation:history-export", args=[unit]),
        "history template": reverse("commendation:history-template", args=[unit]),
        "nomination template": reverse(
            "commendation:nomination-template", args=[world.round.pk, unit]
        ),
    }
    for name, url in workbooks.items():
        response = client_in.get(url)
        assert (name, response.status_code) == (name, 200)
        texts = []
        for where, cell in _cells(body(response)):
            assert cell.data_type != "f", (name, where, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_STARTS), (name, where, cell.value)
                texts.append(cell.value)
        # The payloads did reach the file, behind the guard.
        assert any("'" + FORMULA in text for text in texts), name

    response = client_in.get(reverse("opendata:awards-csv"))
    fields = [
        field
        for line in csv.reader(io.StringIO(body(response).decode("utf-8-sig")))
        for field in line
    ]
    assert "'" + FORMULA in fields
    assert not [field for field in fields if field.startswith(FORMULA_STARTS)]
