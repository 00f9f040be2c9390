"""A user's read model (analytics records, board cards) kept up to date row by row.

A write changes a few applications; re-reading all of them (5,000 for a heavy user) on the next
read is what made the first analytics or board after a write slow. A projection is one row per
live application; applying the applications that changed replaces their rows and drops deleted
ones, so the read model equals the one built from every application.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Projection(Generic[T]):
    """One row per live application, in the order the applications were first seen.

    Never changed in place: `applied` returns a new projection, so a reader still working on
    the previous one (or another coroutine holding it) is not disturbed.
    """

    __slots__ = ("changes", "derived", "previous_derived", "rows")

    def __init__(self, rows: dict[str, T] | None = None) -> None:
        self.rows: dict[str, T] = rows or {}
        # Something computed from all rows (e.g. prepared analytics records), valid for this
        # projection only: a new projection starts without it.
        self.derived: Any = None
        # What `applied` changed, as (old row, new row) with None for an added or dropped row,
        # and the previous projection's `derived`: enough to update running totals instead of
        # rebuilding them. Whoever builds `derived` clears both.
        self.changes: list[tuple[T | None, T | None]] = []
        self.previous_derived: Any = None

    def applied(self, docs: Iterable[dict[str, Any]], row_of: Callable[[dict[str, Any]], T]) -> Projection[T]:
        rows = dict(self.rows)
        changes: list[tuple[T | None, T | None]] = []
        for doc in docs:
            if doc.get("deleted"):
                old = rows.pop(doc["_id"], None)
                if old is not None:
                    changes.append((old, None))
            else:
                # Replacing an existing key keeps its position, as the stored order does.
                new = row_of(doc)
                changes.append((rows.get(doc["_id"]), new))
                rows[doc["_id"]] = new
        out = Projection(rows)
        out.changes, out.previous_derived = changes, self.derived
        return out

    def values(self) -> list[T]:
        return list(self.rows.values())
