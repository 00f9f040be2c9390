"""One ATS service (API + consumers, role "all") on the real local broker and database, shared by
the integration tests; each test uses its own user ids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from resugrow_ats.main import create_app
from resugrow_ats.settings import AtsSettings


@dataclass
class AtsService:
    settings: AtsSettings
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def db(self) -> Any:
        return self.app.state.platform.db


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def ats_service(service_settings: Any, app_client: Any) -> AsyncIterator[AtsService]:
    settings = service_settings(AtsSettings)
    app = create_app(settings)
    async with app_client(app, timeout=60) as client:
        yield AtsService(settings, app, client)


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"
