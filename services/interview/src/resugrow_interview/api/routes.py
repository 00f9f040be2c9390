"""HTTP API of the interview service: thin routes, one use case each."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from resugrow_interview.api.deps import RuntimeDep, UserDep
from resugrow_interview.api.schemas import (
    AnswerResult,
    Evaluation,
    FinishedSession,
    InterviewSummary,
    Progress,
    QuestionPage,
    Session,
    SessionPage,
)
from resugrow_interview.commands import AnswerQuestion, EvaluateAnswer, QuestionFilter, StartSession
from resugrow_interview.use_cases import answers, progress, questions, sessions

router = APIRouter(tags=["interview"])
Cursor = Annotated[str | None, Query(max_length=1024)]


@router.get("/v1/interview/questions", operation_id="list_interview_questions", response_model=QuestionPage)
async def list_questions(
    rt: RuntimeDep,
    user: UserDep,
    type: Annotated[list[str] | None, Query()] = None,
    role: str | None = None,
    level: str | None = None,
    competency: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    f = QuestionFilter(types=type or [], role=role, level=level, competency=competency, q=q)
    return questions.list_questions(rt.library, f, limit=limit, cursor=cursor)


@router.post("/v1/interview/evaluate", operation_id="evaluate_interview_answer", response_model=Evaluation)
async def evaluate_answer(body: EvaluateAnswer, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    return await questions.evaluate_answer(rt.library, body)


@router.post(
    "/v1/interviews", status_code=201, operation_id="start_interview_session", response_model=Session
)
async def start_session(body: StartSession, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    now = rt.now()
    return await rt.transact(
        lambda uow: sessions.start_session(uow, body, user_id=user.user_id, now=now, lib=rt.library)
    )


@router.get("/v1/interviews", operation_id="list_interview_sessions", response_model=SessionPage)
async def list_sessions(
    user: UserDep,
    rt: RuntimeDep,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    return await sessions.list_sessions(
        rt.reader(), user_id=user.user_id, status=status, limit=limit, cursor=cursor
    )


@router.get("/v1/interviews/progress", operation_id="get_interview_progress", response_model=Progress)
async def get_progress(user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await progress.user_progress(rt.reader(), user_id=user.user_id)


@router.get("/v1/interviews/summary", operation_id="get_interview_summary", response_model=InterviewSummary)
async def get_summary(user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await progress.user_summary(rt.reader(), user_id=user.user_id)


@router.get("/v1/interviews/{session_id}", operation_id="get_interview_session", response_model=Session)
async def get_session(session_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await sessions.get_session(
        rt.reader(), user_id=user.user_id, session_id=session_id, lib=rt.library
    )


@router.post(
    "/v1/interviews/{session_id}/answers",
    operation_id="answer_interview_question",
    response_model=AnswerResult,
)
async def answer(session_id: str, body: AnswerQuestion, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    now = rt.now()
    return await rt.transact(
        lambda uow: answers.answer_question(
            uow, body, user_id=user.user_id, session_id=session_id, now=now, lib=rt.library
        )
    )


@router.post(
    "/v1/interviews/{session_id}/pause", operation_id="pause_interview_session", response_model=Session
)
async def pause(session_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    now = rt.now()
    return await rt.transact(
        lambda uow: sessions.pause_session(
            uow, user_id=user.user_id, session_id=session_id, now=now, lib=rt.library
        )
    )


@router.post(
    "/v1/interviews/{session_id}/resume", operation_id="resume_interview_session", response_model=Session
)
async def resume(session_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    now = rt.now()
    return await rt.transact(
        lambda uow: sessions.resume_session(
            uow, user_id=user.user_id, session_id=session_id, now=now, lib=rt.library
        )
    )


@router.post(
    "/v1/interviews/{session_id}/finish",
    operation_id="finish_interview_session",
    response_model=FinishedSession,
)
async def finish(session_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    now = rt.now()
    return await rt.transact(
        lambda uow: sessions.finish_session(uow, user_id=user.user_id, session_id=session_id, now=now)
    )
