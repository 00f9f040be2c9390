"""A user's board columns (one document per user, absent while the defaults apply)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resugrow_platform import find_owned
from resugrow_tracker.adapters.mongo import BOARDS
from resugrow_tracker.domain.board import Column
from resugrow_tracker.domain.stages import Stage


class BoardRepository:
    def __init__(self, db: AsyncDatabase[Any], session: Any = None) -> None:
        self._col = db[BOARDS]
        self._s = session

    async def columns(self, user_id: str) -> list[Column] | None:
        doc = await find_owned(self._col, user_id, user_id, session=self._s)
        if not doc:
            return None
        return [Column(c["id"], c["name"], Stage(c["stage"])) for c in doc["columns"]]

    async def save(self, user_id: str, columns: list[Column], now: datetime) -> None:
        doc = {
            "_id": user_id,
            "user_id": user_id,
            "columns": [c.as_dict() for c in columns],
            "updated_at": now,
        }
        await self._col.replace_one({"_id": user_id}, doc, upsert=True, session=self._s)
