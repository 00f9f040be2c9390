"""How the user is doing across sessions: trends, weakest areas, suggested sessions."""

from __future__ import annotations

from typing import Any

from resugrow_interview.domain.report import progress as progress_report
from resugrow_interview.use_cases.ports import InterviewUnitOfWork
from resugrow_interview.use_cases.views import summary_row

Doc = dict[str, Any]
HISTORY = 500
SUGGESTED_SHOWN = 5


async def user_progress(uow: InterviewUnitOfWork, *, user_id: str) -> Doc:
    return progress_report(await uow.sessions.oldest_first(user_id, limit=HISTORY))


async def user_summary(uow: InterviewUnitOfWork, *, user_id: str) -> Doc:
    """The dashboard section: counts, latest score, weakest area, suggested sessions waiting."""
    docs = await uow.sessions.oldest_first(user_id, limit=HISTORY)
    prog = progress_report(docs)
    completed = [d for d in docs if d["status"] == "completed"]
    suggested = [
        summary_row(d)
        for d in docs
        if d.get("origin") == "tracker" and d["status"] != "completed" and not d["answers"]
    ]
    return {
        "sessions_total": len(docs),
        "sessions_completed": len(completed),
        "sessions_active": sum(1 for d in docs if d["status"] == "active"),
        "sessions_paused": sum(1 for d in docs if d["status"] == "paused"),
        "latest_completed": summary_row(completed[-1]) if completed else None,
        "weakest_dimension": prog["weakest_dimension"],
        "weakest_competency": prog["weakest_competency"],
        "suggested_sessions": suggested[-SUGGESTED_SHOWN:],
    }
