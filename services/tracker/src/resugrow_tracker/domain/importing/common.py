"""What every import format shares: limits, targets, options, the plan, row errors, moves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from resugrow_tracker.domain.applications import (
    ApplicationDraft,
)
from resugrow_tracker.domain.dates import DateParseError, parse_datetime
from resugrow_tracker.domain.errors import FieldError, InvalidInput
from resugrow_tracker.domain.history import Move, MoveSource
from resugrow_tracker.domain.stages import FUNNEL_RANK, Stage, parse_stage

ImportFormat = Literal["linkedin", "huntr", "csv"]
FORMATS: tuple[str, ...] = ("linkedin", "huntr", "csv")

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
MAX_FIELD_CHARS = 200_000
MAX_ERRORS_REPORTED = 50

LINKEDIN_COLUMNS = (
    "Application Date", "Contact Email", "Contact Phone Number", "Company Name", "Job Title", "Job Url",
    "Resume Name", "Question And Answers",
)  # fmt: skip

# Targets a generic CSV mapping can name; "stage_date.<stage>" and "custom.<name>" are open-ended.
TARGETS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation", "firm"),
    "role": ("role", "job title", "title", "position", "job", "position title", "job role"),
    "location": ("location", "city", "place", "office location"),
    "remote": (
        "remote",
        "remote?",
        "work type",
        "workplace",
        "workplace type",
        "work mode",
        "on site remote",
    ),
    "salary": ("salary", "compensation", "pay", "salary range", "comp", "base salary"),
    "salary_min": ("salary min", "min salary", "salary from"),
    "salary_max": ("salary max", "max salary", "salary to"),
    "salary_currency": ("currency", "salary currency"),
    "source": (
        "source",
        "found via",
        "found on",
        "via",
        "platform",
        "job board",
        "channel",
        "where found",
        "where i found it",
        "found",
        "origin",
        "lead source",
    ),
    "job_url": (
        "url",
        "job url",
        "link",
        "job link",
        "posting",
        "posting url",
        "job posting",
        "job posting url",
    ),
    "job_description": ("description", "job description", "jd"),
    "stage": ("stage", "status", "state", "column", "list", "current status", "current stage"),
    "stage_date": ("status date", "stage date", "last update", "last updated", "updated", "date updated"),
    "applied_at": ("applied", "date applied", "applied on", "application date", "applied date", "date"),
    "saved_at": ("saved", "date saved", "saved on", "added", "date added", "created"),
    "deadline": ("deadline", "apply by", "closing date", "due"),
    "priority": ("priority", "excitement", "interest", "rating"),
    "notes": ("notes", "note", "comments", "comment"),
    "contact_name": ("contact", "contact name", "recruiter", "recruiter name", "hiring manager"),
    "contact_email": ("contact email", "email", "recruiter email"),
    "contact_phone": ("contact phone", "phone", "contact phone number"),
    "resume_version": ("resume", "resume version", "cv", "resume name", "resume used", "cv version"),
    "cover_letter": ("cover letter",),
    "external_id": ("id", "external id", "job id"),
}
_DATE_TARGETS = ("stage_date", "applied_at", "saved_at", "deadline")


@dataclass
class ImportOptions:
    date_order: Literal["MDY", "DMY"] | None = None  # None: decided per column
    default_stage: Stage = Stage.APPLIED
    default_source: str | None = None


@dataclass
class ImportPlan:
    format: str
    drafts: list[ApplicationDraft]
    duplicates_in_file: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    rows: int = 0


def _fail(detail: str, errors: list[FieldError]) -> InvalidInput:
    return InvalidInput(detail, errors=errors[:MAX_ERRORS_REPORTED])


class _RowErrors:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def date(self, value: Any, order: Literal["MDY", "DMY"] | None, row: int, column: str) -> datetime | None:
        try:
            return parse_datetime(value, order=order)
        except DateParseError:
            self.errors.append(FieldError("not a date", row=row, column=column, value=str(value)))
            return None

    def stage(self, value: str | None, row: int, column: str) -> Stage | None:
        if value is None or not str(value).strip():
            return None
        stage = parse_stage(str(value))
        if stage is None:
            self.errors.append(
                FieldError(
                    "unknown stage; use one of " + ", ".join(s.value for s in Stage),
                    row=row,
                    column=column,
                    value=str(value),
                )
            )
        return stage

    def call(self, fn: Callable[[Any], Any], value: Any, row: int, column: str) -> Any:
        try:
            return fn(value)
        except ValueError as exc:
            self.errors.append(FieldError(str(exc), row=row, column=column, value=str(value)))
            return None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def build_moves(
    evidence: Iterable[tuple[Stage, datetime]],
    *,
    current: Stage | None,
    current_at: datetime | None,
    fallback_at: datetime,
) -> list[Move]:
    """History from dated stage evidence plus the current stage, in time order.

    Same-day evidence keeps funnel order (applied before screening); the current stage is
    appended when the dated evidence does not already end in it.
    """
    items = sorted(evidence, key=lambda e: (e[1], FUNNEL_RANK[e[0]] if FUNNEL_RANK[e[0]] is not None else 9))
    if current is not None and (not items or items[-1][0] is not current):
        at = current_at or (items[-1][1] if items else fallback_at)
        if items and at < items[-1][1]:
            at = items[-1][1]
        items.append((current, at))
    moves: list[Move] = []
    for stage, at in items:
        if moves and moves[-1].to is stage:
            continue
        moves.append(
            Move(
                to=stage,
                at=at,
                source=MoveSource.IMPORT,
                from_stage=moves[-1].to if moves else None,
                seq=len(moves),
            )
        )
    return moves


def _dedupe(drafts: list[ApplicationDraft]) -> tuple[list[ApplicationDraft], int]:
    seen: set[str] = set()
    out: list[ApplicationDraft] = []
    for d in drafts:
        k = d.key()
        if k in seen:
            continue
        seen.add(k)
        out.append(d)
    return out, len(drafts) - len(out)
