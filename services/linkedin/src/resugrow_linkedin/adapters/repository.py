"""Mongo access for reviews and the resume projections used by the consistency check.

Every query filters by ``user_id``: another user's review is simply not found.
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

REVIEWS = "reviews"
RESUMES = "resume_projections"
USER_COLLECTIONS = (REVIEWS, RESUMES)


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[REVIEWS].create_index([("user_id", ASCENDING), ("_id", DESCENDING)])
    await db[RESUMES].create_index([("user_id", ASCENDING), ("_id", ASCENDING)])


async def insert_review(db: AsyncDatabase[Any], doc: dict[str, Any], session: AsyncClientSession) -> None:
    await db[REVIEWS].insert_one(doc, session=session)


async def get_review(db: AsyncDatabase[Any], user_id: str, review_id: str) -> dict[str, Any] | None:
    return await db[REVIEWS].find_one({"_id": review_id, "user_id": user_id})


async def latest_review(
    db: AsyncDatabase[Any],
    user_id: str,
    session: AsyncClientSession | None = None,
    projection: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    return await db[REVIEWS].find_one(
        {"user_id": user_id}, projection, sort=[("_id", DESCENDING)], session=session
    )


async def list_reviews(
    db: AsyncDatabase[Any], user_id: str, *, limit: int, before: str | None
) -> list[dict[str, Any]]:
    query: dict[str, Any] = {"user_id": user_id}
    if before:
        query["_id"] = {"$lt": before}
    fields = {
        "profile": 0,
        "rewrites": 0,
        "targeting": 0,
        "consistency": 0,
        "audit.content": 0,
        "audit.checks": 0,
    }
    cursor = db[REVIEWS].find(query, fields).sort("_id", DESCENDING).limit(limit)
    return await cursor.to_list(None)


async def score_history(db: AsyncDatabase[Any], user_id: str, limit: int = 20) -> list[dict[str, Any]]:
    cursor = (
        db[REVIEWS]
        .find({"user_id": user_id}, {"score": 1, "band": 1, "created_at": 1, "source": 1})
        .sort("_id", DESCENDING)
        .limit(limit)
    )
    return await cursor.to_list(None)


async def count_reviews(db: AsyncDatabase[Any], user_id: str) -> int:
    return await db[REVIEWS].count_documents({"user_id": user_id})


async def set_consistency(
    db: AsyncDatabase[Any],
    user_id: str,
    review_id: str,
    mismatches: list[dict[str, Any]],
    session: AsyncClientSession,
) -> None:
    await db[REVIEWS].update_one(
        {"_id": review_id, "user_id": user_id}, {"$set": {"consistency": mismatches}}, session=session
    )


async def resume_projections(
    db: AsyncDatabase[Any], user_id: str, session: AsyncClientSession | None = None
) -> list[dict[str, Any]]:
    return await db[RESUMES].find({"user_id": user_id}, session=session).sort("_id", ASCENDING).to_list(None)


async def upsert_resume_projection(
    db: AsyncDatabase[Any], user_id: str, resume_id: str, doc: dict[str, Any], session: AsyncClientSession
) -> bool:
    """Keep only the newest version of each resume; an older or repeated version changes nothing."""
    existing = await db[RESUMES].find_one(
        {"_id": resume_id, "user_id": user_id}, {"version": 1}, session=session
    )
    if existing is not None and existing.get("version", 0) >= doc["version"]:
        return False
    await db[RESUMES].replace_one(
        {"_id": resume_id, "user_id": user_id},
        {"_id": resume_id, "user_id": user_id, **doc},
        upsert=True,
        session=session,
    )
    return True
