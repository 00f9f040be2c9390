"""Draft a cover letter from a resume and a job, saved as a normal cover letter."""

from __future__ import annotations

from datetime import datetime

from resugrow_resume.commands import CoverLetterDraftInput, CoverLetterInput
from resugrow_resume.domain.writing.cover_letter import draft
from resugrow_resume.domain.writing.job import JobText
from resugrow_resume.use_cases.cover_letters import create_cover_letter
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.resumes import get_resume


async def draft_cover_letter(
    uow: ResumeUoW, cmd: CoverLetterDraftInput, *, user_id: str, now: datetime
) -> Doc:
    view = await get_resume(uow, cmd.resume_id, user_id=user_id, version=cmd.version)
    letter = draft(
        view["resume"], JobText(cmd.job_description, title=cmd.job_title, company=cmd.company), tone=cmd.tone
    )
    saved = await create_cover_letter(
        uow,
        CoverLetterInput(
            resume_id=cmd.resume_id,
            title=cmd.title,
            template=cmd.template,
            application_id=cmd.application_id,
            **letter.letter(),
        ),
        user_id=user_id,
        now=now,
    )
    return {"cover_letter": saved, "draft": {**letter.to_json(), "resume_version": view["version"]}}
