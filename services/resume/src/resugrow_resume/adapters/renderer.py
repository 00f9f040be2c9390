"""The service's door to the render engine: the engine's process pool, or a thread when disabled.

Rendering is CPU-bound and Typst holds the GIL, so renders run in the engine's pool of worker
processes (``adapters.render_pool``), sized by ``render_processes`` (0 = one per core), each render
under ``render_timeout_s``. ``render_processes = -1`` renders in a thread instead (one at a time,
because a Typst compiler is not thread-safe): for tools and tests that must not spawn processes.
"""

from __future__ import annotations

import asyncio
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from resugrow_platform.logging import get_logger
from resugrow_resume.adapters import timing
from resugrow_resume.settings import ResumeSettings

log = get_logger("resugrow.resume.renderer")

RENDER_PACKAGE = Path(__file__).resolve().parent.parent / "domain" / "render"


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """Changes whenever a template, font list or writer changes, so cached artifacts never go stale."""
    digest = hashlib.sha256()
    for path in sorted(p for p in RENDER_PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(RENDER_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _render_in_thread(kind: str, resume: dict[str, Any], letter: dict[str, Any] | None, options: Any) -> Any:
    from resugrow_resume.domain import render

    if kind == "cover_letter":
        assert letter is not None
        return render.render_cover_letter(letter, resume, options)
    return render.render_resume(resume, options)


def _thumbnail_in_thread(template: str) -> bytes:
    from resugrow_resume.domain import render

    return render.render_thumbnail(template)


class Renderer:
    def __init__(self, settings: ResumeSettings) -> None:
        self.settings = settings
        self._pool: Any = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        if self.settings.render_processes < 0:
            return
        from resugrow_resume.adapters.render_pool import RenderPool

        pool = RenderPool(
            workers=self.settings.render_processes or None,
            time_limit=self.settings.render_timeout_s,
            startup_timeout=self.settings.render_worker_start_timeout_s,
            nice=self.settings.render_worker_nice,
        )
        # Spawning and warming the workers blocks for a few seconds: keep the event loop free.
        await asyncio.to_thread(pool.start)
        self._pool = pool
        if pool.priority_refused:
            log.info(
                "render_worker_priority_kept",
                nice=self.settings.render_worker_nice,
                reason=pool.priority_refused,
            )

    async def stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.close)

    async def render(
        self, kind: str, resume: dict[str, Any], letter: dict[str, Any] | None, options: Any
    ) -> Any:
        with timing.stage("pool"):  # hand-off to a worker and back, the render included
            if self._pool is not None:
                if kind == "cover_letter":
                    return await self._pool.arender_cover_letter(letter, resume, options)
                return await self._pool.arender_resume(resume, options)
            return await self._in_thread(_render_in_thread, kind, resume, letter, options)

    async def thumbnail(self, template: str) -> bytes:
        if self._pool is not None:
            data: bytes = await self._pool.arender_thumbnail(template)
            return data
        result: bytes = await self._in_thread(_thumbnail_in_thread, template)
        return result

    async def _in_thread(self, fn: Any, *args: Any) -> Any:
        from resugrow_resume.domain.render import RenderTimeout

        async with self._lock:
            try:
                return await asyncio.wait_for(
                    asyncio.to_thread(fn, *args), timeout=self.settings.render_timeout_s
                )
            except TimeoutError:
                raise RenderTimeout(self.settings.render_timeout_s) from None
