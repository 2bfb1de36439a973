"""The same form sent twice (a double click, a reload that posts again) is carried out once:
the second time is refused with a clear message or changes nothing, never a second row.
Parametrised over the pages that create, submit, vote, comment, upload or import."""

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.urls import reverse
from openpyxl import load_workbook

from tests.bad_inputs import XLSX, World, good_file, row_counts, world_for_module
from thidua.commendation.catalogue import BANG_KHEN_TINH
from thidua.commendation.models import DossierFile, Nomination, Person, PublicComment, Round
from thidua.commendation.tests.test_history_import import fill as fill_history
from thidua.commendation.tests.test_history_import import row as history_row
from thidua.commendation.tests.test_nomination_excel import code as subject_code
from thidua.commendation.tests.test_nomination_excel import fill as fill_nominations
from thidua.commendation.tests.test_workflow_pages import _listed
from thidua.commendation.tests.test_workflow_services import new_person
from thidua.core.resubmit import submission_key
from thidua.exemplars.models import Exemplar, ExemplarEvidence, ExemplarPhoto
from thidua.ingest.models import SourceDocument
from thidua.reminders.models import Obstacle, ObstacleAttachment
from thidua.targets.excel import EXPLANATION_COL, FIRST_DATA_ROW, VALUE_COL
from thidua.targets.models import Evidence, Report

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with world_for_module(django_db_blocker, tmp_path_factory.mktemp("world-media")) as built:
        yield built


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@dataclass(frozen=True)
class Form:
    """A page's form: where it posts and what (built afresh for each sending: files are read
    once), and the model whose rows a second sending must not add to."""

    url: Callable[[World], str]
    data: Callable[[World, Any], dict[str, Any]]
    model: type[Model]


def _pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, good_file(".pdf"), content_type="application/pdf")


def _targets_file(world: World, client: Any) -> dict[str, Any]:
    template = body(
        client.get(reverse("targets:excel-template", args=[world.campaign.pk, world.tree.unit.pk]))
    )
    wb = load_workbook(io.BytesIO(template))
    ws = wb["Báo cáo"]
    ws.cell(row=FIRST_DATA_ROW + 2, column=VALUE_COL).value = 7
    ws.cell(row=FIRST_DATA_ROW + 2, column=EXPLANATION_COL).value = "Số liệu tháng 3"
    buffer = io.BytesIO()
    wb.save(buffer)
    return {"unit": world.tree.unit.pk, "file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}


def _history_file(world: World, client: Any) -> dict[str, Any]:
    template = body(client.get(reverse("commendation:history-template", args=[world.tree.unit.pk])))
    data = fill_history(template, [history_row(name="Đặng Thị Hai Lần")])
    return {"unit": world.tree.unit.pk, "file": SimpleUploadedFile("k.xlsx", data, XLSX)}


def _nomination_file(world: World, client: Any) -> dict[str, Any]:
    person = _candidate(world)
    template = body(
        client.get(
            reverse("commendation:nomination-template", args=[world.round.pk, world.tree.unit.pk])
        )
    )
    data = fill_nominations(
        template, [(subject_code(person), BANG_KHEN_TINH, "Hoàn thành xuất sắc nhiệm vụ.")]
    )
    return {"unit": world.tree.unit.pk, "file": SimpleUploadedFile("d.xlsx", data, XLSX)}


def _candidate(world: World) -> Any:
    found = Person.objects.filter(full_name="Phan Văn Một Lần").first()
    return found or new_person(world.tree.unit, "Phan Văn Một Lần")


def _listed_nomination(world: World) -> Nomination:
    """A nomination listed for public comments (made once per test)."""
    found = Nomination.objects.filter(person__full_name="Vũ Thị Công Khai").first()
    return found or _listed(world.tree)


FORMS: dict[str, Form] = {
    "obstacle-create": Form(
        lambda w: reverse("reminders:obstacle-new"),
        lambda w, c: {
            "unit": w.tree.unit.pk,
            "title": "Vướng mắc gửi hai lần",
            "description": "Bấm nút gửi hai lần liền.",
            "attachments": [_pdf()],
        },
        Obstacle,
    ),
    "obstacle-attach": Form(
        lambda w: reverse("reminders:obstacle-detail", args=[w.obstacle.pk]),
        lambda w, c: {"action": "attach", "file": _pdf()},
        ObstacleAttachment,
    ),
    "exemplar-create": Form(
        lambda w: reverse("exemplars:exemplar-new"),
        lambda w, c: {
            "unit": w.tree.unit.pk,
            "kind": "ca_nhan",
            "category": "nguoi_tot",
            "sector": "y_te",
            "year": 2024,
            "name": "Hà Thị Hai Lần",
            "public_name": "Chị Hà",
            "headline": "Gửi hai lần",
            "story": "Câu chuyện được gửi hai lần liền.",
            "source": "don_vi",
        },
        Exemplar,
    ),
    "exemplar-photo": Form(
        lambda w: reverse("exemplars:exemplar-detail", args=[w.exemplar.pk]),
        lambda w, c: {
            "action": "photo_add",
            "caption": "Ảnh",
            "file": SimpleUploadedFile("anh.png", good_file(".png")),
        },
        ExemplarPhoto,
    ),
    "exemplar-evidence": Form(
        lambda w: reverse("exemplars:exemplar-detail", args=[w.exemplar.pk]),
        lambda w, c: {"action": "evidence_add", "description": "Giấy khen", "file": _pdf()},
        ExemplarEvidence,
    ),
    "round-create": Form(
        lambda w: reverse("commendation:round-list"),
        lambda w, c: {
            "name": "Đợt gửi hai lần",
            "kind": "chuyen_de",
            "year": 2024,
            "submission_deadline": "31/12/2030",
            "appraisal_working_days": 20,
            "comment_working_days": 0,
        },
        Round,
    ),
    "nomination-create": Form(
        lambda w: reverse("commendation:nomination-new", args=[w.round.pk]),
        lambda w, c: {
            "unit": w.tree.unit.pk,
            "subject": f"person:{_candidate(w).pk}",
            "award": BANG_KHEN_TINH,
            "achievement": "Hoàn thành xuất sắc nhiệm vụ.",
        },
        Nomination,
    ),
    "dossier-upload": Form(
        lambda w: reverse("commendation:nomination-detail", args=[w.draft.pk]),
        lambda w, c: {"action": "upload", "kind": "to_trinh", "file": _pdf("to-trinh.pdf")},
        DossierFile,
    ),
    "targets-evidence": Form(
        lambda w: reverse(
            "targets:report", args=[w.measure.pk, w.tree.unit.pk, w.report.period_key]
        ),
        lambda w, c: {"action": "evidence", "file": _pdf()},
        Evidence,
    ),
    "targets-import": Form(
        lambda w: reverse("targets:excel", args=[w.campaign.pk]), _targets_file, Report
    ),
    "history-import": Form(
        lambda w: reverse("commendation:history-excel"),
        _history_file,
        Person,
    ),
    "nomination-import": Form(
        lambda w: reverse("commendation:nomination-excel", args=[w.round.pk]),
        _nomination_file,
        Nomination,
    ),
    "public-comment": Form(
        lambda w: reverse("public:commendation"),
        lambda w, c: {"nomination": _listed_nomination(w).pk, "text": "Đồng ý với đề nghị."},
        PublicComment,
    ),
    "directive-upload": Form(
        lambda w: reverse("ingest:job-list"),
        lambda w, c: {
            "unit": w.tree.unit.pk,
            "file": SimpleUploadedFile("chi-thi.pdf", good_file(".pdf")),
        },
        SourceDocument,
    ),
}


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", list(FORMS))
def test_a_form_sent_twice_is_carried_out_once(world: World, client: Any, name: str) -> None:
    form = FORMS[name]
    client.force_login(world.user)
    url = form.url(world)
    first_data = form.data(world, client)
    before = form.model._default_manager.count()
    counts = row_counts()

    first = client.post(url, first_data)
    after_first = form.model._default_manager.count()
    second = client.post(url, form.data(world, client), follow=True)

    assert first.status_code in (200, 302), name
    assert after_first == before + 1, (name, _messages(first))
    assert second.status_code == 200
    assert form.model._default_manager.count() == after_first, name
    assert row_counts() != counts  # the first sending did write
    # The second sending is answered: refused saying why, done again without effect, or
    # told that the first one was carried out.
    told = [str(message) for message in second.context["messages"]]
    assert told, name


def test_a_second_sending_while_the_first_runs_is_told_to_wait(
    world: World, client: Any, rf: Any
) -> None:
    client.force_login(world.user)
    url = reverse("reminders:obstacle-new")
    data = FORMS["obstacle-create"].data(world, client)
    request = rf.post(url, data)
    request.user, request.session = world.user, client.session
    cache.add(submission_key(request), "…", 10)  # the first sending, still running
    before = Obstacle.objects.count()

    response = client.post(url, FORMS["obstacle-create"].data(world, client), follow=True)

    assert Obstacle.objects.count() == before
    assert [str(message) for message in response.context["messages"]] == [
        "Biểu mẫu này vừa được gửi và đang được xử lý; lần gửi lại không được thực hiện "
        "thêm. Hãy chờ rồi tải lại trang."
    ]


def test_a_refused_sending_can_be_sent_again_and_is_refused_again(
    world: World, client: Any
) -> None:
    client.force_login(world.user)
    url = reverse("reminders:obstacle-new")
    data = {"unit": world.tree.unit.pk, "title": "Thiếu nội dung", "description": " "}

    answers = [client.post(url, data) for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert all("description" in answer.context["form"].errors for answer in answers)
