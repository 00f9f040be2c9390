"""Thin consumers: each calls one use case through the runtime (built by ``create_app``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from resugrow_events import AtsScanCompletedV1, Envelope, RenderRequestedV1
from resugrow_platform import ServicePlatform, UnitOfWork
from resugrow_resume.runtime import ResumeRuntime
from resugrow_resume.use_cases import erase, render_jobs, scores


def on_render_requested(runtime: ResumeRuntime) -> Callable[..., Awaitable[None]]:
    async def render_worker(_: ServicePlatform[Any], event: Envelope[RenderRequestedV1]) -> None:
        """Render worker: render every requested format, store the artifacts, publish resume.rendered."""
        # Rendering is CPU work outside any transaction; the job's outcome is written in its own one.
        outcome = await render_jobs.produce_render_job(
            runtime.reader(), event.data.render_id, tools=runtime.render_tools
        )
        await runtime.transact(
            lambda uow: render_jobs.record_render_outcome(uow, outcome, now=runtime.now()), event=event
        )

    return render_worker


def on_scan_completed(runtime: ResumeRuntime) -> Callable[..., Awaitable[None]]:
    async def scan_completed(uow: UnitOfWork, event: Envelope[AtsScanCompletedV1]) -> None:
        """Keep the latest ATS score of each resume version."""
        await scores.record_ats_score(
            runtime.uow_of(uow), event.data, user_id=event.userid, scanned_at=event.time
        )

    return scan_completed


def erase_files(runtime: ResumeRuntime) -> Callable[[UnitOfWork, str], Awaitable[None]]:
    async def erase_user_files(uow: UnitOfWork, user_id: str) -> None:
        """user.deleted: the user's rendered files go in the same transaction as their documents."""
        runtime.recent.forget_user(user_id)
        await erase.erase_rendered_files(runtime.uow_of(uow), user_id=user_id)

    return erase_user_files
