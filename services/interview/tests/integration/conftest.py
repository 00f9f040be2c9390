"""One interview service (API + consumers) on the real local broker and database, shared by
the integration tests; each test uses its own user ids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from resugrow_interview.main import create_app
from resugrow_interview.settings import InterviewSettings


@dataclass
class InterviewService:
    settings: InterviewSettings
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def db(self) -> Any:
        return self.app.state.platform.db


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def interview_service(service_settings: Any, app_client: Any) -> AsyncIterator[InterviewService]:
    settings = service_settings(InterviewSettings)
    app = create_app(settings)
    async with app_client(app, timeout=60) as client:
        yield InterviewService(settings, app, client)


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"
