"""What one idle client library costs, one setting at a time (issue 16).

    .venv/bin/python bench/idle_parts.py mongo SECONDS VARIANT...   e.g. default poll poll+hb60000
    .venv/bin/python bench/idle_parts.py kafka SECONDS VARIANT...   e.g. parts=6 parts=1+nosleep=1+batch=2000

Seven idle clients (the seven services hold one each) in a child uvloop process, against a local
SecantusDB or Tansu started here; the child's CPU and the servers' from /proc over SECONDS.
Mongo variants, joined by "+": `poll` (serverMonitoringMode), `hbN` (heartbeatFrequencyMS),
`mhiN` (PyMongo's MIN_HEARTBEAT_INTERVAL constant, seconds). Kafka variants: `parts=N` (partitions
of each catalog topic; one group per service on the catalog's topics), `quiet=MS` (quiet fetch
backoff), `batch=MS` (poll length), `nosleep=1` (no pause after an empty poll), and any
AIOKafkaConsumer argument (`heartbeat_interval_ms=10000`).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time

from _proc import cpu_seconds

N = 7


async def mongo_child(url: str, variant: str, seconds: float, warm: float) -> None:
    import pymongo.common as common
    from pymongo import AsyncMongoClient

    opts: dict = {}
    for part in variant.split("+"):
        if part == "poll":
            opts["serverMonitoringMode"] = "poll"
        elif part.startswith("hb"):
            opts["heartbeatFrequencyMS"] = int(part[2:])
        elif part.startswith("mhi"):
            common.MIN_HEARTBEAT_INTERVAL = float(part[3:])
    clients = [AsyncMongoClient(url, **opts) for _ in range(N)]
    for c in clients:
        await c.admin.command("ping")
    for part in variant.split("+"):
        if part.startswith("kc"):  # the kill-cursors / pool-upkeep executor's period, seconds
            for c in clients:
                executor = c._kill_cursors_executor
                executor._interval = executor._min_interval = float(part[2:])
    await asyncio.sleep(warm)
    print("READY", flush=True)
    c0 = time.process_time()
    await asyncio.sleep(seconds)
    print(json.dumps({"cpu": time.process_time() - c0}), flush=True)
    for c in clients:
        await c.close()


async def kafka_child(boot: str, variant: str, seconds: float, warm: float) -> None:
    from aiokafka import AIOKafkaConsumer

    from resugrow_events.catalog import TOPICS
    from resugrow_platform.messaging import install_idle_fetch_backoff

    cfg = dict(p.split("=") for p in variant.split("+") if "=" in p)
    quiet = int(cfg.pop("quiet", 2000))
    batch = int(cfg.pop("batch", 200))
    nosleep = int(cfg.pop("nosleep", 0))
    prefix = cfg.pop("prefix")
    install_idle_fetch_backoff(100, quiet, 30.0)
    groups: dict[str, list[str]] = {}
    for spec in TOPICS:
        for c in spec.consumers:
            groups.setdefault(c, []).append(prefix + spec.topic)
    kw = {k: int(v) for k, v in cfg.items()}
    consumers = [
        AIOKafkaConsumer(
            *topics,
            bootstrap_servers=boot,
            group_id=f"{prefix}{g}",
            fetch_max_wait_ms=25,
            consumer_timeout_ms=1000,
            **kw,
        )
        for g, topics in groups.items()
    ]

    async def poll(c: AIOKafkaConsumer) -> None:
        while True:
            if not await c.getmany(timeout_ms=batch) and not nosleep:
                await asyncio.sleep(batch / 1000)

    for c in consumers:
        await c.start()
    tasks = [asyncio.create_task(poll(c)) for c in consumers]
    await asyncio.sleep(warm)
    print("READY", flush=True)
    c0 = time.process_time()
    await asyncio.sleep(seconds)
    print(json.dumps({"cpu": time.process_time() - c0}), flush=True)
    for t in tasks:
        t.cancel()


def child_main() -> None:
    import uvloop

    kind, target, variant, seconds, warm = sys.argv[2:7]
    fn = mongo_child if kind == "mongo" else kafka_child
    uvloop.run(fn(target, variant, float(seconds), float(warm)))


async def make_topics(boot: str, prefix: str, partitions: int) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    from resugrow_events.catalog import TOPICS

    admin = AIOKafkaAdminClient(bootstrap_servers=boot)
    await admin.start()
    await admin.create_topics([NewTopic(prefix + s.topic, partitions, 1) for s in TOPICS])
    await admin.close()


def main() -> None:
    kind, seconds = sys.argv[1], float(sys.argv[2])
    variants = sys.argv[3:]
    from resugrow_platform.localinfra import start_local

    infra = start_local()
    try:
        servers = {"kafka": infra.kafka.proc.pid, "mongo": infra.mongo.proc.pid}
        for i, variant in enumerate(variants):
            target = infra.mongo_url if kind == "mongo" else infra.kafka_bootstrap
            warm = "5"
            if kind == "kafka":
                cfg = dict(p.split("=") for p in variant.split("+") if "=" in p)
                parts = int(cfg.pop("parts", 6))
                prefix = f"v{i}."
                asyncio.run(make_topics(infra.kafka_bootstrap, prefix, parts))
                variant = "+".join([f"{k}={v}" for k, v in cfg.items()] + [f"prefix={prefix}"])
                warm = "45"
            child = subprocess.Popen(
                [sys.executable, __file__, "child", kind, target, variant, str(seconds), warm],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout
            line = child.stdout.readline()
            assert line.startswith("READY"), line
            before = {k: cpu_seconds(p) for k, p in servers.items()}
            t0 = time.monotonic()
            res = json.loads(child.stdout.readline())
            el = time.monotonic() - t0
            srv = {k: 100 * (cpu_seconds(p) - before[k]) / el for k, p in servers.items()}
            child.kill()
            child.wait()
            cl = 100 * res["cpu"] / el
            print(
                f"{sys.argv[3 + i]:<40} client {cl:5.2f}%  kafka {srv['kafka']:5.2f}%  mongo {srv['mongo']:5.2f}%  "
                f"total {cl + srv['kafka'] + srv['mongo']:5.2f}%  load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    finally:
        infra.stop()


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child_main()
    else:
        main()
