"""Scanning a resume for ATS readiness and reading past scans."""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import partial
from typing import Any

from resugrow_ats.commands import ScanRequest, Upload
from resugrow_ats.domain.analyze import scan_bytes, scan_text
from resugrow_ats.domain.score import Report
from resugrow_ats.domain.weights import ALGO_VERSION
from resugrow_ats.use_cases.inputs import job_for, stored_text
from resugrow_ats.use_cases.ports import AtsUnitOfWork, Scanner
from resugrow_ats.use_cases.records import scan_doc, scan_event, scan_view
from resugrow_domain import InvalidInput, NotFound
from resugrow_domain.pagination import Page, decode_cursor, page_after

Doc = dict[str, Any]
SUMMARY_WINDOW = 50


async def create_scan(
    uow: AtsUnitOfWork,
    cmd: ScanRequest,
    *,
    user_id: str,
    now: datetime,
    upload: Upload | None,
    scanner: Scanner,
) -> Doc:
    """Scan an upload or a stored resume version, keep the report, announce ats.scan.completed."""
    job = await job_for(uow, scanner, cmd, user_id=user_id)
    as_of = cmd.as_of or now.date()
    report: Report
    if upload is not None:
        data = upload.data
        # A partial, not a lambda: the job is pickled to a sandbox worker process.
        _, report = await scanner.run(
            partial(scan_bytes, data, as_of=as_of, job_description=job, limits=scanner.limits)
        )
        source: Doc = {
            "kind": "upload",
            "filename": (upload.filename or "")[:200],
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
    elif cmd.resume_id and cmd.version is not None:
        text = await stored_text(uow, user_id=user_id, resume_id=cmd.resume_id, version=cmd.version)
        _, report = await scanner.run(partial(scan_text, text, as_of=as_of, job_description=job))
        source = {"kind": "resume_version", "resume_id": cmd.resume_id, "version": cmd.version}
    else:
        raise InvalidInput("Send a file, or a resume_id and version.", field="resume_id")
    doc = scan_doc(
        user_id=user_id,
        report=report,
        source=source,
        now=now,
        resume_id=cmd.resume_id,
        version=cmd.version,
        application_id=cmd.application_id,
    )
    await uow.scans.add(doc)
    uow.publish(scan_event(doc), subject=doc["_id"], user_id=user_id)
    return scan_view(doc)


async def list_scans(uow: AtsUnitOfWork, *, user_id: str, limit: int, cursor: str | None = None) -> Page[Doc]:
    """The user's scans, newest first, without their reports."""
    position = decode_cursor(cursor)
    before = str(position["id"]) if position and "id" in position else None
    docs = await uow.scans.newest_first(user_id, before_id=before, limit=limit + 1)
    page = page_after([scan_view(d, full=False) for d in docs], limit, lambda item: {"id": item["id"]})
    return page


async def get_scan(uow: AtsUnitOfWork, *, user_id: str, scan_id: str) -> Doc:
    doc = await uow.scans.get(user_id, scan_id)
    if doc is None:
        raise NotFound(f"Scan {scan_id} does not exist.")
    return scan_view(doc)


async def summarize_scans(uow: AtsUnitOfWork, *, user_id: str) -> Doc:
    """How many scans, the latest, and the best and average score of the recent ones."""
    docs = await uow.scans.newest_first(user_id, before_id=None, limit=SUMMARY_WINDOW)
    scores = [d["score"] for d in docs]
    return {
        "scans": await uow.scans.count(user_id),
        "latest": scan_view(docs[0], full=False) if docs else None,
        "best_score": max(scores) if scores else None,
        "average_score": round(sum(scores) / len(scores), 1) if scores else None,
        "algo_version": ALGO_VERSION,
    }
