"""Use cases of the LinkedIn review service: one transaction per command, events via the outbox.

Parsing and the audit are CPU work done before the transaction opens; the upload itself is
never stored, only the parsed profile and the review.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from resugrow_events import Envelope, LinkedinReviewCompletedV1, ResumeUpdatedV1, new_event_id
from resugrow_linkedin.adapters import repository as repo
from resugrow_linkedin.adapters.parse_sandbox import run_parse
from resugrow_linkedin.domain.consistency import ResumePosition, ResumeProjection, compare
from resugrow_linkedin.domain.diff import diff_reviews
from resugrow_linkedin.domain.jsonresume import profile_from_json, to_jsonresume
from resugrow_linkedin.domain.models import IngestError, IngestReport, ManualAnswers, Profile
from resugrow_linkedin.domain.review import ReviewOutcome, apply_manual, ingest_file, review
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_platform import (
    NotFound,
    PayloadTooLarge,
    ProblemError,
    ServicePlatform,
    UnitOfWork,
    Unprocessable,
    UnsupportedMediaType,
)

_STATUS = {
    "unsupported": 415,
    "not_a_zip": 422,
    "not_a_pdf": 422,
    "not_linkedin": 422,
    "unsafe_archive": 422,
    "invalid": 422,
    "too_large": 413,
}


def _problem(exc: IngestError) -> ProblemError:
    status = _STATUS.get(exc.kind, 422)
    if status == 415:
        return UnsupportedMediaType(exc.message, code=exc.kind)
    if status == 413:
        return PayloadTooLarge(exc.message, code=exc.kind)
    return Unprocessable(exc.message, code=exc.kind)


def _ingest(
    settings: LinkedinSettings, data: bytes | None, profile_json: dict[str, Any] | None
) -> tuple[Profile, IngestReport]:
    try:
        if data is not None:
            if len(data) > settings.max_upload_bytes:
                raise IngestError(
                    "too_large", f"the upload is {len(data)} bytes; the limit is {settings.max_upload_bytes}"
                )
            if not data:
                raise IngestError("invalid", "the uploaded file is empty")
            result = ingest_file(data)
            return result.profile, result.report
        if profile_json is not None:
            return profile_from_json(profile_json), IngestReport(kind="json")
    except IngestError as exc:
        raise _problem(exc) from exc
    raise Unprocessable("send a file (export ZIP or profile PDF) or a JSON profile")


# pdfium must not be entered from two threads at once; parsing runs in a worker thread so the
# event loop stays responsive, one document at a time per process.
_PARSE_LOCK = threading.Lock()


def _ingest_locked(
    settings: LinkedinSettings, data: bytes | None, profile_json: dict[str, Any] | None
) -> tuple[Profile, IngestReport]:
    with _PARSE_LOCK:
        return _ingest(settings, data, profile_json)


def _analyse(
    settings: LinkedinSettings,
    data: bytes | None,
    profile_json: dict[str, Any] | None,
    manual: ManualAnswers | None,
    as_of: date,
    job_description: str | None,
    resumes: list[ResumeProjection],
) -> tuple[ReviewOutcome, IngestReport]:
    with _PARSE_LOCK:
        profile, report = _ingest(settings, data, profile_json)
        profile = apply_manual(profile, manual)
        return review(profile, as_of=as_of, job_description=job_description, resumes=resumes), report


async def _run_bounded(settings: LinkedinSettings, fn: Any, *args: Any) -> Any:
    # In a sandbox worker process: a parse past its budget is killed, not abandoned.
    return await run_parse(fn, *args, timeout=settings.parse_timeout_s)


def _projection(doc: dict[str, Any]) -> ResumeProjection:
    return ResumeProjection(
        resume_id=doc["_id"],
        title=doc.get("title"),
        name=doc.get("name"),
        headline=doc.get("headline"),
        positions=[ResumePosition.model_validate(p) for p in doc.get("positions", [])],
        skills=doc.get("skills", []),
    )


def today() -> date:
    # The only clock read: the review's as-of date, decided here and passed into the domain.
    return datetime.now(UTC).date()


async def create_review(
    platform: ServicePlatform,
    *,
    user_id: str,
    data: bytes | None = None,
    profile_json: dict[str, Any] | None = None,
    manual: ManualAnswers | None = None,
    job_description: str | None = None,
    application_id: str | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    settings: LinkedinSettings = platform.settings  # type: ignore[assignment]
    if job_description and len(job_description) > settings.max_job_description_chars:
        raise Unprocessable(f"job_description is longer than {settings.max_job_description_chars} characters")
    as_of = as_of or today()
    resumes = [_projection(d) for d in await repo.resume_projections(platform.db, user_id)]
    outcome, report = await _run_bounded(
        settings, _analyse, settings, data, profile_json, manual, as_of, job_description, resumes
    )
    profile = outcome.profile
    now = datetime.now(UTC)
    review_id = new_event_id()  # UUIDv7: ids sort by creation, which the list cursor relies on
    doc: dict[str, Any] = {
        "_id": review_id,
        "user_id": user_id,
        "created_at": now,
        "as_of": as_of.isoformat(),
        "source": profile.source,
        "application_id": application_id,
        "job_description": job_description,
        "ingest": report.model_dump(),
        "score": outcome.audit.score,
        "band": outcome.audit.band,
        **outcome.model_dump(mode="json"),
    }
    async with platform.unit_of_work() as uow:
        previous = await repo.latest_review(uow.db, user_id, uow.session, {"score": 1})
        await repo.insert_review(uow.db, doc, uow.session)
        uow.publish(
            LinkedinReviewCompletedV1(
                review_id=review_id,
                score=outcome.audit.score,
                band=outcome.audit.band,
                algo_version=outcome.audit.algo_version,
                checks={c.id: c.points_earned for c in outcome.audit.checks},
                source=profile.source,
                application_id=application_id,
                previous_score=previous["score"] if previous else None,
            ),
            subject=review_id,
            user_id=user_id,
        )
    return public(doc)


def public(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in doc.items() if k not in {"_id", "user_id"}}
    out["id"] = doc["_id"]
    if isinstance(out.get("created_at"), datetime):
        out["created_at"] = out["created_at"].isoformat()
    return out


async def list_reviews(
    platform: ServicePlatform, *, user_id: str, limit: int, cursor: str | None
) -> dict[str, Any]:
    docs = await repo.list_reviews(platform.db, user_id, limit=limit + 1, before=cursor)
    items = [public(d) for d in docs[:limit]]
    return {"items": items, "next_cursor": items[-1]["id"] if len(docs) > limit else None}


async def get_review(platform: ServicePlatform, *, user_id: str, review_id: str) -> dict[str, Any]:
    doc = await repo.get_review(platform.db, user_id, review_id)
    if doc is None:
        raise NotFound(f"review {review_id} does not exist")
    return public(doc)


async def diff(platform: ServicePlatform, *, user_id: str, review_id: str, other_id: str) -> dict[str, Any]:
    base = await repo.get_review(platform.db, user_id, review_id)
    other = await repo.get_review(platform.db, user_id, other_id)
    if base is None or other is None:
        raise NotFound("one of the reviews does not exist")
    return diff_reviews({**base, "id": base["_id"]}, {**other, "id": other["_id"]})


async def export_profile(
    platform: ServicePlatform,
    *,
    user_id: str,
    fmt: str,
    review_id: str | None = None,
    data: bytes | None = None,
    profile_json: dict[str, Any] | None = None,
) -> dict[str, Any]:
    if fmt != "jsonresume":
        raise Unprocessable(f"format {fmt!r} is not supported; use format=jsonresume")
    if data is not None or profile_json is not None:
        settings: LinkedinSettings = platform.settings  # type: ignore[assignment]
        profile, _ = await _run_bounded(settings, _ingest_locked, settings, data, profile_json)
    else:
        doc = (
            await repo.get_review(platform.db, user_id, review_id)
            if review_id
            else await repo.latest_review(platform.db, user_id)
        )
        if doc is None:
            raise NotFound("no review to export: upload a file or review your profile first")
        profile = Profile.model_validate(doc["profile"])
    return to_jsonresume(profile)


async def summary(platform: ServicePlatform, *, user_id: str) -> dict[str, Any]:
    history = await repo.score_history(platform.db, user_id)
    if not history:
        return {"reviews": 0, "latest": None, "trend": None, "history": []}
    latest = history[0]
    previous = history[1] if len(history) > 1 else None
    return {
        "reviews": await repo.count_reviews(platform.db, user_id),
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


async def record_resume(uow: UnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
    """Keep the newest projection of each resume and refresh the latest review's consistency."""
    user_id = event.userid
    if not user_id:
        return
    data = event.data
    positions = []
    for p in data.positions:
        try:
            positions.append(ResumePosition.model_validate(p).model_dump())
        except ValidationError:
            continue
    changed = await repo.upsert_resume_projection(
        uow.db,
        user_id,
        data.resume_id,
        {
            "version": data.version,
            "title": data.title,
            "is_variant": data.is_variant,
            "name": data.name,
            "headline": data.headline,
            "positions": positions,
            "skills": list(data.skills),
            "updated_at": data.updated_at,
        },
        uow.session,
    )
    if not changed:
        return
    latest = await repo.latest_review(uow.db, user_id, uow.session, {"profile": 1})
    if latest is None:
        return
    profile = Profile.model_validate(latest["profile"])
    resumes = [_projection(d) for d in await repo.resume_projections(uow.db, user_id, uow.session)]
    mismatches = [m.model_dump() for r in resumes for m in compare(profile, r)]
    await repo.set_consistency(uow.db, user_id, latest["_id"], mismatches, uow.session)
