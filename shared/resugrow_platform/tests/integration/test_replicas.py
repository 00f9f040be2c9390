"""Two replicas of one service: they split the group's partitions, one relay publishes, and an
event delivered to both is applied once (issue 16: the capacity model's replica check)."""

from __future__ import annotations

import contextlib

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition

from resugrow_events import Envelope
from resugrow_platform.messaging import encode_envelope

from .demo_service import DemoSettings, NotedV1, create_app

pytestmark = pytest.mark.integration


def _consumer(app):
    return getattr(app.state.platform.broker.subscribers[0], "consumer", None)


def _noted_partitions(app) -> set[int]:
    topic = app.state.platform.settings.topic(NotedV1.event_type)
    consumer = _consumer(app)
    if consumer is None:
        return set()
    return {tp.partition for tp in consumer.assignment() if tp.topic == topic}


async def _committed_past(app, tp: TopicPartition, offset: int) -> bool:
    return (await _consumer(app).committed(tp) or 0) > offset


def _record_handling(app, seen: list[str]) -> None:
    """Note which replica ran the handler for which event (before the consumer is built)."""
    sub = next(s for s in app.state.platform.subscriptions if s.topic == NotedV1.event_type)
    original = sub.handler

    async def handler(uow, event):
        await original(uow, event)
        seen.append(event.id)

    sub.handler = handler


async def test_two_replicas_share_partitions_and_apply_each_event_once(
    service_settings, app_client, infra, auth_headers, wait_for
):
    settings = service_settings(DemoSettings, outbox={"lease_ttl_s": 2.0})
    first, second = create_app(settings), create_app(settings)
    handled: dict[str, list[str]] = {"first": [], "second": []}
    _record_handling(first, handled["first"])
    _record_handling(second, handled["second"])
    async with app_client(first) as client_a, app_client(second) as client_b:
        # The group rebalances once the second member joins: disjoint halves of all 6 partitions.
        async def split() -> bool:
            a, b = _noted_partitions(first), _noted_partitions(second)
            return bool(a) and bool(b) and not a & b and a | b == set(range(6))

        await wait_for(split, timeout=60)

        # One relay holds the lease; notes written through either replica go out once each.
        relays = [first.state.platform.relay, second.state.platform.relay]
        await wait_for(lambda: _async([r.is_leader for r in relays].count(True) == 1))
        user = auth_headers("u-replicas")
        for i, client in enumerate([client_a, client_b] * 10):
            resp = await client.post("/v1/notes", json={"note_id": f"n{i}", "text": "x" * i}, headers=user)
            assert resp.status_code == 201, resp.text

        # The same event on two partitions, one owned by each replica: a duplicate that crosses
        # members (a republished outbox event lands wherever its key hashes).
        twice = Envelope.wrap(NotedV1(note_id="twice", text_length=5), source="/tests", subject="twice")
        topic = settings.topic(NotedV1.event_type)
        producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap)
        await producer.start()
        sent = []
        try:
            for app in (first, second):
                partition = min(_noted_partitions(app))
                meta = await producer.send_and_wait(topic, encode_envelope(twice), partition=partition)
                sent.append((app, TopicPartition(topic, partition), meta.offset))
        finally:
            await producer.stop()
        # Both copies were consumed (each member committed past its copy) before effects are judged.
        for app, tp, offset in sent:
            await wait_for(lambda app=app, tp=tp, offset=offset: _committed_past(app, tp, offset), timeout=60)

        db = first.state.platform.db
        names = [f"n{i}" for i in range(20)] + ["twice"]
        await wait_for(lambda: _count(db.effects, {"_id": {"$in": names}}, len(names)), timeout=60)
        effects = await db.effects.find({"_id": {"$in": names}}).to_list(None)
        assert {e["_id"]: e["count"] for e in effects} == dict.fromkeys(names, 1)
        assert next(e for e in effects if e["_id"] == "twice")["events"] == [twice.id]
        # Both replicas did part of the work.
        assert handled["first"] and handled["second"]


async def _async(value: bool) -> bool:
    return value


async def _count(collection, query, want: int) -> bool:
    with contextlib.suppress(Exception):
        return await collection.count_documents(query) >= want
    return False
