"""Composition root: settings -> platform -> runtime -> routers, consumers, scheduler."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from resugrow_events import (
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    InterviewScheduledV1,
    InterviewSessionCompletedV1,
    LinkedinReviewCompletedV1,
    ReminderDueV1,
    ResumeRenderedV1,
    UserRegisteredV1,
)
from resugrow_platform import ProblemError, ServicePlatform
from resugrow_platform.errors import problem_response
from resugrow_platform.sandbox import warm_sandbox
from resugrow_tracker import handlers
from resugrow_tracker.adapters.mongo import USER_COLLECTIONS
from resugrow_tracker.api.routes import router
from resugrow_tracker.domain.errors import Gone
from resugrow_tracker.runtime import TrackerRuntime
from resugrow_tracker.settings import TrackerSettings

TIMELINE_BATCH = 500
TIMELINE_EVENTS = (
    ResumeRenderedV1,
    AtsScanCompletedV1,
    LinkedinReviewCompletedV1,
    UserRegisteredV1,
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    InterviewScheduledV1,
)


async def _gone(request: Request, exc: Exception) -> JSONResponse:
    # HTTP has a better word than 404 for a deleted application: 410 Gone.
    return problem_response(ProblemError(410, "Gone", str(exc)), request)


async def _warm_import_sandbox(_: ServicePlatform) -> None:
    # Imports parse in a worker process (resugrow_platform.sandbox): warm it before the first one.
    warm_sandbox("tracker-import", warmup="resugrow_tracker.domain.importing")


def create_app(settings: TrackerSettings | None = None) -> FastAPI:
    settings = settings or TrackerSettings()
    platform = ServicePlatform[TrackerSettings](settings, title="Resugrow tracker service")
    runtime = TrackerRuntime(platform)
    platform.app.state.tracker_runtime = runtime
    platform.app.add_exception_handler(Gone, _gone)
    platform.publishes(ApplicationCreatedV1, ApplicationStageChangedV1, InterviewScheduledV1, ReminderDueV1)
    platform.include_router(router)
    for payload in TIMELINE_EVENTS:
        # Bigger batches: the timeline write is one insert_many per batch, so fewer, larger
        # batches mean fewer round trips per event.
        platform.consume(
            payload,
            handlers.on_timeline_event,
            batch_handler=handlers.on_timeline_events,
            batch_transactional=False,
            max_records=TIMELINE_BATCH,
        )
    platform.consume(AtsMatchScoredV1, handlers.on_match_scored)
    platform.consume(InterviewSessionCompletedV1, handlers.on_session_completed)
    platform.erase_user_data(collections=USER_COLLECTIONS)
    platform.on_startup(handlers.ensure_tracker_indexes)
    platform.on_startup(_warm_import_sandbox)
    if settings.runs_consumers:
        # The scheduler claims reminders atomically, so it is safe on every worker replica.
        platform.background(runtime.reminder_scheduler)
    return platform.app
