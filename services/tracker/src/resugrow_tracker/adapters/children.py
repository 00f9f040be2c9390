"""Contacts, notes and tasks: small documents hanging off one application, one collection each."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_tracker.adapters.mongo import CONTACTS, NOTES, TASKS


class ChildRepository:
    collection = ""

    def __init__(self, db: AsyncDatabase[Any], session: Any = None) -> None:
        self._col = db[self.collection]
        self._s = session

    async def add(self, doc: dict[str, Any]) -> None:
        await self._col.insert_one(doc, session=self._s)

    async def add_many(self, docs: list[dict[str, Any]]) -> None:
        if docs:
            await self._col.insert_many(docs, session=self._s)

    async def for_application(
        self, user_id: str, app_id: str, *, after: tuple[Any, str] | None, limit: int
    ) -> list[dict[str, Any]]:
        flt: dict[str, Any] = {"user_id": user_id, "application_id": app_id}
        if after is not None:
            flt["$or"] = [
                {"created_at": {"$gt": after[0]}},
                {"created_at": after[0], "_id": {"$gt": after[1]}},
            ]
        docs: list[dict[str, Any]] = (
            await self._col.find(flt, session=self._s)
            .sort([("created_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
            .to_list(None)
        )
        return docs


class ContactRepository(ChildRepository):
    collection = CONTACTS

    async def first_named(self, user_id: str, app_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one(
            {"user_id": user_id, "application_id": app_id, "name": {"$ne": None}},
            sort=[("created_at", ASCENDING)],
            session=self._s,
        )
        return doc

    async def all_of(self, user_id: str) -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = (
            await self._col.find({"user_id": user_id}, session=self._s).sort("created_at", 1).to_list(None)
        )
        return docs


class NoteRepository(ChildRepository):
    collection = NOTES


class TaskRepository(ChildRepository):
    collection = TASKS
