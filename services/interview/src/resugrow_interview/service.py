"""Use cases of the interview service: one transaction per command, events through the outbox."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

from resugrow_events import InterviewAnswerScoredV1, InterviewSessionCompletedV1
from resugrow_interview.adapters import sessions as repo
from resugrow_interview.domain import session as sess
from resugrow_interview.domain.bank import LEVELS, QUESTION_TYPES, ROLES
from resugrow_interview.domain.delivery import TimedWord, TimingError, validate_timings
from resugrow_interview.domain.evaluate import (
    MAX_ANSWER_CHARS,
    AnswerRejected,
    EvalQuestion,
    evaluate,
    validate_answer,
)
from resugrow_interview.domain.relevance import extract_job_terms
from resugrow_interview.domain.report import progress as progress_report
from resugrow_interview.runtime import InterviewRuntime
from resugrow_platform import Conflict, NotFound, PayloadTooLarge, ServicePlatform, UnitOfWork, Unprocessable


def _now() -> datetime:
    return datetime.now(UTC)


def runtime_of(platform: ServicePlatform) -> InterviewRuntime:
    rt: InterviewRuntime = platform.app.state.interview
    return rt


# --- input checks that map domain errors to problem responses ----------------------------------


def _checked_answer(answer: Any, loc: str = "answer") -> str:
    if isinstance(answer, str) and len(answer) > MAX_ANSWER_CHARS:
        raise PayloadTooLarge(
            f"The answer is longer than {MAX_ANSWER_CHARS} characters.",
            errors=[{"loc": ["body", loc], "msg": "too long"}],
        )
    try:
        return validate_answer(answer)
    except AnswerRejected as exc:
        raise Unprocessable(
            f"Invalid answer: {exc}.", errors=[{"loc": ["body", loc], "msg": str(exc)}]
        ) from exc


def _checked_timings(raw: Any) -> list[TimedWord] | None:
    if raw is None:
        return None
    try:
        return validate_timings(raw)
    except TimingError as exc:
        loc: list[Any] = ["body", "timings"] if exc.index is None else ["body", "timings", exc.index]
        raise Unprocessable(f"Invalid word timings: {exc}.", errors=[{"loc": loc, "msg": str(exc)}]) from exc


def _session_view(doc: dict[str, Any], rt: InterviewRuntime) -> dict[str, Any]:
    pending = sess.pending_item(doc)
    return {
        "id": doc["id"],
        "status": doc["status"],
        "origin": doc.get("origin", "user"),
        "plan": doc["plan"],
        "context": doc.get("context", {}),
        "bank_version": doc.get("bank_version"),
        "current_level": doc["current_level"],
        "pending": sess.public_item(pending, rt.bank, rt.schema_text)
        if doc["status"] != "completed"
        else None,
        "items": [sess.public_item(it, rt.bank) for it in doc["items"]],
        "answers": [
            {
                k: a.get(k)
                for k in (
                    "seq",
                    "kind",
                    "parent_seq",
                    "question_id",
                    "type",
                    "competency",
                    "answer",
                    "answered_at",
                    "evaluation",
                    "gap_closed",
                )
            }
            for a in doc["answers"]
        ],
        "report": doc.get("report"),
        "created_at": doc["created_at"],
        "updated_at": doc["updated_at"],
        "completed_at": doc.get("completed_at"),
    }


def _summary_row(doc: dict[str, Any]) -> dict[str, Any]:
    totals = [a["evaluation"]["total"] for a in doc["answers"] if a["kind"] == "question"]
    report = doc.get("report") or {}
    return {
        "id": doc["id"],
        "status": doc["status"],
        "origin": doc.get("origin", "user"),
        "role": doc["plan"]["role"],
        "level": doc["plan"]["level"],
        "types": doc["plan"]["types"],
        "count": doc["plan"]["count"],
        "answered": len(totals),
        "average_total": report.get("average_total")
        if report
        else (round(sum(totals) / len(totals), 1) if totals else None),
        "context": doc.get("context", {}),
        "created_at": doc["created_at"],
        "completed_at": doc.get("completed_at"),
    }


async def _load(platform: ServicePlatform, user_id: str, session_id: str) -> dict[str, Any]:
    doc = await repo.get(platform.db, user_id, session_id)
    if doc is None:
        raise NotFound(f"No interview session {session_id}.")
    return doc


async def _save(uow: UnitOfWork, doc: dict[str, Any]) -> None:
    expected = doc["version"]
    doc["version"] = expected + 1
    if not await repo.replace_if_version(uow.db, doc, expected, session=uow.session):
        raise Conflict("The session was changed by another request; reload it and try again.")


# --- questions -----------------------------------------------------------------------------------


def list_questions(
    rt: InterviewRuntime,
    *,
    types: list[str],
    role: str | None,
    level: str | None,
    competency: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    for t in types:
        if t not in QUESTION_TYPES:
            raise Unprocessable(
                f"Unknown question type {t!r}.",
                errors=[{"loc": ["query", "type"], "msg": f"one of {', '.join(QUESTION_TYPES)}"}],
            )
    if role is not None and role not in ROLES:
        raise Unprocessable(
            f"Unknown role {role!r}.",
            errors=[{"loc": ["query", "role"], "msg": f"one of {', '.join(ROLES)}"}],
        )
    if level is not None and level not in LEVELS:
        raise Unprocessable(
            f"Unknown level {level!r}.",
            errors=[{"loc": ["query", "level"], "msg": f"one of {', '.join(LEVELS)}"}],
        )
    found = rt.bank.filter(types=types, role=role, level=level, competency=competency, query=q)
    items = []
    for question in found[offset : offset + limit]:
        item = question.public()
        if question.answer_shape == "query":
            item["sql_schema"] = rt.schema_text
        items.append(item)
    return {
        "bank_version": rt.bank.version,
        "total": len(found),
        "limit": limit,
        "offset": offset,
        "items": items,
    }


# --- quick evaluation ----------------------------------------------------------------------------


async def quick_evaluate(
    rt: InterviewRuntime,
    *,
    question_id: str | None,
    question_text: str | None,
    answer: Any,
    timings: Any,
    job_description: str | None,
) -> dict[str, Any]:
    if (question_id is None) == (question_text is None or not question_text.strip()):
        raise Unprocessable(
            "Give either question_id or question (the question's text), not both or neither.",
            errors=[{"loc": ["body", "question_id"], "msg": "exactly one of question_id, question"}],
        )
    text = _checked_answer(answer)
    timed = _checked_timings(timings)
    if question_id is not None:
        q = rt.bank.get(question_id)
        if q is None:
            raise NotFound(f"No question {question_id} in bank {rt.bank.version}.")
        eq = EvalQuestion.from_bank(q)
    else:
        assert question_text is not None
        if len(question_text) > 2000:
            raise Unprocessable(
                "The question is longer than 2000 characters.",
                errors=[{"loc": ["body", "question"], "msg": "too long"}],
            )
        eq = EvalQuestion.ad_hoc(question_text.strip())
    terms: list[str] = []
    if job_description:
        if len(job_description) > sess.MAX_JOB_TEXT:
            raise Unprocessable(
                "The job description is too long.",
                errors=[{"loc": ["body", "job_description"], "msg": "too long"}],
            )
        terms = extract_job_terms(job_description, sess.job_vocabulary(rt.bank))
    return await asyncio.to_thread(
        evaluate,
        eq,
        text,
        timings=timed,
        job_terms=terms,
        databases=rt.databases,
        long_pause_seconds=rt.long_pause_seconds,
    )


# --- sessions ------------------------------------------------------------------------------------


def _plan(rt: InterviewRuntime, **kwargs: Any) -> sess.Plan:
    try:
        return sess.make_plan(bank=rt.bank, **kwargs)
    except sess.PlanError as exc:
        raise Unprocessable(str(exc), errors=[{"loc": ["body", exc.field], "msg": str(exc)}]) from exc


async def start_session(
    platform: ServicePlatform,
    *,
    user_id: str,
    role: Any,
    level: Any,
    types: Any,
    count: Any,
    job_description: Any,
    resume_text: Any,
) -> dict[str, Any]:
    rt = runtime_of(platform)
    plan = _plan(
        rt,
        role=role,
        level=level,
        types=types,
        count=count,
        job_description=job_description,
        resume_text=resume_text,
    )
    try:
        doc = sess.new_session(
            session_id=str(uuid.uuid4()), user_id=user_id, plan=plan, bank=rt.bank, now=_now()
        )
    except sess.PlanError as exc:
        raise Unprocessable(str(exc), errors=[{"loc": ["body", exc.field], "msg": str(exc)}]) from exc
    async with platform.unit_of_work() as uow:
        await repo.insert(uow.db, doc, session=uow.session)
    return _session_view(doc, rt)


async def get_session(platform: ServicePlatform, *, user_id: str, session_id: str) -> dict[str, Any]:
    return _session_view(await _load(platform, user_id, session_id), runtime_of(platform))


async def list_sessions(
    platform: ServicePlatform, *, user_id: str, status: str | None, limit: int, offset: int
) -> dict[str, Any]:
    if status is not None and status not in ("active", "paused", "completed"):
        raise Unprocessable(
            "status must be active, paused or completed.",
            errors=[{"loc": ["query", "status"], "msg": "invalid"}],
        )
    docs, total = await repo.list_for_user(platform.db, user_id, status=status, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": [_summary_row(d) for d in docs]}


async def answer(
    platform: ServicePlatform,
    *,
    user_id: str,
    session_id: str,
    question_id: str | None,
    answer_text: Any,
    timings: Any,
) -> dict[str, Any]:
    rt = runtime_of(platform)
    text = _checked_answer(answer_text)
    timed = _checked_timings(timings)
    doc = await _load(platform, user_id, session_id)
    try:
        item = sess.require_answerable(doc, question_id)
    except sess.SessionStateError as exc:
        raise Conflict(str(exc)) from exc
    question = rt.bank.get(item["question_id"])
    if question is None:
        raise Conflict(
            f"Question {item['question_id']} is no longer in the bank; finish this session and start a new one."
        )
    combined = sess.combined_answer_text(doc, item, text)
    job_terms = doc["plan"].get("job_terms", [])
    evaluation = await asyncio.to_thread(
        evaluate,
        EvalQuestion.from_bank(question),
        combined,
        timings=timed,
        job_terms=job_terms,
        databases=rt.databases,
        long_pause_seconds=rt.long_pause_seconds,
    )
    evaluation["follow_up_of"] = item.get("parent_seq") if item["kind"] == "follow_up" else None
    now = _now()
    nxt = sess.record_answer(
        doc,
        item=item,
        answer=text,
        evaluation=evaluation,
        bank=rt.bank,
        now=now,
        had_timings=timed is not None,
    )
    async with platform.unit_of_work() as uow:
        await _save(uow, doc)
        uow.publish(
            InterviewAnswerScoredV1(
                session_id=session_id,
                question_id=item["question_id"],
                total=evaluation["total"],
                algo_version=evaluation["algo_version"],
                dimensions={k: v["score"] for k, v in evaluation["dimensions"].items()},
                band=evaluation["band"],
                question_type=item["type"],
                competency=item["competency"],
                kind=item["kind"],
                seq=item["seq"],
            ),
            subject=session_id,
            user_id=user_id,
        )
    return {
        "session_id": session_id,
        "answered": sess.public_item(item, rt.bank),
        "evaluation": evaluation,
        "next": sess.public_item(nxt, rt.bank, rt.schema_text),
        "done": nxt is None,
        "status": doc["status"],
    }


async def pause_session(platform: ServicePlatform, *, user_id: str, session_id: str) -> dict[str, Any]:
    return await _transition(platform, user_id, session_id, sess.pause)


async def resume_session(platform: ServicePlatform, *, user_id: str, session_id: str) -> dict[str, Any]:
    return await _transition(platform, user_id, session_id, sess.resume)


async def _transition(
    platform: ServicePlatform, user_id: str, session_id: str, action: Any
) -> dict[str, Any]:
    doc = await _load(platform, user_id, session_id)
    try:
        action(doc, _now())
    except sess.SessionStateError as exc:
        raise Conflict(str(exc)) from exc
    async with platform.unit_of_work() as uow:
        await _save(uow, doc)
    return _session_view(doc, runtime_of(platform))


async def finish_session(platform: ServicePlatform, *, user_id: str, session_id: str) -> dict[str, Any]:
    doc = await _load(platform, user_id, session_id)
    now = _now()
    try:
        report = sess.finish(doc, now)
    except sess.SessionStateError as exc:
        raise Conflict(str(exc)) from exc
    async with platform.unit_of_work() as uow:
        await _save(uow, doc)
        uow.publish(
            InterviewSessionCompletedV1(
                session_id=session_id,
                role=doc["plan"]["role"],
                answers=report["questions_answered"],
                average_total=float(report["average_total"] or 0.0),
                weakest_dimension=report["weakest_dimension"],
                application_id=doc.get("context", {}).get("application_id"),
                completed_at=now,
                level=doc["plan"]["level"],
                weakest_competency=report["weakest_competency"],
                dimension_averages={
                    k: float(v) for k, v in report["dimension_averages"].items() if v is not None
                },
                origin=doc.get("origin", "user"),
                algo_version=report["algo_version"],
            ),
            subject=session_id,
            user_id=user_id,
        )
    return {"session_id": session_id, "status": "completed", "report": report}


async def user_progress(platform: ServicePlatform, *, user_id: str) -> dict[str, Any]:
    docs = await repo.all_for_user(platform.db, user_id)
    return progress_report(docs)


async def user_summary(platform: ServicePlatform, *, user_id: str) -> dict[str, Any]:
    """The dashboard section: counts, latest score, weakest area, suggested sessions waiting."""
    docs = await repo.all_for_user(platform.db, user_id)
    prog = progress_report(docs)
    completed = [d for d in docs if d["status"] == "completed"]
    suggested = [
        _summary_row(d)
        for d in docs
        if d.get("origin") == "tracker" and d["status"] != "completed" and not d["answers"]
    ]
    latest = completed[-1] if completed else None
    return {
        "sessions_total": len(docs),
        "sessions_completed": len(completed),
        "sessions_active": sum(1 for d in docs if d["status"] == "active"),
        "sessions_paused": sum(1 for d in docs if d["status"] == "paused"),
        "latest_completed": _summary_row(latest) if latest else None,
        "weakest_dimension": prog["weakest_dimension"],
        "weakest_competency": prog["weakest_competency"],
        "suggested_sessions": suggested[-5:],
    }


# --- events --------------------------------------------------------------------------------------

_ROLE_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("data", ("data", "analyst", "analytics", "scientist", "machine learning", "ml ", "bi ")),
    ("design", ("designer", "ux", "ui ", "design")),
    ("product", ("product manager", "product owner", "product lead", "pm")),
    ("marketing", ("marketing", "growth", "seo", "content", "brand", "communications")),
    ("sales", ("sales", "account executive", "account manager", "business development", "sdr", "bdr")),
    (
        "finance",
        ("finance", "financial", "accountant", "accounting", "fp&a", "controller", "treasury", "investment"),
    ),
    (
        "software",
        (
            "engineer",
            "developer",
            "software",
            "programmer",
            "sre",
            "devops",
            "backend",
            "frontend",
            "architect",
        ),
    ),
)


def role_from_title(title: str) -> str:
    lower = f" {title.lower()} "
    for role, hints in _ROLE_HINTS:
        if any(h in lower for h in hints):
            return role
    return "software"


def types_for_interview(role: str, interview_type: str | None) -> list[str] | None:
    kind = (interview_type or "").lower()
    if "behav" in kind or "culture" in kind or "hr" in kind.split():
        return ["behavioral"]
    if "system" in kind or ("design" in kind and role == "software"):
        return ["system_design", "behavioral"]
    if "technical" in kind or "coding" in kind or "onsite" in kind:
        return {
            "software": ["coding", "system_design", "behavioral"],
            "data": ["sql", "ml", "behavioral"],
        }.get(role, ["role_specific", "behavioral"])
    return None


async def create_suggested_session(
    uow: UnitOfWork,
    rt: InterviewRuntime,
    *,
    event_id: str,
    user_id: str,
    application_id: str,
    company: str,
    role_title: str,
    interview_type: str | None,
    scheduled_at: datetime,
    job_description: str | None,
) -> str | None:
    role = role_from_title(role_title)
    jd = (job_description or "")[: sess.MAX_JOB_TEXT]
    plan = sess.make_plan(
        role=role,
        level="mid",
        types=types_for_interview(role, interview_type),
        count=5,
        job_description=jd or None,
        bank=rt.bank,
    )
    # The id derives from the event, so a redelivered event cannot create a second session.
    session_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"resugrow:interview-scheduled:{event_id}"))
    doc = sess.new_session(
        session_id=session_id,
        user_id=user_id,
        plan=plan,
        bank=rt.bank,
        now=_now(),
        origin="tracker",
        status="paused",
        context={
            "application_id": application_id,
            "company": company,
            "role_title": role_title,
            "interview_type": interview_type,
            "scheduled_at": scheduled_at,
        },
    )
    if await uow.db[repo.SESSIONS].find_one({"_id": session_id}, {"_id": 1}, session=uow.session):
        return None
    await repo.insert(uow.db, doc, session=uow.session)
    return session_id
