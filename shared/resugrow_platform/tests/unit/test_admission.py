"""Past its bound a process refuses at once with 503 + Retry-After; health checks always pass."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from resugrow_platform.admission import AdmissionMiddleware


def _app(release: asyncio.Event) -> FastAPI:
    app = FastAPI()

    @app.get("/work")
    async def work() -> dict[str, bool]:
        await release.wait()
        return {"ok": True}

    @app.get("/readyz")
    async def readyz() -> dict[str, bool]:
        return {"ok": True}

    app.add_middleware(AdmissionMiddleware, service="t", max_in_flight=2, max_waiting=1, wait_s=0.2)
    return app


async def test_overload_is_refused_fast_and_admitted_requests_complete() -> None:
    release = asyncio.Event()
    transport = httpx.ASGITransport(app=_app(release))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        running = [asyncio.create_task(client.get("/work")) for _ in range(2)]
        await asyncio.sleep(0.05)
        waiting = asyncio.create_task(client.get("/work"))  # the one allowed to wait
        await asyncio.sleep(0.05)
        refused = await client.get("/work")  # the queue is full: refused at once
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert refused.headers["content-type"] == "application/problem+json"
        assert (await client.get("/readyz")).status_code == 200  # never held back
        timed_out = await waiting  # waited its 0.2 s, no slot freed
        assert timed_out.status_code == 503
        release.set()
        assert [r.status_code for r in await asyncio.gather(*running)] == [200, 200]
        assert (await client.get("/work")).status_code == 200  # recovers at once
