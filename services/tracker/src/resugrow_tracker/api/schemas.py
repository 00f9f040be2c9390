"""Response models: what the API answers (inputs are the use cases' commands, `commands.py`).

They name the fields clients rely on and allow the rest (custom fields, imported extras), so a
new stored field is never dropped silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class MoveOut(_Out):
    from_: str | None = Field(default=None, alias="from")
    to: str
    at: datetime
    source: str
    seq: int


class ApplicationOut(_Out):
    id: str
    company: str
    role: str
    stage: str
    column_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_move_at: datetime | None = None
    applied_at: datetime | None = None


class ApplicationDetail(ApplicationOut):
    moves: list[MoveOut] = []


class ApplicationPage(_Out):
    items: list[ApplicationOut]
    total: int
    next_cursor: str | None = None


class MoveResult(_Out):
    application_id: str
    move: MoveOut
    stage: str
    column_id: str | None = None


class StintOut(_Out):
    stage: str
    start: datetime
    end: datetime | None = None
    days: float


class HistoryOut(_Out):
    application_id: str
    stage: str | None
    effective_stage: str | None
    presumed_ghosted: bool
    stale: bool
    moves: list[MoveOut]
    stints: list[StintOut]


class InterviewResult(_Out):
    interview: dict[str, Any]
    stage: str
    moved: MoveOut | None = None


class ChildOut(_Out):
    id: str
    application_id: str
    created_at: datetime


class ChildPage(_Out):
    items: list[ChildOut]
    next_cursor: str | None = None


class ReminderOut(_Out):
    id: str
    kind: str
    due_at: datetime
    status: str
    application_id: str | None = None
    note: str | None = None


class ReminderPage(_Out):
    items: list[ReminderOut]
    next_cursor: str | None = None


class ImportResult(_Out):
    format: str
    rows: int
    duplicates_in_file: int
    dry_run: bool
    created: int
    skipped_existing: int
    application_ids: list[str]
    mapping: dict[str, str] | None = None
    would_create: int | None = None


class AnalyticsOut(_Out):
    as_of: datetime
    totals: dict[str, Any]
    conversion: list[dict[str, Any]]
    definitions: dict[str, Any]


class ColumnOut(_Out):
    id: str
    name: str
    stage: str


class ColumnsOut(_Out):
    columns: list[ColumnOut]


class BoardOut(_Out):
    as_of: datetime
    columns: list[dict[str, Any]]


class ClipOut(_Out):
    clip: dict[str, Any]
    application: ApplicationOut | None = None


class ActivityOut(_Out):
    id: str
    at: datetime
    kind: str
    title: str | None = None
    application_id: str | None = None


class ActivityPage(_Out):
    items: list[ActivityOut]
    next_cursor: str | None = None


class SummaryOut(_Out):
    total: int
    pipeline: dict[str, int]
    active: int
    presumed_ghosted: int
    stale: int
    next_reminders: list[dict[str, Any]]
    upcoming_interviews: list[dict[str, Any]]
    recent_activity: list[dict[str, Any]]
    as_of: datetime
