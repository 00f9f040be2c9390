"""Composition root of the interview service."""

from __future__ import annotations

from fastapi import FastAPI

from resugrow_events import InterviewAnswerScoredV1, InterviewScheduledV1, InterviewSessionCompletedV1
from resugrow_interview import handlers
from resugrow_interview.adapters.sessions import SESSIONS
from resugrow_interview.api.routes import router
from resugrow_interview.runtime import InterviewRuntime
from resugrow_interview.settings import InterviewSettings
from resugrow_platform import ServicePlatform


def create_app(settings: InterviewSettings | None = None) -> FastAPI:
    settings = settings or InterviewSettings()
    platform = ServicePlatform(settings, title="Resugrow interview service")
    platform.app.state.interview = InterviewRuntime.from_settings(settings)
    platform.include_router(router)
    platform.publishes(InterviewAnswerScoredV1, InterviewSessionCompletedV1)
    platform.consume(InterviewScheduledV1, handlers.on_interview_scheduled_factory(platform))
    platform.erase_user_data(collections=(SESSIONS,))
    platform.on_startup(handlers.ensure_indexes)
    app: FastAPI = platform.app
    return app
