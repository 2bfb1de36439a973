"""Reading many rows while the database is still producing them.

A queryset reads all its rows before the first one is handed over: the server computes and
sends, then Python builds objects, one after the other. For bulk reads that turn every row
into something (the eligibility engine's records), :func:`read_streamed` lets both happen at
once on PostgreSQL: psycopg's chunked mode hands over a few thousand rows at a time as the
server sends them. Elsewhere it is the queryset's own iteration.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

T = TypeVar("T")

Rows = Iterable[tuple[Any, ...]]

#: Rows handed over at a time; a chunk costs one result object of libpq's.
STREAM_CHUNK = 2000

#: libpq's chunked mode came with version 17; before it psycopg streams row by row, which is
#: slower than reading everything at once.
_CHUNKED_LIBPQ = 170000


def read_streamed(queryset: QuerySet, consume: Callable[[Rows], T]) -> T:
    """``consume(rows)`` over the rows of a ``values_list`` queryset (tuples, not ``flat`` nor
    ``named``), in its order, each as the queryset would give it; returns what it returns.

    On PostgreSQL the rows are streamed when they need no conversion from the database's
    values (integers, text, dates); otherwise, and elsewhere, ``consume`` gets the queryset's
    own iteration. While ``consume`` runs, the connection is busy with this query: it must not
    query the database itself (psycopg holds the connection's lock; a second query would wait
    for ever). When it stops early or raises, the rest of the rows is read and dropped before
    this returns: cancelling instead would abort the surrounding transaction.

    Errors are Django's (``django.db.DatabaseError``). The query is logged like any other
    (``connection.queries``, query-count assertions; its time includes ``consume``'s), but
    ``connection.execute_wrapper`` hooks, which wrap ``execute()``, do not see it (it is
    always a SELECT).
    """
    if queryset._iterable_class is not ValuesListIterable:  # no public flag for it
        raise TypeError("read_streamed takes values_list(...) without flat or named")
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or psycopg.pq.version() < _CHUNKED_LIBPQ:
        return consume(iter(queryset))
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter that matches nothing, say `pk__in=[]`
        return consume(iter(()))
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    if (
        compiler.has_extra_select  # columns the ordering needs, not returned
        or compiler.get_converters(columns)
        or compiler.has_composite_fields(columns)
    ):
        return consume(iter(queryset))
    with connection.cursor() as cursor:
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            rows: Iterator[tuple[Any, ...]] = cursor.cursor.stream(sql, params, size=STREAM_CHUNK)
            debug_sql = getattr(cursor, "debug_sql", None)  # only when queries are logged
            try:
                if debug_sql is None:
                    return consume(rows)
                with debug_sql(sql, params):
                    return consume(rows)
            finally:
                for _left in rows:  # stopped early or raised: see above
                    pass
