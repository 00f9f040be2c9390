"""Event consumers: each maps its event onto one activity use case."""

from __future__ import annotations

from typing import Any

from resugrow_events import Envelope
from resugrow_platform import ServicePlatform, UnitOfWork
from resugrow_tracker.adapters.mongo import ensure_indexes
from resugrow_tracker.adapters.unit_of_work import MongoTrackerUnitOfWork
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.timeline import TimelineEntry, entry_from_event
from resugrow_tracker.use_cases import activity


async def ensure_tracker_indexes(platform: ServicePlatform[Any]) -> None:
    await ensure_indexes(platform.db)


def _entry(event: Envelope[Any]) -> TimelineEntry | None:
    data = event.data.model_dump(mode="python")
    return entry_from_event(
        event_id=event.id,
        event_type=event.type,
        user_id=event.userid or data.get("user_id"),
        time=event.time,
        subject=event.subject,
        data=data,
    )


async def on_timeline_event(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Add the event to its user's activity timeline (one at a time: the consumer's slow path,
    which may meet an event a batch already wrote)."""
    await activity.record_event_once(MongoTrackerUnitOfWork.of(uow), _entry(event))


async def on_timeline_events(platform: ServicePlatform[Any], events: list[Envelope[Any]]) -> None:
    """Add a whole batch of events to their users' timelines (the consumer's fast path) in one
    write without a transaction: the timeline is keyed by event id and the write skips ids it
    has, so it needs no consumer ledger (`batch_transactional=False`)."""
    await activity.record_events(MongoTrackerUnitOfWork(platform.db), [_entry(e) for e in events])


async def on_match_scored(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Attach the ATS match score to its application and add it to the timeline."""
    d = event.data
    match = {
        "score": d.score, "match_id": d.match_id, "resume_id": d.resume_id, "version": d.version,
        "missing_hard_skills": list(d.missing_hard_skills), "algo_version": d.algo_version, "at": event.time,
    }  # fmt: skip
    await activity.attach_match_score(
        MongoTrackerUnitOfWork.of(uow), _entry(event), application_id=d.application_id, match=match
    )


async def on_session_completed(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Show a finished practice session as preparation for the interview it led up to."""
    d = event.data
    await activity.link_practice_session(
        MongoTrackerUnitOfWork.of(uow),
        _entry(event),
        completed_at=utc(d.completed_at) or event.time,
        session_id=d.session_id,
        application_id=d.application_id,
        role=d.role,
    )
