"""Kafka plumbing: the FastStream broker, explicit topic creation, and envelope (de)serialisation."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from resugrow_events import BY_TYPE, Envelope, EventPayload, RawEnvelope
from resugrow_events.catalog import DEFAULT_PARTITIONS, DLQ_PREFIX
from resugrow_platform.settings import ServiceSettings

_IDLE_BACKOFF = {"max_s": 0.0, "quiet_s": 0.0, "quiet_after_s": 0.0, "first_s": 0.025}


def install_idle_fetch_backoff(
    max_ms: int, quiet_ms: int = 0, quiet_after_s: float = 30.0, first_ms: float = 25.0
) -> None:
    """Space out fetches that come back empty, growing to `max_ms` while a consumer stays idle,
    and to `quiet_ms` once it has been idle for `quiet_after_s`.

    aiokafka sends the next fetch as soon as one returns and relies on the broker to hold an
    empty fetch for `fetch_max_wait_ms`. The embedded Tansu broker answers at once, so an idle
    platform spun a quarter of two cores on empty fetches (issue 16). The first empty fetch
    waits `first_ms` (by default the 25 ms a Kafka broker would hold it, `fetch_max_wait_ms`)
    and each further one twice as long; while a user is active the first event after a pause
    waits at most `max_ms`; only a platform quiet for
    `quiet_after_s` (nobody using it) waits up to `quiet_ms` for its next event, which keeps an
    idle platform idle. 0 turns it off (Apache Kafka honours the fetch wait by itself).
    Process-wide: aiokafka offers no per-consumer hook for this.
    """
    from aiokafka.consumer import fetcher

    _IDLE_BACKOFF["max_s"] = max(0, max_ms) / 1000
    _IDLE_BACKOFF["quiet_s"] = max(0, quiet_ms) / 1000
    _IDLE_BACKOFF["quiet_after_s"] = max(0.0, quiet_after_s)
    _IDLE_BACKOFF["first_s"] = max(0.0, first_ms) / 1000
    if getattr(fetcher.Fetcher, "_resugrow_idle_backoff", False):
        return
    original = fetcher.Fetcher._proc_fetch_request

    async def proc_fetch_request(self: Any, assignment: Any, node_id: Any, request: Any) -> bool:
        has_data = bool(await original(self, assignment, node_id, request))
        now = asyncio.get_running_loop().time()
        if has_data:
            self._resugrow_empty_fetches = 0
            self._resugrow_idle_since = None
            return True
        empty = getattr(self, "_resugrow_empty_fetches", 0) + 1
        self._resugrow_empty_fetches = empty
        idle_since = getattr(self, "_resugrow_idle_since", None)
        if idle_since is None:
            self._resugrow_idle_since = idle_since = now
        delay = empty_fetch_pause(empty, now - idle_since)
        if delay > 0:
            try:
                await asyncio.sleep(delay)
            except asyncio.CancelledError:
                # Like the original: a fetch cancelled by close() or a rebalance just ends, so
                # `consumer.stop()` (which awaits the cancelled fetches) completes cleanly.
                return False
        return False

    fetcher.Fetcher._proc_fetch_request = proc_fetch_request  # type: ignore[method-assign]
    fetcher.Fetcher._resugrow_idle_backoff = True  # type: ignore[attr-defined]


def install_batch_wait() -> None:
    """FastStream's batch loop without its pause after an empty poll.

    FastStream polls with `getmany(timeout_ms=batch_timeout_ms)`, which returns as soon as any
    record is fetched, and then, when it came back empty, sleeps `batch_timeout_ms` more: an
    event that arrives during that sleep waits for it, and an idle consumer wakes twice per
    period. Without the sleep a long poll costs nothing in latency, so `batch_timeout_ms` can be
    long and an idle consumer wakes once per period (issue 16, measured in bench/README.md).
    A poll that comes back empty early (a consumer being closed) still pauses, so it cannot
    spin. Process-wide: FastStream has no option for it.
    """
    from itertools import chain

    from faststream.kafka.subscriber.usecase import BatchSubscriber

    if getattr(BatchSubscriber, "_resugrow_batch_wait", False):
        return

    async def get_msg(self: Any, consumer: Any) -> tuple[Any, ...]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        messages = await consumer.getmany(timeout_ms=self.batch_timeout_ms, max_records=self.max_records)
        if not messages:
            wait_s = self.batch_timeout_ms / 1000
            if loop.time() - started < wait_s / 2:
                await asyncio.sleep(wait_s)
            return ()
        return tuple(chain(*messages.values()))

    BatchSubscriber.get_msg = get_msg  # type: ignore[method-assign]
    BatchSubscriber._resugrow_batch_wait = True  # type: ignore[attr-defined]


def empty_fetch_pause(empty_fetches: int, idle_for_s: float) -> float:
    """The pause after the `empty_fetches`-th empty fetch in a row, `idle_for_s` since the last data."""
    first = _IDLE_BACKOFF["first_s"] * 2.0 ** min(max(0, empty_fetches - 1), 12)
    return min(_idle_cap(idle_for_s), first)


def _idle_cap(idle_for_s: float) -> float:
    """The pause cap after `idle_for_s` of empty fetches: short while the platform is in use."""
    cap, quiet = _IDLE_BACKOFF["max_s"], _IDLE_BACKOFF["quiet_s"]
    if cap <= 0:
        return 0.0
    if quiet > cap and idle_for_s >= _IDLE_BACKOFF["quiet_after_s"]:
        return quiet
    return cap


def build_broker(settings: ServiceSettings) -> KafkaBroker:
    from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
    from opentelemetry import trace

    k = settings.kafka
    install_idle_fetch_backoff(
        k.idle_fetch_backoff_max_ms,
        k.idle_fetch_backoff_quiet_ms,
        k.idle_fetch_quiet_after_s,
        k.idle_fetch_backoff_first_ms,
    )
    if k.batch_poll_without_pause:
        install_batch_wait()

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


def partitions_for(topic: str, prefix: str = "", max_partitions: int = 0) -> int:
    """The catalog's partition count for `topic`, capped at `max_partitions` when that is > 0."""
    name = topic[len(prefix) :] if prefix and topic.startswith(prefix) else topic
    spec = BY_TYPE.get(name)
    if spec is not None:
        count = spec.partitions
    else:
        count = 3 if name.startswith(DLQ_PREFIX) else DEFAULT_PARTITIONS
    return min(count, max_partitions) if max_partitions > 0 else count


async def ensure_topics(
    bootstrap: str, topics: list[str], prefix: str = "", replication: int = 1, max_partitions: int = 0
) -> list[str]:
    """Create missing topics with the catalog's partition counts (capped at `max_partitions`
    when > 0, see `KafkaSettings.max_partitions`); returns the ones created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await admin.start()
    created: list[str] = []
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        for topic in missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                count = partitions_for(topic, prefix, max_partitions)
                await admin.create_topics([NewTopic(topic, count, replication)])
                created.append(topic)
    finally:
        await admin.close()
    return created


class TopicWatch:
    """Which topics the broker does not know (a restarted in-memory broker knows none), asked by
    each service's broker watch on one kept admin connection: a fresh admin client per check
    (connect, version negotiation, close) cost about four times the CPU of the check itself, in
    the service and in the broker, on an idle platform. A failed check drops the connection and
    the next one opens a new one.

    Between checks it holds a second, silent connection to the broker: a broker that restarts
    closes it, which triggers a check at once. So the topics are asked for only every
    `full_check_s` while that connection holds (a topic deleted on a running broker is found
    then), instead of every few seconds (issue 16)."""

    def __init__(self, bootstrap: str) -> None:
        self._bootstrap = bootstrap
        self._admin: AIOKafkaAdminClient | None = None
        self._line: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._failed = False

    async def missing(self, topics: list[str]) -> list[str]:
        try:
            if self._admin is None:
                admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, request_timeout_ms=5000)
                await admin.start()
                self._admin = admin
            existing = set(await self._admin.list_topics())
        except BaseException:
            self._failed = True
            await self.close()
            raise
        self._failed = False
        return [t for t in topics if t not in existing]

    async def until_check(self, interval_s: float, full_check_s: float) -> None:
        """Wait until the next check is due: `interval_s` after a failed check or while the
        broker cannot be reached, at once when it closes the silent connection (restarted),
        else `full_check_s` (never less than `interval_s`)."""
        if self._failed or (self._line is None and not await self._open_line()):
            await asyncio.sleep(interval_s)
            return
        assert self._line is not None
        try:
            # The broker never writes on this connection: only its closing ends the read early.
            await asyncio.wait_for(self._line[0].read(1), timeout=max(interval_s, full_check_s))
        except TimeoutError:
            return
        except OSError:
            pass
        self._drop_line()

    async def _open_line(self) -> bool:
        host, _, port = self._bootstrap.split(",")[0].strip().rpartition(":")
        try:
            self._line = await asyncio.wait_for(asyncio.open_connection(host or "127.0.0.1", int(port)), 5)
        except (OSError, TimeoutError, ValueError):
            return False
        return True

    def _drop_line(self) -> None:
        line, self._line = self._line, None
        if line is not None:
            line[1].close()

    async def close(self) -> None:
        self._drop_line()
        admin, self._admin = self._admin, None
        if admin is not None:
            with contextlib.suppress(Exception):
                await admin.close()


async def consumer_lag(consumer: Any) -> int:
    """Events waiting on this consumer's partitions: end offsets minus its fetch positions."""
    assignment = list(consumer.assignment())
    if not assignment:
        return 0
    ends = await consumer.end_offsets(assignment)
    lag = 0
    for tp in assignment:
        position = await consumer.position(tp)
        lag += max(0, int(ends.get(tp, 0)) - int(position))
    return lag


def encode_envelope(envelope: Envelope[Any]) -> bytes:
    return envelope.model_dump_json().encode()


def decode_envelope(value: bytes, payload: type[EventPayload] | None) -> Envelope[Any] | RawEnvelope:
    """Validation errors propagate: a malformed event is dead-lettered, never retried."""
    if payload is None:
        return RawEnvelope.model_validate_json(value)
    return Envelope[payload].model_validate_json(value)  # type: ignore[valid-type]
