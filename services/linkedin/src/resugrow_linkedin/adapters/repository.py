"""Mongo collections of the LinkedIn review service and their repositories: the only code naming a
collection. Every query filters by ``user_id``: another user's review is simply not found."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_platform import find_owned

REVIEWS = "reviews"
RESUMES = "resume_projections"
USER_COLLECTIONS = (REVIEWS, RESUMES)
# What the consistency check reads of a projection (not its version or time).
PROJECTION_CONTENT = ("title", "is_variant", "name", "headline", "positions", "skills")
# What a list of reviews leaves out: the large parts only a single review shows.
_LIST_FIELDS = {
    "profile": 0,
    "rewrites": 0,
    "targeting": 0,
    "consistency": 0,
    "audit.content": 0,
    "audit.checks": 0,
}

Doc = dict[str, Any]


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[REVIEWS].create_index([("user_id", ASCENDING), ("_id", DESCENDING)])
    await db[RESUMES].create_index([("user_id", ASCENDING), ("_id", ASCENDING)])


class MongoReviews:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._coll = db[REVIEWS]
        self._session = session

    async def add(self, doc: Doc) -> None:
        await self._coll.insert_one(doc, session=self._session)

    async def get(self, user_id: str, review_id: str) -> Doc | None:
        found: Doc | None = await find_owned(self._coll, review_id, user_id, session=self._session)
        return found

    async def latest(self, user_id: str) -> Doc | None:
        found: Doc | None = await self._coll.find_one(
            {"user_id": user_id}, sort=[("_id", DESCENDING)], session=self._session
        )
        return found

    async def newest_first(self, user_id: str, *, before_id: str | None, limit: int) -> list[Doc]:
        query: Doc = {"user_id": user_id}
        if before_id:
            query["_id"] = {"$lt": before_id}
        found = self._coll.find(query, _LIST_FIELDS, session=self._session)
        return await found.sort("_id", DESCENDING).limit(limit).to_list(None)

    async def score_history(self, user_id: str, *, limit: int) -> list[Doc]:
        fields = {"score": 1, "band": 1, "created_at": 1, "source": 1}
        found = self._coll.find({"user_id": user_id}, fields, session=self._session)
        return await found.sort("_id", DESCENDING).limit(limit).to_list(None)

    async def count(self, user_id: str) -> int:
        return await self._coll.count_documents({"user_id": user_id}, session=self._session)

    async def set_consistency(self, user_id: str, review_id: str, mismatches: list[Doc]) -> None:
        await self._coll.update_one(
            {"_id": review_id, "user_id": user_id},
            {"$set": {"consistency": mismatches}},
            session=self._session,
        )


class MongoResumeProjections:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._coll = db[RESUMES]
        self._session = session

    async def all_for(self, user_id: str) -> list[Doc]:
        found = self._coll.find({"user_id": user_id}, session=self._session)
        return await found.sort("_id", ASCENDING).to_list(None)

    async def put_if_newer(self, user_id: str, resume_id: str, doc: Doc) -> bool:
        key = {"_id": resume_id, "user_id": user_id}
        # The usual case, a newer version of a stored resume, in one round trip: the stored
        # version always advances (so a replayed older event can never overwrite it), and the
        # document as it was tells whether anything the consistency check reads changed.
        before = await self._coll.find_one_and_update(
            {**key, "version": {"$lt": doc["version"]}},
            {"$set": doc},
            projection=dict.fromkeys(PROJECTION_CONTENT, 1),
            return_document=ReturnDocument.BEFORE,
            session=self._session,
        )
        if before is not None:
            return any(before.get(field) != doc.get(field) for field in PROJECTION_CONTENT)
        existing = await self._coll.find_one(key, {"version": 1}, session=self._session)
        if existing is not None and existing.get("version", 0) >= doc["version"]:
            return False
        await self._coll.replace_one(key, {**key, **doc}, upsert=True, session=self._session)
        return True
