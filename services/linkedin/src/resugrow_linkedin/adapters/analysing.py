"""The Analyser port over the parse sandbox (adapters/parse_sandbox.py): parsing and the audit run
in a worker process under a time and memory budget, never on the event loop or in this process.

A job past its budget has its worker killed (a 422), so pdfium needs no process-wide lock: each
worker reads one document at a time. Jobs must pickle (module-level functions or partials).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from resugrow_linkedin.adapters.parse_sandbox import run_parse
from resugrow_linkedin.settings import LinkedinSettings

T = TypeVar("T")


class SandboxAnalyser:
    def __init__(self, settings: LinkedinSettings) -> None:
        self.max_upload_bytes = settings.max_upload_bytes
        self.max_job_description_chars = settings.max_job_description_chars
        self._timeout = settings.parse_timeout_s

    async def run(self, fn: Callable[[], T]) -> T:
        result: T = await run_parse(fn, timeout=self._timeout)
        return result
