"""`streamed_rows` gives what the queryset gives, on PostgreSQL and SQLite alike (the suite runs
on both), is logged as one query, and leaves the transaction usable when the reader stops."""

import datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count

from conftest import Tree
from thidua.core.models import Holiday
from thidua.core.streaming import streamed_rows
from thidua.org.models import OrgUnit


def test_the_rows_are_the_querysets_in_its_order(tree: Tree) -> None:
    units = OrgUnit.objects.order_by("-path").values_list("pk", "name", "valid_from", "parent_id")

    assert list(streamed_rows(units)) == list(units)
    assert len(list(units)) == 4


def test_it_is_one_logged_query(tree: Tree, django_assert_num_queries: Any) -> None:
    units = OrgUnit.objects.order_by("pk").values_list("pk", "name")

    with django_assert_num_queries(1) as captured:
        rows = list(streamed_rows(units))

    assert len(rows) == 4
    assert "org_orgunit" in captured.captured_queries[0]["sql"]


def test_a_filter_that_matches_nothing_reads_nothing(
    tree: Tree, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        assert list(streamed_rows(OrgUnit.objects.filter(pk__in=[]).values_list("pk"))) == []


def test_fields_the_database_cannot_give_as_is_go_through_django(tree: Tree) -> None:
    counted = (
        OrgUnit.objects.annotate(children_count=Count("children"))
        .order_by("pk")
        .values_list("pk", "children_count")
    )

    rows = list(streamed_rows(counted))

    assert rows == list(counted)
    assert sorted(count for _pk, count in rows) == [0, 0, 1, 2]
    assert all(type(count) is int for _pk, count in rows)


def test_a_reader_that_stops_early_leaves_the_transaction_usable(db: Any) -> None:
    # Far more than one chunk and than the socket holds (about 7 MB): the server is still
    # sending when the reader stops.
    first_day = datetime.date(1950, 1, 1)
    Holiday.objects.bulk_create(
        Holiday(day=first_day + datetime.timedelta(days=number), name=f"{number:0200d}")
        for number in range(30_000)
    )
    days = Holiday.objects.order_by("day").values_list("day", "name")
    with transaction.atomic():
        rows = streamed_rows(days)
        first = next(rows)
        rows.close()  # as a `break` or an error in the reader would

        assert first == (first_day, f"{0:0200d}")
        assert Holiday.objects.count() == 30_000  # the transaction still answers
        assert connection.in_atomic_block


def test_only_tuples_of_values_are_streamed(tree: Tree) -> None:
    with pytest.raises(TypeError, match="values_list"):
        list(streamed_rows(OrgUnit.objects.values_list("pk", flat=True)))
    with pytest.raises(TypeError, match="values_list"):
        list(streamed_rows(OrgUnit.objects.all()))
