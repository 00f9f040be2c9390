"""Runs the CPU-bound domain scan off the event loop, one at a time per process, under a deadline.

pdfium is not thread-safe, so scans in one process are serialised by a lock; scale with processes
(API replicas or workers). A scan past the deadline is answered as a clean 422; its thread finishes
in the background, bounded by the page and size limits.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from resugrow_ats.domain.ingest import IngestError
from resugrow_platform import ProblemError

T = TypeVar("T")
_LOCK = threading.Lock()


def _locked(fn: Callable[[], T]) -> T:
    with _LOCK:
        return fn()


async def run_scan(fn: Callable[[], T], *, timeout: float) -> T:
    try:
        return await asyncio.wait_for(asyncio.to_thread(_locked, fn), timeout=timeout)
    except IngestError as exc:
        raise problem_from(exc) from exc
    except TimeoutError as exc:
        raise ProblemError(
            422,
            "Unprocessable Content",
            "The file took too long to read; simplify or re-export it.",
            code="parse_timeout",
        ) from exc


def problem_from(exc: IngestError) -> ProblemError:
    titles = {
        400: "Bad Request",
        413: "Content Too Large",
        415: "Unsupported Media Type",
        422: "Unprocessable Content",
    }
    return ProblemError(
        exc.status, titles.get(exc.status, "Unprocessable Content"), exc.message, code=exc.code
    )
