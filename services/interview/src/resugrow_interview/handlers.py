"""Event handlers: thin, one use case each."""

from __future__ import annotations

from resugrow_events import Envelope, InterviewScheduledV1
from resugrow_interview import service
from resugrow_interview.adapters import sessions as repo
from resugrow_platform import PermanentError, ServicePlatform, UnitOfWork


def on_interview_scheduled_factory(platform: ServicePlatform):  # type: ignore[no-untyped-def]
    async def on_interview_scheduled(uow: UnitOfWork, event: Envelope[InterviewScheduledV1]) -> None:
        if not event.userid:
            raise PermanentError("tracker.interview.scheduled without a user id")
        await service.create_suggested_session(
            uow,
            service.runtime_of(platform),
            event_id=event.id,
            user_id=event.userid,
            application_id=event.data.application_id,
            company=event.data.company,
            role_title=event.data.role,
            interview_type=event.data.interview_type,
            scheduled_at=event.data.scheduled_at,
            job_description=event.data.job_description,
        )

    return on_interview_scheduled


async def ensure_indexes(platform: ServicePlatform) -> None:
    await repo.ensure_indexes(platform.db)
