"""Composition root of the ATS service: settings -> platform -> runtime -> routes -> consumers."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_ats import handlers
from resugrow_ats.adapters import scanner
from resugrow_ats.adapters.repository import USER_COLLECTIONS
from resugrow_ats.api.routes import router
from resugrow_ats.runtime import AtsRuntime
from resugrow_ats.settings import AtsSettings
from resugrow_events import AtsMatchScoredV1, AtsScanCompletedV1
from resugrow_platform import ServicePlatform


async def _warm_parse_sandbox(_: ServicePlatform) -> None:
    scanner.prestart()


def create_app(settings: AtsSettings | None = None) -> FastAPI:
    platform = ServicePlatform(settings or AtsSettings(), title="Resugrow ATS service")
    runtime = AtsRuntime(platform)
    platform.app.state.runtime = runtime
    platform.include_router(router)
    platform.publishes(AtsScanCompletedV1, AtsMatchScoredV1)
    handlers.subscribe(platform, runtime)
    platform.erase_user_data(collections=USER_COLLECTIONS)
    platform.on_startup(handlers.start)
    platform.on_startup(_warm_parse_sandbox)
    return platform.app
