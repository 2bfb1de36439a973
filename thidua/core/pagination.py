"""The API's pagination: django-ninja's limit/offset, bounded so that no `limit` or `offset` a
client sends overflows the database's integers (an out-of-range number is a 422 naming the
field, not a server error)."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# The largest 32-bit signed integer: more rows than any list here will hold.
LARGEST = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=LARGEST)
        offset: int = Field(0, ge=0, le=LARGEST)
