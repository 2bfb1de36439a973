"""Reads of the unit tree: as of a date, subtrees, and lineage both ways."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q

from thidua.core.text import search_key
from thidua.org.models import LineageEvent, LineageLink, OrgUnit, OrgUnitQuerySet


def orgunit_list_as_of(
    *,
    day: datetime.date,
    query: str = "",
    kind: str = "",
    parent_id: int | None = None,
) -> OrgUnitQuerySet:
    """Units valid on `day`, optionally filtered by a diacritic-insensitive query."""
    units = OrgUnit.objects.valid_on(day).select_related("parent")
    if query:
        for word in search_key(query).split():
            units = units.filter(search_key__contains=word)
    if kind:
        units = units.filter(kind=kind)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    return units.order_by("path")


def orgunit_subtree_as_of(*, unit: OrgUnit, day: datetime.date) -> OrgUnitQuerySet:
    """`unit` and everything below it on `day`: one query on the indexed path prefix."""
    return OrgUnit.objects.valid_on(day).subtree_of(unit).order_by("path")


def orgunit_roots_as_of(*, day: datetime.date) -> OrgUnitQuerySet:
    return OrgUnit.objects.valid_on(day).filter(parent__isnull=True).order_by("name")


def _walk(
    start_ids: Iterable[int], *, backwards: bool, on: datetime.date | None = None
) -> dict[int, list[int]]:
    """Transitive lineage from each start unit, in one recursive query (SQLite and PostgreSQL);
    with `on`, only through events in effect on that day."""
    starts = sorted(set(start_ids))
    found: dict[int, list[int]] = {start: [] for start in starts}
    if not starts:
        return found
    near, far = (
        ("successor_id", "predecessor_id") if backwards else ("predecessor_id", "successor_id")
    )
    table = LineageLink._meta.db_table
    events = LineageEvent._meta.db_table
    placeholders = ", ".join(["%s"] * len(starts))
    dated = (
        ""
        if on is None
        else f"AND link.event_id IN (SELECT id FROM {events} WHERE effective_date <= %s)"  # noqa: S608
    )
    # UNION (not UNION ALL) drops repeats, so the recursion ends even on a malformed cycle.
    sql = f"""
        WITH RECURSIVE walk(start_id, unit_id) AS (
            SELECT link.{near}, link.{far} FROM {table} AS link
            WHERE link.{near} IN ({placeholders}) AND link.{far} IS NOT NULL {dated}
            UNION
            SELECT walk.start_id, link.{far} FROM {table} AS link
            JOIN walk ON link.{near} = walk.unit_id
            WHERE link.{far} IS NOT NULL {dated}
        )
        SELECT start_id, unit_id FROM walk ORDER BY start_id, unit_id
    """  # noqa: S608 - only table and column names and placeholders are interpolated
    params: list[Any] = list(starts)
    if on is not None:
        params = [*starts, on, on]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for start_id, unit_id in cursor.fetchall():
            if unit_id != start_id:
                found[start_id].append(unit_id)
    return found


def orgunit_predecessor_ids(
    unit_ids: Iterable[int], *, on: datetime.date | None = None
) -> dict[int, list[int]]:
    """All units each given unit descends from through lineage events (transitively); with
    `on`, only through events in effect on that day (a merge of 2025 is not yet one in 2024)."""
    return _walk(unit_ids, backwards=True, on=on)


def orgunit_successor_ids(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    return _walk(unit_ids, backwards=False)


@dataclass(frozen=True)
class LineageStep:
    """One link met when following a unit's lineage: `depth` 1 is a direct link."""

    unit: OrgUnit
    event: LineageEvent
    depth: int
    carried: bool


def orgunit_lineage(unit: OrgUnit, *, backwards: bool) -> list[LineageStep]:
    """Predecessors (backwards) or successors of `unit`, transitively, with their events."""
    near, far = ("successor", "predecessor") if backwards else ("predecessor", "successor")
    steps: list[LineageStep] = []
    seen = {unit.pk}
    frontier = {unit.pk}
    depth = 0
    while frontier:
        depth += 1
        links = (
            LineageLink.objects.filter(**{f"{near}_id__in": frontier}, **{f"{far}__isnull": False})
            .select_related(f"{far}__parent", "event")
            .order_by("event__effective_date", f"{far}__path")
        )
        next_frontier: set[int] = set()
        for link in links:
            other: OrgUnit = getattr(link, far)
            if other.pk in seen:
                continue
            seen.add(other.pk)
            next_frontier.add(other.pk)
            steps.append(
                LineageStep(unit=other, event=link.event, depth=depth, carried=link.carried)
            )
        frontier = next_frontier
    return steps


def orgunit_events(unit: OrgUnit) -> list[LineageEvent]:
    """Events that opened or closed this very unit version."""
    return list(
        LineageEvent.objects.filter(Q(links__predecessor=unit) | Q(links__successor=unit))
        .distinct()
        .order_by("effective_date", "id")
    )


def orgunit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The chain of parents from the root down to (not including) `unit`."""
    ids = unit.ancestor_ids
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def orgunit_get(*, pk: int) -> OrgUnit | None:
    return OrgUnit.objects.select_related("parent").filter(pk=pk).first()
