"""Browsing the question bank and evaluating one answer outside a session."""

from __future__ import annotations

import asyncio
from typing import Any

from resugrow_domain import InvalidInput, NotFound
from resugrow_domain.pagination import decode_cursor, encode_cursor
from resugrow_interview.commands import EvaluateAnswer, QuestionFilter
from resugrow_interview.domain import session as sess
from resugrow_interview.domain.bank import LEVELS, QUESTION_TYPES, ROLES
from resugrow_interview.domain.evaluate import EvalQuestion, evaluate
from resugrow_interview.domain.relevance import extract_job_terms
from resugrow_interview.use_cases.library import QuestionLibrary
from resugrow_interview.use_cases.views import checked_answer, checked_timings

Doc = dict[str, Any]
MAX_QUESTION_CHARS = 2000


def offset_of(cursor: str | None) -> int:
    """Bank and session lists page by position: the cursor is the offset of the next page."""
    position = decode_cursor(cursor) or {}
    offset = position.get("offset", 0)
    if not isinstance(offset, int) or offset < 0:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor")
    return offset


def next_cursor(offset: int, shown: int, total: int) -> str | None:
    return encode_cursor({"offset": offset + shown}) if offset + shown < total else None


def _check_filter(f: QuestionFilter) -> None:
    for t in f.types:
        if t not in QUESTION_TYPES:
            raise InvalidInput(
                f"Unknown question type {t!r}; one of {', '.join(QUESTION_TYPES)}.", field="type"
            )
    if f.role is not None and f.role not in ROLES:
        raise InvalidInput(f"Unknown role {f.role!r}; one of {', '.join(ROLES)}.", field="role")
    if f.level is not None and f.level not in LEVELS:
        raise InvalidInput(f"Unknown level {f.level!r}; one of {', '.join(LEVELS)}.", field="level")


def list_questions(lib: QuestionLibrary, f: QuestionFilter, *, limit: int, cursor: str | None = None) -> Doc:
    """Bank questions matching the filter; SQL questions carry the fixture schema."""
    _check_filter(f)
    offset = offset_of(cursor)
    found = lib.bank.filter(types=f.types, role=f.role, level=f.level, competency=f.competency, query=f.q)
    items = []
    for question in found[offset : offset + limit]:
        item = question.public()
        if question.answer_shape == "query":
            item["sql_schema"] = lib.schema_text
        items.append(item)
    return {
        "bank_version": lib.bank.version,
        "total": len(found),
        "limit": limit,
        "items": items,
        "next_cursor": next_cursor(offset, len(items), len(found)),
    }


def _question(lib: QuestionLibrary, cmd: EvaluateAnswer) -> EvalQuestion:
    text = (cmd.question or "").strip()
    if (cmd.question_id is None) == (not text):
        raise InvalidInput(
            "Give either question_id or question (the question's text), not both or neither.",
            field="question_id",
        )
    if cmd.question_id is not None:
        q = lib.bank.get(cmd.question_id)
        if q is None:
            raise NotFound(f"No question {cmd.question_id} in bank {lib.bank.version}.")
        return EvalQuestion.from_bank(q)
    if len(cmd.question or "") > MAX_QUESTION_CHARS:
        raise InvalidInput(f"The question is longer than {MAX_QUESTION_CHARS} characters.", field="question")
    return EvalQuestion.ad_hoc(text)


async def evaluate_answer(lib: QuestionLibrary, cmd: EvaluateAnswer) -> Doc:
    """Score one answer to a bank question or to a question the user typed."""
    question = _question(lib, cmd)
    text = checked_answer(cmd.answer)
    timed = checked_timings(cmd.timings)
    terms: list[str] = []
    if cmd.job_description:
        if len(cmd.job_description) > sess.MAX_JOB_TEXT:
            raise InvalidInput("The job description is too long.", field="job_description")
        terms = extract_job_terms(cmd.job_description, sess.job_vocabulary(lib.bank))
    return await asyncio.to_thread(
        evaluate,
        question,
        text,
        timings=timed,
        job_terms=terms,
        databases=lib.databases,
        long_pause_seconds=lib.long_pause_seconds,
    )
