"""The dashboard read model's rules on the real database: conditional saves against invalidations,
write marks, and the sweep that erases deleted accounts' sections from the platform's tombstones."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from pymongo import AsyncMongoClient

from resugrow_gateway.adapters.dashboard_store import MongoDashboardReadModel, ensure_dashboard_indexes
from resugrow_gateway.domain.dashboard import Answer
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases import dashboard_upkeep
from resugrow_platform.erasure import write_tombstone

pytestmark = pytest.mark.integration
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest_asyncio.fixture(loop_scope="session")
async def db(infra: Any) -> AsyncIterator[Any]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    database = client[f"dash_{uuid.uuid4().hex[:10]}"]
    await ensure_dashboard_indexes(database)
    yield database
    await client.drop_database(database.name)
    await client.close()


def _text(data: dict[str, Any]) -> str:
    return json.dumps(data)


async def test_an_answer_is_stored_only_against_the_generation_it_was_read_at(db: Any) -> None:
    store = MongoDashboardReadModel(lambda: db)
    assert await store.load("u") == {}
    assert await store.save("u", "ats", {"n": 1}, text=_text({"n": 1}), as_of=NOW, seen=None)
    # a second first-time save (another page that also found nothing) loses
    assert not await store.save("u", "ats", {"n": 9}, text=_text({"n": 9}), as_of=NOW, seen=None)
    assert await store.save("u", "resume", {"r": 1}, text=_text({"r": 1}), as_of=NOW, seen=None)
    stored = await store.load("u")
    assert set(stored) == {"ats", "resume"}
    ats = stored["ats"]
    assert json.loads(ats.text or "") == {"n": 1} and ats.as_of == NOW and not ats.dirty and ats.gen == 0
    await store.invalidate("u", ("ats",))
    after_event = (await store.load("u"))["ats"]
    assert after_event.dirty and not after_event.by_write and after_event.gen == 1
    # an answer fetched before that invalidation is not kept; one read after it is
    assert not await store.save("u", "ats", {"n": 2}, text=_text({"n": 2}), as_of=NOW, seen=ats)
    assert await store.save("u", "ats", {"n": 3}, text=_text({"n": 3}), as_of=NOW, seen=after_event)
    assert json.loads((await store.load("u"))["ats"].text or "") == {"n": 3}


async def test_a_pages_answers_are_one_write_unless_a_section_changed_meanwhile(db: Any) -> None:
    store = MongoDashboardReadModel(lambda: db)

    def answers(seen: dict[str, Any], n: int) -> dict[str, Answer]:
        return {name: Answer({"n": n}, _text({"n": n}), NOW, seen.get(name)) for name in ("ats", "tracker")}

    assert await store.save_many("m", answers({}, 1)) == 2
    # another page that also found nothing stores nothing over it
    assert await store.save_many("m", answers({}, 9)) == 0
    read = await store.load("m")
    assert {n: json.loads(s.text or "") for n, s in read.items()} == {"ats": {"n": 1}, "tracker": {"n": 1}}
    await store.invalidate("m", ("tracker",))
    # read before the invalidation: the tracker answer is dropped, the ats one still kept
    assert await store.save_many("m", answers(read, 2)) == 1
    after = await store.load("m")
    assert json.loads(after["ats"].text or "") == {"n": 2} and after["tracker"].dirty
    assert json.loads(after["tracker"].text or "") == {"n": 1}


async def test_a_write_mark_survives_later_events_until_an_answer_is_stored(db: Any) -> None:
    store = MongoDashboardReadModel(lambda: db)
    await store.save("w", "tracker", {"a": 1}, text=_text({"a": 1}), as_of=NOW, seen=None)
    await store.invalidate("w", ("tracker",), by_write=True)
    await store.invalidate("w", ("tracker", "career", "nope"))
    stored = await store.load("w")
    assert stored["tracker"].by_write and stored["tracker"].gen == 2
    # an invalidated section nobody fetched yet exists (so no answer read before it is stored)
    assert stored["career"].dirty and not stored["career"].has_data
    assert not await store.save("w", "career", {"c": 1}, text=_text({"c": 1}), as_of=NOW, seen=None)
    assert await store.save("w", "tracker", {"a": 2}, text=_text({"a": 2}), as_of=NOW, seen=stored["tracker"])
    tracker = (await store.load("w"))["tracker"]
    assert not tracker.by_write and not tracker.dirty


async def test_the_sweep_erases_sections_of_accounts_with_a_recent_tombstone(db: Any) -> None:
    store = MongoDashboardReadModel(lambda: db)
    for user in ("gone", "kept"):
        await store.save(user, "ats", {"n": 1}, text=_text({"n": 1}), as_of=NOW, seen=None)
    await store.invalidate("gone", ("resume",))  # an invalidation that landed after the erasure
    await write_tombstone(db, None, "gone")

    class Runtime:
        settings = GatewaySettings(auth={"jwt_secret": "k" * 40}, dashboard={"erasure_lookback_s": 600})
        read_model = store

    assert await dashboard_upkeep.sweep_erased(Runtime(), now=datetime.now(UTC)) == 1  # type: ignore[arg-type]
    assert await store.load("gone") == {}
    assert set(await store.load("kept")) == {"ats"}
    # a tombstone older than the look-back window is not read again
    later = datetime.now(UTC) + timedelta(seconds=601)
    await store.save("gone", "ats", {"n": 1}, text=_text({"n": 1}), as_of=NOW, seen=None)
    assert await dashboard_upkeep.sweep_erased(Runtime(), now=later) == 0  # type: ignore[arg-type]
