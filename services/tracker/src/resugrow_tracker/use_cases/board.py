"""The board and its columns."""

from __future__ import annotations

from datetime import datetime

from resugrow_tracker.commands import ColumnsIn
from resugrow_tracker.domain.board import build_board, validate_columns
from resugrow_tracker.use_cases.common import board_columns
from resugrow_tracker.use_cases.ports import Doc, ReadModelCache, TrackerUoW
from resugrow_tracker.use_cases.read_models import current_projection

DEFAULT_CARDS_PER_COLUMN = 50


async def board_docs(uow: TrackerUoW, cache: ReadModelCache, user_id: str) -> list[Doc]:
    """What the board reads of every live application, kept current incrementally."""
    projection = await current_projection(uow, cache, "board", user_id, _card_source)
    if projection.derived is None:
        projection.derived = projection.values()
    return projection.derived  # type: ignore[no-any-return]


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
    docs = await board_docs(uow, cache, user_id)
    per = cards_per_column or default_cards
    return {"as_of": now, "columns": build_board(docs, columns, as_of=now, cards_per_column=per)}


async def get_columns(uow: TrackerUoW, *, user_id: str) -> Doc:
    return {"columns": [c.as_dict() for c in await board_columns(uow, user_id)]}


async def set_columns(uow: TrackerUoW, cmd: ColumnsIn, *, user_id: str, now: datetime) -> Doc:
    columns = validate_columns(c.model_dump() for c in cmd.columns)
    await uow.boards.save(user_id, columns, now)
    return {"columns": [c.as_dict() for c in columns]}
