"""find_owned reads by the primary key alone and answers another user's document as absent."""

from __future__ import annotations

from typing import Any

import pytest

from resugrow_platform import find_owned


class _Collection:
    """Answers find_one like MongoDB for an `_id` equality and records what it was asked."""

    def __init__(self, *docs: dict[str, Any]) -> None:
        self.docs = {d["_id"]: d for d in docs}
        self.asked: list[tuple[dict[str, Any], Any, Any]] = []

    async def find_one(self, flt: dict[str, Any], projection: Any = None, *, session: Any = None) -> Any:
        self.asked.append((flt, projection, session))
        doc = self.docs.get(flt["_id"])
        if doc is None or not all(doc.get(k) == v for k, v in flt.items()):
            return None
        if projection and any(v for k, v in projection.items() if k != "_id"):
            return {k: v for k, v in doc.items() if k == "_id" or projection.get(k)}
        return {k: v for k, v in doc.items() if k not in (projection or {})}


DOC = {"_id": "r1", "user_id": "ann", "title": "Resume", "content": "{}"}


async def test_the_owner_gets_the_document_through_a_primary_key_lookup() -> None:
    coll = _Collection(DOC)
    assert await find_owned(coll, "r1", "ann", session="s") == DOC
    assert coll.asked == [({"_id": "r1"}, None, "s")]  # the owner is not in the filter


@pytest.mark.parametrize("user", ["bob", "", "ANN"])
async def test_another_users_document_is_absent(user: str) -> None:
    assert await find_owned(_Collection(DOC), "r1", user) is None


async def test_a_missing_document_is_absent() -> None:
    assert await find_owned(_Collection(DOC), "r2", "ann") is None


async def test_an_inclusion_projection_is_widened_to_check_the_owner_then_narrowed_back() -> None:
    coll = _Collection(DOC)
    assert await find_owned(coll, "r1", "ann", {"title": 1}) == {"_id": "r1", "title": "Resume"}
    assert coll.asked[0][1] == {"title": 1, "user_id": 1}
    assert await find_owned(coll, "r1", "bob", {"title": 1}) is None


async def test_an_exclusion_projection_is_sent_as_given() -> None:
    coll = _Collection(DOC)
    assert await find_owned(coll, "r1", "ann", {"content": 0}) == {
        "_id": "r1",
        "user_id": "ann",
        "title": "Resume",
    }
    assert coll.asked[0][1] == {"content": 0}


async def test_a_projection_that_asks_for_the_owner_keeps_it() -> None:
    coll = _Collection(DOC)
    assert await find_owned(coll, "r1", "ann", {"user_id": 1}) == {"_id": "r1", "user_id": "ann"}


async def test_a_projection_that_leaves_the_owner_out_still_finds_the_owners_document() -> None:
    coll = _Collection(DOC)
    assert await find_owned(coll, "r1", "ann", {"user_id": 0}) == {
        "_id": "r1",
        "title": "Resume",
        "content": "{}",
    }
    assert coll.asked[0][1] is None  # the owner was all it left out: fetch it, then drop it
    assert await find_owned(coll, "r1", "ann", {"user_id": 0, "content": 0}) == {
        "_id": "r1",
        "title": "Resume",
    }
    assert coll.asked[1][1] == {"content": 0}
    assert await find_owned(coll, "r1", "bob", {"user_id": 0}) is None


async def test_an_inclusion_projection_that_also_excludes_the_owner_is_widened() -> None:
    coll = _Collection(DOC)
    assert await find_owned(coll, "r1", "ann", {"title": 1, "user_id": 0}) == {"_id": "r1", "title": "Resume"}
    assert coll.asked[0][1] == {"title": 1, "user_id": 1}
