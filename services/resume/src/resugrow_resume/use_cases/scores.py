"""ATS scores: the newest scan of each resume version (and of each resume, for the dashboard)."""

from __future__ import annotations

from datetime import datetime

from resugrow_events import AtsScanCompletedV1
from resugrow_resume.use_cases.ports import ResumeUoW


async def record_ats_score(
    uow: ResumeUoW, scan: AtsScanCompletedV1, *, user_id: str | None, scanned_at: datetime
) -> None:
    """Keep the scan if it is the newest; redelivered or out-of-order scans change nothing."""
    resume_id, version = scan.resume_id, scan.version
    if (resume_id is None or version is None) and scan.render_id:
        job = await uow.jobs.get(scan.render_id)
        if job is not None:
            resume_id, version = job["resume_id"], job["version"]
    if resume_id is None or version is None:
        return  # a scan of an uploaded file, not of one of our resumes
    ats = {
        "score": scan.score,
        "algo_version": scan.algo_version,
        "scan_id": scan.scan_id,
        "findings_count": scan.findings_count,
        "layout_risks": list(scan.layout_risks),
        "scanned_at": scanned_at,
    }
    await uow.scores.record_version(resume_id, version, user_id, ats)
    await uow.scores.record_latest(resume_id, user_id, {**ats, "version": version})
