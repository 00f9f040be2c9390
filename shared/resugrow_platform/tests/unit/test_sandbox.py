"""The parse sandbox: a job over its time or memory budget is killed, never waited out.

Jobs are stdlib or platform functions so the worker processes can import them by name.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

import pytest

from resugrow_domain.docguard import DocumentRefused, check_pdf
from resugrow_platform.sandbox import Budget, BudgetExceeded, Sandbox, SandboxBusy


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox("test", workers=1, budget=Budget(time_s=5.0, memory_bytes=64 * 1024 * 1024))
    box.start()
    yield box
    box.close()


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_a_job_runs_in_another_process_and_returns(sandbox: Sandbox) -> None:
    assert sandbox.run_sync(os.getpid) != os.getpid()
    assert sandbox.run_sync(sorted, [3, 1, 2]) == [1, 2, 3]


def test_a_job_past_its_time_is_killed_and_the_worker_replaced(sandbox: Sandbox) -> None:
    before = sandbox.pids
    with pytest.raises(BudgetExceeded) as info:
        sandbox.run_sync(time.sleep, 60, timeout=0.5)
    assert info.value.kind == "time"
    assert before[0] not in sandbox.pids
    # the replacement serves the next job
    assert sandbox.run_sync(sum, [1, 2], timeout=30) == 3


def test_a_job_over_its_memory_budget_is_stopped(sandbox: Sandbox) -> None:
    parent_before = _rss(os.getpid())
    with pytest.raises(BudgetExceeded) as info:
        sandbox.run_sync(bytearray, 1024 * 1024 * 1024, timeout=30)
    assert info.value.kind in ("memory", "crash")
    assert _rss(os.getpid()) - parent_before < 32 * 1024 * 1024
    assert sandbox.run_sync(len, "abc", timeout=30) == 3


def test_a_crashing_worker_is_a_budget_error_not_a_hang(sandbox: Sandbox) -> None:
    with pytest.raises(BudgetExceeded) as info:
        sandbox.run_sync(os._exit, 3, timeout=30)
    assert info.value.kind == "crash"
    assert sandbox.run_sync(len, "ab", timeout=30) == 2


def test_job_errors_come_back_with_their_type_and_fields(sandbox: Sandbox) -> None:
    # DocumentRefused has required arguments besides its message: it does not round-trip
    # through pickle by default, and must still arrive as itself.
    with pytest.raises(DocumentRefused) as info:
        sandbox.run_sync(check_pdf, b"%PDF-1.7\n" + b"1 0 obj\n" * 30_000, timeout=30)
    assert info.value.code == "pdf_too_complex" and info.value.status == 422
    with pytest.raises(ZeroDivisionError):
        sandbox.run_sync(divmod, 1, 0, timeout=30)


def test_the_event_loop_only_waits(sandbox: Sandbox) -> None:
    async def main() -> tuple[int, bool]:
        ticks = 0
        job = asyncio.ensure_future(sandbox.run(time.sleep, 60, timeout=1.0))
        while not job.done():
            ticks += 1
            await asyncio.sleep(0.01)
        try:
            job.result()
        except BudgetExceeded:
            return ticks, True
        return ticks, False

    ticks, killed = asyncio.run(main())
    assert killed
    assert ticks > 5  # the loop kept turning while the job ran


def test_a_closed_sandbox_refuses_work() -> None:
    box = Sandbox("closed", workers=1)
    box.close()
    with pytest.raises(SandboxBusy):
        box.run_sync(len, "x")


def test_parse_time_is_not_taken_from_the_requests_database_deadline(sandbox: Sandbox) -> None:
    import pymongo
    from pymongo import _csot

    async def main() -> float:
        with pymongo.timeout(1.0):
            await sandbox.run(time.sleep, 1.5, timeout=30)
            return _csot.DEADLINE.get() - time.monotonic()

    assert asyncio.run(main()) > 0.5
