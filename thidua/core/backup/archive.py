"""The backup archive: one tar file holding the database dump, `media/…` (every uploaded file)
and, last, `manifest.json` describing it all (see docs/adr/0004-backup-and-restore.md)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.backup.databases import (
    DUMP_MEMBERS,
    ENGINE_NAMES,
    database_snapshot,
    engine_name,
    migration_gaps,
    migration_names,
    restore_database,
)
from thidua.core.backup.digest import (
    ContentDigest,
    DigestBuilder,
    MediaFile,
    content_digest,
    media_paths,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.services import audit_record
from thidua.core.text import TIME_ZONE

ARCHIVE_FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
READ_BYTES = 1024 * 1024
PROGRESS_EVERY_FILES = 500

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    """No progress output (the default for callers that do not print)."""


def app_version() -> str:
    try:
        return importlib.metadata.version("thidua")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


class _HashingReader:
    """Hands a file to tarfile while hashing what it reads: each file is read once."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> MediaFile:
    stat = path.stat()
    info = tarfile.TarInfo(name)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = stat.st_mode & 0o777
    try:
        with path.open("rb") as handle:
            reader = _HashingReader(handle)
            archive.addfile(info, reader)
    except OSError as error:  # tarfile: "unexpected end of data" when the file shrank
        raise ApplicationError(
            _("Không sao lưu được tệp “%(path)s” (tệp thay đổi trong lúc chép?): %(error)s")
            % {"path": path, "error": error}
        ) from error
    return MediaFile(name.removeprefix(MEDIA_PREFIX), reader.size, reader.sha.hexdigest())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    digest: ContentDigest


def _archive_target(path: Path, media_root: Path) -> Path:
    target = path.expanduser()
    if target.is_dir():
        stamp = timezone.localtime(timezone.now(), TIME_ZONE).strftime("%Y%m%d-%H%M%S")
        target = target / f"thidua-{stamp}.tar"
    target = target.parent.resolve() / target.name
    if not target.parent.is_dir():
        raise ApplicationError(_("Thư mục “%(folder)s” không tồn tại.") % {"folder": target.parent})
    if target.is_relative_to(media_root):
        raise ApplicationError(
            _(
                "Không ghi bản sao lưu vào trong thư mục tệp tải lên (%(media)s): nó sẽ tự chép "
                "chính mình. Hãy chọn thư mục khác."
            )
            % {"media": media_root}
        )
    return target


def backup_create(
    *, path: Path, overwrite: bool = False, progress: Progress = _silent
) -> BackupResult:
    """Write the archive of the database and MEDIA_ROOT to `path` (a file name, or a folder that
    gets `thidua-YYYYmmdd-HHMMSS.tar`), atomically: a temporary file renamed when complete."""
    engine = engine_name()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    target = _archive_target(path, media_root)
    if target.exists() and not overwrite:
        raise ApplicationError(
            _("Tệp “%(path)s” đã có; hãy chọn tên khác hoặc thêm --overwrite để ghi đè.")
            % {"path": target}
        )
    member = DUMP_MEMBERS[engine]
    handle, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        builder = DigestBuilder()
        with tempfile.TemporaryDirectory(prefix=".thidua-backup-", dir=target.parent) as work:
            dump = Path(work) / member
            progress(_("Đang sao lưu cơ sở dữ liệu %(engine)s…") % {"engine": ENGINE_NAMES[engine]})
            with database_snapshot(dump) as alias:
                progress(_("Đang tính mã kiểm tra của dữ liệu…"))
                builder.add_database(alias)
            with tarfile.open(temporary, "w", format=tarfile.PAX_FORMAT) as archive:
                database = _add_file(archive, member, dump)
                progress(_("Đang chép các tệp tải lên…"))
                media: list[MediaFile] = []
                total = 0
                for relative, full in media_paths(media_root):
                    media.append(_add_file(archive, MEDIA_PREFIX + relative, full))
                    total += media[-1].size
                    if len(media) % PROGRESS_EVERY_FILES == 0:
                        progress(
                            _("  đã chép %(count)s tệp (%(size)s MB)…")
                            % {"count": len(media), "size": megabytes(total)}
                        )
                builder.add_media(media)
                digest = builder.result()
                manifest = _manifest(engine, database, digest)
                _add_bytes(archive, MANIFEST, manifest)
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(target.parent)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a folder that cannot be written…
            raise ApplicationError(
                _("Không ghi được bản sao lưu “%(path)s”: %(error)s")
                % {"path": target, "error": error}
            ) from error
        raise
    size = target.stat().st_size
    with transaction.atomic():
        audit_record(
            actor=None,
            action="core.backup",
            object_type="core.backup",
            object_repr=target.name,
            after={
                "path": str(target),
                "size": size,
                "digest": digest.hexdigest,
                "rows": sum(digest.row_counts.values()),
                "media_files": len(digest.media),
            },
        )
    return BackupResult(path=target, size=size, digest=digest)


def _manifest(engine: str, database: MediaFile, digest: ContentDigest) -> bytes:
    document = {
        "format": ARCHIVE_FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.localtime(timezone.now(), TIME_ZONE).isoformat(),
        "app_version": app_version(),
        "engine": engine,
        "database": {"member": database.path, "size": database.size, "sha256": database.sha256},
        "migrations": [list(item) for item in digest.migrations],
        "row_counts": digest.row_counts,
        "digest": digest.hexdigest,
        "uncovered_tables": digest.uncovered_tables,
        "media": [
            {"path": item.path, "size": item.size, "sha256": item.sha256} for item in digest.media
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


@dataclass(frozen=True)
class Manifest:
    created_at: str
    app_version: str
    engine: str
    database: MediaFile  # path = the member's name
    migrations: list[tuple[str, str]]
    row_counts: dict[str, int]
    digest: str
    media: list[MediaFile]

    @property
    def media_bytes(self) -> int:
        return sum(item.size for item in self.media)


def _broken(detail: str) -> ApplicationError:
    return ApplicationError(
        _("Tệp sao lưu bị hỏng hoặc không đầy đủ (%(detail)s); không có gì thay đổi.")
        % {"detail": detail}
    )


def _is_sha256(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def _file_entry(value: Any) -> MediaFile:
    if not (
        isinstance(value, dict)
        and isinstance(value.get("size"), int)
        and value["size"] >= 0
        and _is_sha256(value.get("sha256"))
    ):
        raise _broken(_("manifest.json có mục tệp không hợp lệ"))
    name = value.get("path", value.get("member"))
    parts = PurePosixPath(name).parts if isinstance(name, str) else ()
    if not parts or "/".join(parts) != name or any(part in (".", "..") for part in parts):
        raise _broken(_("manifest.json có đường dẫn tệp không hợp lệ: %(path)r") % {"path": name})
    return MediaFile(name, value["size"], value["sha256"])


def parse_manifest(data: bytes) -> Manifest:
    """The manifest, checked field by field; an archive it cannot describe is refused."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _broken(_("manifest.json không đọc được: %(error)s") % {"error": error}) from error
    if not isinstance(document, dict) or document.get("format") != ARCHIVE_FORMAT:
        raise ApplicationError(_("Tệp này không phải bản sao lưu của hệ thống Thi đua."))
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ApplicationError(
            _(
                "Bản sao lưu theo định dạng %(version)s, mới hơn định dạng phiên bản này đọc "
                "được (%(supported)s): hãy khôi phục bằng phiên bản %(app)s trở lên."
            )
            % {
                "version": version,
                "supported": FORMAT_VERSION,
                "app": document.get("app_version", "?"),
            }
        )
    migrations = document.get("migrations")
    row_counts = document.get("row_counts")
    media = document.get("media")
    checks = [
        isinstance(document.get("created_at"), str),
        isinstance(document.get("app_version"), str),
        document.get("engine") in DUMP_MEMBERS,
        isinstance(document.get("database"), dict),
        isinstance(migrations, list)
        and all(
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
            for item in migrations
        ),
        isinstance(row_counts, dict)
        and all(isinstance(count, int) for count in row_counts.values()),
        _is_sha256(document.get("digest")),
        isinstance(media, list),
    ]
    if not all(checks):
        raise _broken(_("manifest.json thiếu hoặc sai trường"))
    assert isinstance(migrations, list)  # noqa: S101 - checked above
    assert isinstance(media, list)  # noqa: S101 - checked above
    assert isinstance(row_counts, dict)  # noqa: S101 - checked above
    database = _file_entry(document["database"])
    if database.path != DUMP_MEMBERS[document["engine"]]:
        raise _broken(_("manifest.json ghi sai tên tệp cơ sở dữ liệu"))
    return Manifest(
        created_at=document["created_at"],
        app_version=document["app_version"],
        engine=document["engine"],
        database=database,
        migrations=[(app, name) for app, name in migrations],
        row_counts=row_counts,
        digest=document["digest"],
        media=[_file_entry(item) for item in media],
    )


def _members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    try:
        members = archive.getmembers()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _broken(str(error)) from error
    by_name: dict[str, tarfile.TarInfo] = {}
    for member in members:
        if member.name in by_name or not member.isfile():
            raise _broken(
                _("thành phần “%(name)s” lặp lại hoặc không phải tệp") % {"name": member.name}
            )
        by_name[member.name] = member
    return by_name


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    try:
        handle = archive.extractfile(member)
        assert handle is not None  # noqa: S101 - regular files only (checked in _members)
        return handle.read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _broken(str(error)) from error


def read_manifest(archive: tarfile.TarFile) -> tuple[Manifest, dict[str, tarfile.TarInfo]]:
    """The manifest and the archive's members, all accounted for."""
    members = _members(archive)
    if MANIFEST not in members:
        raise _broken(_("không có manifest.json"))
    manifest = parse_manifest(_read_member(archive, members[MANIFEST]))
    expected: dict[str, MediaFile | None] = {
        MANIFEST: None,
        manifest.database.path: manifest.database,
    }
    expected.update({MEDIA_PREFIX + item.path: item for item in manifest.media})
    for name in members:
        if name not in expected:
            raise _broken(
                _("thành phần lạ “%(name)s” không có trong manifest.json") % {"name": name}
            )
    for name, entry in expected.items():
        if entry is None:
            continue
        if name not in members:
            raise _broken(_("thiếu “%(name)s”") % {"name": name})
        if members[name].size != entry.size:
            raise _broken(
                _("“%(name)s” dài %(actual)s byte, manifest.json ghi %(expected)s byte")
                % {"name": name, "actual": members[name].size, "expected": entry.size}
            )
    return manifest, members


def _check_restorable(manifest: Manifest, engine: str) -> None:
    if manifest.engine != engine:
        raise ApplicationError(
            _(
                "Bản sao lưu này là của cơ sở dữ liệu %(archive)s, còn hệ thống đang dùng "
                "%(current)s: không khôi phục được sang loại cơ sở dữ liệu khác. Không có gì "
                "thay đổi."
            )
            % {"archive": ENGINE_NAMES[manifest.engine], "current": ENGINE_NAMES[engine]}
        )
    unknown, missing = migration_gaps(manifest.migrations)
    if unknown:
        raise ApplicationError(
            _(
                "Bản sao lưu được tạo bởi phiên bản mới hơn (%(version)s): cơ sở dữ liệu trong "
                "đó đã qua %(count)s migration mà phiên bản này không có (%(names)s). Hãy khôi "
                "phục bằng phiên bản %(version)s. Không có gì thay đổi."
            )
            % {
                "version": manifest.app_version,
                "count": len(unknown),
                "names": migration_names(unknown),
            }
        )
    if missing:
        # The digest is read through this code's models, so it could not be checked on an older
        # schema, and migrating first would change the data the digest vouches for.
        raise ApplicationError(
            _(
                "Bản sao lưu thuộc phiên bản cũ hơn (%(version)s): thiếu %(count)s migration của "
                "phiên bản này (%(names)s). Hãy khôi phục bằng phiên bản %(version)s rồi nâng "
                "cấp (`thidua migrate`). Không có gì thay đổi."
            )
            % {
                "version": manifest.app_version,
                "count": len(missing),
                "names": migration_names(missing),
            }
        )


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, entry: MediaFile, to: Path) -> None:
    """Copy one member out, checking its SHA-256 against the manifest."""
    sha = hashlib.sha256()
    to.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = archive.extractfile(member)
        assert source is not None  # noqa: S101 - regular files only (checked in _members)
        with source, to.open("wb") as target:
            while chunk := source.read(READ_BYTES):
                sha.update(chunk)
                target.write(chunk)
    except (tarfile.TarError, EOFError) as error:
        raise _broken(f"{member.name}: {error}") from error
    if sha.hexdigest() != entry.sha256:
        raise _broken(
            _("nội dung “%(name)s” không khớp mã SHA-256 ghi trong manifest.json")
            % {"name": member.name}
        )
    to.chmod(member.mode & 0o777 or 0o640)
    os.utime(to, (member.mtime, member.mtime))


def _staging_folder(media_root: Path) -> tuple[Path, bool]:
    """A folder for the extracted archive on MEDIA_ROOT's file system, and whether it lies inside
    MEDIA_ROOT. Beside it (the usual case) the swap renames the whole folder; inside it (MEDIA_ROOT
    is a mount point, or its parent is not writable) the swap renames its entries one by one."""
    parent = media_root.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        inside = media_root.is_dir() and (
            media_root.stat().st_dev != parent.stat().st_dev or not os.access(parent, os.W_OK)
        )
        folder = tempfile.mkdtemp(prefix=".thidua-restore-", dir=media_root if inside else parent)
    except OSError as error:
        raise ApplicationError(
            _(
                "Không tạo được thư mục tạm cạnh thư mục tệp tải lên %(media)s: %(error)s. Không "
                "có gì thay đổi."
            )
            % {"media": media_root, "error": error}
        ) from error
    return Path(folder), inside


def swap_media(media_root: Path, restored: Path, previous: Path, *, inside: bool) -> None:
    """Put the restored files in MEDIA_ROOT's place; the former ones go to `previous` (removed
    with the staging folder). Only renames on one file system: no file is copied twice."""
    if not inside:
        if media_root.exists():
            restored.chmod(media_root.stat().st_mode & 0o777)
            os.rename(media_root, previous)
        try:
            os.rename(restored, media_root)
        except OSError:
            if previous.exists():
                os.rename(previous, media_root)
            raise
        return
    previous.mkdir()
    staging = restored.parent
    for entry in sorted(media_root.iterdir()):
        if entry != staging:
            os.rename(entry, previous / entry.name)
    for entry in sorted(restored.iterdir()):
        os.rename(entry, media_root / entry.name)


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    digest: ContentDigest


def backup_restore(
    *,
    path: Path,
    confirm: Callable[[Manifest], bool] = lambda manifest: True,
    progress: Progress = _silent,
) -> RestoreResult:
    """Replace the database and MEDIA_ROOT by the archive's. Everything is checked before
    anything changes (engine, migrations, every member's SHA-256); the digest is recomputed at
    the end and must equal the manifest's."""
    engine = engine_name()
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the `with` below
    except FileNotFoundError as error:
        raise ApplicationError(_("Không có tệp “%(path)s”.") % {"path": path}) from error
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _broken(str(error)) from error
    with archive:
        manifest, members = read_manifest(archive)
        _check_restorable(manifest, engine)
        if not confirm(manifest):
            raise ApplicationError(_("Đã hủy khôi phục; không có gì thay đổi."))
        media_root = Path(settings.MEDIA_ROOT).resolve()
        staging, inside = _staging_folder(media_root)
        try:
            progress(_("Đang kiểm tra và giải nén bản sao lưu…"))
            dump = staging / manifest.database.path
            restored = staging / "media"
            try:
                _extract(archive, members[manifest.database.path], manifest.database, dump)
                restored.mkdir()
                for item in manifest.media:
                    target = restored / item.path
                    _extract(archive, members[MEDIA_PREFIX + item.path], item, target)
            except OSError as error:  # a full disk while extracting: nothing replaced yet
                raise ApplicationError(
                    _("Không giải nén được bản sao lưu: %(error)s. Không có gì thay đổi.")
                    % {"error": error}
                ) from error
            progress(
                _("Đang khôi phục cơ sở dữ liệu %(engine)s…") % {"engine": ENGINE_NAMES[engine]}
            )
            restore_database(engine, dump)
            progress(_("Đang thay thư mục tệp tải lên…"))
            try:
                swap_media(media_root, restored, staging / "previous-media", inside=inside)
            except OSError as error:
                raise ApplicationError(
                    _(
                        "Đã khôi phục cơ sở dữ liệu nhưng không thay được thư mục tệp tải lên "
                        "%(media)s: %(error)s"
                    )
                    % {"media": media_root, "error": error}
                ) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    progress(_("Đang tính lại mã kiểm tra…"))
    digest = content_digest()
    matches = digest.hexdigest == manifest.digest
    # Written after the comparison: the audit row is the first change after the restore.
    with transaction.atomic():
        audit_record(
            actor=None,
            action="core.restore",
            object_type="core.backup",
            object_repr=Path(path).name,
            after={
                "path": str(path),
                "created_at": manifest.created_at,
                "digest": manifest.digest,
                "digest_after_restore": digest.hexdigest,
            },
            note="" if matches else _("Mã kiểm tra sau khi khôi phục không khớp bản sao lưu."),
        )
    if not matches:
        raise ApplicationError(
            _(
                "Đã khôi phục, nhưng mã kiểm tra của dữ liệu sau khi khôi phục (%(actual)s) khác "
                "mã ghi trong bản sao lưu (%(expected)s): dữ liệu không giống hệt lúc sao lưu."
            )
            % {"actual": digest.hexdigest, "expected": manifest.digest}
        )
    return RestoreResult(manifest=manifest, digest=digest)
