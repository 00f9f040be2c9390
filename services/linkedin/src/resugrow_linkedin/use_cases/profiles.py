"""Exporting a profile as JSON Resume, and keeping resume projections for the consistency check."""

from __future__ import annotations

from functools import partial
from typing import Any

from pydantic import ValidationError

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import Envelope, ResumeUpdatedV1
from resugrow_linkedin.commands import ReviewRequest, Upload
from resugrow_linkedin.domain.consistency import ResumePosition, compare
from resugrow_linkedin.domain.jsonresume import to_jsonresume
from resugrow_linkedin.domain.models import Profile
from resugrow_linkedin.use_cases.ports import Analyser, LinkedinUnitOfWork
from resugrow_linkedin.use_cases.reading import projection, read_profile

Doc = dict[str, Any]


async def export_profile(
    uow: LinkedinUnitOfWork,
    cmd: ReviewRequest,
    *,
    user_id: str,
    fmt: str,
    upload: Upload | None,
    analyser: Analyser,
) -> Doc:
    """A profile (sent now, or of a past review, else the latest) as a JSON Resume document."""
    if fmt != "jsonresume":
        raise InvalidInput(f"format {fmt!r} is not supported; use format=jsonresume", field="format")
    if upload is not None or cmd.profile is not None:
        # A partial, not a lambda: the job is pickled to a sandbox worker process.
        profile, _ = await analyser.run(
            partial(read_profile, upload, cmd.profile, max_bytes=analyser.max_upload_bytes)
        )
        return to_jsonresume(profile)
    doc = await (uow.reviews.get(user_id, cmd.review_id) if cmd.review_id else uow.reviews.latest(user_id))
    if doc is None:
        raise NotFound("no review to export: upload a file or review your profile first")
    return to_jsonresume(Profile.model_validate(doc["profile"]))


def _positions(raw: list[Any]) -> list[Doc]:
    positions = []
    for p in raw:
        try:
            positions.append(ResumePosition.model_validate(p).model_dump())
        except ValidationError:
            continue
    return positions


async def record_resume(uow: LinkedinUnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
    """Keep the newest projection of each resume and refresh the latest review's consistency."""
    user_id = event.userid
    if not user_id:
        return
    data = event.data
    changed = await uow.resumes.put_if_newer(
        user_id,
        data.resume_id,
        {
            "version": data.version,
            "title": data.title,
            "is_variant": data.is_variant,
            "name": data.name,
            "headline": data.headline,
            "positions": _positions(list(data.positions)),
            "skills": list(data.skills),
            "updated_at": data.updated_at,
        },
    )
    # An edit that left the projection's content as it was (a phone number, a bullet) cannot
    # change the consistency result: the review is neither read nor rewritten.
    latest = await uow.reviews.latest(user_id) if changed else None
    if latest is None:
        return
    profile = Profile.model_validate(latest["profile"])
    resumes = [projection(d) for d in await uow.resumes.all_for(user_id)]
    mismatches = [m.model_dump() for r in resumes for m in compare(profile, r)]
    await uow.reviews.set_consistency(user_id, latest["_id"], mismatches)
