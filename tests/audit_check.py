"""pytest plugin: every service call that writes records exactly one audit event, atomically.

Registered from the root conftest (`pytest_plugins = ["tests.audit_check"]`). After collection it
wraps every public function of `thidua/*/services.py` and `thidua/*/services/*.py`, in its own
module and wherever it was imported by name (application modules, test modules, conftest). The
outermost wrapped call watches the SQL its thread's connection runs (`execute_wrapper`: no extra
query, so the query-count assertions stay exact) and the atomic blocks it opens:

- an INSERT into `core_auditevent` is an audit record; an INSERT, UPDATE or DELETE on any other
  table is a write, except the tables in IGNORED_TABLES;
- a call that returns and wrote or audited anything must leave exactly one audit record;
- a call that raises must leave nothing written (its atomic block rolled back);
- a write outside an atomic block opened by the call is reported: the service is not atomic;
- functions in READ_ONLY must not write at all.

Writes inside an atomic block that rolled back do not count. Calls nested in a service count
toward the outermost one; on-commit hooks (run after the outermost commit) are their own calls.
A violation fails the test phase (setup, call or teardown) during which it happened, naming the
service, what it wrote and how many audit records it left.

With `--audit-report-uncalled`, the services no test called are listed at the end (workers of
pytest-xdist write what they saw to a shared folder; the controller reads it)."""

from __future__ import annotations

import functools
import importlib
import json
import re
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
AUDIT_TABLE = "core_auditevent"

# Tables whose writes are not domain data, so no audit record is owed for them:
IGNORED_TABLES: dict[str, str] = {
    "django_session": "signing in or out writes the session; the service's own change is audited",
    "thidua_cache": "the shared database cache (rate-limit counters, cached pages) is derived data",
    "axes_": "django-axes' sign-in attempt log is itself a security log, written by its signals",
    "django_tasks_database_": "queuing a background job; the request that queued it is audited",
}

# Public functions of service modules that only read or compute (the check fails if they write).
READ_ONLY: dict[str, str] = {
    "thidua.core.services.json_value": "JSON-safe copy of a value",
    "thidua.core.services.snapshot": "JSON-safe copy of a model's fields",
    "thidua.core.services.audit_summary": "counts the records collected by audit_nested",
    "thidua.commendation.services.decisions.issuer_label": "text of the issuing body",
    "thidua.commendation.services.registry.eligibility_whatif": "runs the engine, stores nothing",
    "thidua.commendation.services.workflow.dossier_missing": "lists missing dossier kinds",
    "thidua.commendation.services.workflow.eligibility_snapshot": "the engine's verdict as JSON",
    "thidua.emulation.services.clusters.table_for": "the scoring table of an edition",
    "thidua.emulation.services.clusters.measure_entries": "figures from approved reports",
    "thidua.emulation.services.clusters.score": "scores a sheet in memory",
    "thidua.emulation.services.clusters.standings_for": "ranks the reviewed sheets in memory",
    "thidua.exemplars.services.exemplars.clean_text": "text normalisation",
    "thidua.exemplars.services.exemplars.clean_lines": "text normalisation",
    "thidua.exemplars.services.exemplars.field_error": "builds an error",
    "thidua.exemplars.services.exemplars.ensure_editable": "checks a status",
    "thidua.exemplars.services.exemplars.publication_problem": "why publishing is not allowed",
    "thidua.exemplars.services.exemplars.withdrawal_reason": "a message",
    "thidua.exemplars.services.exemplars.actor_reviews": "a permission test",
    "thidua.exemplars.services.press.province_of": "finds the province of a unit",
    "thidua.ingest.services.remap_doubtful": "recomputes offsets in memory",
    "thidua.ingest.services.proposed_settings": "defaults proposed for a measure",
    "thidua.ingest.services.decimal_or_none": "parses a number",
    "thidua.reminders.services.notifications.site_url": "an absolute address",
    "thidua.reminders.services.notifications.unit_staff": "who works in the units",
    "thidua.reminders.services.notifications.office_staff": "who works in the office",
    "thidua.reminders.services.obstacles.recipient_prefixes": "unit paths that receive obstacles",
    "thidua.reminders.services.obstacles.obstacle_recipient_for": "which office receives it",
    "thidua.targets.services.reporting_unit_for": "the successor that reports for a unit",
}

# Public functions of service modules that are not service boundaries: they are not wrapped, so
# the services they call are checked as outermost calls on their own.
NOT_A_SERVICE: dict[str, str] = {
    "thidua.core.services.audit_record": "writes the audit record itself; services call it",
    "thidua.core.services.audit_nested": "collects the records of services a service calls",
    "thidua.ingest.services.job_progress": (
        "a running job's progress and heartbeat, written outside any transaction so the page "
        "shows it live; the job's start, end and failure are audited services"
    ),
    "thidua.reports.services.render_job_progress": (
        "a running job's progress and heartbeat, written outside any transaction so the page "
        "shows it live; the job's start, end and failure are audited services"
    ),
    "thidua.accounts.services.api_token_authenticate": (
        "authenticates an API request; it stamps the token's last use at most once a minute "
        "(bookkeeping, like Django's last_login), not a change anyone makes"
    ),
    "thidua.reminders.services.notifications.deliver": (
        "stores the notices of `reminders_send`, which audits the run once"
    ),
}

_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?([\w.]+)",
    re.IGNORECASE,
)


def service_module_names() -> list[str]:
    paths = sorted(ROOT.glob("thidua/*/services.py")) + sorted(ROOT.glob("thidua/*/services/*.py"))
    names = []
    for path in paths:
        if path.name == "__init__.py":
            continue
        names.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return names


def public_functions(module: Any) -> dict[str, Callable[..., Any]]:
    """The public functions a module defines (not those it imports)."""
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and callable(value)
        and getattr(value, "__module__", None) == module.__name__
        and type(value).__name__ == "function"
    }


# --- what one outermost call did --------------------------------------------------------------


@dataclass(eq=False)
class Block:
    """An atomic block entered while a call was watched; `rolled_back` once it exits so."""

    rolled_back: bool = False


@dataclass
class Write:
    table: str
    rows: int
    blocks: tuple[Block, ...]  # the blocks opened by the call that enclose the write

    @property
    def survives(self) -> bool:
        return not any(block.rolled_back for block in self.blocks)


@dataclass
class Call:
    name: str
    read_only: bool
    base: int  # how many atomic blocks were open when the call started
    connection: Any
    writes: list[Write] = field(default_factory=list)

    def observe(self, execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if _state.active is self:
            text = str(sql)
            match = _WRITE.match(text)
            if match is not None:
                table = match.group(1).strip('"`').lower()
                if not any(table.startswith(prefix) for prefix in IGNORED_TABLES):
                    rows = _rows(text, params, many, context["cursor"])
                    if rows:  # an UPDATE or DELETE that matched nothing wrote nothing
                        blocks = tuple(_blocks(self.connection)[self.base :])
                        self.writes.append(Write(table, rows, blocks))
        return result

    def verdict(self, error: BaseException | None) -> str | None:
        outside = sorted({w.table for w in self.writes if not w.blocks})
        surviving = [w for w in self.writes if w.survives]
        audits = sum(w.rows for w in surviving if w.table == AUDIT_TABLE)
        others = Counter()
        for write in surviving:
            if write.table != AUDIT_TABLE:
                others[write.table] += write.rows
        wrote = ", ".join(f"{table} ×{count}" for table, count in sorted(others.items()))
        problems = []
        if outside:
            problems.append(
                "wrote outside an atomic block of its own (not atomic): " + ", ".join(outside)
            )
        if self.read_only and (others or audits):
            problems.append(f"is listed as read-only but wrote {wrote or '-'}, {audits} audit")
        elif error is not None and (others or audits):
            problems.append(
                f"raised {type(error).__name__} but its writes survive: {wrote or '-'}, "
                f"{audits} audit record(s)"
            )
        elif error is None and (others or audits) and audits != 1:
            problems.append(f"wrote {wrote or 'nothing else'} with {audits} audit records, not 1")
        if not problems:
            return None
        return f"{self.name} " + "; ".join(problems)


def _rows(sql: str, params: Any, many: bool, cursor: Any) -> int:
    """Rows a statement wrote: the driver's count for UPDATE and DELETE; for INSERT the larger
    of the driver's count (psycopg's is exact, also for PostgreSQL's `SELECT * FROM UNNEST`
    bulk inserts) and the parameter sets or VALUES groups (sqlite3 counts RETURNING rows only
    once they are fetched)."""
    count = getattr(cursor, "rowcount", -1)
    count = count if count is not None and count >= 0 else -1
    if sql.lstrip()[:6].upper() != "INSERT":
        return count if count >= 0 else 1
    if many:
        return max(count, len(params) if params is not None else 1)
    return max(count, _value_rows(sql))


def _value_rows(sql: str) -> int:
    values = re.split(r"\)\s*VALUES\s*\(", sql, maxsplit=1, flags=re.IGNORECASE)
    if len(values) < 2:
        return 1
    return len(re.findall(r"\)\s*,\s*\(", values[1].split(" RETURNING ")[0])) + 1


class _State(threading.local):
    active: Call | None = None


_state = _State()
_lock = threading.Lock()
_violations: list[str] = []
_called: set[str] = set()


def _blocks(connection: Any) -> list[Block]:
    blocks = connection.__dict__.get("_audit_check_blocks")
    if blocks is None:
        blocks = connection.__dict__["_audit_check_blocks"] = []
    return blocks


def _wrap(func: Callable[..., Any], name: str, read_only: bool) -> Callable[..., Any]:
    from django.db import DEFAULT_DB_ALIAS, connections

    @functools.wraps(func)
    def watched(*args: Any, **kwargs: Any) -> Any:
        _called.add(name)
        if _state.active is not None:
            return func(*args, **kwargs)
        connection = connections[DEFAULT_DB_ALIAS]
        call = Call(name, read_only, len(_blocks(connection)), connection)
        _state.active = call
        error: BaseException | None = None
        try:
            with connection.execute_wrapper(call.observe):
                return func(*args, **kwargs)
        except BaseException as raised:
            error = raised
            raise
        finally:
            _state.active = None
            problem = call.verdict(error)
            if problem is not None:
                with _lock:
                    _violations.append(problem)

    return watched


def _patch_transactions() -> None:
    """Follow the atomic blocks (which roll back) and run on-commit hooks as their own calls."""
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    atomic = transaction.Atomic
    if getattr(atomic, "_audit_check_patched", False):
        return
    enter, exit_ = atomic.__enter__, atomic.__exit__
    run_hooks = BaseDatabaseWrapper.run_and_clear_commit_hooks

    def entered(self: Any) -> Any:
        result = enter(self)
        _blocks(transaction.get_connection(self.using)).append(Block())
        return result

    def exited(self: Any, exc_type: Any, exc_value: Any, traceback: Any) -> Any:
        connection = transaction.get_connection(self.using)
        rolled_back = exc_type is not None or connection.needs_rollback
        blocks = _blocks(connection)
        if blocks:
            blocks.pop().rolled_back = rolled_back
        return exit_(self, exc_type, exc_value, traceback)

    def hooks(self: Any) -> None:
        suspended, _state.active = _state.active, None
        try:
            run_hooks(self)
        finally:
            _state.active = suspended

    atomic.__enter__ = entered  # type: ignore[method-assign]
    atomic.__exit__ = exited  # type: ignore[method-assign]
    atomic._audit_check_patched = True  # type: ignore[attr-defined]
    BaseDatabaseWrapper.run_and_clear_commit_hooks = hooks  # type: ignore[method-assign]


def _holders() -> Iterator[Any]:
    """Modules of the project (application, tests, conftest) that may hold a service by name."""
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if module is None or path is None:
            continue
        if name.startswith("thidua") or (
            Path(path).resolve().is_relative_to(ROOT) and ".venv" not in Path(path).parts
        ):
            yield module


def install() -> int:
    """Wrap every public service function where it is defined and wherever it was imported by
    name; returns how many were wrapped."""
    _patch_transactions()
    wrappers: dict[int, Callable[..., Any]] = {}
    for module_name in service_module_names():
        module = importlib.import_module(module_name)
        for name, func in public_functions(module).items():
            dotted = f"{module_name}.{name}"
            if dotted not in NOT_A_SERVICE:
                wrappers[id(func)] = _wrap(func, dotted, read_only=dotted in READ_ONLY)
    for module in _holders():
        for attribute, value in list(vars(module).items()):
            wrapper = wrappers.get(id(value))
            if wrapper is not None and wrapper.__wrapped__ is value:  # type: ignore[attr-defined]
                setattr(module, attribute, wrapper)
    return len(wrappers)


def take_violations() -> list[str]:
    with _lock:
        found = list(_violations)
        _violations.clear()
    return found


# --- pytest hooks -----------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--audit-report-uncalled",
        action="store_true",
        help="list the services that no test called (audit check)",
    )


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None and config.getoption("--audit-report-uncalled"):
        config._audit_called_dir = tempfile.mkdtemp(prefix="thidua-audit-")  # type: ignore[attr-defined]


def pytest_configure_node(node: Any) -> None:  # pytest-xdist controller → each worker
    folder = getattr(node.config, "_audit_called_dir", None)
    if folder is not None:
        node.workerinput["audit_called_dir"] = folder


def pytest_collection_finish(session: pytest.Session) -> None:
    install()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    found = take_violations()
    if found and not report.failed:
        report.outcome = "failed"
        report.longrepr = "Audit check: a service call broke the audit rule:\n" + "\n".join(
            f"- {line}" for line in found
        )
    elif found:
        report.sections.append(("audit check", "\n".join(found)))


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    workerinput = getattr(config, "workerinput", None)
    folder = (workerinput or {}).get("audit_called_dir") or getattr(
        config, "_audit_called_dir", None
    )
    if folder is None:
        return
    worker = (workerinput or {}).get("workerid", "main")
    Path(folder, f"{worker}.json").write_text(json.dumps(sorted(_called)))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    folder = getattr(config, "_audit_called_dir", None)
    if folder is None:
        return
    called: set[str] = set()
    for path in Path(folder).glob("*.json"):
        called.update(json.loads(path.read_text()))
    services = set()
    for module_name in service_module_names():
        module = importlib.import_module(module_name)
        for name in public_functions(module):
            dotted = f"{module_name}.{name}"
            if dotted not in NOT_A_SERVICE and dotted not in READ_ONLY:
                services.add(dotted)
    uncalled = sorted(services - called)
    terminalreporter.section("audit check: services no test called")
    terminalreporter.write_line(f"{len(uncalled)} of {len(services)}")
    for name in uncalled:
        terminalreporter.write_line(f"  {name}")
