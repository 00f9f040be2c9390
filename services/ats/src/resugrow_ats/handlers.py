"""Thin FastStream subscribers: each calls one use case."""

from __future__ import annotations

from resugrow_ats import service
from resugrow_ats.adapters import repository
from resugrow_events import ApplicationCreatedV1, Envelope, ResumeRenderedV1, ResumeUpdatedV1
from resugrow_platform import ServicePlatform, UnitOfWork


async def on_resume_updated(uow: UnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
    """Keep the resume-text projection per version; run scans/matches that waited for it."""
    await service.record_resume_text(uow, event)


async def on_resume_rendered(uow: UnitOfWork, event: Envelope[ResumeRenderedV1]) -> None:
    """Scan every successfully rendered resume version and publish ats.scan.completed."""
    await service.scan_rendered(uow, event)


async def on_application_created(uow: UnitOfWork, event: Envelope[ApplicationCreatedV1]) -> None:
    """Score the application's resume version against its job description: ats.match.scored."""
    await service.match_application(uow, event)


async def start(platform: ServicePlatform) -> None:
    await repository.ensure_indexes(platform.db)
