"""The incrementally kept board order equals build_board's, ties included."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from resugrow_tracker.domain.board import DEFAULT_COLUMNS, Column, build_board
from resugrow_tracker.domain.board_index import BoardIndex

AS_OF = datetime(2026, 3, 1, tzinfo=UTC)
STAGES = ["saved", "applied", "screening", "ghosted"]


def _doc(rng: random.Random, i: int) -> dict[str, Any]:
    # Few distinct priorities and times: most cards tie, so only first-seen order separates them.
    return {"_id": f"a{rng.randint(0, 10**6)}-{i}", "company": f"Co{i}", "stage": rng.choice(STAGES),
            "priority": rng.choice([None, 0, 2]), "column_id": None,
            "last_move_at": rng.choice([None, AS_OF - timedelta(days=3), AS_OF - timedelta(days=40)])}  # fmt: skip


def test_updates_keep_the_same_order_as_a_full_sort() -> None:
    rng = random.Random(3)
    columns = [
        Column("todo", "To do", DEFAULT_COLUMNS[0].stage),
        Column("sent", "Sent", DEFAULT_COLUMNS[1].stage),
    ]
    rows = {d["_id"]: d for d in (_doc(rng, i) for i in range(40))}
    index = BoardIndex.of(rows.values(), columns)
    for step in range(60):
        changes: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.random()
            if kind < 0.3:
                new = _doc(rng, 100 + step)
                changes.append((None, new))
                rows[new["_id"]] = new
            elif kind < 0.5 and rows:
                gone = rows.pop(rng.choice(list(rows)))
                changes.append((gone, None))
            elif rows:
                old = rows[rng.choice(list(rows))]
                new = {**old, "priority": rng.choice([None, 0, 2]), "stage": rng.choice(STAGES)}
                changes.append((old, new))
                rows[new["_id"]] = new  # replacing a key keeps its position, as the projection does
        index = index.updated(changes)
        want = build_board(list(rows.values()), columns, as_of=AS_OF, cards_per_column=50)
        assert index.render(as_of=AS_OF, cards_per_column=50) == want, f"step {step}"
