"""The board: user-defined columns, each mapped onto one canonical stage, holding cards."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from resugrow_tracker.domain.analytics import DEFAULT_GHOST_AFTER_DAYS, DEFAULT_STALE_AFTER_DAYS
from resugrow_tracker.domain.errors import FieldError, InvalidInput
from resugrow_tracker.domain.stages import ACTIVE, CLOSED, STAGES, Stage, parse_stage

MAX_COLUMNS = 30
_LABELS = {
    Stage.SAVED: "Saved",
    Stage.APPLIED: "Applied",
    Stage.SCREENING: "Screening",
    Stage.INTERVIEWING: "Interviewing",
    Stage.OFFER: "Offer",
    Stage.ACCEPTED: "Accepted",
    Stage.DECLINED: "Declined",
    Stage.REJECTED: "Rejected",
    Stage.WITHDRAWN: "Withdrawn",
    Stage.GHOSTED: "Ghosted",
}


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    name: str
    stage: Stage

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "stage": self.stage.value}


DEFAULT_COLUMNS: tuple[Column, ...] = tuple(Column(s.value, _LABELS[s], s) for s in STAGES)


def validate_columns(raw: Iterable[Mapping[str, Any]]) -> list[Column]:
    """Check a user's column list: unique ids, names, and a stage each maps onto."""
    items = list(raw)
    errors: list[FieldError] = []
    if not items:
        errors.append(FieldError("at least one column is needed", column="columns"))
    if len(items) > MAX_COLUMNS:
        errors.append(FieldError(f"at most {MAX_COLUMNS} columns", column="columns"))
    out: list[Column] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        row: list[FieldError] = []
        name = str(item.get("name") or "").strip()
        col_id = str(item.get("id") or "").strip() or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        stage_raw = item.get("stage")
        stage = parse_stage(str(stage_raw)) if stage_raw else parse_stage(name)
        if not name:
            row.append(FieldError("a column needs a name", row=i, column="name"))
        if not col_id or len(col_id) > 64:
            row.append(FieldError("a column needs a short id", row=i, column="id"))
        elif col_id in seen:
            row.append(FieldError(f"duplicate column id {col_id!r}", row=i, column="id"))
        seen.add(col_id)
        if stage is None:
            row.append(
                FieldError(
                    "unknown stage; map the column onto one of " + ", ".join(s.value for s in STAGES),
                    row=i,
                    column="stage",
                    value=str(stage_raw or name),
                )
            )
        errors.extend(row)
        if not row and stage is not None:
            out.append(Column(col_id, name[:80], stage))
    if errors:
        raise InvalidInput("The board columns are not valid.", errors=errors)
    return out


def with_implicit_columns(columns: list[Column]) -> list[Column]:
    """Stages no column maps onto still need a home, or their cards would vanish from the board."""
    covered = {c.stage for c in columns}
    return columns + [
        c for c in DEFAULT_COLUMNS if c.stage not in covered and c.id not in {x.id for x in columns}
    ]


def column_for(stage: Stage, column_id: str | None, columns: list[Column]) -> Column:
    for c in columns:
        if c.id == column_id and c.stage == stage:
            return c
    for c in columns:
        if c.stage == stage:
            return c
    return Column(stage.value, _LABELS[stage], stage)


def presumed_status(stage: Stage, last_move_at: datetime | None, as_of: datetime) -> tuple[bool, bool]:
    """(presumed ghosted, stale) from the last move alone: cheap enough for every card."""
    if last_move_at is None:
        return False, False
    idle = (as_of - last_move_at).total_seconds() / 86400.0
    ghost_days = DEFAULT_GHOST_AFTER_DAYS.get(stage)
    ghosted = stage in ACTIVE and ghost_days is not None and idle >= ghost_days
    stale_days = DEFAULT_STALE_AFTER_DAYS.get(stage)
    stale = not ghosted and stage not in CLOSED and stale_days is not None and idle >= stale_days
    return ghosted, stale


def build_board(
    apps: Iterable[Mapping[str, Any]],
    columns: list[Column],
    *,
    as_of: datetime,
    cards_per_column: int = 50,
) -> list[dict[str, Any]]:
    """Columns in the user's order, each with its card count and its first cards.

    Cards sort by priority (high first), then by the most recent move.
    """
    cols = with_implicit_columns(columns)
    buckets: dict[str, list[Mapping[str, Any]]] = {c.id: [] for c in cols}
    by_id = {c.id: c for c in cols}
    for app in apps:
        stage = Stage(app["stage"])
        col = column_for(stage, app.get("column_id"), cols)
        buckets.setdefault(col.id, []).append(app)
        by_id.setdefault(col.id, col)
    out: list[dict[str, Any]] = []
    for col in cols:
        items = buckets.get(col.id, [])
        if not items and col not in columns:
            continue
        items.sort(key=lambda a: (-(a.get("priority") or 0), _neg_ts(a.get("last_move_at"))))
        cards = [card(a, as_of) for a in items[:cards_per_column]]
        out.append({**col.as_dict(), "implicit": col not in columns, "count": len(items), "cards": cards})
    return out


def card(a: Mapping[str, Any], as_of: datetime) -> dict[str, Any]:
    """What the board shows of one application."""
    ghosted, stale = presumed_status(Stage(a["stage"]), a.get("last_move_at"), as_of)
    return {
        "id": a["_id"],
        "company": a.get("company"),
        "role": a.get("role"),
        "location": a.get("location"),
        "priority": a.get("priority"),
        "deadline": a.get("deadline"),
        "stage": a["stage"],
        "last_move_at": a.get("last_move_at"),
        "match_score": (a.get("ats_match") or {}).get("score"),
        "next_interview_at": a.get("next_interview_at"),
        "presumed_ghosted": ghosted,
        "stale": stale,
    }


def _neg_ts(value: Any) -> float:
    return -value.timestamp() if isinstance(value, datetime) else 0.0
