"""The board and its columns."""

from __future__ import annotations

from datetime import datetime

from resugrow_tracker.commands import ColumnsIn
from resugrow_tracker.domain.board import Column, validate_columns
from resugrow_tracker.domain.board_index import BoardIndex
from resugrow_tracker.use_cases.common import board_columns
from resugrow_tracker.use_cases.ports import Doc, ReadModelCache, TrackerUoW
from resugrow_tracker.use_cases.read_models import current_projection

DEFAULT_CARDS_PER_COLUMN = 50


async def board_index(
    uow: TrackerUoW, cache: ReadModelCache, user_id: str, columns: list[Column]
) -> BoardIndex:
    """Every live application's card in board order, kept current incrementally: the previous
    read's order with the changed applications moved (rebuilt when the columns changed)."""
    projection = await current_projection(uow, cache, "board", user_id, _card_source)
    index = projection.derived
    if not isinstance(index, BoardIndex) or index.columns != columns:
        previous = projection.previous_derived
        if isinstance(previous, BoardIndex) and previous.columns == columns:
            index = previous.updated(projection.changes)
        else:
            index = BoardIndex.of(projection.values(), columns)
        projection.derived = index
        projection.changes, projection.previous_derived = [], None
    return index


def _card_source(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if k != "deleted"}


async def get_board(
    uow: TrackerUoW,
    cache: ReadModelCache,
    *,
    user_id: str,
    now: datetime,
    cards_per_column: int | None = None,
    default_cards: int = DEFAULT_CARDS_PER_COLUMN,
) -> Doc:
    columns = await board_columns(uow, user_id)
    index = await board_index(uow, cache, user_id, columns)
    per = cards_per_column or default_cards
    return {"as_of": now, "columns": index.render(as_of=now, cards_per_column=per)}


async def get_columns(uow: TrackerUoW, *, user_id: str) -> Doc:
    return {"columns": [c.as_dict() for c in await board_columns(uow, user_id)]}


async def set_columns(uow: TrackerUoW, cmd: ColumnsIn, *, user_id: str, now: datetime) -> Doc:
    columns = validate_columns(c.model_dump() for c in cmd.columns)
    await uow.boards.save(user_id, columns, now)
    return {"columns": [c.as_dict() for c in columns]}
