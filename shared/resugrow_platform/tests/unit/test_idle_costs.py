"""What keeps an idle platform idle (issue 16) without changing what the watches guarantee:
the local partition cap and the consumer watch that asks the broker only when a stall is
possible."""

from __future__ import annotations

import asyncio
import contextlib
from types import SimpleNamespace
from typing import Any

import pytest

from resugrow_events import dlq_topic
from resugrow_events.catalog import BY_TYPE
from resugrow_platform import watchers
from resugrow_platform.messaging import partitions_for
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
