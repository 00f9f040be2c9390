"""Inputs of the resume service's use cases. The API takes them as request bodies; use cases
never import the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from resugrow_resume.domain.documents import RenderSpec

__all__ = [
    "CoverLetterInput",
    "ImportFile",
    "JobRef",
    "PageQuery",
    "RenderSpec",
    "ResumeInput",
    "ResumePatch",
    "VariantInput",
]


class ResumeInput(BaseModel):
    """Create a master resume, or replace a resume's document (a new version)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, description="Defaults to the name and headline.")
    resume: dict[str, Any] = Field(
        description="A JSON Resume document (our superset: meta.locale, meta.template)."
    )


class ResumePatch(BaseModel):
    """JSON Merge Patch (RFC 7396) of ``{"title", "resume"}``, applied to the current document."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    resume: dict[str, Any] | None = Field(default=None, description="Merge patch of the document.")


class JobRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2048)
    application_id: str | None = Field(default=None, max_length=100)


class VariantInput(BaseModel):
    """A variant tailored from a master: a merge patch of the master's document, or a whole one."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    job: JobRef | None = None
    patch: dict[str, Any] | None = Field(
        default=None, description="JSON Merge Patch applied to the master's current document."
    )
    resume: dict[str, Any] | None = Field(
        default=None, description="The whole tailored document instead of a patch."
    )


class CoverLetterInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume_id: str
    title: str | None = None
    template: str | None = Field(default=None, description="Defaults to the resume's template.")
    job_title: str | None = None
    company: str | None = None
    job_url: str | None = None
    application_id: str | None = None
    recipient: str | None = None
    date: str | None = Field(default=None, description="ISO date shown on the letter.")
    greeting: str | None = None
    paragraphs: list[str]
    closing: str | None = None

    def letter_fields(self) -> dict[str, Any]:
        """What the letter says (validated by the domain), without its metadata."""
        return self.model_dump(exclude_none=True, exclude={"resume_id", "title", "template"})


@dataclass(frozen=True)
class ImportFile:
    """An uploaded JSON Resume / RenderCV YAML / resugrow export."""

    raw: bytes
    content_type: str | None
    declared: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class PageQuery:
    limit: int = 20
    cursor: str | None = None


# --- writing tools (issue 13) ----------------------------------------------------------------

_BulletText = Annotated[str, Field(min_length=1, max_length=1_000)]
JOB_TEXT = 20_000  # the ATS match API takes job descriptions up to this size


class PastedBullet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: _BulletText
    current: bool = Field(default=False, description="From a role you still hold (present tense).")


class ReviewBulletsInput(BaseModel):
    """Pasted bullets, or a stored resume (version) to review."""

    model_config = ConfigDict(extra="forbid")

    bullets: Annotated[list[_BulletText | PastedBullet], Field(max_length=400)] | None = Field(
        default=None, description="Pasted bullets (strings, or objects with `current`)."
    )
    resume_id: str | None = Field(default=None, max_length=100, description="Or review a stored resume.")
    version: int | None = Field(default=None, ge=1, description="Its version (default: the latest).")


class ChosenRewrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(max_length=100, examples=["work[0].highlights[2]"])
    candidate: int | None = Field(default=None, ge=0, le=9, description="Index of the chosen candidate.")
    fills: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=5)] = Field(
        default_factory=list, description="Your answers to the candidate's placeholders, in order."
    )
    text: _BulletText | None = Field(default=None, description="Or your own final wording.")


class ApplyRewritesInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, ge=1, description="The version the candidates came from.")
    choices: Annotated[list[ChosenRewrite], Field(min_length=1, max_length=400)]


class JobPosting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_description: str = Field(min_length=1, max_length=JOB_TEXT)
    job_title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)
    application_id: str | None = Field(default=None, max_length=100)


class TailorInput(JobPosting):
    confirmed: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] = Field(
        default_factory=list,
        description='Missing keywords you confirmed ("I have this"); only these are added.',
    )
    title: str | None = Field(default=None, max_length=200)


class CoverLetterDraftInput(JobPosting):
    resume_id: str = Field(max_length=100)
    version: int | None = Field(default=None, ge=1)
    tone: Literal["formal", "warm", "direct"] = "formal"
    title: str | None = Field(default=None, max_length=200)
    template: str | None = Field(default=None, max_length=100)
