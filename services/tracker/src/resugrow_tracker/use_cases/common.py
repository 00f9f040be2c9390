"""Small pieces several use cases share: documents, stage parsing, loading an application."""

from __future__ import annotations

from datetime import datetime

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import ApplicationCreatedV1, ApplicationStageChangedV1, new_event_id
from resugrow_tracker.domain import exporting
from resugrow_tracker.domain.board import DEFAULT_COLUMNS, Column
from resugrow_tracker.domain.errors import Gone
from resugrow_tracker.domain.history import Move, ordered
from resugrow_tracker.domain.reminders import ReminderKind
from resugrow_tracker.domain.stages import STAGES, Stage, parse_stage
from resugrow_tracker.use_cases.ports import Doc, TrackerUoW

# Fields of a new application that are null until the user (or an import) fills them.
_EMPTY_FIELDS = (
    "location", "remote", "salary", "source", "job_url", "job_description", "resume_id", "resume_version",
    "resume_label", "cover_letter", "priority", "deadline", "column_id", "next_interview_at", "ats_match",
)  # fmt: skip


def public(doc: Doc | None) -> Doc:
    if doc is None:
        return {}
    out = {k: v for k, v in doc.items() if k not in ("_id", "user_id", "natural_key", "deleted")}
    return {"id": doc["_id"], **out}


def stage_or_invalid(text: str, *, field: str) -> Stage:
    stage = parse_stage(text)
    if stage is None:
        raise InvalidInput(
            f"Unknown stage {text!r}.",
            field=field,
            allowed=[s.value for s in STAGES],
        )
    return stage


def stages_or_invalid(values: list[str] | None, *, field: str = "stage") -> list[Stage]:
    """Stages given repeated or comma-separated."""
    return [stage_or_invalid(s, field=field) for part in values or [] for s in part.split(",") if s.strip()]


def move_out(m: Move) -> Doc:
    return {
        "from": m.from_stage.value if m.from_stage else None,
        "to": m.to.value,
        "at": m.at,
        "source": m.source.value,
        "seq": m.seq,
    }


def derived(moves: list[Move]) -> Doc:
    """What an application document keeps from its history, for queries and the board."""
    seq = ordered(moves)
    return {"stage": seq[-1].to.value, "last_move_at": seq[-1].at, "applied_at": exporting.applied_at(seq)}


def new_application_doc(
    *,
    app_id: str,
    user_id: str,
    now: datetime,
    company: str,
    role: str,
    moves: list[Move],
    key: str,
    fields: Doc,
) -> Doc:
    doc: Doc = {"_id": app_id, "user_id": user_id, "company": company, "role": role}
    doc.update(dict.fromkeys(_EMPTY_FIELDS))
    doc.update(
        custom_fields={}, interviews=[], natural_key=key, deleted=False, created_at=now, updated_at=now,
        moves=[m.as_doc() for m in moves],
    )  # fmt: skip
    doc.update(fields)
    doc.update(derived(moves))
    return doc


def created_event(doc: Doc) -> ApplicationCreatedV1:
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


def stage_changed_event(app: Doc, move: Move, *, source: str, at: datetime) -> ApplicationStageChangedV1:
    return ApplicationStageChangedV1(
        application_id=app["_id"],
        from_stage=move.from_stage.value if move.from_stage else None,
        to_stage=move.to.value,
        source=source,
        moved_at=at,
        company=app.get("company"),
        role=app.get("role"),
        # Additive: the career service evaluates an offer from these when the move is to `offer`.
        salary_min=(app.get("salary") or {}).get("min"),
        salary_max=(app.get("salary") or {}).get("max"),
        salary_currency=(app.get("salary") or {}).get("currency"),
        salary_period=(app.get("salary") or {}).get("period"),
        location=app.get("location"),
    )


def reminder_doc(
    *,
    user_id: str,
    kind: ReminderKind,
    due_at: datetime,
    now: datetime,
    application_id: str | None,
    origin: str,
    note: str | None = None,
    interview_id: str | None = None,
) -> Doc:
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


async def load_application(uow: TrackerUoW, user_id: str, app_id: str, *, allow_deleted: bool = False) -> Doc:
    doc = await uow.applications.get(user_id, app_id)
    if doc is None:
        raise NotFound("No such application.")
    if doc.get("deleted") and not allow_deleted:
        raise Gone("The application was deleted.")
    return doc


async def board_columns(uow: TrackerUoW, user_id: str) -> list[Column]:
    return await uow.boards.columns(user_id) or list(DEFAULT_COLUMNS)


async def column_or_invalid(uow: TrackerUoW, user_id: str, column_id: str, *, detail: str) -> Column:
    column = next((c for c in await board_columns(uow, user_id) if c.id == column_id), None)
    if column is None:
        raise InvalidInput(detail, field="column_id")
    return column
