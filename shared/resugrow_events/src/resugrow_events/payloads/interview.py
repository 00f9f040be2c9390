"""Events published by the interview service."""

from __future__ import annotations

from datetime import datetime

from resugrow_events.envelope import EventPayload


class InterviewAnswerScoredV1(EventPayload):
    event_type = "resugrow.interview.answer.scored.v1"
    aggregate = "session"
    session_id: str
    question_id: str
    total: int
    algo_version: str
    dimensions: dict[str, float] = {}
    # Additive (interview issue): what was answered and how it was classified.
    band: str | None = None
    question_type: str | None = None
    competency: str | None = None
    kind: str = "question"  # question | follow_up
    seq: int | None = None


class InterviewSessionCompletedV1(EventPayload):
    event_type = "resugrow.interview.session.completed.v1"
    aggregate = "session"
    session_id: str
    role: str | None = None
    answers: int
    average_total: float
    weakest_dimension: str | None = None
    application_id: str | None = None
    completed_at: datetime
    # Additive (interview issue): the rest of the session report's headline.
    level: str | None = None
    weakest_competency: str | None = None
    dimension_averages: dict[str, float] = {}
    origin: str | None = None  # user | tracker
    algo_version: str | None = None
