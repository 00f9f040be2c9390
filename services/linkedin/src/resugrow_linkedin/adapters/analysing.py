"""The Analyser port: parsing and the audit in a worker thread, one at a time, under a deadline.

pdfium must not be entered from two threads at once; parsing runs in a worker thread so the
event loop stays responsive, one document at a time per process.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from resugrow_domain import InvalidInput
from resugrow_linkedin.settings import LinkedinSettings

T = TypeVar("T")
_PARSE_LOCK = threading.Lock()


def _locked(fn: Callable[[], T]) -> T:
    with _PARSE_LOCK:
        return fn()


class ThreadAnalyser:
    def __init__(self, settings: LinkedinSettings) -> None:
        self.max_upload_bytes = settings.max_upload_bytes
        self.max_job_description_chars = settings.max_job_description_chars
        self._timeout = settings.parse_timeout_s

    async def run(self, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.to_thread(_locked, fn), timeout=self._timeout)
        except TimeoutError as exc:
            raise InvalidInput(
                f"the file took longer than {self._timeout} s to read; upload the export ZIP instead",
                code="timeout",
            ) from exc
