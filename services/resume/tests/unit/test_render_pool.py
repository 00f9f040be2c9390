"""The render pool: results and errors cross the process boundary; a stuck render is killed."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from resugrow_resume.adapters import render_pool
from resugrow_resume.adapters.render_pool import RenderPool
from resugrow_resume.domain.render import (
    MissingGlyph,
    RenderError,
    RenderOptions,
    RenderTimeout,
    render_resume,
    sample_resume,
)


@pytest.fixture(scope="module")
def pool() -> RenderPool:
    # A positive nice needs no privilege: the priority set-up runs in every test.
    with RenderPool(workers=1, time_limit=30, nice=3) as running:
        yield running


def _nice_of_threads(pid: int) -> set[int]:
    """The nice value of every thread of a process (field 19 of /proc/<pid>/task/<tid>/stat)."""
    return {
        int(stat.read_text().rsplit(")", 1)[1].split()[16])
        for stat in Path(f"/proc/{pid}/task").glob("*/stat")
    }


def test_workers_and_their_threads_run_at_the_pool_priority(pool: RenderPool) -> None:
    pool.render_resume(sample_resume(), RenderOptions(format="pdf"))  # Typst's threads exist now
    base = os.getpriority(os.PRIO_PROCESS, 0)
    for pid in pool.pids:
        assert _nice_of_threads(pid) == {min(19, base + 3)}
    assert pool.priority_refused is None


def test_a_priority_the_worker_may_not_take_is_reported_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(render_pool.os, "setpriority", refuse)
    assert render_pool._set_priority(-5) == "PermissionError: Operation not permitted"
    assert render_pool._set_priority(0) is None  # nothing asked, nothing tried


def test_pool_renders_the_same_bytes_as_in_process(pool: RenderPool) -> None:
    options = RenderOptions(format="pdf", template="compact")
    result = pool.render_resume(sample_resume(), options)
    assert result.content == render_resume(sample_resume(), options).content
    assert result.verification and result.verification["passed"]


def test_errors_cross_the_process_boundary(pool: RenderPool) -> None:
    bad = {"basics": {"name": "Linear B \U00010000"}}
    with pytest.raises(MissingGlyph) as info:
        pool.render_resume(bad, RenderOptions(format="pdf"))
    assert info.value.path == "basics.name"


def test_timeout_kills_the_worker_and_the_pool_recovers(pool: RenderPool) -> None:
    before = pool.pids
    with pytest.raises(RenderTimeout):
        pool.render_resume(sample_resume(), RenderOptions(format="docx"), timeout=0.0001)
    # the replacement warms up in the background; the next render waits for it
    result = pool.render_resume(sample_resume(), RenderOptions(format="txt"))
    assert result.content.startswith(b"Alex Morgan")
    assert pool.pids != before


def test_async_entry_points(pool: RenderPool) -> None:
    async def go() -> tuple[bytes, bytes]:
        result = await pool.arender_resume(sample_resume(), RenderOptions(format="md"))
        thumb = await pool.arender_thumbnail("modern")
        return result.content, thumb

    md, thumb = asyncio.run(go())
    assert md.startswith(b"# Alex Morgan") and thumb.startswith(b"\x89PNG")


def test_async_renders_under_uvloop_read_large_answers_whole(pool: RenderPool) -> None:
    # The services run on uvloop, whose watchers make a descriptor non-blocking: a PDF larger
    # than one pipe read must still arrive whole, render after render.
    uvloop = pytest.importorskip("uvloop")

    async def go() -> list[bytes]:
        options = RenderOptions(format="pdf")
        return [(await pool.arender_resume(sample_resume(), options)).content for _ in range(3)]

    pdfs = uvloop.run(go())
    assert len(pdfs[0]) > 64 * 1024 or pdfs[0].startswith(b"%PDF")
    assert (
        pdfs[0] == pdfs[1] == pdfs[2] == render_resume(sample_resume(), RenderOptions(format="pdf")).content
    )


def test_a_crashed_worker_is_reported_and_replaced(pool: RenderPool) -> None:
    import os
    import signal

    for pid in pool.pids:
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(RenderError, match="crashed"):
        pool.render_resume(sample_resume(), RenderOptions(format="txt"))
    assert pool.render_resume(sample_resume(), RenderOptions(format="txt")).content.startswith(b"Alex")


def test_async_renders_time_out_crash_and_give_up_like_the_sync_ones(pool: RenderPool) -> None:
    import os
    import signal

    async def go() -> None:
        with pytest.raises(RenderTimeout):
            await pool.arender_resume(sample_resume(), RenderOptions(format="docx"), timeout=0.0001)
        assert (await pool.arender_resume(sample_resume(), RenderOptions(format="txt"))).content.startswith(
            b"Alex"
        )
        for pid in pool.pids:
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(RenderError, match="crashed"):
            await pool.arender_resume(sample_resume(), RenderOptions(format="txt"))
        # a caller that gives up mid-render: the worker's late answer must not reach the next caller
        abandoned = asyncio.create_task(pool.arender_resume(sample_resume(), RenderOptions(format="pdf")))
        await asyncio.sleep(0.01)
        abandoned.cancel()
        with pytest.raises(asyncio.CancelledError):
            await abandoned
        md = await pool.arender_resume(sample_resume(), RenderOptions(format="md"))
        assert md.content.startswith(b"# Alex Morgan")

    asyncio.run(go())
