"""What the relay asks the database per batch while events flow: the batch and its settlement,
no lease renewal within a third of the lease, no retry lookup unless a send failed or another
relay may have held the lease, and no backlog count when the batch held every due event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from resugrow_platform.relay import OutboxRelay
from resugrow_platform.settings import ServiceSettings


class _Cursor:
    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = docs

    def sort(self, *_: Any) -> _Cursor:
        return self

    def limit(self, n: int) -> _Cursor:
        self.docs = self.docs[:n]
        return self

    async def to_list(self, _: Any) -> list[dict[str, Any]]:
        return self.docs


class _Collection:
    """The outbox and the lease collection in one, recording each command by name."""

    def __init__(self, calls: list[str], docs: list[dict[str, Any]]) -> None:
        self.calls, self.docs = calls, docs

    def find(self, query: dict[str, Any], *_: Any) -> _Cursor:
        due = "$lte" in query["next_attempt_at"]
        self.calls.append("find due" if due else "find waiting")
        now = datetime.now(UTC)
        return _Cursor(
            [d for d in self.docs if d["status"] == "pending" and (d["next_attempt_at"] <= now) == due]
        )

    async def update_many(self, query: dict[str, Any], update: dict[str, Any]) -> None:
        self.calls.append("update_many")
        for d in self.docs:
            if d["_id"] in query["_id"]["$in"]:
                d.update(update["$set"])

    async def update_one(self, query: dict[str, Any], update: dict[str, Any]) -> None:
        self.calls.append("update_one")
        for d in self.docs:
            if d["_id"] == query["_id"]:
                d.update(update["$set"])

    async def count_documents(self, _: dict[str, Any]) -> int:
        self.calls.append("count")
        return 0

    async def find_one_and_update(self, *_: Any, **__: Any) -> dict[str, Any]:
        self.calls.append("lease")
        return {"owner": self.owner}

    owner = ""


class _Broker:
    def __init__(self) -> None:
        self.fail: set[str] = set()
        self.sent: list[str] = []

    async def publish(self, value: bytes, topic: str, **_: Any) -> None:
        if value.decode() in self.fail:
            raise ConnectionError("broker hiccup")
        self.sent.append(value.decode())


def _relay(
    docs: list[dict[str, Any]], calls: list[str], batch_size: int = 200
) -> tuple[OutboxRelay, _Broker]:
    settings = ServiceSettings(service_name="demo", outbox={"batch_size": batch_size, "lease_ttl_s": 10.0})
    collection = _Collection(calls, docs)
    broker = _Broker()
    relay = OutboxRelay(
        db={"outbox": collection, "outbox_leases": collection}, broker=broker, settings=settings
    )  # type: ignore[arg-type]
    collection.owner = relay.owner
    return relay, broker


def _event(n: int, key: str = "k") -> dict[str, Any]:
    return {"_id": f"e{n:03d}", "topic": "t", "key": key, "value": f"e{n:03d}".encode(),
            "status": "pending", "next_attempt_at": datetime.now(UTC) - timedelta(seconds=1)}  # fmt: skip


async def _pass(relay: OutboxRelay) -> int:
    relay.is_leader = await relay._hold_lease()
    return await relay.relay_once()


@pytest.mark.asyncio
async def test_events_flowing_cost_the_batch_and_its_settlement_only() -> None:
    calls: list[str] = []
    docs: list[dict[str, Any]] = []
    relay, broker = _relay(docs, calls)
    docs.append(_event(1))
    assert await _pass(relay) == 1
    # The first pass after taking the lease asks for events waiting for a retry (another relay
    # may have left some); none were, so later passes do not ask again.
    assert calls == ["lease", "find due", "find waiting", "update_many"]
    calls.clear()
    docs.append(_event(2))
    assert await _pass(relay) == 1
    assert calls == ["find due", "update_many"]
    assert broker.sent == ["e001", "e002"]


@pytest.mark.asyncio
async def test_after_a_failed_send_later_events_of_its_key_wait_behind_it() -> None:
    calls: list[str] = []
    docs = [_event(1), _event(2, key="other")]
    relay, broker = _relay(docs, calls)
    broker.fail = {"e001"}
    assert await _pass(relay) == 1
    docs.append(_event(3))  # same key as the failed one, due now
    calls.clear()
    assert await _pass(relay) == 0
    assert "find waiting" in calls  # the failure is remembered: its key stays blocked
    assert broker.sent == ["e002"]


@pytest.mark.asyncio
async def test_a_relay_whose_lease_lapsed_looks_for_waiting_events_again() -> None:
    calls: list[str] = []
    docs = [_event(1)]
    relay, _ = _relay(docs, calls)
    assert await _pass(relay) == 1
    relay._lease_deadline = 0.0  # the lease ran out (a stall, or a quiet spell): others may have led
    docs.append(_event(2))
    calls.clear()
    assert await _pass(relay) == 1
    assert calls == ["lease", "find due", "find waiting", "update_many"]


@pytest.mark.asyncio
async def test_a_full_batch_counts_the_backlog_and_asks_for_more() -> None:
    calls: list[str] = []
    docs = [_event(n) for n in range(3)]
    relay, _ = _relay(docs, calls, batch_size=2)
    assert await _pass(relay) == 2
    assert relay._batch_full and "count" in calls
    calls.clear()
    assert await _pass(relay) == 1
    assert not relay._batch_full and "count" not in calls
