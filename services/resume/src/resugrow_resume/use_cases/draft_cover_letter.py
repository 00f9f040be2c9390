"""Draft a cover letter from a resume and a job, and save it as a normal cover letter."""

from __future__ import annotations

from typing import Any

from resugrow_domain import InvalidInput
from resugrow_platform import ServicePlatform
from resugrow_resume import service
from resugrow_resume.domain.writing.cover_letter import TONES, draft
from resugrow_resume.domain.writing.job import JobText
from resugrow_resume.writing_commands import DraftCoverLetter


async def draft_letter(platform: ServicePlatform, cmd: DraftCoverLetter) -> dict[str, Any]:
    if cmd.tone not in TONES:
        raise InvalidInput(f"tone must be one of {', '.join(TONES)}", field="tone")
    view = await service.get_resume(
        platform, user_id=cmd.user_id, resume_id=cmd.resume_id, version=cmd.version
    )
    letter = draft(
        view["resume"],
        JobText(cmd.job.description, title=cmd.job.title, company=cmd.job.company),
        tone=cmd.tone,
    )
    body: dict[str, Any] = {"resume_id": cmd.resume_id, **letter.letter()}
    if cmd.title:
        body["title"] = cmd.title
    if cmd.template:
        body["template"] = cmd.template
    if cmd.job.application_id:
        body["application_id"] = cmd.job.application_id
    saved = await service.create_cover_letter(platform, user_id=cmd.user_id, body=body)
    return {"cover_letter": saved, "draft": {**letter.to_json(), "resume_version": view["version"]}}
