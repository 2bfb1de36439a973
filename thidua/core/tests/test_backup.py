"""`thidua backup`, `thidua restore` and `thidua digest`: a round trip gives back the same data
and files (checked by the content digest), a damaged or foreign archive changes nothing, and the
digest's text is the same on SQLite and PostgreSQL (this module runs on both in CI)."""

import datetime
import decimal
import gzip
import hashlib
import io
import ipaddress
import json
import tarfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from conftest import Tree, make_measure, make_unit
from thidua.core.audit_actions import audit_action_label
from thidua.core.backup import content_digest, decimal_text, normalise, row_line
from thidua.core.backup.archive import swap_media
from thidua.core.backup.databases import database_snapshot, restore_database
from thidua.core.backup.digest import table_lines
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.services import audit_record
from thidua.targets.models import Evidence, Measure
from thidua.targets.services import (
    evidence_add,
    report_save,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n% minh chung\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = png_bytes()
EXTRA_TABLE = "backup_test_extra"
BROKEN_DUMP = {
    "sqlite": "Tệp cơ sở dữ liệu trong bản sao lưu bị hỏng",
    "postgresql": "pg_restore không đọc được bản sao lưu",
}
OTHER_ENGINE = {
    "sqlite": ("postgresql", "database.pgdump"),
    "postgresql": ("sqlite", "database.sqlite3"),
}


# --- The normal form of values (pure) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (decimal.Decimal("1200.0000"), "1200"),
        (decimal.Decimal("0.50"), "0.5"),
        (decimal.Decimal("-0.00"), "0"),
        (decimal.Decimal("1E+2"), "100"),
        (decimal.Decimal("-12.3400"), "-12.34"),
        (decimal.Decimal("12345678901234567.8901"), "12345678901234567.8901"),
    ],
)
def test_decimals_are_written_without_trailing_zeros(value: decimal.Decimal, expected: str) -> None:
    assert decimal_text(value) == expected


def test_each_engine_form_of_a_value_gives_the_same_text() -> None:
    # What SQLite returns (left) and what PostgreSQL returns (right) for the same stored data.
    instant = datetime.datetime(2024, 3, 1, 7, 0, 0, 250, tzinfo=VIETNAM)
    pairs = [
        (instant, instant.astimezone(datetime.UTC)),
        (b"\x00\xffabc", memoryview(b"\x00\xffabc")),
        (decimal.Decimal("1.5000"), decimal.Decimal("1.5")),
        ({"b": [1.5, "Đắk"], "a": None}, {"a": None, "b": [1.5, "Đắk"]}),
        ({"big": 1e16, "zero": -0.0}, {"big": 10_000_000_000_000_000, "zero": 0}),  # jsonb
    ]

    for sqlite_value, postgresql_value in pairs:
        assert row_line([sqlite_value]) == row_line([postgresql_value])


def test_a_row_line_is_compact_sorted_json_in_utf8() -> None:
    row = [
        7,
        True,
        None,
        decimal.Decimal("1.50"),
        {"b": [1.5, "Đ"], "a": {"z": 1, "y": False}},
        datetime.datetime(2024, 3, 1, 7, 0, tzinfo=VIETNAM),
        datetime.date(2024, 2, 29),
        datetime.time(8, 30),
        datetime.timedelta(days=1, seconds=2, microseconds=3),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        ipaddress.ip_address("192.0.2.1"),
        "Ủy ban nhân dân",
    ]

    text = row_line(row).decode()

    assert text == (
        '[7,true,null,"1.5",{"a":{"y":false,"z":1},"b":[1.5,"Đ"]},'
        '"2024-03-01T00:00:00.000000+00:00","2024-02-29","08:30:00.000000",86402000003,'
        '"12345678-1234-5678-1234-567812345678","192.0.2.1","Ủy ban nhân dân"]\n'
    )


def test_a_value_without_a_normal_form_is_refused_not_guessed() -> None:
    with pytest.raises(TypeError, match="complex"):
        normalise(1j)
    with pytest.raises(TypeError, match="Decimal is not JSON serializable"):
        row_line([{"so": decimal.Decimal("1.5")}])


# --- The digest on the database (SQLite and PostgreSQL) -----------------------------------------


@pytest.mark.django_db
def test_rows_have_the_same_text_on_every_engine(tree: Tree) -> None:
    event = audit_record(
        actor=None,
        action="admin.changed",
        object_type="test",
        object_repr="Sở Nội vụ",
        unit=tree.unit,
        before={"z": [1, 2.5, "Kon Tum"], "a": {"đ": True}},
        note="ghi chú",
    )
    AuditEvent.objects.filter(pk=event.pk).update(
        at=datetime.datetime(2024, 3, 1, 7, 0, 0, 123456, tzinfo=VIETNAM)
    )

    lines = [item for item in table_lines(AuditEvent) if item.startswith(f"[{event.pk},".encode())]

    assert lines == [
        (
            f'[{event.pk},"2024-03-01T00:00:00.123456+00:00",null,"hệ thống","admin.changed",'
            f'"test","","Sở Nội vụ",{tree.unit.pk},"{tree.unit.path}",'
            '{"a":{"đ":true},"z":[1,2.5,"Kon Tum"]},null,"ghi chú","he thong so noi vu"]\n'
        ).encode()
    ]


@pytest.mark.django_db
def test_decimal_columns_have_the_same_text_on_every_engine(tree: Tree) -> None:
    measure = make_measure(tree.province, tree.unit, value=decimal.Decimal("1200.5"))

    (text,) = [item for item in table_lines(Measure) if item.startswith(f"[{measure.pk},".encode())]

    assert ',"1200.5",' in text.decode()
    assert ',"1200.5000",' not in text.decode()


@pytest.mark.django_db
def test_text_keys_are_in_byte_order_on_every_engine() -> None:
    expires = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    for key in ["é", "a", "B", "b"]:
        Session.objects.create(session_key=key, session_data="", expire_date=expires)

    keys = [json.loads(item)[0] for item in table_lines(Session)]

    assert keys == ["B", "a", "b", "é"]


@pytest.mark.django_db
def test_every_table_is_covered_or_named() -> None:
    assert content_digest().uncovered_tables == []

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {EXTRA_TABLE} (id integer)")

    assert content_digest().uncovered_tables == [EXTRA_TABLE]


@pytest.mark.django_db
def test_the_digest_changes_with_any_row_or_file(tree: Tree, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    first = content_digest().hexdigest

    tree.other.name = "Sở Y tế (đổi tên)"
    tree.other.save(update_fields=["name"])
    renamed = content_digest().hexdigest
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.txt").write_bytes(b"1")
    with_file = content_digest().hexdigest
    (tmp_path / "media" / "a.txt").write_bytes(b"2")
    changed_file = content_digest().hexdigest

    assert len({first, renamed, with_file, changed_file}) == 4
    assert content_digest().hexdigest == changed_file


@pytest.mark.django_db
def test_digest_command_prints_the_digest_and_counts(
    tree: Tree, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()

    call_command("digest", tables=True, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[-1] == content_digest().hexdigest
    assert "org_orgunit\t4" in lines
    assert "tệp tải lên\t0" in lines


# --- Backup and restore (transactional: the database is replaced under the test) ---------------


def build_site(tree: Tree) -> list[Evidence]:
    """Data made by the real services, with two uploaded evidence files."""
    measure = make_measure(tree.province, tree.unit)
    report = report_save(
        actor=None,
        measure=measure,
        unit=tree.unit,
        period_key="2024-01",
        value=decimal.Decimal("95.25"),
        explanation="Đạt kế hoạch tháng.",
    )
    return [
        evidence_add(actor=None, report=report, name="Biên bản kiểm tra.pdf", content=PDF),
        evidence_add(actor=None, report=report, name="Ảnh hiện trường.png", content=PNG),
    ]


@pytest.fixture
def site(tree: Tree, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = build_site(tree)
    return {"media": tmp_path / "media", "evidence": evidence, "archive": tmp_path / "site.tar"}


def backup(archive: Path) -> str:
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    return out.getvalue()


def restore(archive: Path, **options: Any) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def digest_without_restore_audit() -> str:
    """The restore's own audit record is the one change after a restore."""
    AuditEvent.objects.filter(action="core.restore").delete()
    return content_digest().hexdigest


def drop_extra_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EXTRA_TABLE}")


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_the_same_data_and_files(site: dict[str, Any], tree: Tree) -> None:
    media: Path = site["media"]
    pdf, png = site["evidence"]
    original = content_digest()
    command = io.StringIO()
    call_command("digest", stdout=command)  # outside a transaction: read from a snapshot
    assert command.getvalue().split() == [original.hexdigest]

    output = backup(site["archive"])

    assert f"Mã kiểm tra: {original.hexdigest}" in output
    with tarfile.open(site["archive"]) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["engine"] == connection.vendor
    assert manifest["digest"] == original.hexdigest
    assert manifest["created_at"].endswith("+07:00")
    assert manifest["row_counts"]["targets_evidence"] == 2
    assert ["core", "0001_initial"] in manifest["migrations"]
    assert sorted(manifest["media"], key=lambda item: item["sha256"]) == sorted(
        [
            {"path": pdf.file.name, "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()},
            {"path": png.file.name, "size": len(PNG), "sha256": hashlib.sha256(PNG).hexdigest()},
        ],
        key=lambda item: item["sha256"],
    )
    assert names[-1] == "manifest.json"
    assert {f"media/{pdf.file.name}", f"media/{png.file.name}"} <= set(names)
    assert AuditEvent.objects.filter(action="core.backup").count() == 1

    # Damage: rows deleted, changed and added, a file changed, one deleted, one added, a table.
    pdf.delete()
    tree.unit.name = "Sở đã đổi tên"
    tree.unit.save(update_fields=["name"])
    make_unit("Sở mới thêm", parent=tree.province)
    (media / png.file.name).write_bytes(b"\x89PNG\r\n\x1a\nhong")
    (media / pdf.file.name).unlink()
    (media / "la.txt").write_bytes(b"khong thuoc ban sao luu")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {EXTRA_TABLE} (unit_id integer REFERENCES org_orgunit(id))"
            )
        assert content_digest().hexdigest != original.hexdigest

        output = restore(site["archive"], yes=True)

        assert EXTRA_TABLE not in connection.introspection.table_names()
    finally:
        drop_extra_table()
    assert f"Mã kiểm tra {original.hexdigest} khớp với bản sao lưu" in output
    (event,) = AuditEvent.objects.filter(action="core.restore")
    assert audit_action_label(event.action) == "Khôi phục dữ liệu từ bản sao lưu"
    assert event.actor_name == "hệ thống"
    assert AuditEvent.objects.filter(action="core.backup").count() == 0  # written after the dump
    assert (media / pdf.file.name).read_bytes() == PDF
    assert (media / png.file.name).read_bytes() == PNG
    assert not (media / "la.txt").exists()
    assert sorted(path.name for path in media.parent.iterdir()) == ["media", "site.tar"]
    assert digest_without_restore_audit() == original.hexdigest


@pytest.mark.django_db(transaction=True)
def test_restore_asks_first_no_changes_nothing_yes_restores(
    site: dict[str, Any], tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = content_digest().hexdigest
    backup(site["archive"])
    make_unit("Sở mới thêm", parent=tree.province)
    changed = content_digest().hexdigest
    prompts: list[str] = []

    def answer(text: str) -> Callable[[str], str]:
        def reply(prompt: str) -> str:
            prompts.append(prompt)
            return text

        return reply

    monkeypatch.setattr("builtins.input", answer("không"))
    with pytest.raises(CommandError, match="Đã hủy khôi phục; không có gì thay đổi"):
        restore(site["archive"])
    assert content_digest().hexdigest == changed

    # An operator may have compressed the archive; it restores as it is.
    compressed = site["archive"].with_suffix(".tar.gz")
    compressed.write_bytes(gzip.compress(site["archive"].read_bytes()))
    monkeypatch.setattr("builtins.input", answer("Có"))
    restore(compressed)

    assert prompts == [prompts[0]] * 2
    assert "Gõ “có” để tiếp tục" in prompts[0]
    assert digest_without_restore_audit() == original


def rewrite(archive: Path, change: Callable[[str, bytes], tuple[str, bytes] | None]) -> None:
    """Rebuild the archive, member by member, through `change(name, data)` (None drops it)."""
    with tarfile.open(archive) as source:
        members = [(item.name, source.extractfile(item).read()) for item in source.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as target:
        for name, data in members:
            changed = change(name, data)
            if changed is not None:
                info = tarfile.TarInfo(changed[0])
                info.size = len(changed[1])
                target.addfile(info, io.BytesIO(changed[1]))


def edit_manifest(
    edit: Callable[[dict[str, Any]], None],
) -> Callable[[str, bytes], tuple[str, bytes]]:
    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name != "manifest.json":
            return name, data
        manifest = json.loads(data)
        edit(manifest)
        return name, json.dumps(manifest).encode()

    return change


def truncate(archive: Path) -> None:
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])


def flip_a_database_byte(archive: Path) -> None:
    with tarfile.open(archive) as source:
        member = next(item for item in source.getmembers() if item.name.startswith("database."))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def other_engine(manifest: dict[str, Any]) -> None:
    engine, member = OTHER_ENGINE[manifest["engine"]]
    manifest["engine"] = engine
    manifest["database"]["member"] = member


def rename_database_member(name: str, data: bytes) -> tuple[str, bytes]:
    if name.startswith("database."):
        return OTHER_ENGINE[connection.vendor][1], data
    return name, data


def wrong_engine(archive: Path) -> None:
    rewrite(archive, rename_database_member)
    rewrite(archive, edit_manifest(other_engine))


def newer_migrations(manifest: dict[str, Any]) -> None:
    manifest["migrations"].append(["core", "9999_from_the_future"])


def older_migrations(manifest: dict[str, Any]) -> None:
    manifest["migrations"].remove(["core", "0004_holiday"])


def escaping_path(manifest: dict[str, Any]) -> None:
    manifest["media"].append({"path": "../thoat-ra-ngoai.txt", "size": 1, "sha256": "0" * 64})


def drop_a_media_file(name: str, data: bytes) -> tuple[str, bytes] | None:
    return None if name.startswith("media/") and name.endswith(".png") else (name, data)


def extra_member(name: str, data: bytes) -> tuple[str, bytes]:
    return ("media/../../etc/cron.d/x" if name.endswith(".png") else name), data


def a_media_file_changed(name: str, data: bytes) -> tuple[str, bytes]:
    return name, (data[:-1] + b"X" if name.endswith(".pdf") else data)


BAD_ARCHIVES: list[tuple[str, Callable[[Path], None], str]] = [
    ("truncated", truncate, "Tệp sao lưu bị hỏng hoặc không đầy đủ"),
    ("corrupted_dump", flip_a_database_byte, "không khớp mã SHA-256 ghi trong manifest.json"),
    (
        "not_a_tar",
        lambda archive: archive.write_bytes(b"not a tar file" * 100),
        "bị hỏng hoặc không đầy đủ",
    ),
    ("wrong_engine", wrong_engine, "không khôi phục được sang loại cơ sở dữ liệu khác"),
    (
        "newer_migrations",
        lambda archive: rewrite(archive, edit_manifest(newer_migrations)),
        "phiên bản mới hơn",
    ),
    (
        "older_migrations",
        lambda archive: rewrite(archive, edit_manifest(older_migrations)),
        "phiên bản cũ hơn",
    ),
    (
        "escaping_path",
        lambda archive: rewrite(archive, edit_manifest(escaping_path)),
        "đường dẫn tệp không hợp lệ",
    ),
    ("missing_file", lambda archive: rewrite(archive, drop_a_media_file), "thiếu “media/"),
    ("extra_member", lambda archive: rewrite(archive, extra_member), "thành phần lạ"),
    (
        "changed_file",
        lambda archive: rewrite(archive, a_media_file_changed),
        "không khớp mã SHA-256",
    ),
    (
        "foreign_manifest",
        lambda archive: rewrite(archive, edit_manifest(lambda m: m.update(format="khác"))),
        "không phải bản sao lưu của hệ thống Thi đua",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_a_bad_archive_is_refused_and_nothing_changes(
    site: dict[str, Any], tmp_path: Path, subtests: Any
) -> None:
    # One backup, damaged in each way in turn (a transactional test per case would be slow).
    media: Path = site["media"]
    backup(site["archive"])
    before = content_digest().hexdigest
    files = {path: path.read_bytes() for path in media.rglob("*") if path.is_file()}

    for name, damage, message in BAD_ARCHIVES:
        with subtests.test(name):
            archive = tmp_path / "bad" / f"{name}.tar"
            archive.parent.mkdir(exist_ok=True)
            archive.write_bytes(site["archive"].read_bytes())
            damage(archive)

            with pytest.raises(CommandError, match=message):
                restore(archive, yes=True)

            assert content_digest().hexdigest == before
            assert {p: p.read_bytes() for p in media.rglob("*") if p.is_file()} == files
            assert not AuditEvent.objects.filter(action="core.restore").exists()
            assert sorted(path.name for path in media.parent.iterdir()) == [
                "bad",
                "media",
                "site.tar",
            ]


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_an_existing_file_a_folder_inside_media_and_links(
    site: dict[str, Any],
) -> None:
    media: Path = site["media"]
    site["archive"].write_bytes(b"ban cu")

    with pytest.raises(CommandError, match="đã có; hãy chọn tên khác hoặc thêm --overwrite"):
        backup(site["archive"])
    with pytest.raises(CommandError, match="Không ghi bản sao lưu vào trong thư mục tệp tải lên"):
        backup(media / "site.tar")
    (media / "lien-ket").symlink_to(media.parent / "site.tar")
    with pytest.raises(CommandError, match="liên kết tượng trưng"):
        call_command("backup", str(site["archive"]), overwrite=True, stdout=io.StringIO())

    assert site["archive"].read_bytes() == b"ban cu"
    assert sorted(path.name for path in media.parent.iterdir()) == ["media", "site.tar"]
    assert not AuditEvent.objects.filter(action="core.backup").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_into_a_folder_names_the_file_by_time(site: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "sao-luu"
    folder.mkdir()

    output = backup(folder)

    (archive,) = folder.iterdir()
    assert archive.name.startswith("thidua-")
    assert archive.suffix == ".tar"
    assert str(archive) in output


@pytest.mark.parametrize("inside", [False, True])
def test_swapping_media_keeps_only_the_restored_files(tmp_path: Path, inside: bool) -> None:
    # inside=True: MEDIA_ROOT is a mount point, the staging folder lies within it.
    media = tmp_path / "media"
    (media / "cu").mkdir(parents=True)
    (media / "cu" / "a.pdf").write_bytes(b"cu")
    (media / "b.txt").write_bytes(b"cu")
    staging = (media if inside else tmp_path) / ".thidua-restore-x"
    (staging / "media" / "moi").mkdir(parents=True)
    (staging / "media" / "moi" / "a.pdf").write_bytes(b"moi")

    swap_media(media, staging / "media", staging / "previous-media", inside=inside)

    files = {
        path.relative_to(media).as_posix(): path.read_bytes()
        for path in media.rglob("*")
        if path.is_file() and staging not in path.parents
    }
    assert files == {"moi/a.pdf": b"moi"}
    assert (staging / "previous-media" / "b.txt").read_bytes() == b"cu"


@pytest.mark.django_db(transaction=True)
def test_a_dump_that_breaks_off_midway_changes_nothing(site: dict[str, Any], tree: Tree) -> None:
    # Past the archive's checks (its SHA-256 would catch this): the engine's restore itself is
    # all or nothing — on PostgreSQL, psql gets no COMMIT when pg_restore stops half way.
    dump = site["archive"].with_suffix(".dump")
    with database_snapshot(dump):
        pass
    make_unit("Sở thêm sau khi sao lưu", parent=tree.province)
    before = content_digest().hexdigest
    data = dump.read_bytes()
    # PostgreSQL: pg_restore reads the table of contents, writes part of the script, then stops.
    dump.write_bytes(data[: -100 if connection.vendor == "postgresql" else len(data) // 2])

    with pytest.raises(ApplicationError, match=BROKEN_DUMP[connection.vendor]):
        restore_database(connection.vendor, dump)

    assert content_digest().hexdigest == before
