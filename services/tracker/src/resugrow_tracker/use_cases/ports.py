"""What the use cases need from storage: repositories and a unit of work, as Protocols.

`adapters/` implements them on MongoDB; `tests/unit/fakes.py` in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from resugrow_events import Envelope, EventPayload
from resugrow_tracker.domain.board import Column

Doc = dict[str, Any]


@dataclass(frozen=True)
class ApplicationQuery:
    """A search over the user's live applications (values already validated)."""

    stages: tuple[str, ...] = ()
    text: str | None = None
    source: str | None = None
    priority_min: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    sort: str = "last_move_at"
    descending: bool = True
    offset: int = 0
    limit: int = 50


class Applications(Protocol):
    async def get(self, user_id: str, app_id: str) -> Doc | None: ...
    async def get_for_reminder(self, user_id: str, app_id: str) -> Doc | None: ...
    async def add(self, doc: Doc) -> None: ...
    async def add_many(self, docs: list[Doc]) -> None: ...
    async def update(
        self, user_id: str, app_id: str, sets: Doc, *, push_move: Doc | None = None
    ) -> Doc | None: ...
    async def search(self, user_id: str, q: ApplicationQuery) -> tuple[list[Doc], int]: ...
    async def existing_keys(self, user_id: str, keys: list[str]) -> set[str]: ...
    async def active(self, user_id: str, view: str = "full") -> list[Doc]: ...
    async def changed_since(self, user_id: str, since: datetime, view: str) -> list[Doc]:
        """Applications written at or after `since`, deleted ones included (with `deleted`)."""

    async def upcoming_interviews(self, user_id: str, after: Any, limit: int) -> list[Doc]: ...
    async def with_interviews_after(self, user_id: str, after: Any) -> list[Doc]: ...


class Children(Protocol):
    async def add(self, doc: Doc) -> None: ...
    async def add_many(self, docs: list[Doc]) -> None: ...
    async def for_application(
        self, user_id: str, app_id: str, *, after: tuple[Any, str] | None, limit: int
    ) -> list[Doc]: ...


class Contacts(Children, Protocol):
    async def first_named(self, user_id: str, app_id: str) -> Doc | None: ...
    async def all_of(self, user_id: str) -> list[Doc]: ...


class Reminders(Protocol):
    async def add(self, doc: Doc) -> None: ...
    async def cancel_pending_for(self, user_id: str, app_id: str, reason: str) -> None: ...
    async def claim_due(self, now: datetime) -> Doc | None: ...
    async def set(self, reminder_id: str, sets: Doc) -> None: ...
    async def page(
        self,
        user_id: str,
        *,
        status: str | None,
        application_id: str | None,
        after: tuple[Any, str] | None,
        limit: int,
    ) -> list[Doc]: ...


class Boards(Protocol):
    async def columns(self, user_id: str) -> list[Column] | None: ...
    async def save(self, user_id: str, columns: list[Column], now: datetime) -> None: ...


class Activity(Protocol):
    async def put(self, doc: Doc) -> None: ...
    def add_at_commit(self, doc: Doc) -> None: ...
    async def insert_new(self, docs: list[Doc]) -> int: ...
    async def page(
        self,
        user_id: str,
        *,
        application_id: str | None,
        kind: str | None,
        before: tuple[Any, str] | None,
        limit: int,
    ) -> list[Doc]: ...


class Versions(Protocol):
    async def read(self, user_id: str) -> tuple[int, int]: ...
    async def bump_in_transaction(self, user_id: str) -> None: ...


@dataclass
class CachedReadModel:
    """A user's read model as of `version` (read before the data) and `refreshed_at` (the
    reader's clock before it read the version): applications written since are applied to it."""

    version: Any
    refreshed_at: datetime
    value: Any
    # Set by the cache on lookup: False once the entry is old enough to be refreshed anyway.
    fresh: bool = True


class ReadModelCache(Protocol):
    # How far before the last refresh the next one looks back: longer than a transaction can
    # stay open between its write and its commit, plus clock skew between replicas.
    overlap: timedelta

    def now(self) -> datetime: ...
    def entry(self, key: tuple[str, str]) -> CachedReadModel | None: ...
    def put(self, key: tuple[str, str], entry: CachedReadModel) -> None: ...


class TrackerUoW(Protocol):
    @property
    def applications(self) -> Applications: ...
    @property
    def contacts(self) -> Contacts: ...
    @property
    def notes(self) -> Children: ...
    @property
    def tasks(self) -> Children: ...
    @property
    def reminders(self) -> Reminders: ...
    @property
    def boards(self) -> Boards: ...
    @property
    def activity(self) -> Activity: ...
    @property
    def versions(self) -> Versions: ...

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]: ...

    def touch(self, user_id: str) -> None:
        """The user's analytics/board read models change with this unit of work."""
