"""Reading resumes as the user sees them: a master as stored, a variant resolved against its master."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from resugrow_domain import NotFound
from resugrow_resume.domain import overlay
from resugrow_resume.use_cases.ports import Doc, ResumeUoW

MASTER, VARIANT = "master", "variant"


@dataclass
class Materialized:
    content: Doc
    master_version: int | None = None
    overrides: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)


async def load_resume(uow: ResumeUoW, user_id: str, resume_id: str) -> Doc:
    doc = await uow.resumes.get(user_id, resume_id)
    if doc is None:
        raise NotFound(f"No resume {resume_id!r}.")
    return doc


async def load_version(uow: ResumeUoW, user_id: str, resume_id: str, version: int) -> Doc:
    doc = await uow.resumes.get_version(user_id, resume_id, version)
    if doc is None:
        raise NotFound(f"Resume {resume_id!r} has no version {version}.")
    return doc


async def master_content(uow: ResumeUoW, user_id: str, master: Doc, version: int) -> Doc:
    # The master's latest document rides on its resume document: the common read costs no extra query.
    if version == master["latest_version"] and "content" in master:
        content: Doc = json.loads(master["content"])
        return content
    loaded: Doc = json.loads((await load_version(uow, user_id, master["_id"], version))["content"])
    return loaded


async def materialize(
    uow: ResumeUoW, user_id: str, resume: Doc, version: Doc, *, master_version: int | None = None
) -> Materialized:
    """A master version as stored; a variant version resolved against the master (now, or pinned)."""
    if resume["kind"] == MASTER:
        return Materialized(json.loads(version["content"]))
    master = await load_resume(uow, user_id, resume["master_id"])
    pinned = master_version or master["latest_version"]
    base = await master_content(uow, user_id, master, version["base_version"])
    current = (
        base if pinned == version["base_version"] else await master_content(uow, user_id, master, pinned)
    )
    ops = json.loads(version["overlay"])
    resolved = overlay.resolve(base, current, ops)
    return Materialized(resolved.document, pinned, overlay.overridden_paths(ops), resolved.orphaned)


def ats_view(ats: Doc | None) -> Doc | None:
    if not ats:
        return None
    return {k: ats.get(k) for k in ("score", "algo_version", "scan_id", "findings_count", "layout_risks",
                                    "scanned_at", "version") if k in ats}  # fmt: skip


def summary_view(resume: Doc) -> Doc:
    return {
        "id": resume["_id"],
        "kind": resume["kind"],
        "title": resume["title"],
        "master_id": resume.get("master_id"),
        "job": resume.get("job"),
        "latest_version": resume["latest_version"],
        "created_at": resume["created_at"],
        "updated_at": resume["updated_at"],
        "latest_ats": ats_view(resume.get("latest_ats")),
    }


def resume_view(resume: Doc, version: Doc, mat: Materialized) -> Doc:
    view = summary_view(resume)
    view.update(
        {
            "version": version["version"],
            "version_created_at": version["created_at"],
            "ats": ats_view(version.get("ats")),
            "resume": mat.content,
        }
    )
    if resume["kind"] == VARIANT:
        view["variant"] = {
            "master_id": resume["master_id"],
            "base_version": version["base_version"],
            "master_version": mat.master_version,
            "overrides": mat.overrides,
            "orphaned": mat.orphaned,
        }
    return view
