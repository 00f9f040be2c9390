"""A paused practice session suggested for each interview the tracker schedules."""

from __future__ import annotations

import uuid
from datetime import datetime

from resugrow_interview.commands import ScheduledInterview
from resugrow_interview.domain import session as sess
from resugrow_interview.domain.suggestions import role_from_title, types_for_interview
from resugrow_interview.use_cases.library import QuestionLibrary
from resugrow_interview.use_cases.ports import InterviewUnitOfWork


async def suggest_session(
    uow: InterviewUnitOfWork, cmd: ScheduledInterview, *, user_id: str, now: datetime, lib: QuestionLibrary
) -> str | None:
    """The new session's id, or None when this interview already has one (a redelivered event)."""
    role = role_from_title(cmd.role_title)
    jd = (cmd.job_description or "")[: sess.MAX_JOB_TEXT]
    plan = sess.make_plan(
        role=role,
        level="mid",
        types=types_for_interview(role, cmd.interview_type),
        count=5,
        job_description=jd or None,
        bank=lib.bank,
    )
    # The id derives from the event, so a redelivered event cannot create a second session.
    session_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"resugrow:interview-scheduled:{cmd.event_id}"))
    if await uow.sessions.exists(session_id):
        return None
    context = cmd.model_dump(
        include={"application_id", "company", "role_title", "interview_type", "scheduled_at"}
    )
    doc = sess.new_session(
        session_id=session_id,
        user_id=user_id,
        plan=plan,
        bank=lib.bank,
        now=now,
        origin="tracker",
        status="paused",
        context=context,
    )
    await uow.sessions.add(doc)
    return session_id
