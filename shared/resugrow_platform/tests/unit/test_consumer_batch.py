"""The consumer's fast path hands a whole batch to a batch handler, in order, known duplicates
left out; if the batch fails, every event goes through the per-event handler instead."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from resugrow_events import Envelope, ResumeRenderedV1
from resugrow_platform.consumer import IdempotentConsumer, Subscription
from resugrow_platform.messaging import encode_envelope
from resugrow_platform.outbox import LEDGER
from resugrow_platform.settings import ServiceSettings


@dataclass
class Record:
    value: bytes
    topic: str = "t"
    partition: int = 0
    offset: int = 0
    key: bytes | None = None
    headers: tuple[Any, ...] = ()


class Ledger:
    def __init__(self, ids: set[str]) -> None:
        self.ids = ids

    async def find(self, flt: dict[str, Any], _projection: Any) -> Any:
        for i in flt["_id"]["$in"]:
            if i in self.ids:
                yield {"_id": i}


class FakeUow:
    def __init__(self, log: list[Any]) -> None:
        self.log = log

    def record_processed_later(self, group: str, event_id: str, event_type: str) -> None:
        self.log.append(("ledger", event_id))

    async def record_processed(self, group: str, event_id: str, event_type: str) -> None:
        self.log.append(("ledger", event_id))


class FakePlatform:
    def __init__(self, seen: set[str]) -> None:
        self.settings = ServiceSettings(service_name="svc")
        self.db = {LEDGER: Ledger(seen)}
        self.log: list[Any] = []
        self.commits = 0

    class deleted_users:
        @staticmethod
        async def any_deleted(_db: Any, _users: set[str]) -> set[str]:
            return set()

    @contextlib.asynccontextmanager
    async def unit_of_work(self) -> Any:
        yield FakeUow(self.log)
        self.commits += 1

    def mark_progress(self) -> None:
        pass


def _records(n: int) -> tuple[list[Record], list[str]]:
    out, ids = [], []
    for i in range(n):
        payload = ResumeRenderedV1(render_id=f"r{i}", resume_id="res", version=1, template="classic",
                                   status="succeeded", artifacts=[])  # fmt: skip
        env = Envelope.wrap(payload, source="/services/resume", subject=f"r{i}", userid="u1")
        out.append(Record(encode_envelope(env), offset=i))
        ids.append(env.id)
    return out, ids


async def test_a_batch_handler_gets_the_new_events_of_a_batch_in_one_call() -> None:
    records, ids = _records(4)
    platform = FakePlatform(seen={f"{ServiceSettings(service_name='svc').group_id}:{ids[1]}"})
    calls: list[list[str]] = []

    async def one(uow: Any, event: Any) -> None:
        raise AssertionError("the per-event handler is not used when the batch succeeds")

    async def many(uow: Any, events: list[Any]) -> None:
        calls.append([e.id for e in events])

    sub = Subscription("resugrow.resume.rendered.v1", one, ResumeRenderedV1, batch_handler=many)
    await IdempotentConsumer(platform, sub).handle_batch(records)  # type: ignore[arg-type]
    assert calls == [[ids[0], ids[2], ids[3]]]  # the known duplicate left out, order kept
    assert platform.log == [("ledger", ids[0]), ("ledger", ids[2]), ("ledger", ids[3])]
    assert platform.commits == 1


async def test_a_failing_batch_falls_back_to_the_per_event_handler() -> None:
    records, ids = _records(3)
    platform = FakePlatform(seen=set())
    handled: list[str] = []

    async def one(uow: Any, event: Any) -> None:
        handled.append(event.id)

    async def many(uow: Any, events: list[Any]) -> None:
        raise RuntimeError("one bad event in the batch")

    sub = Subscription("resugrow.resume.rendered.v1", one, ResumeRenderedV1, batch_handler=many)
    await IdempotentConsumer(platform, sub).handle_batch(records)  # type: ignore[arg-type]
    assert handled == ids
    assert platform.commits == 3


async def test_a_deduplicating_batch_handler_writes_no_ledger_entries() -> None:
    records, ids = _records(3)
    group = ServiceSettings(service_name="svc").group_id
    platform = FakePlatform(seen={f"{group}:{ids[0]}"})
    calls: list[list[str]] = []

    async def one(uow: Any, event: Any) -> None:
        raise AssertionError("not called")

    async def many(uow: Any, events: list[Any]) -> None:
        calls.append([e.id for e in events])

    sub = Subscription(
        "resugrow.resume.rendered.v1", one, ResumeRenderedV1, batch_handler=many, batch_dedupes=True
    )
    await IdempotentConsumer(platform, sub).handle_batch(records + records[:1])  # type: ignore[arg-type]
    # The handler itself tells what it already wrote; the consumer still drops in-batch repeats.
    assert calls == [ids]
    assert platform.log == []


async def test_a_non_transactional_batch_handler_gets_the_platform_and_no_transaction() -> None:
    records, ids = _records(3)
    platform = FakePlatform(seen=set())
    calls: list[tuple[Any, list[str]]] = []

    async def one(uow: Any, event: Any) -> None:
        raise AssertionError("not called")

    async def many(target: Any, events: list[Any]) -> None:
        calls.append((target, [e.id for e in events]))

    sub = Subscription(
        "resugrow.resume.rendered.v1", one, ResumeRenderedV1, batch_handler=many, batch_transactional=False
    )
    await IdempotentConsumer(platform, sub).handle_batch(records + records[:1])  # type: ignore[arg-type]
    assert calls == [(platform, ids)]  # one call, in-batch repeat dropped, order kept
    assert platform.commits == 0 and platform.log == []  # no transaction, no ledger entries


async def test_a_failing_non_transactional_batch_falls_back_to_the_per_event_handler() -> None:
    records, ids = _records(2)
    platform = FakePlatform(seen=set())
    handled: list[str] = []

    async def one(uow: Any, event: Any) -> None:
        handled.append(event.id)

    async def many(target: Any, events: list[Any]) -> None:
        raise RuntimeError("the database went away mid-write")

    sub = Subscription(
        "resugrow.resume.rendered.v1", one, ResumeRenderedV1, batch_handler=many, batch_transactional=False
    )
    await IdempotentConsumer(platform, sub).handle_batch(records)  # type: ignore[arg-type]
    assert handled == ids and platform.commits == 2  # each event in its own transaction with a ledger entry


class LookedUpLedger(Ledger):
    def __init__(self, ids: set[str]) -> None:
        super().__init__(ids)
        self.lookups = 0

    async def find_one(self, flt: dict[str, Any], _projection: Any) -> Any:
        self.lookups += 1
        return {"_id": flt["_id"]} if flt["_id"] in self.ids else None


async def test_a_non_transactional_subscription_without_a_ledger_looks_nothing_up() -> None:
    records, ids = _records(2)
    handled: list[str] = []

    async def one(target: Any, event: Any) -> None:
        handled.append(event.id)

    # With a ledger: an event the group already processed is skipped after one look-up each.
    platform = FakePlatform(seen=set())
    ledger = LookedUpLedger({f"{platform.settings.group_id}:{ids[0]}"})
    platform.db = {LEDGER: ledger}
    sub = Subscription("resugrow.resume.rendered.v1", one, ResumeRenderedV1, transactional=False)
    await IdempotentConsumer(platform, sub).handle_batch(records)  # type: ignore[arg-type]
    assert handled == ids[1:] and ledger.lookups == 2

    # Without (the gateway's invalidations): every event is handled, no query at all.
    handled.clear()
    ledger.lookups = 0
    sub = Subscription(
        "resugrow.resume.rendered.v1", one, ResumeRenderedV1, transactional=False, ledger=False
    )
    await IdempotentConsumer(platform, sub).handle_batch(records)  # type: ignore[arg-type]
    assert handled == ids and ledger.lookups == 0
