"""One career service (API + consumers) on the real local broker and database, shared by the
integration tests; each test uses its own user ids."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from resugrow_career.main import create_app
from resugrow_career.settings import CareerSettings
from resugrow_testing import RunningService
from resugrow_testing import new_user_id as new_user

CareerService = RunningService
__all__ = ["CareerService", "new_user"]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def career_service(start_service: Any) -> AsyncIterator[RunningService]:
    async with start_service(create_app, CareerSettings) as service:
        yield service
