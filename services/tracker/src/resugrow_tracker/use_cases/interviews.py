"""Scheduling an interview: it may move the application forward and sets reminders."""

from __future__ import annotations

from datetime import datetime

from resugrow_events import InterviewScheduledV1, new_event_id
from resugrow_tracker.commands import InterviewIn
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.history import Move, MoveSource, plan_move
from resugrow_tracker.domain.reminders import interview_reminders
from resugrow_tracker.domain.stages import CLOSED, FUNNEL_RANK, Stage
from resugrow_tracker.use_cases.common import (
    derived,
    load_application,
    move_out,
    reminder_doc,
    stage_changed_event,
)
from resugrow_tracker.use_cases.ports import Doc, TrackerUoW


def _interview(cmd: InterviewIn, *, scheduled_at: datetime, round_no: int, now: datetime) -> Doc:
    return {
        "id": new_event_id(),
        "round": round_no,
        "type": cmd.type,
        "scheduled_at": scheduled_at,
        "duration_minutes": cmd.duration_minutes,
        "location": cmd.location,
        "interviewers": cmd.interviewers,
        "notes": cmd.notes,
        "created_at": now,
        "prep": [],
    }


def _automatic_move(doc: Doc, interview_type: str, now: datetime) -> Move | None:
    """A screen moves an earlier application to screening, any other interview to interviewing;
    never backwards and never out of a closed stage."""
    current = Stage(doc["stage"])
    target = Stage.SCREENING if interview_type in ("phone_screen", "hr") else Stage.INTERVIEWING
    cur_rank, target_rank = FUNNEL_RANK[current], FUNNEL_RANK[target]
    if current in CLOSED or cur_rank is None or target_rank is None or cur_rank >= target_rank:
        return None
    moves = [Move.from_doc(m) for m in doc["moves"]]
    return plan_move(moves, to=target, at=now, source=MoveSource.AUTOMATION, now=now)


def _scheduled_event(doc: Doc, interview: Doc, cmd: InterviewIn) -> InterviewScheduledV1:
    return InterviewScheduledV1(
        application_id=doc["_id"],
        company=doc["company"],
        role=doc["role"],
        scheduled_at=interview["scheduled_at"],
        interview_type=cmd.type,
        job_description=doc.get("job_description"),
        interview_id=interview["id"],
        round=interview["round"],
        duration_minutes=cmd.duration_minutes,
    )


async def schedule_interview(
    uow: TrackerUoW, cmd: InterviewIn, *, user_id: str, app_id: str, now: datetime
) -> Doc:
    scheduled_at = utc(cmd.scheduled_at)
    doc = await load_application(uow, user_id, app_id)
    interviews = list(doc.get("interviews") or [])
    interview = _interview(cmd, scheduled_at=scheduled_at, round_no=len(interviews) + 1, now=now)
    interviews.append(interview)
    upcoming = [i["scheduled_at"] for i in interviews if utc(i["scheduled_at"]) >= now]
    sets: Doc = {
        "interviews": interviews,
        "next_interview_at": min(upcoming) if upcoming else None,
        "updated_at": now,
    }
    moved = _automatic_move(doc, cmd.type, now)
    if moved is not None:
        sets.update(derived([*(Move.from_doc(m) for m in doc["moves"]), moved]), column_id=None)
    await uow.applications.update(user_id, app_id, sets, push_move=moved.as_doc() if moved else None)
    uow.touch(user_id)
    if moved is not None:
        event = stage_changed_event(doc, moved, source=MoveSource.AUTOMATION.value, at=now)
        uow.publish(event, subject=app_id, user_id=user_id)
    uow.publish(_scheduled_event(doc, interview, cmd), subject=app_id, user_id=user_id)
    if cmd.remind:
        for kind, due in interview_reminders(
            scheduled_at=scheduled_at, duration_minutes=cmd.duration_minutes, now=now
        ):
            await uow.reminders.add(
                reminder_doc(
                    user_id=user_id,
                    kind=kind,
                    due_at=due,
                    now=now,
                    application_id=app_id,
                    origin="automation",
                    interview_id=interview["id"],
                )
            )
    return {
        "interview": interview,
        "stage": sets.get("stage", doc["stage"]),
        "moved": move_out(moved) if moved else None,
    }
