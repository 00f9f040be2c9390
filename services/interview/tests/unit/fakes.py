"""In-memory session repository implementing the interview ports, and a fake unit of work."""

from __future__ import annotations

from typing import Any

from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection

Doc = dict[str, Any]


class FakeSessions:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def get(self, user_id: str, session_id: str) -> Doc | None:
        return self.coll.find_one({"_id": session_id, "user_id": user_id})

    async def exists(self, session_id: str) -> bool:
        return self.coll.get(session_id) is not None

    async def add(self, doc: Doc) -> None:
        self.coll.insert(doc)

    async def replace_if_version(self, doc: Doc, expected_version: int) -> bool:
        stored = self.coll.get(doc["_id"])
        if stored is None or stored["user_id"] != doc["user_id"] or stored["version"] != expected_version:
            return False
        self.coll.upsert(doc)
        return True

    def _ordered(self, user_id: str, status: str | None) -> list[Doc]:
        query = {"user_id": user_id, **({"status": status} if status else {})}
        return sorted(self.coll.find(query), key=lambda d: (d["created_at"], d["_id"]))

    async def newest_first(self, user_id: str, *, status: str | None, skip: int, limit: int) -> list[Doc]:
        return self._ordered(user_id, status)[::-1][skip : skip + limit]

    async def count(self, user_id: str, *, status: str | None) -> int:
        return len(self._ordered(user_id, status))

    async def oldest_first(self, user_id: str, *, limit: int) -> list[Doc]:
        return self._ordered(user_id, None)[:limit]


class FakeInterviewUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__("interview")
        self.sessions = FakeSessions()
