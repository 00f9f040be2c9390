"""Inputs of the ATS use cases. The API builds them from JSON or multipart bodies; use cases never
import the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class ScanRequest(BaseModel):
    """What to scan or match: an upload (sent beside these fields), a stored resume version, or text."""

    model_config = ConfigDict(extra="forbid")

    resume_id: str | None = Field(default=None, max_length=100)
    version: int | None = Field(default=None, ge=0)
    text: str | None = Field(
        default=None, max_length=200_000, description="Resume as plain text (match only)."
    )
    job_description: str | None = Field(default=None, max_length=20_000)
    application_id: str | None = Field(default=None, max_length=100)
    as_of: date | None = Field(default=None, description="Date 'Present' means (default: today, UTC).")


@dataclass(frozen=True)
class Upload:
    """A file sent with a command; its type is sniffed from the bytes, never from the name."""

    data: bytes
    filename: str | None = None
