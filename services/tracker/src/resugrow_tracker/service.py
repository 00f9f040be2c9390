"""Use cases: one transaction per command; events go through the outbox in the same transaction."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar, overload

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError, PyMongoError

from resugrow_events import (
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    InterviewScheduledV1,
    ReminderDueV1,
    new_event_id,
)
from resugrow_platform import (
    NotFound,
    PayloadTooLarge,
    ProblemError,
    ServicePlatform,
    UnitOfWork,
    Unprocessable,
    UnsupportedMediaType,
)
from resugrow_platform.sandbox import run_bounded
from resugrow_tracker.adapters.cache import VersionedCache
from resugrow_tracker.adapters.mongo import (
    ACTIVITY,
    ANALYTICS_PROJECTION,
    APPLICATIONS,
    BOARD_PROJECTION,
    BOARDS,
    CONTACTS,
    NOTES,
    REMINDERS,
    TASKS,
    bump_version,
    read_version,
)
from resugrow_tracker.api.schemas import (
    ApplicationIn,
    ApplicationPatch,
    ClipIn,
    ColumnsIn,
    ContactIn,
    InterviewIn,
    MoveIn,
    NoteIn,
    ReminderIn,
    TaskIn,
)
from resugrow_tracker.domain import analytics as analytics_domain
from resugrow_tracker.domain import exporting
from resugrow_tracker.domain.applications import (
    ApplicationDraft,
    canonical_url,
    resume_group_label,
)
from resugrow_tracker.domain.board import (
    DEFAULT_COLUMNS,
    Column,
    build_board,
    presumed_status,
    validate_columns,
)
from resugrow_tracker.domain.clipping import MAX_CLIP_BYTES, clip_job
from resugrow_tracker.domain.errors import FieldError, InputTooLarge, InvalidInput
from resugrow_tracker.domain.history import (
    FUTURE_SKEW,
    Move,
    MoveSource,
    current_stage,
    ordered,
    plan_move,
    stints,
)
from resugrow_tracker.domain.importing import ImportOptions, UnsupportedFormat, parse_import
from resugrow_tracker.domain.reminders import (
    ReminderContext,
    ReminderKind,
    automatic_reminders,
    build_message,
    interview_reminders,
    should_fire,
    subject_for,
)
from resugrow_tracker.domain.sources import normalise_source
from resugrow_tracker.domain.stages import CLOSED, FUNNEL_RANK, STAGES, Stage, parse_stage
from resugrow_tracker.domain.timeline import TimelineEntry, entry_from_event
from resugrow_tracker.settings import TrackerSettings

T = TypeVar("T")

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


# ------------------------------------------------------------------------------------------ helpers


@overload
def utc(dt: datetime) -> datetime: ...
@overload
def utc(dt: None) -> None: ...
@overload
def utc(dt: datetime | None) -> datetime | None: ...
def utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def problem(exc: InvalidInput) -> ProblemError:
    errors = [e.as_dict() for e in exc.errors]
    if isinstance(exc, InputTooLarge):
        return PayloadTooLarge(exc.detail, errors=errors)
    if isinstance(exc, UnsupportedFormat):
        return UnsupportedMediaType(exc.detail, errors=errors)
    return Unprocessable(exc.detail, errors=errors)


def gone(detail: str = "The application was deleted.") -> ProblemError:
    return ProblemError(410, "Gone", detail)


def parse_stage_or_422(text: str, *, loc: tuple[str, ...]) -> Stage:
    stage = parse_stage(text)
    if stage is None:
        raise Unprocessable(
            f"Unknown stage {text!r}.",
            errors=[
                {"loc": list(loc), "msg": "unknown stage; use one of " + ", ".join(s.value for s in STAGES)}
            ],
        )
    return stage


def public(doc: dict[str, Any] | None) -> dict[str, Any]:
    if doc is None:
        return {}
    out = {k: v for k, v in doc.items() if k not in ("_id", "user_id", "natural_key", "deleted")}
    return {"id": doc["_id"], **out}


async def transactional(fn: Callable[[], Awaitable[T]], attempts: int = 4) -> T:
    """Run a transaction, retrying when Mongo says a concurrent writer made it transiently fail."""
    for attempt in range(attempts):
        try:
            return await fn()
        except PyMongoError as exc:
            label = getattr(exc, "has_error_label", None)
            transient = bool(
                label and (label("TransientTransactionError") or label("UnknownTransactionCommitResult"))
            )
            if not transient or attempt == attempts - 1:
                raise
            await asyncio.sleep(0.01 * (2**attempt))
    raise AssertionError("unreachable")


def _settings(platform: ServicePlatform) -> TrackerSettings:
    s = platform.settings
    assert isinstance(s, TrackerSettings)
    return s


async def _columns(platform: ServicePlatform, user_id: str, session: Any = None) -> list[Column]:
    doc = await platform.db[BOARDS].find_one({"_id": user_id, "user_id": user_id}, session=session)
    if not doc:
        return list(DEFAULT_COLUMNS)
    return [Column(c["id"], c["name"], Stage(c["stage"])) for c in doc["columns"]]


def _salary_doc(
    body: ApplicationIn | ApplicationPatch, current: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    fields = body.model_fields_set
    if not fields & {"salary_min", "salary_max", "salary_currency", "salary_period"}:
        return current
    salary = dict(current or {})
    for src, dst in (
        ("salary_min", "min"),
        ("salary_max", "max"),
        ("salary_currency", "currency"),
        ("salary_period", "period"),
    ):
        if src in fields:
            value = getattr(body, src)
            salary[dst] = value.upper() if dst == "currency" and value else value
    lo, hi = salary.get("min"), salary.get("max")
    if lo is not None and hi is not None and lo > hi:
        raise Unprocessable(
            "salary_min is above salary_max.",
            errors=[{"loc": ["body", "salary_min"], "msg": "must be <= salary_max"}],
        )
    return salary


def _app_summary(doc: dict[str, Any]) -> dict[str, Any]:
    return {"company": doc.get("company"), "role": doc.get("role")}


def _applied_at(moves: list[Move]) -> datetime | None:
    return exporting.applied_at(ordered(moves))


def _derived(moves: list[Move]) -> dict[str, Any]:
    seq = ordered(moves)
    return {
        "stage": seq[-1].to.value,
        "last_move_at": seq[-1].at,
        "applied_at": exporting.applied_at(seq),
    }


def _new_doc(
    *,
    app_id: str,
    user_id: str,
    now: datetime,
    company: str,
    role: str,
    moves: list[Move],
    natural_key: str,
    fields: dict[str, Any],
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": app_id,
        "user_id": user_id,
        "company": company,
        "role": role,
        "location": None,
        "remote": None,
        "salary": None,
        "source": None,
        "job_url": None,
        "job_description": None,
        "resume_id": None,
        "resume_version": None,
        "resume_label": None,
        "cover_letter": None,
        "priority": None,
        "deadline": None,
        "custom_fields": {},
        "column_id": None,
        "interviews": [],
        "next_interview_at": None,
        "ats_match": None,
        "natural_key": natural_key,
        "deleted": False,
        "created_at": now,
        "updated_at": now,
        "moves": [m.as_doc() for m in moves],
    }
    doc.update(fields)
    doc.update(_derived(moves))
    return doc


def _created_event(doc: dict[str, Any]) -> ApplicationCreatedV1:
    return ApplicationCreatedV1(
        application_id=doc["_id"],
        company=doc["company"],
        role=doc["role"],
        stage=doc["stage"],
        job_description=doc.get("job_description"),
        resume_id=doc.get("resume_id"),
        resume_version=doc.get("resume_version"),
        created_at=doc["created_at"],
        source=doc.get("source"),
        job_url=doc.get("job_url"),
        location=doc.get("location"),
        resume_label=doc.get("resume_label"),
    )


def _reminder_doc(
    *,
    user_id: str,
    kind: ReminderKind,
    due_at: datetime,
    now: datetime,
    application_id: str | None,
    origin: str,
    note: str | None = None,
    interview_id: str | None = None,
) -> dict[str, Any]:
    return {
        "_id": new_event_id(),
        "user_id": user_id,
        "application_id": application_id,
        "kind": kind.value,
        "due_at": due_at,
        "status": "pending",
        "origin": origin,
        "note": note,
        "interview_id": interview_id,
        "created_at": now,
    }


async def _load_app(
    uow_or_platform: Any, user_id: str, app_id: str, session: Any = None, *, allow_deleted: bool = False
) -> dict[str, Any]:
    doc: dict[str, Any] | None = await uow_or_platform.db[APPLICATIONS].find_one(
        {"_id": app_id, "user_id": user_id}, session=session
    )
    if doc is None:
        raise NotFound("No such application.")
    if doc.get("deleted") and not allow_deleted:
        raise gone()
    return doc


# ------------------------------------------------------------------------------------------ applications


async def create_application(
    platform: ServicePlatform, *, user_id: str, body: ApplicationIn, now: datetime
) -> dict[str, Any]:
    stage = parse_stage_or_422(body.stage, loc=("body", "stage"))
    columns = await _columns(platform, user_id)
    column_id = None
    if body.column_id:
        column = next((c for c in columns if c.id == body.column_id), None)
        if column is None:
            raise Unprocessable(
                "Unknown board column.", errors=[{"loc": ["body", "column_id"], "msg": "no such column"}]
            )
        if "stage" in body.model_fields_set and column.stage is not stage:
            raise Unprocessable(
                "The column maps onto another stage.",
                errors=[
                    {
                        "loc": ["body", "column_id"],
                        "msg": f"column is '{column.stage.value}', stage is '{stage.value}'",
                    }
                ],
            )
        stage, column_id = column.stage, column.id
    at = utc(body.stage_at) or now
    if at > now + FUTURE_SKEW:
        raise Unprocessable(
            "stage_at is in the future.",
            errors=[{"loc": ["body", "stage_at"], "msg": "must not be in the future"}],
        )
    app_id = new_event_id()
    moves = [Move(to=stage, at=at, source=MoveSource.USER, from_stage=None, seq=0)]
    fields: dict[str, Any] = {
        k: getattr(body, k)
        for k in (
            "location",
            "remote",
            "job_url",
            "job_description",
            "resume_id",
            "resume_version",
            "resume_label",
            "cover_letter",
            "priority",
        )
    }
    fields["source"] = normalise_source(body.source, body.job_url)
    fields["deadline"] = utc(body.deadline)
    fields["salary"] = _salary_doc(body)
    fields["custom_fields"] = body.custom_fields or {}
    fields["column_id"] = column_id
    doc = _new_doc(
        app_id=app_id,
        user_id=user_id,
        now=now,
        company=body.company,
        role=body.role,
        moves=moves,
        natural_key=f"manual:{app_id}",
        fields=fields,
    )

    async def run() -> None:
        async with platform.unit_of_work() as uow:
            await uow.db[APPLICATIONS].insert_one(doc, session=uow.session)
            await bump_version(uow.db, user_id, uow.session)
            uow.publish(_created_event(doc), subject=app_id, user_id=user_id)
            await _automatic(uow, user_id=user_id, app_id=app_id, move=moves[0], current=stage, now=now)
            if doc["deadline"] and doc["deadline"] > now and stage is Stage.SAVED:
                due = max(now, doc["deadline"] - timedelta(days=2))
                await uow.db[REMINDERS].insert_one(
                    _reminder_doc(
                        user_id=user_id,
                        kind=ReminderKind.DEADLINE,
                        due_at=due,
                        now=now,
                        application_id=app_id,
                        origin="automation",
                    ),
                    session=uow.session,
                )

    await transactional(run)
    return public(doc)


async def _automatic(
    uow: UnitOfWork, *, user_id: str, app_id: str, move: Move, current: Stage, now: datetime
) -> None:
    if current is not move.to:
        return  # a back-dated move that did not change where the application is now
    settings = uow._settings
    days = getattr(settings, "follow_up_days", 7)
    for kind, due in automatic_reminders(stage=move.to, at=move.at, now=now, follow_up_days=days):
        await uow.db[REMINDERS].insert_one(
            _reminder_doc(
                user_id=user_id, kind=kind, due_at=due, now=now, application_id=app_id, origin="automation"
            ),
            session=uow.session,
        )


def _list_filter(
    user_id: str,
    *,
    stage: list[str] | None,
    q: str | None,
    source: str | None,
    priority_min: int | None,
    date_from: datetime | None,
    date_to: datetime | None,
) -> dict[str, Any]:
    flt: dict[str, Any] = {"user_id": user_id, "deleted": False}
    if stage:
        stages = [
            parse_stage_or_422(s, loc=("query", "stage")).value
            for part in stage
            for s in part.split(",")
            if s.strip()
        ]
        flt["stage"] = {"$in": stages}
    if q:
        rx = {"$regex": re.escape(q.strip()[:100]), "$options": "i"}
        flt["$or"] = [{"company": rx}, {"role": rx}, {"location": rx}]
    if source:
        flt["source"] = normalise_source(source)
    if priority_min is not None:
        flt["priority"] = {"$gte": priority_min}
    rng: dict[str, Any] = {}
    if date_from:
        rng["$gte"] = utc(date_from)
    if date_to:
        rng["$lte"] = utc(date_to)
    if rng:
        flt["created_at"] = rng
    return flt


def _cursor_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unprocessable(
            "Invalid cursor.", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}]
        ) from exc
    if value < 0:
        raise Unprocessable("Invalid cursor.", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}])
    return value


def _make_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode().rstrip("=")


async def list_applications(
    platform: ServicePlatform,
    *,
    user_id: str,
    stage: list[str] | None = None,
    q: str | None = None,
    source: str | None = None,
    priority_min: int | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    sort: str = "-last_move_at",
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    field = sort.lstrip("-+")
    if field not in SORTABLE:
        raise Unprocessable(
            f"Cannot sort by {field!r}.",
            errors=[{"loc": ["query", "sort"], "msg": "one of " + ", ".join(SORTABLE)}],
        )
    direction = DESCENDING if sort.startswith("-") else ASCENDING
    flt = _list_filter(
        user_id,
        stage=stage,
        q=q,
        source=source,
        priority_min=priority_min,
        date_from=date_from,
        date_to=date_to,
    )
    offset = _cursor_offset(cursor)
    limit = max(1, min(limit, _settings(platform).list_limit_max))
    projection = {"moves": 0, "job_description": 0, "natural_key": 0}
    found = (
        await platform.db[APPLICATIONS]
        .find(flt, projection)
        .sort([(field, direction), ("_id", direction)])
        .skip(offset)
        .limit(limit + 1)
        .to_list(None)
    )
    total = await platform.db[APPLICATIONS].count_documents(flt)
    more = len(found) > limit
    return {
        "items": [public(d) for d in found[:limit]],
        "total": total,
        "next_cursor": _make_cursor(offset + limit) if more else None,
    }


async def get_application(platform: ServicePlatform, *, user_id: str, app_id: str) -> dict[str, Any]:
    doc = await platform.db[APPLICATIONS].find_one({"_id": app_id, "user_id": user_id, "deleted": False})
    if doc is None:
        raise NotFound("No such application.")
    out = public(doc)
    out["moves"] = [_move_out(m) for m in ordered(Move.from_doc(x) for x in doc["moves"])]
    return out


def _move_out(m: Move) -> dict[str, Any]:
    return {
        "from": m.from_stage.value if m.from_stage else None,
        "to": m.to.value,
        "at": m.at,
        "source": m.source.value,
        "seq": m.seq,
    }


async def update_application(
    platform: ServicePlatform, *, user_id: str, app_id: str, body: ApplicationPatch, now: datetime
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in body.model_fields_set:
        if name.startswith("salary_") or name == "column_id":
            continue
        value = getattr(body, name)
        if name in ("company", "role") and value is None:
            raise Unprocessable(
                f"{name} cannot be cleared.", errors=[{"loc": ["body", name], "msg": "must not be null"}]
            )
        changes[name] = utc(value) if isinstance(value, datetime) else value
    if "source" in changes:
        changes["source"] = normalise_source(body.source, body.job_url)

    async def run() -> dict[str, Any]:
        async with platform.unit_of_work() as uow:
            doc = await _load_app(uow, user_id, app_id, uow.session)
            salary = _salary_doc(body, doc.get("salary"))
            if salary is not doc.get("salary"):
                changes["salary"] = salary
            if "column_id" in body.model_fields_set:
                if body.column_id is None:
                    changes["column_id"] = None
                else:
                    column = next(
                        (c for c in await _columns(platform, user_id, uow.session) if c.id == body.column_id),
                        None,
                    )
                    if column is None or column.stage.value != doc["stage"]:
                        raise Unprocessable(
                            "To change column to another stage, post a move.",
                            errors=[
                                {
                                    "loc": ["body", "column_id"],
                                    "msg": "unknown column or a column of another stage",
                                }
                            ],
                        )
                    changes["column_id"] = column.id
            changes["updated_at"] = now
            await bump_version(uow.db, user_id, uow.session)
            updated = await uow.db[APPLICATIONS].find_one_and_update(
                {"_id": app_id, "user_id": user_id},
                {"$set": changes},
                session=uow.session,
                return_document=ReturnDocument.AFTER,
                projection={"moves": 0},
            )
            return public(updated)

    return await transactional(run)


async def delete_application(platform: ServicePlatform, *, user_id: str, app_id: str, now: datetime) -> None:
    async def run() -> None:
        async with platform.unit_of_work() as uow:
            doc = await uow.db[APPLICATIONS].find_one(
                {"_id": app_id, "user_id": user_id}, {"deleted": 1}, session=uow.session
            )
            if doc is None or doc.get("deleted"):
                raise NotFound("No such application.")
            # Soft delete: a later move or edit gets 410 (not a confusing 404), and the natural
            # key stays taken so re-importing the same file does not resurrect it.
            await uow.db[APPLICATIONS].update_one(
                {"_id": app_id, "user_id": user_id},
                {"$set": {"deleted": True, "deleted_at": now, "updated_at": now}},
                session=uow.session,
            )
            await bump_version(uow.db, user_id, uow.session)
            await uow.db[REMINDERS].update_many(
                {"user_id": user_id, "application_id": app_id, "status": "pending"},
                {"$set": {"status": "cancelled", "cancel_reason": "application deleted"}},
                session=uow.session,
            )

    await transactional(run)


async def move_application(
    platform: ServicePlatform, *, user_id: str, app_id: str, body: MoveIn, now: datetime
) -> dict[str, Any]:
    if (body.to is None) == (body.column_id is None):
        raise Unprocessable(
            "Give either 'to' (a stage) or 'column_id'.",
            errors=[{"loc": ["body", "to"], "msg": "exactly one of to, column_id"}],
        )
    at = utc(body.at) or now
    source = MoveSource(body.source)

    async def run() -> dict[str, Any]:
        async with platform.unit_of_work() as uow:
            doc = await _load_app(uow, user_id, app_id, uow.session)
            column_id: str | None = None
            if body.column_id is not None:
                column = next(
                    (c for c in await _columns(platform, user_id, uow.session) if c.id == body.column_id),
                    None,
                )
                if column is None:
                    raise Unprocessable(
                        "Unknown board column.",
                        errors=[{"loc": ["body", "column_id"], "msg": "no such column"}],
                    )
                to, column_id = column.stage, column.id
            else:
                to = parse_stage_or_422(body.to or "", loc=("body", "to"))
            moves = [Move.from_doc(m) for m in doc["moves"]]
            try:
                move = plan_move(moves, to=to, at=at, source=source, now=now)
            except InvalidInput as exc:
                raise problem(exc) from exc
            new_moves = [*moves, move]
            derived = _derived(new_moves)
            current = Stage(derived["stage"])
            sets: dict[str, Any] = {**derived, "updated_at": now}
            if current.value != doc["stage"] or column_id is not None:
                sets["column_id"] = column_id if current is to else None
            await uow.db[APPLICATIONS].update_one(
                {"_id": app_id, "user_id": user_id},
                {"$push": {"moves": move.as_doc()}, "$set": sets},
                session=uow.session,
            )
            await bump_version(uow.db, user_id, uow.session)
            uow.publish(
                ApplicationStageChangedV1(
                    application_id=app_id,
                    from_stage=move.from_stage.value if move.from_stage else None,
                    to_stage=to.value,
                    source=source.value,
                    moved_at=at,
                    **_app_summary(doc),
                ),
                subject=app_id,
                user_id=user_id,
            )
            await _automatic(uow, user_id=user_id, app_id=app_id, move=move, current=current, now=now)
            if body.note:
                await uow.db[NOTES].insert_one(
                    {
                        "_id": new_event_id(),
                        "user_id": user_id,
                        "application_id": app_id,
                        "text": body.note,
                        "at": at,
                        "created_at": now,
                    },
                    session=uow.session,
                )
            return {
                "application_id": app_id,
                "move": _move_out(move),
                "stage": current.value,
                "column_id": sets.get("column_id", doc.get("column_id")),
            }

    return await transactional(run)


async def get_history(
    platform: ServicePlatform, *, user_id: str, app_id: str, now: datetime
) -> dict[str, Any]:
    doc = await _load_app(platform, user_id, app_id)
    moves = [Move.from_doc(m) for m in doc["moves"]]
    seq = ordered(moves)
    stays = stints(moves)
    stage, ghosted, stale = analytics_domain.effective_stage(moves, as_of=now)
    current = current_stage(moves)  # None only when there are no moves
    return {
        "application_id": app_id,
        "stage": current.value if current is not None else None,
        "effective_stage": stage.value if stage else None,
        "presumed_ghosted": ghosted,
        "stale": stale,
        "moves": [_move_out(m) for m in seq],
        "stints": [
            {
                "stage": s.stage.value,
                "start": s.start,
                "end": s.end,
                "days": round(((s.end or now) - s.start).total_seconds() / 86400, 4),
            }
            for s in stays
        ],
    }


# ------------------------------------------------------------------------------------------ contacts, notes, tasks


async def _add_child(
    platform: ServicePlatform,
    collection: str,
    *,
    user_id: str,
    app_id: str,
    fields: dict[str, Any],
    now: datetime,
    reminder: dict[str, Any] | None = None,
) -> dict[str, Any]:
    doc = {"_id": new_event_id(), "user_id": user_id, "application_id": app_id, **fields, "created_at": now}

    async def run() -> None:
        async with platform.unit_of_work() as uow:
            await _load_app(uow, user_id, app_id, uow.session)
            await uow.db[collection].insert_one(doc, session=uow.session)
            await uow.db[APPLICATIONS].update_one(
                {"_id": app_id, "user_id": user_id}, {"$set": {"updated_at": now}}, session=uow.session
            )
            if reminder is not None:
                await uow.db[REMINDERS].insert_one(reminder, session=uow.session)

    await transactional(run)
    return public(doc)


async def _list_children(
    platform: ServicePlatform, collection: str, *, user_id: str, app_id: str
) -> list[dict[str, Any]]:
    await _load_app(platform, user_id, app_id)
    docs = (
        await platform.db[collection]
        .find({"user_id": user_id, "application_id": app_id})
        .sort("created_at", 1)
        .to_list(None)
    )
    return [public(d) for d in docs]


async def add_contact(
    platform: ServicePlatform, *, user_id: str, app_id: str, body: ContactIn, now: datetime
) -> dict[str, Any]:
    if not any(body.model_dump().values()):
        raise Unprocessable(
            "A contact needs at least a name, an e-mail or a phone number.",
            errors=[{"loc": ["body", "name"], "msg": "empty contact"}],
        )
    return await _add_child(
        platform, CONTACTS, user_id=user_id, app_id=app_id, fields=body.model_dump(), now=now
    )


async def add_note(
    platform: ServicePlatform, *, user_id: str, app_id: str, body: NoteIn, now: datetime
) -> dict[str, Any]:
    return await _add_child(
        platform, NOTES, user_id=user_id, app_id=app_id, fields={"text": body.text, "at": now}, now=now
    )


async def add_task(
    platform: ServicePlatform, *, user_id: str, app_id: str, body: TaskIn, now: datetime
) -> dict[str, Any]:
    due = utc(body.due_at)
    reminder = None
    if body.remind and due is not None and due > now:
        reminder = _reminder_doc(
            user_id=user_id,
            kind=ReminderKind.DEADLINE,
            due_at=due,
            now=now,
            application_id=app_id,
            origin="task",
            note=body.title,
        )
    return await _add_child(
        platform,
        TASKS,
        user_id=user_id,
        app_id=app_id,
        fields={"title": body.title, "due_at": due, "done": body.done},
        now=now,
        reminder=reminder,
    )


async def list_contacts(platform: ServicePlatform, *, user_id: str, app_id: str) -> list[dict[str, Any]]:
    return await _list_children(platform, CONTACTS, user_id=user_id, app_id=app_id)


async def list_notes(platform: ServicePlatform, *, user_id: str, app_id: str) -> list[dict[str, Any]]:
    return await _list_children(platform, NOTES, user_id=user_id, app_id=app_id)


async def list_tasks(platform: ServicePlatform, *, user_id: str, app_id: str) -> list[dict[str, Any]]:
    return await _list_children(platform, TASKS, user_id=user_id, app_id=app_id)


# ------------------------------------------------------------------------------------------ interviews


async def schedule_interview(
    platform: ServicePlatform, *, user_id: str, app_id: str, body: InterviewIn, now: datetime
) -> dict[str, Any]:
    scheduled_at = utc(body.scheduled_at)
    assert scheduled_at is not None

    async def run() -> dict[str, Any]:
        async with platform.unit_of_work() as uow:
            doc = await _load_app(uow, user_id, app_id, uow.session)
            interviews = list(doc.get("interviews") or [])
            interview: dict[str, Any] = {
                "id": new_event_id(),
                "round": len(interviews) + 1,
                "type": body.type,
                "scheduled_at": scheduled_at,
                "duration_minutes": body.duration_minutes,
                "location": body.location,
                "interviewers": body.interviewers,
                "notes": body.notes,
                "created_at": now,
                "prep": [],
            }
            interviews.append(interview)
            upcoming = [i["scheduled_at"] for i in interviews if utc(i["scheduled_at"]) >= now]  # type: ignore[operator]
            sets: dict[str, Any] = {
                "interviews": interviews,
                "next_interview_at": min(upcoming) if upcoming else None,
                "updated_at": now,
            }
            moved = None
            current = Stage(doc["stage"])
            target = Stage.SCREENING if body.type in ("phone_screen", "hr") else Stage.INTERVIEWING
            cur_rank, target_rank = FUNNEL_RANK[current], FUNNEL_RANK[target]
            if (
                current not in CLOSED
                and cur_rank is not None
                and target_rank is not None
                and cur_rank < target_rank
            ):
                moves = [Move.from_doc(m) for m in doc["moves"]]
                moved = plan_move(moves, to=target, at=now, source=MoveSource.AUTOMATION, now=now)
                sets.update(_derived([*moves, moved]))
                sets["column_id"] = None
            update: dict[str, Any] = {"$set": sets}
            if moved is not None:
                update["$push"] = {"moves": moved.as_doc()}
            await uow.db[APPLICATIONS].update_one(
                {"_id": app_id, "user_id": user_id}, update, session=uow.session
            )
            await bump_version(uow.db, user_id, uow.session)
            if moved is not None:
                uow.publish(
                    ApplicationStageChangedV1(
                        application_id=app_id,
                        from_stage=moved.from_stage.value if moved.from_stage else None,
                        to_stage=moved.to.value,
                        source=MoveSource.AUTOMATION.value,
                        moved_at=now,
                        **_app_summary(doc),
                    ),
                    subject=app_id,
                    user_id=user_id,
                )
            uow.publish(
                InterviewScheduledV1(
                    application_id=app_id,
                    company=doc["company"],
                    role=doc["role"],
                    scheduled_at=scheduled_at,
                    interview_type=body.type,
                    job_description=doc.get("job_description"),
                    interview_id=interview["id"],
                    round=interview["round"],
                    duration_minutes=body.duration_minutes,
                ),
                subject=app_id,
                user_id=user_id,
            )
            if body.remind:
                for kind, due in interview_reminders(
                    scheduled_at=scheduled_at, duration_minutes=body.duration_minutes, now=now
                ):
                    await uow.db[REMINDERS].insert_one(
                        _reminder_doc(
                            user_id=user_id,
                            kind=kind,
                            due_at=due,
                            now=now,
                            application_id=app_id,
                            origin="automation",
                            interview_id=interview["id"],
                        ),
                        session=uow.session,
                    )
            return {
                "interview": interview,
                "stage": sets.get("stage", doc["stage"]),
                "moved": _move_out(moved) if moved else None,
            }

    return await transactional(run)


# ------------------------------------------------------------------------------------------ reminders


async def create_reminder(
    platform: ServicePlatform, *, user_id: str, body: ReminderIn, now: datetime
) -> dict[str, Any]:
    due = utc(body.due_at)
    assert due is not None
    doc = _reminder_doc(
        user_id=user_id,
        kind=ReminderKind(body.kind),
        due_at=due,
        now=now,
        application_id=body.application_id,
        origin="user",
        note=body.note,
    )

    async def run() -> None:
        async with platform.unit_of_work() as uow:
            if body.application_id:
                await _load_app(uow, user_id, body.application_id, uow.session)
            await uow.db[REMINDERS].insert_one(doc, session=uow.session)

    await transactional(run)
    return public(doc)


async def list_reminders(
    platform: ServicePlatform, *, user_id: str, status: str | None, application_id: str | None, limit: int
) -> list[dict[str, Any]]:
    flt: dict[str, Any] = {"user_id": user_id}
    if status:
        if status not in ("pending", "sent", "cancelled"):
            raise Unprocessable(
                "Unknown reminder status.",
                errors=[{"loc": ["query", "status"], "msg": "pending, sent or cancelled"}],
            )
        flt["status"] = status
    if application_id:
        flt["application_id"] = application_id
    docs = (
        await platform.db[REMINDERS]
        .find(flt)
        .sort([("due_at", ASCENDING), ("_id", ASCENDING)])
        .limit(limit)
        .to_list(None)
    )
    return [public(d) for d in docs]


def _context(
    app: dict[str, Any] | None, reminder: dict[str, Any], contact: dict[str, Any] | None
) -> ReminderContext | None:
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
        applied_at=_applied_at(moves) if moves else None,
        contact_name=(contact or {}).get("name"),
        interview_at=utc(interview["scheduled_at"]) if interview else None,
        interview_type=interview.get("type") if interview else None,
        deadline=utc(app.get("deadline")),
        note=reminder.get("note"),
        deleted=bool(app.get("deleted")),
    )


async def fire_one_due_reminder(platform: ServicePlatform, *, now: datetime) -> str | None:
    """Claim the oldest due reminder and publish it, in one transaction; None when nothing is due.

    The claim (find_one_and_update from 'pending') and the outbox write commit together: two
    schedulers racing for one reminder collide on the same document, one transaction aborts,
    and the event is published exactly once.
    """

    async def run() -> str | None:
        async with platform.unit_of_work() as uow:
            reminder = await uow.db[REMINDERS].find_one_and_update(
                {"status": "pending", "due_at": {"$lte": now}},
                {"$set": {"status": "sent", "fired_at": now}},
                sort=[("due_at", ASCENDING), ("_id", ASCENDING)],
                session=uow.session,
                return_document=ReturnDocument.AFTER,
            )
            if reminder is None:
                return None
            user_id = reminder["user_id"]
            app = contact = None
            if reminder.get("application_id"):
                app = await uow.db[APPLICATIONS].find_one(
                    {"_id": reminder["application_id"], "user_id": user_id},
                    {
                        "moves": 1,
                        "company": 1,
                        "role": 1,
                        "stage": 1,
                        "interviews": 1,
                        "deadline": 1,
                        "deleted": 1,
                    },
                    session=uow.session,
                )
                contact = await uow.db[CONTACTS].find_one(
                    {"user_id": user_id, "application_id": reminder["application_id"], "name": {"$ne": None}},
                    sort=[("created_at", ASCENDING)],
                    session=uow.session,
                )
            kind = ReminderKind(reminder["kind"])
            ctx = _context(app, reminder, contact)
            fire, reason = should_fire(kind, ctx)
            if not fire:
                await uow.db[REMINDERS].update_one(
                    {"_id": reminder["_id"]},
                    {"$set": {"status": "cancelled", "cancel_reason": reason}},
                    session=uow.session,
                )
                return str(reminder["_id"])
            message = build_message(kind, ctx, due_at=utc(reminder["due_at"]) or now)
            subject = subject_for(kind, ctx)
            await uow.db[REMINDERS].update_one(
                {"_id": reminder["_id"]},
                {"$set": {"message": message, "subject": subject}},
                session=uow.session,
            )
            env = uow.publish(
                ReminderDueV1(
                    reminder_id=reminder["_id"],
                    application_id=reminder.get("application_id"),
                    kind=kind.value,
                    due_at=utc(reminder["due_at"]) or now,
                    message=message,
                    subject=subject,
                    company=ctx.company if ctx else None,
                    role=ctx.role if ctx else None,
                ),
                subject=reminder["_id"],
                user_id=user_id,
            )
            # Our own event goes straight onto the timeline, in the same transaction.
            entry = entry_from_event(
                event_id=env.id,
                event_type=env.type,
                user_id=user_id,
                time=now,
                subject=reminder["_id"],
                data=env.data.model_dump(),
            )
            if entry is not None:
                entry = TimelineEntry(**{**entry.__dict__, "application_id": reminder.get("application_id")})
                await uow.db[ACTIVITY].replace_one(
                    {"_id": entry.id}, entry.as_doc(), upsert=True, session=uow.session
                )
            return str(reminder["_id"])

    return await transactional(run)


async def fire_due_reminders(platform: ServicePlatform, *, now: datetime, limit: int = 100) -> int:
    handled = 0
    while handled < limit:
        try:
            claimed = await fire_one_due_reminder(platform, now=now)
        except PyMongoError as exc:
            # Another replica claimed the same reminder first: leave it to them and go on.
            platform.log.info("reminder_claim_conflict", reason=type(exc).__name__)
            claimed = "conflict"
        if claimed is None:
            break
        handled += 1
    return handled


async def reminder_scheduler(platform: ServicePlatform) -> None:
    """Background loop: fire due reminders every few seconds (see fire_one_due_reminder)."""
    settings = _settings(platform)
    if not settings.reminder_scheduler:
        return
    while True:
        try:
            await fire_due_reminders(platform, now=datetime.now(UTC), limit=settings.reminder_batch)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            platform.log.warning("reminder_scheduler_error", reason=type(exc).__name__)
        await asyncio.sleep(settings.reminder_poll_s)


# ------------------------------------------------------------------------------------------ analytics, board


def _cache(platform: ServicePlatform) -> VersionedCache:
    cache = getattr(platform.app.state, "tracker_cache", None)
    if cache is None:
        cache = platform.app.state.tracker_cache = VersionedCache()
    return cache


async def analytics_records(platform: ServicePlatform, user_id: str) -> analytics_domain.PreparedRecords:
    """The user's applications as analytics reads them, cached per data version."""
    version = await read_version(platform.db, user_id)
    cache = _cache(platform)
    cached = cache.get(("analytics", user_id), version)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    docs = (
        await platform.db[APPLICATIONS]
        .find({"user_id": user_id, "deleted": False}, ANALYTICS_PROJECTION)
        .to_list(None)
    )
    records = [
        analytics_domain.AppRecord.from_doc(
            d,
            resume_version=resume_group_label(
                d.get("resume_label"), d.get("resume_id"), d.get("resume_version")
            ),
        )
        for d in docs
    ]
    prepared = analytics_domain.PreparedRecords(records)
    cache.put(("analytics", user_id), version, prepared)
    return prepared


async def board_docs(platform: ServicePlatform, user_id: str) -> list[dict[str, Any]]:
    version = await read_version(platform.db, user_id)
    cache = _cache(platform)
    cached = cache.get(("board", user_id), version)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    docs = (
        await platform.db[APPLICATIONS]
        .find({"user_id": user_id, "deleted": False}, BOARD_PROJECTION)
        .to_list(None)
    )
    cache.put(("board", user_id), version, docs)
    return docs


def parse_thresholds(ghost_after: str | None, stale_after: str | None) -> analytics_domain.Thresholds:
    """Per-stage overrides like "applied:45,screening:14" on top of the defaults."""
    th = analytics_domain.Thresholds()
    for name, raw, target in (("ghost_after", ghost_after, th.ghost_after_days),
                              ("stale_after", stale_after, th.stale_after_days)):  # fmt: skip
        for part in (raw or "").split(","):
            if not part.strip():
                continue
            stage_text, _, days = part.partition(":")
            stage = parse_stage(stage_text)
            if stage is None or not days.strip().isdigit() or not 1 <= int(days) <= 3650:
                raise Unprocessable(
                    f"Bad threshold {part.strip()!r}.",
                    errors=[{"loc": ["query", name], "msg": "expected stage:days, e.g. applied:30"}],
                )
            target[stage] = int(days)
    return th


async def get_analytics(
    platform: ServicePlatform,
    *,
    user_id: str,
    as_of: datetime,
    include_ids: bool = True,
    thresholds: analytics_domain.Thresholds | None = None,
) -> dict[str, Any]:
    records = await analytics_records(platform, user_id)
    return analytics_domain.compute(records, as_of=as_of, include_ids=include_ids, thresholds=thresholds)


async def get_board(
    platform: ServicePlatform, *, user_id: str, now: datetime, cards_per_column: int | None
) -> dict[str, Any]:
    columns = await _columns(platform, user_id)
    docs = await board_docs(platform, user_id)
    per = cards_per_column or _settings(platform).board_cards_per_column
    return {"as_of": now, "columns": build_board(docs, columns, as_of=now, cards_per_column=per)}


async def set_columns(
    platform: ServicePlatform, *, user_id: str, body: ColumnsIn, now: datetime
) -> dict[str, Any]:
    try:
        columns = validate_columns(c.model_dump() for c in body.columns)
    except InvalidInput as exc:
        raise problem(exc) from exc
    await platform.db[BOARDS].replace_one(
        {"_id": user_id},
        {"_id": user_id, "user_id": user_id, "columns": [c.as_dict() for c in columns], "updated_at": now},
        upsert=True,
    )
    return {"columns": [c.as_dict() for c in columns]}


async def get_columns(platform: ServicePlatform, *, user_id: str) -> dict[str, Any]:
    return {"columns": [c.as_dict() for c in await _columns(platform, user_id)]}


# ------------------------------------------------------------------------------------------ import / export


def _draft_doc(d: ApplicationDraft, *, user_id: str, now: datetime) -> dict[str, Any]:
    app_id = new_event_id()
    fields: dict[str, Any] = {
        "location": d.location,
        "remote": d.remote,
        "salary": d.salary.as_dict() if d.salary else None,
        "source": d.source,
        "job_url": d.job_url,
        "job_description": d.job_description,
        "resume_id": d.resume_id,
        "resume_version": d.resume_version,
        "resume_label": d.resume_label,
        "cover_letter": d.cover_letter,
        "priority": d.priority,
        "deadline": d.deadline,
        "custom_fields": d.custom_fields,
        "interviews": [
            {
                "id": new_event_id(),
                "round": i + 1,
                "type": iv.type,
                "scheduled_at": iv.scheduled_at,
                "duration_minutes": 60,
                "location": None,
                "interviewers": [],
                "notes": iv.title,
                "created_at": now,
                "prep": [],
            }
            for i, iv in enumerate(d.interviews)
        ],
    }
    upcoming = [iv.scheduled_at for iv in d.interviews if iv.scheduled_at >= now]
    fields["next_interview_at"] = min(upcoming) if upcoming else None
    return _new_doc(
        app_id=app_id,
        user_id=user_id,
        now=now,
        company=d.company,
        role=d.role,
        moves=d.moves,
        natural_key=d.key(),
        fields=fields,
    )


async def import_applications(
    platform: ServicePlatform,
    *,
    user_id: str,
    content: bytes,
    fmt: str | None,
    mapping: dict[str, str] | None,
    date_order: str | None,
    default_stage: str | None,
    dry_run: bool,
    now: datetime,
) -> dict[str, Any]:
    options = ImportOptions()
    if date_order:
        if date_order.upper() not in ("MDY", "DMY"):
            raise Unprocessable(
                "date_order must be MDY or DMY.",
                errors=[{"loc": ["query", "date_order"], "msg": "MDY or DMY"}],
            )
        options.date_order = date_order.upper()  # type: ignore[assignment]
    if default_stage:
        options.default_stage = parse_stage_or_422(default_stage, loc=("query", "default_stage"))
    try:
        # In a worker process under a time and memory budget, not a thread that cannot be stopped.
        plan = await run_bounded(
            "tracker-import",
            partial(parse_import, content, now=now, fmt=fmt, mapping=mapping, options=options),
            timeout=8.0,  # under the gateway's 10 s, so the caller gets this service's 422
        )
    except InvalidInput as exc:
        raise problem(exc) from exc
    keys = [d.key() for d in plan.drafts]
    result: dict[str, Any] = {
        "format": plan.format,
        "rows": plan.rows,
        "duplicates_in_file": plan.duplicates_in_file,
        "mapping": plan.mapping or None,
        "dry_run": dry_run,
    }

    async def run() -> dict[str, Any]:
        async with platform.unit_of_work() as uow:
            existing = {
                d["natural_key"]
                async for d in uow.db[APPLICATIONS].find(
                    {"user_id": user_id, "natural_key": {"$in": keys}},
                    {"natural_key": 1},
                    session=uow.session,
                )
            }
            fresh = [d for d in plan.drafts if d.key() not in existing]
            if dry_run or not fresh:
                return {
                    **result,
                    "created": 0,
                    "would_create": len(fresh),
                    "skipped_existing": len(plan.drafts) - len(fresh),
                    "application_ids": [],
                }
            docs = [_draft_doc(d, user_id=user_id, now=now) for d in fresh]
            await uow.db[APPLICATIONS].insert_many(docs, session=uow.session)
            await bump_version(uow.db, user_id, uow.session)
            children: dict[str, list[dict[str, Any]]] = {CONTACTS: [], NOTES: [], TASKS: []}
            for d, doc in zip(fresh, docs, strict=True):
                base = {"user_id": user_id, "application_id": doc["_id"], "created_at": now}
                children[CONTACTS] += [{"_id": new_event_id(), **base, **vars(c)} for c in d.contacts]
                children[NOTES] += [
                    {"_id": new_event_id(), **base, "text": n.text, "at": n.at or now} for n in d.notes
                ]
                children[TASKS] += [
                    {"_id": new_event_id(), **base, "title": t.title, "due_at": t.due_at, "done": t.done}
                    for t in d.tasks
                ]
                # One created event per application (with its current stage): the history is
                # in the export, and a thousand historical moves would only flood the stream.
                uow.publish(_created_event(doc), subject=doc["_id"], user_id=user_id)
            for name, items in children.items():
                if items:
                    await uow.db[name].insert_many(items, session=uow.session)
            return {
                **result,
                "created": len(docs),
                "skipped_existing": len(plan.drafts) - len(fresh),
                "application_ids": [d["_id"] for d in docs[:1000]],
            }

    for attempt in range(3):
        try:
            return await transactional(run)
        except DuplicateKeyError:
            # A concurrent import of the same rows committed first: re-run; they are now existing.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _stages_filter(stage: list[str] | None) -> set[Stage] | None:
    if not stage:
        return None
    return {
        parse_stage_or_422(s, loc=("query", "stage")) for part in stage for s in part.split(",") if s.strip()
    }


async def _all_apps(platform: ServicePlatform, user_id: str) -> list[dict[str, Any]]:
    return await platform.db[APPLICATIONS].find({"user_id": user_id, "deleted": False}).to_list(None)


async def export_applications(
    platform: ServicePlatform,
    *,
    user_id: str,
    fmt: str,
    date_from: datetime | None,
    date_to: datetime | None,
    stage: list[str] | None,
) -> tuple[str, Any]:
    if fmt not in ("csv", "json"):
        raise Unprocessable(
            "format must be csv or json.", errors=[{"loc": ["query", "format"], "msg": "csv or json"}]
        )
    stages = _stages_filter(stage)
    apps = exporting.select(
        await _all_apps(platform, user_id), date_from=utc(date_from), date_to=utc(date_to), stages=stages
    )
    if fmt == "csv":
        return "csv", exporting.to_csv(apps)
    return "json", {"count": len(apps), "applications": [exporting.to_json_obj(a) for a in apps]}


async def report_html(
    platform: ServicePlatform,
    *,
    user_id: str,
    date_from: datetime | None,
    date_to: datetime | None,
    stage: list[str] | None,
    owner: str | None,
    as_of: datetime,
) -> str:
    apps = exporting.select(
        await _all_apps(platform, user_id),
        date_from=utc(date_from),
        date_to=utc(date_to),
        stages=_stages_filter(stage),
        applied_only=True,
    )
    contacts: dict[str, str] = {}
    async for c in platform.db[CONTACTS].find({"user_id": user_id}).sort("created_at", 1):
        label = ", ".join(x for x in (c.get("name"), c.get("email"), c.get("phone")) if x)
        if label:
            contacts.setdefault(c["application_id"], label)
    return exporting.report_html(
        apps, as_of=as_of, contacts=contacts, owner=owner, period_from=utc(date_from), period_to=utc(date_to)
    )


# ------------------------------------------------------------------------------------------ clipping


async def clip(
    platform: ServicePlatform, *, user_id: str, body: ClipIn, now: datetime
) -> tuple[bool, dict[str, Any]]:
    if len(body.html.encode()) > MAX_CLIP_BYTES:
        raise PayloadTooLarge(
            f"The page is over {MAX_CLIP_BYTES} bytes.",
            errors=[{"loc": ["body", "html"], "msg": "too large"}],
        )
    job = await asyncio.to_thread(clip_job, body.html, url=body.url)
    out: dict[str, Any] = {"clip": job.as_dict(), "application": None}
    if not body.save:
        return False, out
    if not job.title or not job.company:
        missing = [f for f in ("title", "company") if not getattr(job, f)]
        raise Unprocessable(
            "The page does not say " + " and ".join(missing) + "; add the application by hand.",
            errors=[{"loc": ["body", "html"], "msg": f"no {f} found on the page"} for f in missing],
        )
    salary = job.salary or {}
    app_in = ApplicationIn(
        company=job.company[:200],
        role=job.title[:200],
        stage=body.stage,
        location=(job.location or None) and job.location[:200],
        remote=job.remote,
        salary_min=salary.get("min"),
        salary_max=salary.get("max"),  # type: ignore[arg-type]
        salary_currency=salary.get("currency")
        if salary.get("currency") and len(salary["currency"]) == 3
        else None,
        salary_period=salary.get("period"),
        job_url=(canonical_url(job.url) or job.url or None),
        job_description=(job.description or None) and job.description[:100_000],
        deadline=job.valid_through,
        custom_fields={"date_posted": job.date_posted.isoformat()} if job.date_posted else None,
    )
    out["application"] = await create_application(platform, user_id=user_id, body=app_in, now=now)
    return True, out


# ------------------------------------------------------------------------------------------ timeline, summary


def _activity_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
        at, _, eid = raw.partition("|")
        return datetime.fromisoformat(at), eid
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unprocessable(
            "Invalid cursor.", errors=[{"loc": ["query", "cursor"], "msg": "not a cursor"}]
        ) from exc


async def list_activity(
    platform: ServicePlatform,
    *,
    user_id: str,
    limit: int,
    cursor: str | None,
    application_id: str | None,
    kind: str | None,
) -> dict[str, Any]:
    flt: dict[str, Any] = {"user_id": user_id}
    if application_id:
        flt["application_id"] = application_id
    if kind:
        flt["kind"] = kind
    after = _activity_cursor(cursor)
    if after:
        flt["$or"] = [{"at": {"$lt": after[0]}}, {"at": after[0], "_id": {"$lt": after[1]}}]
    limit = max(1, min(limit, 200))
    docs = (
        await platform.db[ACTIVITY]
        .find(flt)
        .sort([("at", DESCENDING), ("_id", DESCENDING)])
        .limit(limit + 1)
        .to_list(None)
    )
    nxt = None
    if len(docs) > limit:
        last = docs[limit - 1]
        last_at: datetime = last["at"]
        nxt = (
            base64.urlsafe_b64encode(f"{utc(last_at).isoformat()}|{last['_id']}".encode())
            .decode()
            .rstrip("=")
        )
    return {"items": [public(d) for d in docs[:limit]], "next_cursor": nxt}


async def summary(platform: ServicePlatform, *, user_id: str, now: datetime) -> dict[str, Any]:
    docs = (
        await platform.db[APPLICATIONS]
        .find({"user_id": user_id, "deleted": False}, {"stage": 1, "last_move_at": 1})
        .to_list(None)
    )
    pipeline = {s.value: 0 for s in STAGES}
    ghosted = stale = 0
    for d in docs:
        pipeline[d["stage"]] += 1
        g, s = presumed_status(Stage(d["stage"]), utc(d.get("last_move_at")), now)
        ghosted += g
        stale += s
    reminders = (
        await platform.db[REMINDERS]
        .find({"user_id": user_id, "status": "pending"})
        .sort("due_at", 1)
        .limit(5)
        .to_list(None)
    )
    upcoming = (
        await platform.db[APPLICATIONS]
        .find(
            {"user_id": user_id, "deleted": False, "next_interview_at": {"$gte": now}},
            {"company": 1, "role": 1, "next_interview_at": 1},
        )
        .sort("next_interview_at", 1)
        .limit(5)
        .to_list(None)
    )
    recent = (
        await platform.db[ACTIVITY]
        .find({"user_id": user_id})
        .sort([("at", -1), ("_id", -1)])
        .limit(5)
        .to_list(None)
    )
    return {
        "total": len(docs),
        "pipeline": pipeline,
        "active": sum(pipeline[s] for s in ("applied", "screening", "interviewing", "offer")),
        "presumed_ghosted": ghosted,
        "stale": stale,
        "next_reminders": [
            {k: public(r).get(k) for k in ("id", "kind", "due_at", "application_id", "note")}
            for r in reminders
        ],
        "upcoming_interviews": [public(u) for u in upcoming],
        "recent_activity": [
            {k: public(a).get(k) for k in ("id", "at", "kind", "title", "application_id")} for a in recent
        ],
        "as_of": now,
    }


def field_error(msg: str, *, row: int | None = None, column: str | None = None) -> FieldError:
    return FieldError(msg, row=row, column=column)
