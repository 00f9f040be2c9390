"""Variants: a master resume tailored for one job, stored as overlay operations on the master."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from resugrow_domain import InvalidInput
from resugrow_events.envelope import new_event_id
from resugrow_resume.commands import VariantInput
from resugrow_resume.domain import overlay
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.reading import (
    MASTER,
    VARIANT,
    Materialized,
    load_resume,
    master_content,
    resume_view,
)
from resugrow_resume.use_cases.versions import check_title, publish_updated, validated, version_doc


async def create_variant(
    uow: ResumeUoW, master_id: str, cmd: VariantInput, *, user_id: str, now: datetime
) -> Doc:
    """Version 1 of a variant: the master's latest document with the patch (or the whole document)."""
    master = await load_resume(uow, user_id, master_id)
    if master["kind"] != MASTER:
        raise InvalidInput(
            "Variants derive from a master resume; this one is itself a variant.", field="resume_id"
        )
    if cmd.patch is not None and cmd.resume is not None:
        raise InvalidInput('give "patch" or "resume", not both', field="patch")
    base_n = master["latest_version"]
    base = await master_content(uow, user_id, master, base_n)
    if cmd.resume is not None:
        content = validated(cmd.resume, "resume")
    else:
        content = validated(overlay.merge_patch(base, cmd.patch or {}), "patch")
    ops = overlay.diff(base, content)
    job = cmd.job.model_dump(exclude_none=True) if cmd.job else None
    doc: Doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "kind": VARIANT,
        "master_id": master_id,
        "job": job,
        "title": check_title(cmd.title) or variant_title(master["title"], job),
        "latest_version": 1,
        # Newest version an artifact was stored for: a later one was never rendered, so its
        # render skips the store lookup (absent on resumes made before the field existed).
        "rendered_upto": 0,
        "created_at": now,
        "updated_at": now,
        "latest_ats": None,
    }
    version = version_doc(doc, 1, now, ops=ops, base_version=base_n)
    await uow.resumes.add(doc, version)
    publish_updated(uow, user_id=user_id, resume=doc, version=1, content=content, at=now)
    return resume_view(doc, version, Materialized(content, base_n, overlay.overridden_paths(ops)))


def variant_title(master_title: str, job: dict[str, Any] | None) -> str:
    target = " at ".join(str(job[k]) for k in ("title", "company") if job and job.get(k))
    return f"{master_title} ({target or 'tailored'})"[:200]
