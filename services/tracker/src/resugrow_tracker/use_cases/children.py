"""Contacts, notes and tasks of one application."""

from __future__ import annotations

from datetime import datetime

from resugrow_domain import InvalidInput
from resugrow_domain.pagination import clamp_limit, decode_cursor, page_after
from resugrow_events import new_event_id
from resugrow_tracker.commands import ContactIn, NoteIn, PageQuery, TaskIn
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.reminders import ReminderKind
from resugrow_tracker.use_cases.common import load_application, public, reminder_doc
from resugrow_tracker.use_cases.ports import Children, Doc, TrackerUoW


async def _add_child(
    uow: TrackerUoW, repo: Children, *, user_id: str, app_id: str, fields: Doc, now: datetime
) -> Doc:
    await load_application(uow, user_id, app_id)
    doc = {"_id": new_event_id(), "user_id": user_id, "application_id": app_id, **fields, "created_at": now}
    await repo.add(doc)
    await uow.applications.update(user_id, app_id, {"updated_at": now})
    return doc


async def _page(uow: TrackerUoW, repo: Children, page: PageQuery, *, user_id: str, app_id: str) -> Doc:
    await load_application(uow, user_id, app_id)
    limit = clamp_limit(page.limit)
    position = decode_cursor(page.cursor)
    after = None
    if position is not None:
        try:
            after = (datetime.fromisoformat(position["t"]), str(position["id"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput("The cursor is not one this service gave out.", field="cursor") from exc
    docs = await repo.for_application(user_id, app_id, after=after, limit=limit + 1)
    result = page_after(docs, limit, lambda d: {"t": utc(d["created_at"]).isoformat(), "id": d["_id"]})
    return {"items": [public(d) for d in result.items], "next_cursor": result.next_cursor}


async def add_contact(uow: TrackerUoW, cmd: ContactIn, *, user_id: str, app_id: str, now: datetime) -> Doc:
    if not any(cmd.model_dump().values()):
        raise InvalidInput("A contact needs at least a name, an e-mail or a phone number.", field="name")
    doc = await _add_child(
        uow, uow.contacts, user_id=user_id, app_id=app_id, fields=cmd.model_dump(), now=now
    )
    return public(doc)


async def add_note(uow: TrackerUoW, cmd: NoteIn, *, user_id: str, app_id: str, now: datetime) -> Doc:
    fields = {"text": cmd.text, "at": now}
    return public(await _add_child(uow, uow.notes, user_id=user_id, app_id=app_id, fields=fields, now=now))


async def add_task(uow: TrackerUoW, cmd: TaskIn, *, user_id: str, app_id: str, now: datetime) -> Doc:
    due = utc(cmd.due_at)
    fields = {"title": cmd.title, "due_at": due, "done": cmd.done}
    doc = await _add_child(uow, uow.tasks, user_id=user_id, app_id=app_id, fields=fields, now=now)
    if cmd.remind and due is not None and due > now:
        await uow.reminders.add(
            reminder_doc(
                user_id=user_id,
                kind=ReminderKind.DEADLINE,
                due_at=due,
                now=now,
                application_id=app_id,
                origin="task",
                note=cmd.title,
            )
        )
    return public(doc)


async def list_contacts(uow: TrackerUoW, page: PageQuery, *, user_id: str, app_id: str) -> Doc:
    return await _page(uow, uow.contacts, page, user_id=user_id, app_id=app_id)


async def list_notes(uow: TrackerUoW, page: PageQuery, *, user_id: str, app_id: str) -> Doc:
    return await _page(uow, uow.notes, page, user_id=user_id, app_id=app_id)


async def list_tasks(uow: TrackerUoW, page: PageQuery, *, user_id: str, app_id: str) -> Doc:
    return await _page(uow, uow.tasks, page, user_id=user_id, app_id=app_id)
