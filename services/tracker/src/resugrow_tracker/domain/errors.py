"""Domain errors: the service layer turns them into problem+json 4xx answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FieldError:
    """One thing wrong with the input, located as precisely as the input allows."""

    msg: str
    row: int | None = None  # 1-based data row (the header is row 0) or item index
    column: str | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        loc: list[Any] = []
        if self.row is not None:
            loc.append(self.row)
        if self.column is not None:
            loc.append(self.column)
        out: dict[str, Any] = {"loc": loc, "msg": self.msg}
        if self.row is not None:
            out["row"] = self.row
        if self.column is not None:
            out["column"] = self.column
        if self.value is not None:
            out["value"] = self.value[:120]
        return out


@dataclass
class InvalidInput(Exception):
    """Input the user must fix; nothing has been stored."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return self.detail


class InputTooLarge(InvalidInput):
    """The upload is over a size or row limit."""


class UnknownStage(InvalidInput):
    """A stage name that maps to no canonical stage and no board column."""
