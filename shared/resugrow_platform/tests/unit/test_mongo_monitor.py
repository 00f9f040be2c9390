"""PyMongo's server monitor waits for its next check instead of polling for a wake-up (issue 16),
with PyMongo's rules kept: a wake-up runs a check early, never two within `min_interval`."""

from __future__ import annotations

import asyncio
from typing import Any

from resugrow_platform.mongo_monitor import WakeableExecutor, install_wakeable_monitors


class _Checks:
    def __init__(self) -> None:
        self.at: list[float] = []
        self.keep_going = True

    async def __call__(self) -> bool:
        self.at.append(asyncio.get_running_loop().time())
        return self.keep_going


async def _until(predicate: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_a_wake_up_runs_the_check_long_before_the_interval_ends() -> None:
    checks = _Checks()
    executor = WakeableExecutor(interval=60, min_interval=0, target=checks, name="test")
    executor.open()
    try:
        await _until(lambda: len(checks.at) == 1)
        await asyncio.sleep(0.1)
        assert len(checks.at) == 1  # nothing asked for a check: it waits for the interval
        executor.wake()
        await _until(lambda: len(checks.at) == 2)
    finally:
        executor.close()


async def test_checks_never_come_closer_than_the_minimum_interval() -> None:
    checks = _Checks()
    executor = WakeableExecutor(interval=60, min_interval=0.3, target=checks, name="test")
    executor.open()
    try:
        await _until(lambda: len(checks.at) == 1)
        executor.wake()
        await _until(lambda: len(checks.at) == 2)
        executor.wake()
        await _until(lambda: len(checks.at) == 3)
        assert checks.at[1] - checks.at[0] >= 0.3
        assert checks.at[2] - checks.at[1] >= 0.3
    finally:
        executor.close()


async def test_the_interval_still_runs_checks_and_a_false_target_stops_it() -> None:
    checks = _Checks()
    executor = WakeableExecutor(interval=0.05, min_interval=0, target=checks, name="test")
    executor.open()
    await _until(lambda: len(checks.at) >= 3)
    checks.keep_going = False
    assert executor._task is not None
    await asyncio.wait_for(executor._task, 5)
    assert executor._stopped


async def test_close_ends_the_waiting_task() -> None:
    executor = WakeableExecutor(interval=60, min_interval=0, target=_Checks(), name="test")
    executor.open()
    await asyncio.sleep(0.05)
    executor.close()
    assert executor._task is not None
    await asyncio.wait([executor._task], timeout=5)
    assert executor._task.done()


async def test_a_client_s_server_monitor_gets_the_wakeable_executor() -> None:
    # Private classes of PyMongo: this fails (rather than the setting silently doing nothing)
    # when an upgrade renames them.
    from pymongo import AsyncMongoClient

    assert install_wakeable_monitors()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        "mongodb://127.0.0.1:1/?directConnection=true", serverMonitoringMode="poll"
    )
    try:
        await client.aconnect()
        monitors = [server._monitor for server in client._topology._servers.values()]
        assert monitors
        assert all(type(m._executor) is WakeableExecutor for m in monitors)
        # The client's upkeep executor is not a monitor: its period is its own setting.
        assert type(client._kill_cursors_executor) is not WakeableExecutor
    finally:
        await client.close()
