"""The career unit of work: repositories bound to one platform transaction, plus publish."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resugrow_career.adapters.repositories import EvaluationRepository, ProfileRepository
from resugrow_events import Envelope, EventPayload
from resugrow_platform import UnitOfWork


class CareerUnitOfWork:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self.profiles = ProfileRepository(uow.db, uow.session)
        self.evaluations = EvaluationRepository(uow.db, uow.session)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        return self._uow.publish(payload, subject=subject, user_id=user_id, key=key)


class CareerWrites:
    """Repositories outside a transaction, for a handler whose one write is idempotent by
    itself (the profile kept from resume.updated): nothing to publish."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self.profiles = ProfileRepository(db)
        self.evaluations = EvaluationRepository(db)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        raise RuntimeError("events are published only from a transaction (the outbox)")


class CareerReads:
    """Repositories outside a transaction, for reads."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self.profiles = ProfileRepository(db)
        self.evaluations = EvaluationRepository(db)
