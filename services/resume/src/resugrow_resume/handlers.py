"""Thin FastStream subscribers: each calls one use case."""

from __future__ import annotations

from resugrow_events import AtsScanCompletedV1, Envelope, RenderRequestedV1
from resugrow_platform import ServicePlatform, UnitOfWork
from resugrow_resume import service
from resugrow_resume.adapters import repository
from resugrow_resume.adapters.artifacts import BackgroundWrites
from resugrow_resume.adapters.renderer import Renderer
from resugrow_resume.settings import ResumeSettings


async def on_render_requested(platform: ServicePlatform, event: Envelope[RenderRequestedV1]) -> None:
    """Render worker: render every requested format, store the artifacts, publish resume.rendered."""
    await service.run_render_job(platform, event)


async def on_scan_completed(uow: UnitOfWork, event: Envelope[AtsScanCompletedV1]) -> None:
    """Keep the latest ATS score of each resume version."""
    await service.record_ats_score(uow, event=event)


async def start(platform: ServicePlatform) -> None:
    await repository.ensure_indexes(platform.db)
    settings: ResumeSettings = platform.settings  # type: ignore[assignment]
    renderer = Renderer(settings)
    await renderer.start()
    platform.app.state.renderer = renderer
    platform.app.state.background_writes = BackgroundWrites()


async def stop(platform: ServicePlatform) -> None:
    writes: BackgroundWrites | None = getattr(platform.app.state, "background_writes", None)
    if writes is not None:
        await writes.drain()
    renderer: Renderer | None = getattr(platform.app.state, "renderer", None)
    if renderer is not None:
        await renderer.stop()
