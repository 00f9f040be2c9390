"""Render worker processes: the service layer's only way to run the render engine.

A Typst compiler is not thread-safe and holds the GIL, so rendering scales with processes. Each
worker owns one warm compiler (fonts loaded once, about 75 ms) and renders one job at a time. A job
that exceeds its time limit gets its worker killed and replaced, and the caller a ``RenderTimeout``.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import pickle
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from resugrow_resume.adapters import timing
from resugrow_resume.domain.render import (
    RenderError,
    RenderOptions,
    RenderResult,
    RenderTimeout,
    render_cover_letter,
    render_resume,
    render_thumbnail,
)
from resugrow_resume.domain.render.typst_engine import discard_project

_JOBS: dict[str, Callable[..., Any]] = {
    "resume": render_resume,
    "cover_letter": render_cover_letter,
    "thumbnail": render_thumbnail,
}


def _warm_up() -> None:
    from resugrow_resume.domain.render import sample_resume
    from resugrow_resume.domain.render.fonts import coverage

    coverage()
    for fmt in ("pdf", "docx", "html"):
        render_resume(sample_resume(), RenderOptions(format=fmt))


def _set_priority(nice: int) -> str | None:
    """Run this worker at ``nice``, before Typst starts its threads (they inherit it). The reason
    it could not, if it could not (raising priority needs CAP_SYS_NICE)."""
    if nice == 0:
        return None
    try:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    except OSError as exc:
        return f"{type(exc).__name__}: {exc.strerror or exc}"
    return None


def _worker_main(conn: Connection, nice: int = 0) -> None:
    """Loop of one worker process: receive (job, args), answer ("ok", value) or ("error", exc)."""
    try:
        refused = _set_priority(nice)
        _warm_up()
        conn.send(("ready", os.getpid(), refused))
        while True:
            try:
                message = conn.recv()
            except EOFError:
                return
            if message is None:
                return
            job, args = message
            started, cpu = time.perf_counter(), time.process_time()
            try:
                value = _JOBS[job](*args)
                took = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
                conn.send(("ok", value, took))
            except RenderError as exc:
                conn.send(("error", exc, (0.0, 0.0)))
            except Exception as exc:  # never let one bad document take the worker down
                error = RenderError(f"render failed: {type(exc).__name__}: {exc}")
                conn.send(("error", error, (0.0, 0.0)))
    except KeyboardInterrupt:
        return


class _Worker:
    def __init__(self, ctx: Any, nice: int = 0) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child, nice), daemon=True, name="resugrow-render"
        )
        self.process.start()
        child.close()
        self.priority_refused: str | None = None

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RenderError("render worker did not start in time")
        try:
            status, _, self.priority_refused = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RenderError("render worker exited during start-up") from None
        if status != "ready":
            raise RenderError("render worker failed to start")

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(timeout=2)
        self.discard_files()
        with contextlib.suppress(Exception):
            self.conn.close()

    def discard_files(self) -> None:  # the Typst project directory a killed worker leaves behind
        if self.process.pid is not None and not self.process.is_alive():
            discard_project(self.process.pid)


class RenderPool:
    """A fixed set of warm render processes, sized to the cores by default."""

    def __init__(
        self,
        workers: int | None = None,
        time_limit: float = 10.0,
        start_method: str = "spawn",
        startup_timeout: float = 60.0,
        nice: int = 0,
    ) -> None:
        self.size = workers or os.cpu_count() or 1
        self.nice = nice
        self.time_limit = time_limit
        self.startup_timeout = startup_timeout
        self._ctx = mp.get_context(start_method)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        self._respawning = 0
        self._start_lock = threading.Lock()
        self.priority_refused: str | None = None  # why the workers could not take ``nice``

    # lifecycle -------------------------------------------------------------------------------
    def start(self) -> RenderPool:
        with self._start_lock:
            if not self._started:
                self._start_workers()
        return self

    def _start_workers(self) -> None:
        # start every worker first, then wait: they warm up in parallel
        spawned = [_Worker(self._ctx, self.nice) for _ in range(self.size)]
        try:
            for worker in spawned:
                worker.wait_ready(self.startup_timeout)
        except RenderError:
            for worker in spawned:
                worker.kill()
            raise
        for worker in spawned:
            self._register(worker)
        self.priority_refused = spawned[0].priority_refused if spawned else None
        self._started = True

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        deadline = time.monotonic() + 3
        for worker in workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.kill()
            else:
                worker.discard_files()

    def __enter__(self) -> RenderPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def _register(self, worker: _Worker) -> None:
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a stuck or dead worker and warm a new one in the background."""
        with self._lock:
            # counted before the old one is gone, so waiting callers never see an empty pool
            self._all.discard(worker)
            self._respawning += 1
        worker.kill()

        def spawn() -> None:
            try:
                if self._closed:
                    return
                fresh = _Worker(self._ctx, self.nice)
                fresh.wait_ready(self.startup_timeout)
                if self._closed:
                    fresh.kill()
                else:
                    self._register(fresh)
            except (RenderError, OSError):
                return  # callers get "no running workers" once nothing is left to wait for
            finally:
                with self._lock:
                    self._respawning -= 1

        threading.Thread(target=spawn, name="resugrow-render-respawn", daemon=True).start()

    def _acquire(self) -> _Worker:
        """Wait for a free worker (the pool bounds concurrency) for as long as any worker lives."""
        while True:
            try:
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                with self._lock:
                    alive = bool(self._all) or self._respawning > 0
                if self._closed or not alive:
                    raise RenderError("the render pool has no running workers") from None

    # rendering -------------------------------------------------------------------------------
    def _run(self, job: str, args: tuple[Any, ...], timeout: float | None) -> Any:
        if not self._started:
            self.start()
        if self._closed:
            raise RenderError("render pool is closed")
        limit = self.time_limit if timeout is None else timeout
        worker = self._acquire()
        self._send(worker, job, args)
        try:
            answered = worker.conn.poll(limit)
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise RenderError("render worker crashed") from exc
        if not answered:
            self._replace(worker)
            raise RenderTimeout(limit)
        return self._answer(worker)

    def _send(self, worker: _Worker, job: str, args: tuple[Any, ...]) -> None:
        try:
            worker.conn.send((job, args))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            self._idle.put(worker)  # nothing was sent: the worker is fine
            raise RenderError(f"render job could not be exchanged with the worker: {exc}") from exc
        except OSError as exc:  # the worker died (crash, OOM kill)
            self._replace(worker)
            raise RenderError("render worker crashed") from exc

    async def _aacquire(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        waiting = asyncio.get_running_loop().run_in_executor(None, self._acquire)
        try:
            return await asyncio.shield(waiting)
        except asyncio.CancelledError:
            # The thread still gets a worker: hand it back when it does, or the pool shrinks.
            waiting.add_done_callback(
                lambda f: None if f.cancelled() or f.exception() else self._idle.put(f.result())
            )
            raise

    def _answer(self, worker: _Worker) -> Any:
        try:
            status, value, (worker_ms, worker_cpu_ms) = worker.conn.recv()
        except (EOFError, OSError) as exc:  # the worker died (crash, OOM kill)
            self._replace(worker)
            raise RenderError("render worker crashed") from exc
        except (pickle.UnpicklingError, TypeError, AttributeError) as exc:
            # a message that cannot cross the pipe; the worker itself is fine
            self._idle.put(worker)
            raise RenderError(f"render job could not be exchanged with the worker: {exc}") from exc
        self._idle.put(worker)
        if status == "error":
            raise value
        # The render itself inside the worker, and the CPU it took there (all its threads): the
        # difference is time the worker waited for a core.
        timing.add("worker", worker_ms)
        timing.add("worker-cpu", worker_cpu_ms)
        return value

    def render_resume(
        self, resume: dict[str, Any], options: RenderOptions, *, timeout: float | None = None
    ) -> RenderResult:
        result: RenderResult = self._run("resume", (resume, options), timeout)
        return result

    def render_cover_letter(
        self,
        letter: dict[str, Any],
        resume: dict[str, Any],
        options: RenderOptions,
        *,
        timeout: float | None = None,
    ) -> RenderResult:
        result: RenderResult = self._run("cover_letter", (letter, resume, options), timeout)
        return result

    def render_thumbnail(self, template: str, *, timeout: float | None = None) -> bytes:
        image: bytes = self._run("thumbnail", (template,), timeout)
        return image

    # asyncio callers (FastAPI routes, FastStream handlers) ------------------------------------
    async def _arun(self, job: str, args: tuple[Any, ...], timeout: float | None) -> Any:
        """`_run` without a thread hop: the job goes down the pipe from the event loop, which then
        waits for the worker's answer as a readable pipe (a thread's wake-up and GIL hand-over
        cost milliseconds on busy cores). A thread is used only to wait for a free worker."""
        if not self._started:
            await asyncio.to_thread(self.start)
        if self._closed:
            raise RenderError("render pool is closed")
        limit = self.time_limit if timeout is None else timeout
        worker = await self._aacquire()
        self._send(worker, job, args)
        try:
            answered = await _readable(worker.conn, limit)
        except asyncio.CancelledError:
            # The caller gave up; the worker is still rendering. Take it back once it answers.
            threading.Thread(target=self._reclaim, args=(worker, limit), daemon=True).start()
            raise
        if not answered:
            self._replace(worker)
            raise RenderTimeout(limit)
        return self._answer(worker)

    def _reclaim(self, worker: _Worker, limit: float) -> None:
        try:
            if worker.conn.poll(limit):
                worker.conn.recv()
                self._idle.put(worker)
                return
        except (EOFError, OSError, pickle.UnpicklingError):
            pass
        self._replace(worker)

    async def arender_resume(
        self, resume: dict[str, Any], options: RenderOptions, *, timeout: float | None = None
    ) -> RenderResult:
        result: RenderResult = await self._arun("resume", (resume, options), timeout)
        return result

    async def arender_cover_letter(
        self,
        letter: dict[str, Any],
        resume: dict[str, Any],
        options: RenderOptions,
        *,
        timeout: float | None = None,
    ) -> RenderResult:
        result: RenderResult = await self._arun("cover_letter", (letter, resume, options), timeout)
        return result

    async def arender_thumbnail(self, template: str, *, timeout: float | None = None) -> bytes:
        image: bytes = await self._arun("thumbnail", (template,), timeout)
        return image


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait until the pipe has something to read (an answer, or EOF from a dead worker)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)
        # uvloop (libuv) makes a watched descriptor non-blocking; the pipe's messages are read
        # and written whole with blocking calls, so it goes back as it was.
        os.set_blocking(fd, True)
