"""The erased-users copy is refreshed by the request that finds it stale: no query while it is
fresh, one shared query for concurrent requests, and the copy kept when the database is away."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from resugrow_platform.erasure import TOMBSTONES, DeletedUsers, tombstone_id


class _Cursor:
    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self._docs = iter(docs)

    def __aiter__(self) -> _Cursor:
        return self

    async def __anext__(self) -> dict[str, Any]:
        await asyncio.sleep(0.01)  # a round trip, so concurrent callers overlap
        try:
            return next(self._docs)
        except StopIteration:
            raise StopAsyncIteration from None


class _Collection:
    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []
        self.queries = 0
        self.fail = False

    def find(self, query: dict[str, Any], projection: dict[str, Any]) -> _Cursor:
        self.queries += 1
        if self.fail:
            raise ConnectionError("database away")
        return _Cursor(list(self.docs))


class _Db:
    def __init__(self) -> None:
        self.tombstones = _Collection()

    def __getitem__(self, name: str) -> _Collection:
        assert name == TOMBSTONES
        return self.tombstones


def _erase(db: _Db, user_id: str) -> None:
    db.tombstones.docs.append({"_id": tombstone_id(user_id), "deleted_at": datetime.now(UTC)})


@pytest.mark.asyncio
async def test_a_stale_copy_is_refreshed_once_for_concurrent_requests() -> None:
    db, users = _Db(), DeletedUsers()
    _erase(db, "u1")
    await asyncio.gather(*(users.refresh_if_older(db, 5.0) for _ in range(10)))  # type: ignore[arg-type]
    assert db.tombstones.queries == 1
    assert "u1" in users and "u2" not in users


@pytest.mark.asyncio
async def test_a_fresh_copy_sends_no_query_and_a_stale_one_learns_new_erasures() -> None:
    db, users = _Db(), DeletedUsers()
    await users.refresh_if_older(db, 5.0)  # type: ignore[arg-type]
    _erase(db, "u2")
    await users.refresh_if_older(db, 5.0)  # type: ignore[arg-type]
    assert db.tombstones.queries == 1 and "u2" not in users  # still fresh: no query
    await users.refresh_if_older(db, 0.0)  # type: ignore[arg-type]
    assert db.tombstones.queries == 2 and "u2" in users


@pytest.mark.asyncio
async def test_a_database_away_keeps_the_copy_and_raises_nothing() -> None:
    db, users = _Db(), DeletedUsers()
    _erase(db, "u3")
    await users.refresh_if_older(db, 0.0)  # type: ignore[arg-type]
    db.tombstones.fail = True
    await users.refresh_if_older(db, 0.0)  # type: ignore[arg-type]
    assert "u3" in users
