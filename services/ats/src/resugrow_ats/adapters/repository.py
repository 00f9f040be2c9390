"""Mongo collections of the ATS service, their indexes and repositories: the only code naming a
collection. Every query filters by user_id."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_platform import find_owned

SCANS = "scans"
MATCHES = "matches"
RESUME_TEXTS = "resume_texts"  # projection of resume.updated: one document per resume version
APPLICATIONS = "applications"  # projection of tracker.application.created
PENDING = "pending_work"  # renders/matches that arrived before their resume version's text
USER_COLLECTIONS = (SCANS, MATCHES, RESUME_TEXTS, APPLICATIONS, PENDING)

Doc = dict[str, Any]


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[SCANS].create_index([("user_id", ASCENDING), ("_id", DESCENDING)])
    await db[SCANS].create_index([("user_id", ASCENDING), ("resume_id", ASCENDING), ("version", ASCENDING)])
    await db[MATCHES].create_index([("user_id", ASCENDING), ("application_id", ASCENDING)])
    await db[RESUME_TEXTS].create_index(
        [("user_id", ASCENDING), ("resume_id", ASCENDING), ("version", ASCENDING)]
    )
    await db[APPLICATIONS].create_index([("user_id", ASCENDING), ("application_id", ASCENDING)])
    await db[PENDING].create_index([("user_id", ASCENDING), ("resume_id", ASCENDING), ("version", ASCENDING)])


def text_key(user_id: str, resume_id: str, version: int) -> str:
    return f"{user_id}:{resume_id}:{version}"


class _Repository:
    collection: str

    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._coll = db[self.collection]
        self._session = session


class MongoScans(_Repository):
    collection = SCANS

    async def add(self, doc: Doc) -> None:
        await self._coll.insert_one(doc, session=self._session)

    async def get(self, user_id: str, scan_id: str) -> Doc | None:
        found: Doc | None = await find_owned(self._coll, scan_id, user_id, session=self._session)
        return found

    async def newest_first(self, user_id: str, *, before_id: str | None, limit: int) -> list[Doc]:
        query: Doc = {"user_id": user_id}
        if before_id:
            query["_id"] = {"$lt": before_id}
        cursor = self._coll.find(query, {"report": 0}, session=self._session).sort("_id", -1).limit(limit)
        return await cursor.to_list(None)

    async def count(self, user_id: str) -> int:
        return await self._coll.count_documents({"user_id": user_id}, session=self._session)


class MongoMatches(_Repository):
    collection = MATCHES

    async def add(self, doc: Doc) -> None:
        await self._coll.insert_one(doc, session=self._session)


class MongoResumeTexts(_Repository):
    collection = RESUME_TEXTS

    async def get(self, user_id: str, resume_id: str, version: int) -> Doc | None:
        found: Doc | None = await find_owned(
            self._coll, text_key(user_id, resume_id, version), user_id, session=self._session
        )
        return found

    async def put(self, doc: Doc) -> None:
        key = text_key(doc["user_id"], doc["resume_id"], doc["version"])
        await self._coll.replace_one({"_id": key}, {"_id": key, **doc}, upsert=True, session=self._session)


class MongoApplications(_Repository):
    collection = APPLICATIONS

    async def get(self, user_id: str, application_id: str) -> Doc | None:
        found: Doc | None = await find_owned(
            self._coll, f"{user_id}:{application_id}", user_id, session=self._session
        )
        return found

    async def put(self, doc: Doc) -> None:
        key = f"{doc['user_id']}:{doc['application_id']}"
        await self._coll.replace_one({"_id": key}, {"_id": key, **doc}, upsert=True, session=self._session)


class MongoPendingWork(_Repository):
    collection = PENDING

    async def put(self, doc: Doc) -> None:
        await self._coll.replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self._session)

    async def for_version(self, user_id: str, resume_id: str, version: int) -> list[Doc]:
        query = {"user_id": user_id, "resume_id": resume_id, "version": version}
        return await self._coll.find(query, session=self._session).to_list(None)

    async def remove(self, pending_id: str) -> None:
        await self._coll.delete_one({"_id": pending_id}, session=self._session)
