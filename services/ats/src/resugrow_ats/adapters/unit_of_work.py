"""The ATS unit of work: its repositories over one platform transaction (or plain reads)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resugrow_ats.adapters.repository import (
    MongoApplications,
    MongoMatches,
    MongoPendingWork,
    MongoResumeTexts,
    MongoScans,
)
from resugrow_events import Envelope, EventPayload
from resugrow_platform import UnitOfWork


class MongoAtsUnitOfWork:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self.scans = MongoScans(uow.db, uow.session)
        self.matches = MongoMatches(uow.db, uow.session)
        self.resume_texts = MongoResumeTexts(uow.db, uow.session)
        self.applications = MongoApplications(uow.db, uow.session)
        self.pending = MongoPendingWork(uow.db, uow.session)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        return self._uow.publish(payload, subject=subject, user_id=user_id, key=key)


class AtsReader:
    """Repositories outside a transaction, for queries; publishing is refused."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self.scans = MongoScans(db)
        self.matches = MongoMatches(db)
        self.resume_texts = MongoResumeTexts(db)
        self.applications = MongoApplications(db)
        self.pending = MongoPendingWork(db)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        raise RuntimeError("queries publish nothing: run commands through the runtime's transact")
