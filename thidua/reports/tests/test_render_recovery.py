"""A PDF rendering whose worker died is queued again, or failed with a reason its page shows,
never left "running" (thidua.core.jobs on RenderJob, on a fixed clock)."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core import jobs
from thidua.core.models import AuditEvent
from thidua.reports import services, tasks
from thidua.reports.models import RenderJob, RenderStatus

T0 = timezone.now().replace(microsecond=0)
MINUTE = datetime.timedelta(minutes=1)
STALE = 5 * MINUTE


@pytest.fixture
def leader(tree: Tree) -> Any:
    return make_user(Role.LANH_DAO_DON_VI, tree.unit)


@pytest.fixture
def job(tree: Tree, leader: Any, django_capture_on_commit_callbacks: Any) -> RenderJob:
    """A rendering requested, queued but not run (the commit hooks are dropped)."""
    report = services.periodic_report_create(
        actor=leader, unit=tree.unit, kind="tong_ket", year=2024
    )
    with django_capture_on_commit_callbacks(execute=False):
        return services.render_job_request(
            actor=leader, kind="periodic_report", object_id=report.pk
        )


def left_running(job: RenderJob, attempts: int, last_beat: datetime.datetime) -> RenderJob:
    """What a worker killed while LibreOffice printed leaves behind."""
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderStatus.RUNNING,
        attempts=attempts,
        step="Đang in ra PDF bằng LibreOffice",
        progress=60,
        heartbeat_at=last_beat,
        task_result_id="",
    )
    job.refresh_from_db()
    return job


def recover(job: RenderJob, minutes_later: int) -> str:
    return services.render_job_recover(
        job_id=job.pk, now=T0 + minutes_later * MINUTE, stale_after=STALE
    )


def test_a_rendering_that_still_beats_is_left_alone(job: RenderJob) -> None:
    left_running(job, attempts=2, last_beat=T0)

    assert recover(job, 5) == "wait"

    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (RenderStatus.RUNNING, 2, 60)


def test_a_rendering_whose_worker_died_is_queued_again(
    job: RenderJob, django_capture_on_commit_callbacks: Any
) -> None:
    left_running(job, attempts=2, last_beat=T0)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert recover(job, 6) == "requeue"

    job.refresh_from_db()
    assert len(queued) == 1
    assert (job.status, job.attempts, job.heartbeat_at) == (RenderStatus.QUEUED, 2, None)
    assert job.step == "Tiến trình nền dừng giữa chừng; đang chờ chạy lại (lần thử 3/3)"
    event = AuditEvent.objects.get(action="rendering.requeued")
    assert (event.object_id, event.after) == (str(job.pk), {"attempts": 2})


def test_after_three_runs_the_rendering_fails_with_the_reason_on_its_page(
    job: RenderJob, leader: Any, login: Callable[[Any], Any]
) -> None:
    left_running(job, attempts=3, last_beat=T0)

    assert recover(job, 6) == "fail"

    job.refresh_from_db()
    reason = (
        "Đã thử 3 lần mà không xong (lần cuối: tiến trình nền không báo tiến độ trong 6 phút "
        "(có thể đã bị dừng)). Hãy yêu cầu lại; nếu vẫn lỗi, hãy báo quản trị hệ thống."
    )
    assert (job.status, job.error) == (RenderStatus.FAILED, reason)
    assert AuditEvent.objects.get(action="rendering.failed").note == reason
    page = login(leader).get(reverse("reports:render-job", args=[job.pk])).content.decode()
    assert reason in page
    assert 'http-equiv="refresh"' not in page


def test_a_superseded_run_does_not_finish_the_job(job: RenderJob) -> None:
    jobs.job_claim(RenderJob, job.pk, "run-1", now=T0)
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.QUEUED, task_result_id="")
    jobs.job_claim(RenderJob, job.pk, "run-2", now=T0 + 6 * MINUTE)

    job.refresh_from_db()
    assert (job.attempts, job.task_result_id) == (2, "run-2")
    assert not jobs.owns(RenderJob, job.pk, "run-1")


def test_a_run_on_a_finished_rendering_changes_nothing(job: RenderJob) -> None:
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.DONE, attempts=1)

    assert tasks.render_job_run(job.pk) == RenderStatus.DONE

    job.refresh_from_db()
    assert job.attempts == 1


def test_jobs_recover_reports_each_kind(
    job: RenderJob, django_capture_on_commit_callbacks: Any
) -> None:
    left_running(job, attempts=3, last_beat=timezone.now() - 20 * MINUTE)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=False):
        call_command("jobs_recover", stdout=out)

    job.refresh_from_db()
    assert out.getvalue() == (
        "Đọc văn bản: đưa lại 0 việc vào hàng đợi, 0 việc báo lỗi.\n"
        "Tạo bản PDF: đưa lại 0 việc vào hàng đợi, 1 việc báo lỗi.\n"
    )
    assert job.status == RenderStatus.FAILED
