"""What the ATS use cases need from the outside world, as protocols (adapters and fakes implement them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from resugrow_ats.domain.ingest import Limits
from resugrow_events import Envelope, EventPayload

T = TypeVar("T")
Doc = dict[str, Any]


class ScanRepository(Protocol):
    async def add(self, doc: Doc) -> None: ...
    async def get(self, user_id: str, scan_id: str) -> Doc | None: ...
    async def newest_first(self, user_id: str, *, before_id: str | None, limit: int) -> list[Doc]:
        """Scans without their report, newest first, ids strictly below `before_id`."""
        ...

    async def count(self, user_id: str) -> int: ...


class MatchRepository(Protocol):
    async def add(self, doc: Doc) -> None: ...


class ResumeTextRepository(Protocol):
    async def get(self, user_id: str, resume_id: str, version: int) -> Doc | None: ...
    async def put(self, doc: Doc) -> None: ...


class ApplicationRepository(Protocol):
    async def get(self, user_id: str, application_id: str) -> Doc | None: ...
    async def put(self, doc: Doc) -> None: ...


class PendingWorkRepository(Protocol):
    """Renders and matches that arrived before the text of their resume version."""

    async def put(self, doc: Doc) -> None: ...
    async def for_version(self, user_id: str, resume_id: str, version: int) -> list[Doc]: ...
    async def remove(self, pending_id: str) -> None: ...


class AtsUnitOfWork(Protocol):
    # Read-only members, so an implementation may hold a more specific repository type.
    @property
    def scans(self) -> ScanRepository: ...
    @property
    def matches(self) -> MatchRepository: ...
    @property
    def resume_texts(self) -> ResumeTextRepository: ...
    @property
    def applications(self) -> ApplicationRepository: ...
    @property
    def pending(self) -> PendingWorkRepository: ...

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]: ...


class Scanner(Protocol):
    """Runs CPU-bound parsing off the event loop under the service's limits and deadline; `fn`
    must pickle (a module-level function or a partial of one): it may run in another process."""

    @property
    def limits(self) -> Limits: ...
    @property
    def max_job_description_chars(self) -> int: ...

    async def run(self, fn: Callable[[], T]) -> T: ...
