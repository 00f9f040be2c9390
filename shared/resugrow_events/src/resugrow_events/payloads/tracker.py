"""Events published by the tracker service."""

from __future__ import annotations

from datetime import datetime

from resugrow_events.envelope import EventPayload


class ApplicationCreatedV1(EventPayload):
    """Carries the job description and resume version so the ATS service can score the match."""

    event_type = "resugrow.tracker.application.created.v1"
    aggregate = "application"
    application_id: str
    company: str
    role: str
    stage: str
    job_description: str | None = None
    resume_id: str | None = None
    resume_version: int | None = None
    created_at: datetime
    # Additive (v1-compatible) fields: where the job came from and how the user names the resume.
    source: str | None = None
    job_url: str | None = None
    location: str | None = None
    resume_label: str | None = None


class ApplicationStageChangedV1(EventPayload):
    event_type = "resugrow.tracker.application.stage_changed.v1"
    aggregate = "application"
    application_id: str
    from_stage: str | None = None
    to_stage: str
    source: str  # user | import | automation
    moved_at: datetime
    # Additive: lets consumers (timeline, analytics teams) label the move without a lookup.
    company: str | None = None
    role: str | None = None
    # Additive: the salary the application carries, so a move to "offer" can be evaluated at once.
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None  # "year" | "hour" | ...
    location: str | None = None


class InterviewScheduledV1(EventPayload):
    event_type = "resugrow.tracker.interview.scheduled.v1"
    aggregate = "application"
    application_id: str
    company: str
    role: str
    scheduled_at: datetime
    interview_type: str | None = None
    job_description: str | None = None
    # Additive: which round this is, so a rescheduled round is recognisable.
    interview_id: str | None = None
    round: int | None = None
    duration_minutes: int | None = None


class ReminderDueV1(EventPayload):
    event_type = "resugrow.tracker.reminder.due.v1"
    aggregate = "reminder"
    reminder_id: str
    application_id: str | None = None
    kind: str
    due_at: datetime
    message: str
    # Additive: a subject line for the ready-to-send message, and what it is about.
    subject: str | None = None
    company: str | None = None
    role: str | None = None
