"""The errors services raise; pages and the API turn them into Vietnamese messages."""

from typing import Any


class ApplicationError(Exception):
    """A business rule refused the request; `message` is shown to the user as it is."""

    status_code = 400

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """The object changed since the user read it."""

    status_code = 409


class NotFoundError(ApplicationError):
    """The object does not exist or the user may not see it (the two are not told apart)."""

    status_code = 404
