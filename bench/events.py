"""End-to-end event latency and idempotent-consumer throughput on the local infrastructure.

    .venv/bin/python bench/events.py [--latency-events 300] [--throughput-events 5000]

Latency: outbox insert (in a transaction, as a command does) -> relay -> Kafka -> idempotent
consumer -> effect committed. Throughput: events/s applied by one idempotent consumer (ledger
entry + effect per event) while a producer keeps the outbox full. Ceiling: the database's raw
single-document insert rate, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import platform as pyplatform
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from asgi_lifespan import LifespanManager
from pydantic import SecretStr

from resugrow_events import Envelope, EventPayload
from resugrow_platform import ServicePlatform, ServiceSettings, UnitOfWork, service_settings_config
from resugrow_testing.localinfra import start_local


class BenchSettings(ServiceSettings):
    model_config = service_settings_config("bench")
    service_name: str = "bench"


class TickV1(EventPayload):
    event_type = "resugrow.bench.tick.v1"
    aggregate = "tick"
    n: int
    sent_ns: int


latencies_ms: list[float] = []
applied_ns: list[int] = []


async def on_tick(uow: UnitOfWork, event: Envelope[TickV1]) -> None:
    await uow.db.effects.insert_one({"_id": event.data.n, "sent_ns": event.data.sent_ns}, session=uow.session)


async def watch_committed_effects(platform: ServicePlatform, ready: asyncio.Event) -> None:
    """A change stream reports an insert only after its transaction committed: that is the moment
    the effect exists for everyone, so latency and throughput are measured there."""
    async with await platform.db.effects.watch([{"$match": {"operationType": "insert"}}]) as stream:
        ready.set()
        async for change in stream:
            now = time.time_ns()
            latencies_ms.append((now - change["fullDocument"]["sent_ns"]) / 1e6)
            applied_ns.append(now)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def raw_insert_rate(platform: ServicePlatform, n: int) -> float:
    coll = platform.db["raw_inserts"]
    started = time.perf_counter()
    for i in range(n):
        await coll.insert_one({"_id": i, "v": "x" * 64})
    return n / (time.perf_counter() - started)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-events", type=int, default=300)
    parser.add_argument("--throughput-events", type=int, default=5000)
    parser.add_argument("--raw-inserts", type=int, default=3000)
    args = parser.parse_args()

    infra = start_local()
    try:
        settings = BenchSettings(
            kafka={"bootstrap_servers": infra.kafka_bootstrap, "topic_prefix": f"b{uuid.uuid4().hex[:6]}."},
            mongo={"url": SecretStr(infra.mongo_url), "database": "bench"},
            log_level="WARNING",
        )
        platform = ServicePlatform(settings, title="bench")
        platform.publishes(TickV1)
        platform.consume(TickV1, on_tick, max_records=500)
        async with LifespanManager(platform.app, startup_timeout=60, shutdown_timeout=30):
            ready = asyncio.Event()
            watcher = asyncio.create_task(watch_committed_effects(platform, ready))
            await ready.wait()
            # Warm up: the first group join and first fetches are not what we measure.
            async with platform.unit_of_work() as uow:
                uow.publish(TickV1(n=-1, sent_ns=time.time_ns()), subject="warm")
            while not applied_ns:
                await asyncio.sleep(0.05)
            latencies_ms.clear()
            applied_ns.clear()

            # 1. Latency, one event at a time with a gap (a quiet system, the common case).
            for i in range(args.latency_events):
                async with platform.unit_of_work() as uow:
                    uow.publish(TickV1(n=i, sent_ns=time.time_ns()), subject=f"k{i % 16}")
                await asyncio.sleep(0.02)
            deadline = time.monotonic() + 60
            while len(latencies_ms) < args.latency_events and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            lat = list(latencies_ms)

            # 2. Throughput: the producer writes 100 events per transaction while the consumer drains.
            latencies_ms.clear()
            applied_ns.clear()
            base = 1_000_000
            produce_started = time.perf_counter()
            for chunk in range(0, args.throughput_events, 100):
                async with platform.unit_of_work() as uow:
                    for i in range(chunk, min(chunk + 100, args.throughput_events)):
                        uow.publish(TickV1(n=base + i, sent_ns=time.time_ns()), subject=f"k{i % 16}")
            produce_s = time.perf_counter() - produce_started
            deadline = time.monotonic() + 300
            while len(applied_ns) < args.throughput_events and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            applied = len(applied_ns)
            span_s = (max(applied_ns) - min(applied_ns)) / 1e9 if applied > 1 else float("nan")
            throughput = applied / span_s if span_s else float("nan")
            effects = await platform.db.effects.count_documents({"_id": {"$gte": base}})

            # 3. Ceiling: raw single-document inserts into the same database, same run.
            raw_rate = await raw_insert_rate(platform, args.raw_inserts)
            watcher.cancel()
    finally:
        infra.stop()

    target = min(1000.0, 0.5 * raw_rate)
    print(
        f"machine: {pyplatform.machine()} {pyplatform.python_implementation()} {pyplatform.python_version()}"
    )
    print("| measure | value | target |")
    print("|---|---|---|")
    print(
        f"| latency p50 (outbox insert -> effect committed), n={len(lat)} | {statistics.median(lat):.1f} ms | <= 50 ms |"
    )
    print(f"| latency p95 | {pct(lat, 95):.1f} ms | |")
    print(f"| latency p99 | {pct(lat, 99):.1f} ms | <= 250 ms |")
    print(
        f"| idempotent consumer throughput, n={applied} | {throughput:,.0f} events/s | >= {target:,.0f} events/s |"
    )
    print(f"| effects applied exactly once | {effects} of {args.throughput_events} | all |")
    print(
        f"| producer outbox write rate (100 per transaction) | "
        f"{args.throughput_events / produce_s:,.0f} events/s | |"
    )
    print(f"| raw single-document insert rate (ceiling) | {raw_rate:,.0f} docs/s | |")
    print(f"| throughput / raw insert rate | {throughput / raw_rate:.2f} | >= 0.50 (or >= 1,000/s) |")


if __name__ == "__main__":
    asyncio.run(main())
