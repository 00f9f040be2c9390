"""Applications (with their stage history and interviews): the tracker's main aggregate."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from resugrow_domain import Conflict
from resugrow_platform import find_owned
from resugrow_tracker.adapters.mongo import ANALYTICS_PROJECTION, APPLICATIONS, BOARD_PROJECTION, CHANGED_AT
from resugrow_tracker.use_cases.ports import ApplicationQuery

_LIST_PROJECTION = {"moves": 0, "job_description": 0, "natural_key": 0, CHANGED_AT: 0}
_VIEWS: dict[str, dict[str, Any] | None] = {
    "analytics": ANALYTICS_PROJECTION,
    "board": BOARD_PROJECTION,
    "summary": {"stage": 1, "last_move_at": 1},
    "full": {CHANGED_AT: 0},
}


def _stamp() -> datetime:
    """When a write changed the application, by this process's clock: the read models apply
    applications stamped since their last refresh (see use_cases/read_models.py). Stamped on
    the application itself, so concurrent writes of one user never share a document."""
    return datetime.now(UTC)


_REMINDER_PROJECTION = {
    "moves": 1, "company": 1, "role": 1, "stage": 1, "interviews": 1, "deadline": 1, "deleted": 1,
}  # fmt: skip


def _query_filter(user_id: str, q: ApplicationQuery) -> dict[str, Any]:
    flt: dict[str, Any] = {"user_id": user_id, "deleted": False}
    if q.stages:
        flt["stage"] = {"$in": list(q.stages)}
    if q.text:
        rx = {"$regex": re.escape(q.text), "$options": "i"}
        flt["$or"] = [{"company": rx}, {"role": rx}, {"location": rx}]
    if q.source:
        flt["source"] = q.source
    if q.priority_min is not None:
        flt["priority"] = {"$gte": q.priority_min}
    rng: dict[str, Any] = {}
    if q.created_from:
        rng["$gte"] = q.created_from
    if q.created_to:
        rng["$lte"] = q.created_to
    if rng:
        flt["created_at"] = rng
    return flt


class ApplicationRepository:
    def __init__(self, db: AsyncDatabase[Any], session: Any = None) -> None:
        self._col = db[APPLICATIONS]
        self._s = session

    async def get(self, user_id: str, app_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await find_owned(
            self._col, app_id, user_id, {CHANGED_AT: 0}, session=self._s
        )
        return doc

    async def get_for_reminder(self, user_id: str, app_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await find_owned(
            self._col, app_id, user_id, _REMINDER_PROJECTION, session=self._s
        )
        return doc

    async def add(self, doc: dict[str, Any]) -> None:
        await self._col.insert_one({**doc, CHANGED_AT: _stamp()}, session=self._s)

    async def add_many(self, docs: list[dict[str, Any]]) -> None:
        stamp = _stamp()
        try:
            await self._col.insert_many([{**d, CHANGED_AT: stamp} for d in docs], session=self._s)
        except (DuplicateKeyError, BulkWriteError) as exc:
            if isinstance(exc, BulkWriteError) and any(
                e.get("code") != 11000 for e in exc.details.get("writeErrors", [])
            ):
                raise
            raise Conflict("Some of these applications were just added by another request.") from exc

    async def update(
        self, user_id: str, app_id: str, sets: dict[str, Any], *, push_move: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        update: dict[str, Any] = {"$set": {**sets, CHANGED_AT: _stamp()}}
        if push_move is not None:
            update["$push"] = {"moves": push_move}
        doc: dict[str, Any] | None = await self._col.find_one_and_update(
            {"_id": app_id, "user_id": user_id},
            update,
            session=self._s,
            return_document=ReturnDocument.AFTER,
            projection={"moves": 0, CHANGED_AT: 0},
        )
        return doc

    async def search(self, user_id: str, q: ApplicationQuery) -> tuple[list[dict[str, Any]], int]:
        flt = _query_filter(user_id, q)
        direction = DESCENDING if q.descending else ASCENDING
        found = (
            await self._col.find(flt, _LIST_PROJECTION, session=self._s)
            .sort([(q.sort, direction), ("_id", direction)])
            .skip(q.offset)
            .limit(q.limit + 1)
            .to_list(None)
        )
        return found, await self._col.count_documents(flt, session=self._s)

    async def existing_keys(self, user_id: str, keys: list[str]) -> set[str]:
        cursor = self._col.find(
            {"user_id": user_id, "natural_key": {"$in": keys}}, {"natural_key": 1}, session=self._s
        )
        return {d["natural_key"] async for d in cursor}

    async def active(self, user_id: str, view: str = "full") -> list[dict[str, Any]]:
        """Every live application of the user; `view` picks what is read ("analytics", "board",
        "summary" or "full")."""
        projection = _VIEWS[view]
        docs: list[dict[str, Any]] = await self._col.find(
            {"user_id": user_id, "deleted": False}, projection, session=self._s
        ).to_list(None)
        return docs

    async def changed_since(self, user_id: str, since: datetime, view: str) -> list[dict[str, Any]]:
        """What the read models must apply since their last refresh (deleted ones drop out)."""
        projection = {**inclusive, "deleted": 1} if (inclusive := _VIEWS[view]) and view != "full" else None
        docs: list[dict[str, Any]] = await self._col.find(
            {"user_id": user_id, CHANGED_AT: {"$gte": since}}, projection, session=self._s
        ).to_list(None)
        return docs

    async def upcoming_interviews(self, user_id: str, after: Any, limit: int) -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = (
            await self._col.find(
                {"user_id": user_id, "deleted": False, "next_interview_at": {"$gte": after}},
                {"company": 1, "role": 1, "next_interview_at": 1},
                session=self._s,
            )
            .sort("next_interview_at", 1)
            .limit(limit)
            .to_list(None)
        )
        return docs

    async def with_interviews_after(self, user_id: str, after: Any) -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = await self._col.find(
            {"user_id": user_id, "deleted": False, "interviews.scheduled_at": {"$gte": after}},
            {"company": 1, "role": 1, "interviews": 1},
            session=self._s,
        ).to_list(None)
        return docs
