"""Where a request's time went, stage by stage, for the `Server-Timing` answer header.

The adapters (artifact store, render pool) add their own durations to the current request's
record; the route opens the record and writes the header. Outside a request nothing is recorded.
The gateway passes the header on, so a browser's developer tools (and bench/render_http.py) show
the service's stages of every render without a profiler.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CURRENT: ContextVar[dict[str, float] | None] = ContextVar("resugrow_resume_stages", default=None)


def add(stage: str, ms: float) -> None:
    record = _CURRENT.get()
    if record is not None:
        record[stage] = record.get(stage, 0.0) + ms


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        add(name, (time.perf_counter() - started) * 1000)


@contextmanager
def recording() -> Iterator[dict[str, float]]:
    """A fresh record for this request; its "total" (wall) and "cpu" (this process's CPU over the
    same span, every thread: other work running meanwhile is counted too) are filled in on the way
    out."""
    record: dict[str, float] = {}
    token = _CURRENT.set(record)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        yield record
    finally:
        record["cpu"] = (time.process_time() - cpu) * 1000
        record["total"] = (time.perf_counter() - started) * 1000
        _CURRENT.reset(token)


def header(record: dict[str, float]) -> str:
    return ", ".join(f"{name};dur={ms:.2f}" for name, ms in record.items())
