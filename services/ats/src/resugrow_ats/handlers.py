"""Thin FastStream subscribers: each calls one use case on the service's unit of work."""

from __future__ import annotations

from resugrow_ats.adapters import repository
from resugrow_ats.adapters.unit_of_work import MongoAtsUnitOfWork
from resugrow_ats.runtime import AtsRuntime
from resugrow_ats.settings import AtsSettings
from resugrow_ats.use_cases import projections
from resugrow_events import ApplicationCreatedV1, Envelope, ResumeRenderedV1, ResumeUpdatedV1
from resugrow_platform import ServicePlatform, UnitOfWork


def subscribe(platform: ServicePlatform[AtsSettings], runtime: AtsRuntime) -> None:
    async def on_resume_updated(uow: UnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
        """Keep the resume-text projection per version; run scans/matches that waited for it."""
        await projections.record_resume_text(MongoAtsUnitOfWork(uow), event, now=runtime.now())

    async def on_resume_rendered(uow: UnitOfWork, event: Envelope[ResumeRenderedV1]) -> None:
        """Scan every successfully rendered resume version and publish ats.scan.completed."""
        await projections.scan_rendered(MongoAtsUnitOfWork(uow), event, now=runtime.now())

    async def on_application_created(uow: UnitOfWork, event: Envelope[ApplicationCreatedV1]) -> None:
        """Score the application's resume version against its job description: ats.match.scored."""
        await projections.match_application(MongoAtsUnitOfWork(uow), event, now=runtime.now())

    platform.consume(ResumeUpdatedV1, on_resume_updated)
    platform.consume(ResumeRenderedV1, on_resume_rendered)
    platform.consume(ApplicationCreatedV1, on_application_created)


async def start(platform: ServicePlatform[AtsSettings]) -> None:
    await repository.ensure_indexes(platform.db)
