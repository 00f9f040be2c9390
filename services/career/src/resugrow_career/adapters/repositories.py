"""Mongo repositories: the only code that names the career service's collections."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_platform import find_owned

PROFILES = "career_profiles"
EVALUATIONS = "offer_evaluations"
COLLECTIONS = (PROFILES, EVALUATIONS)


class ProfileRepository:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._col = db[PROFILES]
        self._session = session

    async def get(self, user_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one({"_id": user_id}, session=self._session)
        return doc

    async def upsert(self, user_id: str, doc: dict[str, Any]) -> None:
        await self._col.replace_one(
            {"_id": user_id}, {**doc, "_id": user_id, "user_id": user_id}, upsert=True, session=self._session
        )


class EvaluationRepository:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._col = db[EVALUATIONS]
        self._session = session

    async def insert(self, doc: dict[str, Any]) -> None:
        await self._col.insert_one(doc, session=self._session)

    async def get(self, user_id: str, evaluation_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await find_owned(
            self._col, evaluation_id, user_id, session=self._session
        )
        return doc

    async def latest(self, user_id: str) -> dict[str, Any] | None:
        found = await self.list_for(user_id, limit=1, before=None)
        return found[0] if found else None

    async def list_for(self, user_id: str, *, limit: int, before: str | None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"user_id": user_id}
        if before:
            query["_id"] = {"$lt": before}
        cursor = self._col.find(query, session=self._session).sort([("_id", DESCENDING)])
        return [doc async for doc in cursor.limit(limit)]


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[EVALUATIONS].create_index([("user_id", 1), ("_id", -1)])
