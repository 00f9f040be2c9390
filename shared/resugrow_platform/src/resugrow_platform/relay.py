"""The outbox relay: publishes committed outbox documents to Kafka, in order per key.

Woken by commits in this process (and a change stream for other processes' commits), with a poll
as a backstop. One relay per service is active at a time (a lease document), so per-key order
holds. A relay that dies mid-batch loses nothing: unsent documents stay pending and are published
again (consumers are idempotent by event id). The transaction side is in `outbox.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import propagate
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from resugrow_platform.activity import RequestActivity
from resugrow_platform.logging import get_logger
from resugrow_platform.metrics import OUTBOX_BACKLOG, OUTBOX_PUBLISHED, OUTBOX_YIELD_SECONDS
from resugrow_platform.outbox import _COMMIT_LISTENERS, LEASES, OUTBOX, _now, ensure_outbox_indexes

if TYPE_CHECKING:
    from faststream.kafka import KafkaBroker

    from resugrow_platform.settings import ServiceSettings

log = get_logger("resugrow.outbox")


class OutboxRelay:
    def __init__(
        self,
        db: AsyncDatabase[Any],
        broker: KafkaBroker,
        settings: ServiceSettings,
        *,
        activity: RequestActivity | None = None,
    ) -> None:
        self.db = db
        self.broker = broker
        self.settings = settings
        self.activity = activity or RequestActivity()
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []
        self.is_leader = False
        self._lease_deadline = 0.0  # loop time until which this relay's lease surely holds
        self._lease_taken_at = 0.0  # loop time of the last renewal that reached the database
        self.lease_name = f"relay:{settings.service_name}"
        # Whether an event may be waiting for a retry (a failed send, by this relay or by one
        # that held the lease while this one did not): only then is the outbox asked for them.
        self._retries_possible = True
        self._batch_full = False  # the last batch was full, so more events may be due

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        await ensure_outbox_indexes(self.db)
        _COMMIT_LISTENERS.setdefault(self.db.name, set()).add(self.wake)
        self._tasks = [asyncio.create_task(self._run(), name="outbox-relay")]
        if self.settings.outbox.watch_changes:
            self._tasks.append(asyncio.create_task(self._watch(), name="outbox-watch"))

    async def stop(self) -> None:
        _COMMIT_LISTENERS.get(self.db.name, set()).discard(self.wake)
        self._stopping.set()
        self._wake.set()
        for task in self._tasks:
            # The relay finishes its current batch; the watcher is simply cancelled.
            if task.get_name() == "outbox-watch":
                task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout=self.settings.graceful_timeout_s)
        await self._release()

    async def _watch(self) -> None:
        """Change stream: wake the relay the moment an outbox document is committed."""
        while not self._stopping.is_set():
            try:
                pipeline = [{"$match": {"operationType": "insert"}}]
                async with await self.db[OUTBOX].watch(pipeline) as stream:
                    async for _ in stream:
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # polling remains the backstop
                log.warning("outbox_watch_failed", reason=type(exc).__name__)
                await asyncio.sleep(self.settings.outbox.poll_interval_s)

    async def _hold_lease(self) -> bool:
        """The lease, renewed only once a third of it has passed: a renewal per batch was a
        database command per event while events flow (sends still stop where the lease may end)."""
        now = asyncio.get_running_loop().time()
        if self.is_leader and now < self._lease_deadline and now - self._lease_taken_at < self._renew_every():
            return True
        return await self._acquire()

    def _renew_every(self) -> float:
        return self.settings.outbox.lease_ttl_s / 3

    async def _acquire(self) -> bool:
        started = asyncio.get_running_loop().time()
        lapsed = started >= self._lease_deadline  # another relay may have held it meanwhile
        now = _now()
        expires = now + timedelta(seconds=self.settings.outbox.lease_ttl_s)
        try:
            doc = await self.db[LEASES].find_one_and_update(
                {"_id": self.lease_name, "$or": [{"owner": self.owner}, {"expires_at": {"$lt": now}}]},
                {"$set": {"owner": self.owner, "expires_at": expires}},
                upsert=True,
                return_document=True,
            )
        except DuplicateKeyError:
            return False  # another relay holds a live lease
        held = bool(doc and doc.get("owner") == self.owner)
        if held:
            # Measured from before the request: the lease may have started that early.
            self._lease_deadline = started + self.settings.outbox.lease_ttl_s
            self._lease_taken_at = started
            self._retries_possible = self._retries_possible or lapsed
        return held

    async def _release(self) -> None:
        with contextlib.suppress(Exception):
            await self.db[LEASES].update_one(
                {"_id": self.lease_name, "owner": self.owner}, {"$set": {"expires_at": _now()}}
            )

    def _poll_interval(self, quiet_for_s: float) -> float:
        """Poll often while events flow, rarely once quiet. A quiet leader lets its lease lapse
        rather than renew it every few seconds for nothing (on the embedded database those
        renewals were a fifth of an idle platform's CPU): its next poll or its own next commit
        takes the lease again, or another replica's commit does. A relay that is not the leader
        looks again once the leader's lease may have lapsed."""
        o = self.settings.outbox
        if quiet_for_s < o.idle_after_s:
            return o.poll_interval_s
        if not self.is_leader:
            return max(o.poll_interval_s, min(o.idle_poll_interval_s, o.lease_ttl_s))
        return max(o.poll_interval_s, o.idle_poll_interval_s)

    async def _run(self) -> None:
        poll = self.settings.outbox.poll_interval_s
        next_purge = 0.0
        loop = asyncio.get_running_loop()
        last_sent = loop.time()
        draining = False
        while not self._stopping.is_set():
            # Cleared before the pass, not after: a commit during the pass wakes the next one, so
            # a batch that was not full needs no second look at the outbox to know it is drained.
            self._wake.clear()
            try:
                self.is_leader = await self._hold_lease()
                if self.is_leader and not draining:
                    await self._yield_to_requests()
                sent = await self.relay_once() if self.is_leader else 0
                if self.is_leader and loop.time() >= next_purge:
                    next_purge = loop.time() + self.settings.outbox.purge_interval_s
                    await self.purge_sent(timedelta(seconds=self.settings.outbox.sent_retention_s))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox_relay_error", reason=type(exc).__name__)
                sent = 0
                await asyncio.sleep(poll)
            draining = bool(sent) and self._batch_full
            if sent:
                last_sent = loop.time()
                if draining:
                    continue  # drain the backlog before sleeping
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._wake.wait(), timeout=self._poll_interval(loop.time() - last_sent)
                )

    async def _yield_to_requests(self) -> None:
        """Let this process's requests finish first (see `activity.py`), a bounded time."""
        o = self.settings.outbox
        if o.yield_max_ms > 0 and not self._stopping.is_set():
            waited = await self.activity.quiet(o.yield_quiet_ms / 1000, o.yield_max_ms / 1000)
            OUTBOX_YIELD_SECONDS.labels(self.settings.service_name).inc(waited)

    async def relay_once(self) -> int:
        """Publish one batch of pending documents; returns how many were sent.

        Per-key order holds across batches: a key whose earlier event failed and waits for its
        retry is skipped until that event goes out, and within a key each send is confirmed
        (acked) before the next starts. Different keys are sent concurrently. No send starts
        unless the lease still covers it: a relay that stalled past its lease stops, so two
        relays never publish at once.
        """
        now = _now()
        outbox = self.db[OUTBOX]
        limit = self.settings.outbox.batch_size
        batch = (
            await outbox.find({"status": "pending", "next_attempt_at": {"$lte": now}})
            .sort("_id", ASCENDING)
            .limit(limit)
            .to_list(None)
        )
        self._batch_full = len(batch) >= limit
        if not batch:
            OUTBOX_BACKLOG.labels(self.settings.service_name).set(0)
            return 0
        waiting = await self._waiting(now)
        blocked = {doc["key"] for doc in waiting}
        by_key: dict[str, list[dict[str, Any]]] = {}
        for doc in batch:
            if doc["key"] not in blocked:
                by_key.setdefault(doc["key"], []).append(doc)
        lease = asyncio.create_task(self._keep_lease(), name="outbox-lease")
        try:
            results = await asyncio.gather(*(self._send_key(docs) for docs in by_key.values()))
        finally:
            lease.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await lease
        sent_ids = [doc_id for sent, _ in results for doc_id in sent]
        failed = [doc for _, doc in results if doc is not None]
        await self._settle(sent_ids, failed)
        await self._report_backlog(len(batch) - len(sent_ids) + len(waiting))
        return len(sent_ids)

    async def _waiting(self, now: datetime) -> list[dict[str, Any]]:
        """Events held back for a retry (their keys wait behind them). Asked only while one may
        exist: none is, unless a send failed or another relay held the lease meanwhile."""
        if not self._retries_possible:
            return []
        waiting: list[dict[str, Any]] = await (
            self.db[OUTBOX]
            .find({"status": "pending", "next_attempt_at": {"$gt": now}}, {"key": 1})
            .to_list(None)
        )
        self._retries_possible = bool(waiting)
        return waiting

    async def _settle(self, sent_ids: list[str], failed: list[dict[str, Any]]) -> None:
        outbox = self.db[OUTBOX]
        if sent_ids:
            await outbox.update_many(
                {"_id": {"$in": sent_ids}}, {"$set": {"status": "sent", "sent_at": _now()}}
            )
            OUTBOX_PUBLISHED.labels(self.settings.service_name).inc(len(sent_ids))
        for doc in failed:
            self._retries_possible = True
            attempts = int(doc.get("attempts", 0)) + 1
            delay = min(self.settings.outbox.max_backoff_s, 0.2 * (2**attempts))
            await outbox.update_one(
                {"_id": doc["_id"]},
                {"$set": {"attempts": attempts, "next_attempt_at": _now() + timedelta(seconds=delay)}},
            )
        if failed:
            log.warning("outbox_publish_failed", count=len(failed))

    async def _report_backlog(self, left_in_batch: int) -> None:
        """The pending gauge. A batch that was not full held every due event, so what it left
        (unsent, or waiting for a retry) is the backlog without counting it again."""
        if not self._batch_full:
            OUTBOX_BACKLOG.labels(self.settings.service_name).set(left_in_batch)
            return
        with contextlib.suppress(PyMongoError):
            backlog = await self.db[OUTBOX].count_documents({"status": "pending"})
            OUTBOX_BACKLOG.labels(self.settings.service_name).set(backlog)

    def _send_timeout(self) -> float:
        # Shorter than the lease, so a send that hangs cannot outlive the lease that allowed it.
        return max(0.1, self.settings.outbox.lease_ttl_s / 3)

    async def _send_key(self, docs: list[dict[str, Any]]) -> tuple[list[str], dict[str, Any] | None]:
        """Send one key's events in order, each confirmed before the next; stop at the first failure."""
        sent: list[str] = []
        loop = asyncio.get_running_loop()
        for doc in docs:
            if loop.time() + self._send_timeout() >= self._lease_deadline:
                return sent, None  # the lease may lapse mid-send: leave the rest for the next leader
            token = otel_context.attach(propagate.extract(doc.get("headers") or {}))
            try:
                await asyncio.wait_for(
                    self.broker.publish(
                        bytes(doc["value"]),
                        doc["topic"],
                        key=doc["key"].encode(),
                        headers={
                            "content-type": "application/cloudevents+json",
                            **(doc.get("headers") or {}),
                        },
                    ),
                    timeout=self._send_timeout(),
                )
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.info("outbox_send_failed", key=doc["key"], exc_type=type(exc).__name__)
                return sent, doc
            finally:
                otel_context.detach(token)
            sent.append(doc["_id"])
        return sent, None

    async def _keep_lease(self) -> None:
        """Renew the lease during a long batch; losing it stops new sends at once."""
        ttl = self.settings.outbox.lease_ttl_s
        while True:
            await asyncio.sleep(ttl / 3)
            if not await self._acquire():
                self._lease_deadline = 0.0
                log.warning("outbox_lease_lost_mid_batch")
                return

    async def republish_since(self, since: datetime) -> int:
        """Mark events sent since `since` pending again: the broker lost them. Consumers skip
        the ones they already applied (idempotent by event id)."""
        result = await self.db[OUTBOX].update_many(
            {"status": "sent", "sent_at": {"$gte": since}},
            {"$set": {"status": "pending", "next_attempt_at": _now(), "republished": True}},
        )
        self.wake()
        return int(result.modified_count)

    async def purge_sent(self, older_than: timedelta = timedelta(hours=24)) -> int:
        result = await self.db[OUTBOX].delete_many(
            {"status": "sent", "sent_at": {"$lt": _now() - older_than}}
        )
        return int(result.deleted_count)
