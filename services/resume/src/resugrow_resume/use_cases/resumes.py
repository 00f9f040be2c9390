"""Resumes: create, read, list, replace, patch and delete a master or variant, with its versions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from resugrow_domain import Conflict
from resugrow_domain.pagination import Page
from resugrow_events.envelope import new_event_id
from resugrow_resume.commands import PageQuery, ResumeInput, ResumePatch
from resugrow_resume.domain import overlay
from resugrow_resume.use_cases.paging import newest_page, position
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.reading import (
    MASTER,
    Materialized,
    load_resume,
    load_version,
    master_content,
    materialize,
    resume_view,
    summary_view,
)
from resugrow_resume.use_cases.versions import (
    check_title,
    default_title,
    publish_updated,
    validated,
    version_doc,
)


async def create_resume(
    uow: ResumeUoW, cmd: ResumeInput, *, user_id: str, now: datetime, field: str = "resume"
) -> Doc:
    """A new master resume at version 1."""
    content = validated(cmd.resume, field)
    doc: Doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "kind": MASTER,
        "master_id": None,
        "title": check_title(cmd.title) or default_title(content),
        "latest_version": 1,
        # Newest version an artifact was stored for: a later one was never rendered, so its
        # render skips the store lookup (absent on resumes made before the field existed).
        "rendered_upto": 0,
        "created_at": now,
        "updated_at": now,
        "latest_ats": None,
    }
    version = version_doc(doc, 1, now, content=content)
    doc["content"] = version["content"]
    await uow.resumes.add(doc, version)
    publish_updated(uow, user_id=user_id, resume=doc, version=1, content=content, at=now)
    return resume_view(doc, version, Materialized(content))


async def get_resume(uow: ResumeUoW, resume_id: str, *, user_id: str, version: int | None = None) -> Doc:
    """The latest version, or the one asked for; a variant resolved against its master."""
    resume = await load_resume(uow, user_id, resume_id)
    doc = await load_version(uow, user_id, resume_id, version or resume["latest_version"])
    return resume_view(resume, doc, await materialize(uow, user_id, resume, doc))


async def list_resumes(
    uow: ResumeUoW, query: PageQuery, *, user_id: str, kind: str | None = None
) -> Page[Doc]:
    """Newest first; ``total`` counts every resume of that kind."""
    docs = await uow.resumes.newest(user_id, kind=kind, limit=query.limit + 1, after=position(query.cursor))
    page = newest_page(docs, query.limit, "updated_at")
    total = await uow.resumes.count(user_id, kind=kind)
    return Page([summary_view(d) for d in page.items], page.next_cursor, {"total": total})


async def resume_summary(uow: ResumeUoW, *, user_id: str, limit: int) -> Doc:
    """The dashboard section: the latest resumes with the newest ATS score of each."""
    docs = await uow.resumes.newest(user_id, kind=None, limit=limit, after=None)
    items = []
    for doc in docs:
        ats = doc.get("latest_ats") or {}
        items.append(
            {
                "id": doc["_id"],
                "title": doc["title"],
                "kind": doc["kind"],
                "latest_version": doc["latest_version"],
                "updated_at": doc["updated_at"],
                "ats_score": ats.get("score"),
                "ats_version": ats.get("version"),
                "ats_scanned_at": ats.get("scanned_at"),
            }
        )
    return {"items": items, "total": await uow.resumes.count(user_id)}


async def replace_resume(
    uow: ResumeUoW, resume_id: str, cmd: ResumeInput, *, user_id: str, now: datetime
) -> Doc:
    """A new version with this document (none when it is unchanged)."""
    doc = await load_resume(uow, user_id, resume_id)
    content = validated(cmd.resume, "resume")
    return await write_version(uow, doc, content, title=check_title(cmd.title), user_id=user_id, now=now)


async def patch_resume(
    uow: ResumeUoW, resume_id: str, cmd: ResumePatch, *, user_id: str, now: datetime
) -> Doc:
    """JSON Merge Patch (RFC 7396) applied to the current (resolved) document."""
    doc = await load_resume(uow, user_id, resume_id)
    current = await load_version(uow, user_id, resume_id, doc["latest_version"])
    mat = await materialize(uow, user_id, doc, current)
    content = validated(overlay.merge_patch(mat.content, cmd.resume or {}), "resume")
    return await write_version(uow, doc, content, title=check_title(cmd.title), user_id=user_id, now=now)


async def delete_resume(uow: ResumeUoW, resume_id: str, *, user_id: str) -> None:
    """Refused while variants or cover letters depend on it."""
    await load_resume(uow, user_id, resume_id)
    variants = [d["_id"] for d in await uow.variants.of_master(user_id, resume_id)]
    letters = await uow.letters.ids_for_resume(user_id, resume_id)
    if variants or letters:
        # Deleting a master would silently take its tailored variants and letters with it.
        raise Conflict(
            "Delete the resume's variants and cover letters first.", variants=variants, cover_letters=letters
        )
    await uow.resumes.delete(user_id, resume_id)
    await uow.jobs.delete_for_resume(user_id, resume_id)


async def write_version(
    uow: ResumeUoW, resume: Doc, content: Doc, *, title: str | None, user_id: str, now: datetime
) -> Doc:
    """Append version n+1 (optimistically: a concurrent writer makes this a Conflict, never a lost update)."""
    current: Doc | None = None
    if resume["kind"] == MASTER and "content" in resume:
        # The master's latest document rides on the resume: an edit needs no version read.
        mat = Materialized(json.loads(resume["content"]))
    else:
        current = await load_version(uow, user_id, resume["_id"], resume["latest_version"])
        mat = await materialize(uow, user_id, resume, current)
    if mat.content == content:
        if current is None:
            current = await load_version(uow, user_id, resume["_id"], resume["latest_version"])
        # Nothing changed: no new version, no event (a retried PUT is harmless).
        if title and title != resume["title"]:
            await uow.resumes.set_title(user_id, resume["_id"], title, now)
            resume = {**resume, "title": title, "updated_at": now}
        return resume_view(resume, current, mat)
    n = resume["latest_version"] + 1
    version, new_mat, latest = await _next_version(uow, resume, content, n, user_id=user_id, now=now)
    updated = {**resume, "latest_version": n, "updated_at": now, "title": title or resume["title"]}
    inherited = await _variants_after(uow, user_id, resume, content) if resume["kind"] == MASTER else []
    changes = {"latest_version": n, "updated_at": now, "title": updated["title"], **latest}
    if not await uow.resumes.append_version(
        resume, expected_latest=resume["latest_version"], changes=changes, version=version
    ):
        raise Conflict("The resume was changed by another request; reload it and try again.")
    publish_updated(uow, user_id=user_id, resume=updated, version=n, content=content, at=now)
    for variant, variant_content in inherited:
        # The variant's own version is unchanged, but its resolved words changed with the master:
        # consumers that keep a projection of it must hear about it.
        publish_updated(
            uow, user_id=user_id, resume=variant, version=variant["latest_version"], content=variant_content,
            at=now, master_version=n,
        )  # fmt: skip
    return resume_view(updated, version, new_mat)


async def _next_version(
    uow: ResumeUoW, resume: Doc, content: Doc, n: int, *, user_id: str, now: datetime
) -> tuple[Doc, Materialized, dict[str, Any]]:
    """The version document (a master's text, or a variant's overlay against the master's latest)."""
    if resume["kind"] == MASTER:
        version = version_doc(resume, n, now, content=content)
        return version, Materialized(content), {"content": version["content"]}
    master = await load_resume(uow, user_id, resume["master_id"])
    base = await master_content(uow, user_id, master, master["latest_version"])
    ops = overlay.diff(base, content)
    version = version_doc(resume, n, now, ops=ops, base_version=master["latest_version"])
    return version, Materialized(content, master["latest_version"], overlay.overridden_paths(ops)), {}


async def _variants_after(
    uow: ResumeUoW, user_id: str, master: Doc, new_content: Doc
) -> list[tuple[Doc, Doc]]:
    """Each variant of ``master`` as it resolves once ``new_content`` is the master's latest."""
    out = []
    for variant in await uow.variants.of_master(user_id, master["_id"]):
        head = await load_version(uow, user_id, variant["_id"], variant["latest_version"])
        base = await master_content(uow, user_id, master, head["base_version"])
        resolved = overlay.resolve(base, new_content, json.loads(head["overlay"]))
        out.append((variant, resolved.document))
    return out
