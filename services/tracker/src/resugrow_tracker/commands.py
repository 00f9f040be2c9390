"""The use cases' inputs (the API imports them, never the reverse).

Request bodies are strict (unknown fields are a 422), with limits that keep documents small;
query commands carry a list endpoint's filters and its page (`limit` + opaque `cursor`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Remote = Literal["remote", "hybrid", "onsite"]
SalaryPeriod = Literal["hour", "day", "week", "month", "year"]
InterviewType = Literal[
    "phone_screen", "video", "technical", "behavioral", "onsite", "panel", "final", "take_home",
    "case_study", "hr", "other",
]  # fmt: skip
CustomValue = str | int | float | bool | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _ApplicationFields(_Strict):
    location: str | None = Field(default=None, max_length=200)
    remote: Remote | None = None
    salary_min: float | None = Field(default=None, ge=0, le=1e9)
    salary_max: float | None = Field(default=None, ge=0, le=1e9)
    salary_currency: str | None = Field(default=None, min_length=3, max_length=3)
    salary_period: SalaryPeriod | None = None
    source: str | None = Field(default=None, max_length=100)
    job_url: str | None = Field(default=None, max_length=2000)
    job_description: str | None = Field(default=None, max_length=100_000)
    resume_id: str | None = Field(default=None, max_length=100)
    resume_version: int | None = Field(default=None, ge=0)
    resume_label: str | None = Field(default=None, max_length=200)
    cover_letter: str | None = Field(default=None, max_length=20_000)
    priority: int | None = Field(default=None, ge=0, le=3)
    deadline: datetime | None = None
    custom_fields: dict[str, CustomValue] | None = None
    column_id: str | None = Field(default=None, max_length=64)

    @field_validator("custom_fields")
    @classmethod
    def _few_custom_fields(cls, v: dict[str, CustomValue] | None) -> dict[str, CustomValue] | None:
        if v is not None:
            if len(v) > 50:
                raise ValueError("at most 50 custom fields")
            for key, value in v.items():
                if not key or len(key) > 64 or key.startswith("$") or "." in key:
                    raise ValueError(f"invalid custom field name {key!r}")
                if isinstance(value, str) and len(value) > 2000:
                    raise ValueError(f"custom field {key!r} is longer than 2000 characters")
        return v


class ApplicationIn(_ApplicationFields):
    company: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=200)
    stage: str = Field(default="saved", max_length=40)
    # When the initial stage really happened (history entered after the fact); default now.
    stage_at: datetime | None = None


class ApplicationPatch(_ApplicationFields):
    company: str | None = Field(default=None, min_length=1, max_length=200)
    role: str | None = Field(default=None, min_length=1, max_length=200)


class MoveIn(_Strict):
    to: str | None = Field(default=None, max_length=40)
    column_id: str | None = Field(default=None, max_length=64)
    at: datetime | None = None
    source: Literal["user", "import", "automation"] = "user"
    note: str | None = Field(default=None, max_length=5000)


class InterviewIn(_Strict):
    scheduled_at: datetime
    type: InterviewType = "other"
    duration_minutes: int = Field(default=60, ge=5, le=24 * 60)
    location: str | None = Field(default=None, max_length=500)
    interviewers: list[str] = Field(default_factory=list, max_length=20)
    notes: str | None = Field(default=None, max_length=5000)
    remind: bool = True


class ContactIn(_Strict):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(default=None, max_length=50)
    title: str | None = Field(default=None, max_length=200)
    linkedin_url: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=5000)


class NoteIn(_Strict):
    text: str = Field(min_length=1, max_length=20_000)


class TaskIn(_Strict):
    title: str = Field(min_length=1, max_length=500)
    due_at: datetime | None = None
    done: bool = False
    remind: bool = False


class ReminderIn(_Strict):
    kind: Literal["follow_up", "interview", "deadline", "thank_you"]
    due_at: datetime
    application_id: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=2000)


class ColumnIn(_Strict):
    id: str | None = Field(default=None, max_length=64)
    name: str = Field(min_length=1, max_length=80)
    stage: str | None = Field(default=None, max_length=40)


class ColumnsIn(_Strict):
    columns: list[ColumnIn] = Field(min_length=1, max_length=30)


class ClipIn(_Strict):
    html: str = Field(min_length=1, max_length=3 * 1024 * 1024)
    url: str | None = Field(default=None, max_length=2000)
    save: bool = False
    stage: str = Field(default="saved", max_length=40)


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageQuery(_Query):
    limit: int | None = None
    cursor: str | None = None


class ApplicationSearch(PageQuery):
    stage: list[str] | None = None
    q: str | None = None
    source: str | None = None
    priority_min: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    sort: str = "-last_move_at"


class ReminderFilter(PageQuery):
    status: str | None = "pending"
    application_id: str | None = None


class ActivityFilter(PageQuery):
    application_id: str | None = None
    kind: str | None = None


class AnalyticsQuery(_Query):
    as_of: datetime
    include_ids: bool = True
    ghost_after: str | None = None
    stale_after: str | None = None


class ExportFilter(_Query):
    format: str = "csv"
    date_from: datetime | None = None
    date_to: datetime | None = None
    stage: list[str] | None = None


class ReportFilter(ExportFilter):
    owner: str | None = None
    as_of: datetime | None = None


class ImportRequest(_Query):
    content: bytes
    format: str | None = None
    mapping: dict[str, str] | None = None
    date_order: str | None = None
    default_stage: str | None = None
    dry_run: bool = False
