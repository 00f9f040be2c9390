"""Where LinkedIn uploads are parsed and reviewed: the platform's parse sandbox (worker processes
under a time and memory budget), never the service's own process or event loop.

A PDF or export past its budget gets its worker killed: the CPU, the memory and pdfium (one
document at a time per worker, so no process-wide lock) are free again for the next user.
"""

from __future__ import annotations

import threading
from typing import Any

from resugrow_platform import ProblemError, Unprocessable
from resugrow_platform.sandbox import Budget, BudgetExceeded, Sandbox, SandboxBusy

WORKERS = 2
MEMORY_BUDGET_BYTES = 256 * 1024 * 1024

_sandbox: Sandbox | None = None
_lock = threading.Lock()


def warm_up() -> None:
    """Runs once per worker: the review's tables and pdfium load before the first user's upload."""
    from resugrow_linkedin.domain.ingest import pdf_profile  # noqa: F401
    from resugrow_linkedin.domain.review import review  # noqa: F401


def sandbox() -> Sandbox:
    global _sandbox
    with _lock:
        if _sandbox is None:
            _sandbox = Sandbox(
                "linkedin-parse",
                workers=WORKERS,
                budget=Budget(time_s=20.0, memory_bytes=MEMORY_BUDGET_BYTES),
                warmup="resugrow_linkedin.adapters.parse_sandbox:warm_up",
            )
        return _sandbox


def prestart() -> None:
    sandbox().start_in_background()


async def run_parse(fn: Any, *args: Any, timeout: float) -> Any:
    """``fn(*args)`` in a worker; budget overruns are 422s, a full pool a 503."""
    try:
        return await sandbox().run(fn, *args, timeout=timeout)
    except BudgetExceeded as exc:
        if exc.kind == "time":
            raise Unprocessable(
                f"the file took longer than {timeout:g} s to read; upload the export ZIP instead",
                code="timeout",
            ) from exc
        raise Unprocessable(
            "the file needs more memory to read than a profile should; save it again", code="too_complex"
        ) from exc
    except SandboxBusy as exc:
        raise ProblemError(
            503,
            "Service Unavailable",
            "Every document reader is busy; try again shortly.",
            headers={"Retry-After": "2"},
        ) from exc
