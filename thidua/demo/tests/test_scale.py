"""`gen_scale` at a tiny size: the same seed gives the same data, the data keeps the models'
rules and the services' invariants, and the dashboard and eligibility read it sensibly.

Generated once per module (2 provinces × 8 units, 2 years, 200 people) inside a transaction
rolled back at the end; tests that write more do so inside their own transaction.
"""

import dataclasses
import datetime
import importlib.util
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction

from thidua.commendation.catalogue import CSTD_CO_SO, LDTT
from thidua.commendation.eligibility import evaluate
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
from thidua.commendation.selectors import subjects_for_people
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.demo.scale import (
    DEPARTMENTS_DAY,
    MERGER_DAY,
    YEAR_END,
    ScaleSize,
    ScaleSummary,
    gen_scale,
    gen_scale_checksum,
)
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
from thidua.targets.periods import period_by_key
from thidua.targets.selectors import dashboard
from thidua.targets.services import reporting_unit_for

TINY = ScaleSize(provinces=2, units_per_province=8, years=2, people=200, seed=5)


@pytest.fixture(scope="module")
def scale(django_db_setup: None, django_db_blocker: Any) -> Iterator[ScaleSummary]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield gen_scale(TINY)
        transaction.set_rollback(True)


# --- Determinism and refusals ------------------------------------------------------------------


def test_the_same_seed_gives_the_same_data(scale: ScaleSummary, db: None) -> None:
    again = gen_scale(TINY, append=True)
    other = gen_scale(dataclasses.replace(TINY, seed=6), append=True)

    assert again.counts == scale.counts
    assert again.scope != scale.scope  # other ids: the checksum reads content, not ids
    assert gen_scale_checksum(again.scope) == gen_scale_checksum(scale.scope)
    assert gen_scale_checksum(other.scope) != gen_scale_checksum(scale.scope)
    assert scale.counts["cá nhân"] == 200
    assert Person.objects.count() == 600


def test_a_database_with_data_is_refused_and_left_alone(scale: ScaleSummary, db: None) -> None:
    before = Person.objects.count(), OrgUnit.objects.count()

    with pytest.raises(ApplicationError, match=r"đã có dữ liệu .*--append.*--force"):
        gen_scale(TINY)

    assert (Person.objects.count(), OrgUnit.objects.count()) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"units_per_province": 4}, "--units-per-province"),
        ({"provinces": 0}, "--provinces"),
        ({"years": 31}, "--years"),
        ({"people": -1}, "--people"),
    ],
)
def test_sizes_it_cannot_build_are_refused(db: None, change: dict[str, int], message: str) -> None:
    before = OrgUnit.objects.count()
    with pytest.raises(ApplicationError, match=message):
        gen_scale(dataclasses.replace(TINY, **change), append=True)
    assert OrgUnit.objects.count() == before


def test_the_command_reports_rows_and_speed_and_refuses_without_a_flag(
    scale: ScaleSummary, db: None
) -> None:
    arguments = ["--provinces", "2", "--units-per-province", "8", "--years", "2"]
    arguments += ["--people", "200", "--seed", "5", "--no-progress"]

    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("gen_scale", *arguments, stdout=io.StringIO())
    out = io.StringIO()
    call_command("gen_scale", *arguments, "--append", stdout=out)
    assert Person.objects.count() == 400
    text = out.getvalue()
    assert "cá nhân" in text
    assert "dòng/s" in text
    assert gen_scale_checksum(scale.scope) in text  # the same seed, the same sample

    if connection.vendor == "postgresql":
        # Rows written earlier in this test's transaction still have their foreign keys to
        # check at commit, and PostgreSQL truncates no such table: check them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("gen_scale", *arguments, "--force", stdout=io.StringIO(), stderr=io.StringIO())
    assert Person.objects.count() == 200


def test_the_progress_bar_goes_to_the_given_stream(scale: ScaleSummary, db: None) -> None:
    stream = io.StringIO()
    gen_scale(dataclasses.replace(TINY, people=30), progress=stream, append=True)
    text = stream.getvalue()
    assert "\r" in text
    assert "100%" in text
    assert "dòng/s" in text
    assert "Cá nhân và lịch sử" in text


# --- The models' rules -------------------------------------------------------------------------

SAMPLED: list[type[models.Model]] = [
    OrgUnit,
    LineageEvent,
    LineageLink,
    Campaign,
    Target,
    Measure,
    Assignment,
    Report,
    ReportRevision,
    AuditEvent,
    Round,
    Person,
    PerformanceRating,
    AwardRecord,
    InitiativeRecord,
    Hold,
    DisciplineRecord,
    Nomination,
]


@pytest.mark.parametrize("model", SAMPLED, ids=lambda model: model.__name__)
def test_rows_pass_the_models_validation(
    scale: ScaleSummary, db: None, model: type[models.Model]
) -> None:
    first, count = scale.scope[model._meta.label]
    assert count > 0
    rows = model._default_manager.filter(pk__gte=first, pk__lt=first + count).order_by("pk")
    for row in rows[:: max(1, count // 25)]:
        row.full_clean()  # choices, lengths, foreign keys, check and unique constraints


def test_units_are_versions_with_lineage_as_the_services_write_it(scale: ScaleSummary, db: None):
    units = {unit.pk: unit for unit in OrgUnit.objects.all()}
    for unit in units.values():
        parent = units.get(unit.parent_id) if unit.parent_id else None
        assert unit.path == f"{parent.path if parent else '/'}{unit.pk}/"
        assert unit.depth == (parent.depth + 1 if parent else 0)
        if parent is not None:
            assert parent.valid_from <= unit.valid_from
            assert parent.valid_to is None or (unit.valid_to and unit.valid_to <= parent.valid_to)
    links = list(LineageLink.objects.select_related("event"))
    for unit in units.values():
        opened = [link for link in links if link.successor_id == unit.pk]
        assert any(link.event.effective_date == unit.valid_from for link in opened)
        if unit.valid_to is not None:
            closed = [link for link in links if link.predecessor_id == unit.pk]
            assert closed
            assert all(link.event.effective_date == unit.valid_to for link in closed)
    kinds = Counter(LineageEvent.objects.values_list("kind", flat=True))
    assert {LineageKind.ESTABLISH, LineageKind.MERGE, LineageKind.DISSOLVE} <= set(kinds)
    assert LineageEvent.objects.filter(kind=LineageKind.MERGE, effective_date=DEPARTMENTS_DAY)

    # After 01/07/2025: one province of the two, no districts, its communes right under it.
    now = OrgUnit.objects.valid_on(YEAR_END)
    (province,) = now.filter(parent__isnull=True)
    assert province.valid_from == MERGER_DAY
    assert not now.filter(kind=UnitKind.HUYEN).exists()
    assert set(now.filter(kind=UnitKind.XA).values_list("parent_id", flat=True)) == {province.pk}
    before = OrgUnit.objects.valid_on(datetime.date(2024, 12, 31))
    assert before.filter(parent__isnull=True).count() == 2


def test_reports_come_from_the_unit_responsible_on_the_period_end(scale: ScaleSummary, db: None):
    responsible: dict[tuple[int, datetime.date], int | None] = {}
    assigned: dict[int, list[OrgUnit]] = {}
    for assignment in Assignment.objects.select_related("unit"):
        assigned.setdefault(assignment.measure_id, []).append(assignment.unit)
    reports = list(Report.objects.select_related("measure", "unit"))
    assert reports
    for report in reports:
        end = period_by_key(report.period_key, report.measure.frequency).end
        assert report.period_end == end
        assert report.unit.is_valid_on(end)
        who = set()
        for unit in assigned[report.measure_id]:
            if (unit.pk, end) not in responsible:
                found = reporting_unit_for(unit, end)
                responsible[(unit.pk, end)] = found.pk if found else None
            who.add(responsible[(unit.pk, end)])
        assert report.unit_id in who
    assert any(report.unit.valid_from == MERGER_DAY for report in reports)
    history = Counter(ReportRevision.objects.values_list("report_id", flat=True))
    for report in reports:
        assert history[report.pk] == (3 if report.status == "approved" else 2)
        assert report.first_submitted_at is not None
        if report.status == "approved":
            assert report.reviewed_at > report.first_submitted_at
    approved = {
        pk for pk, status in Report.objects.values_list("pk", "status") if status == "approved"
    }
    audited = set(
        AuditEvent.objects.filter(action="report.approved").values_list("object_id", flat=True)
    )
    assert audited == {str(pk) for pk in approved}


def test_the_registry_history_is_consistent(scale: ScaleSummary, db: None) -> None:
    current = set(OrgUnit.objects.valid_on(YEAR_END).values_list("pk", flat=True))
    people = dict(Person.objects.values_list("pk", "category"))
    assert set(Person.objects.values_list("unit_id", flat=True)) <= current
    ratings = {
        (person, year): rating
        for person, year, rating in PerformanceRating.objects.values_list(
            "person_id", "year", "rating"
        )
    }
    assert len(ratings) == 200 * 2
    for person, year, award, category in AwardRecord.objects.values_list(
        "person_id", "year", "award", "category"
    ):
        assert category == people[person]
        if award in (LDTT, CSTD_CO_SO):
            assert ratings[(person, year)] in ("HTXSNV", "HTTNV")
    for person, owner in InitiativeRecord.objects.filter(used_for_award__isnull=False).values_list(
        "person_id", "used_for_award__person_id"
    ):
        assert person == owner
    assert Nomination.objects.filter(status="draft").count() == Nomination.objects.count()


# --- Read by the dashboard and eligibility -----------------------------------------------------


def test_the_dashboard_reads_every_campaign(scale: ScaleSummary, db: None) -> None:
    campaigns = list(Campaign.objects.order_by("year", "pk"))
    assert len(campaigns) == 2 * 2
    for campaign in campaigns:
        board = dashboard(campaign=campaign, as_of=datetime.date(campaign.year, 12, 31))
        assert len(board.rows) == 15
        completeness = board.completeness()
        assert completeness["on_time"] > completeness["late"] > 0
        statuses = board.status_counts()
        assert sum(statuses.values()) == 15
        assert statuses.get("chua_co_so_lieu", 0) <= 2
        for row in board.rows:
            if row.measure.frequency != "yearly":  # the year's report is not due by 31/12
                assert row.series, row.measure.indicator
            for cell in row.cells:
                assert cell.unit.is_valid_on(cell.period.end)
                if cell.report is not None:
                    assert cell.report.unit_id == cell.unit.pk
        if campaign.year == 2025:  # successors report after 01/03 (departments), 01/07
            taken_over = {
                cell.period.end
                for row in board.rows
                for cell in row.cells
                if cell.unit.pk not in {a.unit_id for a in row.measure.assignments.all()}
            }
            assert any(DEPARTMENTS_DAY < end < MERGER_DAY for end in taken_over)
            assert any(end > MERGER_DAY for end in taken_over)


def test_the_dashboard_equals_the_benchs_sql_aggregate(scale: ScaleSummary, db: None) -> None:
    """bench/dashboard_speed.py times the dashboard against one hand-written SQL query that must
    give the same figures (rollups, on time / late / missing, successors once): checked here on
    every campaign, before and after the restructurings of 2025."""
    bench = _load_bench("dashboard_speed")
    for campaign in Campaign.objects.order_by("year", "pk"):
        as_of = datetime.date(campaign.year, 12, 31)
        series, counts = bench.sql_figures(campaign, as_of)
        assert series  # the query found figures
        assert (series, counts) == bench.selector_figures(campaign, as_of), campaign.name


def _load_bench(name: str) -> Any:
    path = Path(__file__).resolve().parents[3] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eligibility_agrees_with_the_awards_the_units_gave(scale: ScaleSummary, db: None) -> None:
    """As of 30/11/2025 the 2025 LĐTT and CSTĐ cơ sở (decided 1–10/12) are still to come: those
    who got them must be eligible by the engine, bar an open hold."""
    as_of = datetime.date(2025, 11, 30)
    (province,) = OrgUnit.objects.valid_on(YEAR_END).filter(parent__isnull=True)
    people = Person.objects.filter(unit__path__startswith=province.path)
    subjects = subjects_for_people(people, as_of)
    assert len(subjects) == 200
    held = set(Hold.objects.filter(since__lte=as_of).values_list("person_id", flat=True))
    for award in (LDTT, CSTD_CO_SO):
        results = {pk: evaluate(subject, award, as_of) for pk, subject in subjects.items()}
        given = set(
            AwardRecord.objects.filter(year=2025, award=award).values_list("person_id", flat=True)
        )
        assert given
        for pk in given - held:
            assert results[pk].eligible, (award, pk)
        eligible = sum(result.eligible for result in results.values())
        assert len(given) <= eligible < len(results)
