"""Parse untrusted input in worker processes under a budget that cannot be bypassed.

A parse that runs in the service's own process can only be abandoned, never stopped: a thread
past its deadline keeps its CPU, its memory and any lock it holds, so one 88 KB PDF that inflates
to 60 MB of operators stalls every other user for minutes. Here each job runs in a small pool of
warm worker processes. A worker past its wall-clock budget, or over its memory budget (an address
space rlimit set in the worker, and the parent watching its resident size), is killed with
SIGKILL and replaced; the caller gets ``BudgetExceeded``. The event loop only waits on a thread
that waits on a pipe: it never runs a parse.

Jobs are module-level functions (or ``functools.partial`` of them) with picklable arguments and
results. An exception raised by the job is re-raised in the caller with its type and fields.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import multiprocessing as mp
import os
import pickle
import queue
import resource
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_WATCH_STEP_S = 0.02


class BudgetExceeded(Exception):
    """The job ran past its time or memory budget (or crashed its worker); the worker is gone."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind  # "time" | "memory" | "crash"
        self.detail = detail


class SandboxBusy(Exception):
    """No worker became free within the job's budget: the caller should answer 503."""


@dataclass(frozen=True)
class Budget:
    """Per job: wall-clock seconds, and memory a job may add above the worker's warm baseline."""

    time_s: float = 10.0
    memory_bytes: int = 256 * 1024 * 1024


def _statm() -> tuple[int, int]:
    with open("/proc/self/statm") as fh:
        size, resident = fh.read().split()[:2]
    return int(size) * _PAGE, int(resident) * _PAGE


def _rss_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _pack_error(exc: BaseException) -> tuple[str, Any]:
    try:
        blob = pickle.dumps(exc)
        pickle.loads(blob)  # exceptions with keyword-only __init__ arguments fail only here
        return ("pickled", blob)
    except Exception:
        state = {k: v for k, v in vars(exc).items() if _picklable(v)}
        return ("parts", (type(exc).__module__, type(exc).__qualname__, exc.args, state))


def _picklable(value: Any) -> bool:
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


def _unpack_error(packed: tuple[str, Any]) -> BaseException:
    how, value = packed
    if how == "pickled":
        exc: BaseException = pickle.loads(value)
        return exc
    module, qualname, args, state = value
    try:
        cls: Any = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        rebuilt: BaseException = cls.__new__(cls)
        rebuilt.args = args
        rebuilt.__dict__.update(state)
        return rebuilt
    except Exception:
        return RuntimeError(f"{qualname}: {args[0] if args else ''}")


def _worker_main(conn: Connection, warmup: str | None, memory_bytes: int) -> None:
    try:
        if warmup:
            module, _, name = warmup.partition(":")
            target = importlib.import_module(module)
            if name:
                getattr(target, name)()
        size, _ = _statm()
        limit = size + memory_bytes
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        conn.send(("ready", os.getpid()))
        while True:
            try:
                message = conn.recv()
            except EOFError:
                return
            if message is None:
                return
            fn, args, kwargs = message
            try:
                conn.send(("ok", fn(*args, **kwargs)))
            except MemoryError:
                conn.send(("memory", None))
                return  # a heap that hit its limit is not reused
            except RecursionError as exc:
                conn.send(("error", _pack_error(exc)))
            except Exception as exc:
                conn.send(("error", _pack_error(exc)))
    except KeyboardInterrupt:
        return
    except (BrokenPipeError, EOFError, OSError):
        return


class _Worker:
    def __init__(self, ctx: Any, name: str, warmup: str | None, memory_bytes: int) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child, warmup, memory_bytes), daemon=True, name=f"resugrow-{name}"
        )
        self.process.start()
        child.close()
        self.jobs = 0
        self.baseline_rss = 0

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("sandbox worker did not start in time")
        try:
            status, _ = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RuntimeError("sandbox worker exited during start-up") from None
        if status != "ready":
            self.kill()
            raise RuntimeError("sandbox worker failed to start")
        self.baseline_rss = _rss_of(self.process.pid or 0) or 0

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(timeout=2)
        with contextlib.suppress(Exception):
            self.conn.close()


class Sandbox:
    """A pool of warm worker processes that run parse jobs under a ``Budget``."""

    def __init__(
        self,
        name: str,
        *,
        workers: int = 2,
        budget: Budget | None = None,
        warmup: str | None = None,
        max_jobs_per_worker: int = 500,
        start_method: str = "forkserver",
        startup_timeout: float = 60.0,
        queue_threads: int = 32,
    ) -> None:
        self.name = name
        self.size = max(1, workers)
        self.budget = budget or Budget()
        self.warmup = warmup
        self.max_jobs = max_jobs_per_worker
        self.startup_timeout = startup_timeout
        self._ctx = mp.get_context(start_method)
        if start_method == "forkserver":
            # Workers fork from a clean single-threaded server that imported this module (and
            # the warm-up module) once: a replacement worker is ready in milliseconds, not the
            # seconds a fresh interpreter needs. Effective only before the server first starts.
            preload = ["resugrow_platform.sandbox"]
            if warmup:
                preload.append(warmup.partition(":")[0])
            self._ctx.set_forkserver_preload(preload)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._started = False
        self._closed = False
        self._respawning = 0
        # Threads only wait on pipes; waiting callers beyond this queue inside the executor.
        self._executor = ThreadPoolExecutor(max_workers=queue_threads, thread_name_prefix=f"sandbox-{name}")

    # lifecycle -------------------------------------------------------------------------------
    def start(self) -> Sandbox:
        with self._start_lock:
            if self._started or self._closed:
                return self
            spawned = [self._spawn() for _ in range(self.size)]
            try:
                for worker in spawned:
                    worker.wait_ready(self.startup_timeout)
            except RuntimeError:
                for worker in spawned:
                    worker.kill()
                raise
            for worker in spawned:
                self._register(worker)
            self._started = True
        return self

    def start_in_background(self) -> None:
        """Warm the workers without holding up the caller (a service's start-up)."""
        threading.Thread(target=self._quiet_start, name=f"sandbox-{self.name}-start", daemon=True).start()

    def _quiet_start(self) -> None:
        with contextlib.suppress(Exception):
            self.start()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        deadline = time.monotonic() + 2
        for worker in workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            worker.kill()
        self._executor.shutdown(wait=False, cancel_futures=True)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def _spawn(self) -> _Worker:
        return _Worker(self._ctx, self.name, self.warmup, self.budget.memory_bytes)

    def _register(self, worker: _Worker) -> None:
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
            self._respawning += 1
        worker.kill()

        def spawn() -> None:
            try:
                if self._closed:
                    return
                fresh = self._spawn()
                fresh.wait_ready(self.startup_timeout)
                if self._closed:
                    fresh.kill()
                else:
                    self._register(fresh)
            except (RuntimeError, OSError):
                return
            finally:
                with self._lock:
                    self._respawning -= 1

        threading.Thread(target=spawn, name=f"sandbox-{self.name}-respawn", daemon=True).start()

    def _acquire(self, deadline: float) -> _Worker:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SandboxBusy(f"no {self.name} worker became free in time")
            try:
                return self._idle.get(timeout=min(0.25, remaining))
            except queue.Empty:
                with self._lock:
                    alive = bool(self._all) or self._respawning > 0
                if self._closed or not alive:
                    raise SandboxBusy(f"the {self.name} sandbox has no running workers") from None

    # jobs ------------------------------------------------------------------------------------
    def run_sync(self, fn: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
        if self._closed:
            raise SandboxBusy(f"the {self.name} sandbox is closed")
        if not self._started:
            self.start()
        limit = self.budget.time_s if timeout is None else timeout
        worker = self._acquire(time.monotonic() + limit)
        try:
            worker.conn.send((fn, args, kwargs))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            self._idle.put(worker)
            raise TypeError(f"sandbox job {fn!r} cannot be sent to a worker: {exc}") from exc
        except (BrokenPipeError, OSError) as exc:
            self._replace(worker)
            raise BudgetExceeded("crash", "the worker died before the job started") from exc
        status, value = self._wait(worker, limit)
        worker.jobs += 1
        if status == "memory":
            self._replace(worker)
            raise BudgetExceeded("memory", f"the job needed more than {self.budget.memory_bytes} bytes")
        if worker.jobs >= self.max_jobs:
            self._replace(worker)  # bounds what a long-lived heap can accumulate
        else:
            self._idle.put(worker)
        if status == "error":
            raise _unpack_error(value)
        result: T = value
        return result

    def _wait(self, worker: _Worker, limit: float) -> tuple[str, Any]:
        deadline = time.monotonic() + limit
        pid = worker.process.pid or 0
        rss_limit = worker.baseline_rss + self.budget.memory_bytes
        while True:
            try:
                if worker.conn.poll(_WATCH_STEP_S):
                    status, value = worker.conn.recv()
                    return str(status), value
            except (EOFError, OSError) as exc:  # the worker died: a native crash or the kernel
                self._replace(worker)
                raise BudgetExceeded("crash", "the worker stopped while parsing") from exc
            if time.monotonic() > deadline:
                self._replace(worker)
                raise BudgetExceeded("time", f"the job ran longer than {limit:g} s")
            rss = _rss_of(pid)
            if rss is not None and rss > rss_limit:
                self._replace(worker)
                raise BudgetExceeded("memory", f"the job needed more than {self.budget.memory_bytes} bytes")

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker; the event loop only awaits a waiting thread."""
        loop = asyncio.get_running_loop()
        call = lambda: self.run_sync(fn, *args, timeout=timeout, **kwargs)  # noqa: E731
        started = time.monotonic()
        try:
            return await loop.run_in_executor(self._executor, call)
        finally:
            _extend_database_deadline(time.monotonic() - started)


def _extend_database_deadline(seconds: float) -> None:
    """A request's database calls share one deadline (pymongo.timeout, set by the platform's
    request middleware) meant to fail fast when the database is down; time spent parsing in the
    sandbox, under its own budget, is not database time, so it is given back."""
    try:
        from pymongo import _csot

        deadline = _csot.DEADLINE.get()
        if deadline != float("inf"):
            _csot.DEADLINE.set(deadline + seconds)
    except (ImportError, AttributeError, LookupError):
        return


_named: dict[str, Sandbox] = {}
_named_lock = threading.Lock()


def named_sandbox(name: str, **kwargs: Any) -> Sandbox:
    """The process's one sandbox called ``name`` (created on first use with ``kwargs``)."""
    with _named_lock:
        box = _named.get(name)
        if box is None:
            box = _named[name] = Sandbox(name, **kwargs)
        return box


async def run_bounded(
    name: str,
    fn: Callable[..., T],
    *args: Any,
    timeout: float,
    memory_bytes: int = 256 * 1024 * 1024,
    workers: int = 1,
    warmup: str | None = None,
) -> T:
    """Run a parse in the named sandbox; a budget overrun is a 422, no free worker a 503.
    Exceptions raised by ``fn`` (the service's own 4xx errors) come back unchanged."""
    from resugrow_platform.errors import ProblemError

    box = named_sandbox(
        name, workers=workers, budget=Budget(time_s=timeout, memory_bytes=memory_bytes), warmup=warmup
    )
    try:
        return await box.run(fn, *args, timeout=timeout)
    except BudgetExceeded as exc:
        code = "parse_timeout" if exc.kind == "time" else "parse_memory"
        detail = (
            f"The upload took longer than {timeout:g} s to read."
            if exc.kind == "time"
            else "The upload needs more memory to read than allowed."
        )
        raise ProblemError(422, "Unprocessable Content", detail, code=code) from exc
    except SandboxBusy as exc:
        raise ProblemError(
            503,
            "Service Unavailable",
            "Every reader is busy; try again shortly.",
            headers={"Retry-After": "2"},
        ) from exc


def warm_sandbox(name: str, *, workers: int = 1, warmup: str | None = None) -> None:
    """Start the named sandbox's workers in the background (call from a service's start-up), so
    the first upload does not pay for the workers' start and imports."""
    named_sandbox(name, workers=workers, warmup=warmup).start_in_background()
