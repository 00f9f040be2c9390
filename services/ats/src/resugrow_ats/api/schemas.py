"""Response models of the ATS API (the reports themselves are documented by the domain's to_dict)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ScanSummary(BaseModel):
    id: str
    created_at: str | None
    source: dict[str, Any]
    score: int
    match_score: int | None = None
    algo_version: str
    findings_count: int = 0
    layout_risks: list[str] = Field(default_factory=list)
    resume_id: str | None = None
    version: int | None = None
    application_id: str | None = None


class Scan(ScanSummary):
    report: dict[str, Any]


class ScanPage(BaseModel):
    items: list[ScanSummary]
    next_cursor: str | None = None


class MatchResult(BaseModel):
    algo_version: str
    score: int
    match: dict[str, Any]
    findings: list[dict[str, Any]]
    quality_score: int


class ParsedResume(BaseModel):
    algo_version: str
    json_resume: dict[str, Any]
    document: dict[str, Any]
    layout: dict[str, Any]


class AtsSummary(BaseModel):
    scans: int
    latest: ScanSummary | None = None
    best_score: int | None = None
    average_score: float | None = None
    algo_version: str
