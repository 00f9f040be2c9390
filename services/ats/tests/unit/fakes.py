"""In-memory repositories implementing the ATS ports, and a fake unit of work and scanner."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from resugrow_ats.domain.ingest import Limits
from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection

T = TypeVar("T")
Doc = dict[str, Any]


class FakeScans:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def add(self, doc: Doc) -> None:
        self.coll.insert(doc)

    async def get(self, user_id: str, scan_id: str) -> Doc | None:
        return self.coll.find_one({"_id": scan_id, "user_id": user_id})

    async def newest_first(self, user_id: str, *, before_id: str | None, limit: int) -> list[Doc]:
        query: Doc = {"user_id": user_id}
        if before_id:
            query["_id"] = {"$lt": before_id}
        docs = self.coll.find(query, sort="_id", reverse=True)[:limit]
        return [{k: v for k, v in d.items() if k != "report"} for d in docs]

    async def count(self, user_id: str) -> int:
        return len(self.coll.find({"user_id": user_id}))


class FakeMatches:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def add(self, doc: Doc) -> None:
        self.coll.insert(doc)


class FakeResumeTexts:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def get(self, user_id: str, resume_id: str, version: int) -> Doc | None:
        return self.coll.get(f"{user_id}:{resume_id}:{version}")

    async def put(self, doc: Doc) -> None:
        self.coll.upsert({"_id": f"{doc['user_id']}:{doc['resume_id']}:{doc['version']}", **doc})


class FakeApplications:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def get(self, user_id: str, application_id: str) -> Doc | None:
        return self.coll.get(f"{user_id}:{application_id}")

    async def put(self, doc: Doc) -> None:
        self.coll.upsert({"_id": f"{doc['user_id']}:{doc['application_id']}", **doc})


class FakePendingWork:
    def __init__(self) -> None:
        self.coll = InMemoryCollection()

    async def put(self, doc: Doc) -> None:
        self.coll.upsert(doc)

    async def for_version(self, user_id: str, resume_id: str, version: int) -> list[Doc]:
        return self.coll.find({"user_id": user_id, "resume_id": resume_id, "version": version})

    async def remove(self, pending_id: str) -> None:
        self.coll.delete({"_id": pending_id})


class FakeAtsUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__("ats")
        self.scans = FakeScans()
        self.matches = FakeMatches()
        self.resume_texts = FakeResumeTexts()
        self.applications = FakeApplications()
        self.pending = FakePendingWork()


class InlineScanner:
    """Runs the scan on the calling thread: same results, no deadline."""

    def __init__(self, max_job_description_chars: int = 20_000) -> None:
        self.limits = Limits(max_bytes=5 * 1024 * 1024, max_pages=10)
        self.max_job_description_chars = max_job_description_chars
        self.runs = 0

    async def run(self, fn: Callable[[], T]) -> T:
        self.runs += 1
        # As the real sandbox does: the job must survive pickling to reach a worker process.
        job: Callable[[], T] = pickle.loads(pickle.dumps(fn))
        return job()
