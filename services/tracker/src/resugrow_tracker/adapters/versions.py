"""Per-user version of the read models (analytics, board), without a contended document.

Commands never write the counter inside their transaction: the runtime bumps it after the
commit, outside any transaction (a single-document `$inc` is serialised by the server and never
aborts), so concurrent commands of one user no longer write-conflict on it. Readers read the
version before the data, so a cached entry can only be older than its tag: every write is
followed by a bump, and the next lookup then misses. Consumers cannot act after their commit, so
they bump a second document, in their transaction: it is written by consumers only.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resugrow_tracker.adapters.mongo import VERSIONS

EVENTS_SUFFIX = ":events"


class VersionRepository:
    def __init__(self, db: AsyncDatabase[Any], session: Any = None) -> None:
        self._col = db[VERSIONS]
        self._session = session

    async def read(self, user_id: str) -> tuple[int, int]:
        ids = [user_id, user_id + EVENTS_SUFFIX]
        found = {d["_id"]: int(d.get("v", 0)) async for d in self._col.find({"_id": {"$in": ids}}, {"v": 1})}
        return found.get(ids[0], 0), found.get(ids[1], 0)

    async def bump(self, user_id: str) -> None:
        """After a command's commit, outside its transaction."""
        await self._col.update_one(
            {"_id": user_id}, {"$inc": {"v": 1}, "$set": {"user_id": user_id}}, upsert=True
        )

    async def bump_in_transaction(self, user_id: str) -> None:
        """For consumers, which run inside the platform's transaction."""
        await self._col.update_one(
            {"_id": user_id + EVENTS_SUFFIX},
            {"$inc": {"v": 1}, "$set": {"user_id": user_id}},
            upsert=True,
            session=self._session,
        )
