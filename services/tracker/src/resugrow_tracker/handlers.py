"""Event consumers: everything a user does elsewhere lands on their activity timeline."""

from __future__ import annotations

from typing import Any

from resugrow_events import Envelope
from resugrow_platform import ServicePlatform, UnitOfWork
from resugrow_tracker.adapters.mongo import ACTIVITY, APPLICATIONS, bump_version, ensure_indexes
from resugrow_tracker.domain.timeline import TimelineEntry, UpcomingInterview, entry_from_event, link_practice
from resugrow_tracker.service import utc


async def ensure_tracker_indexes(platform: ServicePlatform) -> None:
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


async def _store(uow: UnitOfWork, entry: TimelineEntry) -> None:
    # Keyed by event id; the consumer's ledger (same transaction) already skips redeliveries.
    # Written at commit with the rest of the batch: one round trip for many timeline entries.
    uow.insert_later(ACTIVITY, entry.as_doc())


async def on_timeline_event(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Add the event to its user's activity timeline."""
    entry = _entry(event)
    if entry is not None:
        await _store(uow, entry)


async def on_match_scored(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Attach the ATS match score to its application and add it to the timeline."""
    entry = _entry(event)
    if entry is None:
        return
    data = event.data
    if data.application_id:
        await uow.db[APPLICATIONS].update_one(
            {"_id": data.application_id, "user_id": entry.user_id},
            {
                "$set": {
                    "ats_match": {
                        "score": data.score,
                        "match_id": data.match_id,
                        "resume_id": data.resume_id,
                        "version": data.version,
                        "missing_hard_skills": list(data.missing_hard_skills),
                        "algo_version": data.algo_version,
                        "at": event.time,
                    }
                }
            },
            session=uow.session,
        )
        await bump_version(uow.db, entry.user_id, uow.session)
    await _store(uow, entry)


async def on_session_completed(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """Show a finished practice session as preparation for the interview it led up to."""
    entry = _entry(event)
    if entry is None:
        return
    data = event.data
    completed = utc(data.completed_at) or event.time
    docs = (
        await uow.db[APPLICATIONS]
        .find(
            {"user_id": entry.user_id, "deleted": False, "interviews.scheduled_at": {"$gte": completed}},
            {"company": 1, "role": 1, "interviews": 1},
            session=uow.session,
        )
        .to_list(None)
    )
    upcoming = [
        UpcomingInterview(d["_id"], d.get("company"), d.get("role"), utc(i["scheduled_at"]), i.get("id"))  # type: ignore[arg-type]
        for d in docs
        for i in d.get("interviews") or []
        if utc(i.get("scheduled_at")) and utc(i["scheduled_at"]) >= completed  # type: ignore[operator]
    ]
    target = link_practice(
        completed_at=completed, application_id=data.application_id, role=data.role, upcoming=upcoming
    )
    if target is not None:
        doc = next(d for d in docs if d["_id"] == target.application_id)
        interviews = doc["interviews"]
        for i in interviews:
            if i.get("id") == target.interview_id and data.session_id not in (i.get("prep") or []):
                i["prep"] = [*(i.get("prep") or []), data.session_id]
        await uow.db[APPLICATIONS].update_one(
            {"_id": doc["_id"], "user_id": entry.user_id},
            {"$set": {"interviews": interviews}},
            session=uow.session,
        )
        entry = TimelineEntry(
            **{
                **entry.__dict__,
                "application_id": target.application_id,
                "title": f"{entry.title} (prep for {target.company} on {target.scheduled_at:%d %b})",
                "detail": {
                    **entry.detail,
                    "prep_for": {
                        "application_id": target.application_id,
                        "interview_id": target.interview_id,
                        "company": target.company,
                        "role": target.role,
                        "scheduled_at": target.scheduled_at,
                    },
                },
            }
        )
    await _store(uow, entry)
