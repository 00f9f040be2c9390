"""The activity timeline: one entry per event, keyed by the event id."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from resugrow_platform import UnitOfWork
from resugrow_tracker.adapters.mongo import ACTIVITY

_DUPLICATE_KEY = 11000


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

    async def insert_new(self, docs: list[dict[str, Any]]) -> int:
        """Insert the entries the timeline does not have yet, in one unordered insert_many that
        skips duplicate ids; returns how many were new. Outside a transaction only: inside one,
        a duplicate key would abort it."""
        if not docs:
            return 0
        try:
            result = await self._col.insert_many(docs, ordered=False, session=self._s)
        except BulkWriteError as exc:
            if any(e.get("code") != _DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
                raise
            return int(exc.details.get("nInserted", 0))
        return len(result.inserted_ids)

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
