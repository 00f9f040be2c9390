"""Composition root of the career service."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_career import handlers
from resugrow_career.adapters.data_files import load_glossary
from resugrow_career.adapters.repositories import COLLECTIONS
from resugrow_career.api.routes import router
from resugrow_career.runtime import CareerRuntime, load_catalog
from resugrow_career.settings import CareerSettings
from resugrow_events import ApplicationStageChangedV1, CareerOfferEvaluatedV1, ResumeUpdatedV1
from resugrow_platform import ServicePlatform


def create_app(settings: CareerSettings | None = None) -> FastAPI:
    settings = settings or CareerSettings()
    platform = ServicePlatform(settings, title="Resugrow career service")
    runtime = CareerRuntime(platform=platform, catalog=load_catalog(), glossary=load_glossary())
    platform.app.state.career = runtime
    platform.include_router(router)
    platform.publishes(CareerOfferEvaluatedV1)
    platform.consume(ResumeUpdatedV1, handlers.on_resume_updated(runtime), transactional=False, ledger=False)
    platform.consume(ApplicationStageChangedV1, handlers.on_stage_changed(runtime))
    platform.erase_user_data(collections=COLLECTIONS)
    platform.on_startup(handlers.ensure_indexes)
    app: FastAPI = platform.app
    return app
