"""/readyz follows the database: not ready while it is down, ready again once it returns."""

from __future__ import annotations

import pytest

from resugrow_testing.localinfra import free_port, mongo_url, secantus_server

from .demo_service import DemoSettings, create_app

pytestmark = pytest.mark.integration


async def test_readyz_tracks_database_outage_without_restart(
    service_settings, app_client, wait_for, tmp_path, auth_headers
):
    port = free_port()
    server = secantus_server(port, storage_path=tmp_path / "db").start(timeout=60)
    try:
        from pydantic import SecretStr

        settings = service_settings(DemoSettings, mongo={"url": SecretStr(mongo_url(port))})
        settings.mongo.server_selection_timeout_ms = 800
        app = create_app(settings)
        async with app_client(app) as client:

            async def ready():
                return (await client.get("/readyz")).status_code == 200

            await wait_for(ready, timeout=30)  # consumers join their group in the background
            server.stop()
            resp = await client.get("/readyz")
            assert resp.status_code == 503
            assert resp.json()["checks"]["mongo"].startswith("unavailable")
            assert (await client.get("/livez")).status_code == 200  # liveness never checks dependencies
            # A write while the database is down is a clear, retryable 503, never a 500.
            write = await client.post(
                "/v1/notes", json={"note_id": "during-outage", "text": "t"}, headers=auth_headers("u1")
            )
            assert write.status_code == 503, write.text
            assert write.headers["content-type"] == "application/problem+json"
            assert write.headers["retry-after"] == "2"
            server.start(timeout=60)
            await wait_for(ready, timeout=30)
    finally:
        server.stop()
