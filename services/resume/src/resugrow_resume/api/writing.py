"""Routes of the writing tools: bullet review and rewrites, applying them, tailoring, letter drafts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from resugrow_resume.api.deps import RuntimeDep, UserDep
from resugrow_resume.commands import (
    ApplyRewritesInput,
    CoverLetterDraftInput,
    ReviewBulletsInput,
    TailorInput,
)
from resugrow_resume.use_cases import letter_drafts, tailoring, writing

router = APIRouter(prefix="/v1", tags=["writing"])
ResumeId = Annotated[str, Path(max_length=100)]


@router.post("/writing/bullets", operation_id="review_bullets")
async def review_bullets(body: ReviewBulletsInput, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await writing.review(rt.reader(), body, user_id=user.user_id)


@router.post("/resumes/{resume_id}/bullets/apply", operation_id="apply_bullet_rewrites", status_code=201)
async def apply_bullet_rewrites(
    resume_id: ResumeId, body: ApplyRewritesInput, user: UserDep, rt: RuntimeDep
) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: writing.apply_rewrites(uow, resume_id, body, user_id=user.user_id, now=rt.now())
    )


@router.get("/resumes/{resume_id}/versions/{version}/writing-report", operation_id="get_writing_report")
async def get_writing_report(
    resume_id: ResumeId, version: Annotated[int, Path(ge=1)], user: UserDep, rt: RuntimeDep
) -> dict[str, Any]:
    return await writing.get_report(rt.reader(), resume_id, version, user_id=user.user_id)


@router.post("/resumes/{resume_id}/tailor", operation_id="tailor_resume", status_code=201)
async def tailor_resume(
    resume_id: ResumeId, body: TailorInput, user: UserDep, rt: RuntimeDep
) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: tailoring.tailor_resume(uow, resume_id, body, user_id=user.user_id, now=rt.now())
    )


@router.post("/cover-letters/drafts", operation_id="draft_cover_letter", status_code=201)
async def draft_cover_letter(body: CoverLetterDraftInput, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: letter_drafts.draft_cover_letter(uow, body, user_id=user.user_id, now=rt.now())
    )
