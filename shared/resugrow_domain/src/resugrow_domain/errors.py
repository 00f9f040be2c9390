"""Domain errors: what a use case says went wrong, in the user's terms.

They know nothing of HTTP or Kafka. `resugrow_platform` maps them once: to problem+json for the
API (NotFound -> 404, InvalidInput -> 422 ...) and to dead-letter or retry decisions for consumers
(Unavailable is retried, every other domain error is permanent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with the input. `field` is a dotted path into the command
    ("resume.basics.email", "items.3.to"); tabular imports add the row and column instead."""

    msg: str
    field: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    type: str = "invalid"

    def path(self) -> list[str | int]:
        parts: list[str | int] = []
        if self.field:
            parts.extend(int(p) if p.isdigit() else p for p in self.field.split("."))
        if self.row is not None:
            parts.append(self.row)
        if self.column is not None:
            parts.append(self.column)
        return parts


class DomainError(Exception):
    """Base of every error a use case raises on purpose; anything else is a bug."""

    title = "Domain Error"

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        errors: list[FieldError] | None = None,
        retry_after_s: float | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.errors: list[FieldError] = list(errors or [])
        if field is not None and not self.errors:
            self.errors.append(FieldError(msg=detail, field=field))
        self.retry_after_s = retry_after_s
        # Machine-readable facts for the client (limits, ids); never the rejected input itself.
        self.extra = extra

    def __str__(self) -> str:
        return self.detail


class NotFound(DomainError):
    """The resource does not exist, or belongs to someone else (never say which)."""

    title = "Not Found"


class Conflict(DomainError):
    """The request is valid but clashes with the current state (duplicate, stale version)."""

    title = "Conflict"


class InvalidInput(DomainError):
    """Input the user must fix; nothing has been stored."""

    title = "Unprocessable Content"


class TooLarge(InvalidInput):
    """The input is over a size, row, page or time budget."""

    title = "Content Too Large"


class Unsupported(InvalidInput):
    """A format or media type the service does not read."""

    title = "Unsupported Media Type"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    title = "Forbidden"


class Unavailable(DomainError):
    """A dependency is down or overloaded: try again later (consumers retry it)."""

    title = "Service Unavailable"
