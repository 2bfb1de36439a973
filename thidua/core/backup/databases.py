"""Dumping and restoring the database with each engine's own tool.

SQLite: the online backup API of Python's sqlite3 (a page-by-page copy, consistent, works on
the file database and on the test suite's in-memory one). PostgreSQL: pg_dump in its custom
format and pg_restore, with the password passed in PGPASSWORD, never on a command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from django.db import connections, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError

# The archive member holding each engine's dump.
DUMP_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def engine_name(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_MEMBERS:
        raise ApplicationError(
            _("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s (chỉ SQLite và PostgreSQL).")
            % {"vendor": vendor}
        )
    return vendor


def _not_in_transaction(using: str = "default") -> None:
    # SQLite waits forever for a lock its own open transaction holds, and a restore cannot
    # replace a database under an open transaction: both run from autocommit only.
    if connections[using].in_atomic_block:
        raise ApplicationError(
            _("Không sao lưu hay khôi phục được bên trong một giao dịch cơ sở dữ liệu đang mở.")
        )


@contextmanager
def temporary_alias(settings_dict: dict[str, Any]) -> Iterator[str]:
    """A connection of its own (a snapshot, a copy) under an alias that lives for the block.
    It is not added to settings.DATABASES: Django treats it as a dynamically created one."""
    alias = f"thidua_backup_{uuid.uuid4().hex[:12]}"
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        yield alias
    finally:
        try:
            connections[alias].close()
        finally:
            del connections[alias]


@contextmanager
def database_snapshot(dump_to: Path | None) -> Iterator[str]:
    """Dump the default database to `dump_to` (if given) and yield the alias of a read-only
    connection that sees exactly the dumped state, to compute the digest on."""
    _not_in_transaction()
    engine = engine_name()
    if engine == "sqlite":
        with _sqlite_snapshot(dump_to) as alias:
            yield alias
    else:
        with _postgresql_snapshot(dump_to) as alias:
            yield alias


@contextmanager
def _sqlite_snapshot(dump_to: Path | None) -> Iterator[str]:
    connection = connections["default"]
    # A copy for the digest alone goes beside the database file (room for it is likelier there).
    in_memory = cast(Any, connection).is_in_memory_db()
    beside = None if in_memory else Path(connection.settings_dict["NAME"]).parent
    with tempfile.TemporaryDirectory(prefix=".thidua-digest-", dir=beside) as work:
        copy = dump_to or Path(work) / DUMP_MEMBERS["sqlite"]
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
            # The copy carries the live database's WAL flag; a plain file reads anywhere alone.
            target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as error:
            raise ApplicationError(
                _("Không chép được cơ sở dữ liệu SQLite: %(error)s") % {"error": error}
            ) from error
        finally:
            target.close()
        settings_dict = {
            **connection.settings_dict,
            "NAME": f"{copy.resolve().as_uri()}?mode=ro",
            "OPTIONS": {},
        }
        with temporary_alias(settings_dict) as alias:
            yield alias


@contextmanager
def _postgresql_snapshot(dump_to: Path | None) -> Iterator[str]:
    """A REPEATABLE READ transaction whose snapshot pg_dump shares (`--snapshot`): the digest and
    the dump see the same committed state while the site goes on writing."""
    with temporary_alias(dict(connections["default"].settings_dict)) as alias:
        connection = connections[alias]
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot,) = cursor.fetchone()
            if dump_to is not None:
                _run_pg(
                    "pg_dump",
                    [
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        f"--file={dump_to}",
                        *_connection_arguments(connection.settings_dict),
                    ],
                    connection.settings_dict,
                )
            yield alias


def _connection_arguments(settings_dict: dict[str, Any]) -> list[str]:
    arguments = ["--no-password"]
    if settings_dict.get("USER"):
        arguments.append(f"--username={settings_dict['USER']}")
    if settings_dict.get("HOST"):
        arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        arguments.append(f"--port={settings_dict['PORT']}")
    arguments.append(f"--dbname={settings_dict['NAME']}")
    return arguments


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """PGPASSWORD, PGSSLMODE… exactly as `thidua dbshell` passes them to psql."""
    _arguments, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    return {**os.environ, **(extra or {})}


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise ApplicationError(
            _(
                "Không tìm thấy lệnh %(program)s: hãy cài gói postgresql-client cùng phiên bản "
                "với máy chủ PostgreSQL."
            )
            % {"program": name}
        )
    return program


def _error_tail(text: bytes) -> str:
    lines = text.decode("utf-8", "replace").strip().splitlines()
    return "\n".join(lines[-8:]) or "?"


def _run_pg(name: str, arguments: list[str], settings_dict: dict[str, Any]) -> bytes:
    command = [_pg_program(name), *arguments]
    completed = subprocess.run(  # noqa: S603 - program found on PATH, no shell, our own arguments
        command, capture_output=True, env=_pg_environment(settings_dict), check=False
    )
    if completed.returncode != 0:
        raise ApplicationError(
            _("%(program)s báo lỗi (mã %(code)s):\n%(detail)s")
            % {
                "program": name,
                "code": completed.returncode,
                "detail": _error_tail(completed.stderr),
            }
        )
    return completed.stdout


def check_dump(engine: str, dump: Path) -> None:
    """The dump opens with its engine's tool: a last check before anything is replaced."""
    if engine == "sqlite":
        try:
            source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
            try:
                (verdict,) = source.execute("PRAGMA quick_check").fetchone()
            finally:
                source.close()
        except sqlite3.Error as error:
            verdict = str(error)
        if verdict != "ok":
            raise ApplicationError(
                _("Tệp cơ sở dữ liệu trong bản sao lưu bị hỏng: %(detail)s") % {"detail": verdict}
            )
    else:
        _dump_tables(dump)


def _dump_tables(dump: Path) -> set[tuple[str, str]]:
    """(schema, table) of every table a custom-format dump creates, from its table of contents."""
    listing = _run_pg("pg_restore", ["--list", str(dump)], {"OPTIONS": {}})
    tables = set()
    for entry in listing.decode("utf-8", "replace").splitlines():
        # "215; 1259 16390 TABLE public accounts_user postgres" ("TABLE DATA" holds rows).
        parts = entry.split()
        if len(parts) >= 6 and entry[0] != ";" and parts[3] == "TABLE" and parts[4] != "DATA":
            tables.add((parts[4], parts[5]))
    return tables


def restore_database(engine: str, dump: Path) -> None:
    """Replace the default database by the dump, all or nothing."""
    _not_in_transaction()
    check_dump(engine, dump)
    if engine == "sqlite":
        _sqlite_restore(dump)
    else:
        _postgresql_restore(dump)


def _sqlite_restore(dump: Path) -> None:
    connection = connections["default"]
    connection.ensure_connection()
    source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # One step: the destination is replaced in a single transaction, or not at all.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise ApplicationError(
            _("Không ghi được cơ sở dữ liệu SQLite: %(error)s") % {"error": error}
        ) from error
    finally:
        source.close()
    connection.close()


def _postgresql_restore(dump: Path) -> None:
    """pg_restore's script (`--clean --if-exists --no-owner`) run by psql in one transaction,
    after dropping the tables the archive does not have (a newer migration's, holding foreign
    keys that would stop `--clean`): the database ends up equal to the archive. The COMMIT is
    sent only when pg_restore wrote its whole script; otherwise psql ends and the server rolls
    everything back."""
    connection = connections["default"]
    settings_dict = dict(connection.settings_dict)
    in_dump = _dump_tables(dump)
    with connection.cursor() as cursor:
        # Tables of this database's own schemas: not the system's, not other sessions'
        # temporary ones, not those an extension owns (pg_dump leaves those to the extension).
        cursor.execute(
            "SELECT n.nspname, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg\\_%' "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype = 'e')"
        )
        live = {(schema, table) for schema, table in cursor.fetchall()}
    quote = connection.ops.quote_name
    prelude = "BEGIN;\n" + "".join(
        f"DROP TABLE IF EXISTS {quote(schema)}.{quote(table)} CASCADE;\n"
        for schema, table in sorted(live - in_dump)
    )
    connection.close()  # pg_restore drops and re-creates the tables under it

    environment = _pg_environment(settings_dict)
    restore_command = [
        _pg_program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--file=-",
        str(dump),
    ]
    psql_command = [
        _pg_program("psql"),
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--file=-",
        *_connection_arguments(settings_dict),
    ]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        psql = subprocess.Popen(  # noqa: S603 - program found on PATH, no shell
            psql_command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=environment,
        )
        restore = subprocess.Popen(  # noqa: S603 - program found on PATH, no shell
            restore_command, stdout=subprocess.PIPE, stderr=restore_errors, env=environment
        )
        assert psql.stdin is not None  # noqa: S101 - PIPE given
        assert restore.stdout is not None  # noqa: S101 - PIPE given
        complete = _pump(prelude.encode(), restore.stdout, psql.stdin)
        restore_code = restore.wait()
        if complete and restore_code == 0:
            complete = _send(psql.stdin, b"COMMIT;\n")
        try:
            psql.stdin.close()
        except BrokenPipeError:
            complete = False
        psql_code = psql.wait()
        if restore_code != 0:
            raise ApplicationError(
                _("pg_restore không đọc được bản sao lưu (không có gì thay đổi):\n%(detail)s")
                % {"detail": _error_tail(_read_all(restore_errors))}
            )
        if psql_code != 0 or not complete:
            raise ApplicationError(
                _("PostgreSQL từ chối dữ liệu khôi phục (không có gì thay đổi):\n%(detail)s")
                % {"detail": _error_tail(_read_all(psql_errors))}
            )


def _send(target: IO[bytes], data: bytes) -> bool:
    try:
        target.write(data)
        target.flush()
    except BrokenPipeError:  # psql stopped at an error; it says which on its stderr
        return False
    return True


def _pump(prelude: bytes, source: IO[bytes], target: IO[bytes]) -> bool:
    if not _send(target, prelude):
        return False
    while chunk := source.read(1024 * 1024):
        if not _send(target, chunk):
            while source.read(1024 * 1024):  # let pg_restore finish writing
                pass
            return False
    return True


def _read_all(handle: IO[bytes]) -> bytes:
    handle.seek(0)
    return handle.read()


def migration_gaps(
    applied: Iterable[tuple[str, str]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """For a set of applied migrations: those this code does not know (a newer version made
    them) and those this code has that are not applied (an older version's state). A squashed
    migration counts as applied when everything it replaces is."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    done = set(applied)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update((app, name) for app, name in migration.replaces or [])
    missing = [
        key
        for key, migration in loader.graph.nodes.items()
        if key not in done
        and not (migration.replaces and all(tuple(item) in done for item in migration.replaces))
    ]
    return sorted(done - known), sorted(missing)


def migration_names(keys: list[tuple[str, str]], limit: int = 5) -> str:
    names = ", ".join(f"{app}.{name}" for app, name in keys[:limit])
    return names + (", …" if len(keys) > limit else "")
