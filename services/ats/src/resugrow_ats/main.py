"""Composition root of the ATS service."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_ats import handlers
from resugrow_ats.adapters import scanner
from resugrow_ats.adapters.repository import USER_COLLECTIONS
from resugrow_ats.api.routes import router
from resugrow_ats.settings import AtsSettings
from resugrow_events import (
    ApplicationCreatedV1,
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    ResumeRenderedV1,
    ResumeUpdatedV1,
)
from resugrow_platform import ServicePlatform


async def _warm_parse_sandbox(_: ServicePlatform) -> None:
    scanner.prestart()


def create_app(settings: AtsSettings | None = None) -> FastAPI:
    settings = settings or AtsSettings()
    platform = ServicePlatform(settings, title="Resugrow ATS service")
    platform.include_router(router)
    platform.publishes(AtsScanCompletedV1, AtsMatchScoredV1)
    platform.consume(ResumeUpdatedV1, handlers.on_resume_updated)
    platform.consume(ResumeRenderedV1, handlers.on_resume_rendered)
    platform.consume(ApplicationCreatedV1, handlers.on_application_created)
    platform.erase_user_data(collections=USER_COLLECTIONS)
    platform.on_startup(handlers.start)
    platform.on_startup(_warm_parse_sandbox)
    return platform.app
