"""The tracker's unit of work: its repositories on one platform transaction, plus `publish`."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resugrow_events import Envelope, EventPayload
from resugrow_platform import UnitOfWork
from resugrow_tracker.adapters.activity import ActivityRepository
from resugrow_tracker.adapters.applications import ApplicationRepository
from resugrow_tracker.adapters.boards import BoardRepository
from resugrow_tracker.adapters.children import ContactRepository, NoteRepository, TaskRepository
from resugrow_tracker.adapters.reminders import ReminderRepository
from resugrow_tracker.adapters.versions import VersionRepository


class MongoTrackerUnitOfWork:
    """Repositories are built on first use: a consumer builds one of these per event, and
    building all eight (a pymongo collection object each) cost more than the timeline write."""

    def __init__(self, db: AsyncDatabase[Any], session: Any = None, platform_uow: UnitOfWork | None = None):
        self._db = db
        self._session = session
        self._uow = platform_uow
        self.touched: set[str] = set()

    @cached_property
    def applications(self) -> ApplicationRepository:
        return ApplicationRepository(self._db, self._session)

    @cached_property
    def contacts(self) -> ContactRepository:
        return ContactRepository(self._db, self._session)

    @cached_property
    def notes(self) -> NoteRepository:
        return NoteRepository(self._db, self._session)

    @cached_property
    def tasks(self) -> TaskRepository:
        return TaskRepository(self._db, self._session)

    @cached_property
    def reminders(self) -> ReminderRepository:
        return ReminderRepository(self._db, self._session)

    @cached_property
    def boards(self) -> BoardRepository:
        return BoardRepository(self._db, self._session)

    @cached_property
    def activity(self) -> ActivityRepository:
        return ActivityRepository(self._db, self._session, self._uow)

    @cached_property
    def versions(self) -> VersionRepository:
        return VersionRepository(self._db, self._session)

    @classmethod
    def of(cls, uow: UnitOfWork) -> MongoTrackerUnitOfWork:
        return cls(uow.db, uow.session, uow)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        if self._uow is None:
            raise RuntimeError("publishing needs a transaction (use runtime.transact)")
        return self._uow.publish(payload, subject=subject, user_id=user_id, key=key)

    def touch(self, user_id: str) -> None:
        self.touched.add(user_id)
