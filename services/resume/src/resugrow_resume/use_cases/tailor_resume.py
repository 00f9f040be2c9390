"""One-step tailoring: a variant of a master resume for one job, with every operation explained.

The ATS match before and after is the gateway's part (it calls the ATS match API with the two
plain-text projections returned here): this service never reads the ATS's data.
"""

from __future__ import annotations

from typing import Any

from resugrow_domain import InvalidInput
from resugrow_platform import ServicePlatform
from resugrow_resume import service
from resugrow_resume.domain.projection import project
from resugrow_resume.domain.writing.job import JobText
from resugrow_resume.domain.writing.tailor import tailor as plan
from resugrow_resume.use_cases.writing_reports import save_report
from resugrow_resume.writing_commands import TailorResume

MAX_CONFIRMED = 50


async def tailor(platform: ServicePlatform, cmd: TailorResume) -> dict[str, Any]:
    if len(cmd.confirmed) > MAX_CONFIRMED:
        raise InvalidInput(f"confirm at most {MAX_CONFIRMED} keywords at once", field="confirmed")
    for i, keyword in enumerate(cmd.confirmed):
        if not keyword.strip() or len(keyword) > 100 or any(ord(ch) < 32 for ch in keyword):
            raise InvalidInput("a keyword is 1-100 characters on one line", field=f"confirmed.{i}")
    master = await service.get_resume(platform, user_id=cmd.user_id, resume_id=cmd.resume_id)
    job = JobText(cmd.job.description, title=cmd.job.title, company=cmd.job.company)
    result = plan(master["resume"], job, confirmed=[k.strip() for k in cmd.confirmed])
    job_ref = {
        k: v
        for k, v in {
            "title": job.title,
            "company": job.company,
            "application_id": cmd.job.application_id,
        }.items()
        if v
    }
    variant = await service.create_variant(
        platform,
        user_id=cmd.user_id,
        master_id=cmd.resume_id,
        title=cmd.title,
        job=job_ref or None,
        patch=None,
        resume=result.content,
    )
    tailoring = result.to_json()
    await save_report(
        platform,
        user_id=cmd.user_id,
        resume_id=variant["id"],
        version=variant["version"],
        kind="tailoring",
        body={"master_id": cmd.resume_id, "master_version": master["version"], **tailoring},
    )
    return {
        "variant": variant,
        "tailoring": tailoring,
        "text": {"before": project(master["resume"]).text, "after": project(variant["resume"]).text},
    }
