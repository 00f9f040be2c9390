"""Events published by the ATS service."""

from __future__ import annotations

from resugrow_events.envelope import EventPayload


class AtsScanCompletedV1(EventPayload):
    event_type = "resugrow.ats.scan.completed.v1"
    aggregate = "scan"
    scan_id: str
    resume_id: str | None = None
    version: int | None = None
    render_id: str | None = None
    score: int
    algo_version: str
    findings_count: int = 0
    layout_risks: list[str] = []


class AtsMatchScoredV1(EventPayload):
    event_type = "resugrow.ats.match.scored.v1"
    aggregate = "application"
    match_id: str
    application_id: str | None = None
    resume_id: str | None = None
    version: int | None = None
    score: int
    algo_version: str
    missing_hard_skills: list[str] = []
