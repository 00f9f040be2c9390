"""Reminders: kinds, when a due reminder still deserves sending, and ready-to-send messages.

Messages are built when the reminder falls due, from the application as it is then, so a
follow-up never mentions a stage the application has already left. The templates are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from resugrow_tracker.domain.stages import CLOSED, Stage
from resugrow_tracker.domain.thank_you import draft_thank_you


class ReminderKind(StrEnum):
    FOLLOW_UP = "follow_up"
    INTERVIEW = "interview"
    DEADLINE = "deadline"
    THANK_YOU = "thank_you"


@dataclass(frozen=True)
class ReminderContext:
    company: str | None = None
    role: str | None = None
    stage: Stage | None = None
    applied_at: datetime | None = None
    contact_name: str | None = None
    interview_at: datetime | None = None
    interview_type: str | None = None
    deadline: datetime | None = None
    note: str | None = None
    deleted: bool = False
    # The interview a thank-you follows: who was there and the user's notes (topics come from them).
    interviewers: tuple[str, ...] = ()
    interview_notes: str | None = None


def _day(dt: datetime | None) -> str:
    return f"{dt:%A %d %B %Y}".replace(" 0", " ") if dt else "recently"


def _when(dt: datetime | None) -> str:
    return f"{dt:%A %d %B %Y at %H:%M} UTC".replace(" 0", " ") if dt else "soon"


def _type(kind: str | None) -> str:
    return (kind or "").replace("_", " ").strip() or "upcoming"


def should_fire(kind: ReminderKind, ctx: ReminderContext | None) -> tuple[bool, str | None]:
    """Whether a due reminder is still worth sending; the reason when it is not."""
    if ctx is None:
        return True, None  # a free-standing reminder
    if ctx.deleted:
        return False, "application deleted"
    if kind is ReminderKind.FOLLOW_UP and ctx.stage in CLOSED:
        return False, f"application is {ctx.stage.value if ctx.stage else 'closed'}"
    if kind is ReminderKind.DEADLINE and ctx.stage not in (None, Stage.SAVED):
        return False, "already applied"
    return True, None


def subject_for(kind: ReminderKind, ctx: ReminderContext | None) -> str:
    company = (ctx.company if ctx else None) or "the company"
    role = (ctx.role if ctx else None) or "the role"
    return {
        ReminderKind.FOLLOW_UP: f"Following up on my application for {role}",
        ReminderKind.THANK_YOU: f"Thank you - {role} interview",
        ReminderKind.INTERVIEW: f"Interview with {company} ({role})",
        ReminderKind.DEADLINE: f"Application deadline: {role} at {company}",
    }[kind]


def build_message(kind: ReminderKind, ctx: ReminderContext | None, *, due_at: datetime) -> str:
    """A message the user can send or act on as-is."""
    c = ctx or ReminderContext()
    company = c.company or "your company"
    role = c.role or "the open position"
    greeting = f"Hi {c.contact_name.split()[0]}," if c.contact_name else "Hello,"
    note = f"\n\nYour note: {c.note}" if c.note else ""
    if kind is ReminderKind.FOLLOW_UP:
        body = (
            f"{greeting}\n\n"
            f"I applied for the {role} role at {company} on {_day(c.applied_at)} and wanted to check in on "
            f"where things stand. I am still very interested in the position and would be glad to share "
            f"anything else that would help your review.\n\n"
            f"Thank you for your time, and I look forward to hearing from you.\n\nBest regards"
        )
    elif kind is ReminderKind.THANK_YOU:
        body = draft_thank_you(
            role=c.role,
            company=c.company,
            interviewers=list(c.interviewers),
            notes=c.interview_notes,
            contact_name=c.contact_name,
        ).body
    elif kind is ReminderKind.INTERVIEW:
        body = (
            f"Your {_type(c.interview_type)} interview with {company} for the {role} role is on "
            f"{_when(c.interview_at or due_at)}.\n\n"
            f"Before it: re-read the job description, prepare two or three stories in STAR form that "
            f"match its main requirements, and write down the questions you want to ask them."
        )
    else:
        body = (
            f"Applications for the {role} role at {company} close on {_day(c.deadline or due_at)}. "
            f"Tailor your resume to the job description and send the application before then."
        )
    return body + note


def automatic_reminders(
    *, stage: Stage, at: datetime, now: datetime, follow_up_days: int
) -> list[tuple[ReminderKind, datetime]]:
    """Reminders a move implies: a follow-up a set time after applying, if that is still ahead."""
    out: list[tuple[ReminderKind, datetime]] = []
    if stage is Stage.APPLIED and follow_up_days > 0:
        due = at + timedelta(days=follow_up_days)
        if due > now:
            out.append((ReminderKind.FOLLOW_UP, due))
    return out


def interview_reminders(
    *, scheduled_at: datetime, duration_minutes: int, now: datetime
) -> list[tuple[ReminderKind, datetime]]:
    """A heads-up the day before an interview and a thank-you note a couple of hours after it."""
    out: list[tuple[ReminderKind, datetime]] = []
    before = scheduled_at - timedelta(hours=24)
    if before > now:
        out.append((ReminderKind.INTERVIEW, before))
    elif scheduled_at > now:
        out.append((ReminderKind.INTERVIEW, now))
    after = scheduled_at + timedelta(minutes=duration_minutes) + timedelta(hours=2)
    if after > now:
        out.append((ReminderKind.THANK_YOU, after))
    return out
