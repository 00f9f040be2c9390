"""What the LinkedIn use cases need from the outside world, as protocols."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from resugrow_events import Envelope, EventPayload

T = TypeVar("T")
Doc = dict[str, Any]


class ReviewRepository(Protocol):
    async def add(self, doc: Doc) -> None: ...
    async def get(self, user_id: str, review_id: str) -> Doc | None: ...
    async def latest(self, user_id: str) -> Doc | None: ...
    async def newest_first(self, user_id: str, *, before_id: str | None, limit: int) -> list[Doc]:
        """Reviews without their large parts (profile, rewrites...), newest first."""
        ...

    async def score_history(self, user_id: str, *, limit: int) -> list[Doc]: ...
    async def count(self, user_id: str) -> int: ...
    async def set_consistency(self, user_id: str, review_id: str, mismatches: list[Doc]) -> None: ...


class ResumeProjectionRepository(Protocol):
    async def all_for(self, user_id: str) -> list[Doc]: ...
    async def put_if_newer(self, user_id: str, resume_id: str, doc: Doc) -> bool:
        """Keep only the newest version of each resume (a newer `doc` is always stored, so the
        stored version advances even when nothing else changed). True if the projection's
        content (what the consistency check reads) changed; False if `doc` is not newer or
        differs from the stored one only in version and time."""
        ...


class LinkedinUnitOfWork(Protocol):
    @property
    def reviews(self) -> ReviewRepository: ...
    @property
    def resumes(self) -> ResumeProjectionRepository: ...

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]: ...


class Analyser(Protocol):
    """Runs parsing and the audit off the event loop, one document at a time, under a deadline;
    `fn` must pickle (a module-level function or a partial of one): it may run in another process."""

    @property
    def max_upload_bytes(self) -> int: ...
    @property
    def max_job_description_chars(self) -> int: ...

    async def run(self, fn: Callable[[], T]) -> T: ...
