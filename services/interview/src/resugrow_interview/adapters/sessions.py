"""Mongo repository for practice sessions. Every query filters by user_id."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

SESSIONS = "sessions"


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[SESSIONS].create_index([("user_id", ASCENDING), ("created_at", DESCENDING)])
    await db[SESSIONS].create_index([("user_id", ASCENDING), ("status", ASCENDING)])


async def get(
    db: AsyncDatabase[Any], user_id: str, session_id: str, *, session: AsyncClientSession | None = None
) -> dict[str, Any] | None:
    return await db[SESSIONS].find_one({"_id": session_id, "user_id": user_id}, session=session)


async def insert(
    db: AsyncDatabase[Any], doc: dict[str, Any], *, session: AsyncClientSession | None = None
) -> None:
    await db[SESSIONS].insert_one(doc, session=session)


async def replace_if_version(
    db: AsyncDatabase[Any],
    doc: dict[str, Any],
    expected_version: int,
    *,
    session: AsyncClientSession | None = None,
) -> bool:
    """Optimistic concurrency: write only if nobody changed the session since it was read."""
    result = await db[SESSIONS].replace_one(
        {"_id": doc["_id"], "user_id": doc["user_id"], "version": expected_version}, doc, session=session
    )
    return result.matched_count == 1


async def list_for_user(
    db: AsyncDatabase[Any], user_id: str, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    query: dict[str, Any] = {"user_id": user_id}
    if status:
        query["status"] = status
    total = await db[SESSIONS].count_documents(query)
    cursor = (
        db[SESSIONS]
        .find(query)
        .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        .skip(offset)
        .limit(limit)
    )
    return await cursor.to_list(None), total


async def all_for_user(db: AsyncDatabase[Any], user_id: str, *, limit: int = 500) -> list[dict[str, Any]]:
    cursor = (
        db[SESSIONS]
        .find({"user_id": user_id})
        .sort([("created_at", ASCENDING), ("_id", ASCENDING)])
        .limit(limit)
    )
    return await cursor.to_list(None)
