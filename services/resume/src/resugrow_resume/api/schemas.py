"""Response models of the resume API (request models are the use cases' commands)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    # Answers may carry more than the documented fields (e.g. a letter's optional words).
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class AtsScore(_Out):
    score: int | None = None
    algo_version: str | None = None
    scan_id: str | None = None
    findings_count: int | None = None
    layout_risks: list[str] = []
    scanned_at: datetime | None = None
    version: int | None = Field(default=None, description="On latest_ats: the version scanned.")


class JobRefOut(_Out):
    title: str | None = None
    company: str | None = None
    url: str | None = None
    application_id: str | None = None


class ResumeSummary(_Out):
    id: str
    kind: str = Field(description="master | variant")
    title: str
    master_id: str | None = None
    job: JobRefOut | None = None
    latest_version: int
    created_at: datetime
    updated_at: datetime
    latest_ats: AtsScore | None = None


class VariantInfo(_Out):
    master_id: str
    base_version: int = Field(description="The master version the overlay was computed against.")
    master_version: int | None = Field(description="The master version this document resolved against.")
    overrides: list[str]
    orphaned: list[str]


class ImportInfo(_Out):
    format: str
    warnings: list[str]


class ResumeOut(ResumeSummary):
    version: int
    version_created_at: datetime
    ats: AtsScore | None = None
    resume: dict[str, Any] = Field(description="The JSON Resume document (a variant: resolved).")
    variant: VariantInfo | None = Field(default=None, description="Only on variants.")
    import_: ImportInfo | None = Field(default=None, alias="import", description="Only on imports.")


class ResumePage(_Out):
    items: list[ResumeSummary]
    next_cursor: str | None = None
    total: int


class DashboardItem(_Out):
    id: str
    title: str
    kind: str
    latest_version: int
    updated_at: datetime
    ats_score: int | None = None
    ats_version: int | None = None
    ats_scanned_at: datetime | None = None


class DashboardSummary(_Out):
    items: list[DashboardItem]
    total: int


class CoverLetterOut(_Out):
    id: str
    resume_id: str
    title: str
    template: str | None = None
    job_title: str | None = None
    company: str | None = None
    job_url: str | None = None
    application_id: str | None = None
    recipient: str | None = None
    date: str | None = None
    greeting: str | None = None
    paragraphs: list[str]
    closing: str | None = None
    created_at: datetime
    updated_at: datetime
    links: dict[str, str]


class CoverLetterPage(_Out):
    items: list[CoverLetterOut]
    next_cursor: str | None = None
    total: int


class ArtifactOut(_Out):
    format: str
    artifact_id: str
    sha256: str
    size: int
    media_type: str
    extension: str
    filename: str
    pages: int | None = None
    overflow: bool
    fit_report: dict[str, Any] | None = None
    verification: dict[str, Any] | None = None
    reused: bool | None = None
    url: str | None = None


class RenderFailure(_Out):
    category: str = Field(description="invalid_input | not_found | unavailable | conflict")
    code: str = Field(description="What went wrong, e.g. missing_glyph, cannot_fit, render_timeout.")
    detail: str
    status: int = Field(description="The HTTP status the same failure gets from a direct render.")


class RenderJobOut(_Out):
    id: str
    status: str = Field(description="pending | succeeded | failed")
    kind: str
    resume_id: str
    version: int
    cover_letter_id: str | None = None
    template: str
    formats: list[str]
    options: dict[str, Any]
    artifacts: list[ArtifactOut]
    error: RenderFailure | None = None
    created_at: datetime
    completed_at: datetime | None = None
    links: dict[str, str]


class TemplateOut(_Out):
    name: str | None = None
    thumbnail_url: str


class TemplateList(_Out):
    items: list[TemplateOut]
