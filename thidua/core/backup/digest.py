"""The content digest: one SHA-256 over every row of every installed model and every uploaded
file, written so that SQLite and PostgreSQL give the same text for the same data.

The hashed text is a sequence of JSON lines: a header line, then for each table (in name order) a
line naming it and its columns followed by one line per row in primary-key order, then the applied
migrations, then one line per file under MEDIA_ROOT (path, size, SHA-256). Values are read through
the ORM (so each field's own converters apply) and normalised by `normalise`.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import ipaddress
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Collate
from django.utils.translation import gettext as _

from thidua.core.backup.databases import database_snapshot, migration_gaps, migration_names
from thidua.core.exceptions import ApplicationError

DIGEST_VERSION = 1
CHUNK_ROWS = 2000
READ_BYTES = 1024 * 1024

# Text primary keys are ordered byte by byte on both engines (UTF-8 byte order is code-point
# order), never by a locale's collation, which PostgreSQL would otherwise apply.
BINARY_COLLATION = {"postgresql": "C", "sqlite": "BINARY"}


def decimal_text(value: decimal.Decimal) -> str:
    """Plain notation without trailing zeros: 1200.0000 → "1200", 0.50 → "0.5", -0 → "0"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Written as they are, looked up by exact type: most values are one of these.
_AS_IS = frozenset({type(None), bool, int, str})


def _json_content(value: Any) -> Any:
    """JSON content with integral floats as integers: PostgreSQL's jsonb gives 1e+16 back as
    10000000000000000 (an int once parsed), SQLite keeps the text and so a float. Anything that is
    not JSON is left for json.dumps to refuse."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is dict:
        return {key: _json_content(item) for key, item in value.items()}
    if kind is list:
        return [_json_content(item) for item in value]
    return value


def normalise(value: Any) -> Any:
    """The JSON value standing for one field value read through the ORM, the same on SQLite and
    PostgreSQL: decimals as plain text, datetimes in UTC with microseconds, durations in
    microseconds, bytes in hexadecimal, JSON content as parsed (keys are sorted when the line is
    written). A value of another type is refused, never guessed at."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is float or kind is dict or kind is list:
        return _json_content(value)
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.timedelta):
        return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):  # memoryview: PostgreSQL's bytea
        return bytes(value).hex()
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return str(value)
    if isinstance(value, str | int):  # subclasses (an enumeration's member…)
        return value
    raise TypeError(f"No engine-independent form for a {type(value).__name__} value: {value!r}")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def line(value: Any) -> bytes:
    """One line of the hashed text: compact JSON, keys sorted, UTF-8."""
    return _ENCODER.encode(value).encode() + b"\n"


def row_line(values: Iterable[Any]) -> bytes:
    return line([normalise(value) for value in values])


@dataclass(frozen=True)
class MediaFile:
    path: str  # relative to MEDIA_ROOT, "/"-separated
    size: int
    sha256: str


@dataclass(frozen=True)
class ContentDigest:
    hexdigest: str
    row_counts: dict[str, int]
    migrations: list[tuple[str, str]]
    media: list[MediaFile]
    # Tables in the database that no installed model describes (not the migration record nor
    # a cache table): not covered by the digest, so the commands name them.
    uncovered_tables: list[str]


def digest_models() -> list[type[models.Model]]:
    """One model per table: concrete, managed, Django's and ours, with the automatic many-to-many
    tables; proxies share their parent's table and swapped models (auth.User) have none."""
    by_table: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        by_table.setdefault(model._meta.db_table, model)
    return [by_table[table] for table in sorted(by_table)]


def cache_tables() -> set[str]:
    """The tables of database caches. Skipped by the digest: rate-limit counters and cached pages
    change on every request and expire by themselves, so they say nothing about the data."""
    return {
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache.get("BACKEND") == "django.core.cache.backends.db.DatabaseCache"
    }


def _ordering(model: type[models.Model], vendor: str) -> list[Any]:
    order: list[Any] = []
    for pk_field in model._meta.pk_fields:
        if isinstance(pk_field, models.CharField | models.TextField) and vendor in BINARY_COLLATION:
            order.append(Collate(pk_field.attname, BINARY_COLLATION[vendor]))
        else:
            order.append(pk_field.attname)
    return order


def table_lines(model: type[models.Model], using: str = "default") -> Iterator[bytes]:
    """The hashed lines of a model's rows, streamed in primary-key order."""
    vendor = connections[using].vendor
    rows = (
        model._base_manager.using(using)
        .order_by(*_ordering(model, vendor))
        .values_list(*[item.attname for item in model._meta.concrete_fields])
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for row in rows:
        yield row_line(row)


def _file_sha256(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(READ_BYTES):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def media_paths(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under `root` as (relative "/" path, absolute path), in path order.
    A symbolic link or a special file is an error, not a silent gap in the backup."""
    if not root.exists():
        return
    found: list[tuple[str, Path]] = []
    for folder, subfolders, files in os.walk(root):
        for name in [*subfolders, *files]:
            full = Path(folder) / name
            if full.is_symlink() or not (full.is_dir() or full.is_file()):
                raise ApplicationError(
                    _(
                        "“%(path)s” trong thư mục tệp tải lên không phải tệp hay thư mục thường "
                        "(liên kết tượng trưng hoặc tệp đặc biệt): hãy thay bằng tệp thật."
                    )
                    % {"path": full}
                )
        for name in files:
            full = Path(folder) / name
            relative = full.relative_to(root).as_posix()
            try:
                relative.encode()
            except UnicodeEncodeError:
                raise ApplicationError(
                    _("Tên tệp “%(path)s” không phải UTF-8 hợp lệ: hãy đổi tên tệp.")
                    % {"path": relative.encode(errors="replace").decode()}
                ) from None
            found.append((relative, full))
    yield from sorted(found)


def media_inventory(root: Path) -> list[MediaFile]:
    return [MediaFile(relative, *_file_sha256(full)) for relative, full in media_paths(root)]


@dataclass
class DigestBuilder:
    """Feeds the hashed text part by part: the database (read on `using`), then the files."""

    _sha: Any = field(
        default_factory=lambda: hashlib.sha256(line(["thidua-digest", DIGEST_VERSION]))
    )
    row_counts: dict[str, int] = field(default_factory=dict)
    migrations: list[tuple[str, str]] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)
    uncovered_tables: list[str] = field(default_factory=list)

    def add_database(self, using: str) -> None:
        connection = connections[using]
        # The rows are read through the models: the schema must be the one this code expects.
        recorded = MigrationRecorder(connection).applied_migrations()
        unknown, missing = migration_gaps(recorded)
        if missing:
            raise ApplicationError(
                _(
                    "Cơ sở dữ liệu còn %(count)s migration chưa áp dụng (%(names)s): hãy chạy "
                    "`thidua migrate` trước."
                )
                % {"count": len(missing), "names": migration_names(missing)}
            )
        if unknown:
            raise ApplicationError(
                _(
                    "Cơ sở dữ liệu đã qua %(count)s migration mà phiên bản này không có "
                    "(%(names)s): hãy dùng phiên bản mới hơn của hệ thống."
                )
                % {"count": len(unknown), "names": migration_names(unknown)}
            )
        for model in digest_models():
            fields = model._meta.concrete_fields
            self._sha.update(line(["table", model._meta.db_table, [f.column for f in fields]]))
            count = 0
            for row in table_lines(model, using):
                self._sha.update(row)
                count += 1
            self.row_counts[model._meta.db_table] = count
        # The migration record is not a model: its names are hashed, not the times they were
        # applied, which differ from one site to another for the same data.
        self.migrations = sorted((app, name) for app, name in recorded)
        self._sha.update(line(["migrations", self.migrations]))
        known = {model._meta.db_table for model in digest_models()}
        known |= cache_tables() | {MigrationRecorder.Migration._meta.db_table}
        self.uncovered_tables = sorted(set(connection.introspection.table_names()) - known)

    def add_media(self, files: Iterable[MediaFile]) -> None:
        self.media = sorted(files, key=lambda item: item.path)
        self._sha.update(line(["media"]))
        for item in self.media:
            self._sha.update(line([item.path, item.size, item.sha256]))

    def result(self) -> ContentDigest:
        return ContentDigest(
            hexdigest=self._sha.hexdigest(),
            row_counts=dict(self.row_counts),
            migrations=list(self.migrations),
            media=list(self.media),
            uncovered_tables=list(self.uncovered_tables),
        )


def content_digest(*, using: str = "default", media_root: Path | None = None) -> ContentDigest:
    """The digest of the database behind `using` and the files under `media_root` (MEDIA_ROOT
    by default). Rows are streamed, so it runs in constant memory on any number of rows."""
    builder = DigestBuilder()
    builder.add_database(using)
    builder.add_media(media_inventory(Path(media_root or settings.MEDIA_ROOT)))
    return builder.result()


def consistent_digest() -> ContentDigest:
    """`content_digest` of the default database read as one consistent snapshot (a copy of the
    SQLite file, a REPEATABLE READ transaction on PostgreSQL), so that a site that goes on
    writing still gets the digest of one moment. Inside an open transaction, that transaction
    is the snapshot."""
    if connections["default"].in_atomic_block:
        return content_digest()
    with database_snapshot(None) as alias:
        return content_digest(using=alias)
