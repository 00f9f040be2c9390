"""The service's door to the render engine: a process pool when available, a thread otherwise.

Rendering is CPU-bound and Typst holds the GIL, so production renders run in the engine's
process pool (``adapters.render_pool``), sized by ``render_processes``. The thread fallback keeps
one render at a time because a Typst compiler is not thread-safe.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from resugrow_resume.settings import ResumeSettings

RENDER_PACKAGE = Path(__file__).resolve().parent.parent / "domain" / "render"


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """Changes whenever a template, font list or writer changes, so cached artifacts never go stale."""
    digest = hashlib.sha256()
    for path in sorted(p for p in RENDER_PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(RENDER_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _call(kind: str, resume: dict[str, Any], letter: dict[str, Any] | None, options: Any) -> Any:
    from resugrow_resume.domain import render

    if kind == "cover_letter":
        assert letter is not None
        return render.render_cover_letter(letter, resume, options)
    return render.render_resume(resume, options)


def _thumbnail(template: str) -> bytes:
    from resugrow_resume.domain import render

    return render.render_thumbnail(template)


class Renderer:
    def __init__(self, settings: ResumeSettings) -> None:
        self.settings = settings
        self._pool: Any = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        try:
            module = importlib.import_module("resugrow_resume.adapters.render_pool")
        except ImportError:
            return
        factory = getattr(module, "RenderPool", None)
        if factory is None:
            return
        self._pool = factory(processes=self.settings.render_processes or None, timeout_s=self.settings.render_timeout_s)
        starter = getattr(self._pool, "start", None)
        if starter is not None:
            result = starter()
            if asyncio.iscoroutine(result):
                await result

    async def stop(self) -> None:
        if self._pool is None:
            return
        closer = getattr(self._pool, "close", None) or getattr(self._pool, "shutdown", None)
        if closer is not None:
            result = closer()
            if asyncio.iscoroutine(result):
                await result
        self._pool = None

    async def render(self, kind: str, resume: dict[str, Any], letter: dict[str, Any] | None, options: Any) -> Any:
        if self._pool is not None:
            if kind == "cover_letter":
                return await self._pool.render_cover_letter(letter, resume, options)
            return await self._pool.render_resume(resume, options)
        return await self._in_thread(_call, kind, resume, letter, options)

    async def thumbnail(self, template: str) -> bytes:
        if self._pool is not None and hasattr(self._pool, "render_thumbnail"):
            data: bytes = await self._pool.render_thumbnail(template)
            return data
        result: bytes = await self._in_thread(_thumbnail, template)
        return result

    async def _in_thread(self, fn: Any, *args: Any) -> Any:
        from resugrow_resume.domain.render import RenderTimeout

        async with self._lock:
            try:
                return await asyncio.wait_for(asyncio.to_thread(fn, *args), timeout=self.settings.render_timeout_s)
            except TimeoutError:
                raise RenderTimeout(self.settings.render_timeout_s) from None
