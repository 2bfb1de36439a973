"""What every API error answers (the handlers in `thidua/api.py` and the request guards of
`core/middleware.py`): `{"message": "<tiếng Việt>", "extra": {...}}`. Each operation lists in its
`response` mapping the statuses its code can answer with, so the OpenAPI document tells clients
(and the schema test) every answer they may get."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Lỗi: `message` nói bằng tiếng Việt vì sao; `extra` thêm chi tiết (trường sai, phiên bản…)."""

    message: str
    extra: dict[str, Any]


# Statuses and when the API answers with them.
ERROR_STATUSES = {
    400: "a business rule refused the request (ApplicationError)",
    401: "no session and no valid token",
    403: "the caller lacks the permission",
    404: "the object does not exist or the caller may not see it",
    409: "the object changed since the caller read it (optimistic locking)",
    413: "the request body is larger than the upload limit",
    422: "a parameter or the body does not match the schema",
    429: "too many uploaded files in the window",
}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: ItemOut, **errors(401, 404, 422)}`."""
    unknown = sorted(set(statuses) - set(ERROR_STATUSES))
    if unknown:
        raise ValueError(f"Unknown error statuses: {unknown}")
    return dict.fromkeys(statuses, ErrorOut)


# Every multipart upload may also be refused by the request guards before the view runs.
UPLOAD = (413, 429)

# The largest primary key the databases hold (a signed 64-bit integer). A larger id a client
# sends names nothing, and would overflow the query of an `__in` lookup, which Django does not
# guard as it guards `=`.
LARGEST_ID = 2**63 - 1


def storable_ids(ids: list[int]) -> list[int]:
    return [pk for pk in ids if 0 < pk <= LARGEST_ID]
