"""What the use cases need from storage and messaging."""

from __future__ import annotations

from typing import Any, Protocol

from resugrow_events import Envelope, EventPayload


class ProfileRepo(Protocol):
    async def get(self, user_id: str) -> dict[str, Any] | None: ...
    async def upsert(self, user_id: str, doc: dict[str, Any]) -> None: ...


class EvaluationRepo(Protocol):
    async def insert(self, doc: dict[str, Any]) -> None: ...
    async def get(self, user_id: str, evaluation_id: str) -> dict[str, Any] | None: ...
    async def latest(self, user_id: str) -> dict[str, Any] | None: ...
    async def list_for(self, user_id: str, *, limit: int, before: str | None) -> list[dict[str, Any]]: ...


class ReadRepos(Protocol):
    @property
    def profiles(self) -> ProfileRepo: ...
    @property
    def evaluations(self) -> EvaluationRepo: ...


class CareerUoW(ReadRepos, Protocol):
    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]: ...
