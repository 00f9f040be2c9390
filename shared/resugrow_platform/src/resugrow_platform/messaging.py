"""Kafka plumbing: the FastStream broker, explicit topic creation, and envelope (de)serialisation."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from resugrow_events import BY_TYPE, Envelope, EventPayload, RawEnvelope
from resugrow_events.catalog import DEFAULT_PARTITIONS, DLQ_PREFIX
from resugrow_platform.settings import ServiceSettings


def build_broker(settings: ServiceSettings) -> KafkaBroker:
    from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
    from opentelemetry import trace

    return KafkaBroker(
        settings.kafka.bootstrap_servers,
        client_id=settings.kafka.client_id or f"resugrow-{settings.service_name}",
        enable_idempotence=settings.kafka.enable_idempotence,
        acks="all",
        request_timeout_ms=settings.kafka.request_timeout_ms,
        graceful_timeout=settings.graceful_timeout_s,
        # Kafka spans with W3C context in headers (D10: no aiokafka instrumentation on top).
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=trace.get_tracer_provider())],
        description=f"Resugrow {settings.service_name} service events",
        # Routed through our structlog handler; per-message info lines would drown the logs.
        logger=logging.getLogger("faststream.resugrow"),
        log_level=logging.DEBUG,
    )


def partitions_for(topic: str, prefix: str = "") -> int:
    name = topic[len(prefix) :] if prefix and topic.startswith(prefix) else topic
    spec = BY_TYPE.get(name)
    if spec is not None:
        return spec.partitions
    return 3 if name.startswith(DLQ_PREFIX) else DEFAULT_PARTITIONS


async def ensure_topics(
    bootstrap: str, topics: list[str], prefix: str = "", replication: int = 1
) -> list[str]:
    """Create missing topics with the catalog's partition counts; returns the ones created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await admin.start()
    created: list[str] = []
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        for topic in missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(topic, partitions_for(topic, prefix), replication)])
                created.append(topic)
    finally:
        await admin.close()
    return created


def encode_envelope(envelope: Envelope[Any]) -> bytes:
    return envelope.model_dump_json().encode()


def decode_envelope(value: bytes, payload: type[EventPayload] | None) -> Envelope[Any] | RawEnvelope:
    """Validation errors propagate: a malformed event is dead-lettered, never retried."""
    if payload is None:
        return RawEnvelope.model_validate_json(value)
    return Envelope[payload].model_validate_json(value)  # type: ignore[valid-type]
