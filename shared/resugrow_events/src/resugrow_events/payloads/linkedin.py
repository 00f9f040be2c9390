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
    # Points earned per check id (the check's weight is its maximum; weights sum to 100).
    checks: dict[str, float] = {}
    # Additive, optional: what was reviewed and for which job application, if any.
    source: str | None = None  # "export" | "pdf" | "json"
    application_id: str | None = None
    previous_score: int | None = None
