"""Mongo repository for practice sessions (the only code naming the collection) and the service's
unit of work. Every query filters by user_id."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_events import Envelope, EventPayload
from resugrow_platform import UnitOfWork, find_owned

SESSIONS = "sessions"
Doc = dict[str, Any]


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[SESSIONS].create_index([("user_id", ASCENDING), ("created_at", DESCENDING)])
    await db[SESSIONS].create_index([("user_id", ASCENDING), ("status", ASCENDING)])


def _query(user_id: str, status: str | None) -> Doc:
    return {"user_id": user_id, **({"status": status} if status else {})}


class MongoSessions:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._coll = db[SESSIONS]
        self._session = session

    async def get(self, user_id: str, session_id: str) -> Doc | None:
        found: Doc | None = await find_owned(self._coll, session_id, user_id, session=self._session)
        return found

    async def exists(self, session_id: str) -> bool:
        return await self._coll.find_one({"_id": session_id}, {"_id": 1}, session=self._session) is not None

    async def add(self, doc: Doc) -> None:
        await self._coll.insert_one(doc, session=self._session)

    async def replace_if_version(self, doc: Doc, expected_version: int) -> bool:
        key = {"_id": doc["_id"], "user_id": doc["user_id"], "version": expected_version}
        result = await self._coll.replace_one(key, doc, session=self._session)
        return result.matched_count == 1

    async def newest_first(self, user_id: str, *, status: str | None, skip: int, limit: int) -> list[Doc]:
        found = self._coll.find(_query(user_id, status), session=self._session)
        ordered = found.sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        return await ordered.skip(skip).limit(limit).to_list(None)

    async def count(self, user_id: str, *, status: str | None) -> int:
        return await self._coll.count_documents(_query(user_id, status), session=self._session)

    async def oldest_first(self, user_id: str, *, limit: int) -> list[Doc]:
        found = self._coll.find({"user_id": user_id}, session=self._session)
        return await found.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).limit(limit).to_list(None)


class MongoInterviewUnitOfWork:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self.sessions = MongoSessions(uow.db, uow.session)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        return self._uow.publish(payload, subject=subject, user_id=user_id, key=key)


class InterviewReader:
    """The repository outside a transaction, for queries; publishing is refused."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self.sessions = MongoSessions(db)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        raise RuntimeError("queries publish nothing: run commands through the runtime's transact")
