"""The board kept in board order, so a board after a write is not a sort of 5,000 cards.

Each column holds its applications sorted the way `build_board` shows them (priority high
first, then the most recent move, then the order the applications were first seen); a changed
application leaves its old place and is inserted at its new one. Rendering takes the first
cards of each column; only those are classified (presumed ghosted, stale) as of the request.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from resugrow_tracker.domain.board import Column, card, column_for, with_implicit_columns
from resugrow_tracker.domain.stages import Stage

# (-priority, -time of the last move, first-seen order, id): unique, so plain tuple order.
_Entry = tuple[int, float, int, str]
_STAGES = {s.value: s for s in Stage}


def _entry(app: Mapping[str, Any], seq: int) -> _Entry:
    last = app.get("last_move_at")
    return (
        -(app.get("priority") or 0),
        -last.timestamp() if isinstance(last, datetime) else 0.0,
        seq,
        app["_id"],
    )


class BoardIndex:
    """One user's cards per column for one column layout. Build with `of`, change with
    `updated` (a copy: a reader holding this one is not disturbed)."""

    __slots__ = ("_apps", "_buckets", "_next_seq", "_placed", "columns", "from_previous", "layout")

    def __init__(self, columns: list[Column]) -> None:
        self.columns = list(columns)
        self.layout = with_implicit_columns(self.columns)
        self._buckets: dict[str, list[_Entry]] = {c.id: [] for c in self.layout}
        # Per application: its entry, its column id, and the document its card shows.
        self._placed: dict[str, tuple[_Entry, str]] = {}
        self._apps: dict[str, Mapping[str, Any]] = {}
        self._next_seq = 0
        # True when this index is a previous one with changes applied (not rebuilt).
        self.from_previous = False

    @staticmethod
    def of(apps: Iterable[Mapping[str, Any]], columns: list[Column]) -> BoardIndex:
        index = BoardIndex(columns)
        for app in apps:
            index._place(app, sort=False)
        for entries in index._buckets.values():
            entries.sort()
        return index

    def updated(
        self, changes: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]]
    ) -> BoardIndex:
        """A copy with each (old, new) document applied; None for an added or removed one."""
        index = BoardIndex.__new__(BoardIndex)
        index.columns, index.layout = self.columns, self.layout
        index._buckets = {k: list(v) for k, v in self._buckets.items()}
        index._placed, index._apps = dict(self._placed), dict(self._apps)
        index._next_seq = self._next_seq
        index.from_previous = True
        for old, new in changes:
            if new is not None:
                index._place(new, sort=True)
            elif old is not None:
                index._drop(old["_id"])
        return index

    def _drop(self, app_id: str) -> int | None:
        placed = self._placed.pop(app_id, None)
        if placed is None:
            return None
        entry, col_id = placed
        entries = self._buckets[col_id]
        del entries[bisect_left(entries, entry)]
        del self._apps[app_id]
        return entry[2]

    def _place(self, app: Mapping[str, Any], *, sort: bool) -> None:
        # A replaced application keeps its first-seen position, as a dict key does.
        seq = self._drop(app["_id"])
        if seq is None:
            seq = self._next_seq
            self._next_seq += 1
        col = column_for(_STAGES[app["stage"]], app.get("column_id"), self.layout)
        entry = _entry(app, seq)
        entries = self._buckets.setdefault(col.id, [])
        if sort:
            insort(entries, entry)
        else:
            entries.append(entry)
        self._placed[app["_id"]] = (entry, col.id)
        self._apps[app["_id"]] = app

    def render(self, *, as_of: datetime, cards_per_column: int) -> list[dict[str, Any]]:
        """The same columns as build_board over the same applications."""
        out: list[dict[str, Any]] = []
        for col in self.layout:
            entries = self._buckets.get(col.id, [])
            implicit = col not in self.columns
            if not entries and implicit:
                continue
            cards = [card(self._apps[e[3]], as_of) for e in entries[:cards_per_column]]
            out.append({**col.as_dict(), "implicit": implicit, "count": len(entries), "cards": cards})
        return out
