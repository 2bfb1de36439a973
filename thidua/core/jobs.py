"""Background jobs that survive a worker restart: one recovery path for every kind of job.

A job row (an `IngestJob`, a `RenderJob`…) carries `status` ("queued", "running", then a final
one), `attempts` (runs started), `heartbeat_at` (the last sign of life of the run) and
`task_result_id` (the django-tasks result of the run queued or running). A run claims its job
(`job_claim`), beats while it works (`heartbeat`, plus every progress update), and only the run
that owns the job may finish it.

A worker killed mid-job (SIGKILL, power cut, deployment) leaves its job "running" and its
`DBTaskResult` RUNNING for ever. `recover_jobs` (`thidua jobs_recover`, at worker start and from
cron) finds the jobs whose run is gone: their task ended without finishing them, or no sign of
life came for `stale_after`. Each is queued again, or failed with the reason after
MAX_ATTEMPTS runs, by its app's services (audited), never left stuck. `decide` is the whole
state machine and is pure.

Apps register their kinds of job in `AppConfig.ready` (`register(JobKind(...))`)."""

import datetime
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from django.apps import apps
from django.db import connection, connections, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from thidua.core.services import audit_record

logger = logging.getLogger(__name__)

QUEUED, RUNNING = "queued", "running"
ACTIVE = (QUEUED, RUNNING)
MAX_ATTEMPTS = 3
STALE_AFTER = datetime.timedelta(minutes=5)
HEARTBEAT_EVERY = datetime.timedelta(seconds=30)
# The task result a job points to is gone (pruned, or never written).
MISSING = "MISSING"

Action = Literal["wait", "requeue", "fail"]


@dataclass(frozen=True)
class JobState:
    status: str
    attempts: int
    created_at: datetime.datetime
    heartbeat_at: datetime.datetime | None
    # The django-tasks status of its run (READY, RUNNING, SUCCESSFUL, FAILED), MISSING, or None
    # when unknown (no run recorded, or a backend that keeps no results).
    task_status: str | None


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str = ""


def _minutes(delta: datetime.timedelta) -> str:
    return f"{max(1, round(delta.total_seconds() / 60))}"


def decide(
    state: JobState,
    *,
    now: datetime.datetime,
    stale_after: datetime.timedelta = STALE_AFTER,
    max_attempts: int = MAX_ATTEMPTS,
) -> Decision:
    """What to do with an unfinished job: wait while its run may still be alive; otherwise queue
    it again, or fail it with the reason once `max_attempts` runs have started."""
    if state.status not in ACTIVE:
        return Decision("wait")
    last_sign = state.heartbeat_at or state.created_at
    quiet = now - last_sign > stale_after
    if state.task_status in ("SUCCESSFUL", "FAILED"):
        why = _("tiến trình nền đã kết thúc lượt chạy mà việc chưa xong")
    elif state.task_status == "READY":
        return Decision("wait")  # still waiting for a worker, however long the queue
    elif not quiet:
        return Decision("wait")
    elif state.status == QUEUED and state.task_status in (None, MISSING):
        why = _("việc chờ trong hàng đợi đã bị mất")
    else:
        why = _("tiến trình nền không báo tiến độ trong %(minutes)s phút (có thể đã bị dừng)") % {
            "minutes": _minutes(now - last_sign)
        }
    if state.attempts >= max_attempts:
        return Decision("fail", attempts_exhausted(state.attempts, why))
    return Decision("requeue", why)


def attempts_exhausted(attempts: int, why: str) -> str:
    return _(
        "Đã thử %(count)s lần mà không xong (lần cuối: %(why)s). Hãy yêu cầu lại; nếu vẫn lỗi, "
        "hãy báo quản trị hệ thống."
    ) % {"count": attempts, "why": why}


def retry_step(attempts: int) -> str:
    """The step a job queued again shows on its page."""
    return _("Tiến trình nền dừng giữa chừng; đang chờ chạy lại (lần thử %(next)s/%(max)s)") % {
        "next": attempts + 1,
        "max": MAX_ATTEMPTS,
    }


# --- kinds of job --------------------------------------------------------------------------


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its model, and the dotted path of its service that queues one job
    again or fails it (`(*, job_id, now, stale_after) -> Action`: locks the row, decides under
    the lock, writes and audits). A path, looked up at each use, so that the app's services are
    imported late and whatever wraps them (the tests' audit check) is seen."""

    name: str
    label: Any  # what the command prints, e.g. "đọc văn bản" (lazy gettext)
    model_path: str  # "app_label.Model"
    recover_path: str

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_path)

    def recover(self, **kwargs: Any) -> Action:
        action: Action = import_string(self.recover_path)(**kwargs)
        return action


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


def task_status(task_result_id: str) -> str | None:
    """The status of a run in the database queue; MISSING if its row is gone, None if unknown."""
    try:
        key = uuid.UUID(task_result_id)
    except ValueError:  # none recorded, or another backend's (the immediate one's are not UUIDs)
        return None
    from django_tasks_db.models import DBTaskResult

    found = DBTaskResult.objects.filter(pk=key).values_list("status", flat=True).first()
    return MISSING if found is None else str(found)


def state_of(job: Any) -> JobState:
    return JobState(
        status=job.status,
        attempts=job.attempts,
        created_at=job.created_at,
        heartbeat_at=job.heartbeat_at,
        task_status=task_status(job.task_result_id),
    )


def lock(model: type[models.Model], job_id: int) -> Any:
    return model._default_manager.select_for_update().filter(pk=job_id).first()


def abandon_task(task_result_id: str, reason: str) -> None:
    """Mark the dead run's task result failed, so the queue's records tell the truth."""
    if not task_result_id or task_status(task_result_id) in (None, MISSING):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_result_id, status__in=("READY", "RUNNING")).update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="thidua.core.jobs.WorkerLost",
        traceback=reason,
    )


def stale(
    model: type[models.Model],
    job_id: int,
    *,
    now: datetime.datetime,
    stale_after: datetime.timedelta,
) -> tuple[Any, Decision] | None:
    """The job, locked, and what to do with it; None when it is to be left alone (gone, or its
    run alive). A dead run's task result is marked failed on the way."""
    job = lock(model, job_id)
    if job is None:
        return None
    decision = decide(state_of(job), now=now, stale_after=stale_after)
    if decision.action == "wait":
        return None
    abandon_task(job.task_result_id, decision.reason)
    return job, decision


def requeue(job: Any, reason: str, *, audit_action: str, unit: Any) -> None:
    """Put a job whose run died back in the queue, saying so on its page and in the audit."""
    job.status = QUEUED
    job.step = retry_step(job.attempts)[: job._meta.get_field("step").max_length]
    job.heartbeat_at = None
    job.task_result_id = ""
    job.save(update_fields=["status", "step", "heartbeat_at", "task_result_id"])
    audit_record(
        actor=None,
        action=audit_action,
        target=job,
        unit=unit,
        after={"attempts": job.attempts},
        note=reason,
    )


def recover_jobs(
    *,
    now: datetime.datetime | None = None,
    stale_after: datetime.timedelta = STALE_AFTER,
    only: list[str] | None = None,
) -> dict[str, dict[str, int]]:
    """Queue again, or fail, every unfinished job whose run is gone. Returns, per kind, how
    many were queued again and how many failed."""
    now = now or timezone.now()
    counts: dict[str, dict[str, int]] = {}
    for name, kind in kinds().items():
        if only and name not in only:
            continue
        tally = {"requeue": 0, "fail": 0}
        pending = kind.model._default_manager.filter(status__in=ACTIVE).order_by("pk")
        for job_id in pending.values_list("pk", flat=True):
            action = kind.recover(job_id=job_id, now=now, stale_after=stale_after)
            if action != "wait":
                tally[action] += 1
        counts[name] = tally
    return counts


# --- a run's side -------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    job: Any | None  # the job, now running under this run; None: nothing to do
    exhausted: bool = False  # too many runs already: the caller fails the job


def job_claim(
    model: type[models.Model],
    job_id: int,
    task_result_id: str,
    *,
    now: datetime.datetime | None = None,
    stale_after: datetime.timedelta = STALE_AFTER,
    max_attempts: int = MAX_ATTEMPTS,
) -> Claim:
    """Start a run of the job: nothing to do if it is finished or another live run holds it."""
    now = now or timezone.now()
    with transaction.atomic():
        job = lock(model, job_id)
        if job is None or job.status not in ACTIVE:
            return Claim(None)
        holder = job.task_result_id
        if job.status == RUNNING and holder and holder != task_result_id:
            last_sign = job.heartbeat_at or job.created_at
            if now - last_sign <= stale_after and task_status(holder) not in (
                "SUCCESSFUL",
                "FAILED",
                MISSING,
            ):
                return Claim(None)
        if job.attempts >= max_attempts:
            return Claim(job, exhausted=True)
        job.status = RUNNING
        job.attempts += 1
        job.task_result_id = task_result_id
        job.heartbeat_at = now
        job.save(update_fields=["status", "attempts", "task_result_id", "heartbeat_at"])
    return Claim(job)


def owns(model: type[models.Model], job_id: int, task_result_id: str) -> bool:
    """Whether this run still holds the job (a recovery may have handed it to another)."""
    return model._default_manager.filter(
        pk=job_id, status=RUNNING, task_result_id=task_result_id
    ).exists()


def note_queued(model: type[models.Model], job_id: int, task_result_id: str) -> None:
    """Remember which queued run will take the job (unless a worker already claimed it)."""
    model._default_manager.filter(pk=job_id, status=QUEUED).update(task_result_id=task_result_id)


def _beats_in_a_thread() -> bool:
    # Inside a transaction (the tests' immediate backend) another connection would not see the
    # job; SQLite in memory is one connection's database.
    if connection.in_atomic_block:
        return False
    if connection.vendor != "sqlite":
        return True
    return not connection.is_in_memory_db()  # type: ignore[attr-defined]


@contextmanager
def heartbeat(
    model: type[models.Model], job_id: int, every: datetime.timedelta = HEARTBEAT_EVERY
) -> Iterator[None]:
    """Touch the job's `heartbeat_at` every `every` while the block runs, from a thread, so
    a long step without progress updates (one LibreOffice print, one OCR page) is not taken for
    a dead worker."""
    if not _beats_in_a_thread():
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every.total_seconds()):
                try:
                    model._default_manager.filter(pk=job_id, status=RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a locked database: the next beat will do
                    logger.warning("heartbeat of %s %s failed", model.__name__, job_id)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
