"""Composition root of the interview service: settings -> platform -> runtime -> routes -> consumers."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_events import InterviewAnswerScoredV1, InterviewSessionCompletedV1
from resugrow_interview import handlers
from resugrow_interview.adapters.sessions import SESSIONS
from resugrow_interview.api.routes import router
from resugrow_interview.runtime import InterviewRuntime, load_library
from resugrow_interview.settings import InterviewSettings
from resugrow_platform import ServicePlatform


def create_app(settings: InterviewSettings | None = None) -> FastAPI:
    settings = settings or InterviewSettings()
    platform = ServicePlatform(settings, title="Resugrow interview service")
    runtime = InterviewRuntime(platform, load_library(settings))
    platform.app.state.runtime = runtime
    platform.include_router(router)
    platform.publishes(InterviewAnswerScoredV1, InterviewSessionCompletedV1)
    handlers.subscribe(platform, runtime)
    platform.erase_user_data(collections=(SESSIONS,))
    platform.on_startup(handlers.ensure_indexes)
    return platform.app
