"""The resume service's runtime: one object built by ``create_app`` holding the platform, the typed
settings, the render pool and the background writes. Routes and handlers reach everything through it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from resugrow_platform import ServicePlatform, UnitOfWork
from resugrow_resume.adapters import collections
from resugrow_resume.adapters.artifacts import (
    ArtifactStore,
    BackgroundWrites,
    CachedArtifactStore,
    RecentArtifacts,
)
from resugrow_resume.adapters.renderer import Renderer, engine_fingerprint
from resugrow_resume.adapters.unit_of_work import ResumeUnitOfWork
from resugrow_resume.settings import ResumeSettings
from resugrow_resume.use_cases.ports import RenderTools, ResumeUoW

T = TypeVar("T")


class ResumeRuntime:
    def __init__(
        self, platform: ServicePlatform[ResumeSettings], clock: Callable[[], datetime] | None = None
    ) -> None:
        self.platform = platform
        self.settings: ResumeSettings = platform.settings
        self.renderer = Renderer(self.settings)
        self.background = BackgroundWrites(self.settings.artifact_store_delay_s)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._artifacts: CachedArtifactStore | None = None
        self.recent = RecentArtifacts(self.settings.artifact_cache_mib * 1024 * 1024)

    def now(self) -> datetime:
        return self._clock()

    @property
    def artifacts(self) -> CachedArtifactStore:
        # The database exists only once the lifespan has started: built on first use, then kept.
        if self._artifacts is None:
            store = ArtifactStore(self.platform.db, self.settings.artifact_bucket)
            self._artifacts = CachedArtifactStore(store, self.recent)
        return self._artifacts

    @property
    def render_tools(self) -> RenderTools:
        return RenderTools(self.renderer, self.artifacts, self.background, engine_fingerprint())

    def reader(self) -> ResumeUoW:
        """Repositories outside any transaction, for queries (they cannot publish)."""
        return ResumeUnitOfWork(self.platform.db, None, self.settings.artifact_bucket)

    def uow_of(self, uow: UnitOfWork) -> ResumeUoW:
        return ResumeUnitOfWork.of(uow, self.settings.artifact_bucket)

    async def transact(self, work: Callable[[ResumeUoW], Awaitable[T]], *, event: Any = None) -> T:
        """Run a command in one transaction with the outbox (retried on transient conflicts)."""

        async def run(uow: UnitOfWork) -> T:
            return await work(self.uow_of(uow))

        return await self.platform.transact(run, event=event)

    async def start(self, _: ServicePlatform[Any]) -> None:
        await collections.ensure_indexes(self.platform.db)
        await self.artifacts.store.ensure_indexes()
        await self.renderer.start()

    async def stop(self, _: ServicePlatform[Any]) -> None:
        await self.background.drain()
        await self.renderer.stop()
        self._artifacts = None  # bound to the client that the platform closes
