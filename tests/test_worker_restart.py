"""A job survives its worker's death, for real: `thidua db_worker` runs as a process on a
database both processes share, is killed with SIGKILL (with its LibreOffice) while it prints a
PDF, `thidua jobs_recover` queues the job again, and a new worker finishes it.

On SQLite the test database lives in memory, so it is copied into a file in a temporary
THIDUA_DATA_DIR, which the processes use; on PostgreSQL they use the test database itself.
Every wait is bounded; nothing here measures time. Runs wherever LibreOffice is installed, and
in CI (THIDUA_REQUIRE_BROWSER=1) always."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from conftest import make_unit, make_user
from thidua.accounts.enums import Role
from thidua.reports.pdf import soffice_path
from thidua.reports.services import render_job_request

pytestmark = [
    pytest.mark.skipif(
        soffice_path() is None and os.environ.get("THIDUA_REQUIRE_BROWSER") != "1",
        reason="LibreOffice (soffice) không có trên máy này",
    ),
    pytest.mark.django_db(transaction=True),  # the worker processes see what this test wrote
]

LIMIT_SECONDS = 60  # a bound for each wait, not a measure


class SharedDatabase:
    """The database the test and the worker processes share, and the environment to reach it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "THIDUA_DATA_DIR": str(folder),
            "THIDUA_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
        settings = connection.settings_dict
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.env.pop("DATABASE_URL", None)  # the settings' default: DATA_DIR/thidua.sqlite3
        else:
            password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
            self.env["DATABASE_URL"] = (
                f"postgres://{settings['USER']}{password}@{settings['HOST'] or 'localhost'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )

    def share(self) -> None:
        """Make what this test wrote visible to the processes."""
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.folder / "thidua.sqlite3")
            connection.connection.backup(target)
            target.close()

    def row(self, sql: str, *params: Any) -> tuple[Any, ...]:
        if self.sqlite:
            with sqlite3.connect(self.folder / "thidua.sqlite3") as reader:
                found = reader.execute(sql, params).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                found = cursor.fetchone()
        assert found is not None, sql
        return tuple(found)

    def job(self, job_id: int) -> tuple[Any, ...]:
        return self.row(
            "SELECT status, attempts, progress, task_result_id, pdf, error "
            "FROM reports_renderjob WHERE id = ?",
            job_id,
        )

    def task_status(self, task_id: str) -> str:
        return str(
            self.row(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                task_id if not self.sqlite else task_id.replace("-", ""),
            )[0]
        )

    def thidua(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "thidua", *args]


@pytest.fixture
def shared(tmp_path: Path, settings: Any) -> SharedDatabase:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return SharedDatabase(tmp_path)


def wait_for(what: str, check: Any) -> Any:
    deadline = time.monotonic() + LIMIT_SECONDS
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"still waiting after {LIMIT_SECONDS} s for {what}")


def test_a_job_killed_with_its_worker_is_queued_again_and_finished(
    shared: SharedDatabase, tmp_path: Path
) -> None:
    province = make_unit("Tỉnh Thử Nghiệm", kind="tinh", parent=None, code="99")
    office = make_user(Role.CHUYEN_VIEN_TDKT, province)
    job = render_job_request(actor=office, kind="overdue_letter", object_id=province.pk)
    shared.share()
    worker_args = shared.thidua(
        "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "--verbosity", "0"
    )
    log = (tmp_path / "worker-1.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603 - our own command
        worker_args, env=shared.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        # Kill it (and LibreOffice, in its process group) while it prints the PDF.
        wait_for("the worker to print the PDF", lambda: shared.job(job.pk)[2] == 60)
        status, attempts, _, first_run, _, _ = shared.job(job.pk)
        os.killpg(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=LIMIT_SECONDS)
        log.close()
    assert (status, attempts) == ("running", 1)
    assert shared.task_status(first_run) == "RUNNING"  # the queue thinks it still runs
    assert shared.job(job.pk)[0] == "running"  # and so would the job, for ever

    recovery = subprocess.run(  # noqa: S603
        shared.thidua("jobs_recover", "--minutes", "0"),
        env=shared.env,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        check=True,
    )
    queued = shared.job(job.pk)
    finisher = subprocess.run(  # noqa: S603 - runs what is queued, then exits
        shared.thidua("db_worker", "--batch", "--no-reload", "--no-startup-delay"),
        env=shared.env,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        check=False,
    )

    status, attempts, progress, second_run, pdf, error = shared.job(job.pk)
    assert "Tạo bản PDF: đưa lại 1 việc vào hàng đợi, 0 việc báo lỗi." in recovery.stdout
    assert queued[:2] == ("queued", 1)
    assert shared.task_status(first_run) == "FAILED"
    assert finisher.returncode == 0, finisher.stdout + finisher.stderr
    assert (status, attempts, progress, error) == ("done", 2, 100, "")
    assert second_run != first_run
    assert shared.task_status(second_run) == "SUCCESSFUL"
    assert (tmp_path / "media" / pdf).read_bytes().startswith(b"%PDF")
    actions = shared.row(
        "SELECT COUNT(*) FROM core_auditevent WHERE object_id = ? AND action IN "
        "('rendering.requested', 'rendering.requeued', 'rendering.done')",
        str(job.pk),
    )
    assert actions == (3,)
