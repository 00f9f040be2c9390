"""The platform's watchdogs: the erased-users copy, a broker that lost its topics, and a consumer
that stopped making progress. Each runs as a background task of the service's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from resugrow_platform.messaging import TopicWatch, consumer_lag, ensure_topics

if TYPE_CHECKING:
    from resugrow_platform.app import ServicePlatform


async def refresh_deleted_users(platform: ServicePlatform[Any]) -> None:
    while True:
        await asyncio.sleep(platform.settings.auth.deleted_users_refresh_s)
        with contextlib.suppress(Exception):  # the database may be away; the copy stays
            await platform.deleted_users.refresh(platform.db)


async def watch_broker(platform: ServicePlatform[Any]) -> None:
    """Notice a broker that lost topics (an in-memory broker restarted, a topic deleted):
    recreate them and publish again what was sent within the outbox retention window."""
    s = platform.settings
    watch = TopicWatch(s.kafka.bootstrap_servers)
    try:
        while True:
            await watch.until_check(s.kafka.watch_interval_s, s.kafka.topic_check_s)
            try:
                missing = await watch.missing(platform.topics())
                if not missing:
                    continue
                platform.log.warning("broker_lost_topics", count=len(missing), topics=missing[:5])
                await ensure_topics(
                    s.kafka.bootstrap_servers,
                    platform.topics(),
                    s.kafka.topic_prefix,
                    max_partitions=s.kafka.max_partitions,
                )
                if platform.relay is not None:
                    since = datetime.now(UTC) - timedelta(seconds=s.outbox.sent_retention_s)
                    count = await platform.relay.republish_since(since)
                    platform.log.warning("outbox_republished_after_broker_loss", count=count)
                if platform.consumers_started and platform._subscriber is not None:
                    # The member's group, offsets and partition metadata died with the broker,
                    # and topics recreated by other clients' publishes may not match what it
                    # cached: it has been seen to sit assigned to them, its commits refused,
                    # applying nothing with a lag check that fails. A fresh join now, with every
                    # topic back, starts from a known state (the earliest offsets; handlers are
                    # idempotent, so what is read again has no second effect).
                    await restart_consumer(platform)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the broker may still be away: look again next time
                platform.log.info("broker_watch_failed", reason=type(exc).__name__)
    finally:
        await watch.close()


async def watch_consumers(platform: ServicePlatform[Any]) -> None:
    """A consumer that stopped making progress while its topics hold events (a lost group,
    a fetcher stuck after a broker restart) fails readiness and is restarted in place."""
    s = platform.settings
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(s.kafka.watch_interval_s)
        consumer = getattr(platform._subscriber, "consumer", None)
        if not platform.consumers_started or consumer is None:
            continue
        try:
            await refresh_stale_metadata(platform, consumer)  # from cached metadata: no request
            # Nothing can be declared stalled before `stall_after_s` without progress, so the
            # broker is asked for the lag of an idle consumer (each check marks progress) once a
            # stall period, not every interval: same detection time, a sixth of the round trips
            # (issue 16). A stalled one is asked every interval, so it is ready again at once.
            if (
                not platform.consumers_stalled
                and loop.time() - platform._last_progress < s.kafka.stall_after_s
            ):
                continue
            lag = await consumer_lag(consumer)
        except Exception as exc:  # the broker may be away: the next round looks again
            platform.log.info("consumer_watch_failed", reason=type(exc).__name__)
            continue
        now = loop.time()
        if lag == 0:
            platform.mark_progress()
            platform.consumers_stalled = False
            continue
        if now - platform._last_progress < s.kafka.stall_after_s:
            continue
        platform.consumers_stalled = True
        platform.log.warning("consumer_stalled", lag=lag, idle_s=round(now - platform._last_progress, 1))
        await restart_consumer(platform)


async def refresh_stale_metadata(platform: ServicePlatform[Any], consumer: Any) -> None:
    """A member that rejoined its group while its topics did not exist (a broker restarted
    empty) is assigned nothing for them and, with no partition to fetch, never asks again: its
    metadata is only refreshed every `metadata_max_age_ms` (5 minutes) and its lag reads 0, so
    the stall check cannot see it. Ask for fresh metadata; a topic that now has partitions makes
    the group rebalance, and the member resumes from the committed (or earliest) offsets."""
    topics = [platform.settings.topic(sub.topic) for sub in platform.subscriptions]
    unknown = [t for t in topics if not consumer.partitions_for_topic(t)]
    if not unknown:
        return
    platform.log.warning("consumer_topics_unknown", count=len(unknown), topics=unknown[:5])
    # aiokafka has no public call for this; the client's own refresh is what its metadata
    # timer runs, so nothing about the member's state is bypassed.
    timeout_s = platform.settings.kafka.request_timeout_ms / 1000
    await asyncio.wait_for(consumer._client.force_metadata_update(), timeout_s)


async def restart_consumer(platform: ServicePlatform[Any]) -> None:
    """Restart the consumer in place; if even that hangs, stop the process so its supervisor
    (the launcher, Kubernetes) starts a fresh one: a stuck consumer must never look healthy."""
    timeout = platform.settings.graceful_timeout_s + 15
    try:
        await asyncio.wait_for(platform._subscriber.stop(), timeout)
        await asyncio.wait_for(platform._subscriber.start(), timeout)
    except Exception as exc:
        platform.log.error("consumer_restart_failed", reason=type(exc).__name__)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    platform.consumer_restarts += 1
    platform.mark_progress()
    platform.log.warning("consumer_restarted", count=platform.consumer_restarts)
