"""The tracker's unit of work: its repositories on one platform transaction, plus `publish`."""

from __future__ import annotations

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
    def __init__(self, db: AsyncDatabase[Any], session: Any = None, platform_uow: UnitOfWork | None = None):
        self._uow = platform_uow
        self.applications = ApplicationRepository(db, session)
        self.contacts = ContactRepository(db, session)
        self.notes = NoteRepository(db, session)
        self.tasks = TaskRepository(db, session)
        self.reminders = ReminderRepository(db, session)
        self.boards = BoardRepository(db, session)
        self.activity = ActivityRepository(db, session, platform_uow)
        self.versions = VersionRepository(db, session)
        self.touched: set[str] = set()

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
