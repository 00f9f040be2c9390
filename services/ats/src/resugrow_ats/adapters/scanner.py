"""Runs the CPU-bound domain scan in the parse sandbox: worker processes under a time and memory
budget (resugrow_platform.sandbox), never on the event loop and never in the service's process.

A scan past its budget is answered as a clean 422 and its worker is killed, so the CPU, the
memory and pdfium (one document at a time per worker) are free again at once; other users'
scans and the health checks are never held up by it. Jobs are picklable callables:
module-level functions, or functools.partial of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TypeVar

# Imported here so the sandbox's fork server loads the readers (and pdfium) once for all workers.
from resugrow_ats.domain import read_docx, read_pdf, read_text  # noqa: F401
from resugrow_ats.domain.analyze import scan_text
from resugrow_ats.domain.ingest import IngestError
from resugrow_platform import ProblemError
from resugrow_platform.sandbox import Budget, BudgetExceeded, Sandbox, SandboxBusy

T = TypeVar("T")

WORKERS = 2
# What one scan may add to a warm worker's memory; the worker is killed past it.
MEMORY_BUDGET_BYTES = 256 * 1024 * 1024

_sandbox: Sandbox | None = None
_sandbox_lock = threading.Lock()


def warm_up() -> None:
    """Runs once in each worker: lexicons and pattern tables load before the first user's scan."""
    scan_text("Ada Lovelace\nEngineer\nPython, SQL\n2019 - 2023 Analyst", as_of=date(2026, 1, 1))


def sandbox() -> Sandbox:
    global _sandbox
    with _sandbox_lock:
        if _sandbox is None:
            _sandbox = Sandbox(
                "ats-parse",
                workers=WORKERS,
                budget=Budget(time_s=10.0, memory_bytes=MEMORY_BUDGET_BYTES),
                warmup="resugrow_ats.adapters.scanner:warm_up",
            )
        return _sandbox


def prestart() -> None:
    """Warm the workers in the background at service start (the first scan need not wait)."""
    sandbox().start_in_background()


async def run_scan(fn: Callable[[], T], *, timeout: float) -> T:
    try:
        return await sandbox().run(fn, timeout=timeout)
    except IngestError as exc:
        raise problem_from(exc) from exc
    except BudgetExceeded as exc:
        if exc.kind == "time":
            raise ProblemError(
                422,
                "Unprocessable Content",
                "The file took too long to read; simplify or re-export it.",
                code="parse_timeout",
            ) from exc
        raise ProblemError(
            422,
            "Unprocessable Content",
            "The file needs more memory to read than a resume should; simplify or re-export it.",
            code="parse_memory",
        ) from exc
    except SandboxBusy as exc:
        raise ProblemError(
            503,
            "Service Unavailable",
            "Every document reader is busy; try again shortly.",
            headers={"Retry-After": "2"},
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
