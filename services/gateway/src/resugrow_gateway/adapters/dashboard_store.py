"""The dashboard read model in the gateway's own database: one document per user and section.

`_id` is `<user_id>/<section>`, so a page reads its six documents by `_id` (no other index) and
an erasure deletes them the same way. Shared by every gateway replica: an invalidation written
by one (a forwarded write, an event) is seen by the next page on any other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from resugrow_gateway.domain.dashboard import SECTIONS, StoredSection

DASHBOARD_SECTIONS = "dashboard_sections"


def _key(user_id: str, section: str) -> str:
    return f"{user_id}/{section}"


class MongoDashboardReadModel:
    def __init__(self, db: Callable[[], AsyncDatabase[Any]]) -> None:
        # The database exists only while the app runs: looked up per call, never at construction.
        self._db = db

    @property
    def _col(self) -> Any:
        return self._db()[DASHBOARD_SECTIONS]

    async def load(self, user_id: str) -> dict[str, StoredSection]:
        ids = [_key(user_id, name) for name in SECTIONS]
        out: dict[str, StoredSection] = {}
        async for doc in self._col.find({"_id": {"$in": ids}}):
            out[doc["section"]] = StoredSection(
                data=doc.get("data"),
                as_of=doc.get("as_of"),
                gen=int(doc.get("gen", 0)),
                dirty=bool(doc.get("dirty", False)),
            )
        return out

    async def save(
        self, user_id: str, section: str, data: dict[str, Any], *, as_of: datetime, seen: StoredSection | None
    ) -> bool:
        fields = {"data": data, "as_of": as_of, "dirty": False}
        if seen is None:
            try:
                doc = {"_id": _key(user_id, section), "user_id": user_id, "section": section, "gen": 0}
                await self._col.insert_one({**doc, **fields})
            except DuplicateKeyError:
                return False  # written or invalidated meanwhile: the next page decides again
            return True
        result = await self._col.update_one(
            {"_id": _key(user_id, section), "gen": seen.gen}, {"$set": fields}
        )
        return bool(result.matched_count)

    async def invalidate(self, user_id: str, sections: tuple[str, ...]) -> None:
        # Upserted: a page that found no document and is fetching right now must not store an
        # answer read before this change (its insert then fails on the existing key).
        ops = [
            UpdateOne(
                {"_id": _key(user_id, name)},
                {"$inc": {"gen": 1}, "$set": {"dirty": True, "user_id": user_id, "section": name}},
                upsert=True,
            )
            for name in dict.fromkeys(sections)
            if name in SECTIONS
        ]
        if not ops:
            return
        try:
            await self._col.bulk_write(ops, ordered=False)
        except BulkWriteError:
            # Two upserts of a missing document raced and one lost on the key: now it exists,
            # so the same increments apply as plain updates.
            await self._col.bulk_write(ops, ordered=False)

    async def erase(self, user_id: str) -> None:
        await self._col.delete_many({"_id": {"$in": [_key(user_id, name) for name in SECTIONS]}})
