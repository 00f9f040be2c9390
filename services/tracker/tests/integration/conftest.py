"""One tracker service (API + consumers, role "all") on the real local broker and database,
shared by the integration tests; each test uses its own user ids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from resugrow_tracker.main import create_app
from resugrow_tracker.settings import TrackerSettings


@dataclass
class TrackerService:
    settings: TrackerSettings
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def platform(self) -> Any:
        return self.app.state.platform

    @property
    def runtime(self) -> Any:
        return self.app.state.tracker_runtime

    @property
    def db(self) -> Any:
        return self.platform.db


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def tracker_service(service_settings: Any, app_client: Any) -> AsyncIterator[TrackerService]:
    # The scheduler loop is off: tests fire reminders themselves, at a chosen "now".
    settings = service_settings(TrackerSettings, reminder_scheduler=False)
    app = create_app(settings)
    async with app_client(app, timeout=60) as client:
        yield TrackerService(settings, app, client)


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"
