"""Response models of the LinkedIn API. A review carries the domain's outcome (profile, audit,
targeting, rewrites, consistency) as the domain models dump it, so those parts are open objects."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ReviewHeader(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    created_at: str
    as_of: str
    source: str | None = None
    application_id: str | None = None
    job_description: str | None = None
    score: int
    band: str


class Review(ReviewHeader):
    profile: dict[str, Any]
    audit: dict[str, Any]
    rewrites: dict[str, Any]
    consistency: list[dict[str, Any]] = []


class ReviewPage(BaseModel):
    items: list[ReviewHeader]
    next_cursor: str | None = None


class ReviewDiff(BaseModel):
    model_config = ConfigDict(extra="allow")


class LatestReview(BaseModel):
    review_id: str
    score: int
    band: str
    created_at: str
    source: str | None = None


class ScorePoint(BaseModel):
    review_id: str
    score: int
    created_at: str


class LinkedinSummary(BaseModel):
    reviews: int
    latest: LatestReview | None = None
    trend: int | None = None
    history: list[ScorePoint]
