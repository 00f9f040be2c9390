"""Documents around the resume: cover letters, render requests and the keys artifacts are cached under."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from resugrow_resume.domain.model import (
    BULLET_TEXT,
    LONG_TEXT,
    SHORT_TEXT,
    ResumeInvalid,
    Url,
    _errors_from,
    _iso_date,
    _no_control,
)

MAX_LETTER_PARAGRAPHS = 12
Short = Annotated[str, Field(max_length=SHORT_TEXT), AfterValidator(_no_control)]
Paragraph = Annotated[str, Field(min_length=1, max_length=LONG_TEXT), AfterValidator(_no_control)]


class CoverLetterContent(BaseModel):
    """What a cover letter says; the field names are the ones the render engine reads."""

    model_config = ConfigDict(strict=True, extra="forbid")

    job_title: Short | None = None
    company: Short | None = None
    job_url: Url | None = None
    application_id: Annotated[str, Field(max_length=100)] | None = None
    recipient: Short | None = None
    date: Annotated[str, AfterValidator(_iso_date)] | None = None
    greeting: Short | None = None
    paragraphs: Annotated[list[Paragraph], Field(min_length=1, max_length=MAX_LETTER_PARAGRAPHS)]
    closing: Annotated[str, Field(max_length=BULLET_TEXT), AfterValidator(_no_control)] | None = None


def validate_letter(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ResumeInvalid(
            [{"where": [], "path": "", "msg": "a cover letter must be a JSON object", "type": "type"}]
        )
    try:
        return CoverLetterContent.model_validate(data).model_dump(exclude_none=True)
    except ValidationError as exc:
        raise ResumeInvalid(_errors_from(exc)) from None


class RenderSpec(BaseModel):
    """One render request, before it is split into formats (the body of POST .../renders)."""

    model_config = ConfigDict(extra="forbid")

    format: str | None = None
    formats: Annotated[list[str], Field(min_length=1, max_length=12)] | None = None
    template: str | None = None
    page_size: str | None = None
    locale: str | None = None
    fit_pages: int | None = None
    page: int = 1
    pdf_standard: str | None = None
    version: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_of_format_or_formats(self) -> RenderSpec:
        if (self.format is None) == (self.formats is None):
            raise ValueError('give either "format" (one file, returned directly) or "formats" (a render job)')
        return self

    @property
    def format_list(self) -> list[str]:
        if self.formats is not None:
            return list(dict.fromkeys(f.lower() for f in self.formats))
        assert self.format is not None
        return [self.format.lower()]


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def render_key(
    *,
    user_id: str,
    kind: str,
    resume: dict[str, Any],
    letter: dict[str, Any] | None,
    options: dict[str, Any],
    engine: str,
) -> str:
    """The artifact's identity: same input and options and engine -> same key -> reused bytes.

    The user id is part of it so that two users' identical documents never share a stored file
    (erasing one user must not touch the other's artifacts).
    """
    return content_hash(
        {
            "user": user_id,
            "kind": kind,
            "resume": resume,
            "letter": letter,
            "options": options,
            "engine": engine,
        }
    )


def download_name(title: str | None, template: str, extension: str) -> str:
    """An ASCII file name for Content-Disposition: "Mira Okonkwo - Backend" -> mira-okonkwo-backend."""
    ascii_title = unicodedata.normalize("NFKD", title or "resume").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60] or "resume"
    return f"{slug}-{template}.{extension}"
