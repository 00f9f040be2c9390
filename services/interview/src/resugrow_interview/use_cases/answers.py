"""Answering the question a session is waiting on."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from resugrow_domain import Conflict
from resugrow_events import InterviewAnswerScoredV1
from resugrow_interview.commands import AnswerQuestion
from resugrow_interview.domain import session as sess
from resugrow_interview.domain.evaluate import EvalQuestion, evaluate
from resugrow_interview.use_cases.library import QuestionLibrary
from resugrow_interview.use_cases.ports import InterviewUnitOfWork
from resugrow_interview.use_cases.views import checked_answer, checked_timings, load, save

Doc = dict[str, Any]


def _scored(session_id: str, item: Doc, evaluation: Doc) -> InterviewAnswerScoredV1:
    return InterviewAnswerScoredV1(
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
    )


async def answer_question(
    uow: InterviewUnitOfWork,
    cmd: AnswerQuestion,
    *,
    user_id: str,
    session_id: str,
    now: datetime,
    lib: QuestionLibrary,
) -> Doc:
    """Evaluate the answer, record it, pick the next question (or a follow-up) and announce the score."""
    text = checked_answer(cmd.answer)
    timed = checked_timings(cmd.timings)
    doc = await load(uow, user_id, session_id)
    try:
        item = sess.require_answerable(doc, cmd.question_id)
    except sess.SessionStateError as exc:
        raise Conflict(str(exc)) from exc
    question = lib.bank.get(item["question_id"])
    if question is None:
        raise Conflict(
            f"Question {item['question_id']} is no longer in the bank; finish this session and start a new one."
        )
    evaluation = await asyncio.to_thread(
        evaluate,
        EvalQuestion.from_bank(question),
        sess.combined_answer_text(doc, item, text),
        timings=timed,
        job_terms=doc["plan"].get("job_terms", []),
        databases=lib.databases,
        long_pause_seconds=lib.long_pause_seconds,
    )
    evaluation["follow_up_of"] = item.get("parent_seq") if item["kind"] == "follow_up" else None
    nxt = sess.record_answer(
        doc,
        item=item,
        answer=text,
        evaluation=evaluation,
        bank=lib.bank,
        now=now,
        had_timings=timed is not None,
    )
    await save(uow, doc)
    uow.publish(_scored(session_id, item, evaluation), subject=session_id, user_id=user_id)
    return {
        "session_id": session_id,
        "answered": sess.public_item(item, lib.bank),
        "evaluation": evaluation,
        "next": sess.public_item(nxt, lib.bank, lib.schema_text),
        "done": nxt is None,
        "status": doc["status"],
    }
