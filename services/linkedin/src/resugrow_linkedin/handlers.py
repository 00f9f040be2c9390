"""Thin FastStream subscribers: each calls one use case."""

from __future__ import annotations

from resugrow_events import Envelope, ResumeUpdatedV1
from resugrow_linkedin import service
from resugrow_linkedin.adapters import repository
from resugrow_platform import ServicePlatform, UnitOfWork


async def on_resume_updated(uow: UnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
    """Resume/profile consistency: store the resume projection, re-check the latest review."""
    await service.record_resume(uow, event)


async def start(platform: ServicePlatform) -> None:
    await repository.ensure_indexes(platform.db)
