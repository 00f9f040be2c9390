"""Practice sessions: start, read, list, pause, resume and finish."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from resugrow_domain import Conflict, InvalidInput
from resugrow_events import InterviewSessionCompletedV1
from resugrow_interview.commands import StartSession
from resugrow_interview.domain import session as sess
from resugrow_interview.use_cases.library import QuestionLibrary
from resugrow_interview.use_cases.ports import InterviewUnitOfWork
from resugrow_interview.use_cases.questions import next_cursor, offset_of
from resugrow_interview.use_cases.views import load, save, session_view, summary_row

Doc = dict[str, Any]
STATUSES = ("active", "paused", "completed")


async def start_session(
    uow: InterviewUnitOfWork, cmd: StartSession, *, user_id: str, now: datetime, lib: QuestionLibrary
) -> Doc:
    """Plan the questions for a role and level (and a job description) and open the session."""
    try:
        plan = sess.make_plan(bank=lib.bank, **cmd.model_dump())
        doc = sess.new_session(
            session_id=str(uuid.uuid4()), user_id=user_id, plan=plan, bank=lib.bank, now=now
        )
    except sess.PlanError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    await uow.sessions.add(doc)
    return session_view(doc, lib)


async def get_session(
    uow: InterviewUnitOfWork, *, user_id: str, session_id: str, lib: QuestionLibrary
) -> Doc:
    return session_view(await load(uow, user_id, session_id), lib)


async def list_sessions(
    uow: InterviewUnitOfWork, *, user_id: str, status: str | None, limit: int, cursor: str | None = None
) -> Doc:
    """The user's sessions, newest first, one summary row each."""
    if status is not None and status not in STATUSES:
        raise InvalidInput("status must be active, paused or completed.", field="status")
    offset = offset_of(cursor)
    docs = await uow.sessions.newest_first(user_id, status=status, skip=offset, limit=limit)
    total = await uow.sessions.count(user_id, status=status)
    return {
        "total": total,
        "limit": limit,
        "items": [summary_row(d) for d in docs],
        "next_cursor": next_cursor(offset, len(docs), total),
    }


async def _transition(
    uow: InterviewUnitOfWork,
    action: Callable[[Doc, datetime], Any],
    *,
    user_id: str,
    session_id: str,
    now: datetime,
    lib: QuestionLibrary,
) -> Doc:
    doc = await load(uow, user_id, session_id)
    try:
        action(doc, now)
    except sess.SessionStateError as exc:
        raise Conflict(str(exc)) from exc
    await save(uow, doc)
    return session_view(doc, lib)


async def pause_session(
    uow: InterviewUnitOfWork, *, user_id: str, session_id: str, now: datetime, lib: QuestionLibrary
) -> Doc:
    return await _transition(uow, sess.pause, user_id=user_id, session_id=session_id, now=now, lib=lib)


async def resume_session(
    uow: InterviewUnitOfWork, *, user_id: str, session_id: str, now: datetime, lib: QuestionLibrary
) -> Doc:
    return await _transition(uow, sess.resume, user_id=user_id, session_id=session_id, now=now, lib=lib)


def _completed(session_id: str, doc: Doc, report: Doc, now: datetime) -> InterviewSessionCompletedV1:
    return InterviewSessionCompletedV1(
        session_id=session_id,
        role=doc["plan"]["role"],
        answers=report["questions_answered"],
        average_total=float(report["average_total"] or 0.0),
        weakest_dimension=report["weakest_dimension"],
        application_id=doc.get("context", {}).get("application_id"),
        completed_at=now,
        level=doc["plan"]["level"],
        weakest_competency=report["weakest_competency"],
        dimension_averages={k: float(v) for k, v in report["dimension_averages"].items() if v is not None},
        origin=doc.get("origin", "user"),
        algo_version=report["algo_version"],
    )


async def finish_session(uow: InterviewUnitOfWork, *, user_id: str, session_id: str, now: datetime) -> Doc:
    """Close the session with its report and announce interview.session.completed."""
    doc = await load(uow, user_id, session_id)
    try:
        report = sess.finish(doc, now)
    except sess.SessionStateError as exc:
        raise Conflict(str(exc)) from exc
    await save(uow, doc)
    uow.publish(_completed(session_id, doc, report, now), subject=session_id, user_id=user_id)
    return {"session_id": session_id, "status": "completed", "report": report}
