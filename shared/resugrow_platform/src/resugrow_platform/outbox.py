"""Transactional outbox: state change and event in one Mongo transaction; the relay
(`relay.py`) publishes them after commit, woken by the commit listeners kept here."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from resugrow_events import Envelope, EventPayload
from resugrow_platform import context as ctx
from resugrow_platform.logging import get_logger
from resugrow_platform.messaging import encode_envelope
from resugrow_platform.telemetry import current_traceparent

if TYPE_CHECKING:
    from resugrow_platform.settings import ServiceSettings

OUTBOX = "outbox"
LEASES = "outbox_leases"
LEDGER = "processed_events"
log = get_logger("resugrow.outbox")


class DuplicateEvent(Exception):
    """The consumed event was already processed by this group: acknowledge and skip."""


def _now() -> datetime:
    return datetime.now(UTC)


class UnitOfWork:
    """One Mongo transaction: state changes plus the outbox documents they publish."""

    def __init__(
        self, db: AsyncDatabase[Any], session: AsyncClientSession, settings: ServiceSettings
    ) -> None:
        self.db = db
        self.session = session
        self._settings = settings
        self._outbox: list[dict[str, Any]] = []
        self._deferred: dict[str, list[dict[str, Any]]] = {}
        self.published: list[Envelope[Any]] = []

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Envelope[Any]:
        envelope = Envelope.wrap(
            payload,
            source=f"/services/{self._settings.service_name}",
            subject=subject,
            userid=user_id,
            correlationid=ctx.correlation_id.get(),
            causationid=ctx.causation_id.get(),
        )
        self._outbox.append(
            {
                "_id": envelope.id,
                "topic": self._settings.topic(payload.event_type),
                "key": key or subject,
                # Kept beside the payload so erasure can find (and purge) the user's events.
                "user_id": user_id,
                "value": encode_envelope(envelope),
                # The trace continues in the consumer: context stored now, injected at relay time.
                "headers": current_traceparent(),
                "status": "pending",
                "created_at": _now(),
                "next_attempt_at": _now(),
                "attempts": 0,
            }
        )
        self.published.append(envelope)
        return envelope

    async def record_processed(self, group: str, event_id: str, event_type: str) -> None:
        try:
            await self.db[LEDGER].insert_one(
                {"_id": f"{group}:{event_id}", "type": event_type, "at": _now()}, session=self.session
            )
        except DuplicateKeyError as exc:
            raise DuplicateEvent(event_id) from exc

    def insert_later(self, collection: str, document: dict[str, Any]) -> None:
        """Queue an insert written with one insert_many at commit: a batch of events then costs
        one round trip per collection instead of one per event."""
        self._deferred.setdefault(collection, []).append(document)

    def record_processed_later(self, group: str, event_id: str, event_type: str) -> None:
        """Ledger entry written at commit; for callers that already filtered known duplicates."""
        self.insert_later(LEDGER, {"_id": f"{group}:{event_id}", "type": event_type, "at": _now()})

    async def flush(self) -> None:
        for collection, documents in self._deferred.items():
            try:
                await self.db[collection].insert_many(documents, ordered=True, session=self.session)
            except BulkWriteError as exc:
                codes = {e.get("code") for e in exc.details.get("writeErrors", [])}
                if collection == LEDGER and codes == {11000}:
                    raise DuplicateEvent("batch") from exc
                raise
        self._deferred = {}
        if self._outbox:
            await self.db[OUTBOX].insert_many(self._outbox, session=self.session)
            self._outbox = []


@contextlib.asynccontextmanager
async def unit_of_work(
    client: Any,
    db: AsyncDatabase[Any],
    settings: ServiceSettings,
    *,
    ledger: tuple[str, str, str] | None = None,
) -> AsyncIterator[UnitOfWork]:
    async with client.start_session() as session:
        async with await session.start_transaction():
            uow = UnitOfWork(db, session, settings)
            if ledger is not None:
                await uow.record_processed(*ledger)
            yield uow
            await uow.flush()
        if uow.published:
            _notify_committed(db.name)


# Relays of this process by database: a commit that wrote outbox documents wakes its relay at
# once, so events leave without waiting for a poll or a change stream.
_COMMIT_LISTENERS: dict[str, set[Callable[[], None]]] = {}


def _notify_committed(database: str) -> None:
    for wake in tuple(_COMMIT_LISTENERS.get(database, ())):
        with contextlib.suppress(RuntimeError):  # a listener whose loop has closed
            wake()


async def ensure_outbox_indexes(db: AsyncDatabase[Any]) -> None:
    await db[OUTBOX].create_index([("status", ASCENDING), ("next_attempt_at", ASCENDING)])
    await db[OUTBOX].create_index([("status", ASCENDING), ("sent_at", ASCENDING)])
