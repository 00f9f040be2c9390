"""One resume service (API + render workers + consumers in one process, role "all") on the real
local broker and database, shared by the integration tests; each test uses its own user ids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from resugrow_resume.main import create_app
from resugrow_resume.settings import ResumeSettings


@dataclass
class ResumeService:
    settings: ResumeSettings
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def db(self) -> Any:
        return self.app.state.platform.db


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def resume_service(service_settings: Any, app_client: Any) -> AsyncIterator[ResumeService]:
    # One render process keeps start-up short on shared 2-core machines.
    settings = service_settings(ResumeSettings, render_processes=1, render_timeout_s=30)
    app = create_app(settings)
    async with app_client(app, timeout=60) as client:
        yield ResumeService(settings, app, client)


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"
