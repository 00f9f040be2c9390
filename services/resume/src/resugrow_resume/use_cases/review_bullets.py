"""Review bullets (pasted, or a stored resume version's) and propose rewrites."""

from __future__ import annotations

from typing import Any

from resugrow_domain import InvalidInput
from resugrow_platform import ServicePlatform
from resugrow_resume import service
from resugrow_resume.domain.writing.review import BulletInput, report, resume_bullets, review_bullets
from resugrow_resume.writing_commands import ReviewBullets


async def review(platform: ServicePlatform, cmd: ReviewBullets) -> dict[str, Any]:
    if (cmd.bullets is None) == (cmd.resume_id is None):
        raise InvalidInput(
            'send "bullets" or a "resume_id" (and optionally "version"), not both', field="bullets"
        )
    if cmd.resume_id is not None:
        view = await service.get_resume(
            platform, user_id=cmd.user_id, resume_id=cmd.resume_id, version=cmd.version
        )
        out = report(review_bullets(resume_bullets(view["resume"])))
        return {"resume_id": cmd.resume_id, "version": view["version"], **out}
    assert cmd.bullets is not None
    inputs = [
        BulletInput(b.text, f"bullets[{i}]", "present" if b.current else "past")
        for i, b in enumerate(cmd.bullets)
    ]
    return report(review_bullets(inputs))
