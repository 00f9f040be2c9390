"""One interview service (API + consumers) on the real local broker and database, shared by
the integration tests; each test uses its own user ids."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from resugrow_interview.main import create_app
from resugrow_interview.settings import InterviewSettings
from resugrow_testing import RunningService
from resugrow_testing import new_user_id as new_user

InterviewService = RunningService
__all__ = ["InterviewService", "new_user"]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def interview_service(start_service: Any) -> AsyncIterator[RunningService]:
    async with start_service(create_app, InterviewSettings) as service:
        yield service
