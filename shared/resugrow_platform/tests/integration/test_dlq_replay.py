"""A transiently failing event is retried, dead-lettered, then replayed by the CLI once fixed."""

from __future__ import annotations

import asyncio

import pytest

from resugrow_platform.dlq import main as dlq_main
from resugrow_platform.dlq import read_dead_letters, replay

from .demo_service import DemoSettings, NotedV1, create_app

pytestmark = pytest.mark.integration


async def test_transient_failure_is_retried_then_dead_lettered_and_replayed(
    service_settings, app_client, publish_event, wait_for, infra, capsys
):
    settings = service_settings(DemoSettings)
    app = create_app(settings)
    dlq = settings.topic("resugrow.dlq.demo")
    async with app_client(app):
        platform = app.state.platform
        event_id = await publish_event(settings, NotedV1(note_id="flaky-1", text_length=1), subject="f")
        await publish_event(settings, NotedV1(note_id="next", text_length=1), subject="f")
        await wait_for(lambda: platform.db.effects.find_one({"_id": "next"}))
        assert await platform.db.effects.find_one({"_id": "flaky-1"}) is None

        letters = await read_dead_letters(infra.kafka_bootstrap, dlq)
        assert [d.event_id for d in letters] == [event_id]
        assert letters[0].headers["x-dlq-attempts"] == str(settings.kafka.max_retries + 1)
        assert letters[0].headers["x-dlq-reason"] == "downstream unavailable"

        # The CLI lists it for an operator (run in a thread: it owns its own event loop).
        code = await asyncio.to_thread(
            dlq_main,
            [
                "list",
                "--group",
                "demo",
                "--prefix",
                settings.kafka.topic_prefix,
                "--bootstrap",
                infra.kafka_bootstrap,
            ],
        )
        assert code == 0
        assert event_id in capsys.readouterr().out

        await platform.db.flags.insert_one({"_id": "healthy"})  # the outage is over
        assert await replay(infra.kafka_bootstrap, letters) == 1
        assert await replay(infra.kafka_bootstrap, letters) == 1  # replayed twice by mistake
        effect = await wait_for(lambda: platform.db.effects.find_one({"_id": "flaky-1"}))
        await asyncio.sleep(1.0)
        assert (await platform.db.effects.find_one({"_id": "flaky-1"}))["count"] == effect["count"] == 1


async def test_write_conflicts_are_retried_past_max_retries_not_dead_lettered(
    service_settings, app_client, publish_event, wait_for, infra
):
    settings = service_settings(DemoSettings)
    app = create_app(settings)
    dlq = settings.topic("resugrow.dlq.demo")
    async with app_client(app):
        platform = app.state.platform
        conflicts = settings.kafka.max_retries + 3  # more than a count-based retry would allow
        await publish_event(settings, NotedV1(note_id="conflict-1", text_length=conflicts), subject="c")
        effect = await wait_for(lambda: platform.db.effects.find_one({"_id": "conflict-1"}), timeout=30)
        assert effect["count"] == 1
        assert (await platform.db.conflicts.find_one({"_id": "conflict-1"}))["n"] == conflicts + 1
        assert await read_dead_letters(infra.kafka_bootstrap, dlq) == []
