"""Inputs of the LinkedIn review use cases. The API builds them from JSON or multipart bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from resugrow_linkedin.domain.models import ManualAnswers


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] | None = Field(
        default=None, description="Our profile model or a JSON Resume document."
    )
    review_id: str | None = Field(
        default=None, max_length=64, description="Export only: which review's profile."
    )
    manual: ManualAnswers | None = None
    job_description: str | None = Field(default=None, max_length=20_000)
    application_id: str | None = Field(default=None, max_length=100)
    as_of: date | None = Field(
        default=None, description="Date the activity check counts from (default: today, UTC)."
    )


@dataclass(frozen=True)
class Upload:
    """An export ZIP or profile PDF; the type is sniffed from the bytes."""

    data: bytes
