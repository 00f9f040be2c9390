"""One LinkedIn service (API + consumers, role "all") on the real local broker and database,
shared by the integration tests; each test uses its own user ids."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from resugrow_linkedin.main import create_app
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_testing import RunningService
from resugrow_testing import new_user_id as new_user

LinkedinService = RunningService
__all__ = ["LinkedinService", "new_user"]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def linkedin_service(start_service: Any) -> AsyncIterator[RunningService]:
    async with start_service(create_app, LinkedinSettings) as service:
        yield service
