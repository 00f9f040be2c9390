"""What an idle platform costs: CPU of every process `make run` starts, over a quiet minute.

    .venv/bin/python bench/idle.py [--seconds 60] [--settle 25] [--no-baseline] [--session3] [--variant ...]
    .venv/bin/python bench/idle.py --floor [--seconds 60]

Starts the whole platform with the launcher (ephemeral data, its own ports), waits until it is
ready and has settled (group joins), then reads each process's CPU time from /proc before and
after a window with no traffic. The baseline is the same platform with the settings as they were before the quiet-platform
work (`BEFORE` below), measured in the same run.
Target (issue 16): <= 3% of one core for all processes together.

`--floor` measures what the client libraries alone cost when idle, against the same local
servers: the servers with no client, then seven idle PyMongo async clients, then seven idle
aiokafka group members as well, with the platform's settings (PyMongo's monitoring mode and
its wakeable monitor, one partition as the launcher creates them, fetch wait, fetcher timeout,
the quiet backoff, FastStream's batch loop without its pause). Every service holds one of each, so this
is the floor the architecture cannot go under on this broker and database, whatever the
services themselves do.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from _proc import cmdline, cpu_seconds, descendants, platform_name

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(root_pid: int) -> list[int]:
    """The launcher and all its descendants (services, broker, database)."""
    return descendants(root_pid)


LABELS = {"workers": "parse/render workers", "kafka": "kafka (tansu)", "mongodb": "mongodb (secantusdb)"}


def label(pid: int) -> str:
    name = platform_name(pid)
    if name:
        return LABELS.get(name, name)
    words = cmdline(pid)
    return Path(words[0]).name if words else str(pid)


def measure(seconds: float, settle: float, env_extra: dict[str, str]) -> dict[str, float]:
    env = dict(os.environ, **env_extra)
    env["RESUGROW_LOCAL_KAFKA_PORT"] = str(free_port())
    env["RESUGROW_LOCAL_MONGO_PORT"] = str(free_port())
    proc = subprocess.Popen(
        [sys.executable, "deploy/local/launcher.py", "run", "--ephemeral", "--timeout", "400"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Resugrow is up" in line:
                break
            if "not ready" in line.lower() and "NOT READY" in line:
                raise SystemExit(f"platform failed to start: {line.strip()}")
        else:
            raise SystemExit("launcher exited before the platform was ready")
        time.sleep(settle)
        pids = tree(proc.pid)
        before = {pid: cpu_seconds(pid) for pid in pids}
        started = time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - started
        usage: dict[str, float] = {}
        for pid in pids:
            try:
                used = cpu_seconds(pid) - before[pid]
            except OSError:
                continue
            name = label(pid)
            usage[name] = usage.get(name, 0.0) + 100 * used / elapsed
        return usage
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# The settings as they were before the quiet-platform work (issue 16), for the same-run baseline:
# a 100 ms fetch-backoff cap at all times, FastStream's 20 ms batch poll, the outbox change stream
# and a 1 s relay poll.
BEFORE = {
    "RESUGROW_KAFKA__IDLE_FETCH_BACKOFF_QUIET_MS": "0",
    "RESUGROW_KAFKA__BATCH_TIMEOUT_MS": "20",
    "RESUGROW_KAFKA__BATCH_POLL_WITHOUT_PAUSE": "false",
    "RESUGROW_OUTBOX__WATCH_CHANGES": "true",
    "RESUGROW_OUTBOX__IDLE_POLL_INTERVAL_S": "1",
    "RESUGROW_MONGO__SERVER_MONITORING_MODE": "auto",
    "RESUGROW_KAFKA__MAX_PARTITIONS": "0",
    "RESUGROW_KAFKA__TOPIC_CHECK_S": "10",
    "RESUGROW_MONGO__WAKEABLE_MONITOR": "false",
}

# `--session3`: the settings of session 3 (main at 823c080) on today's code: PyMongo's streaming
# monitor, the catalog's partitions, FastStream's 200 ms poll and pause, a topic check every 10 s.
# The consumer watch's lag check and the tracker's reminder read are code, not settings, so this
# run has the new versions of those two.
SESSION_3 = {
    "RESUGROW_KAFKA__BATCH_TIMEOUT_MS": "200",
    "RESUGROW_KAFKA__BATCH_POLL_WITHOUT_PAUSE": "false",
    "RESUGROW_MONGO__SERVER_MONITORING_MODE": "auto",
    "RESUGROW_KAFKA__MAX_PARTITIONS": "0",
    "RESUGROW_KAFKA__TOPIC_CHECK_S": "10",
    "RESUGROW_MONGO__WAKEABLE_MONITOR": "false",
}


async def _idle_share(seconds: float, pids: dict[str, int]) -> dict[str, float]:
    """% of one core over `seconds` for this process and the given servers."""
    import asyncio

    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    t0, c0 = time.monotonic(), time.process_time()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - t0
    out = {name: 100 * (cpu_seconds(pid) - before[name]) / elapsed for name, pid in pids.items()}
    out["this process"] = 100 * (time.process_time() - c0) / elapsed
    return out


async def _floor(seconds: float, services: int = 7) -> None:
    import asyncio

    from aiokafka import AIOKafkaConsumer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from pymongo import AsyncMongoClient

    from resugrow_platform.localinfra import start_local
    from resugrow_platform.messaging import install_idle_fetch_backoff
    from resugrow_platform.mongo_monitor import install_wakeable_monitors
    from resugrow_platform.settings import KafkaSettings, MongoSettings

    k, m = KafkaSettings(), MongoSettings()
    if m.wakeable_monitor:
        install_wakeable_monitors()
    # The same empty-fetch backoff every service installs (Tansu answers empty fetches at once).
    install_idle_fetch_backoff(
        k.idle_fetch_backoff_max_ms, k.idle_fetch_backoff_quiet_ms, k.idle_fetch_quiet_after_s
    )
    infra = start_local()
    tasks: list[asyncio.Task[None]] = []
    consumers: list[AIOKafkaConsumer] = []
    try:
        assert infra.kafka.proc is not None and infra.mongo.proc is not None
        pids = {"kafka": infra.kafka.proc.pid, "mongodb": infra.mongo.proc.pid}
        bare = await _idle_share(seconds, pids)
        # With the platform's monitoring settings (see MongoSettings.server_monitoring_mode).
        mongos = [
            AsyncMongoClient(
                infra.mongo_url,
                serverMonitoringMode=m.server_monitoring_mode,
                heartbeatFrequencyMS=m.heartbeat_frequency_ms,
            )
            for _ in range(services)
        ]
        for mongo in mongos:
            await mongo.admin.command("ping")
        with_mongo = await _idle_share(seconds, pids)
        admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
        await admin.start()
        # One partition, as the local launcher creates them (KafkaSettings.max_partitions).
        await admin.create_topics([NewTopic("floor", 1, 1)])
        await admin.close()
        consumers += [
            AIOKafkaConsumer(
                "floor",
                bootstrap_servers=infra.kafka_bootstrap,
                group_id=f"floor-{i}",  # one group per service, as on the platform
                fetch_max_wait_ms=k.fetch_max_wait_ms,
                consumer_timeout_ms=k.fetcher_timeout_ms,
            )
            for i in range(services)
        ]

        async def poll(consumer: AIOKafkaConsumer) -> None:
            # FastStream's batch loop as the platform runs it: a poll, and no pause after an
            # empty one unless `batch_poll_without_pause` is off (messaging.install_batch_wait).
            while True:
                empty = not await consumer.getmany(timeout_ms=k.batch_timeout_ms)
                if empty and not k.batch_poll_without_pause:
                    await asyncio.sleep(k.batch_timeout_ms / 1000)

        for consumer in consumers:
            await consumer.start()
            tasks.append(asyncio.create_task(poll(consumer)))
        await asyncio.sleep(15 + k.idle_fetch_quiet_after_s)  # the group joins, then quiet
        with_both = await _idle_share(seconds, pids)
    finally:
        for task in tasks:
            task.cancel()
        for consumer in consumers:
            with contextlib.suppress(Exception):
                await consumer.stop()
        infra.stop()
    print(f"\nidle floor over {seconds:.0f} s per row, % of one core (load average {os.getloadavg()[0]:.2f})")
    for name, row in (
        ("servers, no client", bare),
        (f"+ {services} idle PyMongo async clients", with_mongo),
        (f"+ {services} idle aiokafka group members (FastStream's loop)", with_both),
    ):
        total = sum(row.values())
        print(f"{name:<58} kafka {row['kafka']:5.2f}%  mongodb {row['mongodb']:5.2f}%  "
              f"clients {row['this process']:5.2f}%  total {total:5.2f}%")  # fmt: skip


def main() -> None:
    # A bench stopped by `timeout` or Ctrl-C still stops the platform it started (finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=25.0)
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME:KEY=VALUE[,KEY=VALUE]",
        help="one more run with these settings, e.g. nowatch:RESUGROW_KAFKA__WATCH_INTERVAL_S=0",
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--session3", action="store_true", help="one more run with session 3's settings")
    parser.add_argument("--floor", action="store_true", help="the client libraries' idle cost only")
    args = parser.parse_args()
    if args.floor:
        import asyncio

        asyncio.run(_floor(args.seconds))
        return
    runs = {"defaults": measure(args.seconds, args.settle, {})}
    for variant in args.variant:
        name, _, pairs = variant.partition(":")
        env = dict(pair.split("=", 1) for pair in pairs.split(",") if pair)
        runs[name] = measure(args.seconds, args.settle, env)
    if args.session3:
        runs["session 3 settings"] = measure(args.seconds, args.settle, SESSION_3)
    if not args.no_baseline:
        runs["baseline: before"] = measure(args.seconds, args.settle, BEFORE)
    names = sorted({n for usage in runs.values() for n in usage})
    print(f"\nidle CPU over {args.seconds:.0f} s, % of one core (load average {os.getloadavg()[0]:.2f})")
    print(f"{'process':<24}" + "".join(f"{k:>26}" for k in runs))
    for name in names:
        print(f"{name:<24}" + "".join(f"{runs[k].get(name, 0.0):>25.2f}%" for k in runs))
    totals = {k: sum(v.values()) for k, v in runs.items()}
    print(f"{'TOTAL':<24}" + "".join(f"{totals[k]:>25.2f}%" for k in runs))
    if "baseline: before" in totals:
        ratio = totals["defaults"] / totals["baseline: before"]
        print(f"ratio default / baseline: {ratio:.3f}  (target: total <= 3%)")


if __name__ == "__main__":
    main()
