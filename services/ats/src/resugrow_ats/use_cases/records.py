"""How a scan is stored, shown and announced: shared by the scan use cases (HTTP and events)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from resugrow_ats.domain.score import Report
from resugrow_ats.domain.weights import ALGO_VERSION
from resugrow_events import AtsScanCompletedV1, new_event_id

Doc = dict[str, Any]


def scan_view(doc: Doc, *, full: bool = True) -> Doc:
    created = doc.get("created_at")
    out = {
        "id": doc["_id"],
        "created_at": created.isoformat() if isinstance(created, datetime) else created,
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


def scan_doc(
    *,
    user_id: str,
    report: Report,
    source: Doc,
    now: datetime,
    resume_id: str | None = None,
    version: int | None = None,
    application_id: str | None = None,
    render_id: str | None = None,
) -> Doc:
    # The report is kept as canonical JSON: byte-identical on every read, and JSON Resume's "$schema"
    # key is not a legal Mongo field name.
    return {
        "_id": new_event_id(),
        "user_id": user_id,
        "created_at": now,
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


def scan_event(doc: Doc) -> AtsScanCompletedV1:
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
