"""Events published by the LinkedIn review service."""

from __future__ import annotations

from resugrow_events.envelope import EventPayload


class LinkedinReviewCompletedV1(EventPayload):
    event_type = "resugrow.linkedin.review.completed.v1"
    aggregate = "review"
    review_id: str
    score: int
    band: str
    algo_version: str
    checks: dict[str, float] = {}
