"""Applications: add, find, read, edit, delete, move through stages, read the history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from resugrow_domain import InvalidInput, NotFound
from resugrow_domain.pagination import decode_cursor, encode_cursor
from resugrow_events import new_event_id
from resugrow_tracker.commands import ApplicationIn, ApplicationPatch, ApplicationSearch, MoveIn
from resugrow_tracker.domain import analytics as analytics_domain
from resugrow_tracker.domain.board import Column
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.history import (
    FUTURE_SKEW,
    Move,
    MoveSource,
    current_stage,
    ordered,
    plan_move,
    stints,
)
from resugrow_tracker.domain.reminders import ReminderKind, automatic_reminders
from resugrow_tracker.domain.sources import normalise_source
from resugrow_tracker.domain.stages import Stage
from resugrow_tracker.use_cases.common import (
    column_or_invalid,
    created_event,
    derived,
    load_application,
    move_out,
    new_application_doc,
    public,
    reminder_doc,
    stage_changed_event,
    stage_or_invalid,
    stages_or_invalid,
)
from resugrow_tracker.use_cases.ports import ApplicationQuery, Doc, TrackerUoW

SORTABLE = (
    "created_at",
    "updated_at",
    "last_move_at",
    "applied_at",
    "company",
    "role",
    "priority",
    "deadline",
)
_PLAIN_FIELDS = (
    "location", "remote", "job_url", "job_description", "resume_id", "resume_version", "resume_label",
    "cover_letter", "priority",
)  # fmt: skip
_SALARY_FIELDS = (
    ("salary_min", "min"),
    ("salary_max", "max"),
    ("salary_currency", "currency"),
    ("salary_period", "period"),
)
DEFAULT_FOLLOW_UP_DAYS = 7


def salary_of(body: ApplicationIn | ApplicationPatch, current: Doc | None = None) -> Doc | None:
    """The salary sub-document after applying the body's salary_* fields (unchanged if none)."""
    fields = body.model_fields_set
    if not fields & {src for src, _ in _SALARY_FIELDS}:
        return current
    salary = dict(current or {})
    for src, dst in _SALARY_FIELDS:
        if src in fields:
            value = getattr(body, src)
            salary[dst] = value.upper() if dst == "currency" and value else value
    lo, hi = salary.get("min"), salary.get("max")
    if lo is not None and hi is not None and lo > hi:
        raise InvalidInput("salary_min is above salary_max.", field="salary_min")
    return salary


async def add_automatic_reminders(
    uow: TrackerUoW,
    *,
    user_id: str,
    app_id: str,
    move: Move,
    current: Stage,
    now: datetime,
    follow_up_days: int,
) -> None:
    if current is not move.to:
        return  # a back-dated move that did not change where the application is now
    for kind, due in automatic_reminders(stage=move.to, at=move.at, now=now, follow_up_days=follow_up_days):
        await uow.reminders.add(
            reminder_doc(
                user_id=user_id, kind=kind, due_at=due, now=now, application_id=app_id, origin="automation"
            )
        )


async def _initial_place(uow: TrackerUoW, body: ApplicationIn, user_id: str) -> tuple[Stage, str | None]:
    stage = stage_or_invalid(body.stage, field="stage")
    if not body.column_id:
        return stage, None
    column: Column = await column_or_invalid(uow, user_id, body.column_id, detail="Unknown board column.")
    if "stage" in body.model_fields_set and column.stage is not stage:
        raise InvalidInput(
            f"The column maps onto another stage (column is '{column.stage.value}', stage is '{stage.value}').",
            field="column_id",
        )
    return column.stage, column.id


def _application_fields(body: ApplicationIn) -> Doc:
    fields: Doc = {k: getattr(body, k) for k in _PLAIN_FIELDS}
    fields.update(
        source=normalise_source(body.source, body.job_url),
        deadline=utc(body.deadline),
        salary=salary_of(body),
        custom_fields=body.custom_fields or {},
    )
    return fields


async def create_application(
    uow: TrackerUoW,
    cmd: ApplicationIn,
    *,
    user_id: str,
    now: datetime,
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> Doc:
    stage, column_id = await _initial_place(uow, cmd, user_id)
    at = utc(cmd.stage_at) or now
    if at > now + FUTURE_SKEW:
        raise InvalidInput("stage_at is in the future.", field="stage_at")
    app_id = new_event_id()
    move = Move(to=stage, at=at, source=MoveSource.USER, from_stage=None, seq=0)
    fields = {**_application_fields(cmd), "column_id": column_id}
    doc = new_application_doc(
        app_id=app_id, user_id=user_id, now=now, company=cmd.company, role=cmd.role, moves=[move],
        key=f"manual:{app_id}", fields=fields,
    )  # fmt: skip
    await uow.applications.add(doc)
    uow.touch(user_id)
    uow.publish(created_event(doc), subject=app_id, user_id=user_id)
    await add_automatic_reminders(
        uow, user_id=user_id, app_id=app_id, move=move, current=stage, now=now, follow_up_days=follow_up_days
    )
    if doc["deadline"] and doc["deadline"] > now and stage is Stage.SAVED:
        due = max(now, doc["deadline"] - timedelta(days=2))
        await uow.reminders.add(
            reminder_doc(
                user_id=user_id,
                kind=ReminderKind.DEADLINE,
                due_at=due,
                now=now,
                application_id=app_id,
                origin="automation",
            )
        )
    return public(doc)


def _search_query(cmd: ApplicationSearch, *, max_limit: int) -> ApplicationQuery:
    field = cmd.sort.lstrip("-+")
    if field not in SORTABLE:
        raise InvalidInput(f"Cannot sort by {field!r}.", field="sort", allowed=list(SORTABLE))
    position = decode_cursor(cmd.cursor) or {}
    offset = position.get("o", 0)
    if not isinstance(offset, int) or offset < 0:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor")
    return ApplicationQuery(
        stages=tuple(s.value for s in stages_or_invalid(cmd.stage)),
        text=cmd.q.strip()[:100] if cmd.q else None,
        source=normalise_source(cmd.source) if cmd.source else None,
        priority_min=cmd.priority_min,
        created_from=utc(cmd.created_from),
        created_to=utc(cmd.created_to),
        sort=field,
        descending=cmd.sort.startswith("-"),
        offset=offset,
        limit=max(1, min(cmd.limit or 50, max_limit)),
    )


async def list_applications(
    uow: TrackerUoW, cmd: ApplicationSearch, *, user_id: str, max_limit: int = 200
) -> Doc:
    """A page of the user's live applications; the cursor is the position after it."""
    q = _search_query(cmd, max_limit=max_limit)
    found, total = await uow.applications.search(user_id, q)
    more = len(found) > q.limit
    return {
        "items": [public(d) for d in found[: q.limit]],
        "total": total,
        "next_cursor": encode_cursor({"o": q.offset + q.limit}) if more else None,
    }


async def get_application(uow: TrackerUoW, *, user_id: str, app_id: str) -> Doc:
    doc = await uow.applications.get(user_id, app_id)
    if doc is None or doc.get("deleted"):
        raise NotFound("No such application.")
    out = public(doc)
    out["moves"] = [move_out(m) for m in ordered(Move.from_doc(x) for x in doc["moves"])]
    return out


def _plain_changes(body: ApplicationPatch) -> Doc:
    changes: Doc = {}
    for name in body.model_fields_set:
        if name.startswith("salary_") or name == "column_id":
            continue
        value = getattr(body, name)
        if name in ("company", "role") and value is None:
            raise InvalidInput(f"{name} cannot be cleared.", field=name)
        changes[name] = utc(value) if isinstance(value, datetime) else value
    if "source" in changes:
        changes["source"] = normalise_source(body.source, body.job_url)
    return changes


async def _column_change(uow: TrackerUoW, body: ApplicationPatch, user_id: str, doc: Doc) -> str | None:
    if body.column_id is None:
        return None
    detail = "To change column to another stage, post a move."
    column = await column_or_invalid(uow, user_id, body.column_id, detail=detail)
    if column.stage.value != doc["stage"]:
        raise InvalidInput(detail, field="column_id")
    return column.id


async def update_application(
    uow: TrackerUoW, cmd: ApplicationPatch, *, user_id: str, app_id: str, now: datetime
) -> Doc:
    changes = _plain_changes(cmd)
    doc = await load_application(uow, user_id, app_id)
    salary = salary_of(cmd, doc.get("salary"))
    if salary is not doc.get("salary"):
        changes["salary"] = salary
    if "column_id" in cmd.model_fields_set:
        changes["column_id"] = await _column_change(uow, cmd, user_id, doc)
    changes["updated_at"] = now
    updated = await uow.applications.update(user_id, app_id, changes)
    uow.touch(user_id)
    return public(updated)


async def delete_application(uow: TrackerUoW, *, user_id: str, app_id: str, now: datetime) -> None:
    doc = await uow.applications.get(user_id, app_id)
    if doc is None or doc.get("deleted"):
        raise NotFound("No such application.")
    # Soft delete: a later move or edit says "gone" (not a confusing "not found"), and the
    # natural key stays taken so re-importing the same file does not resurrect it.
    await uow.applications.update(user_id, app_id, {"deleted": True, "deleted_at": now, "updated_at": now})
    uow.touch(user_id)
    await uow.reminders.cancel_pending_for(user_id, app_id, "application deleted")


async def _move_target(uow: TrackerUoW, cmd: MoveIn, user_id: str) -> tuple[Stage, str | None]:
    if cmd.column_id is not None:
        column = await column_or_invalid(uow, user_id, cmd.column_id, detail="Unknown board column.")
        return column.stage, column.id
    return stage_or_invalid(cmd.to or "", field="to"), None


async def move_application(
    uow: TrackerUoW,
    cmd: MoveIn,
    *,
    user_id: str,
    app_id: str,
    now: datetime,
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> Doc:
    if (cmd.to is None) == (cmd.column_id is None):
        raise InvalidInput("Give either 'to' (a stage) or 'column_id'.", field="to")
    at, source = utc(cmd.at) or now, MoveSource(cmd.source)
    doc = await load_application(uow, user_id, app_id)
    to, column_id = await _move_target(uow, cmd, user_id)
    moves = [Move.from_doc(m) for m in doc["moves"]]
    move = plan_move(moves, to=to, at=at, source=source, now=now)
    sets: Doc = {**derived([*moves, move]), "updated_at": now}
    current = Stage(sets["stage"])
    if current.value != doc["stage"] or column_id is not None:
        sets["column_id"] = column_id if current is to else None
    await uow.applications.update(user_id, app_id, sets, push_move=move.as_doc())
    uow.touch(user_id)
    uow.publish(stage_changed_event(doc, move, source=source.value, at=at), subject=app_id, user_id=user_id)
    await add_automatic_reminders(
        uow,
        user_id=user_id,
        app_id=app_id,
        move=move,
        current=current,
        now=now,
        follow_up_days=follow_up_days,
    )
    if cmd.note:
        note = {"_id": new_event_id(), "user_id": user_id, "application_id": app_id, "text": cmd.note}
        await uow.notes.add({**note, "at": at, "created_at": now})
    return {
        "application_id": app_id,
        "move": move_out(move),
        "stage": current.value,
        "column_id": sets.get("column_id", doc.get("column_id")),
    }


def _stint_out(s: Any, now: datetime) -> Doc:
    days = round(((s.end or now) - s.start).total_seconds() / 86400, 4)
    return {"stage": s.stage.value, "start": s.start, "end": s.end, "days": days}


async def get_history(uow: TrackerUoW, *, user_id: str, app_id: str, now: datetime) -> Doc:
    doc = await load_application(uow, user_id, app_id)
    moves = [Move.from_doc(m) for m in doc["moves"]]
    stage, ghosted, stale = analytics_domain.effective_stage(moves, as_of=now)
    current = current_stage(moves)  # None only when there are no moves
    return {
        "application_id": app_id,
        "stage": current.value if current is not None else None,
        "effective_stage": stage.value if stage else None,
        "presumed_ghosted": ghosted,
        "stale": stale,
        "moves": [move_out(m) for m in ordered(moves)],
        "stints": [_stint_out(s, now) for s in stints(moves)],
    }
