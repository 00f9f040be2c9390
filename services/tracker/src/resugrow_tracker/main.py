"""Composition root: settings -> platform -> routers, consumers, scheduler."""

from __future__ import annotations

from fastapi import FastAPI

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
from resugrow_platform import ServicePlatform
from resugrow_tracker import handlers, service
from resugrow_tracker.adapters.mongo import USER_COLLECTIONS
from resugrow_tracker.api.routes import router
from resugrow_tracker.api.thank_you import router as thank_you_router
from resugrow_tracker.settings import TrackerSettings

TIMELINE_EVENTS = (
    ResumeRenderedV1,
    AtsScanCompletedV1,
    LinkedinReviewCompletedV1,
    UserRegisteredV1,
    ApplicationCreatedV1,
    ApplicationStageChangedV1,
    InterviewScheduledV1,
)


def create_app(settings: TrackerSettings | None = None) -> FastAPI:
    settings = settings or TrackerSettings()
    platform = ServicePlatform(settings, title="Resugrow tracker service")
    platform.publishes(ApplicationCreatedV1, ApplicationStageChangedV1, InterviewScheduledV1, ReminderDueV1)
    platform.include_router(router)
    platform.include_router(thank_you_router)
    for payload in TIMELINE_EVENTS:
        platform.consume(payload, handlers.on_timeline_event)
    platform.consume(AtsMatchScoredV1, handlers.on_match_scored)
    platform.consume(InterviewSessionCompletedV1, handlers.on_session_completed)
    platform.erase_user_data(collections=USER_COLLECTIONS)
    platform.on_startup(handlers.ensure_tracker_indexes)
    if settings.runs_consumers:
        # The scheduler claims reminders atomically, so it is safe on every worker replica.
        platform.background(service.reminder_scheduler)
    return platform.app
