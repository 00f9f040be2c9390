"""The ATS service's long-lived objects, built once in create_app: platform, typed settings, the
scanner and the clock. Routes reach it through `api.deps.RuntimeDep`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from resugrow_ats.adapters.scanning import SandboxScanner
from resugrow_ats.adapters.unit_of_work import AtsReader, MongoAtsUnitOfWork
from resugrow_ats.settings import AtsSettings
from resugrow_ats.use_cases.ports import AtsUnitOfWork
from resugrow_platform import ServicePlatform, UnitOfWork

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


class AtsRuntime:
    def __init__(self, platform: ServicePlatform[AtsSettings], *, clock: Callable[[], datetime] = utc_now):
        self.platform = platform
        self.settings: AtsSettings = platform.settings
        self.scanner = SandboxScanner(self.settings)
        self.now = clock

    async def transact(self, work: Callable[[AtsUnitOfWork], Awaitable[T]]) -> T:
        """Run a command in one transaction with the outbox (retried on transient conflicts)."""

        async def run(uow: UnitOfWork) -> T:
            return await work(MongoAtsUnitOfWork(uow))

        return await self.platform.transact(run)

    def reader(self) -> AtsUnitOfWork:
        """Repositories for queries, outside any transaction."""
        return AtsReader(self.platform.db)
