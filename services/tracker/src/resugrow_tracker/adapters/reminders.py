"""Reminders: pending until the scheduler claims them, then sent or cancelled."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_tracker.adapters.mongo import REMINDERS


class ReminderRepository:
    def __init__(self, db: AsyncDatabase[Any], session: Any = None) -> None:
        self._col = db[REMINDERS]
        self._s = session

    async def any_due(self, now: datetime) -> bool:
        """One indexed read, outside any transaction: the idle scheduler's whole cost."""
        found = await self._col.find_one(
            {"status": "pending", "due_at": {"$lte": now}}, {"_id": 1}, session=self._s
        )
        return found is not None

    async def add(self, doc: dict[str, Any]) -> None:
        await self._col.insert_one(doc, session=self._s)

    async def cancel_pending_for(self, user_id: str, app_id: str, reason: str) -> None:
        await self._col.update_many(
            {"user_id": user_id, "application_id": app_id, "status": "pending"},
            {"$set": {"status": "cancelled", "cancel_reason": reason}},
            session=self._s,
        )

    async def claim_due(self, now: datetime) -> dict[str, Any] | None:
        """Atomically move the oldest due reminder from pending to sent."""
        doc: dict[str, Any] | None = await self._col.find_one_and_update(
            {"status": "pending", "due_at": {"$lte": now}},
            {"$set": {"status": "sent", "fired_at": now}},
            sort=[("due_at", ASCENDING), ("_id", ASCENDING)],
            session=self._s,
            return_document=ReturnDocument.AFTER,
        )
        return doc

    async def set(self, reminder_id: str, sets: dict[str, Any]) -> None:
        await self._col.update_one({"_id": reminder_id}, {"$set": sets}, session=self._s)

    async def page(
        self,
        user_id: str,
        *,
        status: str | None,
        application_id: str | None,
        after: tuple[Any, str] | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        flt: dict[str, Any] = {"user_id": user_id}
        if status:
            flt["status"] = status
        if application_id:
            flt["application_id"] = application_id
        if after is not None:
            flt["$or"] = [{"due_at": {"$gt": after[0]}}, {"due_at": after[0], "_id": {"$gt": after[1]}}]
        docs: list[dict[str, Any]] = (
            await self._col.find(flt, session=self._s)
            .sort([("due_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
            .to_list(None)
        )
        return docs
