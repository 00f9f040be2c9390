"""A broker that restarts (and, being in-memory, forgets every topic) must not stop the event flow.

The embedded broker keeps topics in memory, so a restart loses topics, events and committed
offsets; a production broker can lose a topic to an operator mistake. Either way the service must
notice, recreate its topics, publish again what the broker lost (consumers are idempotent by event
id), and resume consuming without a restart.
"""

from __future__ import annotations

import asyncio

import pytest

from resugrow_testing.localinfra import free_port, tansu_server

from .demo_service import DemoSettings, create_app

pytestmark = pytest.mark.integration


async def test_events_the_broker_lost_are_published_again(
    service_settings, app_client, auth_headers, wait_for
):
    """Events already marked sent but not yet consumed vanish with the broker's memory."""
    from resugrow_platform.outbox import OUTBOX

    port = free_port()
    broker = tansu_server(port).start(timeout=30)
    try:
        kafka = {"bootstrap_servers": f"127.0.0.1:{port}", "watch_interval_s": 1.0}
        api = service_settings(DemoSettings, kafka=kafka, role="api")
        api_app = create_app(api)
        async with app_client(api_app) as client:
            db = api_app.state.platform.db
            for i in range(3):
                resp = await client.post(
                    "/v1/notes", json={"note_id": f"lost-{i}", "text": "t"}, headers=auth_headers("u1")
                )
                assert resp.status_code == 201

            async def all_sent():
                return await db[OUTBOX].count_documents({"status": "sent"}) == 3

            await wait_for(all_sent, timeout=30)
            broker.stop()  # nobody consumed them yet: they lived only in the broker's memory
            await asyncio.sleep(1)
            broker.start(timeout=30)
            # A consumer that starts now can only see them if the service published them again.
            async with app_client(create_app(api.model_copy(update={"role": "worker"}))):

                async def all_applied():
                    return await db.effects.count_documents({}) == 3

                await wait_for(all_applied, timeout=90)
    finally:
        broker.stop()


async def test_events_flow_again_after_the_broker_restarts_empty(
    service_settings, app_client, auth_headers, wait_for
):
    port = free_port()
    broker = tansu_server(port).start(timeout=30)
    try:
        settings = service_settings(
            DemoSettings,
            kafka={"bootstrap_servers": f"127.0.0.1:{port}"},
        )
        app = create_app(settings)
        async with app_client(app) as client:
            platform = app.state.platform

            async def ready():
                return (await client.get("/readyz")).status_code == 200

            await wait_for(ready, timeout=40)
            for i in range(3):
                resp = await client.post(
                    "/v1/notes", json={"note_id": f"before-{i}", "text": "t"}, headers=auth_headers("u1")
                )
                assert resp.status_code == 201
            await wait_for(lambda: platform.db.effects.count_documents({}), timeout=30)
            broker.stop()
            await asyncio.sleep(2)
            broker.start(timeout=30)  # empty: no topics, no offsets
            for i in range(3):
                resp = await client.post(
                    "/v1/notes", json={"note_id": f"after-{i}", "text": "t"}, headers=auth_headers("u1")
                )
                assert resp.status_code == 201

            async def all_applied():
                return await platform.db.effects.count_documents({}) == 6

            await wait_for(all_applied, timeout=90)
            await wait_for(ready, timeout=30)
            counts = [d["count"] async for d in platform.db.effects.find({})]
            assert counts == [1] * 6  # what was published again had no second effect
    finally:
        broker.stop()


async def test_stalled_consumer_fails_readiness_and_is_restarted(
    service_settings, app_client, publish_event, wait_for
):
    from .demo_service import NotedV1

    settings = service_settings(DemoSettings, kafka={"watch_interval_s": 0.5, "stall_after_s": 2.0})
    app = create_app(settings)
    async with app_client(app) as client:
        platform = app.state.platform

        async def ready():
            return (await client.get("/readyz")).status_code == 200

        await wait_for(ready, timeout=40)
        consumer = platform._subscriber.consumer
        await wait_for(lambda: asyncio.sleep(0, result=bool(consumer.assignment())), timeout=20)
        consumer.pause(*consumer.assignment())  # a fetcher that silently stopped fetching
        await publish_event(settings, NotedV1(note_id="stuck", text_length=1), subject="s")
        await wait_for(lambda: platform.db.effects.find_one({"_id": "stuck"}), timeout=40)
        assert platform.consumer_restarts >= 1
        await wait_for(ready, timeout=20)
