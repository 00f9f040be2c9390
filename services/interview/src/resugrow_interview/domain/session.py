"""Practice sessions as plain documents: plan validation, adaptive question selection, answers,
pause/resume/finish transitions. Pure functions: callers pass `now` and persist the result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from resugrow_interview.domain.bank import LEVELS, QUESTION_TYPES, ROLES, QuestionBank
from resugrow_interview.domain.relevance import extract_job_terms
from resugrow_interview.domain.report import session_report

# Re-exported: callers know the session module as the one entry to a session's rules.
from resugrow_interview.domain.selection import LEVEL_DOWN_AT as LEVEL_DOWN_AT
from resugrow_interview.domain.selection import LEVEL_UP_AT as LEVEL_UP_AT
from resugrow_interview.domain.selection import MAX_FOLLOW_UPS_PER_QUESTION as MAX_FOLLOW_UPS_PER_QUESTION
from resugrow_interview.domain.selection import choose_question as choose_question
from resugrow_interview.domain.selection import select_next as select_next
from resugrow_interview.domain.text import content_stems, phrase_stems

MAX_COUNT = 20
MAX_JOB_TEXT = 20_000
MAX_RESUME_TEXT = 50_000

DEFAULT_TYPES: dict[str, tuple[str, ...]] = {
    "software": ("behavioral", "coding", "system_design", "sql"),
    "data": ("behavioral", "sql", "ml", "role_specific"),
    "product": ("behavioral", "product_sense", "role_specific"),
    "marketing": ("behavioral", "role_specific", "product_sense"),
    "sales": ("behavioral", "role_specific"),
    "finance": ("behavioral", "role_specific", "sql"),
    "design": ("behavioral", "role_specific", "product_sense"),
}


class PlanError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class SessionStateError(ValueError):
    """The session cannot do this now (finished, paused, nothing pending)."""


@dataclass(frozen=True)
class Plan:
    role: str
    level: str
    types: tuple[str, ...]
    count: int
    job_terms: tuple[str, ...]
    job_stems: frozenset[str]
    has_job_description: bool
    has_resume: bool


def job_vocabulary(bank: QuestionBank) -> list[str]:
    vocab: dict[str, None] = {}
    for q in bank:
        for term in q.job_terms:
            vocab.setdefault(term, None)
    return list(vocab)


def make_plan(
    *,
    role: Any,
    level: Any = "mid",
    types: Any = None,
    count: Any = 5,
    job_description: Any = None,
    resume_text: Any = None,
    bank: QuestionBank,
) -> Plan:
    if role not in ROLES:
        raise PlanError("role", f"role must be one of {', '.join(ROLES)}")
    if level not in LEVELS:
        raise PlanError("level", f"level must be one of {', '.join(LEVELS)}")
    chosen = _chosen_types(role, types)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise PlanError("count", f"count must be an integer from 1 to {MAX_COUNT}")
    texts = [
        value
        for name, value, limit in (
            ("job_description", job_description, MAX_JOB_TEXT),
            ("resume_text", resume_text, MAX_RESUME_TEXT),
        )
        if _checked_text(name, value, limit)
    ]
    joined = "\n".join(texts)
    terms = tuple(extract_job_terms(joined, job_vocabulary(bank))) if joined else ()
    stems = frozenset(s for t in terms for s in phrase_stems(t)) | (
        frozenset(content_stems(joined)) if joined else frozenset()
    )
    return Plan(
        role=role,
        level=level,
        types=chosen,
        count=count,
        job_terms=terms,
        job_stems=stems,
        has_job_description=bool(job_description and str(job_description).strip()),
        has_resume=bool(resume_text and str(resume_text).strip()),
    )


def _chosen_types(role: str, types: Any) -> tuple[str, ...]:
    if types is None or types == []:
        return DEFAULT_TYPES[role]
    if not isinstance(types, list | tuple) or not all(isinstance(t, str) for t in types):
        raise PlanError("types", "types must be a list of question types")
    unknown = [t for t in types if t not in QUESTION_TYPES]
    if unknown:
        raise PlanError("types", f"unknown question type(s): {', '.join(unknown)}")
    return tuple(dict.fromkeys(types))


def _checked_text(name: str, value: Any, limit: int) -> bool:
    """Validates one optional free-text input; True when it holds text worth using."""
    if value is None:
        return False
    if not isinstance(value, str):
        raise PlanError(name, f"{name} must be text")
    if len(value) > limit:
        raise PlanError(name, f"{name} is longer than {limit} characters")
    if "\x00" in value:
        raise PlanError(name, f"{name} contains binary data")
    return bool(value.strip())


# --- selection -----------------------------------------------------------------------------------


# --- lifecycle -----------------------------------------------------------------------------------


def new_session(
    *,
    session_id: str,
    user_id: str,
    plan: Plan,
    bank: QuestionBank,
    now: datetime,
    origin: str = "user",
    status: str = "active",
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    session: dict[str, Any] = {
        "_id": session_id,
        "id": session_id,
        "user_id": user_id,
        "status": status,
        "origin": origin,
        "plan": {
            "role": plan.role,
            "level": plan.level,
            "types": list(plan.types),
            "count": plan.count,
            "job_terms": list(plan.job_terms),
            "has_job_description": plan.has_job_description,
            "has_resume": plan.has_resume,
        },
        "job_stems": sorted(plan.job_stems),
        "context": dict(context or {}),
        "bank_version": bank.version,
        "current_level": plan.level,
        "items": [],
        "answers": [],
        "created_at": now,
        "updated_at": now,
        "paused_at": now if status == "paused" else None,
        "completed_at": None,
        "report": None,
        "version": 0,
    }
    first = select_next(session, bank, None)
    if first is None:
        raise PlanError("types", "no questions match this role, level and types")
    session["items"].append(first)
    return session


def pending_item(session: Mapping[str, Any]) -> dict[str, Any] | None:
    items = session["items"]
    if items and not items[-1]["answered"]:
        return dict(items[-1])
    return None


def require_answerable(session: Mapping[str, Any], question_id: str | None) -> dict[str, Any]:
    status = session["status"]
    if status == "completed":
        raise SessionStateError("the session is finished; start a new session to keep practising")
    if status == "paused":
        raise SessionStateError("the session is paused; resume it before answering")
    item = pending_item(session)
    if item is None:
        raise SessionStateError("no question is waiting for an answer; finish the session to get the report")
    if question_id is not None and question_id != item["question_id"]:
        raise SessionStateError(
            f"the question waiting for an answer is {item['question_id']}, not {question_id}"
        )
    return item


def combined_answer_text(session: Mapping[str, Any], item: Mapping[str, Any], answer: str) -> str:
    """A follow-up completes the original answer, so both are evaluated together."""
    if item["kind"] != "follow_up":
        return answer
    parent = next((a for a in session["answers"] if a["seq"] == item.get("parent_seq")), None)
    return f"{parent['answer']}\n{answer}" if parent else answer


def record_answer(
    session: dict[str, Any],
    *,
    item: Mapping[str, Any],
    answer: str,
    evaluation: Mapping[str, Any],
    bank: QuestionBank,
    now: datetime,
    had_timings: bool,
) -> dict[str, Any] | None:
    """Store the answer, mark its item answered, append and return the next item (None when done)."""
    entry: dict[str, Any] = {
        "seq": item["seq"],
        "kind": item["kind"],
        "parent_seq": item.get("parent_seq"),
        "question_id": item["question_id"],
        "type": item["type"],
        "competency": item["competency"],
        "level": item["level"],
        "answer": answer,
        "had_timings": had_timings,
        "answered_at": now,
        "evaluation": dict(evaluation),
    }
    if item["kind"] == "follow_up":
        parent = next((a for a in session["answers"] if a["seq"] == item.get("parent_seq")), None)
        if parent is not None:
            before = parent["evaluation"]["dimensions"].get(item.get("dimension") or "", {}).get("score")
            after = evaluation["dimensions"].get(item.get("dimension") or "", {}).get("score")
            entry["gap_closed"] = bool(before is not None and after is not None and after > before)
            entry["total_before"] = parent["evaluation"]["total"]
    session["answers"].append(entry)
    session["items"][-1]["answered"] = True
    nxt = select_next(session, bank, evaluation)
    if nxt is not None:
        session["items"].append(nxt)
    session["updated_at"] = now
    return nxt


def pause(session: dict[str, Any], now: datetime) -> None:
    if session["status"] == "completed":
        raise SessionStateError("the session is finished and cannot be paused")
    if session["status"] == "paused":
        raise SessionStateError("the session is already paused")
    session["status"] = "paused"
    session["paused_at"] = now
    session["updated_at"] = now


def resume(session: dict[str, Any], now: datetime) -> None:
    if session["status"] == "completed":
        raise SessionStateError("the session is finished and cannot be resumed")
    if session["status"] == "active":
        raise SessionStateError("the session is already active")
    session["status"] = "active"
    session["paused_at"] = None
    session["updated_at"] = now


def finish(session: dict[str, Any], now: datetime) -> dict[str, Any]:
    if session["status"] == "completed":
        raise SessionStateError("the session is already finished")
    if session["items"] and not session["items"][-1]["answered"]:
        session["items"].pop()  # the unanswered question is dropped from the record
    session["status"] = "completed"
    session["completed_at"] = now
    session["updated_at"] = now
    report = session_report(session)
    session["report"] = report
    return report


def public_item(
    item: Mapping[str, Any] | None, bank: QuestionBank, schema_text: str | None = None
) -> dict[str, Any] | None:
    if item is None:
        return None
    out = {
        k: item[k]
        for k in ("seq", "kind", "question_id", "text", "type", "competency", "level", "answer_shape")
        if k in item
    }
    out["talking_points"] = list(item.get("talking_points", []))
    if item["kind"] == "follow_up":
        out["parent_seq"] = item.get("parent_seq")
        out["gap"] = item.get("gap")
    if item.get("answer_shape") == "query" and schema_text:
        out["sql_schema"] = schema_text
    return out


def iter_main_answers(
    sessions: Iterable[Mapping[str, Any]],
) -> Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    for s in sessions:
        for a in s.get("answers", []):
            yield s, a
