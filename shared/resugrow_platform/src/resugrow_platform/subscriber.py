"""The one Kafka consumer of a service process, wired to each topic's idempotent consumer.

One group member per process (not one per topic) means one group join at start-up and no cascade
of rebalances; records are dispatched to each topic's idempotent consumer.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, Any

from faststream import AckPolicy, Context

from resugrow_platform.consumer import IdempotentConsumer

if TYPE_CHECKING:
    from resugrow_platform.app import ServicePlatform


def build_subscriber(platform: ServicePlatform[Any]) -> Any:
    settings = platform.settings
    consumers = {
        settings.topic(sub.topic): IdempotentConsumer(platform, sub) for sub in platform.subscriptions
    }
    subscriber = platform.broker.subscriber(
        *consumers.keys(),
        group_id=settings.group_id,
        batch=True,
        max_records=platform._max_records,
        batch_timeout_ms=settings.kafka.batch_timeout_ms,
        consumer_timeout_ms=settings.kafka.fetcher_timeout_ms,
        heartbeat_interval_ms=settings.kafka.heartbeat_interval_ms,
        session_timeout_ms=settings.kafka.session_timeout_ms,
        # The broker holds an idle fetch up to this long: it bounds event latency when quiet.
        fetch_max_wait_ms=settings.kafka.fetch_max_wait_ms,
        auto_offset_reset=settings.kafka.auto_offset_reset,
        # Commit after the handler; if even the dead-letter write fails, nack and redeliver.
        ack_policy=AckPolicy.NACK_ON_ERROR,
        title=f"{settings.service_name} consumer",
        description="; ".join(
            f"{sub.topic}: {(sub.handler.__doc__ or sub.handler.__name__).strip().splitlines()[0]}"
            for sub in platform.subscriptions
        ),
    )

    async def dispatch(body: list[Any], message: Annotated[Any, Context("message")]) -> None:
        platform._last_progress = asyncio.get_running_loop().time()
        raw = message.raw_message
        records = raw if isinstance(raw, tuple | list) else (raw,)
        by_topic: dict[str, list[Any]] = {}
        for record in records:  # per-partition order is kept within each topic's list
            by_topic.setdefault(record.topic, []).append(record)
        kafka_consumer = getattr(subscriber, "consumer", None)
        for topic, items in by_topic.items():
            consumer = consumers.get(topic)
            if consumer is None:
                continue
            consumer.kafka_consumer = kafka_consumer
            await consumer.handle_batch(items)

    dispatch.__name__ = f"{settings.service_name}_consumer"
    subscriber(dispatch)
    return subscriber
