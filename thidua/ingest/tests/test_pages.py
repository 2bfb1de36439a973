"""Ingestion through the pages and the API: who may upload, see and confirm; upload → read →
review → correct → confirm creates the campaign; idempotent re-upload; refusals change nothing."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.models import AuditEvent
from thidua.ingest.models import IngestJob, JobStatus, SourceDocument
from thidua.ingest.services import document_upload, remap_doubtful
from thidua.targets.models import Campaign, Measure

COVERED_URL_NAMES = ["ingest:job-list", "ingest:job", "ingest:source", "ingest:page-image"]
COVERED_API_OPERATIONS = [
    "POST /api/v1/ingest/documents",
    "GET /api/v1/ingest/jobs/{job_id}",
    "GET /api/v1/ingest/jobs/{job_id}/result",
]
KEY = Path(__file__).parent / "data" / "chi-thi-08-key.txt"


@pytest.fixture
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def directive() -> bytes:
    return KEY.read_bytes()


@pytest.fixture
def jobs_run(django_capture_on_commit_callbacks):
    """Upload services queue the job when their transaction commits; tests run inside one, so
    commit callbacks (and with the immediate backend, the job) run when this block exits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def uploaded(tree: Tree, media, jobs_run):
    def upload(data: bytes | None = None, name: str = "chi-thi-08.txt", unit=None) -> IngestJob:
        with jobs_run():
            job = document_upload(
                actor=None, unit=unit or tree.unit, name=name, data=data or directive()
            )
        job.refresh_from_db()
        return job

    return upload


def confirm_data(response: Any) -> dict[str, Any]:
    """What a reviewer who keeps every proposal posts: each measure gets a lead unit."""
    context = response.context
    campaign_form, measures = context["campaign_form"], context["measures"]
    movements, actors = context["movements"], context["responsibility_forms"]
    data: dict[str, Any] = {
        f"{formset.prefix}-{key}": value
        for formset in (measures, movements, actors)
        for key, value in formset.management_form.initial.items()
    }
    for index, form in enumerate(actors.forms):
        unit = form.initial.get("unit")
        data[f"tn-{index}-unit"] = unit.pk if unit is not None else ""
    data["action"] = "confirm"
    for index, form in enumerate(movements.forms):
        data[f"mv-{index}-name"] = form.initial["name"]
        data[f"mv-{index}-kind"] = form.initial["kind"]
        if form.initial["include"]:
            data[f"mv-{index}-include"] = "on"
    for name, field in campaign_form.fields.items():
        value = campaign_form.initial.get(name)
        data[name] = field.prepare_value(getattr(value, "pk", value)) if value is not None else ""
    leads = list(measures.forms[0].fields["lead_unit"].queryset)
    for index, form in enumerate(measures.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if name == "lead_unit":
                value = (value or leads[0]).pk
            if isinstance(value, bool):
                if value:
                    data[f"m-{index}-{name}"] = "on"
                continue
            shown = form.fields[name].prepare_value(value)
            data[f"m-{index}-{name}"] = "" if shown is None else str(shown)
    return data


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix(tree: Tree, uploaded, login, case, make_actor) -> None:
    job = uploaded()
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))

    listing = client.get(reverse("ingest:job-list"))
    page = client.get(reverse("ingest:job", args=[job.pk]))
    source = client.get(reverse("ingest:source", args=[job.pk]))
    image = client.get(reverse("ingest:page-image", args=[job.pk, 1]))

    sees = case in ("parent_unit", "right_role")
    assert listing.status_code == {"anonymous": 302, "no_role": 403}.get(case, 200)
    assert page.status_code == {"anonymous": 302}.get(case, 200 if sees else 404)
    assert source.status_code == {"anonymous": 302}.get(case, 200 if sees else 404)
    # A text upload has no page images: 404 for everyone allowed in.
    assert image.status_code == {"anonymous": 302}.get(case, 404)
    if case == "other_unit":
        assert "chi-thi-08.txt" not in listing.content.decode()


def test_a_viewer_role_cannot_upload(tree: Tree, media, login) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))

    response = client.get(reverse("ingest:job-list"))

    assert response.status_code == 403


def test_upload_read_review_confirm(tree: Tree, media, jobs_run, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    with jobs_run():
        posted = client.post(
            reverse("ingest:job-list"),
            {"unit": tree.unit.pk, "file": SimpleUploadedFile("chi-thi-08.txt", directive())},
        )
    response = client.get(posted["Location"])

    job = IngestJob.objects.get()
    html = response.content.decode()
    assert job.status == JobStatus.READY
    assert "Thu ngân sách nhà nước" in html
    assert len(response.context["measures"].forms) == 19
    confirmed = client.post(
        reverse("ingest:job", args=[job.pk]), confirm_data(response), follow=True
    )
    campaign = Campaign.objects.get()
    job.refresh_from_db()
    assert confirmed.redirect_chain[-1][0] == reverse("targets:dashboard", args=[campaign.pk])
    assert (campaign.directive_number, campaign.year) == ("08/CT-UBND", 2024)
    assert campaign.directive_date.isoformat() == "2024-02-06"
    assert Measure.objects.filter(target__campaign=campaign).count() == 19
    assert campaign.targets.count() == 14
    assert (job.status, job.campaign_id) == (JobStatus.CONFIRMED, campaign.pk)
    assert campaign.movements.count() == len(job.draft["movements"]) > 0
    # The last actor of "Tổ chức thực hiện", Sở Nội vụ, is matched to the unit of that name.
    assert job.draft["responsibilities"][-1]["unit_name"] == "Sở Nội vụ tỉnh Thử Nghiệm"
    assert AuditEvent.objects.filter(action="ingest.confirmed").count() == 1


def test_reupload_of_the_same_file_is_idempotent(tree: Tree, media, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    url = reverse("ingest:job-list")

    first = client.post(
        url, {"unit": tree.unit.pk, "file": SimpleUploadedFile("a.txt", directive())}
    )
    second = client.post(
        url, {"unit": tree.unit.pk, "file": SimpleUploadedFile("b.txt", directive())}
    )

    assert first["Location"] == second["Location"]
    assert SourceDocument.objects.count() == 1
    assert AuditEvent.objects.filter(action="ingest.uploaded").count() == 1


def test_a_refused_file_changes_nothing(tree: Tree, media, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    response = client.post(
        reverse("ingest:job-list"),
        {"unit": tree.unit.pk, "file": SimpleUploadedFile("rong.txt", b"")},
    )

    assert response.status_code == 200
    assert not SourceDocument.objects.exists()


def test_unreadable_file_shows_why(tree: Tree, media, jobs_run, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    with jobs_run():
        posted = client.post(
            reverse("ingest:job-list"),
            {
                "unit": tree.unit.pk,
                "file": SimpleUploadedFile("english.txt", b"The quick brown fox jumps. " * 40),
            },
        )
    response = client.get(posted["Location"])

    job = IngestJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error in response.content.decode()
    assert "tiếng Việt" in job.error


def test_text_correction_extracts_again(tree: Tree, uploaded, login) -> None:
    job = uploaded()
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    text = job.text.replace("Thành lập mới 360 doanh nghiệp", "Thành lập mới 400 doanh nghiệp")

    client.post(
        reverse("ingest:job", args=[job.pk]),
        {"action": "text", "text": text, "version": job.version},
    )

    job.refresh_from_db()
    enterprises = next(t for t in job.draft["targets"] if t["no"] == 4)
    assert enterprises["measures"][0]["value"] == "400"
    assert job.version == 2


def test_stale_version_is_refused(tree: Tree, uploaded, login) -> None:
    job = uploaded()
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    response = client.post(
        reverse("ingest:job", args=[job.pk]),
        {"action": "text", "text": "Nội dung khác hẳn.", "version": job.version + 5},
    )

    job.refresh_from_db()
    assert "vừa được người khác sửa" in response.content.decode()
    assert job.version == 1


def test_job_list_query_count_does_not_grow(
    tree: Tree, uploaded, login, django_assert_num_queries
) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    uploaded()
    # session, user, memberships, lineage walk, jobs with documents and units, and the unit
    # select's options (Django's widget reads its queryset twice while rendering)
    expected = 7
    with django_assert_num_queries(expected):
        client.get(reverse("ingest:job-list"))
    for number in range(3):
        uploaded(directive() + f"\n{number}".encode(), f"{number}.txt", tree.other)
    with django_assert_num_queries(expected):
        client.get(reverse("ingest:job-list"))


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix(tree: Tree, uploaded, jobs_run, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))

    with jobs_run():
        upload = client.post(
            "/api/v1/ingest/documents",
            {"unit_id": tree.unit.pk, "file": SimpleUploadedFile("ct.txt", directive())},
        )
    job = uploaded()
    status = client.get(f"/api/v1/ingest/jobs/{job.pk}")
    result = client.get(f"/api/v1/ingest/jobs/{job.pk}/result")

    allowed = case in ("parent_unit", "right_role")
    denied = {"anonymous": 401}.get(case, 403)
    assert upload.status_code == (200 if allowed else denied)
    assert status.status_code == (200 if allowed else {"anonymous": 401}.get(case, 404))
    assert result.status_code == status.status_code
    if allowed:
        assert upload.json()["status"] == "queued"  # read once its transaction commits
        assert len(result.json()["draft"]["targets"]) == 14


@pytest.mark.django_db(transaction=True)  # the worker closes its connection between tasks
def test_a_database_queue_and_worker_read_the_document(tree: Tree, media, jobs_run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with jobs_run():
        job = document_upload(actor=None, unit=tree.unit, name="ct.txt", data=directive())
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert len(job.draft["targets"]) == 14


def test_a_doubtful_restored_word_is_fixed_on_the_page(tree: Tree, uploaded, login) -> None:
    legacy = (Path(__file__).parent / "data" / "chi-thi-08-ocr-cu.txt").read_bytes()
    job = uploaded(legacy, "chi-thi-08-ocr-cu.txt")
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    assert job.restored
    assert job.doubtful
    page = client.get(reverse("ingest:job", args=[job.pk])).content.decode()
    word = job.doubtful[0]

    client.post(
        reverse("ingest:job", args=[job.pk]),
        {"action": "words", "version": job.version, "word-0": "CHỮ-ĐÃ-SỬA"},
    )

    before = len(job.doubtful)
    job.refresh_from_db()
    assert f'<mark title="Bản gốc: {word["original"]}">' in page
    assert job.text[word["start"] : word["start"] + len("CHỮ-ĐÃ-SỬA")] == "CHỮ-ĐÃ-SỬA"
    # The corrected word leaves the list; the others keep pointing at their words.
    assert len(job.doubtful) == before - 1
    assert all(job.text[d["start"] : d["end"]] == d["text"] for d in job.doubtful)
    assert job.version == 2


@pytest.mark.parametrize(
    ("new", "kept"),
    [
        ("Thu ngân sách đạt 4.600 tỷ đồng", ["ngân", "tỷ"]),  # nothing changed
        ("Thu NGÂN SÁCH đạt 4.600 tỷ đồng", ["tỷ"]),  # an edit on a doubtful word
        ("Tổng thu ngân sách đạt 4.600 tỷ đồng", ["ngân", "tỷ"]),  # text added before both
        ("Thu ngân sách đạt 4.600 tỷ", ["ngân", "tỷ"]),  # text removed after both
    ],
)
def test_doubtful_words_follow_an_edit(new: str, kept: list[str]) -> None:
    old = "Thu ngân sách đạt 4.600 tỷ đồng"
    doubtful = [
        {"start": 4, "end": 8, "text": "ngân"},
        {"start": 24, "end": 26, "text": "tỷ"},
    ]

    remapped = remap_doubtful(old, new, doubtful)

    assert [new[d["start"] : d["end"]] for d in remapped] == kept
