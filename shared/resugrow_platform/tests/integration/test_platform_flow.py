"""The platform's delivery guarantees, against the real broker and database."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from resugrow_events import UserDeletedV1
from resugrow_platform.outbox import OUTBOX

from .demo_service import DemoSettings, NotedV1, create_app

pytestmark = pytest.mark.integration


@pytest.fixture
def demo_settings(service_settings):
    return service_settings(DemoSettings)


async def _effect(platform, note_id):
    return await platform.db.effects.find_one({"_id": note_id})


async def test_outbox_write_is_relayed_and_applied_once(demo_settings, app_client, auth_headers, wait_for):
    app = create_app(demo_settings)
    async with app_client(app) as client:
        platform = app.state.platform
        resp = await client.post(
            "/v1/notes", json={"note_id": "n1", "text": "hello"}, headers=auth_headers("u1")
        )
        assert resp.status_code == 201, resp.text
        effect = await wait_for(lambda: _effect(platform, "n1"))
        assert effect["count"] == 1
        await wait_for(lambda: platform.db[OUTBOX].count_documents({"status": "sent"}))
        await asyncio.sleep(1.0)  # give a duplicate a chance to show up
        assert (await _effect(platform, "n1"))["count"] == 1


async def test_same_event_delivered_twice_has_one_effect(demo_settings, app_client, publish_event, wait_for):
    app = create_app(demo_settings)
    async with app_client(app):
        platform = app.state.platform
        from resugrow_events import Envelope
        from resugrow_platform.messaging import encode_envelope

        env = Envelope.wrap(NotedV1(note_id="dup", text_length=3), source="/tests", subject="dup")
        raw = encode_envelope(env)
        await publish_event(demo_settings, NotedV1(note_id="x", text_length=1), subject="dup", raw=raw)
        await publish_event(demo_settings, NotedV1(note_id="x", text_length=1), subject="dup", raw=raw)
        await wait_for(lambda: _effect(platform, "dup"))
        await publish_event(demo_settings, NotedV1(note_id="after", text_length=1), subject="after")
        await wait_for(lambda: _effect(platform, "after"))
        effect = await _effect(platform, "dup")
        assert effect["count"] == 1
        assert effect["events"] == [env.id]


async def test_poison_message_is_dead_lettered_and_partition_keeps_flowing(
    demo_settings, app_client, publish_event, wait_for, infra
):
    from aiokafka import AIOKafkaConsumer

    app = create_app(demo_settings)
    async with app_client(app):
        platform = app.state.platform
        key = "same-key"  # same key -> same partition: the good message comes after the bad ones
        await publish_event(
            demo_settings, NotedV1(note_id="bad", text_length=1), subject=key, raw=b"{not json"
        )
        await publish_event(demo_settings, NotedV1(note_id="poison", text_length=1, poison=True), subject=key)
        await publish_event(demo_settings, NotedV1(note_id="good", text_length=1), subject=key)
        await wait_for(lambda: _effect(platform, "good"))
        assert await _effect(platform, "poison") is None

    dlq = demo_settings.topic("resugrow.dlq.demo")
    consumer = AIOKafkaConsumer(
        dlq,
        bootstrap_servers=infra.kafka_bootstrap,
        auto_offset_reset="earliest",
        group_id=f"inspect-{uuid.uuid4().hex[:6]}",
    )
    await consumer.start()
    try:
        records = []
        deadline = asyncio.get_running_loop().time() + 20
        while len(records) < 2 and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for recs in batch.values():
                records.extend(recs)
    finally:
        await consumer.stop()
    assert len(records) == 2
    by_reason = {dict(r.headers)["x-dlq-exception"].decode(): r for r in records}
    malformed = next(r for name, r in by_reason.items() if "ValidationError" in name)
    assert malformed.value == b"{not json"  # original bytes, untouched
    poison = next(r for name, r in by_reason.items() if "PermanentError" in name)
    headers = {k: v.decode() for k, v in poison.headers}
    assert headers["x-dlq-reason"] == "poison note"
    assert headers["x-dlq-original-topic"] == demo_settings.topic(NotedV1.event_type)
    assert headers["x-dlq-attempts"] == "1"
    assert "x-dlq-original-offset" in headers and "x-dlq-original-partition" in headers


async def test_relay_killed_mid_batch_loses_nothing(demo_settings, app_client, wait_for):
    demo_settings.outbox.enabled = False  # we drive relays by hand
    demo_settings.outbox.lease_ttl_s = 1.0
    app = create_app(demo_settings)
    async with app_client(app):
        platform = app.state.platform
        n = 60
        for i in range(n):
            async with platform.unit_of_work() as uow:
                uow.publish(NotedV1(note_id=f"k{i}", text_length=i), subject=f"k{i % 7}")

        from resugrow_platform.relay import OutboxRelay

        class DyingRelay(OutboxRelay):
            """Publishes part of a batch, then dies before marking anything sent."""

            async def relay_once(self) -> int:
                original = self.broker.publish
                calls = 0

                async def publish(*args, **kwargs):
                    nonlocal calls
                    calls += 1
                    if calls > n // 2:
                        raise asyncio.CancelledError  # the process is gone
                    return await original(*args, **kwargs)

                self.broker.publish = publish  # type: ignore[method-assign]
                try:
                    return await super().relay_once()
                finally:
                    self.broker.publish = original  # type: ignore[method-assign]

        dying = DyingRelay(platform.db, platform.broker, platform.settings)
        assert await dying._acquire()
        with pytest.raises(asyncio.CancelledError):
            await dying.relay_once()
        assert await platform.db[OUTBOX].count_documents({"status": "pending"}) == n

        fresh = OutboxRelay(platform.db, platform.broker, platform.settings)
        await asyncio.sleep(1.1)  # the dead relay's lease runs out
        assert await fresh._acquire()
        while await fresh.relay_once():
            pass
        assert await platform.db[OUTBOX].count_documents({"status": "pending"}) == 0

        async def all_applied():
            return await platform.db.effects.count_documents({}) == n

        await wait_for(all_applied, timeout=30)
        await asyncio.sleep(1.0)
        counts = [d["count"] async for d in platform.db.effects.find({})]
        assert counts == [1] * n  # republished duplicates were skipped by the ledger


async def test_trace_id_from_http_request_reaches_consumer_log(
    demo_settings, app_client, auth_headers, wait_for, capsys
):
    app = create_app(demo_settings)
    trace_id = uuid.uuid4().hex
    capsys.readouterr()
    async with app_client(app) as client:
        platform = app.state.platform
        headers = {**auth_headers("u-trace"), "traceparent": f"00-{trace_id}-{'1' * 16}-01"}
        resp = await client.post(
            "/v1/notes", json={"note_id": "traced", "text": "secret body"}, headers=headers
        )
        assert resp.status_code == 201
        await wait_for(lambda: _effect(platform, "traced"))
    raw = capsys.readouterr().out
    lines = [json.loads(line) for line in raw.splitlines() if line.startswith("{")]
    consumer_lines = [ln for ln in lines if ln.get("message") == "note_effect_applied"]
    assert consumer_lines, "the consumer logged nothing"
    assert consumer_lines[0]["trace_id"] == trace_id
    assert all(ln.get("trace_id") for ln in lines if ln.get("message") in ("request", "event_handled"))
    assert "secret body" not in raw and "Bearer ey" not in raw


async def test_user_deleted_erases_the_users_documents(
    demo_settings, app_client, auth_headers, publish_event, wait_for
):
    from datetime import UTC, datetime

    app = create_app(demo_settings)
    async with app_client(app) as client:
        platform = app.state.platform
        for user, note in (("gone", "g1"), ("gone", "g2"), ("stays", "s1")):
            resp = await client.post(
                "/v1/notes", json={"note_id": note, "text": "t"}, headers=auth_headers(user)
            )
            assert resp.status_code == 201
        for _ in range(2):  # delivered twice: still idempotent
            await publish_event(
                demo_settings, UserDeletedV1(user_id="gone", deleted_at=datetime.now(UTC)), subject="gone"
            )

        async def erased():
            return await platform.db.notes.count_documents({"user_id": "gone"}) == 0

        await wait_for(erased)
        assert await platform.db.notes.count_documents({"user_id": "stays"}) == 1
        # Erasure is complete and final: the user's outbox events are gone, a tombstone stays,
        # the user's unexpired token is refused, and a late event about the user has no effect.
        assert await platform.db.outbox.count_documents({"user_id": "gone"}) == 0
        assert await platform.db.outbox.count_documents({"user_id": "stays"}) == 1
        from resugrow_platform.erasure import tombstone_id

        assert await platform.db.user_tombstones.find_one({"_id": tombstone_id("gone")}) is not None
        assert await platform.db.user_tombstones.find_one({"_id": "gone"}) is None
        resp = await client.post(
            "/v1/notes", json={"note_id": "g3", "text": "t"}, headers=auth_headers("gone")
        )
        assert resp.status_code == 401
        await publish_event(
            demo_settings, NotedV1(note_id="late", text_length=1), subject="k", user_id="gone"
        )
        await publish_event(
            demo_settings, NotedV1(note_id="alive", text_length=1), subject="k", user_id="stays"
        )
        await wait_for(lambda: platform.db.effects.find_one({"_id": "alive"}))
        assert await platform.db.effects.find_one({"_id": "late"}) is None

    # After a restart the tombstone is still honoured (it lives in the database).
    app = create_app(demo_settings)
    async with app_client(app) as client:
        resp = await client.post(
            "/v1/notes", json={"note_id": "g4", "text": "t"}, headers=auth_headers("gone")
        )
        assert resp.status_code == 401
