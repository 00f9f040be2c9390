"""Events published by the resume service."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from resugrow_events.envelope import EventPayload


class ResumeUpdatedV1(EventPayload):
    """A resume (master or variant) got a new version; carries a plain-text projection so
    consumers never need to call back."""

    event_type = "resugrow.resume.updated.v1"
    aggregate = "resume"
    resume_id: str
    version: int
    title: str | None = None
    is_variant: bool = False
    master_id: str | None = None
    # Set when a variant's resolved content changed because its master got this version
    # (the variant's own ``version`` is then unchanged).
    master_version: int | None = None
    name: str | None = None
    headline: str | None = None
    positions: list[dict[str, str | None]] = []
    skills: list[str] = []
    text: str
    updated_at: datetime


class RenderRequestedV1(EventPayload):
    event_type = "resugrow.resume.render.requested.v1"
    aggregate = "render"
    render_id: str
    resume_id: str
    version: int
    formats: list[str]
    template: str
    page_size: str | None = None
    locale: str | None = None
    fit_pages: int | None = None
    kind: str = "resume"  # "resume" | "cover_letter"
    cover_letter_id: str | None = None
    # A variant renders as it resolved when the job was requested, even if its master moves on.
    master_version: int | None = None
    pdf_standard: str | None = None  # "a-2b" | "ua-1"


class RenderedArtifact(BaseModel):
    format: str
    artifact_id: str
    sha256: str
    size: int
    media_type: str
    pages: int | None = None
    verification_passed: bool | None = None
    checks: dict[str, bool] = {}
    problems: list[str] = []
    overflow: bool = False
    download_path: str | None = None  # GET it on the resume service (or the gateway) with the user's token


class ResumeRenderedV1(EventPayload):
    event_type = "resugrow.resume.rendered.v1"
    aggregate = "render"
    render_id: str
    resume_id: str
    version: int
    template: str
    status: str  # "succeeded" | "failed"
    artifacts: list[RenderedArtifact] = []
    error: str | None = None
    overflow: bool = False
    kind: str = "resume"  # "resume" | "cover_letter"
    cover_letter_id: str | None = None
