"""Only one relay per service publishes at a time; a dead relay's lease is taken over."""

from __future__ import annotations

import asyncio

import pytest

from resugrow_platform.outbox import OutboxRelay

from .demo_service import DemoSettings, create_app

pytestmark = pytest.mark.integration


async def test_one_active_relay_and_takeover_after_lease_expiry(service_settings, app_client):
    settings = service_settings(DemoSettings, outbox={"enabled": False, "lease_ttl_s": 1.0})
    app = create_app(settings)
    async with app_client(app):
        platform = app.state.platform
        first = OutboxRelay(platform.db, platform.broker, settings)
        second = OutboxRelay(platform.db, platform.broker, settings)
        assert await first._acquire() is True
        assert await second._acquire() is False
        assert await first._acquire() is True  # renewal by the holder
        await asyncio.sleep(1.2)  # the first relay died without releasing
        assert await second._acquire() is True
        assert await first._acquire() is False
