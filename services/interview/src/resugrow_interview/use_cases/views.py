"""How sessions are shown, and the checks of what a user sends, as domain errors."""

from __future__ import annotations

from typing import Any

from resugrow_domain import Conflict, InvalidInput, NotFound, TooLarge
from resugrow_interview.domain import session as sess
from resugrow_interview.domain.evaluate import MAX_ANSWER_CHARS, AnswerRejected, validate_answer
from resugrow_interview.domain.timing import TimedWord, TimingError, validate_timings
from resugrow_interview.use_cases.library import QuestionLibrary
from resugrow_interview.use_cases.ports import InterviewUnitOfWork

Doc = dict[str, Any]
_ANSWER_FIELDS = (
    "seq", "kind", "parent_seq", "question_id", "type", "competency", "answer", "answered_at",
    "evaluation", "gap_closed",
)  # fmt: skip


def checked_answer(answer: Any, field: str = "answer") -> str:
    if isinstance(answer, str) and len(answer) > MAX_ANSWER_CHARS:
        raise TooLarge(f"The answer is longer than {MAX_ANSWER_CHARS} characters.", field=field)
    try:
        return validate_answer(answer)
    except AnswerRejected as exc:
        raise InvalidInput(f"Invalid answer: {exc}.", field=field) from exc


def checked_timings(raw: Any) -> list[TimedWord] | None:
    if raw is None:
        return None
    try:
        return validate_timings(raw)
    except TimingError as exc:
        field = "timings" if exc.index is None else f"timings.{exc.index}"
        raise InvalidInput(f"Invalid word timings: {exc}.", field=field) from exc


def session_view(doc: Doc, lib: QuestionLibrary) -> Doc:
    pending = sess.pending_item(doc)
    return {
        "id": doc["id"],
        "status": doc["status"],
        "origin": doc.get("origin", "user"),
        "plan": doc["plan"],
        "context": doc.get("context", {}),
        "bank_version": doc.get("bank_version"),
        "current_level": doc["current_level"],
        "pending": sess.public_item(pending, lib.bank, lib.schema_text)
        if doc["status"] != "completed"
        else None,
        "items": [sess.public_item(it, lib.bank) for it in doc["items"]],
        "answers": [{k: a.get(k) for k in _ANSWER_FIELDS} for a in doc["answers"]],
        "report": doc.get("report"),
        "created_at": doc["created_at"],
        "updated_at": doc["updated_at"],
        "completed_at": doc.get("completed_at"),
    }


def summary_row(doc: Doc) -> Doc:
    totals = [a["evaluation"]["total"] for a in doc["answers"] if a["kind"] == "question"]
    report = doc.get("report") or {}
    average = round(sum(totals) / len(totals), 1) if totals else None
    return {
        "id": doc["id"],
        "status": doc["status"],
        "origin": doc.get("origin", "user"),
        "role": doc["plan"]["role"],
        "level": doc["plan"]["level"],
        "types": doc["plan"]["types"],
        "count": doc["plan"]["count"],
        "answered": len(totals),
        "average_total": report.get("average_total") if report else average,
        "context": doc.get("context", {}),
        "created_at": doc["created_at"],
        "completed_at": doc.get("completed_at"),
    }


async def load(uow: InterviewUnitOfWork, user_id: str, session_id: str) -> Doc:
    doc = await uow.sessions.get(user_id, session_id)
    if doc is None:
        raise NotFound(f"No interview session {session_id}.")
    return doc


async def save(uow: InterviewUnitOfWork, doc: Doc) -> None:
    expected = doc["version"]
    doc["version"] = expected + 1
    if not await uow.sessions.replace_if_version(doc, expected):
        raise Conflict("The session was changed by another request; reload it and try again.")
