"""Only one relay per service publishes at a time; a dead relay's lease is taken over."""

from __future__ import annotations

import asyncio

import pytest

from resugrow_platform.relay import OutboxRelay

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


async def _publish_notes(platform, keys: list[str]) -> list[str]:
    from .demo_service import NotedV1

    ids = []
    for i, key in enumerate(keys):
        async with platform.unit_of_work() as uow:
            ids.append(uow.publish(NotedV1(note_id=f"n{i}", text_length=i), subject=key).id)
    return ids


async def test_failed_send_holds_back_later_events_of_its_key(service_settings, app_client):
    from resugrow_platform.outbox import OUTBOX

    settings = service_settings(DemoSettings, outbox={"enabled": False})
    app = create_app(settings)
    async with app_client(app):
        platform = app.state.platform
        ids = await _publish_notes(platform, ["k", "k", "k", "other"])
        relay = OutboxRelay(platform.db, platform.broker, settings)
        assert await relay._acquire()
        original = platform.broker.publish
        order: list[str] = []
        fail_first = {"armed": True}

        async def publish(value, topic, **kwargs):
            event_id = __import__("json").loads(value)["id"]
            if fail_first["armed"] and event_id == ids[0]:
                fail_first["armed"] = False
                raise ConnectionError("broker hiccup")
            order.append(event_id)
            return await original(value, topic, **kwargs)

        platform.broker.publish = publish
        try:
            assert await relay.relay_once() == 1  # only the other key went out
            assert order == [ids[3]]
            # The failed event waits for its retry; the later events of its key wait behind it,
            # even though they are due and in a new batch.
            assert await relay.relay_once() == 0
            await platform.db[OUTBOX].update_one(
                {"_id": ids[0]},
                {
                    "$set": {
                        "next_attempt_at": __import__("datetime").datetime.now(__import__("datetime").UTC)
                    }
                },
            )
            assert await relay.relay_once() == 3
            assert order == [ids[3], ids[0], ids[1], ids[2]]
        finally:
            platform.broker.publish = original


async def test_relay_that_stalled_past_its_lease_publishes_nothing(service_settings, app_client):
    settings = service_settings(DemoSettings, outbox={"enabled": False, "lease_ttl_s": 1.0})
    app = create_app(settings)
    async with app_client(app):
        platform = app.state.platform
        await _publish_notes(platform, ["a", "b", "c"])
        stalled = OutboxRelay(platform.db, platform.broker, settings)
        taker = OutboxRelay(platform.db, platform.broker, settings)
        assert await stalled._acquire()
        await asyncio.sleep(1.2)  # the first relay stalls (GC pause, broker stall) past its lease
        assert await taker._acquire()
        # It wakes up mid-loop, lease gone: it must not publish, or two relays would interleave.
        assert await stalled.relay_once() == 0
        assert await taker.relay_once() == 3
