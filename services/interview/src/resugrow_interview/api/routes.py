"""HTTP API of the interview service: thin routes, one use case each."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from resugrow_interview import service
from resugrow_interview.runtime import InterviewRuntime
from resugrow_platform import CurrentUser, PlatformDep, ServicePlatform, get_platform


def _runtime(platform: Annotated[ServicePlatform, Depends(get_platform)]) -> InterviewRuntime:
    return service.runtime_of(platform)


Runtime = Annotated[InterviewRuntime, Depends(_runtime)]
router = APIRouter(tags=["interview"])


class StartSessionIn(BaseModel):
    role: str = Field(description="software | data | product | marketing | sales | finance | design")
    level: str = Field(default="mid", description="entry | mid | senior")
    types: list[str] | None = Field(default=None, description="question types; defaults depend on the role")
    count: int = Field(default=5, description="main questions (follow-ups are extra), 1-20")
    job_description: str | None = None
    resume_text: str | None = None


class AnswerIn(BaseModel):
    answer: Any = Field(description="the answer text (typed or a transcript)")
    question_id: str | None = Field(
        default=None, description="optional: must match the question waiting for an answer"
    )
    timings: Any = Field(default=None, description="optional word timings: [{word, start, end}] in seconds")


class EvaluateIn(BaseModel):
    question_id: str | None = None
    question: str | None = Field(
        default=None, description="the question's text, when it is not from the bank"
    )
    answer: Any
    timings: Any = None
    job_description: str | None = None


@router.get("/v1/interview/questions", operation_id="list_interview_questions")
async def list_questions(
    rt: Runtime,
    user: CurrentUser,
    type: Annotated[list[str] | None, Query()] = None,
    role: str | None = None,
    level: str | None = None,
    competency: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return service.list_questions(
        rt, types=type or [], role=role, level=level, competency=competency, q=q, limit=limit, offset=offset
    )


@router.post("/v1/interview/evaluate", operation_id="evaluate_interview_answer")
async def evaluate_answer(body: EvaluateIn, rt: Runtime, user: CurrentUser) -> dict[str, Any]:
    return await service.quick_evaluate(
        rt,
        question_id=body.question_id,
        question_text=body.question,
        answer=body.answer,
        timings=body.timings,
        job_description=body.job_description,
    )


@router.post("/v1/interviews", status_code=201, operation_id="start_interview_session")
async def start_session(body: StartSessionIn, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.start_session(
        platform,
        user_id=user.user_id,
        role=body.role,
        level=body.level,
        types=body.types,
        count=body.count,
        job_description=body.job_description,
        resume_text=body.resume_text,
    )


@router.get("/v1/interviews", operation_id="list_interview_sessions")
async def list_sessions(
    user: CurrentUser,
    platform: PlatformDep,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return await service.list_sessions(
        platform, user_id=user.user_id, status=status, limit=limit, offset=offset
    )


@router.get("/v1/interviews/progress", operation_id="get_interview_progress")
async def get_progress(user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.user_progress(platform, user_id=user.user_id)


@router.get("/v1/interviews/summary", operation_id="get_interview_summary")
async def get_summary(user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.user_summary(platform, user_id=user.user_id)


@router.get("/v1/interviews/{session_id}", operation_id="get_interview_session")
async def get_session(session_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_session(platform, user_id=user.user_id, session_id=session_id)


@router.post("/v1/interviews/{session_id}/answers", operation_id="answer_interview_question")
async def answer(session_id: str, body: AnswerIn, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.answer(
        platform,
        user_id=user.user_id,
        session_id=session_id,
        question_id=body.question_id,
        answer_text=body.answer,
        timings=body.timings,
    )


@router.post("/v1/interviews/{session_id}/pause", operation_id="pause_interview_session")
async def pause(session_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.pause_session(platform, user_id=user.user_id, session_id=session_id)


@router.post("/v1/interviews/{session_id}/resume", operation_id="resume_interview_session")
async def resume(session_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.resume_session(platform, user_id=user.user_id, session_id=session_id)


@router.post("/v1/interviews/{session_id}/finish", operation_id="finish_interview_session")
async def finish(session_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.finish_session(platform, user_id=user.user_id, session_id=session_id)
