"""Held background writes: a newer version of the same slot supersedes a held one; none is lost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from resugrow_resume.adapters.artifacts import BackgroundWrites


def recorder(done: list[str]) -> Callable[[str], Callable[[], Coroutine[Any, Any, None]]]:
    def write(name: str) -> Callable[[], Coroutine[Any, Any, None]]:
        async def run() -> None:
            done.append(name)

        return run

    return write


async def test_a_newer_version_of_the_same_slot_supersedes_the_held_write() -> None:
    done: list[str] = []
    write, writes = recorder(done), BackgroundWrites(delay_s=0.05)
    writes.spawn_latest("u:r1:pdf", 1, write("v1"))
    writes.spawn_latest("u:r1:pdf", 2, write("v2"))
    writes.spawn_latest("u:r2:pdf", 1, write("other resume"))
    assert done == []  # held
    await asyncio.sleep(0.15)
    await writes.drain()
    assert sorted(done) == ["other resume", "v2"] and writes.superseded == 1


async def test_an_older_version_after_a_newer_one_is_still_written() -> None:
    done: list[str] = []
    write, writes = recorder(done), BackgroundWrites(delay_s=0.05)
    writes.spawn_latest("u:r1:pdf", 5, write("v5"))
    writes.spawn_latest("u:r1:pdf", 3, write("v3"))
    await asyncio.sleep(0.15)
    assert sorted(done) == ["v3", "v5"] and writes.superseded == 0


async def test_drain_runs_held_writes_at_once_and_no_delay_means_no_hold() -> None:
    done: list[str] = []
    write = recorder(done)
    held = BackgroundWrites(delay_s=30)
    held.spawn_latest("u:r1:pdf", 1, write("held"))
    await held.drain()
    assert done == ["held"]
    at_once = BackgroundWrites(delay_s=0)
    at_once.spawn_latest("u:r1:pdf", 1, write("a"))
    at_once.spawn_latest("u:r1:pdf", 2, write("b"))
    await at_once.drain()
    assert done == ["held", "a", "b"]
