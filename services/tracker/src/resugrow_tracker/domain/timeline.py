"""The activity timeline: every event about a user, from any service, as one readable entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    id: str  # the event id: a redelivered event maps onto the same entry
    user_id: str
    at: datetime
    kind: str
    title: str
    service: str
    application_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["_id"] = doc.pop("id")
        return doc


def event_kind(event_type: str) -> str:
    """'resugrow.ats.match.scored.v1' -> 'ats.match.scored'."""
    name = event_type.removeprefix("resugrow.")
    return re.sub(r"\.v\d+$", "", name)


def _stage(s: Any) -> str:
    return str(s or "?")


def _dt(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def entry_from_event(
    *,
    event_id: str,
    event_type: str,
    user_id: str | None,
    time: datetime,
    subject: str,
    data: Mapping[str, Any],
) -> TimelineEntry | None:
    """The timeline entry an event makes, or None for events that belong to nobody's timeline."""
    if not user_id:
        return None
    kind = event_kind(event_type)
    service = kind.split(".", 1)[0]
    app_id: str | None = data.get("application_id")
    detail: dict[str, Any] = {}
    at = time
    if kind == "resume.rendered":
        formats = ", ".join(
            a.get("format", "?") for a in data.get("artifacts") or [] if isinstance(a, Mapping)
        )
        ok = data.get("status") == "succeeded"
        title = f"Resume rendered ({formats or 'no files'})" if ok else "Resume render failed"
        detail = {"resume_id": data.get("resume_id"), "version": data.get("version"), "template": data.get("template"),
                  "status": data.get("status"), "error": data.get("error")}  # fmt: skip
    elif kind == "ats.scan.completed":
        title = f"ATS scan: {data.get('score')}/100"
        detail = {"scan_id": data.get("scan_id"), "resume_id": data.get("resume_id"), "score": data.get("score"),
                  "findings": data.get("findings_count"), "layout_risks": data.get("layout_risks") or []}  # fmt: skip
    elif kind == "ats.match.scored":
        missing = data.get("missing_hard_skills") or []
        title = f"Resume match score {data.get('score')}/100" + (
            f", missing {', '.join(missing[:3])}" if missing else ""
        )
        detail = {"match_id": data.get("match_id"), "score": data.get("score"), "resume_id": data.get("resume_id"),
                  "version": data.get("version"), "missing_hard_skills": missing}  # fmt: skip
    elif kind == "interview.session.completed":
        role = data.get("role")
        title = f"Interview practice{' for ' + role if role else ''}: {data.get('answers')} answers, average {data.get('average_total')}"
        detail = {"session_id": data.get("session_id"), "answers": data.get("answers"),
                  "average_total": data.get("average_total"), "weakest_dimension": data.get("weakest_dimension"),
                  "role": role}  # fmt: skip
        at = _dt(data.get("completed_at")) or time
    elif kind == "linkedin.review.completed":
        title = f"LinkedIn profile review: {data.get('score')}/100 ({data.get('band')})"
        detail = {"review_id": data.get("review_id"), "score": data.get("score"), "band": data.get("band")}
    elif kind == "user.registered":
        title = "Joined Resugrow"
        at = _dt(data.get("registered_at")) or time
    elif kind == "tracker.application.created":
        title = f"Added {data.get('role')} at {data.get('company')} ({data.get('stage')})"
        app_id = data.get("application_id")
        detail = {"stage": data.get("stage"), "source": data.get("source"), "company": data.get("company"),
                  "role": data.get("role")}  # fmt: skip
    elif kind == "tracker.application.stage_changed":
        who = f"{data.get('company')}: " if data.get("company") else ""
        title = f"{who}{_stage(data.get('from_stage'))} → {_stage(data.get('to_stage'))}"
        detail = {"from": data.get("from_stage"), "to": data.get("to_stage"), "source": data.get("source"),
                  "company": data.get("company"), "role": data.get("role")}  # fmt: skip
        at = _dt(data.get("moved_at")) or time
    elif kind == "tracker.interview.scheduled":
        when = _dt(data.get("scheduled_at"))
        title = (
            f"{(data.get('interview_type') or 'Interview').replace('_', ' ').capitalize()} interview with "
            f"{data.get('company')} scheduled for {when:%d %b %Y %H:%M} UTC"
            if when
            else "Interview scheduled"
        )
        detail = {"scheduled_at": when, "interview_type": data.get("interview_type"), "company": data.get("company"),
                  "role": data.get("role")}  # fmt: skip
    elif kind == "tracker.reminder.due":
        title = f"Reminder: {str(data.get('kind', '')).replace('_', ' ')}"
        detail = {"reminder_id": data.get("reminder_id"), "message": data.get("message")}
    else:
        return None
    return TimelineEntry(
        id=event_id,
        user_id=user_id,
        at=at,
        kind=kind,
        title=title,
        service=service,
        application_id=app_id,
        detail={k: v for k, v in detail.items() if v is not None},
    )


def _tokens(text: str | None) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9+#]+", (text or "").lower()) if len(t) > 1 and t not in _STOP}


_STOP = {"senior", "junior", "sr", "jr", "the", "and", "of", "for", "ii", "iii", "lead", "staff", "principal"}


@dataclass(frozen=True)
class UpcomingInterview:
    application_id: str
    company: str | None
    role: str | None
    scheduled_at: datetime
    interview_id: str | None = None


def link_practice(
    *,
    completed_at: datetime,
    application_id: str | None,
    role: str | None,
    upcoming: Iterable[UpcomingInterview],
    horizon: timedelta = timedelta(days=30),
) -> UpcomingInterview | None:
    """The interview a practice session prepared for: the next one of its application, or else the
    soonest upcoming interview within the horizon whose role shares words with the practice role."""
    later = sorted(
        (u for u in upcoming if completed_at <= u.scheduled_at <= completed_at + horizon),
        key=lambda u: u.scheduled_at,
    )
    if application_id:
        for u in later:
            if u.application_id == application_id:
                return u
    words = _tokens(role)
    if not words:
        return None
    best: tuple[float, UpcomingInterview] | None = None
    for u in later:
        theirs = _tokens(u.role)
        if not theirs:
            continue
        overlap = len(words & theirs) / len(words | theirs)
        if overlap >= 0.5 and (best is None or overlap > best[0]):
            best = (overlap, u)
    return best[1] if best else None
