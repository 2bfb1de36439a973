"""`read_streamed` gives what the queryset gives, on PostgreSQL and SQLite alike (the suite runs
on both), is logged as one query, and leaves the transaction usable when its reader stops
early or fails."""

import datetime
import faulthandler
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count

from conftest import Tree
from thidua.core.models import AuditEvent, Holiday
from thidua.core.streaming import read_streamed
from thidua.org.models import OrgUnit

MANY = 30_000
FIRST_DAY = datetime.date(1950, 1, 1)


@contextmanager
def no_hang(seconds: int = 60) -> Iterator[None]:
    """A hang (a query waiting for the connection's lock) ends the test process with the
    stacks instead of blocking the suite."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def many_days(db: Any) -> Any:
    # Far more than one chunk and than the socket holds (about 7 MB): the server is still
    # sending when the reader stops.
    Holiday.objects.bulk_create(
        Holiday(day=FIRST_DAY + datetime.timedelta(days=number), name=f"{number:0200d}")
        for number in range(MANY)
    )
    return Holiday.objects.order_by("day").values_list("day", "name")


def test_the_rows_are_the_querysets_in_its_order(tree: Tree) -> None:
    units = OrgUnit.objects.order_by("-path").values_list("pk", "name", "valid_from", "parent_id")

    assert read_streamed(units, list) == list(units)
    assert len(list(units)) == 4


def test_it_is_one_logged_query(tree: Tree, django_assert_num_queries: Any) -> None:
    units = OrgUnit.objects.order_by("pk").values_list("pk", "name")

    with django_assert_num_queries(1) as captured:
        rows = read_streamed(units, list)

    assert len(rows) == 4
    assert "org_orgunit" in captured.captured_queries[0]["sql"]


def test_a_filter_that_matches_nothing_reads_nothing(
    tree: Tree, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        assert read_streamed(OrgUnit.objects.filter(pk__in=[]).values_list("pk"), list) == []


def test_values_django_converts_go_through_django(tree: Tree) -> None:
    # JSON is loaded by Django's converter (psycopg hands over its text).
    AuditEvent.objects.create(action="admin.changed", object_type="x", before={"tên": "Hòa"})
    events = AuditEvent.objects.order_by("pk").values_list("pk", "before")

    rows = read_streamed(events, list)

    assert rows == list(events)
    assert rows[-1][1] == {"tên": "Hòa"}


def test_columns_only_the_ordering_needs_are_not_returned(tree: Tree) -> None:
    names = OrgUnit.objects.order_by("path").distinct().values_list("name")

    assert read_streamed(names, list) == list(names)
    assert {len(row) for row in read_streamed(names, list)} == {1}


def test_a_count_is_an_integer(tree: Tree) -> None:
    counted = (
        OrgUnit.objects.annotate(children_count=Count("children"))
        .order_by("pk")
        .values_list("pk", "children_count")
    )

    rows = read_streamed(counted, list)

    assert rows == list(counted)
    assert sorted(count for _pk, count in rows) == [0, 0, 1, 2]


def test_a_reader_that_stops_early_leaves_the_transaction_usable(many_days: Any) -> None:
    with no_hang(), transaction.atomic():
        first = read_streamed(many_days, next)

        assert first == (FIRST_DAY, f"{0:0200d}")
        assert Holiday.objects.count() == MANY  # the transaction still answers


def test_a_reader_that_fails_leaves_the_transaction_usable(many_days: Any) -> None:
    def fail_on_the_hundredth(rows: Any) -> None:
        for number, _row in enumerate(rows):
            if number == 100:
                raise KeyError("mã không có trong danh mục")

    with no_hang():
        with pytest.raises(KeyError), transaction.atomic():
            read_streamed(many_days, fail_on_the_hundredth)
        with transaction.atomic():
            assert Holiday.objects.count() == MANY
    assert not connection.needs_rollback


def test_only_tuples_of_values_are_read(tree: Tree) -> None:
    with pytest.raises(TypeError, match="values_list"):
        read_streamed(OrgUnit.objects.values_list("pk", flat=True), list)
    with pytest.raises(TypeError, match="values_list"):
        read_streamed(OrgUnit.objects.all(), list)
