"""Synthetic data at scale (`thidua gen_scale`): many provinces, ten years, a million people.

For benchmarks and load tests, not for demonstrations: everything is invented, seeded
(`random.Random`), and the same seed gives the same data. It is written straight into the
tables the apps read, in large batches (PostgreSQL: `COPY` through psycopg 3; SQLite:
`bulk_create`), with explicit ids so that rows can point at each other without reading
anything back. Nothing goes through the services (one audited service call per row would take
days), so the generator keeps their invariants itself:

* org units are versions with lineage exactly as `thidua.org.services` writes them (an
  establishment event per unit; on 01/03/2025 departments merged into others; on 01/07/2025
  provinces merged pairwise into a new province, districts dissolved with their functions
  passed to the new communes, communes merged or moved under the new province, same
  departments of both provinces merged); `path` and `depth` as `_insert` computes them;
* for each year and each province of that year, a campaign (`is_demo`) with its targets,
  measures (lead department, contributing districts or communes) and reports of every period
  by the unit responsible on the period's last day (the successor after a restructuring, as
  `targets.services.reporting_unit_for` picks it, and only once for all the units it took
  over), with their history (saved, submitted, approved) and the approval's audit entry;
* people (`is_demo`) on the units valid at the end of 2025, with a rating every year and the
  awards a unit or the province would have given (LĐTT, CSTĐ cơ sở, CSTĐ tỉnh after three CSTĐ
  cơ sở in a row and a provincial initiative, Bằng khen after two, now and then a Giấy khen),
  initiatives (marked used by the award they served), a few holds and disciplinary measures,
  and the 2025 provincial round of each province with the draft nominations its units prepared.

`gen_scale_checksum` hashes a sample of what one run wrote, by content rather than by id, so
two runs with the same seed can be compared on any database.
"""

import datetime
import hashlib
import json
import random
import time
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import Any, Protocol

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import (
    BANG_KHEN_TINH,
    CSTD_CO_SO,
    CSTD_TINH,
    GIAY_KHEN,
    LDTT,
    Rating,
)
from thidua.commendation.models import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    InitiativeRecord,
    Nomination,
    PerformanceRating,
    Person,
    Round,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.core.services import SYSTEM_ACTOR
from thidua.core.text import format_number, nfc, normalize_tone_placement, search_key
from thidua.demo.org_units import AGENCY_BY_KEY, MERGE_INTO_2025_03
from thidua.demo.targets_2024 import SEASON
from thidua.org.enums import LineageKind, UnitKind
from thidua.org.models import LineageEvent, LineageLink, OrgUnit
from thidua.targets.models import (
    Assignment,
    Campaign,
    Measure,
    Report,
    ReportRevision,
    Target,
)
from thidua.targets.periods import Period, periods_for

LAST_YEAR = 2025
DEPARTMENTS_DAY = datetime.date(2025, 3, 1)
MERGER_DAY = datetime.date(2025, 7, 1)
YEAR_END = datetime.date(LAST_YEAR, 12, 31)
ROUND_DEADLINE = datetime.date(LAST_YEAR + 1, 1, 31)
SYSTEM = SYSTEM_ACTOR
BASIS = "Dữ liệu mô phỏng quy mô lớn (thidua gen_scale)"
D = Decimal
CENT = D("0.01")

#: Rows per INSERT of bulk_create (SQLite); PostgreSQL takes each flush in one COPY.
BATCH_ROWS = 20_000
#: People generated (and written) together.
PEOPLE_CHUNK = 10_000


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class ScaleSize:
    provinces: int
    units_per_province: int
    years: int
    people: int
    seed: int

    @property
    def first_year(self) -> int:
        return LAST_YEAR - self.years + 1

    def check(self) -> None:
        """A clear Vietnamese error for a size the generator cannot build."""
        limits = (
            (self.provinces, 1, 99, "--provinces", _("số tỉnh")),
            # Up to 800 units the invented place names of a province stay distinct.
            (self.units_per_province, 5, 800, "--units-per-province", _("số đơn vị mỗi tỉnh")),
            (self.years, 1, 30, "--years", _("số năm")),
            (self.people, 0, 20_000_000, "--people", _("số cá nhân")),
        )
        for value, low, high, option, label in limits:
            if not low <= value <= high:
                raise ApplicationError(
                    _("%(option)s (%(label)s) phải từ %(low)s đến %(high)s, nhận được %(value)s.")
                    % {
                        "option": option,
                        "label": label,
                        "low": format_number(low),
                        "high": format_number(high),
                        "value": format_number(value),
                    }
                )


# --- Writing in batches ----------------------------------------------------------------------


class Table:
    """Rows of one model, given as tuples of column values in `columns` order after the id;
    ids are allocated here (after the largest one in the table). Rows are kept until `flush`,
    which the caller runs in the order of the foreign keys (a person before their ratings), so
    that PostgreSQL can check each key as it is written rather than all of them at commit."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], label: str) -> None:
        self.model = model
        self.columns = ["id", *columns]
        self.label = label
        fields = {column.attname: column for column in model._meta.concrete_fields}
        self.json_columns = [
            index
            for index, name in enumerate(self.columns)
            if isinstance(fields[name], models.JSONField)
        ]
        largest = model._default_manager.aggregate(largest=models.Max("id"))["largest"]
        self.first_id = (largest or 0) + 1
        self.next_id = self.first_id
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    @property
    def count(self) -> int:
        return self.next_id - self.first_id

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self._bulk_create()
        self.written += len(self.rows)
        self.rows = []

    def _copy(self) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(name) for name in self.columns)
        sql = f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN"
        rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]] = self.rows
        if self.json_columns:
            rows = (self._json_encoded(row) for row in self.rows)
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def _json_encoded(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for index in self.json_columns:
            if values[index] is not None:
                values[index] = json.dumps(values[index])
        return tuple(values)

    def _bulk_create(self) -> None:
        model = self.model
        objects = [model(**dict(zip(self.columns, row, strict=True))) for row in self.rows]
        with _explicit_timestamps(model):
            model._default_manager.bulk_create(objects, batch_size=BATCH_ROWS)


@contextmanager
def _explicit_timestamps(model: type[models.Model]) -> Iterator[None]:
    """`bulk_create` stamps auto_now(_add) fields with the current time; the generated history
    carries its own times (a 2019 report was approved in 2019), so they are kept as given."""
    changed: list[tuple[Any, bool, bool]] = []
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, models.DateField) and (
            model_field.auto_now or model_field.auto_now_add
        ):
            changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
            model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


@contextmanager
def _constraints_checked_at_once() -> Iterator[None]:
    """PostgreSQL: foreign keys checked when each batch is written. Deferred to the commit (how
    Django declares them), tens of millions of pending checks would wait in memory, with the
    commit running them all after the progress bar says done."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them


def _reset_sequences(tables: Sequence[Table]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; the next ordinary insert must not
    collide. (SQLite's AUTOINCREMENT follows the largest id by itself.)"""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            name = table.model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1), "  # noqa: S608
                f"MAX(id) IS NOT NULL) FROM {quote(name)}",
                [quote(name)],
            )


# --- The progress bar ------------------------------------------------------------------------


class Progress:
    """One line on stderr redrawn in place: the stage, a bar, done/total and rows per second."""

    WIDTH = 30

    def __init__(self, stream: Writer | None, rows: Callable[[], int]) -> None:
        self.stream = stream
        self.rows = rows
        self.started = time.perf_counter()
        self.label = ""
        self.total = 0
        self.done = 0
        self.drawn = 0.0

    def stage(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw(force=self.done >= self.total)

    def finish(self) -> None:
        if self.stream is not None and self.label:
            self.stream.write("\n")  # the last advance drew the full bar
        self.label = ""

    def _draw(self, *, force: bool) -> None:
        now = time.perf_counter()
        if self.stream is None or (not force and now - self.drawn < 0.2):
            return
        self.drawn = now
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.WIDTH)
        speed = self.rows() / max(now - self.started, 1e-9)
        self.stream.write(
            f"\r{self.label:<26} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%} "
            f"{format_number(self.done)}/{format_number(self.total)} · "
            + _("%(speed)s dòng/s") % {"speed": format_number(int(speed))}
            + "   "
        )


# --- Names ------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLACE_SYLLABLES = _words(
    "An Bình Hòa Phú Sơn Thạnh Long Hưng Yên Lạc Tân Thịnh Phước Quang Minh Đức Hải Trung "
    "Đông Tây Nam Bắc Vĩnh Xuân Thủy Lâm Hà Kim Ngọc Phong Thái Thuận Lợi Mỹ Hiệp Hội Cát Trà "
    "Lộc Thành"
)
SURNAMES = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = _words("Văn Thị Hữu Đức Minh Ngọc Thanh Quốc Thu Xuân Hoàng Kim Gia Bảo")
GIVEN = _words(
    "An Bình Cường Dung Giang Hà Hải Hạnh Hòa Hùng Lan Linh Long Mai Nam Nga Phong Phương "
    "Quân Sơn Thảo Yến Tâm Trang Tuấn Vy Khoa Hiếu Nhung Duy Trinh Khánh Hưng Lộc Thủy Uyên"
)

# Departments in the order they are created: those the 2025-03-01 consolidation merges first,
# so that even a small province has one such merge.
DEPARTMENT_KEYS = (
    "stc",
    "skhdt",
    "sxd",
    "sgtvt",
    "skhcn",
    "stttt",
    *(
        key
        for key in (
            "snv",
            "vp_ubnd",
            "stp",
            "sct",
            "snnptnt",
            "stnmt",
            "sldtbxh",
            "svhttdl",
            "sgddt",
            "syt",
            "sngv",
            "ttr",
            "bdt",
            "bqlkkt",
            "ca",
            "bchqs",
            "bdbp",
            "tand",
            "vksnd",
            "kbnn",
            "bhxh",
            "ctk",
            "cthue",
            "mttq",
            "ldld",
            "tinhdoan",
            "hlhpn",
            "hnd",
            "hccb",
        )
    ),
)


def _clean(text: str) -> str:
    return " ".join(normalize_tone_placement(nfc(text)).split())


def _place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` two-syllable place names not in `taken` (which they are added to)."""
    names: list[str] = []
    while len(names) < count:
        first, second = rng.sample(PLACE_SYLLABLES, 2)
        name = f"{first} {second}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


# --- The unit tree ----------------------------------------------------------------------------


@dataclass(eq=False)
class Unit:
    """An org unit version before it is written."""

    id: int
    name: str
    short_name: str
    code: str
    kind: str
    parent: "Unit | None"
    path: str
    depth: int
    valid_from: datetime.date
    valid_to: datetime.date | None = None

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)

    @property
    def province(self) -> "Unit":
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit


@dataclass
class OldProvince:
    number: int
    short: str
    root: Unit
    departments: dict[str, Unit] = field(default_factory=dict)  # open ones, by agency key
    baseline: dict[str, Unit] = field(default_factory=dict)  # as of the first day, by key
    districts: list[Unit] = field(default_factory=list)
    communes: list[list[Unit]] = field(default_factory=list)  # by district


class Tree:
    """Units, lineage events and links, built in memory with ids allocated by the tables."""

    def __init__(self, units: Table, events: Table, links: Table, created: datetime.datetime):
        self.units_table, self.events_table, self.links_table = units, events, links
        self.created = created
        self.units: list[Unit] = []
        self.events: list[tuple[int, str, datetime.date, str]] = []
        self.links: list[tuple[int, int | None, int | None, bool]] = []
        self.successors: dict[int, list[Unit]] = {}
        self.predecessors: dict[int, list[Unit]] = {}
        self._event_ids = events.first_id
        self._unit_ids = units.first_id

    def unit(
        self,
        name: str,
        kind: str,
        parent: Unit | None,
        day: datetime.date,
        *,
        short_name: str = "",
        code: str = "",
    ) -> Unit:
        pk = self._unit_ids
        self._unit_ids += 1
        unit = Unit(
            id=pk,
            name=_clean(name),
            short_name=_clean(short_name),
            code=code,
            kind=kind,
            parent=parent,
            path=f"{parent.path if parent else '/'}{pk}/",
            depth=parent.depth + 1 if parent else 0,
            valid_from=day,
        )
        self.units.append(unit)
        return unit

    def event(self, kind: str, day: datetime.date, note: str) -> int:
        pk = self._event_ids
        self._event_ids += 1
        self.events.append((pk, kind, day, note))
        return pk

    def link(self, event: int, old: Unit | None, new: Unit | None) -> None:
        self.links.append((event, old.id if old else None, new.id if new else None, False))
        if old is not None and new is not None:
            self.successors.setdefault(old.id, []).append(new)
            self.predecessors.setdefault(new.id, []).append(old)

    def establish(self, *args: Any, **kwargs: Any) -> Unit:
        """A new unit and its establishment event, as `orgunit_create` writes them."""
        unit = self.unit(*args, **kwargs)
        self.link(self.event(LineageKind.ESTABLISH, unit.valid_from, BASIS), None, unit)
        return unit

    def close(self, unit: Unit, day: datetime.date) -> None:
        unit.valid_to = day

    def merge(self, closing: Sequence[Unit], into: Unit, day: datetime.date, note: str) -> Unit:
        event = self.event(LineageKind.MERGE, day, note)
        for unit in closing:
            self.close(unit, day)
            self.link(event, unit, into)
        return into

    def move(self, unit: Unit, parent: Unit, day: datetime.date, note: str) -> Unit:
        """Close `unit` and open its next version under `parent` (`orgunit_move`)."""
        event = self.event(LineageKind.MOVE, day, note)
        self.close(unit, day)
        new = self.unit(
            unit.name, unit.kind, parent, day, short_name=unit.short_name, code=unit.code
        )
        self.link(event, unit, new)
        return new

    def dissolve(self, unit: Unit, receivers: Sequence[Unit], day: datetime.date) -> None:
        note = "Giải thể; chức năng, nhiệm vụ chuyển giao cho " + ", ".join(
            receiver.name for receiver in receivers
        )
        event = self.event(LineageKind.DISSOLVE, day, note + ".")
        self.close(unit, day)
        targets: list[Unit | None] = [*receivers] or [None]
        for receiver in targets:
            self.link(event, unit, receiver)

    def responsible(self, unit: Unit, day: datetime.date) -> Unit | None:
        """The unit that reports for `unit` on `day`: itself, else the successor valid that day
        with the smallest path (`targets.services.reporting_unit_for`)."""
        if unit.valid_on(day):
            return unit
        found: list[Unit] = []
        seen = {unit.id}
        frontier = [unit]
        while frontier:
            following = []
            for current in frontier:
                for successor in self.successors.get(current.id, []):
                    if successor.id not in seen:
                        seen.add(successor.id)
                        found.append(successor)
                        following.append(successor)
            frontier = following
        valid = [candidate for candidate in found if candidate.valid_on(day)]
        return min(valid, key=lambda candidate: candidate.path) if valid else None

    def former(self, unit: Unit, day: datetime.date) -> Unit:
        """The version that `unit`'s people worked in on `day` (the first predecessor valid
        then, in path order), or `unit` itself."""
        frontier = [unit]
        seen = {unit.id}
        while frontier:
            valid = [candidate for candidate in frontier if candidate.valid_on(day)]
            if valid:
                return min(valid, key=lambda candidate: candidate.path)
            following = []
            for current in frontier:
                for predecessor in self.predecessors.get(current.id, []):
                    if predecessor.id not in seen:
                        seen.add(predecessor.id)
                        following.append(predecessor)
            frontier = following
        return unit

    def write(self) -> None:
        now = self.created
        for unit in self.units:
            written = self.units_table.add(
                unit.code,
                unit.name,
                unit.short_name,
                unit.kind,
                unit.parent.id if unit.parent else None,
                unit.path,
                unit.depth,
                unit.valid_from,
                unit.valid_to,
                search_key(
                    " ".join(part for part in (unit.name, unit.short_name, unit.code) if part)
                ),
                now,
                now,
            )
            assert written == unit.id  # noqa: S101 - ids were allocated in this order
        for pk, kind, day, note in self.events:
            written = self.events_table.add(kind, day, BASIS, note, now)
            assert written == pk  # noqa: S101 - ids were allocated in this order
        for event, old, new, carried in self.links:
            self.links_table.add(event, old, new, carried)
        self.units_table.flush()
        self.events_table.flush()
        self.links_table.flush()


def _unit_counts(size: ScaleSize) -> tuple[int, int, int]:
    """Departments, districts and communes of a province of `units_per_province` units (the
    province itself included)."""
    below = size.units_per_province - 1
    departments = max(2, below * 3 // 20)
    districts = max(1, below // 16)
    communes = below - departments - districts
    if communes < districts:
        raise ApplicationError(
            _("--units-per-province %(count)s quá nhỏ: cần ít nhất mỗi huyện một xã.")
            % {"count": size.units_per_province}
        )
    return departments, districts, communes


def _department_names(key: str, short: str, number: int) -> tuple[str, str, str]:
    """Kind, name and short name of the department `key` (or of an extra numbered board)."""
    agency = AGENCY_BY_KEY.get(key)
    if agency is None:
        return UnitKind.SO_BAN_NGANH, f"Ban Chuyên đề số {number} tỉnh {short}", f"BCĐ {number}"
    return agency.kind, agency.name.format(p=short), agency.short_name.format(p=short)


def build_tree(tree: Tree, size: ScaleSize, rng: random.Random) -> list[OldProvince]:
    """The provinces as of 1 January of the first year, then the 2025 restructuring."""
    start = datetime.date(size.first_year, 1, 1)
    department_count, district_count, commune_count = _unit_counts(size)
    keys = [*DEPARTMENT_KEYS]
    keys += [f"extra{number}" for number in range(1, department_count - len(keys) + 1)]
    province_names = _place_names(rng, size.provinces, set())
    provinces = []
    for number, short in enumerate(province_names, start=1):
        root = tree.establish(f"Tỉnh {short}", UnitKind.TINH, None, start, code=f"MP{number:02d}")
        province = OldProvince(number=number, short=short, root=root)
        for index, key in enumerate(keys[:department_count], start=1):
            kind, name, short_name = _department_names(key, short, index)
            province.departments[key] = tree.establish(
                name, kind, root, start, short_name=short_name
            )
        province.baseline = dict(province.departments)
        taken = {short}
        district_names = _place_names(rng, district_count, taken)
        commune_names = _place_names(rng, commune_count, taken)
        per_district, extra = divmod(commune_count, district_count)
        first = 0
        for index, district_name in enumerate(district_names):
            district = tree.establish(f"Huyện {district_name}", UnitKind.HUYEN, root, start)
            province.districts.append(district)
            count = per_district + (1 if index < extra else 0)
            province.communes.append(
                [
                    tree.establish(f"Xã {name}", UnitKind.XA, district, start)
                    for name in commune_names[first : first + count]
                ]
            )
            first += count
        provinces.append(province)
    if size.first_year <= LAST_YEAR:
        for province in provinces:
            _consolidate_departments(tree, province)
        for first_index in range(0, len(provinces), 2):
            _merge_provinces(tree, provinces[first_index : first_index + 2], rng)
    return provinces


def _consolidate_departments(tree: Tree, province: OldProvince) -> None:
    """01/03/2025 (Nghị định 45/2025/NĐ-CP): departments merged into others."""
    for source, target in MERGE_INTO_2025_03:
        if source in province.departments and target in province.departments:
            closing = province.departments.pop(source)
            into = province.departments[target]
            tree.merge(
                [closing], into, DEPARTMENTS_DAY, f"Sáp nhập {closing.name} vào {into.name}."
            )


def _merge_provinces(tree: Tree, pair: Sequence[OldProvince], rng: random.Random) -> None:
    """01/07/2025: two provinces become one (a lone province stays itself); its districts end,
    their communes are merged (or moved) under the province, same departments merged."""
    day = MERGER_DAY
    if len(pair) == 2:
        first = pair[0]
        root = tree.establish(
            f"Tỉnh {first.short}", UnitKind.TINH, None, day, code=f"{first.root.code}M"
        )
    else:
        root = pair[0].root
    taken = {province.short for province in pair}
    for province in pair:
        for district, communes in zip(province.districts, province.communes, strict=True):
            receivers = []
            position = 0
            while position < len(communes):
                group = communes[position : position + rng.choice((1, 2, 2, 3, 3, 4))]
                position += len(group)
                if len(group) == 1:
                    receivers.append(
                        tree.move(group[0], root, day, f"{group[0].name} trực thuộc tỉnh.")
                    )
                    continue
                (name,) = _place_names(rng, 1, taken)
                new = tree.unit(f"Xã {name}", UnitKind.XA, root, day)
                note = f"Hợp nhất {', '.join(unit.name for unit in group)} thành {new.name}."
                receivers.append(tree.merge(group, new, day, note))
            tree.dissolve(district, receivers, day)
    if len(pair) == 2:
        for key in pair[0].departments:
            same = [province.departments[key] for province in pair if key in province.departments]
            if len(same) < 2:
                continue
            kind, name, short_name = _department_names(key, pair[0].short, 0)
            new = tree.unit(name, kind, root, day, short_name=short_name)
            tree.merge(
                same, new, day, f"Hợp nhất {' và '.join(u.name for u in same)} thành {name}."
            )
        tree.merge([province.root for province in pair], root, day, f"Hợp nhất thành {root.name}.")


# --- Campaigns and reports --------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureTemplate:
    indicator: str
    unit: str
    comparator: str
    value: Decimal
    accumulation: str
    frequency: str
    lead: str  # agency key of the lead department
    rollup: str = "lead_only"
    contributors: str = ""  # "", "districts" or "communes"
    direction: str = "higher"
    value_max: Decimal | None = None
    quantum: Decimal = CENT
    growth: bool = False  # the target grows with the years (flows)


MEASURES = (
    MeasureTemplate("Tốc độ tăng trưởng GRDP", "%", ">=", D(8), "level", "quarterly", "skhdt"),
    MeasureTemplate(
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        ">=",
        D(4600),
        "flow",
        "monthly",
        "stc",
        quantum=D("0.1"),
        growth=True,
    ),
    MeasureTemplate(
        "Số doanh nghiệp thành lập mới",
        "doanh nghiệp",
        ">=",
        D(360),
        "flow",
        "monthly",
        "skhdt",
        quantum=D(1),
        growth=True,
    ),
    MeasureTemplate(
        "Giá trị xuất khẩu",
        "triệu USD",
        ">=",
        D(320),
        "flow",
        "monthly",
        "sct",
        quantum=D("0.1"),
        growth=True,
    ),
    MeasureTemplate(
        "Tỷ lệ lao động qua đào tạo", "%", ">=", D("58.5"), "level", "monthly", "sldtbxh"
    ),
    MeasureTemplate(
        "Tỷ lệ hộ nghèo",
        "%",
        "<=",
        D(5),
        "level",
        "monthly",
        "sldtbxh",
        rollup="weighted_mean",
        contributors="communes",
        direction="lower",
    ),
    MeasureTemplate(
        "Số giường bệnh trên 1 vạn dân", "giường", ">=", D("39.3"), "level", "monthly", "syt"
    ),
    MeasureTemplate(
        "Tỷ lệ bao phủ bảo hiểm y tế",
        "%",
        ">=",
        D("94.15"),
        "level",
        "monthly",
        "syt",
        rollup="mean",
        contributors="districts",
    ),
    MeasureTemplate(
        "Số hộ thoát nghèo",
        "hộ",
        ">=",
        D(1500),
        "flow",
        "monthly",
        "sldtbxh",
        rollup="sum",
        contributors="communes",
        quantum=D(1),
    ),
    MeasureTemplate(
        "Số lượt khách du lịch",
        "lượt",
        ">=",
        D(1_700_000),
        "flow",
        "monthly",
        "svhttdl",
        quantum=D(1),
        growth=True,
    ),
    MeasureTemplate(
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "%",
        ">=",
        D(98),
        "level",
        "monthly",
        "vp_ubnd",
        rollup="mean",
        contributors="communes",
    ),
    MeasureTemplate(
        "Tỷ lệ trường đạt chuẩn quốc gia",
        "%",
        "range",
        D(70),
        "level",
        "monthly",
        "sgddt",
        value_max=D(80),
    ),
    MeasureTemplate("Tỷ lệ che phủ rừng", "%", ">=", D(62), "level", "yearly", "snnptnt"),
    MeasureTemplate(
        "Số vụ tai nạn giao thông",
        "vụ",
        "<",
        D(200),
        "flow",
        "monthly",
        "ca",
        direction="lower",
        quantum=D(1),
    ),
    MeasureTemplate(
        "Tỷ lệ xã đạt chuẩn nông thôn mới", "%", ">=", D(60), "level", "half_yearly", "snnptnt"
    ),
)

PHRASES = {
    ">=": "đạt từ {value} {unit} trở lên",
    ">": "trên {value} {unit}",
    "<=": "không quá {value} {unit}",
    "<": "dưới {value} {unit}",
    "range": "trong khoảng {value}–{value_max} {unit}",
}


def _target_value(template: MeasureTemplate, year: int) -> Decimal:
    if not template.growth:
        return template.value
    grown = template.value * (D("1.05") ** (year - 2024))
    return grown.quantize(template.quantum if template.quantum >= 1 else D("0.1"))


def _round(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum)


def _series(
    template: MeasureTemplate, final: Decimal, start: Decimal, periods: int, ends: Sequence[int]
) -> list[Decimal]:
    """Values of one unit for each period: year-to-date shares of `final` for flows (by the
    month each period ends), a straight path from `start` to `final` for levels."""
    if template.accumulation == "flow":
        return [_round(final * SEASON[month - 1], template.quantum) for month in ends]
    if periods == 1:
        return [_round(final, template.quantum)]
    return [
        _round(start + (final - start) * D(index) / D(periods - 1), template.quantum)
        for index in range(periods)
    ]


def _unit_profile(
    template: MeasureTemplate, target: Decimal, rng: random.Random, share: Decimal
) -> tuple[Decimal, Decimal]:
    """(final, start) of one reporting unit; `share` is its part of a summed target."""
    spread = D(rng.uniform(0.8, 1.2)).quantize(D("0.001"))
    if template.accumulation == "flow":
        return target * share * spread, D(0)
    if template.direction == "lower":
        start = target * D(rng.uniform(0.9, 2.2)).quantize(D("0.001"))
        return max(D(0), start - D(rng.uniform(0.3, 2.0)).quantize(D("0.01"))), start
    final = min(target * spread, D(100) if template.unit == "%" else target * 2)
    start = final * D(rng.uniform(0.93, 1.0)).quantize(D("0.001"))
    return final, start


class Campaigns:
    """Every campaign with its targets, measures, assignments, reports, revisions and audit."""

    def __init__(self, tree: Tree, created: datetime.datetime) -> None:
        self.tree = tree
        self.created = created
        self.search_keys: dict[tuple[str, int], str] = {}
        self.campaigns = Table(
            Campaign,
            [
                "province_id",
                "year",
                "name",
                "theme",
                "directive_number",
                "directive_date",
                "issuer",
                "is_demo",
                "created_at",
            ],
            _("phong trào"),
        )
        self.targets = Table(Target, ["campaign_id", "number", "text"], _("chỉ tiêu"))
        self.measures = Table(
            Measure,
            [
                "target_id",
                "code",
                "position",
                "indicator",
                "comparator",
                "value",
                "value_max",
                "unit",
                "period_scope",
                "baseline_year",
                "baseline_value",
                "direction",
                "accumulation",
                "rollup",
                "frequency",
                "deadline_days",
                "lead_unit_id",
            ],
            _("chỉ số đo"),
        )
        self.assignments = Table(
            Assignment, ["measure_id", "unit_id", "is_lead", "sub_target", "weight"], _("giao")
        )
        self.reports = Table(
            Report,
            [
                "measure_id",
                "unit_id",
                "period_key",
                "period_end",
                "due_date",
                "value",
                "explanation",
                "status",
                "revision",
                "version",
                "submitted_at",
                "first_submitted_at",
                "reviewed_at",
                "reviewed_by_id",
                "return_reason",
                "updated_at",
            ],
            _("báo cáo"),
        )
        self.revisions = Table(
            ReportRevision,
            [
                "report_id",
                "revision",
                "action",
                "status",
                "value",
                "explanation",
                "reason",
                "actor_id",
                "actor_name",
                "at",
            ],
            _("lịch sử báo cáo"),
        )
        self.audit = Table(
            AuditEvent,
            [
                "at",
                "actor_id",
                "actor_name",
                "action",
                "object_type",
                "object_id",
                "object_repr",
                "unit_id",
                "unit_path",
                "before",
                "after",
                "note",
                "search_text",
            ],
            _("nhật ký"),
        )

    @property
    def tables(self) -> list[Table]:
        return [
            self.campaigns,
            self.targets,
            self.measures,
            self.assignments,
            self.reports,
            self.revisions,
            self.audit,
        ]

    def flush(self) -> None:
        for table in self.tables:
            table.flush()

    def campaign(self, province: OldProvince, year: int, rng: random.Random) -> None:
        launched = datetime.date(year, 1, rng.randint(8, 28))
        label = f"tỉnh {province.short}"
        campaign = self.campaigns.add(
            province.root.id,
            year,
            f"Phong trào thi đua yêu nước năm {year} trên địa bàn {label}",
            f"Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội {label} năm {year} "
            "(dữ liệu mô phỏng)",
            f"{rng.randint(1, 30):02d}/CT-UBND",
            launched,
            f"Chủ tịch Ủy ban nhân dân {label}",
            True,
            self.created,
        )
        for number, template in enumerate(MEASURES, start=1):
            value = _target_value(template, year)
            phrase = PHRASES[template.comparator].format(
                value=format_number(value),
                value_max=format_number(template.value_max or 0),
                unit=template.unit,
            )
            target = self.targets.add(campaign, number, f"{template.indicator} {phrase}.")
            lead = self._lead(province, template)
            measure = self.measures.add(
                target,
                str(number),
                0,
                template.indicator,
                template.comparator,
                value,
                template.value_max,
                template.unit,
                "year",
                None,
                None,
                template.direction,
                template.accumulation,
                template.rollup,
                template.frequency,
                10,
                lead.id,
            )
            self.assignments.add(measure, lead.id, True, None, None)
            contributors = self._contributors(province, template, launched)
            for unit in contributors:
                weighted = template.rollup == "weighted_mean"
                weight = D(rng.randint(3_000, 30_000)) if weighted else None
                self.assignments.add(measure, unit.id, False, None, weight)
            reporters = contributors or [lead]
            self._reports(measure, str(number), template, value, year, reporters, rng)

    def _lead(self, province: OldProvince, template: MeasureTemplate) -> Unit:
        """The lead department as of the launch (campaigns are launched in January, before
        any restructuring): the one the template names, else the first."""
        return province.baseline.get(template.lead) or next(iter(province.baseline.values()))

    def _contributors(
        self, province: OldProvince, template: MeasureTemplate, day: datetime.date
    ) -> list[Unit]:
        if template.contributors == "districts":
            return [unit for unit in province.districts if unit.valid_on(day)]
        if template.contributors == "communes":
            return [unit for group in province.communes for unit in group if unit.valid_on(day)]
        return []

    def _reports(
        self,
        measure: int,
        code: str,
        template: MeasureTemplate,
        target: Decimal,
        year: int,
        reporters: Sequence[Unit],
        rng: random.Random,
    ) -> None:
        """Every period's report of the units responsible for `reporters`. A unit that took
        over several of them (a commune formed by a merger) reports once, for its whole area:
        their total for a summed measure, their mean otherwise."""
        periods = periods_for(year, template.frequency)
        ends = [period.end.month for period in periods]
        share = D(1) / D(len(reporters)) if template.rollup == "sum" else D(1)
        parts: dict[tuple[int, str], tuple[Unit, Period, list[Decimal]]] = {}
        for assigned in reporters:
            final, start = _unit_profile(template, target, rng, share)
            values = _series(template, final, start, len(periods), ends)
            for period, value in zip(periods, values, strict=True):
                unit = self.tree.responsible(assigned, period.end)
                if unit is not None:
                    parts.setdefault((unit.id, period.key), (unit, period, []))[2].append(value)
        missing_rate = 0.0 if template.rollup == "lead_only" else 0.02
        for unit, period, values in parts.values():
            if rng.random() < missing_rate:
                continue
            value = sum(values, D(0))
            if template.rollup != "sum":
                value = _round(value / len(values), template.quantum)
            late = rng.random() < 0.1
            lateness = rng.randint(1, 20) if late else -rng.randint(1, 9)
            self._report(measure, code, unit, period, value, lateness, rng)

    def _report(
        self,
        measure: int,
        code: str,
        unit: Unit,
        period: Period,
        value: Decimal,
        lateness: int,
        rng: random.Random,
    ) -> None:
        due = period.due_date(10)
        sent = datetime.datetime.combine(
            due + datetime.timedelta(days=lateness), datetime.time(2, 30), tzinfo=datetime.UTC
        )
        saved = sent - datetime.timedelta(hours=rng.randint(1, 48))
        approved = rng.random() >= 0.02
        reviewed = sent + datetime.timedelta(days=rng.randint(1, 3)) if approved else None
        status = "approved" if approved else "submitted"
        report = self.reports.add(
            measure,
            unit.id,
            period.key,
            period.end,
            due,
            value,
            "",
            status,
            1,
            3 if approved else 2,
            sent,
            sent,
            reviewed,
            None,
            "",
            reviewed or sent,
        )
        add = self.revisions.add
        add(report, 1, "saved", "draft", value, "", "", None, SYSTEM, saved)
        add(report, 1, "submitted", "submitted", value, "", "", None, SYSTEM, sent)
        if reviewed is None:
            return
        add(report, 1, "approved", "approved", value, "", "", None, SYSTEM, reviewed)
        snapshot = {
            "id": report,
            "measure_id": measure,
            "unit_id": unit.id,
            "period_key": period.key,
            "value": str(value),
            "explanation": "",
            "status": "submitted",
            "revision": 1,
            "return_reason": "",
        }
        text = f"{code} – {unit.name} – {period.key}"
        key = self.search_keys.get((code, unit.id))
        if key is None:
            key = self.search_keys[(code, unit.id)] = search_key(f"{SYSTEM} {code} – {unit.name}")
        self.audit.add(
            reviewed,
            None,
            SYSTEM,
            "report.approved",
            "targets.report",
            str(report),
            text,
            unit.id,
            unit.path,
            snapshot,
            {**snapshot, "status": "approved"},
            "",
            f"{key} {search_key(period.key)}"[:500],  # = search_key(f"{SYSTEM} {text}")
        )


# --- People and their history ----------------------------------------------------------------

RATING_CODES = [rating.value for rating in Rating]
Shares = tuple[tuple[str, float], ...]
CATEGORY_BY_KIND: dict[str, Shares] = {
    UnitKind.TINH: (("lanh_dao_tinh", 0.4), ("lanh_dao_khac", 0.6)),
    UnitKind.XA: (("lanh_dao_khac", 0.12), ("doanh_nhan", 0.03), ("truc_tiep", 0.85)),
}
DEFAULT_CATEGORIES: Shares = (("lanh_dao_so", 0.08), ("lanh_dao_khac", 0.2), ("truc_tiep", 0.72))
# Provincial bodies and departments employ more people than a commune's office.
WORKPLACE_WEIGHTS: dict[str, float] = {UnitKind.TINH: 0.3, UnitKind.XA: 1.0}
HOLD_KINDS = ("complaint", "inspection", "investigation", "discipline", "press")


def _issuer(unit: Unit) -> str:
    if unit.kind == UnitKind.XA:
        return f"Chủ tịch Ủy ban nhân dân {unit.name.replace('Xã ', 'xã ', 1)}"
    if unit.kind == UnitKind.TINH:
        return f"Chủ tịch Ủy ban nhân dân {unit.name.replace('Tỉnh ', 'tỉnh ', 1)}"
    if unit.name.startswith("Sở "):
        return f"Giám đốc {unit.name}"
    return f"Thủ trưởng {unit.name}"


@dataclass
class Workplace:
    """A unit people work in at the end of 2025, with who signed their awards over the years."""

    unit: Unit
    weight: float
    categories: Shares
    issuers: dict[int, str]  # year → the unit head who decided that year's unit-level awards
    province_issuers: dict[int, str]  # year → the province chairman
    round_id: int = 0


class People:
    def __init__(self, tree: Tree, size: ScaleSize, created: datetime.datetime) -> None:
        self.tree = tree
        self.size = size
        self.created = created
        self.people = Table(
            Person,
            [
                "full_name",
                "gender",
                "birth_year",
                "position",
                "unit_id",
                "category",
                "is_demo",
                "search_key",
                "created_at",
            ],
            _("cá nhân"),
        )
        self.ratings = Table(
            PerformanceRating,
            ["person_id", "collective_id", "household_id", "year", "rating", "updated_at"],
            _("xếp loại"),
        )
        self.awards = Table(
            AwardRecord,
            [
                "person_id",
                "collective_id",
                "household_id",
                "year",
                "award",
                "award_type",
                "decision_number",
                "decision_date",
                "issuer",
                "revoked_at",
                "revocation_reason",
                "category",
                "created_at",
            ],
            _("khen thưởng"),
        )
        self.initiatives = Table(
            InitiativeRecord,
            [
                "person_id",
                "title",
                "year",
                "scope",
                "recognised_by",
                "decision_number",
                "used_for_award_id",
                "created_at",
            ],
            _("sáng kiến"),
        )
        self.holds = Table(
            Hold,
            ["person_id", "collective_id", "household_id", "kind", "since", "until", "note"],
            _("tạm hoãn"),
        )
        self.discipline = Table(
            DisciplineRecord, ["person_id", "level", "starts_on", "ends_on", "note"], _("kỷ luật")
        )
        self.rounds = Table(
            Round,
            [
                "name",
                "kind",
                "award_type",
                "year",
                "issuer_id",
                "submission_deadline",
                "appraisal_working_days",
                "comment_working_days",
                "status",
                "quotas",
                "is_demo",
                "created_by_id",
                "created_at",
            ],
            _("đợt khen thưởng"),
        )
        self.nominations = Table(
            Nomination,
            [
                "person_id",
                "collective_id",
                "household_id",
                "round_id",
                "unit_id",
                "award",
                "achievement",
                "status",
                "version",
                "submitted_at",
                "appraisal_due",
                "return_reason",
                "appraised_at",
                "appraised_by_id",
                "eligibility",
                "listed_until",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
            _("đề nghị khen thưởng"),
        )
        self.names: dict[str, str] = {}

    @property
    def tables(self) -> list[Table]:
        return [
            self.rounds,
            self.people,
            self.ratings,
            self.awards,
            self.initiatives,
            self.holds,
            self.discipline,
            self.nominations,
        ]

    def flush(self) -> None:
        for table in self.tables:
            table.flush()

    def workplaces(self) -> list[Workplace]:
        """Units valid at the end of the last year, provinces and departments weighing more than
        communes; one open provincial round per province of that day."""
        years = range(self.size.first_year, LAST_YEAR + 1)
        places = []
        rounds: dict[int, int] = {}
        for unit in self.tree.units:
            if not unit.valid_on(YEAR_END):
                continue
            if unit.kind == UnitKind.TINH:
                rounds[unit.id] = self.rounds.add(
                    f"Khen thưởng tổng kết năm {LAST_YEAR} – {unit.name} (mô phỏng)",
                    "hang_nam",
                    "phong_trao",
                    LAST_YEAR,
                    unit.id,
                    ROUND_DEADLINE,
                    20,
                    0,
                    "mo",
                    {},
                    True,
                    None,
                    self.created,
                )
            weight = WORKPLACE_WEIGHTS.get(unit.kind, 3.0)
            issuers: dict[int, str] = {}
            province_issuers: dict[int, str] = {}
            for year in years:
                decided = datetime.date(year, 12, 1)
                at_the_time = self.tree.former(unit, decided)
                issuers[year] = _issuer(at_the_time)
                province_issuers[year] = _issuer(at_the_time.province)
            places.append(
                Workplace(
                    unit=unit,
                    weight=weight,
                    categories=CATEGORY_BY_KIND.get(unit.kind, DEFAULT_CATEGORIES),
                    issuers=issuers,
                    province_issuers=province_issuers,
                )
            )
        for place in places:
            place.round_id = rounds[place.unit.province.id]
        return places

    def generate(self, rng: random.Random, progress: Progress) -> None:
        places = self.workplaces()
        cumulative = list(accumulate(place.weight for place in places))
        progress.stage(_("Cá nhân và lịch sử"), self.size.people)
        for start in range(0, self.size.people, PEOPLE_CHUNK):
            count = min(PEOPLE_CHUNK, self.size.people - start)
            for _number in range(count):
                place = places[bisect(cumulative, rng.random() * cumulative[-1])]
                self.person(place, rng)
            self.flush()
            progress.advance(count)
        self.flush()  # the rounds, when there is nobody

    def _name(self, rng: random.Random) -> tuple[str, str]:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        key = self.names.get(name)
        if key is None:
            key = self.names[name] = search_key(name)
        return name, key

    def person(self, place: Workplace, rng: random.Random) -> None:
        name, key = self._name(rng)
        roll = rng.random()
        category = place.categories[-1][0]
        for code, share in place.categories:
            if roll < share:
                category = code
                break
            roll -= share
        person = self.people.add(
            name,
            "nu" if rng.random() < 0.48 else "nam",
            rng.randint(1965, 2002),
            "",
            place.unit.id,
            category,
            True,
            key,
            self.created,
        )
        self._history(person, category, place, rng)

    def _history(self, person: int, category: str, place: Workplace, rng: random.Random) -> None:
        talent = rng.random()
        first_year = self.size.first_year
        disciplined: set[int] = set()
        if rng.random() < 0.02:
            starts = datetime.date(first_year, 1, 1) + datetime.timedelta(
                rng.randint(0, 365 * self.size.years - 1)
            )
            ends = starts + datetime.timedelta(365)
            level = "canh_cao" if rng.random() < 0.3 else "khien_trach"
            self.discipline.add(person, level, starts, ends, "")
            disciplined = {starts.year, ends.year}
        history = _History(person=person, category=category, place=place)
        for year in range(first_year, LAST_YEAR + 1):
            self._year(history, year, year in disciplined, talent, rng)
        for year, scope, topic, number, used_for in history.initiatives:
            self.initiatives.add(
                person,
                f"Sáng kiến “{topic}” năm {year}",
                year,
                scope,
                "Hội đồng sáng kiến cấp tỉnh" if scope == "tinh" else "Hội đồng sáng kiến cơ sở",
                number,
                used_for,
                self.created,
            )
        if rng.random() < 0.01:
            since = datetime.date(LAST_YEAR, 1, 1) + datetime.timedelta(rng.randint(0, 340))
            until = None if rng.random() < 0.6 else since + datetime.timedelta(90)
            self.holds.add(person, None, None, rng.choice(HOLD_KINDS), since, until, "")
        if LAST_YEAR not in disciplined:
            self._nominate(history, rng)

    def _award(
        self, history: "_History", year: int, award: str, award_type: str, number: str,
        decided: datetime.date, issuer: str,
    ) -> int:  # fmt: skip
        return self.awards.add(
            history.person, None, None, year, award, award_type, number, decided, issuer,
            None, "", history.category, self.created,
        )  # fmt: skip

    def _year(
        self, history: "_History", year: int, disciplined: bool, talent: float, rng: random.Random
    ) -> None:
        """A year's rating, initiative and awards: LĐTT and CSTĐ cơ sở decided by the unit in
        early December, the province's titles later that month (not yet for the last year,
        whose provincial round is open), now and then a Giấy khen."""
        roll = rng.random()
        if roll < 0.03:
            rating = "KHTNV"
        elif roll < 0.12:
            rating = "HTNV"
        elif roll < 0.12 + 0.5 * talent:
            rating = "HTXSNV"
        else:
            rating = "HTTNV"
        self.ratings.add(history.person, None, None, year, rating, self.created)
        initiative: list[Any] | None = None
        if rng.random() < 0.05 + 0.2 * talent:
            scope = "tinh" if rng.random() < 0.3 else "co_so"
            number = f"{rng.randint(1, 500)}/QĐ-HĐSK"
            initiative = [year, scope, rng.choice(TOPICS), number, None]
            history.initiatives.append(initiative)
        issuer = history.place.issuers[year]
        if rating in ("HTXSNV", "HTTNV") and not disciplined and rng.random() < 0.9:
            decided = datetime.date(year, 12, rng.randint(1, 10))
            number = f"{rng.randint(1, 999)}/QĐ-KT"
            self._award(history, year, LDTT, "phong_trao", number, decided, issuer)
            if (rating == "HTXSNV" or initiative) and rng.random() < 0.45:
                record = self._award(
                    history, year, CSTD_CO_SO, "phong_trao", number, decided, issuer
                )
                history.co_so_years.add(year)
                if rating != "HTXSNV" and initiative is not None:
                    initiative[4] = record  # the initiative is what qualified the person
        if year < LAST_YEAR and year in history.co_so_years:
            self._provincial_awards(history, year, rng)
        if rng.random() < 0.02:
            number = f"{rng.randint(1, 999)}/QĐ-KT"
            decided = datetime.date(year, rng.randint(2, 11), 15)
            self._award(history, year, GIAY_KHEN, "dot_xuat", number, decided, issuer)

    def _provincial_awards(self, history: "_History", year: int, rng: random.Random) -> None:
        """CSTĐ tỉnh after three CSTĐ cơ sở in a row with an unused provincial initiative of
        those years (it is then marked used); else, now and then, Bằng khen after two."""
        decided = datetime.date(year, 12, rng.randint(15, 28))
        issuer = history.place.province_issuers[year]
        number = f"{rng.randint(1, 3000)}/QĐ-UBND"
        usable = history.provincial_initiatives(year)
        if history.streak(year) and usable and rng.random() < 0.6:
            usable[0][4] = self._award(
                history, year, CSTD_TINH, "phong_trao", number, decided, issuer
            )
            history.last_tinh = year
        elif year - 1 in history.co_so_years and rng.random() < 0.25:
            self._award(history, year, BANG_KHEN_TINH, "phong_trao", number, decided, issuer)

    def _nominate(self, history: "_History", rng: random.Random) -> None:
        """Drafts of the last year's provincial round: CSTĐ tỉnh for a third CSTĐ cơ sở in a
        row with an unused provincial initiative, Bằng khen for some second ones."""
        year = LAST_YEAR
        if year not in history.co_so_years or year - 1 not in history.co_so_years:
            return
        if history.streak(year) and history.provincial_initiatives(year):
            award, text = CSTD_TINH, "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở"
            since = year - 2
        elif rng.random() < 0.3:
            award, text = BANG_KHEN_TINH, "Hai năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở"
            since = year - 1
        else:
            return
        place = history.place
        self.nominations.add(
            history.person, None, None, place.round_id, place.unit.id, award,
            f"{text} ({since}–{year}).", "draft", 1, None, None, "", None, None, {}, None, None,
            self.created, self.created,
        )  # fmt: skip


TOPICS = (
    "Nâng cao hiệu quả giải quyết thủ tục hành chính",
    "Số hóa hồ sơ lưu trữ",
    "Cải tiến quy trình tiếp nhận phản ánh",
    "Ứng dụng bản đồ số trong quản lý đất đai",
    "Tiết kiệm chi thường xuyên",
    "Nâng cao chất lượng dạy học",
    "Phòng, chống dịch bệnh trên cây trồng",
    "Chuyển đổi số trong quản lý hộ tịch",
)


@dataclass
class _History:
    """What one person's years so far decide the next on."""

    person: int
    category: str
    place: Workplace
    co_so_years: set[int] = field(default_factory=set)
    # [year, scope, topic, decision number, id of the award it served]: written at the end,
    # once it is known which award used each.
    initiatives: list[list[Any]] = field(default_factory=list)
    last_tinh: int = -10

    def streak(self, year: int) -> bool:
        """Three CSTĐ cơ sở in a row up to `year`, three years after any earlier CSTĐ tỉnh."""
        years = {year - 2, year - 1, year}
        return years <= self.co_so_years and year - self.last_tinh >= 3

    def provincial_initiatives(self, year: int) -> list[list[Any]]:
        return [
            item
            for item in self.initiatives
            if item[1] == "tinh" and item[4] is None and year - 2 <= item[0] <= year
        ]


# --- The run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleSummary:
    size: ScaleSize
    counts: dict[str, int]  # label → rows written
    scope: dict[str, tuple[int, int]]  # model label → (first id, rows) written by this run
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        size = self.size
        lines = [
            _(
                "Đã sinh dữ liệu mô phỏng (hạt giống %(seed)s): %(provinces)s tỉnh × "
                "%(units)s đơn vị, %(years)s năm (%(first)s–%(last)s), %(people)s cá nhân."
            )
            % {
                "seed": size.seed,
                "provinces": format_number(size.provinces),
                "units": format_number(size.units_per_province),
                "years": size.years,
                "first": size.first_year,
                "last": LAST_YEAR,
                "people": format_number(size.people),
            }
        ]
        width = max(len(label) for label in self.counts)
        for label, count in self.counts.items():
            lines.append(f"  {label:<{width}}  {format_number(count):>12}")
        speed = self.rows / self.seconds if self.seconds else 0.0
        lines.append(
            _("Tổng %(rows)s dòng trong %(seconds)s giây: %(speed)s dòng/s.")
            % {
                "rows": format_number(self.rows),
                "seconds": format_number(round(self.seconds, 1)),
                "speed": format_number(int(speed)),
            }
        )
        return "\n".join(lines) + "\n"


def database_has_data() -> str:
    """What the database already holds ("" when empty) of what gen_scale writes."""
    for model, label in (
        (OrgUnit, _("đơn vị")),
        (Person, _("cá nhân")),
        (Campaign, _("phong trào")),
        (AwardRecord, _("khen thưởng")),
    ):
        if model._default_manager.exists():
            return str(label)
    return ""


def gen_scale(
    size: ScaleSize, *, progress: Writer | None = None, append: bool = False
) -> ScaleSummary:
    """Generate `size` into the database in one transaction (all or nothing)."""
    size.check()
    if not append:
        found = database_has_data()
        if found:
            raise ApplicationError(
                _(
                    "Cơ sở dữ liệu đã có dữ liệu (%(what)s); gen_scale chỉ ghi vào cơ sở dữ liệu "
                    "trống. Dùng --append để ghi thêm, hoặc --force để xóa sạch rồi sinh lại."
                )
                % {"what": found}
            )
    started = time.perf_counter()
    created = timezone.now()
    with transaction.atomic(), _constraints_checked_at_once():
        tree = Tree(
            Table(
                OrgUnit,
                [
                    "code",
                    "name",
                    "short_name",
                    "kind",
                    "parent_id",
                    "path",
                    "depth",
                    "valid_from",
                    "valid_to",
                    "search_key",
                    "created_at",
                    "updated_at",
                ],
                _("đơn vị (phiên bản)"),
            ),
            Table(
                LineageEvent,
                ["kind", "effective_date", "legal_basis", "note", "created_at"],
                _("sự kiện thay đổi"),
            ),
            Table(
                LineageLink,
                ["event_id", "predecessor_id", "successor_id", "carried"],
                _("liên kết kế thừa"),
            ),
            created,
        )
        campaigns = Campaigns(tree, created)
        people = People(tree, size, created)
        tables = [
            tree.units_table,
            tree.events_table,
            tree.links_table,
            *campaigns.tables,
            *people.tables,
        ]
        bar = Progress(progress, lambda: sum(table.written for table in tables))
        bar.stage(_("Đơn vị và sắp xếp 2025"), 1)
        provinces = build_tree(tree, size, random.Random(f"{size.seed}/org"))  # noqa: S311
        tree.write()
        bar.advance()
        bar.finish()
        years = range(size.first_year, LAST_YEAR + 1)
        bar.stage(_("Phong trào và báo cáo"), len(provinces) * len(years))
        for province in provinces:
            for year in years:
                seed = f"{size.seed}/campaign/{province.number}/{year}"
                campaigns.campaign(province, year, random.Random(seed))  # noqa: S311
                campaigns.flush()
                bar.advance()
        bar.finish()
        people.generate(random.Random(f"{size.seed}/people"), bar)  # noqa: S311
        bar.finish()
        _reset_sequences(tables)
    if connection.vendor == "postgresql":
        # Planner statistics for the tables just filled; outside a transaction also the
        # visibility map (index-only scans), as autovacuum would set it later.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {connection.ops.quote_name(table.model._meta.db_table)}")
    counts: Counter[str] = Counter()
    for table in tables:
        counts[table.label] += table.written
    return ScaleSummary(
        size=size,
        counts=dict(counts),
        scope={table.model._meta.label: (table.first_id, table.written) for table in tables},
        seconds=time.perf_counter() - started,
    )


# --- Checking a run ---------------------------------------------------------------------------

SAMPLE = 200  # rows of each big table hashed by the checksum


def _ids(scope: dict[str, tuple[int, int]], model: type[models.Model]) -> list[int]:
    first, count = scope[model._meta.label]
    step = max(1, count // SAMPLE)
    return list(range(first, first + count, step))


def _rows(queryset: models.QuerySet[Any], *fields: str) -> list[list[str]]:
    return [[str(value) for value in row] for row in queryset.values_list(*fields)]


def gen_scale_checksum(scope: dict[str, tuple[int, int]]) -> str:
    """SHA-256 of a sample of what one run wrote, by content (names, dates, values), never by
    id, so that two runs with the same seed compare equal on any database."""
    digest = hashlib.sha256()

    def feed(rows: list[list[str]]) -> None:
        for row in rows:
            digest.update("\x1f".join(row).encode())
            digest.update(b"\x1e")

    first, count = scope[OrgUnit._meta.label]
    units = OrgUnit.objects.filter(pk__gte=first, pk__lt=first + count).order_by("pk")
    feed(_rows(units, "name", "kind", "code", "depth", "valid_from", "valid_to", "parent__name"))
    first, count = scope[LineageLink._meta.label]
    links = LineageLink.objects.filter(pk__gte=first, pk__lt=first + count).order_by("pk")
    feed(
        _rows(links, "event__kind", "event__effective_date", "predecessor__name", "successor__name")
    )
    first, count = scope[Campaign._meta.label]
    campaigns = Campaign.objects.filter(pk__gte=first, pk__lt=first + count).order_by("pk")
    feed(_rows(campaigns, "province__name", "year", "name", "directive_number", "directive_date"))
    for ids in _chunks(_ids(scope, Report)):
        reports = Report.objects.filter(pk__in=ids).order_by("pk")
        feed(
            _rows(
                reports,
                "measure__target__campaign__province__name",
                "measure__target__campaign__year",
                "measure__code",
                "unit__name",
                "period_key",
                "value",
                "status",
                "first_submitted_at",
                "reviewed_at",
            )
        )
    for ids in _chunks(_ids(scope, Person)):
        people = Person.objects.filter(pk__in=ids).order_by("pk")
        feed(_rows(people, "full_name", "gender", "birth_year", "category", "unit__name"))
        order = ("person_id", "year", "id")
        feed(
            _rows(
                PerformanceRating.objects.filter(person_id__in=ids).order_by(*order),
                "person__full_name",
                "year",
                "rating",
            )
        )
        feed(
            _rows(
                AwardRecord.objects.filter(person_id__in=ids).order_by(*order),
                "person__full_name",
                "year",
                "award",
                "decision_number",
                "decision_date",
                "issuer",
                "category",
            )
        )
        feed(
            _rows(
                InitiativeRecord.objects.filter(person_id__in=ids).order_by(*order),
                "person__full_name",
                "year",
                "scope",
                "used_for_award__award",
            )
        )
        feed(
            _rows(
                Nomination.objects.filter(person_id__in=ids).order_by("person_id", "id"),
                "person__full_name",
                "award",
                "round__name",
                "unit__name",
            )
        )
    return digest.hexdigest()


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
