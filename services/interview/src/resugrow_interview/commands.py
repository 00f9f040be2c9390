"""Inputs of the interview use cases (the API's request bodies)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class StartSession(BaseModel):
    role: str = Field(description="software | data | product | marketing | sales | finance | design")
    level: str = Field(default="mid", description="entry | mid | senior")
    types: list[str] | None = Field(default=None, description="question types; defaults depend on the role")
    count: int = Field(default=5, description="main questions (follow-ups are extra), 1-20")
    job_description: str | None = None
    resume_text: str | None = None


class AnswerQuestion(BaseModel):
    answer: Any = Field(description="the answer text (typed or a transcript)")
    question_id: str | None = Field(
        default=None, description="optional: must match the question waiting for an answer"
    )
    timings: Any = Field(default=None, description="optional word timings: [{word, start, end}] in seconds")


class EvaluateAnswer(BaseModel):
    question_id: str | None = None
    question: str | None = Field(
        default=None, description="the question's text, when it is not from the bank"
    )
    answer: Any
    timings: Any = None
    job_description: str | None = None


class QuestionFilter(BaseModel):
    types: list[str] = Field(default_factory=list)
    role: str | None = None
    level: str | None = None
    competency: str | None = None
    q: str | None = None


class ScheduledInterview(BaseModel):
    """A tracker interview for which a practice session is suggested."""

    event_id: str
    application_id: str
    company: str
    role_title: str
    interview_type: str | None = None
    scheduled_at: Any
    job_description: str | None = None
