"""Resugrow event contracts: the envelope, the topic catalog and one payload model per event.

Contracts live here and only here; services import them, never each other's internals.
"""

from resugrow_events.catalog import BY_TYPE, PAYLOADS, TOPICS, TopicSpec, all_topics, dlq_topic, topic_for
from resugrow_events.envelope import Envelope, EventPayload, RawEnvelope, new_event_id
from resugrow_events.payloads.ats import AtsMatchScoredV1, AtsScanCompletedV1
from resugrow_events.payloads.career import CareerOfferEvaluatedV1
from resugrow_events.payloads.interview import InterviewAnswerScoredV1, InterviewSessionCompletedV1
from resugrow_events.payloads.linkedin import LinkedinReviewCompletedV1
from resugrow_events.payloads.resume import (
    RenderedArtifact,
    RenderRequestedV1,
    ResumeRenderedV1,
    ResumeUpdatedV1,
)
from resugrow_events.payloads.tracker import (
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    InterviewScheduledV1,
    ReminderDueV1,
)
from resugrow_events.payloads.user import UserDeletedV1, UserRegisteredV1

__all__ = [
    "BY_TYPE",
    "PAYLOADS",
    "TOPICS",
    "ApplicationCreatedV1",
    "ApplicationStageChangedV1",
    "AtsMatchScoredV1",
    "AtsScanCompletedV1",
    "CareerOfferEvaluatedV1",
    "Envelope",
    "EventPayload",
    "InterviewAnswerScoredV1",
    "InterviewScheduledV1",
    "InterviewSessionCompletedV1",
    "LinkedinReviewCompletedV1",
    "RawEnvelope",
    "ReminderDueV1",
    "RenderRequestedV1",
    "RenderedArtifact",
    "ResumeRenderedV1",
    "ResumeUpdatedV1",
    "TopicSpec",
    "UserDeletedV1",
    "UserRegisteredV1",
    "all_topics",
    "dlq_topic",
    "new_event_id",
    "topic_for",
]
