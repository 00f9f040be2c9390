"""Idempotent consumption with retries and dead letters (at-least-once delivery, exactly-once effects).

A batch of records is first processed in one transaction (fast path: one commit for many events).
If anything in it fails, the batch is aborted and every event is processed on its own (slow path):
a few short retries for transient errors, then the original bytes and headers go to
`resugrow.dlq.<group>` with the reason, and the partition moves on. Malformed events and
`PermanentError` are dead-lettered at once. Offsets are committed by FastStream after the handler
returns (AckPolicy), never before; if even the dead-letter write fails the batch is nacked and
redelivered.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiokafka.errors import KafkaError
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from pydantic import ValidationError
from pymongo.errors import DuplicateKeyError, PyMongoError

from resugrow_domain import Unavailable
from resugrow_events import EventPayload, UserDeletedV1, dlq_topic
from resugrow_platform import context as ctx
from resugrow_platform.errors import is_permanent
from resugrow_platform.logging import get_logger
from resugrow_platform.messaging import decode_envelope
from resugrow_platform.metrics import CONSUMER_LAG, DLQ_WRITES, HANDLER_DURATION, HANDLER_TOTAL
from resugrow_platform.outbox import LEDGER, DuplicateEvent

if TYPE_CHECKING:
    from resugrow_platform.app import ServicePlatform

log = get_logger("resugrow.consumer")
Handler = Callable[..., Awaitable[None]]
# (unit of work, the batch's new events in order): one call for a whole fast-path batch.
BatchHandler = Callable[[Any, list[Any]], Awaitable[None]]
DLQ_HEADER_PREFIX = "x-dlq-"


@dataclass
class Subscription:
    topic: str  # un-prefixed event type
    handler: Handler
    payload: type[EventPayload] | None
    transactional: bool = True
    name: str = ""
    # Optional: takes a whole fast-path batch in one call (e.g. one bulk write, no per-event
    # look-ups). It runs outside the per-event trace scope, so it suits handlers that only
    # write and publish nothing; the slow path still calls `handler` one event at a time.
    batch_handler: BatchHandler | None = None
    # The batch handler's writes are keyed by the event id and it skips events already written:
    # the fast path then writes no ledger entries (one document fewer per event, which is most
    # of an event's cost on the embedded SecantusDB). The slow path still uses the ledger, so
    # the per-event handler must tolerate an event the batch handler already wrote.
    batch_dedupes: bool = False
    # False: the batch handler gets the platform instead of a unit of work and writes without a
    # transaction (and without ledger entries): one bulk write per batch, no begin/commit. Only
    # for writes keyed by the event id that skip what exists (e.g. an unordered insert_many that
    # ignores duplicate keys), so a batch redelivered after a crash mid-write rewrites nothing.
    batch_transactional: bool = True
    # False (non-transactional subscriptions only): the handler's effects repeat harmlessly
    # (e.g. the gateway's invalidations) and nothing writes ledger entries for this group, so
    # the per-event ledger look-up could never find one: it is skipped (one query per event).
    ledger: bool = True


@dataclass
class Decoded:
    record: Any
    event: Any = None
    error: BaseException | None = None


def _headers(record: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in record.headers or ():
        out[key] = value.decode(errors="replace") if isinstance(value, bytes | bytearray) else str(value)
    return out


class IdempotentConsumer:
    def __init__(self, platform: ServicePlatform, sub: Subscription) -> None:
        self.platform = platform
        self.sub = sub
        self.settings = platform.settings
        self.group = self.settings.group_id
        self.tracer = trace.get_tracer("resugrow.consumer")
        self.kafka_consumer: Any = None

    # -- entry point called by the FastStream batch subscriber ---------------------------------
    async def handle_batch(self, records: tuple[Any, ...] | list[Any]) -> None:
        decoded = [self._decode(r) for r in records]
        valid: list[Decoded] = []
        for item in decoded:
            if item.error is not None:
                await self._dead_letter(item.record, item.error, attempts=1)
            else:
                valid.append(item)
        valid = await self._drop_erased(valid)
        if not valid:
            return
        if self.sub.transactional and len(valid) > 1:
            try:
                await self._process_together(valid)
                return
            except Exception as exc:
                # One bad apple must not block the batch: fall back to one event at a time.
                log.info("batch_fallback", topic=self.sub.topic, reason=type(exc).__name__, count=len(valid))
        for item in valid:
            await self._process_one(item)

    async def _drop_erased(self, items: list[Decoded]) -> list[Decoded]:
        """Events about a user erased meanwhile are acknowledged and dropped, never applied."""
        if self.sub.topic == UserDeletedV1.event_type:
            return items
        users = {str(i.event.userid) for i in items if getattr(i.event, "userid", None)}
        erased = await self.platform.deleted_users.any_deleted(self.platform.db, users)
        if not erased:
            return items
        kept = [i for i in items if getattr(i.event, "userid", None) not in erased]
        HANDLER_TOTAL.labels(self.settings.service_name, self.sub.topic, "erased_user").inc(
            len(items) - len(kept)
        )
        log.info("events_of_erased_users_dropped", topic=self.sub.topic, count=len(items) - len(kept))
        return kept

    def _decode(self, record: Any) -> Decoded:
        try:
            return Decoded(record, decode_envelope(record.value, self.sub.payload))
        except (ValidationError, ValueError, UnicodeDecodeError) as exc:
            return Decoded(record, error=exc)

    # -- fast path ----------------------------------------------------------------------------
    async def _process_together(self, items: list[Decoded]) -> None:
        ids = [f"{self.group}:{i.event.id}" for i in items]
        started = time.perf_counter()
        seen = await self._seen(ids)
        todo, dupes = [], 0
        batch_ids: set[str] = set()
        for item, ledger_id in zip(items, ids, strict=True):
            if ledger_id in seen or ledger_id in batch_ids:
                dupes += 1
                continue
            batch_ids.add(ledger_id)
            todo.append(item)
        if todo and self.sub.batch_handler is not None and not self.sub.batch_transactional:
            await self.sub.batch_handler(self.platform, [item.event for item in todo])
        elif todo:
            async with self.platform.unit_of_work() as uow:
                await self._handle_together(uow, todo)
        elapsed = time.perf_counter() - started
        self.platform.mark_progress()
        HANDLER_TOTAL.labels(self.settings.service_name, self.sub.topic, "ok").inc(len(todo))
        if dupes:
            HANDLER_TOTAL.labels(self.settings.service_name, self.sub.topic, "duplicate").inc(dupes)
        HANDLER_DURATION.labels(self.settings.service_name, self.sub.topic).observe(
            elapsed / max(1, len(items))
        )
        self._record_lag(items[-1].record)

    async def _seen(self, ledger_ids: list[str]) -> set[str]:
        if self.sub.batch_handler is not None and (
            self.sub.batch_dedupes or not self.sub.batch_transactional
        ):
            return set()  # the batch handler skips what it already wrote
        return {
            d["_id"] async for d in self.platform.db[LEDGER].find({"_id": {"$in": ledger_ids}}, {"_id": 1})
        }

    async def _handle_together(self, uow: Any, todo: list[Decoded]) -> None:
        # Known duplicates were filtered already; a concurrent duplicate makes the ledger's
        # insert_many fail at commit and the batch falls back to one by one.
        if self.sub.batch_handler is not None:
            if not self.sub.batch_dedupes:
                for item in todo:
                    uow.record_processed_later(self.group, item.event.id, item.event.type)
            await self.sub.batch_handler(uow, [item.event for item in todo])
            return
        for item in todo:
            with self._event_scope(item):
                uow.record_processed_later(self.group, item.event.id, item.event.type)
                await self.sub.handler(uow, item.event)
                # Proof of life for the watchdog even inside a long batch.
                self.platform.mark_progress()

    # -- slow path ----------------------------------------------------------------------------
    async def _process_one(self, item: Decoded) -> None:
        attempts = 0
        # Transient errors (write conflicts, a database or broker briefly away) are retried for a
        # time budget long enough to ride out a burst; other errors get `max_retries` attempts.
        transient_deadline = time.monotonic() + self.settings.kafka.transient_retry_budget_s
        while True:
            attempts += 1
            started = time.perf_counter()
            with self._event_scope(item) as span:
                try:
                    outcome = await self._apply(item)
                except Exception as exc:
                    span.record_exception(exc)
                    delay = await self._after_failure(item, exc, attempts, transient_deadline)
                    if delay is None:
                        return
                    await asyncio.sleep(delay)
                    continue
                self._after_success(item, outcome, started)
                return

    async def _apply(self, item: Decoded) -> str:
        """One attempt at handling the event, with its ledger entry: "ok" or "duplicate"."""
        try:
            if self.sub.transactional:
                async with self.platform.unit_of_work() as uow:
                    await uow.record_processed(self.group, item.event.id, item.event.type)
                    await self.sub.handler(uow, item.event)
            else:
                if self.sub.ledger and await self._already_processed(item.event.id):
                    raise DuplicateEvent(item.event.id)
                await self.sub.handler(self.platform, item.event)
        except DuplicateEvent:
            return "duplicate"
        return "ok"

    async def _after_failure(
        self, item: Decoded, exc: Exception, attempts: int, transient_deadline: float
    ) -> float | None:
        """The delay before the next attempt, or None once the event went to the dead-letter topic."""
        fields = {"topic": self.sub.topic, "event_id": item.event.id, "exc_type": type(exc).__name__}
        if is_permanent(exc) or isinstance(exc, ValidationError):
            log.warning("event_rejected", **fields)
            await self._dead_letter(item.record, exc, attempts)
            return None
        delay = self._retry_delay(attempts)
        transient = is_transient(exc) and time.monotonic() + delay < transient_deadline
        if transient or attempts < self.settings.kafka.max_retries + 1:
            log.info("event_retry", attempt=attempts, **fields)
            return delay
        log.warning("event_failed", attempt=attempts, **fields)
        await self._dead_letter(item.record, exc, attempts)
        return None

    def _after_success(self, item: Decoded, outcome: str, started: float) -> None:
        self.platform.mark_progress()
        HANDLER_TOTAL.labels(self.settings.service_name, self.sub.topic, outcome).inc()
        HANDLER_DURATION.labels(self.settings.service_name, self.sub.topic).observe(
            time.perf_counter() - started
        )
        log.info(
            "event_handled",
            topic=self.sub.topic,
            event_id=item.event.id,
            event_type=item.event.type,
            outcome=outcome,
        )
        self._record_lag(item.record)

    def _retry_delay(self, attempts: int) -> float:
        """Exponential backoff with full jitter, capped, so conflicting retries spread out."""
        base = self.settings.kafka.retry_backoff_ms / 1000
        return random.uniform(base / 2, min(5.0, base * (2 ** (attempts - 1))) + base / 2)

    async def _already_processed(self, event_id: str) -> bool:
        found = await self.platform.db[LEDGER].find_one({"_id": f"{self.group}:{event_id}"}, {"_id": 1})
        return found is not None

    # -- helpers ------------------------------------------------------------------------------
    def _event_scope(self, item: Decoded) -> Any:
        consumer = self

        class _Scope:
            def __enter__(self) -> Any:
                parent = propagate.extract(_headers(item.record))
                self._token = otel_context.attach(parent)
                self._span_cm = consumer.tracer.start_as_current_span(
                    f"{consumer.sub.topic} process",
                    kind=trace.SpanKind.CONSUMER,
                    attributes={
                        "messaging.system": "kafka",
                        "messaging.destination.name": item.record.topic,
                        "messaging.message.id": item.event.id,
                        "messaging.consumer.group.name": consumer.group,
                    },
                )
                span = self._span_cm.__enter__()
                self._cid = ctx.correlation_id.set(item.event.correlationid or item.event.id)
                self._caus = ctx.causation_id.set(item.event.id)
                return span

            def __exit__(self, *exc: Any) -> None:
                ctx.causation_id.reset(self._caus)
                ctx.correlation_id.reset(self._cid)
                self._span_cm.__exit__(*exc)
                otel_context.detach(self._token)

        return _Scope()

    def _record_lag(self, record: Any) -> None:
        consumer = getattr(self, "kafka_consumer", None)
        if consumer is None:
            return
        try:
            from aiokafka import TopicPartition

            high = consumer.highwater(TopicPartition(record.topic, record.partition))
            if high is not None:
                CONSUMER_LAG.labels(self.settings.service_name, self.sub.topic).set(
                    max(0, high - record.offset - 1)
                )
        except Exception:  # lag is a best-effort gauge
            return

    async def _dead_letter(self, record: Any, exc: BaseException, attempts: int) -> None:
        headers = {k: v for k, v in _headers(record).items() if not k.startswith(DLQ_HEADER_PREFIX)}
        reason = str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__
        headers.update(
            {
                "x-dlq-reason": reason,
                "x-dlq-exception": f"{type(exc).__module__}.{type(exc).__name__}",
                "x-dlq-original-topic": record.topic,
                "x-dlq-original-partition": str(record.partition),
                "x-dlq-original-offset": str(record.offset),
                "x-dlq-attempts": str(attempts),
                "x-dlq-group": self.group,
                "x-dlq-failed-at": datetime.now(UTC).isoformat(),
            }
        )
        # Per-instance groups (a gateway replica's live stream) share the service's one DLQ topic.
        topic = self.settings.topic(dlq_topic(self.settings.service_name))
        # If this raises, the batch is nacked and redelivered: nothing is skipped silently.
        await self.platform.broker.publish(record.value, topic, key=record.key, headers=headers)
        DLQ_WRITES.labels(self.settings.service_name, self.sub.topic).inc()
        HANDLER_TOTAL.labels(self.settings.service_name, self.sub.topic, "dead_lettered").inc()
        log.warning(
            "event_dead_lettered",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            reason=type(exc).__name__,
            attempt=attempts,
        )


def is_transient(exc: BaseException) -> bool:
    """Errors that go away by themselves: worth retrying for a while before a dead letter."""
    if isinstance(exc, DuplicateKeyError):
        return False  # a second insert of the same key never succeeds
    return isinstance(exc, PyMongoError | TimeoutError | ConnectionError | KafkaError | Unavailable)
