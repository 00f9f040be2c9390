"""Composition root of the LinkedIn review service: settings -> platform -> runtime -> routes -> consumers."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_events import LinkedinReviewCompletedV1, ResumeUpdatedV1
from resugrow_linkedin import handlers
from resugrow_linkedin.adapters import parse_sandbox
from resugrow_linkedin.adapters.repository import USER_COLLECTIONS
from resugrow_linkedin.api.routes import router
from resugrow_linkedin.runtime import LinkedinRuntime
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_platform import ServicePlatform


async def _warm_parse_sandbox(_: ServicePlatform) -> None:
    parse_sandbox.prestart()


def create_app(settings: LinkedinSettings | None = None) -> FastAPI:
    platform = ServicePlatform(settings or LinkedinSettings(), title="Resugrow LinkedIn review service")
    platform.app.state.runtime = LinkedinRuntime(platform)
    platform.include_router(router)
    platform.publishes(LinkedinReviewCompletedV1)
    platform.consume(ResumeUpdatedV1, handlers.on_resume_updated)
    platform.erase_user_data(collections=USER_COLLECTIONS)
    platform.on_startup(handlers.start)
    platform.on_startup(_warm_parse_sandbox)
    return platform.app
