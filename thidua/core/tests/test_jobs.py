"""The recovery of background jobs (thidua.core.jobs): the state machine on a fixed clock, and
how a run claims its job. The kinds of job have their own tests (ingest, reports); the worker
killed for real is in tests/test_worker_restart.py."""

import datetime

import pytest

from thidua.core import jobs
from thidua.core.jobs import Decision, JobState

T0 = datetime.datetime(2024, 9, 2, 8, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def state(
    status: str = "running",
    attempts: int = 1,
    heartbeat: int | None = 0,
    task: str | None = "RUNNING",
) -> JobState:
    """A job created at T0, whose last sign of life came `heartbeat` minutes after T0."""
    return JobState(
        status=status,
        attempts=attempts,
        created_at=T0,
        heartbeat_at=None if heartbeat is None else T0 + heartbeat * MINUTE,
        task_status=task,
    )


QUIET = "tiến trình nền không báo tiến độ trong 6 phút (có thể đã bị dừng)"
ENDED = "tiến trình nền đã kết thúc lượt chạy mà việc chưa xong"
LOST = "việc chờ trong hàng đợi đã bị mất"


def exhausted(count: int, why: str) -> str:
    return (
        f"Đã thử {count} lần mà không xong (lần cuối: {why}). Hãy yêu cầu lại; nếu vẫn lỗi, "
        "hãy báo quản trị hệ thống."
    )


@pytest.mark.parametrize(
    ("job", "minutes_later", "expected"),
    [
        # A run that beats is alive, whatever its task row says.
        (state(heartbeat=4), 6, Decision("wait")),
        (state(heartbeat=4, task=None), 9, Decision("wait")),
        # Quiet for longer than 5 minutes: the worker died.
        (state(heartbeat=0), 6, Decision("requeue", QUIET)),
        (state(heartbeat=None, task=None), 6, Decision("requeue", QUIET)),
        (state(heartbeat=0, task=jobs.MISSING, attempts=2), 6, Decision("requeue", QUIET)),
        (state(heartbeat=0, attempts=3), 6, Decision("fail", exhausted(3, QUIET))),
        # Its task ended (failed, or done) without finishing the job: no need to wait.
        (state(heartbeat=0, task="FAILED"), 1, Decision("requeue", ENDED)),
        (
            state(heartbeat=0, task="SUCCESSFUL", attempts=3),
            1,
            Decision("fail", exhausted(3, ENDED)),
        ),
        # Queued: waits as long as its task waits in the queue; a lost task is queued again.
        (state("queued", 0, None, "READY"), 600, Decision("wait")),
        (state("queued", 1, None, "READY"), 600, Decision("wait")),
        (state("queued", 0, None, jobs.MISSING), 6, Decision("requeue", LOST)),
        (state("queued", 0, None, None), 6, Decision("requeue", LOST)),
        (state("queued", 0, None, None), 4, Decision("wait")),
        (state("queued", 3, None, jobs.MISSING), 6, Decision("fail", exhausted(3, LOST))),
        # Claimed by a worker that died before the first beat.
        (state("queued", 0, None, "RUNNING"), 6, Decision("requeue", QUIET)),
        # Finished jobs are never touched.
        (state("done", 1, 0, "RUNNING"), 600, Decision("wait")),
        (state("failed", 3, 0, "FAILED"), 600, Decision("wait")),
    ],
)
def test_what_recovery_does_with_an_unfinished_job(
    job: JobState, minutes_later: int, expected: Decision
) -> None:
    assert jobs.decide(job, now=T0 + minutes_later * MINUTE) == expected


def test_the_timeout_and_the_attempts_are_parameters() -> None:
    job = state(heartbeat=0, attempts=3)

    assert jobs.decide(job, now=T0 + 6 * MINUTE, stale_after=10 * MINUTE) == Decision("wait")
    assert jobs.decide(job, now=T0 + 6 * MINUTE, max_attempts=5).action == "requeue"
    assert jobs.decide(job, now=T0 + 1 * MINUTE, stale_after=datetime.timedelta(0)) == Decision(
        "fail", exhausted(3, "tiến trình nền không báo tiến độ trong 1 phút (có thể đã bị dừng)")
    )


def test_the_step_shown_while_a_job_waits_for_its_next_run() -> None:
    assert jobs.retry_step(1) == ("Tiến trình nền dừng giữa chừng; đang chờ chạy lại (lần thử 2/3)")


def test_both_kinds_of_job_are_registered() -> None:
    registered = jobs.kinds()

    assert sorted(registered) == ["ingest", "render"]
    assert registered["ingest"].model._meta.label == "ingest.IngestJob"
    assert registered["render"].model._meta.label == "reports.RenderJob"
