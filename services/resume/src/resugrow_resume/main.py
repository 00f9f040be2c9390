"""Composition root of the resume service: settings -> platform -> runtime -> routers -> consumers."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_events import AtsScanCompletedV1, RenderRequestedV1, ResumeRenderedV1, ResumeUpdatedV1
from resugrow_platform import ServicePlatform
from resugrow_platform.sandbox import warm_sandbox
from resugrow_resume import handlers
from resugrow_resume.adapters.collections import USER_COLLECTIONS
from resugrow_resume.api import routes
from resugrow_resume.runtime import ResumeRuntime
from resugrow_resume.settings import ResumeSettings


async def _warm_import_sandbox(_: ServicePlatform) -> None:
    # Imports parse in a worker process (resugrow_platform.sandbox): warm it before the first one.
    warm_sandbox("resume-import", warmup="resugrow_resume.domain.importers")


def create_app(settings: ResumeSettings | None = None) -> FastAPI:
    settings = settings or ResumeSettings()
    platform: ServicePlatform[ResumeSettings] = ServicePlatform(settings, title="Resugrow resume service")
    runtime = ResumeRuntime(platform)
    platform.app.state.runtime = runtime
    for router in routes.ROUTERS:
        platform.include_router(router)
    platform.publishes(ResumeUpdatedV1, RenderRequestedV1, ResumeRenderedV1)
    # Rendering is CPU work outside any transaction; the job's result is written in its own one.
    platform.consume(
        RenderRequestedV1, handlers.on_render_requested(runtime), transactional=False, max_records=10
    )
    platform.consume(AtsScanCompletedV1, handlers.on_scan_completed(runtime))
    platform.erase_user_data(collections=USER_COLLECTIONS, hooks=(handlers.erase_files(runtime),))
    platform.on_startup(runtime.start)
    platform.on_startup(_warm_import_sandbox)
    platform.on_shutdown(runtime.stop)
    app: FastAPI = platform.app
    return app
