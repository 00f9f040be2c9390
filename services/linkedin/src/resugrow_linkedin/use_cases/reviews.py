"""Reviewing a LinkedIn profile and reading past reviews.

Parsing and the audit are CPU work done before the transaction opens (`analyse_profile`, a query);
`record_review` then stores the review and announces it in one transaction. The upload itself is
never stored, only the parsed profile and the review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from resugrow_domain import InvalidInput, NotFound
from resugrow_domain.pagination import Page, decode_cursor, page_after
from resugrow_events import LinkedinReviewCompletedV1, new_event_id
from resugrow_linkedin.commands import ReviewRequest, Upload
from resugrow_linkedin.domain.consistency import ResumeProjection
from resugrow_linkedin.domain.diff import diff_reviews as diff_documents
from resugrow_linkedin.domain.models import IngestReport, ManualAnswers
from resugrow_linkedin.domain.review import ReviewOutcome, apply_manual, review
from resugrow_linkedin.use_cases.ports import Analyser, LinkedinUnitOfWork
from resugrow_linkedin.use_cases.reading import projection, read_profile

Doc = dict[str, Any]
HISTORY = 20


@dataclass(frozen=True)
class Analysis:
    """A review computed but not stored yet."""

    outcome: ReviewOutcome
    ingest: IngestReport
    as_of: date
    job_description: str | None
    application_id: str | None


async def analyse_profile(
    uow: LinkedinUnitOfWork,
    cmd: ReviewRequest,
    *,
    user_id: str,
    now: datetime,
    upload: Upload | None,
    analyser: Analyser,
) -> Analysis:
    """Read the profile, audit it, target the job and compare it with the user's resumes."""
    job = cmd.job_description
    if job and len(job) > analyser.max_job_description_chars:
        limit = analyser.max_job_description_chars
        raise InvalidInput(f"job_description is longer than {limit} characters", field="job_description")
    as_of = cmd.as_of or now.date()
    resumes = [projection(d) for d in await uow.resumes.all_for(user_id)]

    # A partial of a module-level function, not a closure: the job is pickled to a sandbox worker.
    run = partial(_analyse, upload, cmd.profile, cmd.manual, analyser.max_upload_bytes, as_of, job, resumes)
    outcome, report = await analyser.run(run)
    return Analysis(outcome, report, as_of, job, cmd.application_id)


def _analyse(
    upload: Upload | None,
    profile_json: dict[str, Any] | None,
    manual: ManualAnswers | None,
    max_bytes: int,
    as_of: date,
    job: str | None,
    resumes: list[ResumeProjection],
) -> tuple[ReviewOutcome, IngestReport]:
    """Runs in the parse sandbox (a worker process)."""
    profile, report = read_profile(upload, profile_json, max_bytes=max_bytes)
    profile = apply_manual(profile, manual)
    return review(profile, as_of=as_of, job_description=job, resumes=resumes), report


async def record_review(uow: LinkedinUnitOfWork, analysis: Analysis, *, user_id: str, now: datetime) -> Doc:
    """Store the review and announce linkedin.review.completed with the score it replaces."""
    outcome = analysis.outcome
    review_id = new_event_id()  # UUIDv7: ids sort by creation, which the list cursor relies on
    doc: Doc = {
        "_id": review_id,
        "user_id": user_id,
        "created_at": now,
        "as_of": analysis.as_of.isoformat(),
        "source": outcome.profile.source,
        "application_id": analysis.application_id,
        "job_description": analysis.job_description,
        "ingest": analysis.ingest.model_dump(),
        "score": outcome.audit.score,
        "band": outcome.audit.band,
        **outcome.model_dump(mode="json"),
    }
    previous = await uow.reviews.latest(user_id)
    await uow.reviews.add(doc)
    uow.publish(
        LinkedinReviewCompletedV1(
            review_id=review_id,
            score=outcome.audit.score,
            band=outcome.audit.band,
            algo_version=outcome.audit.algo_version,
            checks={c.id: c.points_earned for c in outcome.audit.checks},
            source=outcome.profile.source,
            application_id=analysis.application_id,
            previous_score=previous["score"] if previous else None,
        ),
        subject=review_id,
        user_id=user_id,
    )
    return public(doc)


def public(doc: Doc) -> Doc:
    out = {k: v for k, v in doc.items() if k not in {"_id", "user_id"}}
    out["id"] = doc["_id"]
    if isinstance(out.get("created_at"), datetime):
        out["created_at"] = out["created_at"].isoformat()
    return out


async def list_reviews(
    uow: LinkedinUnitOfWork, *, user_id: str, limit: int, cursor: str | None = None
) -> Page[Doc]:
    """The user's reviews, newest first, without profiles and rewrites."""
    position = decode_cursor(cursor)
    before = str(position["id"]) if position and "id" in position else None
    docs = await uow.reviews.newest_first(user_id, before_id=before, limit=limit + 1)
    return page_after([public(d) for d in docs], limit, lambda item: {"id": item["id"]})


async def get_review(uow: LinkedinUnitOfWork, *, user_id: str, review_id: str) -> Doc:
    doc = await uow.reviews.get(user_id, review_id)
    if doc is None:
        raise NotFound(f"review {review_id} does not exist")
    return public(doc)


async def diff_reviews(uow: LinkedinUnitOfWork, *, user_id: str, review_id: str, other_id: str) -> Doc:
    """What changed between two of the user's reviews."""
    base = await uow.reviews.get(user_id, review_id)
    other = await uow.reviews.get(user_id, other_id)
    if base is None or other is None:
        raise NotFound("one of the reviews does not exist")
    return diff_documents({**base, "id": base["_id"]}, {**other, "id": other["_id"]})


async def summarize_reviews(uow: LinkedinUnitOfWork, *, user_id: str) -> Doc:
    """The latest score, its change since the review before, and the recent history."""
    history = await uow.reviews.score_history(user_id, limit=HISTORY)
    if not history:
        return {"reviews": 0, "latest": None, "trend": None, "history": []}
    latest = history[0]
    previous = history[1] if len(history) > 1 else None
    return {
        "reviews": await uow.reviews.count(user_id),
        "latest": {
            "review_id": latest["_id"],
            "score": latest["score"],
            "band": latest["band"],
            "created_at": latest["created_at"].isoformat(),
            "source": latest.get("source"),
        },
        "trend": None if previous is None else latest["score"] - previous["score"],
        "history": [
            {"review_id": h["_id"], "score": h["score"], "created_at": h["created_at"].isoformat()}
            for h in reversed(history)
        ],
    }
