"""The API's pagination: django-ninja's limit/offset, bounded so that no `limit` or `offset` a
client sends overflows the database's integers (an out-of-range number is a 422 naming the
field, not a server error), and the pages' paginator for lists that only grow."""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# The largest 32-bit signed integer: more rows than any list here will hold.
LARGEST = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=LARGEST)
        offset: int = Field(0, ge=0, le=LARGEST)


class CappedPaginator(Paginator):
    """Pages of a list that only grows (the audit log): counts at most ``cap`` + 1 rows, so the
    count stops early instead of scanning millions of rows. Past the cap the list shows the
    newest ``cap`` rows and asks the reader to filter."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int = 10_000) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        return self.rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._bounded_count > self.cap
