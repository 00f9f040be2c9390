"""The tracker's runtime: platform, typed settings, the read-model cache, the clock, and how a
command runs (one transaction, then the read-model version bump)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from resugrow_domain import Unavailable
from resugrow_platform import ServicePlatform, UnitOfWork
from resugrow_tracker.adapters.cache import VersionedCache
from resugrow_tracker.adapters.reminders import ReminderRepository
from resugrow_tracker.adapters.unit_of_work import MongoTrackerUnitOfWork
from resugrow_tracker.adapters.versions import VersionRepository
from resugrow_tracker.settings import TrackerSettings
from resugrow_tracker.use_cases import reminders
from resugrow_tracker.use_cases.ports import TrackerUoW

T = TypeVar("T")


class TrackerRuntime:
    def __init__(
        self, platform: ServicePlatform[TrackerSettings], clock: Callable[[], datetime] | None = None
    ):
        self.platform = platform
        self.settings: TrackerSettings = platform.settings
        self.cache = VersionedCache()
        self._clock = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self._clock()

    def reader(self) -> TrackerUoW:
        """Repositories outside any transaction, for queries."""
        return MongoTrackerUnitOfWork(self.platform.db)

    async def transact(self, work: Callable[[TrackerUoW], Awaitable[T]]) -> T:
        """Run a command in one transaction (retried on write conflicts by the platform), then
        bump the touched users' read-model versions outside it (see adapters/versions.py)."""
        touched: set[str] = set()

        async def run(uow: UnitOfWork) -> T:
            tracker_uow = MongoTrackerUnitOfWork.of(uow)
            result = await work(tracker_uow)
            touched.clear()
            touched.update(tracker_uow.touched)
            return result

        result = await self.platform.transact(run)
        versions = VersionRepository(self.platform.db)
        for user_id in touched:
            await versions.bump(user_id)
        return result

    async def fire_due_reminders(self, *, now: datetime, limit: int = 100) -> int:
        # A transaction per pass only to find nothing due cost the idle tracker about a quarter
        # of a percent of a core more than the other services (issue 16); a read first is cheap.
        if not await ReminderRepository(self.platform.db).any_due(now):
            return 0
        handled = 0
        while handled < limit:
            try:
                claimed = await self.transact(lambda uow: reminders.fire_one_due_reminder(uow, now=now))
            except Unavailable:
                # Another replica kept claiming the same reminders: leave them to it and go on.
                self.platform.log.info("reminder_claim_conflict")
                claimed = "conflict"
            if claimed is None:
                break
            handled += 1
        return handled

    async def reminder_scheduler(self, _platform: ServicePlatform[TrackerSettings]) -> None:
        """Background loop: fire due reminders every few seconds."""
        if not self.settings.reminder_scheduler:
            return
        while True:
            try:
                await self.fire_due_reminders(now=self.now(), limit=self.settings.reminder_batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.platform.log.warning("reminder_scheduler_error", reason=type(exc).__name__)
            await asyncio.sleep(self.settings.reminder_poll_s)
