"""What the interview use cases need from the outside world, as protocols."""

from __future__ import annotations

from typing import Any, Protocol

from resugrow_events import Envelope, EventPayload

Doc = dict[str, Any]


class SessionRepository(Protocol):
    async def get(self, user_id: str, session_id: str) -> Doc | None: ...
    async def exists(self, session_id: str) -> bool: ...
    async def add(self, doc: Doc) -> None: ...
    async def replace_if_version(self, doc: Doc, expected_version: int) -> bool:
        """Optimistic concurrency: write only if nobody changed the session since it was read."""
        ...

    async def newest_first(self, user_id: str, *, status: str | None, skip: int, limit: int) -> list[Doc]: ...
    async def count(self, user_id: str, *, status: str | None) -> int: ...
    async def oldest_first(self, user_id: str, *, limit: int) -> list[Doc]: ...


class InterviewUnitOfWork(Protocol):
    @property
    def sessions(self) -> SessionRepository: ...

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]: ...
