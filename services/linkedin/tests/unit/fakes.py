"""In-memory repositories implementing the LinkedIn ports, and a fake unit of work and analyser."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection

T = TypeVar("T")
Doc = dict[str, Any]
_LIST_LEAVES_OUT = {"profile", "rewrites", "targeting", "consistency"}


class FakeReviews:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def add(self, doc: Doc) -> None:
        self.coll.insert(doc)

    async def get(self, user_id: str, review_id: str) -> Doc | None:
        return self.coll.find_one({"_id": review_id, "user_id": user_id})

    async def latest(self, user_id: str) -> Doc | None:
        return next(iter(self.coll.find({"user_id": user_id}, sort="_id", reverse=True)), None)

    async def newest_first(self, user_id: str, *, before_id: str | None, limit: int) -> list[Doc]:
        query: Doc = {"user_id": user_id}
        if before_id:
            query["_id"] = {"$lt": before_id}
        docs = self.coll.find(query, sort="_id", reverse=True)[:limit]
        return [{k: v for k, v in d.items() if k not in _LIST_LEAVES_OUT} for d in docs]

    async def score_history(self, user_id: str, *, limit: int) -> list[Doc]:
        return self.coll.find({"user_id": user_id}, sort="_id", reverse=True)[:limit]

    async def count(self, user_id: str) -> int:
        return len(self.coll.find({"user_id": user_id}))

    async def set_consistency(self, user_id: str, review_id: str, mismatches: list[Doc]) -> None:
        self.coll.update({"_id": review_id, "user_id": user_id}, {"consistency": mismatches})


class FakeResumeProjections:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def all_for(self, user_id: str) -> list[Doc]:
        return self.coll.find({"user_id": user_id}, sort="_id")

    async def put_if_newer(self, user_id: str, resume_id: str, doc: Doc) -> bool:
        existing = self.coll.get(f"{user_id}:{resume_id}")
        if existing is not None and existing.get("version", 0) >= doc["version"]:
            return False
        self.coll.upsert({"_id": f"{user_id}:{resume_id}", "user_id": user_id, **doc})
        content = ("title", "is_variant", "name", "headline", "positions", "skills")
        return existing is None or any(existing.get(f) != doc.get(f) for f in content)


class FakeLinkedinUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__("linkedin")
        self.reviews = FakeReviews()
        self.resumes = FakeResumeProjections()


class InlineAnalyser:
    def __init__(self, max_upload_bytes: int = 10 * 1024 * 1024, max_job_description_chars: int = 20_000):
        self.max_upload_bytes = max_upload_bytes
        self.max_job_description_chars = max_job_description_chars

    async def run(self, fn: Callable[[], T]) -> T:
        # As the real sandbox does: the job must survive pickling to reach a worker process.
        job: Callable[[], T] = pickle.loads(pickle.dumps(fn))
        return job()
