"""Event handlers: thin, one use case each."""

from __future__ import annotations

from resugrow_domain import InvalidInput
from resugrow_events import Envelope, InterviewScheduledV1
from resugrow_interview.adapters import sessions as repo
from resugrow_interview.adapters.sessions import MongoInterviewUnitOfWork
from resugrow_interview.commands import ScheduledInterview
from resugrow_interview.runtime import InterviewRuntime
from resugrow_interview.settings import InterviewSettings
from resugrow_interview.use_cases import suggestions
from resugrow_platform import ServicePlatform, UnitOfWork


def subscribe(platform: ServicePlatform[InterviewSettings], rt: InterviewRuntime) -> None:
    async def on_interview_scheduled(uow: UnitOfWork, event: Envelope[InterviewScheduledV1]) -> None:
        """Suggest a paused practice session for the scheduled interview."""
        if not event.userid:
            raise InvalidInput("tracker.interview.scheduled without a user id")
        p = event.data
        cmd = ScheduledInterview(
            event_id=event.id,
            application_id=p.application_id,
            company=p.company,
            role_title=p.role,
            interview_type=p.interview_type,
            scheduled_at=p.scheduled_at,
            job_description=p.job_description,
        )
        await suggestions.suggest_session(
            MongoInterviewUnitOfWork(uow), cmd, user_id=event.userid, now=rt.now(), lib=rt.library
        )

    platform.consume(InterviewScheduledV1, on_interview_scheduled)


async def ensure_indexes(platform: ServicePlatform[InterviewSettings]) -> None:
    await repo.ensure_indexes(platform.db)
