"""Thin FastStream subscribers: each calls one use case on the service's unit of work."""

from __future__ import annotations

from resugrow_events import Envelope, ResumeUpdatedV1
from resugrow_linkedin.adapters import repository
from resugrow_linkedin.adapters.unit_of_work import MongoLinkedinUnitOfWork
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_linkedin.use_cases import profiles
from resugrow_platform import ServicePlatform, UnitOfWork


async def on_resume_updated(uow: UnitOfWork, event: Envelope[ResumeUpdatedV1]) -> None:
    """Resume/profile consistency: store the resume projection, re-check the latest review."""
    await profiles.record_resume(MongoLinkedinUnitOfWork(uow), event)


async def start(platform: ServicePlatform[LinkedinSettings]) -> None:
    await repository.ensure_indexes(platform.db)
