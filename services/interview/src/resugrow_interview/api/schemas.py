"""Response models of the interview API. Evaluations and reports are the domain's documents
(dimension scores with evidence), so they are open objects here."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class QuestionPage(BaseModel):
    bank_version: str
    total: int
    limit: int
    items: list[dict[str, Any]]
    next_cursor: str | None = None


class Evaluation(_Open):
    total: float
    band: str
    algo_version: str


class Session(_Open):
    id: str
    status: str
    origin: str
    plan: dict[str, Any]
    items: list[dict[str, Any]]
    answers: list[dict[str, Any]]


class SessionRow(_Open):
    id: str
    status: str
    role: str
    level: str
    answered: int


class SessionPage(BaseModel):
    total: int
    limit: int
    items: list[SessionRow]
    next_cursor: str | None = None


class AnswerResult(_Open):
    session_id: str
    evaluation: dict[str, Any]
    done: bool
    status: str


class FinishedSession(BaseModel):
    session_id: str
    status: str
    report: dict[str, Any]


class Progress(_Open):
    pass


class InterviewSummary(_Open):
    sessions_total: int
    sessions_completed: int
