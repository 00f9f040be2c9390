"""The activity timeline: every event about a user, from any service, as one readable entry."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
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


# One renderer per event kind: (title, detail, when it happened or None for the event time).
_Rendered = tuple[str, dict[str, Any], datetime | None]


def _resume_rendered(data: Mapping[str, Any]) -> _Rendered:
    formats = ", ".join(a.get("format", "?") for a in data.get("artifacts") or [] if isinstance(a, Mapping))
    ok = data.get("status") == "succeeded"
    title = f"Resume rendered ({formats or 'no files'})" if ok else "Resume render failed"
    return (
        title,
        {
            "resume_id": data.get("resume_id"),
            "version": data.get("version"),
            "template": data.get("template"),
            "status": data.get("status"),
            "error": data.get("error"),
        },
        None,
    )


def _ats_scan(data: Mapping[str, Any]) -> _Rendered:
    detail = {"scan_id": data.get("scan_id"), "resume_id": data.get("resume_id"), "score": data.get("score"),
              "findings": data.get("findings_count"), "layout_risks": data.get("layout_risks") or []}  # fmt: skip
    return f"ATS scan: {data.get('score')}/100", detail, None


def _ats_match(data: Mapping[str, Any]) -> _Rendered:
    missing = data.get("missing_hard_skills") or []
    title = f"Resume match score {data.get('score')}/100" + (
        f", missing {', '.join(missing[:3])}" if missing else ""
    )
    detail = {
        "match_id": data.get("match_id"),
        "score": data.get("score"),
        "resume_id": data.get("resume_id"),
        "version": data.get("version"),
        "missing_hard_skills": missing,
    }
    return title, detail, None


def _practice(data: Mapping[str, Any]) -> _Rendered:
    role = data.get("role")
    title = (
        f"Interview practice{' for ' + role if role else ''}: {data.get('answers')} answers, "
        f"average {data.get('average_total')}"
    )
    detail = {
        "session_id": data.get("session_id"),
        "answers": data.get("answers"),
        "average_total": data.get("average_total"),
        "weakest_dimension": data.get("weakest_dimension"),
        "role": role,
    }
    return title, detail, _dt(data.get("completed_at"))


def _linkedin(data: Mapping[str, Any]) -> _Rendered:
    title = f"LinkedIn profile review: {data.get('score')}/100 ({data.get('band')})"
    return (
        title,
        {"review_id": data.get("review_id"), "score": data.get("score"), "band": data.get("band")},
        None,
    )


def _registered(data: Mapping[str, Any]) -> _Rendered:
    return "Joined Resugrow", {}, _dt(data.get("registered_at"))


def _created(data: Mapping[str, Any]) -> _Rendered:
    title = f"Added {data.get('role')} at {data.get('company')} ({data.get('stage')})"
    return (
        title,
        {
            "stage": data.get("stage"),
            "source": data.get("source"),
            "company": data.get("company"),
            "role": data.get("role"),
        },
        None,
    )


def _stage_changed(data: Mapping[str, Any]) -> _Rendered:
    who = f"{data.get('company')}: " if data.get("company") else ""
    title = f"{who}{_stage(data.get('from_stage'))} → {_stage(data.get('to_stage'))}"
    detail = {"from": data.get("from_stage"), "to": data.get("to_stage"), "source": data.get("source"),
              "company": data.get("company"), "role": data.get("role")}  # fmt: skip
    return title, detail, _dt(data.get("moved_at"))


def _interview_scheduled(data: Mapping[str, Any]) -> _Rendered:
    when = _dt(data.get("scheduled_at"))
    kind = (data.get("interview_type") or "Interview").replace("_", " ").capitalize()
    title = (
        f"{kind} interview with {data.get('company')} scheduled for {when:%d %b %Y %H:%M} UTC"
        if when
        else "Interview scheduled"
    )
    detail = {
        "scheduled_at": when,
        "interview_type": data.get("interview_type"),
        "company": data.get("company"),
        "role": data.get("role"),
    }
    return title, detail, None


def _reminder_due(data: Mapping[str, Any]) -> _Rendered:
    title = f"Reminder: {str(data.get('kind', '')).replace('_', ' ')}"
    return title, {"reminder_id": data.get("reminder_id"), "message": data.get("message")}, None


RENDERERS: dict[str, Callable[[Mapping[str, Any]], _Rendered]] = {
    "resume.rendered": _resume_rendered,
    "ats.scan.completed": _ats_scan,
    "ats.match.scored": _ats_match,
    "interview.session.completed": _practice,
    "linkedin.review.completed": _linkedin,
    "user.registered": _registered,
    "tracker.application.created": _created,
    "tracker.application.stage_changed": _stage_changed,
    "tracker.interview.scheduled": _interview_scheduled,
    "tracker.reminder.due": _reminder_due,
}


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
    kind = event_kind(event_type)
    render = RENDERERS.get(kind)
    if not user_id or render is None:
        return None
    title, detail, at = render(data)
    return TimelineEntry(
        id=event_id,
        user_id=user_id,
        at=at or time,
        kind=kind,
        title=title,
        service=kind.split(".", 1)[0],
        application_id=data.get("application_id"),
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
