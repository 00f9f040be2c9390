"""The activity timeline: reading it, and what events elsewhere add to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from resugrow_domain import InvalidInput
from resugrow_domain.pagination import clamp_limit, decode_cursor, page_after
from resugrow_tracker.commands import ActivityFilter
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.timeline import TimelineEntry, UpcomingInterview, link_practice
from resugrow_tracker.use_cases.common import public
from resugrow_tracker.use_cases.ports import Doc, TrackerUoW


def _before(cursor: str | None) -> tuple[datetime, str] | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return datetime.fromisoformat(position["t"]), str(position["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor") from exc


async def list_activity(uow: TrackerUoW, cmd: ActivityFilter, *, user_id: str) -> Doc:
    """Newest first, a page at a time."""
    limit = clamp_limit(cmd.limit)
    docs = await uow.activity.page(
        user_id, application_id=cmd.application_id, kind=cmd.kind, before=_before(cmd.cursor), limit=limit + 1
    )
    page = page_after(docs, limit, lambda d: {"t": utc(d["at"]).isoformat(), "id": d["_id"]})
    return {"items": [public(d) for d in page.items], "next_cursor": page.next_cursor}


def record_event(uow: TrackerUoW, entry: TimelineEntry | None) -> None:
    """Add an event from elsewhere to its user's timeline (at commit, with the consumer batch)."""
    if entry is not None:
        uow.activity.add_at_commit(entry.as_doc())


async def record_events(uow: TrackerUoW, entries: list[TimelineEntry | None]) -> int:
    """A whole consumer batch onto the timelines in one write; returns how many were new.

    Entries are keyed by their event id and the write skips ids the timeline already has, so
    the consumer needs neither a ledger entry nor a transaction for them (see handlers.py): a
    redelivered batch adds nothing twice."""
    return await uow.activity.insert_new([e.as_doc() for e in entries if e is not None])


async def record_event_once(uow: TrackerUoW, entry: TimelineEntry | None) -> None:
    """One event onto its timeline, harmless if a batch already put it there."""
    if entry is not None:
        await uow.activity.put(entry.as_doc())


async def attach_match_score(
    uow: TrackerUoW, entry: TimelineEntry | None, *, application_id: str | None, match: Doc
) -> None:
    """Put the ATS match score on its application (the board shows it) and on the timeline."""
    if entry is None:
        return
    if application_id:
        await uow.applications.update(entry.user_id, application_id, {"ats_match": match})
        await uow.versions.bump_in_transaction(entry.user_id)
    record_event(uow, entry)


def _upcoming(docs: list[Doc], completed: datetime) -> list[UpcomingInterview]:
    out = []
    for d in docs:
        for i in d.get("interviews") or []:
            at = utc(i.get("scheduled_at"))
            if at is not None and at >= completed:
                out.append(UpcomingInterview(d["_id"], d.get("company"), d.get("role"), at, i.get("id")))
    return out


def _as_prep(entry: TimelineEntry, target: UpcomingInterview) -> TimelineEntry:
    prep_for: dict[str, Any] = {
        "application_id": target.application_id, "interview_id": target.interview_id, "company": target.company,
        "role": target.role, "scheduled_at": target.scheduled_at,
    }  # fmt: skip
    return TimelineEntry(
        **{
            **entry.__dict__,
            "application_id": target.application_id,
            "title": f"{entry.title} (prep for {target.company} on {target.scheduled_at:%d %b})",
            "detail": {**entry.detail, "prep_for": prep_for},
        }
    )


async def link_practice_session(
    uow: TrackerUoW,
    entry: TimelineEntry | None,
    *,
    completed_at: datetime,
    session_id: str,
    application_id: str | None,
    role: str | None,
) -> None:
    """Show a finished practice session as preparation for the interview it led up to."""
    if entry is None:
        return
    docs = await uow.applications.with_interviews_after(entry.user_id, completed_at)
    upcoming = _upcoming(docs, completed_at)
    target = link_practice(
        completed_at=completed_at, application_id=application_id, role=role, upcoming=upcoming
    )
    if target is not None:
        doc = next(d for d in docs if d["_id"] == target.application_id)
        interviews = doc["interviews"]
        for i in interviews:
            if i.get("id") == target.interview_id and session_id not in (i.get("prep") or []):
                i["prep"] = [*(i.get("prep") or []), session_id]
        await uow.applications.update(entry.user_id, doc["_id"], {"interviews": interviews})
        entry = _as_prep(entry, target)
    record_event(uow, entry)
