"""HTTP API of the writing tools: bullet review and rewrites, applying them, tailoring, letters."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from resugrow_domain import NotFound
from resugrow_platform import CurrentUser, PlatformDep
from resugrow_resume.domain.model import BULLET_TEXT, MAX_BULLETS_TOTAL
from resugrow_resume.use_cases import apply_rewrites, draft_cover_letter, review_bullets, tailor_resume
from resugrow_resume.use_cases.writing_reports import get_report
from resugrow_resume.writing_commands import (
    ApplyRewrites,
    ChosenRewrite,
    DraftCoverLetter,
    JobInput,
    PastedBullet,
    ReviewBullets,
    TailorResume,
)

router = APIRouter(prefix="/v1")
JOB_TEXT = 20_000  # the ATS match API takes job descriptions up to this size
BulletText = Annotated[str, Field(min_length=1, max_length=BULLET_TEXT)]
ResumeId = Annotated[str, Path(max_length=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BulletIn(_Strict):
    text: BulletText
    current: bool = Field(default=False, description="From a role you still hold (present tense).")


class ReviewBody(_Strict):
    bullets: Annotated[list[BulletText | BulletIn], Field(max_length=MAX_BULLETS_TOTAL)] | None = Field(
        default=None, description="Pasted bullets (strings, or objects with `current`)."
    )
    resume_id: str | None = Field(default=None, max_length=100, description="Or review a stored resume.")
    version: int | None = Field(default=None, ge=1, description="Its version (default: the latest).")


class ChoiceIn(_Strict):
    path: str = Field(max_length=100, examples=["work[0].highlights[2]"])
    candidate: int | None = Field(default=None, ge=0, le=9, description="Index of the chosen candidate.")
    fills: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=5)] = Field(
        default_factory=list, description="Your answers to the candidate's placeholders, in order."
    )
    text: BulletText | None = Field(default=None, description="Or your own final wording.")


class ApplyBody(_Strict):
    version: int | None = Field(default=None, ge=1, description="The version the candidates came from.")
    choices: Annotated[list[ChoiceIn], Field(min_length=1, max_length=MAX_BULLETS_TOTAL)]


class _Job(_Strict):
    job_description: str = Field(min_length=1, max_length=JOB_TEXT)
    job_title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)
    application_id: str | None = Field(default=None, max_length=100)

    def job(self) -> JobInput:
        return JobInput(self.job_description, self.job_title, self.company, self.application_id)


class TailorBody(_Job):
    confirmed: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] = Field(
        default_factory=list,
        description='Missing keywords you confirmed ("I have this"); only these are added.',
    )
    title: str | None = Field(default=None, max_length=200)


class DraftBody(_Job):
    resume_id: str = Field(max_length=100)
    version: int | None = Field(default=None, ge=1)
    tone: Literal["formal", "warm", "direct"] = "formal"
    title: str | None = Field(default=None, max_length=200)
    template: str | None = Field(default=None, max_length=100)


@router.post("/writing/bullets", operation_id="review_bullets", tags=["writing"])
async def review(body: ReviewBody, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    bullets = (
        None
        if body.bullets is None
        else [
            PastedBullet(b) if isinstance(b, str) else PastedBullet(b.text, b.current) for b in body.bullets
        ]
    )
    return await review_bullets.review(
        platform, ReviewBullets(user.user_id, bullets, body.resume_id, body.version)
    )


@router.post(
    "/resumes/{resume_id}/bullets/apply",
    operation_id="apply_bullet_rewrites",
    status_code=201,
    tags=["writing"],
)
async def apply(
    resume_id: ResumeId, body: ApplyBody, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    choices = [ChosenRewrite(c.path, c.candidate, list(c.fills), c.text) for c in body.choices]
    return await apply_rewrites.apply(platform, ApplyRewrites(user.user_id, resume_id, body.version, choices))


@router.get(
    "/resumes/{resume_id}/versions/{version}/writing-report",
    operation_id="get_writing_report",
    tags=["writing"],
)
async def writing_report(
    resume_id: ResumeId, version: Annotated[int, Path(ge=1)], user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    found = await get_report(platform, user_id=user.user_id, resume_id=resume_id, version=version)
    if found is None:
        raise NotFound(f"Version {version} of resume {resume_id!r} has no writing report.")
    return found


@router.post("/resumes/{resume_id}/tailor", operation_id="tailor_resume", status_code=201, tags=["writing"])
async def tailor(
    resume_id: ResumeId, body: TailorBody, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await tailor_resume.tailor(
        platform, TailorResume(user.user_id, resume_id, body.job(), list(body.confirmed), body.title)
    )


@router.post("/cover-letters/drafts", operation_id="draft_cover_letter", status_code=201, tags=["writing"])
async def draft(body: DraftBody, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await draft_cover_letter.draft_letter(
        platform,
        DraftCoverLetter(
            user.user_id, body.resume_id, body.version, body.job(), body.tone, body.title, body.template
        ),
    )
