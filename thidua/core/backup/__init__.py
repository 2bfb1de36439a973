"""Backup and restore of the whole site (database and uploaded files) and the content digest
that proves a round trip gave back the same data (docs/adr/0004-backup-and-restore.md)."""

from thidua.core.backup.archive import (
    BackupResult,
    Manifest,
    RestoreResult,
    backup_create,
    backup_restore,
    parse_manifest,
    read_manifest,
)
from thidua.core.backup.digest import (
    ContentDigest,
    MediaFile,
    content_digest,
    decimal_text,
    normalise,
    row_line,
)

__all__ = [
    "BackupResult",
    "ContentDigest",
    "Manifest",
    "MediaFile",
    "RestoreResult",
    "backup_create",
    "backup_restore",
    "content_digest",
    "decimal_text",
    "normalise",
    "parse_manifest",
    "read_manifest",
    "row_line",
]
