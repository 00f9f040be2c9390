"""In-memory stand-ins for unit tests of use cases: no broker, no database, milliseconds.

A service's fake unit of work subclasses `FakeUnitOfWork` and adds its in-memory repositories
(each usually a thin class over `InMemoryCollection`). Use cases cannot tell the difference:
they only see repositories and `publish`.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

from resugrow_events import Envelope, EventPayload

T = TypeVar("T")
U = TypeVar("U", bound="FakeUnitOfWork")


class FakeUnitOfWork:
    """Records what a use case published; `committed` tells whether the work finished."""

    def __init__(self, service: str = "test") -> None:
        self.service = service
        self.published: list[Envelope[Any]] = []
        self.committed = False

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        envelope = Envelope.wrap(payload, source=f"/services/{self.service}", subject=subject, userid=user_id)
        self.published.append(envelope)
        return envelope

    def events(self, payload_type: type[EventPayload]) -> list[Any]:
        return [e.data for e in self.published if isinstance(e.data, payload_type)]


async def run_fake(uow: U, work: Callable[[U], Awaitable[T]]) -> T:
    """What the platform's transaction runner does, minus Mongo: events count only on success."""
    before = len(uow.published)
    try:
        result = await work(uow)
    except BaseException:
        del uow.published[before:]
        raise
    uow.committed = True
    return result


def _matches(doc: dict[str, Any], query: dict[str, Any]) -> bool:
    for key, want in query.items():
        have = doc.get(key)
        if isinstance(want, dict) and any(k.startswith("$") for k in want):
            for op, arg in want.items():
                if op == "$in" and have not in arg:
                    return False
                if op == "$ne" and have == arg:
                    return False
                if op == "$exists" and (key in doc) != bool(arg):
                    return False
                if op in ("$lt", "$lte", "$gt", "$gte") and (
                    have is None
                    or (op == "$lt" and not have < arg)
                    or (op == "$lte" and not have <= arg)
                    or (op == "$gt" and not have > arg)
                    or (op == "$gte" and not have >= arg)
                ):
                    return False
        elif have != want:
            return False
    return True


class InMemoryCollection:
    """Documents by `_id` with equality/`$in`/`$ne`/`$exists`/range filters: enough for fake repos."""

    def __init__(self) -> None:
        self.docs: dict[Any, dict[str, Any]] = {}

    def insert(self, doc: dict[str, Any]) -> None:
        if doc["_id"] in self.docs:
            raise KeyError(f"duplicate _id {doc['_id']!r}")
        self.docs[doc["_id"]] = copy.deepcopy(doc)

    def upsert(self, doc: dict[str, Any]) -> None:
        self.docs[doc["_id"]] = copy.deepcopy(doc)

    def get(self, _id: Any) -> dict[str, Any] | None:
        doc = self.docs.get(_id)
        return copy.deepcopy(doc) if doc is not None else None

    def find(
        self, query: dict[str, Any] | None = None, *, sort: str | None = None, reverse: bool = False
    ) -> list[dict[str, Any]]:
        found = [copy.deepcopy(d) for d in self.docs.values() if _matches(d, query or {})]
        if sort is not None:
            found.sort(key=lambda d: (d.get(sort) is None, d.get(sort)), reverse=reverse)
        return found

    def find_one(self, query: dict[str, Any]) -> dict[str, Any] | None:
        return next(iter(self.find(query)), None)

    def update(self, query: dict[str, Any], changes: dict[str, Any]) -> int:
        count = 0
        for doc in self.docs.values():
            if _matches(doc, query):
                doc.update(copy.deepcopy(changes))
                count += 1
        return count

    def delete(self, query: dict[str, Any]) -> int:
        doomed = [k for k, d in self.docs.items() if _matches(d, query)]
        for key in doomed:
            del self.docs[key]
        return len(doomed)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(copy.deepcopy(list(self.docs.values())))

    def __len__(self) -> int:
        return len(self.docs)
