"""The activity timeline: one entry per event, keyed by the event id."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_platform import UnitOfWork
from resugrow_tracker.adapters.mongo import ACTIVITY


class ActivityRepository:
    def __init__(self, db: AsyncDatabase[Any], session: Any = None, uow: UnitOfWork | None = None) -> None:
        self._col = db[ACTIVITY]
        self._s = session
        self._uow = uow

    async def put(self, doc: dict[str, Any]) -> None:
        await self._col.replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self._s)

    def add_at_commit(self, doc: dict[str, Any]) -> None:
        """Written with the rest of a consumer batch at commit (one round trip for many entries);
        the consumer's ledger already skips redeliveries."""
        if self._uow is None:
            raise RuntimeError("add_at_commit needs a transaction")
        self._uow.insert_later(ACTIVITY, doc)

    async def existing_ids(self, ids: list[str]) -> set[str]:
        return {d["_id"] async for d in self._col.find({"_id": {"$in": ids}}, {"_id": 1}, session=self._s)}

    async def page(
        self,
        user_id: str,
        *,
        application_id: str | None,
        kind: str | None,
        before: tuple[Any, str] | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        flt: dict[str, Any] = {"user_id": user_id}
        if application_id:
            flt["application_id"] = application_id
        if kind:
            flt["kind"] = kind
        if before is not None:
            flt["$or"] = [{"at": {"$lt": before[0]}}, {"at": before[0], "_id": {"$lt": before[1]}}]
        docs: list[dict[str, Any]] = (
            await self._col.find(flt, session=self._s)
            .sort([("at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
            .to_list(None)
        )
        return docs
