"""One-step tailoring: a variant of a master resume for one job, every operation explained.

The ATS match before and after is the gateway's part (it calls the ATS match API with the two
plain-text projections returned here): this service never reads the ATS's data.
"""

from __future__ import annotations

from datetime import datetime

from resugrow_domain import InvalidInput
from resugrow_resume.commands import JobRef, TailorInput, VariantInput
from resugrow_resume.domain.projection import project
from resugrow_resume.domain.writing.job import JobText
from resugrow_resume.domain.writing.tailor import tailor as plan
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.resumes import get_resume
from resugrow_resume.use_cases.variants import create_variant
from resugrow_resume.use_cases.writing import save_report


async def tailor_resume(
    uow: ResumeUoW, resume_id: str, cmd: TailorInput, *, user_id: str, now: datetime
) -> Doc:
    for i, keyword in enumerate(cmd.confirmed):
        if not keyword.strip() or any(ord(ch) < 32 for ch in keyword):
            raise InvalidInput("a keyword is 1-100 characters on one line", field=f"confirmed.{i}")
    master = await get_resume(uow, resume_id, user_id=user_id)
    job = JobText(cmd.job_description, title=cmd.job_title, company=cmd.company)
    result = plan(master["resume"], job, confirmed=[k.strip() for k in cmd.confirmed])
    ref = JobRef(title=job.title, company=job.company, application_id=cmd.application_id)
    variant = await create_variant(
        uow,
        resume_id,
        VariantInput(title=cmd.title, job=ref, resume=result.content),
        user_id=user_id,
        now=now,
    )
    tailoring = result.to_json()
    await save_report(
        uow,
        user_id=user_id,
        resume_id=variant["id"],
        version=variant["version"],
        body={"kind": "tailoring", "master_id": resume_id, "master_version": master["version"], **tailoring},
        now=now,
    )
    return {
        "variant": variant,
        "tailoring": tailoring,
        "text": {"before": project(master["resume"]).text, "after": project(variant["resume"]).text},
    }
