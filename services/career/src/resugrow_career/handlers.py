"""Event handlers: thin, one use case each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from resugrow_career.adapters.repositories import ensure_indexes as _ensure_indexes
from resugrow_career.adapters.unit_of_work import CareerUnitOfWork, CareerWrites
from resugrow_career.runtime import CareerRuntime
from resugrow_career.use_cases import events
from resugrow_events import ApplicationStageChangedV1, Envelope, ResumeUpdatedV1
from resugrow_platform import PermanentError, ServicePlatform, UnitOfWork

Handler = Callable[[UnitOfWork, Envelope[Any]], Awaitable[None]]


def on_resume_updated(rt: CareerRuntime) -> Callable[[Any, Envelope[Any]], Awaitable[None]]:
    """Subscribed without a transaction or ledger (`main.py`): `record_resume` reads the
    profile and writes it at most once, keyed by user and guarded by the resume's version, so a
    redelivered or replayed event changes nothing; a resume's events stay in order on its
    partition. Saves the ledger insert, the commit and the transaction per edit (issue 16)."""

    async def handle(platform: ServicePlatform[Any], event: Envelope[ResumeUpdatedV1]) -> None:
        if not event.userid:
            raise PermanentError("resume.updated without a user id")
        await events.record_resume(
            CareerWrites(platform.db), event.data, catalog=rt.catalog, user_id=event.userid, now=rt.clock()
        )

    return handle


def on_stage_changed(rt: CareerRuntime) -> Handler:
    async def handle(uow: UnitOfWork, event: Envelope[ApplicationStageChangedV1]) -> None:
        if not event.userid:
            raise PermanentError("tracker.application.stage_changed without a user id")
        await events.prepare_offer_evaluation(
            CareerUnitOfWork(uow), event.data, catalog=rt.catalog, user_id=event.userid, now=rt.clock()
        )

    return handle


async def ensure_indexes(platform: ServicePlatform[Any]) -> None:
    await _ensure_indexes(platform.db)
