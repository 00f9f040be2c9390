"""The LinkedIn service's long-lived objects, built once in create_app: platform, typed settings,
the analyser and the clock. Routes reach it through `api.deps.RuntimeDep`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from resugrow_linkedin.adapters.analysing import SandboxAnalyser
from resugrow_linkedin.adapters.unit_of_work import LinkedinReader, MongoLinkedinUnitOfWork
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_linkedin.use_cases.ports import LinkedinUnitOfWork
from resugrow_platform import ServicePlatform, UnitOfWork

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


class LinkedinRuntime:
    def __init__(
        self, platform: ServicePlatform[LinkedinSettings], *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.platform = platform
        self.settings: LinkedinSettings = platform.settings
        self.analyser = SandboxAnalyser(self.settings)
        self.now = clock

    async def transact(self, work: Callable[[LinkedinUnitOfWork], Awaitable[T]]) -> T:
        """Run a command in one transaction with the outbox (retried on transient conflicts)."""

        async def run(uow: UnitOfWork) -> T:
            return await work(MongoLinkedinUnitOfWork(uow))

        return await self.platform.transact(run)

    def reader(self) -> LinkedinUnitOfWork:
        return LinkedinReader(self.platform.db)
