"""Reminders: the user's own, and firing due ones (claimed and published in one transaction)."""

from __future__ import annotations

from datetime import datetime

from resugrow_domain import InvalidInput
from resugrow_domain.pagination import clamp_limit, decode_cursor, page_after
from resugrow_events import Envelope, ReminderDueV1
from resugrow_tracker.commands import ReminderFilter, ReminderIn
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.exporting import applied_at
from resugrow_tracker.domain.history import Move, ordered
from resugrow_tracker.domain.reminders import (
    ReminderContext,
    ReminderKind,
    build_message,
    should_fire,
    subject_for,
)
from resugrow_tracker.domain.stages import Stage
from resugrow_tracker.domain.timeline import TimelineEntry, entry_from_event
from resugrow_tracker.use_cases.common import load_application, public, reminder_doc
from resugrow_tracker.use_cases.ports import Doc, TrackerUoW

STATUSES = ("pending", "sent", "cancelled")


async def create_reminder(uow: TrackerUoW, cmd: ReminderIn, *, user_id: str, now: datetime) -> Doc:
    if cmd.application_id:
        await load_application(uow, user_id, cmd.application_id)
    doc = reminder_doc(
        user_id=user_id, kind=ReminderKind(cmd.kind), due_at=utc(cmd.due_at), now=now,
        application_id=cmd.application_id, origin="user", note=cmd.note,
    )  # fmt: skip
    await uow.reminders.add(doc)
    return public(doc)


def _after(cursor: str | None) -> tuple[datetime, str] | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return datetime.fromisoformat(position["t"]), str(position["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor") from exc


async def list_reminders(uow: TrackerUoW, cmd: ReminderFilter, *, user_id: str) -> Doc:
    """The user's reminders in due order, a page at a time."""
    if cmd.status and cmd.status not in STATUSES:
        raise InvalidInput("Unknown reminder status.", field="status", allowed=list(STATUSES))
    limit = clamp_limit(cmd.limit)
    docs = await uow.reminders.page(
        user_id,
        status=cmd.status or None,
        application_id=cmd.application_id,
        after=_after(cmd.cursor),
        limit=limit + 1,
    )
    page = page_after(docs, limit, lambda d: {"t": utc(d["due_at"]).isoformat(), "id": d["_id"]})
    return {"items": [public(d) for d in page.items], "next_cursor": page.next_cursor}


def reminder_context(app: Doc | None, reminder: Doc, contact: Doc | None) -> ReminderContext | None:
    if app is None:
        return None if not reminder.get("application_id") else ReminderContext(deleted=True)
    interview = None
    if reminder.get("interview_id"):
        interview = next(
            (i for i in app.get("interviews") or [] if i.get("id") == reminder["interview_id"]), None
        )
    moves = [Move.from_doc(m) for m in app.get("moves") or []]
    return ReminderContext(
        company=app.get("company"),
        role=app.get("role"),
        stage=Stage(app["stage"]),
        applied_at=applied_at(ordered(moves)) if moves else None,
        contact_name=(contact or {}).get("name"),
        interview_at=utc(interview["scheduled_at"]) if interview else None,
        interview_type=interview.get("type") if interview else None,
        deadline=utc(app.get("deadline")),
        note=reminder.get("note"),
        deleted=bool(app.get("deleted")),
        interviewers=tuple(interview.get("interviewers") or ()) if interview else (),
        interview_notes=interview.get("notes") if interview else None,
    )


async def _context_of(uow: TrackerUoW, reminder: Doc) -> ReminderContext | None:
    app = contact = None
    if reminder.get("application_id"):
        app = await uow.applications.get_for_reminder(reminder["user_id"], reminder["application_id"])
        contact = await uow.contacts.first_named(reminder["user_id"], reminder["application_id"])
    return reminder_context(app, reminder, contact)


async def _put_on_timeline(
    uow: TrackerUoW, env: Envelope[ReminderDueV1], reminder: Doc, now: datetime
) -> None:
    """Our own event goes straight onto the timeline, in the same transaction."""
    entry = entry_from_event(
        event_id=env.id, event_type=env.type, user_id=reminder["user_id"], time=now, subject=reminder["_id"],
        data=env.data.model_dump(),
    )  # fmt: skip
    if entry is not None:
        entry = TimelineEntry(**{**entry.__dict__, "application_id": reminder.get("application_id")})
        await uow.activity.put(entry.as_doc())


async def fire_one_due_reminder(uow: TrackerUoW, *, now: datetime) -> str | None:
    """Claim the oldest due reminder and publish it; None when nothing is due.

    The claim (from 'pending') and the outbox write commit together: two schedulers racing for
    one reminder collide on the same document, one transaction aborts, and the event is
    published exactly once.
    """
    reminder = await uow.reminders.claim_due(now)
    if reminder is None:
        return None
    kind, ctx = ReminderKind(reminder["kind"]), await _context_of(uow, reminder)
    fire, reason = should_fire(kind, ctx)
    if not fire:
        await uow.reminders.set(reminder["_id"], {"status": "cancelled", "cancel_reason": reason})
        return str(reminder["_id"])
    due = utc(reminder["due_at"]) or now
    message, subject = build_message(kind, ctx, due_at=due), subject_for(kind, ctx)
    await uow.reminders.set(reminder["_id"], {"message": message, "subject": subject})
    payload = ReminderDueV1(
        reminder_id=reminder["_id"], application_id=reminder.get("application_id"), kind=kind.value, due_at=due,
        message=message, subject=subject, company=ctx.company if ctx else None, role=ctx.role if ctx else None,
    )  # fmt: skip
    env = uow.publish(payload, subject=reminder["_id"], user_id=reminder["user_id"])
    await _put_on_timeline(uow, env, reminder, now)
    return str(reminder["_id"])
