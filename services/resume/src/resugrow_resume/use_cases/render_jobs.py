"""Render jobs: several formats requested at once, produced by the render worker, then fetched.

The worker records a domain outcome (``failed`` with the reason's code and category); how a
category reads over HTTP is the API's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from resugrow_domain import Conflict, NotFound
from resugrow_domain.errors import DomainError, InvalidInput, Unavailable
from resugrow_events import RenderRequestedV1, ResumeRenderedV1
from resugrow_events.envelope import new_event_id
from resugrow_events.payloads.resume import RenderedArtifact
from resugrow_resume.commands import RenderSpec
from resugrow_resume.use_cases.ports import Doc, RenderTools, ResumeUoW, StoredFile
from resugrow_resume.use_cases.render_core import (
    RenderedFile,
    RenderTarget,
    letter_target,
    produce,
    resume_target,
    spec_options,
    target_of,
)


def job_view(job: Doc) -> Doc:
    base = f"/v1/renders/{job['_id']}"
    return {
        "id": job["_id"],
        "status": job["status"],
        "kind": job["kind"],
        "resume_id": job["resume_id"],
        "version": job["version"],
        "cover_letter_id": job.get("cover_letter_id"),
        "template": job["template"],
        "formats": job["formats"],
        "options": job["options"],
        "artifacts": [{**a, "url": f"{base}/file?format={a['format']}"} for a in job.get("artifacts") or []],
        "error": job.get("error"),
        "created_at": job["created_at"],
        "completed_at": job.get("completed_at"),
        "links": {"self": base},
    }


def _job_doc(target: RenderTarget, spec: RenderSpec, template: str, *, user_id: str, now: datetime) -> Doc:
    return {
        "_id": new_event_id(),
        "user_id": user_id,
        "kind": target.kind,
        "resume_id": target.resume["_id"],
        "version": target.version,
        # A variant is rendered as it resolved when asked, even if the master moves on meanwhile.
        "master_version": target.master_version,
        "cover_letter_id": target.letter_doc["_id"] if target.letter_doc else None,
        "template": template,
        "formats": spec.format_list,
        "options": spec_options(spec),
        "status": "pending",
        "artifacts": [],
        "error": None,
        "created_at": now,
        "completed_at": None,
    }


async def request_render_job(
    uow: ResumeUoW, kind: str, target_id: str, spec: RenderSpec, *, user_id: str, now: datetime
) -> Doc:
    """A pending job for every format of ``spec``, announced to the render workers."""
    target, template = await target_of(uow, user_id, kind, target_id, spec)
    job = _job_doc(target, spec, template, user_id=user_id, now=now)
    opts = job["options"]
    await uow.jobs.add(job)
    uow.publish(
        RenderRequestedV1(
            render_id=job["_id"], resume_id=job["resume_id"], version=job["version"], formats=job["formats"],
            template=template, page_size=opts["page_size"], locale=opts["locale"], fit_pages=opts["fit_pages"],
            kind=target.kind, cover_letter_id=job["cover_letter_id"], master_version=job["master_version"],
            pdf_standard=opts["pdf_standard"],
        ),
        subject=job["_id"],
        user_id=user_id,
    )  # fmt: skip
    return job_view(job)


async def get_render(uow: ResumeUoW, render_id: str, *, user_id: str) -> Doc:
    job = await uow.jobs.get(render_id, user_id=user_id)
    if job is None:
        raise NotFound(f"No render {render_id!r}.")
    return job_view(job)


async def get_render_file(
    uow: ResumeUoW, render_id: str, *, user_id: str, fmt: str | None, tools: RenderTools
) -> RenderedFile:
    """One file of a job that succeeded (the first format unless ``fmt`` names another)."""
    job = await uow.jobs.get(render_id, user_id=user_id)
    if job is None:
        raise NotFound(f"No render {render_id!r}.")
    if job["status"] != "succeeded":
        raise Conflict(
            f"The render is {job['status']}; files exist once it has succeeded.", status=job["status"]
        )
    wanted = (fmt or job["formats"][0]).lower()
    artifact = next((a for a in job["artifacts"] if a["format"] == wanted), None)
    if artifact is None:
        raise NotFound(f"The render has no {wanted!r} file (it has: {', '.join(job['formats'])}).")
    data = await tools.store.read(StoredFile(artifact["artifact_id"], artifact["size"], {}))
    if data is None:
        raise NotFound("The file is no longer stored; render the resume again.")
    return RenderedFile(data, artifact["media_type"], artifact["filename"], artifact)


# --- the render worker ------------------------------------------------------------------------

FAILURE_CATEGORIES: tuple[tuple[type[DomainError], str], ...] = (
    (NotFound, "not_found"),
    (Unavailable, "unavailable"),
    (InvalidInput, "invalid_input"),
    (Conflict, "conflict"),
)


def failure(exc: DomainError) -> Doc:
    """Why a job failed, in domain terms: a category, the engine's code and its facts."""
    category = next((name for kind, name in FAILURE_CATEGORIES if isinstance(exc, kind)), "failed")
    return {"category": category, "code": category, **exc.extra, "detail": exc.detail}


@dataclass
class JobOutcome:
    job: Doc
    artifacts: list[Doc] = field(default_factory=list)
    error: Doc | None = None

    @property
    def status(self) -> str:
        return "failed" if self.error else "succeeded"


async def _job_target(uow: ResumeUoW, job: Doc) -> RenderTarget:
    if job["kind"] == "cover_letter":
        return await letter_target(
            uow, job["user_id"], job["cover_letter_id"], job["version"], job["master_version"]
        )
    return await resume_target(uow, job["user_id"], job["resume_id"], job["version"], job["master_version"])


async def produce_render_job(uow: ResumeUoW, render_id: str, *, tools: RenderTools) -> JobOutcome | None:
    """Render every format of a pending job (reusing stored artifacts); None if there is nothing to do.

    A document that cannot render (missing glyph, cannot fit, too slow, gone) fails the job:
    redelivering it would fail the same way. Infrastructure errors propagate and are retried.
    """
    job = await uow.jobs.get(render_id)
    if job is None or job["status"] != "pending":
        return None  # erased with its user, or a redelivery of a finished job
    outcome = JobOutcome(job)
    try:
        target = await _job_target(uow, job)
        for fmt in job["formats"]:
            artifact, _ = await produce(
                uow, tools, target, user_id=job["user_id"], fmt=fmt, template=job["template"],
                opts=job["options"], render_id=job["_id"], want_bytes=False,
            )  # fmt: skip
            outcome.artifacts.append(artifact)
    except DomainError as exc:
        outcome.error = failure(exc)
    return outcome


async def record_render_outcome(uow: ResumeUoW, outcome: JobOutcome | None, *, now: datetime) -> None:
    """Store the job's outcome and announce it (resume.rendered)."""
    if outcome is None:
        return
    job, artifacts, error = outcome.job, outcome.artifacts, outcome.error
    changes = {"status": outcome.status, "artifacts": artifacts, "error": error, "completed_at": now}
    await uow.jobs.finish(job["_id"], changes)
    uow.publish(
        ResumeRenderedV1(
            render_id=job["_id"], resume_id=job["resume_id"], version=job["version"], template=job["template"],
            status=outcome.status, kind=job["kind"], cover_letter_id=job.get("cover_letter_id"),
            artifacts=[_event_artifact(job["_id"], a) for a in artifacts],
            error=error["detail"] if error else None, overflow=any(a["overflow"] for a in artifacts),
        ),
        subject=job["_id"],
        user_id=job["user_id"],
    )  # fmt: skip


def _event_artifact(render_id: str, a: Doc) -> RenderedArtifact:
    verification = a.get("verification") or {}
    return RenderedArtifact(
        format=a["format"],
        artifact_id=a["artifact_id"],
        sha256=a["sha256"],
        size=a["size"],
        media_type=a["media_type"],
        pages=a.get("pages"),
        verification_passed=verification.get("passed") if verification else None,
        checks=verification.get("checks") or {},
        problems=[str(p) for p in verification.get("problems") or []],
        overflow=a["overflow"],
        download_path=f"/v1/renders/{render_id}/file?format={a['format']}",
    )
