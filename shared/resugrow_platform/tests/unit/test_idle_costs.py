"""What keeps an idle platform idle (issue 16) without changing what the watches guarantee:
the local partition cap, the consumer watch that asks the broker only when a stall is possible,
the broker watch woken by a dropped connection, and the batch poll without FastStream's pause."""

from __future__ import annotations

import asyncio
import contextlib
from types import SimpleNamespace
from typing import Any

import pytest

from resugrow_events import dlq_topic
from resugrow_events.catalog import BY_TYPE
from resugrow_platform import watchers
from resugrow_platform.messaging import TopicWatch, install_batch_wait, partitions_for
from resugrow_platform.settings import KafkaSettings


def test_partitions_follow_the_catalog_unless_capped() -> None:
    render = "resugrow.resume.render.requested.v1"
    assert BY_TYPE[render].partitions == 12
    assert partitions_for(render) == 12
    assert partitions_for("t." + render, "t.", max_partitions=2) == 2
    assert partitions_for(dlq_topic("ats"), max_partitions=2) == 2
    assert partitions_for(dlq_topic("ats"), max_partitions=5) == 3  # a cap never adds partitions
    assert KafkaSettings().max_partitions == 0  # production keeps the catalog's counts


class _Platform:
    def __init__(self, *, stalled: bool) -> None:
        self.settings = SimpleNamespace(kafka=KafkaSettings(watch_interval_s=0.01, stall_after_s=30.0))
        self.subscriptions: list[Any] = []  # no topic to find unknown (see refresh_stale_metadata)
        self.consumers_started = True
        self.consumers_stalled = stalled
        self._subscriber = SimpleNamespace(consumer=object())
        self._last_progress = asyncio.get_running_loop().time()
        self.log = SimpleNamespace(info=lambda *a, **k: None, warning=lambda *a, **k: None)

    def mark_progress(self) -> None:
        self._last_progress = asyncio.get_running_loop().time()


async def _lag_checks(platform: _Platform, monkeypatch: pytest.MonkeyPatch, waiting: int = 0) -> int:
    calls = 0

    async def lag(consumer: Any) -> int:
        nonlocal calls
        calls += 1
        return waiting

    monkeypatch.setattr(watchers, "consumer_lag", lag)
    task = asyncio.create_task(watchers.watch_consumers(platform))  # type: ignore[arg-type]
    await asyncio.sleep(0.3)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return calls


async def test_a_consumer_that_just_made_progress_is_not_asked_for_its_lag(monkeypatch) -> None:
    # It cannot be declared stalled before stall_after_s (30 s) anyway.
    assert await _lag_checks(_Platform(stalled=False), monkeypatch) == 0


async def test_a_stalled_consumer_is_asked_every_interval_until_it_catches_up(monkeypatch) -> None:
    # Restarted moments ago (so recent progress) but still behind: readiness must not wait
    # a whole stall period to come back once it has caught up.
    assert await _lag_checks(_Platform(stalled=True), monkeypatch, waiting=5) >= 2
    platform = _Platform(stalled=True)
    assert await _lag_checks(platform, monkeypatch) == 1
    assert platform.consumers_stalled is False  # caught up: ready again, then quiet


async def _server(close_after_s: float | None) -> tuple[asyncio.Server, list[asyncio.StreamWriter]]:
    held: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        if close_after_s is not None:
            await asyncio.sleep(close_after_s)
            writer.close()

    return await asyncio.start_server(accept, "127.0.0.1", 0), held


async def test_the_topic_check_waits_for_the_broker_to_drop_its_connection() -> None:
    # A restarted broker closes the silent connection: the check is due at once, not after
    # the full-check period (an hour here).
    server, _ = await _server(close_after_s=0.05)
    port = server.sockets[0].getsockname()[1]
    watch = TopicWatch(f"127.0.0.1:{port}")
    try:
        await asyncio.wait_for(watch.until_check(0.01, 3600), timeout=10)
    finally:
        await watch.close()
        server.close()


async def test_a_live_connection_holds_the_check_back_until_the_full_check_period() -> None:
    server, held = await _server(close_after_s=None)
    port = server.sockets[0].getsockname()[1]
    watch = TopicWatch(f"127.0.0.1:{port}")
    try:
        waiting = asyncio.create_task(watch.until_check(0.01, 3600))
        await asyncio.sleep(0.3)
        assert held and not waiting.done()
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
    finally:
        await watch.close()
        server.close()


async def test_an_unreachable_broker_is_looked_at_again_after_the_short_interval() -> None:
    server, _ = await _server(close_after_s=None)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    watch = TopicWatch(f"127.0.0.1:{port}")
    await asyncio.wait_for(watch.until_check(0.01, 3600), timeout=10)
    await watch.close()


class _Polled:
    def __init__(self, answer: dict[str, list[str]]) -> None:
        self.answer = answer
        self.polls: list[int] = []

    async def getmany(self, timeout_ms: int, max_records: int | None = None) -> dict[str, list[str]]:
        self.polls.append(timeout_ms)
        return self.answer


async def test_the_batch_poll_hands_records_over_and_an_early_empty_answer_cannot_spin() -> None:
    from faststream.kafka.subscriber.usecase import BatchSubscriber

    install_batch_wait()
    install_batch_wait()  # idempotent
    subscriber = SimpleNamespace(batch_timeout_ms=60, max_records=10)
    with_records = _Polled({"tp0": ["a", "b"], "tp1": ["c"]})
    assert await BatchSubscriber.get_msg(subscriber, with_records) == ("a", "b", "c")  # type: ignore[arg-type]
    # A closing consumer answers at once with nothing: the loop pauses instead of spinning.
    closing = _Polled({})
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await BatchSubscriber.get_msg(subscriber, closing) == ()  # type: ignore[arg-type]
    assert loop.time() - started >= 0.05
    assert closing.polls == [60]


async def test_pymongo_upkeep_runs_at_the_configured_period() -> None:
    # Private attributes of PyMongo: this fails (rather than the setting silently doing nothing)
    # when an upgrade renames them.
    from pymongo import AsyncMongoClient

    from resugrow_platform.app import slow_pool_upkeep

    client: AsyncMongoClient[Any] = AsyncMongoClient("mongodb://127.0.0.1:1/?directConnection=true")
    try:
        slow_pool_upkeep(client, 5.0)
        executor = client._kill_cursors_executor
        assert (executor._interval, executor._min_interval) == (5.0, 5.0)
        slow_pool_upkeep(client, 0)  # 0 keeps what is there
        assert executor._interval == 5.0
    finally:
        await client.close()


def test_empty_fetch_pauses_start_at_the_fetch_wait_and_double_to_the_cap() -> None:
    from resugrow_platform.messaging import _IDLE_BACKOFF, empty_fetch_pause, install_idle_fetch_backoff

    saved = dict(_IDLE_BACKOFF)
    try:
        k = KafkaSettings()
        install_idle_fetch_backoff(
            k.idle_fetch_backoff_max_ms,
            k.idle_fetch_backoff_quiet_ms,
            k.idle_fetch_quiet_after_s,
            k.idle_fetch_backoff_first_ms,
        )
        pauses = [round(empty_fetch_pause(n, 0.0), 3) for n in range(1, 6)]
        # The first empty fetch waits what a Kafka broker would hold it, not a few ms: the
        # 4 ms start fetched 6 times in the 0.2 s after each event of a lightly used platform.
        assert pauses == [0.025, 0.05, 0.1, 0.1, 0.1]
        assert empty_fetch_pause(30, k.idle_fetch_quiet_after_s) == k.idle_fetch_backoff_quiet_ms / 1000
        install_idle_fetch_backoff(0)
        assert empty_fetch_pause(5, 100.0) == 0.0  # off: Apache Kafka holds empty fetches itself
    finally:
        _IDLE_BACKOFF.update(saved)
