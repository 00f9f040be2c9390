"""What the ATS service does on upstream events: keep resume texts and application job descriptions,
scan every rendered resume, score every new application's resume against its job."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from resugrow_ats.domain.analyze import scan_document, scan_text
from resugrow_ats.domain.read_text import text_to_document
from resugrow_ats.domain.score import Finding, Report, canonical_json
from resugrow_ats.domain.weights import ALGO_VERSION
from resugrow_ats.use_cases.ports import AtsUnitOfWork
from resugrow_ats.use_cases.records import scan_doc, scan_event
from resugrow_events import (
    ApplicationCreatedV1,
    AtsMatchScoredV1,
    Envelope,
    ResumeRenderedV1,
    ResumeUpdatedV1,
    new_event_id,
)

Doc = dict[str, Any]
MAX_JOB_CHARS = 20_000


async def record_resume_text(uow: AtsUnitOfWork, event: Envelope[ResumeUpdatedV1], *, now: datetime) -> None:
    """Keep the text of each resume version; run the scans and matches that waited for it."""
    user_id = event.userid
    if not user_id:
        return
    p = event.data
    await uow.resume_texts.put(
        {
            "user_id": user_id,
            "resume_id": p.resume_id,
            "version": p.version,
            "text": p.text,
            "name": p.name,
            "headline": p.headline,
            "skills": p.skills,
            "updated_at": p.updated_at,
        }
    )
    # Work that arrived before this version's text (events of two topics are not ordered).
    for item in await uow.pending.for_version(user_id, p.resume_id, p.version):
        if item["kind"] == "render":
            rendered = ResumeRenderedV1.model_validate(item["event"])
            await _scan_render(uow, user_id, rendered, p.text, item["as_of"], now=now)
        else:
            created = ApplicationCreatedV1.model_validate(item["event"])
            await _score_application(uow, user_id, created, p.text, item["as_of"], now=now)
        await uow.pending.remove(item["_id"])


async def scan_rendered(uow: AtsUnitOfWork, event: Envelope[ResumeRenderedV1], *, now: datetime) -> None:
    """Scan a successfully rendered resume version (later, if its text has not arrived yet)."""
    user_id = event.userid
    p = event.data
    if not user_id or p.status != "succeeded":
        return
    # The render event's own time is the as-of date: replaying it gives the same report.
    as_of = event.time.date().isoformat()
    stored = await uow.resume_texts.get(user_id, p.resume_id, p.version)
    if stored is None:
        key = f"render:{user_id}:{p.render_id}"
        await _wait_for_text(uow, key, "render", user_id, p, as_of, version=p.version)
        return
    await _scan_render(uow, user_id, p, stored["text"], as_of, now=now)


async def match_application(
    uow: AtsUnitOfWork, event: Envelope[ApplicationCreatedV1], *, now: datetime
) -> None:
    """Keep the application's job description; score its resume version against it."""
    user_id = event.userid
    p = event.data
    if not user_id:
        return
    await uow.applications.put(
        {
            "user_id": user_id,
            "application_id": p.application_id,
            "company": p.company,
            "role": p.role,
            "job_description": p.job_description,
            "resume_id": p.resume_id,
            "resume_version": p.resume_version,
        }
    )
    if not (p.job_description and p.job_description.strip() and p.resume_id and p.resume_version is not None):
        return
    as_of = p.created_at.date().isoformat()
    stored = await uow.resume_texts.get(user_id, p.resume_id, p.resume_version)
    if stored is None:
        key = f"match:{user_id}:{p.application_id}"
        await _wait_for_text(uow, key, "match", user_id, p, as_of, version=p.resume_version)
        return
    await _score_application(uow, user_id, p, stored["text"], as_of, now=now)


async def _wait_for_text(
    uow: AtsUnitOfWork,
    key: str,
    kind: str,
    user_id: str,
    p: ResumeRenderedV1 | ApplicationCreatedV1,
    as_of: str,
    *,
    version: int,
) -> None:
    await uow.pending.put(
        {
            "_id": key,
            "kind": kind,
            "user_id": user_id,
            "resume_id": p.resume_id,
            "version": version,
            "event": p.model_dump(mode="json"),
            "as_of": as_of,
        }
    )


def _finding(id_: str, message: str, fix: str) -> Finding:
    return Finding(id_, "warning", "layout", message, fix)


def rendered_findings(event: ResumeRenderedV1) -> tuple[int | None, list[Finding]]:
    """The PDF's page count and a finding per renderer check it failed."""
    pdf = next((a for a in event.artifacts if a.format == "pdf"), None)
    if pdf is None:
        return None, []
    findings: list[Finding] = []
    if pdf.verification_passed is False:
        findings.append(
            _finding(
                "render.verification_failed",
                "The rendered PDF did not pass the renderer's text verification.",
                "Re-render with a standard template; report the template if it keeps failing.",
            )
        )
    findings += [
        _finding(
            f"render.check.{name}",
            f"The renderer's check '{name}' failed for this PDF.",
            "Choose a single-column template with standard fonts.",
        )
        for name, ok in sorted(pdf.checks.items())
        if not ok
    ]
    return pdf.pages, findings


def _scan_projection(text: str, *, as_of: date, pages: int | None, extra: list[Finding]) -> Report:
    doc = text_to_document(text, "rendered")
    if pages:
        doc.layout.pages = pages
    _, report = scan_document(doc, as_of=as_of, job_description=None)
    report.findings.extend(extra)
    report.layout["risks"] = sorted(
        set(report.layout["risks"]) | {f.id.removeprefix("render.") for f in extra}
    )
    return report


async def _scan_render(
    uow: AtsUnitOfWork, user_id: str, p: ResumeRenderedV1, text: str, as_of: str, *, now: datetime
) -> None:
    pages, extra = rendered_findings(p)
    report = _scan_projection(text, as_of=date.fromisoformat(as_of), pages=pages, extra=extra)
    doc = scan_doc(
        user_id=user_id,
        report=report,
        source={"kind": "render", "render_id": p.render_id, "template": p.template},
        now=now,
        resume_id=p.resume_id,
        version=p.version,
        render_id=p.render_id,
    )
    await uow.scans.add(doc)
    uow.publish(scan_event(doc), subject=doc["_id"], user_id=user_id)


async def _score_application(
    uow: AtsUnitOfWork, user_id: str, p: ApplicationCreatedV1, text: str, as_of: str, *, now: datetime
) -> None:
    job = (p.job_description or "")[:MAX_JOB_CHARS]
    if not p.resume_id and p.resume_version is None:
        return
    # Put the role as the first line so the job title is found even in a bare description.
    _, report = scan_text(text, as_of=date.fromisoformat(as_of), job_description=f"{p.role}\n{job}")
    m = report.to_dict()["match"]
    doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "application_id": p.application_id,
        "resume_id": p.resume_id,
        "version": p.resume_version,
        "score": m["score"],
        "algo_version": ALGO_VERSION,
        "created_at": now,
        "report": canonical_json(m),
    }
    await uow.matches.add(doc)
    uow.publish(
        AtsMatchScoredV1(
            match_id=doc["_id"],
            application_id=p.application_id,
            resume_id=p.resume_id,
            version=p.resume_version,
            score=m["score"],
            algo_version=ALGO_VERSION,
            missing_hard_skills=[k["keyword"] for k in m["missing_keywords"] if k["kind"] == "hard"],
        ),
        subject=p.application_id,
        user_id=user_id,
    )
