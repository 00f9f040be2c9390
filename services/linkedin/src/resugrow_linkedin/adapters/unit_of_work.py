"""The LinkedIn unit of work: its repositories over one platform transaction (or plain reads)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resugrow_events import Envelope, EventPayload
from resugrow_linkedin.adapters.repository import MongoResumeProjections, MongoReviews
from resugrow_platform import UnitOfWork


class MongoLinkedinUnitOfWork:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self.reviews = MongoReviews(uow.db, uow.session)
        self.resumes = MongoResumeProjections(uow.db, uow.session)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        return self._uow.publish(payload, subject=subject, user_id=user_id, key=key)


class LinkedinReader:
    """Repositories outside a transaction, for queries; publishing is refused."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self.reviews = MongoReviews(db)
        self.resumes = MongoResumeProjections(db)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        raise RuntimeError("queries publish nothing: run commands through the runtime's transact")
