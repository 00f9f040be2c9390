"""Which dashboard sections an event or a forwarded write makes out of date.

An event changes its publisher's section at once ("direct") and possibly the section of a service
that consumes it ("derived": the ATS score on a resume changes once the resume service has taken
in `ats.scan.completed`). A derived change lands only after the consuming service processed the
event, which may be after the gateway saw it; so derived sections are invalidated again once that
has had time to happen (`settle_s`), and in any case the read model's age bound applies.

The table is explicit (the catalog's consumers include the tracker's activity timeline, which no
summary shows): a unit test fails when a catalogued topic is in neither `CHANGES` nor `IGNORED`.
"""

from __future__ import annotations

from dataclasses import dataclass

from resugrow_events import (
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    CareerOfferEvaluatedV1,
    InterviewAnswerScoredV1,
    InterviewScheduledV1,
    InterviewSessionCompletedV1,
    LinkedinReviewCompletedV1,
    ReminderDueV1,
    RenderRequestedV1,
    ResumeRenderedV1,
    ResumeUpdatedV1,
    UserDeletedV1,
    UserRegisteredV1,
)
from resugrow_gateway.domain.dashboard import SECTIONS


@dataclass(frozen=True)
class Changed:
    direct: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.direct, *self.derived)


CHANGES: dict[str, Changed] = {
    # A new version: the resume list; career reads the resume's skills and occupation, LinkedIn
    # compares the profile with it.
    ResumeUpdatedV1.event_type: Changed(("resume",), ("career", "linkedin")),
    # The latest ATS score is shown on the resume too (the resume service records it).
    AtsScanCompletedV1.event_type: Changed(("ats",), ("resume",)),
    AtsMatchScoredV1.event_type: Changed(("ats",)),
    InterviewAnswerScoredV1.event_type: Changed(("interview",)),
    InterviewSessionCompletedV1.event_type: Changed(("interview",)),
    LinkedinReviewCompletedV1.event_type: Changed(("linkedin",)),
    ApplicationCreatedV1.event_type: Changed(("tracker",), ("ats",)),
    ApplicationStageChangedV1.event_type: Changed(("tracker",), ("career",)),
    InterviewScheduledV1.event_type: Changed(("tracker",), ("interview",)),
    ReminderDueV1.event_type: Changed(("tracker",)),
    CareerOfferEvaluatedV1.event_type: Changed(("career",)),
}
# No summary shows renders (a scan that follows one has its own event); a new account has nothing
# stored; a deleted account's sections are erased instead (use_cases/dashboard.on_event).
IGNORED = frozenset(
    {
        RenderRequestedV1.event_type,
        ResumeRenderedV1.event_type,
        UserRegisteredV1.event_type,
        UserDeletedV1.event_type,
    }
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Forwarded POSTs that leave every summary as it was: producing a file changes no summary (and the
# render path is latency-critical: a database write on it would cost every render); the others
# compute an answer and store nothing.
NO_SUMMARY_EFFECT = frozenset(
    {
        "render_resume",
        "render_cover_letter",
        "evaluate_interview_answer",
        "parse_ats_resume",
        "plan_career_paths",
        "review_bullets",
    }
)


def changed_by_event(event_type: str) -> Changed:
    return CHANGES.get(event_type, Changed())


# Every topic the gateway reads to keep the read model current (user.deleted: to erase it).
DASHBOARD_TOPICS: tuple[str, ...] = (*CHANGES, UserDeletedV1.event_type)


def changed_by_write(service: str, method: str, operation_id: str | None) -> tuple[str, ...]:
    """The section a write forwarded to `service` makes out of date (its own)."""
    if method not in WRITE_METHODS or service not in SECTIONS or operation_id in NO_SUMMARY_EFFECT:
        return ()
    return (service,)
