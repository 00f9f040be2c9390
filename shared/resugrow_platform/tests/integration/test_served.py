"""The same service served over real HTTP by uvicorn (as `make run` does)."""

from __future__ import annotations

import httpx
import pytest

from .demo_service import DemoSettings, create_app

pytestmark = pytest.mark.integration


async def test_service_served_by_uvicorn_becomes_ready(service_settings, serve_app, wait_for):
    app = create_app(service_settings(DemoSettings))
    async with serve_app(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        assert (await client.get("/livez")).status_code == 200

        async def ready():
            resp = await client.get("/readyz")
            return resp.status_code == 200 and resp.json()["checks"]["consumers"] == "ok"

        await wait_for(ready, timeout=30)
