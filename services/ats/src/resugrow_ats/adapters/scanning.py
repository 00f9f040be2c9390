"""The Scanner port over the parse sandbox of adapters/scanner.py, with the service's limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from resugrow_ats.adapters.scanner import run_scan
from resugrow_ats.domain.ingest import Limits
from resugrow_ats.settings import AtsSettings

T = TypeVar("T")


class SandboxScanner:
    def __init__(self, settings: AtsSettings) -> None:
        self.limits = Limits(max_bytes=settings.max_upload_bytes, max_pages=settings.max_pages)
        self.max_job_description_chars = settings.max_job_description_chars
        self._timeout = settings.parse_timeout_seconds

    async def run(self, fn: Callable[[], T]) -> T:
        return await run_scan(fn, timeout=self._timeout)
