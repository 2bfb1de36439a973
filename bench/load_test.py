#!/usr/bin/env python3
"""Load test: gunicorn serving the Kon Tum 2024 demo, driven by locust (a script, not a test;
figures vary with the machine).

Issue 8: 200 concurrent users with mixed reads and writes, goal 0 errors; p50 and p95 of each
flow, and each flow's p95 as a ratio to the p95 of a static file served by the same server.

1. A fresh database: ``DATABASE_URL`` names a PostgreSQL database whose name contains "bench"
   (its schema is dropped and created again; create it once with ``createdb -h 127.0.0.1 -U
   postgres thidua_bench``); without it, SQLite in a temporary data directory. Then
   ``thidua migrate`` and ``thidua load_demo`` (which prints the demo logins).
2. What the flows need and the demo lacks, done through the services as the emulation office
   (``chuyenvien``) would: every report of the demo is already approved, so a campaign of the
   current year is launched with monthly measures, half led by the Sở Y tế (``lanhdao``), half
   by the Phường Kon Tum (``nhaplieu``), enough for one report per reporting virtual user; an
   API token for the office. No nomination of the demo is listed for public comments, so the
   comment flow is skipped unless ``--open-comments``: the office then accepts the submitted
   nomination of the open round, whose 5 working days of comments start today.
3. gunicorn (pinned in pyproject) on 127.0.0.1 only, on a free port, ``--workers`` processes of
   ``--threads`` threads, the app preloaded, idle connections kept 75 s;
   ``THIDUA_ENV=development`` with ``THIDUA_DEBUG=0`` (production's behaviour without TLS: no
   debug pages, WhiteNoise serves the static files found by the finders, so no collectstatic),
   the shared database cache for the rate-limit counters, and one trusted proxy so that each
   virtual user has its own client address.
4. locust (``bench/locustfile.py``, the flows are described there) headless, ``--users``
   arriving at ``--spawn-rate`` per second, for ``--run-time``; each signed-in virtual user
   signs in once at its start.
5. Requests, errors and their rate (an error: anything but the expected page, or no answer
   within 60 s, nginx's proxy_read_timeout; the requests the end of the run cuts short are
   counted apart); p50 and p95 per flow and per page, and p95 ÷ the static file's p95, over
   the whole run and over its steady part (after the last sign-in: Django's PBKDF2 takes about
   a quarter of a second of CPU per sign-in, so the arrival of the signed-in users is a burst
   of its own); the CPU time gunicorn used. gunicorn is stopped with SIGTERM (graceful). Exit
   code 1 on any error.

Run: ``.venv/bin/python bench/load_test.py [--users 200] [--spawn-rate 20] [--run-time 60s]
[--workers N] [--threads N] [--open-comments] [--keep]``
and on PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench
.venv/bin/python bench/load_test.py``
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin: thidua, gunicorn, locust
sys.path.insert(0, str(ROOT))

STATIC_URL = "/static/thidua/app.css"
CUT_SHORT = "cut short"  # as the locustfile marks a request the end of the run interrupted
BASELINE = "static: app.css"
MONTHS = 12
REPORTERS = ("nhaplieu", "lanhdao")  # the demo's reporting accounts (as in locustfile.py)
RESERVED_CONNECTIONS = 5  # PostgreSQL's superuser slots and a margin for psql
# Idle keep-alive connections stay open this long (nginx's default towards browsers). With
# gunicorn's 2 s, a visitor clicking again after 2–3 s may send the request just as the server
# closes the connection: "connection reset". Browsers retry such a GET on a new connection and a
# proxy in front keeps the browsers' connections itself; the load generator does neither.
KEEP_ALIVE = 75


@dataclass(frozen=True)
class Prepared:
    campaign_id: int
    api_token: str
    comments_open: bool
    password: str
    notes: list[str]


def parse_args() -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--run-time", default="60s", help="locust's syntax: 60s, 5m, 1h30m")
    parser.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--think", default="5-15", help="seconds between two clicks: MIN-MAX")
    parser.add_argument(
        "--open-comments",
        action="store_true",
        help="list the open round's submitted nomination for comments (the demo lists none)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory and logs")
    return parser.parse_args()


# --- The site ----------------------------------------------------------------------------------


def configure(folder: Path) -> dict[str, str]:
    """The environment of every step (this process, migrate, gunicorn)."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'load.sqlite3'}"
    settings = {
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "DATABASE_URL": url,
        "THIDUA_DATA_DIR": str(folder),
        "THIDUA_ENV": "development",
        "THIDUA_DEBUG": "0",
        # Rate-limit counters shared by the gunicorn processes, as in production.
        "THIDUA_SHARED_CACHE": "1",
        # The virtual users come "through a proxy" with an address each (X-Forwarded-For).
        "THIDUA_TRUSTED_PROXIES": "1",
        "THIDUA_LOG_LEVEL": "WARNING",
    }
    os.environ.update(settings)
    return dict(os.environ)


def run_command(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own executables
        [str(BIN / "thidua"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"`thidua {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_database(env: dict[str, str]) -> str:
    """Empty the database (PostgreSQL: drop the schema), migrate, load the demo."""
    import django

    django.setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql":
        if "bench" not in name:
            raise SystemExit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa sạch: tên phải chứa “bench”.")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            cursor.execute("SELECT version()")
            version = " ".join(str(cursor.fetchone()[0]).split()[:2])
        label = f"{version} (database {name})"
    else:
        import sqlite3

        label = f"SQLite {sqlite3.sqlite_version} (WAL, busy_timeout 5 s, {name})"
    connection.close()
    started = time.perf_counter()
    run_command(env, "migrate", "--noinput")
    print(f"migrate: {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    demo = run_command(env, "load_demo")
    print(f"load_demo: {time.perf_counter() - started:.0f} s", flush=True)
    print(demo.strip(), flush=True)
    return label


def prepare(users: int, open_comments: bool) -> Prepared:
    """What the flows need beyond the demo, done as the emulation office would."""
    from django.db import connection, transaction

    from thidua.accounts.models import Membership, User
    from thidua.accounts.services import api_token_create
    from thidua.commendation.models import Nomination, NominationStatus
    from thidua.commendation.services import nomination_accept
    from thidua.commendation.workflow_selectors import publicly_listed
    from thidua.core.text import local_today
    from thidua.demo.users import DEMO_PASSWORD
    from thidua.org.models import OrgUnit
    from thidua.targets.services import (
        MeasureSpec,
        campaign_create,
        measure_create,
        target_create,
    )

    def unit_of(username: str) -> OrgUnit:
        return Membership.objects.select_related("unit").get(user__username=username).unit

    today = local_today()
    office = User.objects.get(username="chuyenvien")
    notes = []
    # One report per reporting virtual user: the two reporter accounts share the users; each
    # account's unit leads its own monthly measures (MONTHS reports each).
    per_account = max(2, math.ceil(users / 2 / MONTHS))
    with transaction.atomic():
        campaign = campaign_create(
            actor=office,
            province=unit_of("chuyenvien"),
            year=today.year,
            name=f"Phong trào thi đua cải cách hành chính năm {today.year} (kiểm thử tải)",
            directive_number=f"KTT/{today.year}",
            directive_date=today,
            issuer="Ủy ban nhân dân tỉnh (văn bản giả định của kiểm thử tải)",
            is_demo=True,
        )
        target = target_create(
            actor=office,
            campaign=campaign,
            number=1,
            text="Giải quyết đúng hạn hồ sơ thủ tục hành chính",
        )
        for position in range(2 * per_account):
            reporter = REPORTERS[position % 2]
            measure_create(
                actor=office,
                target=target,
                position=position,
                spec=MeasureSpec(
                    code=f"{position + 1}",
                    indicator=f"Hồ sơ thủ tục hành chính giải quyết đúng hạn, nhóm {position + 1}",
                    comparator=">=",
                    value=Decimal(1000),
                    unit="hồ sơ",
                    accumulation="flow",
                    frequency="monthly",
                    lead_unit=unit_of(reporter),
                ),
            )
        _token, raw_token = api_token_create(actor=office, user=office, name="Kiểm thử tải")
        notes.append(
            f"campaign “{campaign.name}” (id {campaign.pk}): {2 * per_account} monthly "
            f"measures, {per_account * MONTHS} reports to write for each of {', '.join(REPORTERS)}"
        )
        if open_comments:
            for nomination in Nomination.objects.filter(
                status=NominationStatus.SUBMITTED, round__comment_working_days__gt=0
            ):
                nomination_accept(actor=office, nomination=nomination)
    listed = publicly_listed(today).count()
    if open_comments:
        notes.append(f"the office accepted the open round's nominations: {listed} listed")
    elif listed == 0:
        notes.append(
            "comment flow skipped: the demo lists no nomination for public comments "
            "(--open-comments lists the open round's submitted one)"
        )
    connection.close()
    return Prepared(campaign.pk, raw_token, listed > 0, DEMO_PASSWORD, notes)


def check_connections(workers: int, threads: int) -> str:
    """PostgreSQL: each gunicorn thread may hold a connection; refuse if they cannot fit."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        limit = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        )
        used = int(cursor.fetchone()[0])
    connection.close()
    needed = workers * threads
    free = limit - used - RESERVED_CONNECTIONS
    if needed > free:
        raise SystemExit(
            f"gunicorn may open {workers} × {threads} = {needed} connections, but PostgreSQL "
            f"has {free} free ({limit} max_connections, {used} in use): lower --workers or "
            "--threads, or raise max_connections."
        )
    return f"{needed} connections at most ({limit} max_connections, {used} in use before)"


# --- gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> subprocess.Popen[bytes]:
    command = [
        str(BIN / "gunicorn"),
        "thidua.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        # The app (and its URL map, see thidua/wsgi.py) is loaded once before the fork: no
        # worker still booting or warming up when the users arrive.
        "--preload",
        "--graceful-timeout=20",
        f"--keep-alive={KEEP_ALIVE}",
        "--no-control-socket",  # one per user by default: concurrent servers would share it
        f"--error-logfile={log}",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603


def wait_ready(server: subprocess.Popen[bytes], port: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit code {server.returncode}); see its log.")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{STATIC_URL}", timeout=10):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s.")


def stop_server(server: subprocess.Popen[bytes]) -> str:
    if server.poll() is not None:
        return f"gunicorn had already stopped (exit code {server.returncode})"
    server.send_signal(signal.SIGTERM)  # graceful: finish the requests in progress
    try:
        code = server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return "gunicorn did not stop within 30 s of SIGTERM and was killed"
    return f"gunicorn stopped cleanly (exit code {code})"


# --- locust ------------------------------------------------------------------------------------


def run_locust(
    env: dict[str, str], args: argparse.Namespace, port: int, prepared: Prepared, folder: Path
) -> Path:
    samples = folder / "samples.tsv"
    low, _, high = args.think.partition("-")
    locust_env = {
        **env,
        "LOAD_PASSWORD": prepared.password,
        "LOAD_CAMPAIGN": str(prepared.campaign_id),
        "LOAD_API_TOKEN": prepared.api_token,
        "LOAD_COMMENTS": "1" if prepared.comments_open else "0",
        "LOAD_SAMPLES": str(samples),
        "LOAD_THINK_MIN": low,
        "LOAD_THINK_MAX": high or low,
    }
    command = [
        str(BIN / "locust"),
        "--locustfile",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        args.run_time,
        "--stop-timeout",
        "15",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with open(folder / "locust.log", "w", encoding="utf-8") as log:
        subprocess.run(command, env=locust_env, cwd=ROOT, stdout=log, stderr=log, check=False)  # noqa: S603
    return samples


# --- Figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    start: float
    name: str
    ms: float
    error: str

    @property
    def flow(self) -> str:
        return self.name.split(":", 1)[0]


def read_samples(path: Path) -> list[Sample]:
    samples = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            start, name, ms, error = [*line.split("\t"), ""][:4]
            samples.append(Sample(float(start), name, float(ms), error))
    return samples


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


def table(samples: list[Sample], key: str) -> list[str]:
    groups: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        groups[getattr(sample, key)].append(sample)
    baseline = [s.ms for s in samples if s.name == BASELINE]
    static_p95 = percentile(baseline, 0.95) if baseline else float("nan")
    width = max([len(name) for name in groups] + [10])
    lines = [
        f"  {'':{width}}  {'requests':>8}  {'errors':>6}  {'p50 ms':>7}  {'p95 ms':>7}  "
        f"{'p95/static':>10}"
    ]
    for name in sorted(groups):
        times = [s.ms for s in groups[name]]
        errors = sum(1 for s in groups[name] if s.error)
        p95 = percentile(times, 0.95)
        lines.append(
            f"  {name:{width}}  {len(times):>8}  {errors:>6}  {percentile(times, 0.5):>7.0f}  "
            f"{p95:>7.0f}  {p95 / static_p95:>9.1f}×"
        )
    return lines


def report(all_samples: list[Sample], seconds: float) -> int:
    cut = [s for s in all_samples if s.error.startswith(CUT_SHORT)]
    samples = [s for s in all_samples if not s.error.startswith(CUT_SHORT)]
    errors = [s for s in samples if s.error]
    total = len(samples)
    rate = 100 * len(errors) / total if total else 0.0
    print(
        f"\nRequests: {total} answered in {seconds:.0f} s ({total / seconds:.1f}/s); "
        f"errors: {len(errors)} ({rate:.2f} %)"
    )
    if cut:
        waits = sorted(s.ms / 1000 for s in cut)
        print(
            f"Cut short by the end of the run (not counted above): {len(cut)} requests, waiting "
            f"for {waits[len(waits) // 2]:.0f} s (median) and {waits[-1]:.0f} s at most"
        )
    print("\nWhole run, by flow:")
    print("\n".join(table(samples, "flow")))
    print("\nWhole run, by page:")
    print("\n".join(table(samples, "name")))
    sign_ins = [s.start + s.ms / 1000 for s in samples if s.name == "login: sign in"]
    waiting = sum(1 for s in cut if s.name == "login: sign in")
    if waiting:
        print(f"\nNo steady part: {waiting} sign-ins were still waiting when the run ended.")
    elif sign_ins and samples:
        steady_from = max(sign_ins)
        steady = [s for s in samples if s.start >= steady_from]
        first = min(s.start for s in samples)
        if steady:
            print(
                f"\nSteady part (from the last sign-in, {steady_from - first:.0f} s after the "
                f"first request; {len(steady)} requests), by flow:"
            )
            print("\n".join(table(steady, "flow")))
    if errors:
        print("\nErrors:")
        for (name, error), count in Counter((s.name, s.error) for s in errors).most_common(20):
            print(f"  {count:>5} × {name}: {error}")
    return 1 if errors or not samples else 0


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children still running."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        process, parent = int(stat.parent.name), int(fields[1])
        if pid in (process, parent):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}), Python "
        f"{platform.python_version()}, load average before the run {load}"
    )


def main() -> int:
    args = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="thidua-load-"))
    env = configure(folder)
    print(f"Data directory: {folder}", flush=True)
    code = 1
    try:
        code = run(args, env, folder)
    finally:
        if code == 0 and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"Logs and data kept in {folder}")
    return code


def run(args: argparse.Namespace, env: dict[str, str], folder: Path) -> int:
    database = fresh_database(env)
    prepared = prepare(args.users, args.open_comments)
    for note in prepared.notes:
        print(f"Prepared: {note}", flush=True)
    connections = check_connections(args.workers, args.threads)
    port = free_port()
    server_log = folder / "gunicorn.log"
    server = start_server(env, port, args.workers, args.threads, server_log)
    code = 1
    try:
        wait_ready(server, port)
        host = machine()
        print(
            f"\nServer: gunicorn on 127.0.0.1:{port}, {args.workers} workers × {args.threads} "
            f"threads; {database}" + (f"; {connections}" if connections else ""),
            flush=True,
        )
        print(
            f"Load: {args.users} users, {args.spawn_rate:g}/s, {args.run_time}, think "
            f"{args.think} s; started {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            flush=True,
        )
        started, server_cpu = time.monotonic(), cpu_seconds(server.pid)
        samples = read_samples(run_locust(env, args, port, prepared, folder))
        seconds = time.monotonic() - started
        server_cpu = cpu_seconds(server.pid) - server_cpu
        print(f"Machine: {host}")
        answered = sum(1 for s in samples if not s.error.startswith(CUT_SHORT))
        print(
            f"gunicorn used {server_cpu:.0f} CPU-seconds in {seconds:.0f} s "
            f"({server_cpu / seconds:.2f} of {os.cpu_count()} cores on average, "
            f"{1000 * server_cpu / max(answered, 1):.0f} ms per answered request); load average "
            f"after: {', '.join(f'{value:.1f}' for value in os.getloadavg())}"
        )
        code = report(samples, seconds)
    finally:
        print(f"\n{stop_server(server)}")
    tracebacks = server_log.read_text(encoding="utf-8").count("Traceback")
    if tracebacks:
        print(f"Server log: {tracebacks} tracebacks in {server_log}")
        code = 1
    return code


if __name__ == "__main__":
    sys.exit(main())
