"""Reading many rows while the database is still producing them.

A queryset reads all its rows before the first one is handed over: the server computes and
sends, then Python builds objects, one after the other. For bulk reads that turn every row
into something (the eligibility engine's records), :func:`streamed_rows` lets both happen at
once on PostgreSQL: psycopg's chunked mode hands over a few thousand rows at a time as the
server sends them. Elsewhere it is the queryset's own iteration.
"""

from collections.abc import Iterator
from typing import Any

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

#: Rows handed over at a time; a chunk costs one result object of libpq's.
STREAM_CHUNK = 2000

#: libpq's chunked mode came with version 17; before it psycopg streams row by row, which is
#: slower than reading everything at once.
_CHUNKED_LIBPQ = 170000


def streamed_rows(queryset: QuerySet) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset (tuples, not ``flat`` nor ``named``), in its
    order, each as the queryset would give it.

    Streamed on PostgreSQL when its fields need no conversion from the database's values
    (integers, text, dates; Django's converters would be skipped); otherwise the queryset's
    own iteration. The query is logged like any other (``connection.queries``, query-count
    assertions), but ``connection.execute_wrapper`` hooks, which wrap ``execute()``, do not see
    it (it is always a SELECT). A caller that stops early (``break``, an error while it turns rows into
    records) still pays for the rest: they are read and dropped, because psycopg would
    otherwise cancel the query, which aborts the transaction it runs in.
    """
    if queryset._iterable_class is not ValuesListIterable:  # no public flag for it
        raise TypeError("streamed_rows takes values_list(...) without flat or named")
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or psycopg.pq.version() < _CHUNKED_LIBPQ:
        yield from queryset
        return
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter that matches nothing, say `pk__in=[]`
        return
    if compiler.get_converters([column for column, _sql, _alias in compiler.select]):
        yield from queryset
        return
    with connection.cursor() as cursor:
        rows = cursor.cursor.stream(sql, params, size=STREAM_CHUNK)
        debug_sql = getattr(cursor, "debug_sql", None)  # only when queries are logged
        try:
            # Not `yield from`: closing this generator would close psycopg's, which cancels.
            if debug_sql is None:
                for row in rows:
                    yield row
            else:
                with debug_sql(sql, params):
                    for row in rows:
                        yield row
        finally:
            for _left in rows:  # stopped early: see above
                pass
