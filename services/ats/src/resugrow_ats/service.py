"""Use cases of the ATS service: one transaction per command, events through the outbox."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from resugrow_ats.adapters import repository as repo
from resugrow_ats.adapters.scanner import run_scan
from resugrow_ats.domain.analyze import scan_bytes, scan_document, scan_text
from resugrow_ats.domain.ingest import Limits, read_document
from resugrow_ats.domain.parse import parse_resume
from resugrow_ats.domain.read_text import text_to_document
from resugrow_ats.domain.score import Finding, Report, canonical_json
from resugrow_ats.domain.weights import ALGO_VERSION
from resugrow_ats.settings import AtsSettings
from resugrow_events import (
    ApplicationCreatedV1,
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    Envelope,
    ResumeRenderedV1,
    ResumeUpdatedV1,
    new_event_id,
)
from resugrow_platform import BadRequest, NotFound, ServicePlatform, UnitOfWork, Unprocessable


def _now() -> datetime:
    return datetime.now(UTC)


def _limits(settings: AtsSettings) -> Limits:
    return Limits(max_bytes=settings.max_upload_bytes, max_pages=settings.max_pages)


def _check_job(settings: AtsSettings, job_description: str | None) -> str | None:
    if job_description is None or not job_description.strip():
        return None
    if len(job_description) > settings.max_job_description_chars:
        raise Unprocessable(
            f"job_description is longer than {settings.max_job_description_chars} characters",
            errors=[{"loc": ["body", "job_description"], "msg": "too long"}],
        )
    return job_description


def _view(doc: dict[str, Any], *, full: bool = True) -> dict[str, Any]:
    out = {
        "id": doc["_id"],
        "created_at": doc["created_at"].isoformat()
        if isinstance(doc.get("created_at"), datetime)
        else doc.get("created_at"),
        "source": doc["source"],
        "score": doc["score"],
        "match_score": doc.get("match_score"),
        "algo_version": doc["algo_version"],
        "findings_count": doc.get("findings_count", 0),
        "layout_risks": doc.get("layout_risks", []),
        "resume_id": doc.get("resume_id"),
        "version": doc.get("version"),
        "application_id": doc.get("application_id"),
    }
    if full:
        out["report"] = json.loads(doc["report"])
    return out


def _scan_doc(
    *,
    user_id: str,
    report: Report,
    source: dict[str, Any],
    resume_id: str | None = None,
    version: int | None = None,
    application_id: str | None = None,
    render_id: str | None = None,
) -> dict[str, Any]:
    # The report is kept as canonical JSON: byte-identical on every read, and JSON Resume's "$schema"
    # key is not a legal Mongo field name.
    return {
        "_id": new_event_id(),
        "user_id": user_id,
        "created_at": _now(),
        "source": source,
        "resume_id": resume_id,
        "version": version,
        "render_id": render_id,
        "application_id": application_id,
        "score": report.score,
        "match_score": report.match["score"] if report.match else None,
        "algo_version": ALGO_VERSION,
        "findings_count": len(report.findings),
        "layout_risks": report.layout["risks"],
        "report": report.to_json(),
    }


def _scan_event(doc: dict[str, Any]) -> AtsScanCompletedV1:
    return AtsScanCompletedV1(
        scan_id=doc["_id"],
        resume_id=doc.get("resume_id"),
        version=doc.get("version"),
        render_id=doc.get("render_id"),
        score=doc["score"],
        algo_version=doc["algo_version"],
        findings_count=doc["findings_count"],
        layout_risks=doc["layout_risks"],
    )


async def _resume_text(
    platform: ServicePlatform, user_id: str, resume_id: str, version: int
) -> dict[str, Any]:
    doc: dict[str, Any] | None = await platform.db[repo.RESUME_TEXTS].find_one(
        {"_id": repo.text_key(user_id, resume_id, version), "user_id": user_id}
    )
    if doc is None:
        raise NotFound(f"Resume {resume_id} version {version} is not known to the ATS service (yet).")
    return doc


async def _application_job(platform: ServicePlatform, user_id: str, application_id: str) -> str:
    doc = await platform.db[repo.APPLICATIONS].find_one(
        {"_id": f"{user_id}:{application_id}", "user_id": user_id}
    )
    if doc is None or not doc.get("job_description"):
        raise NotFound(f"Application {application_id} has no job description known to the ATS service.")
    return str(doc["job_description"])


# --- HTTP use cases -------------------------------------------------------------------------------


async def create_scan(
    platform: ServicePlatform,
    *,
    user_id: str,
    data: bytes | None,
    filename: str | None,
    resume_id: str | None,
    version: int | None,
    job_description: str | None,
    application_id: str | None,
    as_of: date,
) -> dict[str, Any]:
    settings: AtsSettings = platform.settings  # type: ignore[assignment]
    job = _check_job(settings, job_description)
    if job is None and application_id:
        job = await _application_job(platform, user_id, application_id)
    if data is not None:
        _, report = await run_scan(
            partial(scan_bytes, data, as_of=as_of, job_description=job, limits=_limits(settings)),
            timeout=settings.parse_timeout_seconds,
        )
        source = {
            "kind": "upload",
            "filename": (filename or "")[:200],
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
    elif resume_id and version is not None:
        text_doc = await _resume_text(platform, user_id, resume_id, version)
        _, report = await run_scan(
            partial(scan_text, text_doc["text"], as_of=as_of, job_description=job),
            timeout=settings.parse_timeout_seconds,
        )
        source = {"kind": "resume_version", "resume_id": resume_id, "version": version}
    else:
        raise BadRequest("Send a file, or a resume_id and version.")
    doc = _scan_doc(
        user_id=user_id,
        report=report,
        source=source,
        resume_id=resume_id,
        version=version,
        application_id=application_id,
    )
    async with platform.unit_of_work() as uow:
        await uow.db[repo.SCANS].insert_one(doc, session=uow.session)
        uow.publish(_scan_event(doc), subject=doc["_id"], user_id=user_id)
    return _view(doc)


async def list_scans(
    platform: ServicePlatform, *, user_id: str, limit: int, cursor: str | None
) -> dict[str, Any]:
    query: dict[str, Any] = {"user_id": user_id}
    if cursor:
        query["_id"] = {"$lt": cursor}
    docs = (
        await platform.db[repo.SCANS]
        .find(query, {"report": 0})
        .sort("_id", -1)
        .limit(limit + 1)
        .to_list(None)
    )
    items = [_view(d, full=False) for d in docs[:limit]]
    return {"items": items, "next_cursor": items[-1]["id"] if len(docs) > limit else None}


async def get_scan(platform: ServicePlatform, *, user_id: str, scan_id: str) -> dict[str, Any]:
    doc = await platform.db[repo.SCANS].find_one({"_id": scan_id, "user_id": user_id})
    if doc is None:
        raise NotFound(f"Scan {scan_id} does not exist.")
    return _view(doc)


async def match(
    platform: ServicePlatform,
    *,
    user_id: str,
    data: bytes | None,
    text: str | None,
    resume_id: str | None,
    version: int | None,
    job_description: str | None,
    application_id: str | None,
    as_of: date,
) -> dict[str, Any]:
    settings: AtsSettings = platform.settings  # type: ignore[assignment]
    job = _check_job(settings, job_description)
    if job is None and application_id:
        job = await _application_job(platform, user_id, application_id)
    if job is None:
        raise Unprocessable(
            "A job_description (or an application_id with one) is required.",
            errors=[{"loc": ["body", "job_description"], "msg": "required"}],
        )
    if data is not None:
        run = partial(scan_bytes, data, as_of=as_of, job_description=job, limits=_limits(settings))
    elif text and text.strip():
        run = partial(scan_text, text, as_of=as_of, job_description=job)
    elif resume_id and version is not None:
        stored = (await _resume_text(platform, user_id, resume_id, version))["text"]
        run = partial(scan_text, stored, as_of=as_of, job_description=job)
    else:
        raise BadRequest("Send a file, a text, or a resume_id and version.")
    _, report = await run_scan(run, timeout=settings.parse_timeout_seconds)
    body = report.to_dict()
    return {
        "algo_version": ALGO_VERSION,
        "score": body["match"]["score"],
        "match": body["match"],
        "findings": [f for f in body["findings"] if f["section"] == "match"],
        "quality_score": body["quality"]["score"],
    }


async def parse_file(platform: ServicePlatform, *, data: bytes) -> dict[str, Any]:
    settings: AtsSettings = platform.settings  # type: ignore[assignment]
    return await run_scan(
        partial(_parse_file, data, _limits(settings)), timeout=settings.parse_timeout_seconds
    )


def _parse_file(data: bytes, limits: Limits) -> dict[str, Any]:
    """Runs in the parse sandbox (a worker process): module-level so it can be sent there."""
    doc = read_document(data, limits=limits)
    if not doc.text.strip():
        from resugrow_ats.domain.ingest import IngestError

        raise IngestError("image_only", "The file holds only images (a scan); no text can be read.")
    parsed = parse_resume(doc)
    return {
        "algo_version": ALGO_VERSION,
        "json_resume": parsed.to_json_resume(),
        "document": {"kind": doc.kind, "pages": doc.layout.pages, "characters": len(doc.text)},
        "layout": {
            "multi_column_pages": doc.layout.multi_column_pages,
            "tables": doc.layout.tables,
            "text_boxes": doc.layout.text_boxes,
            "images": doc.layout.images,
        },
    }


async def summary(platform: ServicePlatform, *, user_id: str) -> dict[str, Any]:
    coll = platform.db[repo.SCANS]
    docs = await coll.find({"user_id": user_id}, {"report": 0}).sort("_id", -1).limit(50).to_list(None)
    count = await coll.count_documents({"user_id": user_id})
    scores = [d["score"] for d in docs]
    return {
        "scans": count,
        "latest": _view(docs[0], full=False) if docs else None,
        "best_score": max(scores) if scores else None,
        "average_score": round(sum(scores) / len(scores), 1) if scores else None,
        "algo_version": ALGO_VERSION,
    }


# --- event use cases ------------------------------------------------------------------------------


def _rendered_findings(event: ResumeRenderedV1) -> tuple[int | None, list[Finding]]:
    pdf = next((a for a in event.artifacts if a.format == "pdf"), None)
    findings: list[Finding] = []
    if pdf is None:
        return None, findings
    if pdf.verification_passed is False:
        findings.append(
            Finding(
                "render.verification_failed",
                "warning",
                "layout",
                "The rendered PDF did not pass the renderer's text verification.",
                "Re-render with a standard template; report the template if it keeps failing.",
            )
        )
    for name, ok in sorted(pdf.checks.items()):
        if not ok:
            findings.append(
                Finding(
                    f"render.check.{name}",
                    "warning",
                    "layout",
                    f"The renderer's check '{name}' failed for this PDF.",
                    "Choose a single-column template with standard fonts.",
                )
            )
    return pdf.pages, findings


def _scan_projection(
    text: str, *, as_of: date, pages: int | None, extra: list[Finding], job: str | None = None
) -> Report:
    doc = text_to_document(text, "rendered")
    if pages:
        doc.layout.pages = pages
    _, report = scan_document(doc, as_of=as_of, job_description=job)
    report.findings.extend(extra)
    report.layout["risks"] = sorted(
        set(report.layout["risks"]) | {f.id.removeprefix("render.") for f in extra}
    )
    return report


async def record_resume_text(uow: UnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
    user_id = event.userid
    if not user_id:
        return
    p = event.data
    key = repo.text_key(user_id, p.resume_id, p.version)
    await uow.db[repo.RESUME_TEXTS].replace_one(
        {"_id": key},
        {
            "_id": key,
            "user_id": user_id,
            "resume_id": p.resume_id,
            "version": p.version,
            "text": p.text,
            "name": p.name,
            "headline": p.headline,
            "skills": p.skills,
            "updated_at": p.updated_at,
        },
        upsert=True,
        session=uow.session,
    )
    # Work that arrived before this version's text (events of two topics are not ordered).
    pending = (
        await uow.db[repo.PENDING]
        .find({"user_id": user_id, "resume_id": p.resume_id, "version": p.version}, session=uow.session)
        .to_list(None)
    )
    for item in pending:
        if item["kind"] == "render":
            await _scan_render(
                uow, user_id, ResumeRenderedV1.model_validate(item["event"]), p.text, item["as_of"]
            )
        else:
            await _score_application(
                uow, user_id, ApplicationCreatedV1.model_validate(item["event"]), p.text, item["as_of"]
            )
        await uow.db[repo.PENDING].delete_one({"_id": item["_id"]}, session=uow.session)


async def scan_rendered(uow: UnitOfWork, event: Envelope[ResumeRenderedV1]) -> None:
    user_id = event.userid
    p = event.data
    if not user_id or p.status != "succeeded":
        return
    as_of = event.time.date().isoformat()
    stored = await uow.db[repo.RESUME_TEXTS].find_one(
        {"_id": repo.text_key(user_id, p.resume_id, p.version), "user_id": user_id}, session=uow.session
    )
    if stored is None:
        await uow.db[repo.PENDING].replace_one(
            {"_id": f"render:{user_id}:{p.render_id}"},
            {
                "_id": f"render:{user_id}:{p.render_id}",
                "kind": "render",
                "user_id": user_id,
                "resume_id": p.resume_id,
                "version": p.version,
                "event": p.model_dump(mode="json"),
                "as_of": as_of,
            },
            upsert=True,
            session=uow.session,
        )
        return
    await _scan_render(uow, user_id, p, stored["text"], as_of)


async def _scan_render(uow: UnitOfWork, user_id: str, p: ResumeRenderedV1, text: str, as_of: str) -> None:
    pages, extra = _rendered_findings(p)
    # The render event's own time is the as-of date: replaying it gives the same report.
    report = _scan_projection(text, as_of=date.fromisoformat(as_of), pages=pages, extra=extra)
    doc = _scan_doc(
        user_id=user_id,
        report=report,
        source={"kind": "render", "render_id": p.render_id, "template": p.template},
        resume_id=p.resume_id,
        version=p.version,
        render_id=p.render_id,
    )
    await uow.db[repo.SCANS].insert_one(doc, session=uow.session)
    uow.publish(_scan_event(doc), subject=doc["_id"], user_id=user_id)


async def match_application(uow: UnitOfWork, event: Envelope[ApplicationCreatedV1]) -> None:
    user_id = event.userid
    p = event.data
    if not user_id:
        return
    await uow.db[repo.APPLICATIONS].replace_one(
        {"_id": f"{user_id}:{p.application_id}"},
        {
            "_id": f"{user_id}:{p.application_id}",
            "user_id": user_id,
            "application_id": p.application_id,
            "company": p.company,
            "role": p.role,
            "job_description": p.job_description,
            "resume_id": p.resume_id,
            "resume_version": p.resume_version,
        },
        upsert=True,
        session=uow.session,
    )
    if not (p.job_description and p.job_description.strip() and p.resume_id and p.resume_version is not None):
        return
    as_of = p.created_at.date().isoformat()
    stored = await uow.db[repo.RESUME_TEXTS].find_one(
        {"_id": repo.text_key(user_id, p.resume_id, p.resume_version), "user_id": user_id},
        session=uow.session,
    )
    if stored is None:
        await uow.db[repo.PENDING].replace_one(
            {"_id": f"match:{user_id}:{p.application_id}"},
            {
                "_id": f"match:{user_id}:{p.application_id}",
                "kind": "match",
                "user_id": user_id,
                "resume_id": p.resume_id,
                "version": p.resume_version,
                "event": p.model_dump(mode="json"),
                "as_of": as_of,
            },
            upsert=True,
            session=uow.session,
        )
        return
    await _score_application(uow, user_id, p, stored["text"], as_of)


async def _score_application(
    uow: UnitOfWork, user_id: str, p: ApplicationCreatedV1, text: str, as_of: str
) -> None:
    job = (p.job_description or "")[:20_000]
    if not p.resume_id and p.resume_version is None:
        return
    # Put the role as the first line so the job title is found even in a bare description.
    _, report = scan_text(text, as_of=date.fromisoformat(as_of), job_description=f"{p.role}\n{job}")
    body = report.to_dict()
    m = body["match"]
    doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "application_id": p.application_id,
        "resume_id": p.resume_id,
        "version": p.resume_version,
        "score": m["score"],
        "algo_version": ALGO_VERSION,
        "created_at": _now(),
        "report": canonical_json(m),
    }
    await uow.db[repo.MATCHES].insert_one(doc, session=uow.session)
    missing = [k["keyword"] for k in m["missing_keywords"] if k["kind"] == "hard"]
    uow.publish(
        AtsMatchScoredV1(
            match_id=doc["_id"],
            application_id=p.application_id,
            resume_id=p.resume_id,
            version=p.resume_version,
            score=m["score"],
            algo_version=ALGO_VERSION,
            missing_hard_skills=missing,
        ),
        subject=p.application_id,
        user_id=user_id,
    )
