"""Prometheus metrics: HTTP RED, handler outcomes, outbox backlog, consumer lag, DLQ writes."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# One registry per process; the label `service` separates services sharing a process in tests.
REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests", ["service", "method", "route", "status"], registry=REGISTRY
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP request duration",
    ["service", "method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
HTTP_SHED = Counter(
    "resugrow_http_shed_total",
    "Requests refused with 503 because the process was at capacity (admission control)",
    ["service"],
    registry=REGISTRY,
)
HANDLER_TOTAL = Counter(
    "resugrow_handler_total", "Consumed events by outcome", ["service", "topic", "outcome"], registry=REGISTRY
)
HANDLER_DURATION = Histogram(
    "resugrow_handler_duration_seconds",
    "Event handler duration",
    ["service", "topic"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
    registry=REGISTRY,
)
OUTBOX_BACKLOG = Gauge(
    "resugrow_outbox_backlog", "Outbox documents not yet sent", ["service"], registry=REGISTRY
)
OUTBOX_PUBLISHED = Counter(
    "resugrow_outbox_published_total", "Outbox documents relayed", ["service"], registry=REGISTRY
)
# Time the relay waited for its process's requests before a pass (settings.outbox.yield_*).
OUTBOX_YIELD_SECONDS = Counter(
    "resugrow_outbox_yield_seconds_total",
    "Seconds the outbox relay waited for this process's requests before sending",
    ["service"],
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "resugrow_consumer_lag", "Consumer lag in messages", ["service", "topic"], registry=REGISTRY
)
DLQ_WRITES = Counter(
    "resugrow_dlq_writes_total",
    "Messages sent to a dead-letter topic",
    ["service", "topic"],
    registry=REGISTRY,
)
BREAKER_STATE = Gauge(
    "resugrow_breaker_state",
    "Circuit breaker state (0 closed, 1 half-open, 2 open)",
    ["service", "downstream"],
    registry=REGISTRY,
)
