"""The topic catalog: topic = event type, with partitions, publisher and consumers.

The launcher, docker-compose's topic job and the Helm notes all read this one table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from resugrow_events.envelope import EventPayload
from resugrow_events.payloads.ats import AtsMatchScoredV1, AtsScanCompletedV1
from resugrow_events.payloads.career import CareerOfferEvaluatedV1
from resugrow_events.payloads.interview import InterviewAnswerScoredV1, InterviewSessionCompletedV1
from resugrow_events.payloads.linkedin import LinkedinReviewCompletedV1
from resugrow_events.payloads.resume import RenderRequestedV1, ResumeRenderedV1, ResumeUpdatedV1
from resugrow_events.payloads.tracker import (
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    InterviewScheduledV1,
    ReminderDueV1,
)
from resugrow_events.payloads.user import UserDeletedV1, UserRegisteredV1

DEFAULT_PARTITIONS = 6
DLQ_PREFIX = "resugrow.dlq."


@dataclass(frozen=True)
class TopicSpec:
    payload: type[EventPayload]
    publisher: str
    consumers: tuple[str, ...] = ()
    # A consumer group never uses more members than partitions: this is the scaling ceiling.
    partitions: int = DEFAULT_PARTITIONS
    retention_ms: int = 7 * 24 * 3600 * 1000
    description: str = ""
    key: str = field(default="subject")

    @property
    def topic(self) -> str:
        return self.payload.event_type


_TIMELINE = "tracker"

TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(UserRegisteredV1, "gateway", ("tracker",), description="An account was created."),
    TopicSpec(
        UserDeletedV1,
        "gateway",
        ("gateway", "resume", "ats", "interview", "linkedin", "tracker", "career"),
        retention_ms=30 * 24 * 3600 * 1000,
        description="An account was deleted: every service erases the user's data.",
    ),
    TopicSpec(
        ResumeUpdatedV1,
        "resume",
        ("linkedin", "ats", "career", "gateway"),
        description="A resume got a new version.",
    ),
    TopicSpec(
        RenderRequestedV1,
        "resume",
        ("resume",),
        partitions=12,
        description="An asynchronous render job for render workers.",
    ),
    TopicSpec(
        ResumeRenderedV1,
        "resume",
        ("ats", _TIMELINE, "gateway"),
        description="A render job finished, with its artifacts and read-back verification.",
    ),
    TopicSpec(
        AtsScanCompletedV1, "ats", ("resume", _TIMELINE, "gateway"), description="A resume was scanned."
    ),
    TopicSpec(
        AtsMatchScoredV1, "ats", (_TIMELINE, "gateway"), description="A resume was scored against a job."
    ),
    TopicSpec(
        InterviewAnswerScoredV1, "interview", ("gateway",), description="One practice answer was evaluated."
    ),
    TopicSpec(
        InterviewSessionCompletedV1,
        "interview",
        (_TIMELINE, "gateway"),
        description="A practice session was finished.",
    ),
    TopicSpec(
        LinkedinReviewCompletedV1,
        "linkedin",
        (_TIMELINE, "gateway"),
        description="A LinkedIn profile review finished.",
    ),
    TopicSpec(
        ApplicationCreatedV1,
        "tracker",
        ("ats", _TIMELINE, "gateway"),
        description="A job application was added.",
    ),
    TopicSpec(
        ApplicationStageChangedV1,
        "tracker",
        (_TIMELINE, "career", "gateway"),
        description="An application moved between pipeline stages.",
    ),
    TopicSpec(
        InterviewScheduledV1,
        "tracker",
        ("interview", _TIMELINE, "gateway"),
        description="An interview round was scheduled.",
    ),
    TopicSpec(ReminderDueV1, "tracker", ("gateway",), description="A reminder fell due (published once)."),
    TopicSpec(
        CareerOfferEvaluatedV1,
        "career",
        ("gateway",),
        description="Job offers were evaluated against the market (4-year totals).",
    ),
)

BY_TYPE: dict[str, TopicSpec] = {spec.topic: spec for spec in TOPICS}
PAYLOADS: dict[str, type[EventPayload]] = {spec.topic: spec.payload for spec in TOPICS}


def topic_for(payload: type[EventPayload] | EventPayload) -> str:
    return payload.event_type


def dlq_topic(group: str) -> str:
    return f"{DLQ_PREFIX}{group}"


def all_topics(groups: tuple[str, ...] = ()) -> list[str]:
    """Every event topic plus a dead-letter topic per consumer group."""
    consumers = sorted({c for spec in TOPICS for c in spec.consumers} | set(groups))
    return [spec.topic for spec in TOPICS] + [dlq_topic(g) for g in consumers]
