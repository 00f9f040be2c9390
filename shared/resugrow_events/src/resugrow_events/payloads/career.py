"""Events published by the career service."""

from __future__ import annotations

from resugrow_events.envelope import EventPayload


class CareerOfferEvaluatedV1(EventPayload):
    """One or more job offers were evaluated (4-year total compensation, market position)."""

    event_type = "resugrow.career.offer.evaluated.v1"
    aggregate = "offer_evaluation"
    evaluation_id: str
    source: str  # "api" | "tracker"
    offers: int
    best_label: str
    best_total_4y: float
    occupation_code: str | None = None
    area_code: str | None = None
    market_band: str | None = None  # where the best offer's base sits among OEWS percentiles
    application_id: str | None = None
