"""The interview service's long-lived objects, built once in create_app: the platform, typed
settings, the question library (bank and SQL fixtures: pure data, no network) and the clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from resugrow_interview.adapters.bank_files import fixture_databases, load_bank, sql_schema_text
from resugrow_interview.settings import InterviewSettings
from resugrow_interview.use_cases.library import QuestionLibrary

if TYPE_CHECKING:
    from resugrow_interview.use_cases.ports import InterviewUnitOfWork
    from resugrow_platform import ServicePlatform, UnitOfWork

T = TypeVar("T")


def load_library(settings: InterviewSettings) -> QuestionLibrary:
    databases = fixture_databases()
    return QuestionLibrary(
        bank=load_bank(settings.question_bank_paths, databases=databases),
        databases=databases,
        schema_text=sql_schema_text(),
        long_pause_seconds=settings.long_pause_seconds,
        max_sessions_listed=settings.max_sessions_listed,
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


class InterviewRuntime:
    def __init__(
        self,
        platform: ServicePlatform[InterviewSettings],
        library: QuestionLibrary,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.platform = platform
        self.settings: InterviewSettings = platform.settings
        self.library = library
        self.now = clock

    async def transact(self, work: Callable[[InterviewUnitOfWork], Awaitable[T]]) -> T:
        """Run a command in one transaction with the outbox (retried on transient conflicts)."""
        from resugrow_interview.adapters.sessions import MongoInterviewUnitOfWork

        async def run(uow: UnitOfWork) -> T:
            return await work(MongoInterviewUnitOfWork(uow))

        return await self.platform.transact(run)

    def reader(self) -> InterviewUnitOfWork:
        from resugrow_interview.adapters.sessions import InterviewReader

        return InterviewReader(self.platform.db)
