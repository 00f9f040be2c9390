"""Erasure that stays final: tombstones for deleted users, honoured by consumers and by auth.

When a service erases a user (on `user.deleted`), it also writes a tombstone. Events about that
user that arrive later (a render still in flight, a retry, a DLQ replay) are acknowledged and
dropped instead of re-creating data, and the user's unexpired tokens are refused by every
service. Tombstones live in the service's database, so they survive restarts; each process keeps
a copy that is at most a few seconds old when a token is checked (re-read by the request that
finds it older, or in the background in the gateway), so replicas that did not consume the
event learn of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

TOMBSTONES = "user_tombstones"


def tombstone_id(user_id: str) -> str:
    """Tombstones hold a digest, not the id: after erasure no document names the user."""
    return hashlib.sha256(f"resugrow-erased:{user_id}".encode()).hexdigest()


class DeletedUsers:
    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._since: datetime | None = None
        self._refreshed_at = float("-inf")  # time.monotonic() when the last refresh started
        self._refreshing: asyncio.Future[int] | None = None

    def __contains__(self, user_id: object) -> bool:
        return isinstance(user_id, str) and tombstone_id(user_id) in self._ids

    def add(self, user_id: str) -> None:
        self._ids.add(tombstone_id(user_id))

    async def refresh_if_older(self, db: AsyncDatabase[Any], max_age_s: float) -> None:
        """Refresh the copy first if it is older than `max_age_s`: the check of a request, so a
        process nobody calls queries nothing (an idle platform stays idle) and one in use is at
        most `max_age_s` behind, as with a background refresh. Concurrent callers share one
        query. A database that is away leaves the copy as it was, like a failed background
        refresh: tokens are still checked against it."""
        if time.monotonic() - self._refreshed_at < max_age_s:
            return
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(self.refresh(db))
        with contextlib.suppress(Exception):
            await asyncio.shield(self._refreshing)

    async def refresh(self, db: AsyncDatabase[Any]) -> int:
        self._refreshed_at = time.monotonic()
        query: dict[str, Any] = {} if self._since is None else {"deleted_at": {"$gte": self._since}}
        found = 0
        async for doc in db[TOMBSTONES].find(query, {"_id": 1, "deleted_at": 1}):
            self._ids.add(doc["_id"])
            found += 1
            at = doc.get("deleted_at")
            if isinstance(at, datetime) and (self._since is None or at > self._since):
                self._since = at
        return found

    async def any_deleted(self, db: AsyncDatabase[Any], user_ids: set[str]) -> set[str]:
        """The ones among `user_ids` that are erased, read from the database (exact, not cached)."""
        if not user_ids:
            return set()
        by_digest = {tombstone_id(u): u for u in user_ids}
        found = {d["_id"] async for d in db[TOMBSTONES].find({"_id": {"$in": sorted(by_digest)}}, {"_id": 1})}
        self._ids.update(found)
        return {by_digest[d] for d in found}


async def write_tombstone(db: AsyncDatabase[Any], session: Any, user_id: str) -> None:
    await db[TOMBSTONES].update_one(
        {"_id": tombstone_id(user_id)},
        {"$setOnInsert": {"deleted_at": datetime.now(UTC)}},
        upsert=True,
        session=session,
    )
