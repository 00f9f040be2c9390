"""What the idle settings cost in event latency: publish -> handler through the real broker.

    .venv/bin/python bench/idle_latency.py [--events 20] [--quiet 35]

One FastStream batch consumer built the way every service builds it (`build_broker`, the same
subscriber options), on a local Tansu, with today's settings and with session 3's (FastStream's
200 ms poll and pause). Two cases each: events one after another 0.3 s apart (a platform in
use), and the first event after `--quiet` seconds of silence (past `idle_fetch_quiet_after_s`,
so the quiet fetch backoff applies). Prints p50/max per case and the load average.
Each setting runs in its own process: the batch-poll change is process-wide.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time


async def _measure(
    bootstrap: str, events: int, quiet_s: float, env: dict[str, str]
) -> dict[str, list[float]]:
    os.environ.update(env)
    from faststream.kafka import KafkaBroker

    from resugrow_platform.messaging import build_broker, ensure_topics
    from resugrow_platform.settings import ServiceSettings

    settings = ServiceSettings(service_name="latency", kafka={"bootstrap_servers": bootstrap})
    topic = f"latency.{os.getpid()}"
    await ensure_topics(bootstrap, [topic], max_partitions=1)
    broker: KafkaBroker = build_broker(settings)
    k = settings.kafka
    arrived: asyncio.Queue[float] = asyncio.Queue()

    @broker.subscriber(
        topic,
        group_id=topic,
        batch=True,
        max_records=100,
        batch_timeout_ms=k.batch_timeout_ms,
        consumer_timeout_ms=k.fetcher_timeout_ms,
        fetch_max_wait_ms=k.fetch_max_wait_ms,
        auto_offset_reset="latest",
    )
    async def handle(body: list[bytes]) -> None:
        for _ in body:
            arrived.put_nowait(time.monotonic())

    await broker.start()
    await asyncio.sleep(8)  # the group join
    out: dict[str, list[float]] = {"in use (0.3 s apart)": [], f"first after {quiet_s:.0f} s quiet": []}
    try:
        for _ in range(events):
            sent = time.monotonic()
            await broker.publish(b"x", topic)
            out["in use (0.3 s apart)"].append(1000 * (await asyncio.wait_for(arrived.get(), 30) - sent))
            await asyncio.sleep(0.3)
        for _ in range(max(1, events // 10)):
            await asyncio.sleep(quiet_s)
            sent = time.monotonic()
            await broker.publish(b"x", topic)
            out[f"first after {quiet_s:.0f} s quiet"].append(
                1000 * (await asyncio.wait_for(arrived.get(), 30) - sent)
            )
    finally:
        await broker.stop()
    return out


SESSION_3 = {"RESUGROW_KAFKA__BATCH_TIMEOUT_MS": "200", "RESUGROW_KAFKA__BATCH_POLL_WITHOUT_PAUSE": "false"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--quiet", type=float, default=35.0)
    parser.add_argument("--child", nargs=2, metavar=("BOOTSTRAP", "ENV_JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = asyncio.run(_measure(args.child[0], args.events, args.quiet, json.loads(args.child[1])))
        print(json.dumps(result))
        return
    from resugrow_platform.localinfra import tansu_server

    broker = tansu_server().start()
    try:
        for name, env in (("defaults", {}), ("session 3 settings", SESSION_3)):
            argv = [sys.executable, __file__, "--events", str(args.events), "--quiet", str(args.quiet)]
            argv += ["--child", f"127.0.0.1:{broker.port}", json.dumps(env)]
            lines = subprocess.run(argv, check=True, capture_output=True, text=True).stdout.splitlines()
            for case, values in json.loads(lines[-1]).items():
                print(f"{name:<20} {case:<26} n={len(values):<3} p50 {statistics.median(values):7.1f} ms  "
                      f"max {max(values):7.1f} ms")  # fmt: skip
    finally:
        broker.stop()
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
