"""In-memory repositories implementing the career ports, and the fake unit of work."""

from __future__ import annotations

from typing import Any

from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection


class FakeProfiles:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def get(self, user_id: str) -> dict[str, Any] | None:
        return self.col.get(user_id)

    async def upsert(self, user_id: str, doc: dict[str, Any]) -> None:
        self.col.upsert({**doc, "_id": user_id, "user_id": user_id})


class FakeEvaluations:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def insert(self, doc: dict[str, Any]) -> None:
        self.col.insert(doc)

    async def get(self, user_id: str, evaluation_id: str) -> dict[str, Any] | None:
        return self.col.find_one({"_id": evaluation_id, "user_id": user_id})

    async def latest(self, user_id: str) -> dict[str, Any] | None:
        found = await self.list_for(user_id, limit=1, before=None)
        return found[0] if found else None

    async def list_for(self, user_id: str, *, limit: int, before: str | None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"user_id": user_id}
        if before:
            query["_id"] = {"$lt": before}
        return self.col.find(query, sort="_id", reverse=True)[:limit]


class FakeCareerUoW(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__("career")
        self.profiles = FakeProfiles()
        self.evaluations = FakeEvaluations()
