from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resugrow_events import UserDeletedV1
from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection, run_fake


async def test_events_count_only_when_the_work_succeeds() -> None:
    uow = FakeUnitOfWork("demo")

    async def ok(u: FakeUnitOfWork) -> int:
        u.publish(UserDeletedV1(user_id="u1", deleted_at=datetime.now(UTC)), subject="u1", user_id="u1")
        return 1

    async def fails(u: FakeUnitOfWork) -> None:
        u.publish(UserDeletedV1(user_id="u2", deleted_at=datetime.now(UTC)), subject="u2", user_id="u2")
        raise ValueError("no")

    assert await run_fake(uow, ok) == 1
    with pytest.raises(ValueError):
        await run_fake(uow, fails)
    assert [e.user_id for e in uow.events(UserDeletedV1)] == ["u1"]


def test_in_memory_collection_filters_and_isolates_copies() -> None:
    coll = InMemoryCollection()
    coll.insert({"_id": "a", "user_id": "u1", "n": 1, "tags": ["x"]})
    coll.insert({"_id": "b", "user_id": "u1", "n": 5})
    coll.insert({"_id": "c", "user_id": "u2", "n": 3})
    with pytest.raises(KeyError):
        coll.insert({"_id": "a"})
    assert [d["_id"] for d in coll.find({"user_id": "u1", "n": {"$gte": 2}})] == ["b"]
    assert [d["_id"] for d in coll.find({"_id": {"$in": ["a", "c"]}}, sort="n", reverse=True)] == ["c", "a"]
    got = coll.get("a")
    assert got is not None
    got["tags"].append("y")
    assert coll.get("a") == {"_id": "a", "user_id": "u1", "n": 1, "tags": ["x"]}
    assert coll.update({"user_id": "u1"}, {"seen": True}) == 2
    assert coll.delete({"user_id": "u1"}) == 2 and len(coll) == 1
