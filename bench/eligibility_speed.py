#!/usr/bin/env python3
"""Speed of eligibility over a whole registry (a script, not a test; timings vary with the machine).

Issue 8: eligibility for 20 000 candidates with 6 years of history, as a ratio to one SQL pass
over the same rows; goal ≤ 2×.

The registry is generated from a fixed seed into a throwaway database: a province with sở and
phòng, N people (``--candidates``, default 20 000) and for each of 2019–2024 a rating, LĐTT most
years, CSTĐ cơ sở some years (CSTĐ tỉnh after three in a row), now and then an extraordinary
Giấy khen, initiatives (some already used for an award), and for a few people a hold or a
disciplinary measure. The 2024 round is decided (awards dated 1–10/12/2024) in half of the sở
only, so that the check as of 15/12/2024 finds both kinds of candidate. Generation time is
printed apart and is not part of any ratio.

* A, one SQL pass: one query per table (ratings, awards, initiatives with the award an initiative
  served, holds, discipline) reading every history row of the candidates, the same columns the
  engine's input needs, into Python tuples; no ordering, no filter besides the candidates. Read
  the way B reads (``core.streaming``: on PostgreSQL, as the server produces them), so that the
  ratio measures B's own work, not a difference in reading.
* A₀, the same pass through Django's own iteration: the A of the figures before December 2026,
  printed for comparison (B/A₀ is not the goal's ratio).
* B, eligibility: ``selectors.subjects_for_people`` (the same five tables, ordered per person,
  revoked awards and closed holds left out, turned into the engine's records) and
  ``eligibility.evaluate`` for every candidate for the award under test (``--award``, repeatable;
  default CSTD_CO_SO) as of 15/12/2024. Loading is timed once per repetition and counted in
  full in each award's B.

Each figure is the best of ``--repeat`` runs (default 3).

Database: ``DATABASE_URL`` as for the site. Without it, a temporary SQLite file that is deleted
at the end. With a PostgreSQL URL the database it names is emptied (``flush``) and filled, so its
name must contain "bench" (create it once: ``createdb -h 127.0.0.1 -U postgres thidua_bench``).

Run: ``.venv/bin/python bench/eligibility_speed.py [--candidates 20000] [--repeat 3]
[--award CSTD_CO_SO --award LDTT --award CSTD_TINH] [--by-ids]``
and on PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench
.venv/bin/python bench/eligibility_speed.py``
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = datetime.date(2024, 12, 15)
YEARS = range(2019, 2025)
GOAL = 2.0  # issue 8: B ≤ 2 × A
SEED = 8

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan"]
GIVEN += ["Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Thảo", "Yến"]
DEPARTMENTS = ["Nội vụ", "Tài chính", "Y tế", "Giáo dục và Đào tạo", "Xây dựng", "Nông nghiệp"]


def configure_database(folder: str) -> None:
    """A temporary SQLite file unless DATABASE_URL names a database; site files in `folder`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_DEBUG", "0")  # DEBUG keeps every query's text
    os.environ.setdefault("THIDUA_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(folder) / 'bench.sqlite3'}")


def fresh_schema() -> str:
    """Migrate and empty the database; returns its vendor."""
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        raise SystemExit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa sạch: tên phải chứa “bench”.")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    return f"{connection.vendor} ({name})"


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


# --- The registry ------------------------------------------------------------------------------


def make_units() -> tuple[Any, list[Any], set[int]]:
    """The province, the units people work in, and the ids of those whose 2024 round is done."""
    from thidua.org.services import UnitSpec, orgunit_create

    start = datetime.date(2018, 1, 1)

    def create(name: str, kind: str, parent: Any) -> Any:
        spec = UnitSpec(name=name, kind=kind, parent=parent)
        return orgunit_create(actor=None, spec=spec, valid_from=start)

    province = create("Tỉnh Đo Tốc Độ", "tinh", None)
    units, decided = [], set()
    for number, department in enumerate(DEPARTMENTS):
        office = create(f"Sở {department}", "so_ban_nganh", province)
        members = [office] + [
            create(f"Phòng {part} – Sở {department}", "phong_ban", office)
            for part in ("Tổ chức", "Nghiệp vụ")
        ]
        units += members
        if number % 2 == 0:
            decided |= {unit.pk for unit in members}
    return province, units, decided


def generate(count: int, seed: int) -> int:
    """`count` people and their history; returns the number of history rows."""
    from django.db import transaction

    from thidua.commendation.catalogue import CSTD_CO_SO, CSTD_TINH, LDTT, Rating
    from thidua.commendation.models import (
        AwardRecord,
        DisciplineRecord,
        Hold,
        InitiativeRecord,
        PerformanceRating,
        Person,
    )
    from thidua.core.text import search_key

    chance = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    batch = 2000
    with transaction.atomic():
        _province, units, decided = make_units()
        people = []
        for _ in range(count):
            name = f"{chance.choice(SURNAMES)} {chance.choice(MIDDLE)} {chance.choice(GIVEN)}"
            people.append(
                Person(
                    full_name=name,
                    gender=chance.choice(("nam", "nu")),
                    birth_year=chance.randint(1965, 2000),
                    unit=chance.choice(units),
                    category="truc_tiep",
                    search_key=search_key(name),
                )
            )
        Person.objects.bulk_create(people, batch_size=batch)

        ratings: list[PerformanceRating] = []
        awards: list[AwardRecord] = []
        initiatives: list[InitiativeRecord] = []
        holds: list[Hold] = []
        discipline: list[DisciplineRecord] = []
        issuers = {unit.pk: f"Giám đốc {unit.name.split(' – ')[-1]}" for unit in units}
        for someone in people:
            talent = chance.random()  # some people are rated excellent far more often
            co_so_years: set[int] = set()
            for year in YEARS:
                roll = chance.random()
                if roll < 0.03:
                    rating = Rating.KHTNV
                elif roll < 0.12:
                    rating = Rating.HTNV
                elif roll < 0.12 + 0.5 * talent:
                    rating = Rating.HTXSNV
                else:
                    rating = Rating.HTTNV
                ratings.append(PerformanceRating(person=someone, year=year, rating=rating))
                initiative = None
                if chance.random() < 0.08 + 0.25 * talent:
                    scope = "tinh" if chance.random() < 0.15 else "co_so"
                    initiative = InitiativeRecord(
                        person=someone,
                        title=f"Sáng kiến {year} số {len(initiatives) + 1}",
                        year=year,
                        scope=scope,
                        recognised_by="Hội đồng sáng kiến cơ sở",
                    )
                    initiatives.append(initiative)
                if year == 2024 and someone.unit_id not in decided:
                    continue  # this sở's 2024 round is still open
                decided_on = datetime.date(year, 12, chance.randint(1, 10))
                if rating.at_least(Rating.HTTNV) and chance.random() < 0.9:
                    codes = [LDTT]
                    if (rating is Rating.HTXSNV or initiative) and chance.random() < 0.6:
                        codes.append(CSTD_CO_SO)
                        co_so_years.add(year)
                        if {year - 1, year - 2} <= co_so_years and chance.random() < 0.5:
                            codes.append(CSTD_TINH)
                    for code in codes:
                        record = AwardRecord(
                            person=someone,
                            year=year,
                            award=code,
                            award_type="phong_trao",
                            decision_number=f"{chance.randint(1, 999)}/QĐ-{code}",
                            decision_date=decided_on,
                            issuer="Chủ tịch UBND tỉnh"
                            if code == CSTD_TINH
                            else issuers[someone.unit_id],
                        )
                        awards.append(record)
                        if code == CSTD_CO_SO and initiative is not None:
                            initiative.used_for_award = record
                if chance.random() < 0.02:
                    awards.append(
                        AwardRecord(
                            person=someone,
                            year=year,
                            award="GIAY_KHEN",
                            award_type="dot_xuat",
                            decision_number=f"{chance.randint(1, 999)}/QĐ-KT",
                            decision_date=datetime.date(year, chance.randint(2, 11), 15),
                            issuer=issuers[someone.unit_id],
                        )
                    )
            if chance.random() < 0.02:
                since = datetime.date(2024, 1, 1) + datetime.timedelta(chance.randint(0, 340))
                until = None if chance.random() < 0.6 else since + datetime.timedelta(90)
                kind = chance.choice(("complaint", "inspection", "investigation", "discipline"))
                holds.append(Hold(person=someone, kind=kind, since=since, until=until))
            if chance.random() < 0.03:
                starts = datetime.date(2019, 1, 1) + datetime.timedelta(chance.randint(0, 2100))
                level = "canh_cao" if chance.random() < 0.3 else "khien_trach"
                discipline.append(
                    DisciplineRecord(
                        person=someone,
                        level=level,
                        starts_on=starts,
                        ends_on=starts + datetime.timedelta(365),
                    )
                )
        PerformanceRating.objects.bulk_create(ratings, batch_size=batch)
        AwardRecord.objects.bulk_create(awards, batch_size=batch)
        InitiativeRecord.objects.bulk_create(initiatives, batch_size=batch)
        Hold.objects.bulk_create(holds, batch_size=batch)
        DisciplineRecord.objects.bulk_create(discipline, batch_size=batch)

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, the same for A and B
    return len(ratings) + len(awards) + len(initiatives) + len(holds) + len(discipline)


# --- Measures ----------------------------------------------------------------------------------


def candidates() -> Any:
    from thidua.commendation.models import Person

    return Person.objects.filter(unit__path__startswith=_province_path())


def _province_path() -> str:
    from thidua.org.models import OrgUnit

    return OrgUnit.objects.get(parent__isnull=True).path


def _count(rows: Any) -> int:
    return sum(1 for _row in rows)


def sql_pass(streamed: bool = False) -> int:
    """Every history row of the candidates as tuples, one query per table: A when `streamed`
    (``core.streaming``, as ``subjects_for_people`` reads), A₀ through Django's iteration."""
    from django.db.models import Model, Q

    from thidua.commendation.models import (
        AwardRecord,
        DisciplineRecord,
        Hold,
        InitiativeRecord,
        PerformanceRating,
    )
    from thidua.core.streaming import read_streamed

    where = Q(person__in=candidates().values("pk"))
    reads: list[tuple[type[Model], tuple[str, ...]]] = [
        (PerformanceRating, ("person_id", "year", "rating")),
        (AwardRecord, ("person_id", "year", "award", "award_type", "decision_date", "revoked_at")),
        (
            InitiativeRecord,
            ("person_id", "year", "scope", "used_for_award__award", "used_for_award__year"),
        ),
        (Hold, ("person_id", "kind", "since", "until")),
        (DisciplineRecord, ("person_id", "starts_on", "ends_on", "level")),
    ]
    rows = 0
    for model, fields in reads:
        queryset = model._default_manager.filter(where).order_by().values_list(*fields)
        rows += read_streamed(queryset, _count) if streamed else _count(queryset)
    return rows


def load_subjects(by_ids: bool) -> dict[int, Any]:
    from thidua.commendation.selectors import subjects_for_people

    people = candidates()
    if by_ids:
        return subjects_for_people(list(people.order_by("pk").values_list("pk", flat=True)), AS_OF)
    return subjects_for_people(people, AS_OF)


def evaluate_all(subjects: dict[int, Any], award: str) -> int:
    from thidua.commendation.eligibility import evaluate

    return sum(1 for subject in subjects.values() if evaluate(subject, award, AS_OF).eligible)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=20_000, help="số cá nhân (20000)")
    parser.add_argument("--repeat", type=int, default=3, help="số lần đo, lấy lần tốt nhất (3)")
    parser.add_argument(
        "--award",
        action="append",
        help="mã danh hiệu cần xét, lặp lại được (mặc định CSTD_CO_SO; thêm LDTT, CSTD_TINH…)",
    )
    parser.add_argument(
        "--by-ids",
        action="store_true",
        help="đưa danh sách id (từng 900 id) thay vì queryset cho subjects_for_people",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="hạt giống sinh dữ liệu")
    arguments = parser.parse_args()
    awards = arguments.award or ["CSTD_CO_SO"]

    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as folder:
        configure_database(folder)
        import django

        django.setup()
        database = fresh_schema()
        print(f"CSDL: {database}")
        took, rows = timed(lambda: generate(arguments.candidates, arguments.seed))
        people = candidates().count()
        print(
            f"Sinh dữ liệu: {people} ứng viên, {rows} dòng lịch sử "
            f"({YEARS[0]}–{YEARS[-1]}) trong {took:.1f} s (không tính vào tỉ số)"
        )

        best_a = best_orm = best_load = float("inf")
        best_evaluate = dict.fromkeys(awards, float("inf"))
        eligible: dict[str, int] = {}
        for _ in range(max(1, arguments.repeat)):
            took, read = timed(partial(sql_pass, streamed=True))
            assert read == rows, (read, rows)  # noqa: S101 - the pass read every row
            best_a = min(best_a, took)
            took, read = timed(sql_pass)
            assert read == rows, (read, rows)  # noqa: S101
            best_orm = min(best_orm, took)
            took, subjects = timed(lambda: load_subjects(arguments.by_ids))
            best_load = min(best_load, took)
            for award in awards:
                took, eligible[award] = timed(partial(evaluate_all, subjects, award))
                best_evaluate[award] = min(best_evaluate[award], took)

        how = "danh sách id, từng 900" if arguments.by_ids else "queryset, truy vấn con"
        print(
            f"A – một lượt SQL (5 truy vấn, mỗi bảng một: xếp loại, khen thưởng, sáng kiến, "
            f"tạm hoãn, kỷ luật; {rows} dòng thành tuple, đọc như B): {best_a:.3f} s"
        )
        print(f"A₀ – cùng lượt SQL qua vòng lặp của Django (A trước 12/2026): {best_orm:.3f} s")
        print(f"B – nạp subjects_for_people ({how}): {best_load:.3f} s")
        for award in awards:
            total = best_load + best_evaluate[award]
            ratio = total / best_a
            verdict = "đạt" if ratio <= GOAL else "chưa đạt"
            print(
                f"B – {award} ngày {AS_OF:%d/%m/%Y}: nạp {best_load:.3f} s + evaluate "
                f"{best_evaluate[award]:.3f} s = {total:.3f} s; {eligible[award]}/{people} "
                f"đủ điều kiện; {1e6 * total / people:.1f} µs/ứng viên "
                f"({1e6 * best_evaluate[award] / people:.1f} µs evaluate)"
            )
            print(
                f"   B/A = {ratio:.2f}× (mục tiêu issue 8: ≤ {GOAL:.0f}×, {verdict}); "
                f"B/A₀ = {total / best_orm:.2f}×"
            )
        print(f"(tốt nhất {max(1, arguments.repeat)} lần đo)")


if __name__ == "__main__":
    main()
