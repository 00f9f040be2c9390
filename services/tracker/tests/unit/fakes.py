"""In-memory repositories implementing `use_cases/ports.py`, and a fake tracker unit of work."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection
from resugrow_tracker.domain.board import Column
from resugrow_tracker.use_cases.ports import ApplicationQuery, CachedReadModel

Doc = dict[str, Any]


def _key(value: Any) -> tuple[bool, Any]:
    return (value is None, value)


def _after(doc: Doc, field: str, after: tuple[Any, str] | None, *, descending: bool = False) -> bool:
    if after is None:
        return True
    pos = (doc[field], doc["_id"])
    return pos < after if descending else pos > after


class FakeApplications:
    def __init__(self) -> None:
        self.col = InMemoryCollection()
        # When each application was last written, by `clock` (as the Mongo repository stamps it).
        self.changed: dict[str, datetime] = {}
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def _stamp(self, app_id: str) -> None:
        self.changed[app_id] = self.clock()

    async def get(self, user_id: str, app_id: str) -> Doc | None:
        return self.col.find_one({"_id": app_id, "user_id": user_id})

    async def get_for_reminder(self, user_id: str, app_id: str) -> Doc | None:
        return await self.get(user_id, app_id)

    async def add(self, doc: Doc) -> None:
        self.col.insert(doc)
        self._stamp(doc["_id"])

    async def add_many(self, docs: list[Doc]) -> None:
        for doc in docs:
            self.col.insert(doc)
            self._stamp(doc["_id"])

    async def changed_since(self, user_id: str, since: datetime, view: str) -> list[Doc]:
        return [
            copy.deepcopy(d)
            for d in self.col.find({"user_id": user_id})
            if self.changed.get(d["_id"], since) >= since
        ]

    async def update(
        self, user_id: str, app_id: str, sets: Doc, *, push_move: Doc | None = None
    ) -> Doc | None:
        doc = self.col.docs.get(app_id)
        if doc is None or doc["user_id"] != user_id:
            return None
        doc.update(copy.deepcopy(sets))
        self._stamp(app_id)
        if push_move is not None:
            doc["moves"].append(copy.deepcopy(push_move))
        return {k: v for k, v in copy.deepcopy(doc).items() if k != "moves"}

    def _matches(self, d: Doc, q: ApplicationQuery) -> bool:
        text = (q.text or "").lower()
        return (
            (not q.stages or d["stage"] in q.stages)
            and (not text or any(text in (d.get(f) or "").lower() for f in ("company", "role", "location")))
            and (q.source is None or d.get("source") == q.source)
            and (q.priority_min is None or (d.get("priority") or -1) >= q.priority_min)
            and (q.created_from is None or d["created_at"] >= q.created_from)
            and (q.created_to is None or d["created_at"] <= q.created_to)
        )

    async def search(self, user_id: str, q: ApplicationQuery) -> tuple[list[Doc], int]:
        found = [d for d in self.col.find({"user_id": user_id, "deleted": False}) if self._matches(d, q)]
        found.sort(key=lambda d: (_key(d.get(q.sort)), d["_id"]), reverse=q.descending)
        return found[q.offset : q.offset + q.limit + 1], len(found)

    async def existing_keys(self, user_id: str, keys: list[str]) -> set[str]:
        return {d["natural_key"] for d in self.col.find({"user_id": user_id, "natural_key": {"$in": keys}})}

    async def active(self, user_id: str, view: str = "full") -> list[Doc]:
        return self.col.find({"user_id": user_id, "deleted": False})

    async def upcoming_interviews(self, user_id: str, after: Any, limit: int) -> list[Doc]:
        docs = self.col.find({"user_id": user_id, "deleted": False, "next_interview_at": {"$gte": after}})
        return sorted(docs, key=lambda d: d["next_interview_at"])[:limit]

    async def with_interviews_after(self, user_id: str, after: Any) -> list[Doc]:
        return [
            d
            for d in self.col.find({"user_id": user_id, "deleted": False})
            if any(i["scheduled_at"] >= after for i in d.get("interviews") or [])
        ]


class FakeChildren:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def add(self, doc: Doc) -> None:
        self.col.insert(doc)

    async def add_many(self, docs: list[Doc]) -> None:
        for doc in docs:
            self.col.insert(doc)

    async def for_application(
        self, user_id: str, app_id: str, *, after: tuple[Any, str] | None, limit: int
    ) -> list[Doc]:
        docs = self.col.find({"user_id": user_id, "application_id": app_id})
        docs = sorted(
            (d for d in docs if _after(d, "created_at", after)), key=lambda d: (d["created_at"], d["_id"])
        )
        return docs[:limit]


class FakeContacts(FakeChildren):
    async def first_named(self, user_id: str, app_id: str) -> Doc | None:
        docs = self.col.find(
            {"user_id": user_id, "application_id": app_id, "name": {"$ne": None}}, sort="created_at"
        )
        return docs[0] if docs else None

    async def all_of(self, user_id: str) -> list[Doc]:
        return self.col.find({"user_id": user_id}, sort="created_at")


class FakeReminders:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def add(self, doc: Doc) -> None:
        self.col.insert(doc)

    async def cancel_pending_for(self, user_id: str, app_id: str, reason: str) -> None:
        self.col.update(
            {"user_id": user_id, "application_id": app_id, "status": "pending"},
            {"status": "cancelled", "cancel_reason": reason},
        )

    async def claim_due(self, now: datetime) -> Doc | None:
        due = sorted(
            self.col.find({"status": "pending", "due_at": {"$lte": now}}),
            key=lambda d: (d["due_at"], d["_id"]),
        )
        if not due:
            return None
        self.col.update({"_id": due[0]["_id"]}, {"status": "sent", "fired_at": now})
        return self.col.get(due[0]["_id"])

    async def set(self, reminder_id: str, sets: Doc) -> None:
        self.col.update({"_id": reminder_id}, sets)

    async def page(
        self,
        user_id: str,
        *,
        status: str | None,
        application_id: str | None,
        after: tuple[Any, str] | None,
        limit: int,
    ) -> list[Doc]:
        query: Doc = {"user_id": user_id}
        if status:
            query["status"] = status
        if application_id:
            query["application_id"] = application_id
        docs = [d for d in self.col.find(query) if _after(d, "due_at", after)]
        return sorted(docs, key=lambda d: (d["due_at"], d["_id"]))[:limit]


class FakeBoards:
    def __init__(self) -> None:
        self.saved: dict[str, list[Column]] = {}

    async def columns(self, user_id: str) -> list[Column] | None:
        return self.saved.get(user_id)

    async def save(self, user_id: str, columns: list[Column], now: datetime) -> None:
        self.saved[user_id] = list(columns)


class FakeActivity:
    def __init__(self) -> None:
        self.col = InMemoryCollection()
        self.at_commit: list[Doc] = []
        self.inserted: list[Doc] = []

    async def put(self, doc: Doc) -> None:
        self.col.upsert(doc)

    def add_at_commit(self, doc: Doc) -> None:
        self.at_commit.append(doc)
        self.col.upsert(doc)

    async def insert_new(self, docs: list[Doc]) -> int:
        new = 0
        for doc in docs:
            if doc["_id"] not in self.col.docs:
                self.col.upsert(doc)
                self.inserted.append(doc)
                new += 1
        return new

    async def page(
        self,
        user_id: str,
        *,
        application_id: str | None,
        kind: str | None,
        before: tuple[Any, str] | None,
        limit: int,
    ) -> list[Doc]:
        query: Doc = {"user_id": user_id}
        if application_id:
            query["application_id"] = application_id
        if kind:
            query["kind"] = kind
        docs = [d for d in self.col.find(query) if _after(d, "at", before, descending=True)]
        return sorted(docs, key=lambda d: (d["at"], d["_id"]), reverse=True)[:limit]


class FakeVersions:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    async def read(self, user_id: str) -> tuple[int, int]:
        return self.counts.get(user_id, 0), 0

    async def bump_in_transaction(self, user_id: str) -> None:
        self.counts[user_id] = self.counts.get(user_id, 0) + 1


class FakeTrackerUnitOfWork(FakeUnitOfWork):
    """Every repository in memory; `touch` bumps the user's version, as the runtime does after commit."""

    def __init__(self) -> None:
        super().__init__(service="tracker")
        self.applications = FakeApplications()
        self.contacts = FakeContacts()
        self.notes = FakeChildren()
        self.tasks = FakeChildren()
        self.reminders = FakeReminders()
        self.boards = FakeBoards()
        self.activity = FakeActivity()
        self.versions = FakeVersions()
        self.touched: set[str] = set()

    def touch(self, user_id: str) -> None:
        self.touched.add(user_id)
        self.versions.counts[user_id] = self.versions.counts.get(user_id, 0) + 1


class DictCache:
    """The read-model cache without an LRU or an age limit; `clock` and `overlap` settable."""

    def __init__(self, overlap: timedelta = timedelta(seconds=120)) -> None:
        self.items: dict[tuple[str, str], CachedReadModel] = {}
        self.overlap = overlap
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def now(self) -> datetime:
        return self.clock()

    def entry(self, key: tuple[str, str]) -> CachedReadModel | None:
        return self.items.get(key)

    def put(self, key: tuple[str, str], entry: CachedReadModel) -> None:
        self.items[key] = entry
