"""A reading whose worker died is queued again, or failed with a reason the job page shows,
never left "running" (thidua.core.jobs on IngestJob, on a fixed clock)."""

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core import jobs
from thidua.core.models import AuditEvent
from thidua.ingest import services, tasks
from thidua.ingest.models import IngestJob, JobStatus

KEY = Path(__file__).parent / "data" / "chi-thi-08-key.txt"
T0 = timezone.now().replace(microsecond=0)
MINUTE = datetime.timedelta(minutes=1)
STALE = 5 * MINUTE


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def job(tree: Tree, media: None, django_capture_on_commit_callbacks: Any) -> IngestJob:
    """A directive uploaded, its reading queued but not run (the commit hooks are dropped)."""
    with django_capture_on_commit_callbacks(execute=False):
        uploaded = services.document_upload(
            actor=None, unit=tree.unit, name="chi-thi-08.txt", data=KEY.read_bytes()
        )
    return uploaded


def left_running(job: IngestJob, attempts: int, last_beat: datetime.datetime) -> IngestJob:
    """What a worker killed mid-reading leaves behind."""
    IngestJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=attempts,
        step="Khôi phục dấu tiếng Việt",
        heartbeat_at=last_beat,
        task_result_id="",
    )
    job.refresh_from_db()
    return job


def recover(job: IngestJob, minutes_later: int) -> str:
    return services.job_recover(job_id=job.pk, now=T0 + minutes_later * MINUTE, stale_after=STALE)


def test_a_reading_that_still_beats_is_left_alone(job: IngestJob) -> None:
    left_running(job, attempts=1, last_beat=T0)

    assert recover(job, 4) == "wait"

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)
    assert not AuditEvent.objects.filter(action="ingest.requeued").exists()


def test_a_reading_whose_worker_died_is_queued_again_and_then_read(
    job: IngestJob, django_capture_on_commit_callbacks: Any
) -> None:
    left_running(job, attempts=1, last_beat=T0)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert recover(job, 6) == "requeue"
    job.refresh_from_db()
    step = job.step
    for callback in queued:  # the immediate backend runs the job here
        callback()
    job.refresh_from_db()

    assert step == "Tiến trình nền dừng giữa chừng; đang chờ chạy lại (lần thử 2/3)"
    assert len(queued) == 1
    assert (job.status, job.attempts) == (JobStatus.READY, 2)
    assert len(job.draft["targets"]) == 14
    event = AuditEvent.objects.get(action="ingest.requeued")
    assert event.object_id == str(job.pk)
    assert event.note == "tiến trình nền không báo tiến độ trong 6 phút (có thể đã bị dừng)"
    assert event.after == {"attempts": 1}


def test_after_three_runs_the_reading_fails_with_the_reason_on_its_page(
    tree: Tree, job: IngestJob, login: Callable[[Any], Any]
) -> None:
    left_running(job, attempts=jobs.MAX_ATTEMPTS, last_beat=T0)

    assert recover(job, 6) == "fail"

    job.refresh_from_db()
    reason = (
        "Đã thử 3 lần mà không xong (lần cuối: tiến trình nền không báo tiến độ trong 6 phút "
        "(có thể đã bị dừng)). Hãy yêu cầu lại; nếu vẫn lỗi, hãy báo quản trị hệ thống."
    )
    assert (job.status, job.error) == (JobStatus.FAILED, reason)
    assert AuditEvent.objects.get(action="ingest.failed").note == reason
    page = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)).get(
        reverse("ingest:job", args=[job.pk])
    )
    text = page.content.decode()
    assert "Không đọc được văn bản:" in text
    assert "Đã thử 3 lần mà không xong" in text
    assert 'http-equiv="refresh"' not in text


def test_a_run_whose_task_ended_without_finishing_is_queued_again_at_once(
    job: IngestJob, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = tasks.read_document_task.enqueue(job.pk)
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
    left_running(job, attempts=1, last_beat=T0)
    IngestJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    assert recover(job, 1) == "requeue"

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert AuditEvent.objects.get(action="ingest.requeued").note == (
        "tiến trình nền đã kết thúc lượt chạy mà việc chưa xong"
    )


def test_the_dead_runs_task_is_marked_failed_and_the_new_one_remembered(
    job: IngestJob, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    dead = tasks.read_document_task.enqueue(job.pk)
    DBTaskResult.objects.filter(pk=dead.id).update(status="RUNNING")
    left_running(job, attempts=1, last_beat=T0)
    IngestJob.objects.filter(pk=job.pk).update(task_result_id=str(dead.id))

    with django_capture_on_commit_callbacks(execute=True):
        assert recover(job, 6) == "requeue"

    job.refresh_from_db()
    old = DBTaskResult.objects.get(pk=dead.id)
    new = DBTaskResult.objects.exclude(pk=dead.id).get()
    assert (old.status, old.exception_class_path) == ("FAILED", "thidua.core.jobs.WorkerLost")
    assert new.status == "READY"
    assert (job.status, job.task_result_id) == (JobStatus.QUEUED, str(new.id))
    # While its task waits in the queue the job waits too, however long.
    assert recover(job, 600) == "wait"


def test_a_second_run_does_not_take_a_reading_another_live_run_holds(job: IngestJob) -> None:
    first = jobs.job_claim(IngestJob, job.pk, "run-1", now=T0)
    second = jobs.job_claim(IngestJob, job.pk, "run-2", now=T0 + MINUTE)
    later = jobs.job_claim(IngestJob, job.pk, "run-3", now=T0 + 6 * MINUTE)

    job.refresh_from_db()
    assert first.job is not None
    assert second.job is None
    assert later.job is not None
    assert (job.attempts, job.task_result_id) == (2, "run-3")
    assert not jobs.owns(IngestJob, job.pk, "run-1")  # the first run may not finish it now
    assert jobs.owns(IngestJob, job.pk, "run-3")


def test_a_finished_reading_is_not_run_again(job: IngestJob) -> None:
    IngestJob.objects.filter(pk=job.pk).update(status=JobStatus.READY)

    assert jobs.job_claim(IngestJob, job.pk, "run-1").job is None
    assert recover(job, 600) == "wait"


def test_jobs_recover_covers_readings_and_leaves_live_ones(
    tree: Tree, job: IngestJob, media: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        live = services.document_upload(
            actor=None, unit=tree.unit, name="khac.txt", data=KEY.read_bytes() + b"\nThem."
        )
    left_running(job, attempts=1, last_beat=timezone.now() - 20 * MINUTE)
    left_running(live, attempts=1, last_beat=timezone.now())
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=False):
        call_command("jobs_recover", "--kind", "ingest", stdout=out)

    job.refresh_from_db()
    live.refresh_from_db()
    assert out.getvalue() == "Đọc văn bản: đưa lại 1 việc vào hàng đợi, 0 việc báo lỗi.\n"
    assert (job.status, live.status) == (JobStatus.QUEUED, JobStatus.RUNNING)
