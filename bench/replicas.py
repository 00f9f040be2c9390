"""Two replicas of resume and ats: do consumer groups rebalance, does throughput rise, is anything
processed twice? (issue 16, Deliver 8). Run it under the platform lock:

    flock /work/platform.lock .venv/bin/python bench/replicas.py [--jobs 150] [--json out.json]

Starts the whole platform twice with the local launcher (ephemeral data): once with one process
per service, once with `--replicas resume=2,ats=2`. Each run creates `--jobs` resumes (each one
different, so no render is a cache hit), waits until their `resume.updated` events are consumed,
then requests one asynchronous PDF render job per resume, as fast as the resume API takes them
(round robin over the resume replicas, as a Kubernetes Service would). Every job crosses both
services' consumers: render.requested -> resume's render worker -> resume.rendered -> ats scan ->
ats.scan.completed -> resume keeps the score. The burst is done when resume's ledger holds one
scan.completed per job.

The run with two replicas does a second burst in which `resume-2` and `ats-2` are killed with
SIGKILL a third of the way through (the launcher restarts them), forcing two rebalances mid-burst.

Reported per burst: jobs/s and consumed events/s end to end, CPU seconds per process tree (render
workers included) and the load average; the partitions each group member holds (from the
"assigned to partitions" lines FastStream logs on every rebalance) and the members the broker
lists; redeliveries skipped by the ledger, dead letters, jobs lost, and effects applied twice
(ATS scans per render id, resume.rendered events per render id: each must be exactly 1).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import re
import signal
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "local"))
from _proc import children_map, tree_cpu_seconds  # noqa: E402
from harness import LocalPlatform  # noqa: E402

SAMPLE = json.loads((ROOT / "services/resume/tests/fixtures/jsonresume_sample.json").read_text())
GROUPS = ("resume", "ats")
RENDER_REQUESTED = "resugrow.resume.render.requested.v1"
RESUME_UPDATED = "resugrow.resume.updated.v1"
RESUME_RENDERED = "resugrow.resume.rendered.v1"
SCAN_COMPLETED = "resugrow.ats.scan.completed.v1"
ASSIGNED = re.compile(r"assigned to partitions: \((.*)\)")
TOPIC_PARTITION = re.compile(r"TopicPartition\(topic='([^']+)', partition=(\d+)\)")


@dataclass
class Burst:
    label: str
    jobs: int
    seconds: float = 0.0
    stages_s: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float] = field(default_factory=dict)
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)
    assignments: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    rebalances: dict[str, int] = field(default_factory=dict)
    broker_members: dict[str, int] = field(default_factory=dict)
    succeeded: int = 0
    lost: int = 0
    applied_twice: dict[str, int] = field(default_factory=dict)
    redeliveries_skipped: int = 0
    dead_letters: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def jobs_per_s(self) -> float:
        return self.jobs / self.seconds if self.seconds else 0.0


# -- the platform's processes -------------------------------------------------------------------
def cpu_snapshot(platform: LocalPlatform) -> dict[str, tuple[int, float]]:
    """instance -> (pid, CPU seconds), plus the broker and the database."""
    state = platform.state()
    children = children_map()
    pids = {name: int(item["pid"]) for name, item in state["services"].items()}
    pids["kafka"] = int(state["kafka"]["pid"])
    pids["mongodb"] = int(state["mongo"]["pid"])
    return {name: (pid, tree_cpu_seconds(pid, children)) for name, pid in pids.items()}


def cpu_used(before: dict[str, tuple[int, float]], after: dict[str, tuple[int, float]]) -> dict[str, float]:
    out = {}
    for name, (pid, cpu) in after.items():
        start_pid, start_cpu = before.get(name, (pid, 0.0))
        # A replica killed and restarted meanwhile: its new life counts from zero.
        out[name] = round(cpu - (start_cpu if start_pid == pid else 0.0), 2)
    return out


# -- group membership ---------------------------------------------------------------------------
class AssignmentLog:
    """Reads the "Consumer ... assigned to partitions: (...)" lines FastStream logs per rebalance."""

    def __init__(self) -> None:
        self.offsets: dict[str, int] = {}

    def mark(self, instances: list[str]) -> None:
        """Only lines written from now on count (log files are appended across runs): called
        before the platform starts, so the first group joins are seen too."""
        for name in instances:
            path = ROOT / ".data" / "logs" / f"{name}.log"
            self.offsets[name] = path.stat().st_size if path.exists() else 0

    def read(self, platform: LocalPlatform, instance: str) -> list[dict[str, list[int]]]:
        path = Path(platform.state()["services"][instance]["log"])
        out: list[dict[str, list[int]]] = []
        with path.open("rb") as handle:
            handle.seek(self.offsets.get(instance, 0))
            for raw in handle:
                match = ASSIGNED.search(raw.decode(errors="replace"))
                if not match:
                    continue
                parts: dict[str, list[int]] = defaultdict(list)
                for topic, partition in TOPIC_PARTITION.findall(match.group(1)):
                    parts[topic].append(int(partition))
                out.append({topic: sorted(p) for topic, p in sorted(parts.items())})
        return out


async def settled_assignment(
    platform: LocalPlatform, log: AssignmentLog, group: str, timeout: float = 90
) -> dict[str, dict[str, list[int]]]:
    """Wait until every member of `group` holds a disjoint share that covers every partition."""
    deadline = time.monotonic() + timeout
    latest: dict[str, dict[str, list[int]]] = {}
    while time.monotonic() < deadline:
        latest = {}
        for name in platform.instances(group):
            history = log.read(platform, name)
            latest[name] = history[-1] if history else {}
        if latest and all(latest.values()) and _covers(latest):
            return latest
        await asyncio.sleep(1)
    raise TimeoutError(f"group {group} did not settle: {summarise(latest)}")


def _covers(latest: dict[str, dict[str, list[int]]]) -> bool:
    seen: Counter[tuple[str, int]] = Counter()
    for parts in latest.values():
        for topic, partitions in parts.items():
            seen.update((topic, p) for p in partitions)
    return bool(seen) and max(seen.values()) == 1 and _complete(seen)


def _complete(seen: Counter[tuple[str, int]]) -> bool:
    by_topic: dict[str, set[int]] = defaultdict(set)
    for topic, partition in seen:
        by_topic[topic].add(partition)
    return all(parts == set(range(max(parts) + 1)) for parts in by_topic.values())


def summarise(latest: dict[str, dict[str, list[int]]]) -> dict[str, str]:
    """instance -> "N partitions (render_requested 0,2,4 ...)" for the topics the bench drives."""
    out = {}
    for name, parts in latest.items():
        total = sum(len(p) for p in parts.values())
        shown = [
            f"{topic.removeprefix('resugrow.').removesuffix('.v1')} {','.join(map(str, parts[topic]))}"
            for topic in (RENDER_REQUESTED, RESUME_RENDERED, SCAN_COMPLETED)
            if topic in parts
        ]
        out[name] = f"{total} partitions ({'; '.join(shown)})"
    return out


async def broker_members(bootstrap: str) -> dict[str, Any]:
    """Members per group as the broker lists them (the embedded broker leaves assignments empty,
    and its answer for the services' groups does not always decode: then say so)."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        await admin.start()
        answers = await asyncio.wait_for(admin.describe_consumer_groups(list(GROUPS)), 15)
        out: dict[str, Any] = {}
        for answer in answers:
            for group in answer.groups:
                out[group[1]] = len(group[5])
        return out
    except Exception as exc:
        return {"unavailable": f"{type(exc).__name__}: {str(exc)[:80]}"}
    finally:
        await admin.close()


async def dead_letters(bootstrap: str, group: str) -> int:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        topic = f"resugrow.dlq.{group}"
        await consumer.topics()
        tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not tps:
            return 0
        ends = await consumer.end_offsets(tps)
        begins = await consumer.beginning_offsets(tps)
        return sum(ends[tp] - begins[tp] for tp in tps)
    finally:
        await consumer.stop()


# -- the workload -------------------------------------------------------------------------------
def token_headers(user_id: str) -> dict[str, str]:
    from pydantic import SecretStr

    from resugrow_platform.auth import issue_token
    from resugrow_platform.settings import AuthSettings

    secret = (ROOT / ".data" / "jwt-dev.key").read_text().strip()
    token = issue_token(AuthSettings(jwt_secret=SecretStr(secret)), user_id, ttl_seconds=3600)
    return {"Authorization": f"Bearer {token}"}


def distinct_resume(n: int, tag: str) -> dict[str, Any]:
    doc = copy.deepcopy(SAMPLE)
    doc["basics"]["name"] = f"Replica Bench {tag} {n}"
    doc["basics"]["summary"] = f"{doc['basics'].get('summary', '')} Candidate {tag}-{n}."
    return doc


class ResumeApi:
    """Round robin over the resume replicas, the way a Kubernetes Service spreads connections."""

    def __init__(self, platform: LocalPlatform) -> None:
        self.bases = [f"http://127.0.0.1:{platform.port(n)}" for n in platform.instances("resume")]
        self.client = httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=64))
        self.turn = 0

    def url(self, path: str) -> str:
        self.turn += 1
        return self.bases[self.turn % len(self.bases)] + path

    async def post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                resp = await self.client.post(self.url(path), json=body, headers=headers)
            except httpx.ConnectError:
                await asyncio.sleep(0.5)
                continue  # a replica killed by the bench: the next one in turn takes it
            if resp.status_code != 503:  # admission control: come back as Retry-After says
                resp.raise_for_status()
                return dict(resp.json())
            await asyncio.sleep(float(resp.headers.get("retry-after", 1)))
        raise RuntimeError(f"{path}: no answer but 503 or refused connections for 180 s")


async def bounded(coros: list[Any], limit: int) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def run(coro: Any) -> Any:
        async with gate:
            return await coro

    return await asyncio.gather(*(run(c) for c in coros))


_CLIENTS: dict[int, Any] = {}


def mongo(platform: LocalPlatform) -> Any:
    """One client per platform (`LocalPlatform.mongo` makes a new one on every call)."""
    if platform.mongo_port not in _CLIENTS:
        _CLIENTS[platform.mongo_port] = platform.mongo
    return _CLIENTS[platform.mongo_port]


def ledger_count(platform: LocalPlatform, group: str, event_type: str, since: datetime) -> int:
    ledger = mongo(platform)[f"resugrow_{group}"].processed_events
    return int(ledger.count_documents({"type": event_type, "at": {"$gte": since}}))


async def create_resumes(api: ResumeApi, users: list[dict[str, str]], count: int, tag: str) -> list[Any]:
    async def one(n: int) -> tuple[dict[str, str], str]:
        auth = users[n % len(users)]
        made = await api.post("/v1/resumes", {"resume": distinct_resume(n, tag)}, auth)
        return auth, str(made["id"])

    return await bounded([one(n) for n in range(count)], 8)


async def wait_for(check: Any, want: int, timeout: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check() >= want:
            return time.monotonic() - started
        await asyncio.sleep(0.25)
    raise TimeoutError(f"{what}: {check()} of {want} within {timeout}s")


# -- one burst ----------------------------------------------------------------------------------
async def burst(
    platform: LocalPlatform, log: AssignmentLog, jobs: int, label: str, *, kill_at: float | None = None
) -> Burst:
    out = Burst(label, jobs)
    api = ResumeApi(platform)
    users = [token_headers(f"u-replicas-{uuid.uuid4().hex[:8]}") for _ in range(10)]
    try:
        settle_from = datetime.now(UTC)
        resumes = await create_resumes(api, users, jobs, uuid.uuid4().hex[:6])
        # The set-up's resume.updated events must be consumed before the clock starts.
        await wait_for(
            lambda: ledger_count(platform, "ats", RESUME_UPDATED, settle_from), jobs, 180, "resume.updated"
        )
        for group in GROUPS:
            out.assignments.update(await settled_assignment(platform, log, group))
        out.broker_members = await broker_members(f"127.0.0.1:{platform.kafka_port}")
        rebalances_before = {n: len(log.read(platform, n)) for g in GROUPS for n in platform.instances(g)}
        await asyncio.sleep(2)
        before = cpu_snapshot(platform)
        since = datetime.now(UTC)
        started = time.monotonic()

        async def request(item: tuple[dict[str, str], str]) -> str:
            auth, resume_id = item
            job = await api.post(f"/v1/resumes/{resume_id}/renders", {"formats": ["pdf"]}, auth)
            return str(job["id"])

        killer = asyncio.create_task(kill_replicas(platform, jobs, since, kill_at, out))
        render_ids = await bounded([request(item) for item in resumes], 16)
        out.stages_s["requests accepted"] = round(time.monotonic() - started, 2)
        stages = (
            ("render.requested consumed (resume)", "resume", RENDER_REQUESTED),
            ("resume.rendered consumed (ats)", "ats", RESUME_RENDERED),
            ("ats.scan.completed consumed (resume)", "resume", SCAN_COMPLETED),
        )
        for name, group, event_type in stages:
            await wait_for(
                lambda g=group, t=event_type: ledger_count(platform, g, t, since),
                jobs,
                300,
                name,
            )
            out.stages_s[name] = round(time.monotonic() - started, 2)
        out.seconds = time.monotonic() - started
        out.load_average = os.getloadavg()
        out.cpu_s = cpu_used(before, cpu_snapshot(platform))
        await killer
        await check_effects(platform, out, render_ids, since, api)
        for group in GROUPS:
            out.assignments.update(await settled_assignment(platform, log, group))
            for n in platform.instances(group):
                out.rebalances[n] = len(log.read(platform, n)) - rebalances_before.get(n, 0)
    finally:
        await api.client.aclose()
    return out


async def kill_replicas(
    platform: LocalPlatform, jobs: int, since: datetime, kill_at: float | None, out: Burst
) -> None:
    """SIGKILL resume-2 and ats-2 (whole process groups: render workers too) once `kill_at` of the
    jobs have their scan recorded; the launcher restarts them."""
    if kill_at is None:
        return
    await wait_for(
        lambda: ledger_count(platform, "resume", SCAN_COMPLETED, since), int(jobs * kill_at), 300, "kill"
    )
    for name in ("resume-2", "ats-2"):
        os.killpg(platform.pid(name), signal.SIGKILL)
    done = ledger_count(platform, "resume", SCAN_COMPLETED, since)
    out.notes.append(f"resume-2 and ats-2 killed (SIGKILL) with {done} of {jobs} jobs done")


async def check_effects(
    platform: LocalPlatform, out: Burst, render_ids: list[str], since: datetime, api: ResumeApi
) -> None:
    resume_db = mongo(platform).resugrow_resume
    ats_db = mongo(platform).resugrow_ats
    out.succeeded = resume_db.renders.count_documents({"_id": {"$in": render_ids}, "status": "succeeded"})
    scans = Counter(
        d["render_id"] for d in ats_db.scans.find({"render_id": {"$in": render_ids}}, {"render_id": 1})
    )
    rendered = Counter(
        d["key"]
        for d in resume_db.outbox.find({"topic": RESUME_RENDERED, "key": {"$in": render_ids}}, {"key": 1})
    )
    out.lost = len(set(render_ids) - set(scans))
    out.applied_twice = {
        "ats scans per render id": sum(n - 1 for n in scans.values()),
        "resume.rendered per render id": sum(n - 1 for n in rendered.values()),
    }
    bootstrap = f"127.0.0.1:{platform.kafka_port}"
    out.dead_letters = {g: await dead_letters(bootstrap, g) for g in GROUPS}
    out.redeliveries_skipped = 0
    for group in GROUPS:
        for name in platform.instances(group):
            # A replica the bench killed may still be restarting (a short burst ends first).
            await asyncio.to_thread(platform.wait_ready, name, 180)
            out.redeliveries_skipped += await duplicates_seen(api.client, platform.port(name), group)


async def duplicates_seen(client: httpx.AsyncClient, port: int, service: str) -> int:
    """Events this process received again and skipped because its group's ledger had them."""
    text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    total = 0.0
    for line in text.splitlines():
        wanted = 'outcome="duplicate"' in line and f'service="{service}"' in line
        if line.startswith("resugrow_handler_total{") and wanted:
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


# -- the run ------------------------------------------------------------------------------------
async def guarded(work: Any) -> Burst:
    """A burst that fails is reported as failed; the other bursts still run and print."""
    try:
        return await work  # type: ignore[no-any-return]
    except Exception as exc:
        failed = Burst("FAILED", 0)
        failed.notes.append(f"{type(exc).__name__}: {str(exc)[:300]}")
        return failed


async def run(jobs: int) -> list[Burst]:
    bursts: list[Burst] = []
    for replicas in (1, 2):
        log = AssignmentLog()
        platform = LocalPlatform(
            replicas={"resume": replicas, "ats": replicas} if replicas > 1 else None,
            # The render worker consumes one job at a time, so one render process per replica is
            # all a burst of jobs uses; starting more only made resume miss its start-up deadline
            # (60 s per render worker) on a machine at load average 20.
            RESUGROW_RESUME_RENDER_PROCESSES="1",
        )
        log.mark([f"{g}{suffix}" for g in GROUPS for suffix in ("", "-2")])
        try:
            platform.start()
            # On a loaded machine a service can miss its first start (the launcher restarts it).
            for group in GROUPS:
                for name in platform.instances(group):
                    platform.wait_ready(name, timeout=300)
            bursts.append(await guarded(burst(platform, log, jobs, f"{replicas} replica(s) each")))
            if replicas == 2:
                label = "2 replicas, resume-2 and ats-2 killed mid-burst"
                bursts.append(await guarded(burst(platform, log, jobs, label, kill_at=1 / 3)))
        finally:
            client = _CLIENTS.pop(platform.mongo_port, None)
            if client is not None:
                client.close()
            platform.stop()
    return bursts


def report(bursts: list[Burst]) -> None:
    base = bursts[0].jobs_per_s or 1.0
    print("\n| burst | jobs | seconds | jobs/s | consumed events/s (resume+ats) | vs 1 replica | load avg |")
    print("|---|---|---|---|---|---|---|")
    for b in bursts:
        print(
            f"| {b.label} | {b.jobs} | {b.seconds:.1f} | {b.jobs_per_s:.1f} | {3 * b.jobs_per_s:.1f} | "
            f"{b.jobs_per_s / base:.2f}x | {b.load_average[0]:.2f} |"
        )
    for b in bursts:
        print(f"\n### {b.label}")
        print(f"stages (s from first request): {b.stages_s}")
        print(f"members the broker lists: {b.broker_members}; rebalances seen in the burst: {b.rebalances}")
        for name, text in summarise(b.assignments).items():
            print(f"  {name:<9} {text}")
        print(f"CPU s: {b.cpu_s}")
        print(
            f"succeeded {b.succeeded}/{b.jobs}, lost {b.lost}, applied twice {b.applied_twice}, "
            f"redeliveries skipped by the ledger {b.redeliveries_skipped}, dead letters {b.dead_letters}"
        )
        for note in b.notes:
            print(f"note: {note}")


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # A SIGTERM (a timeout wrapper) still stops the platform this script started.
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=150)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    bursts = asyncio.run(run(args.jobs))
    report(bursts)
    if args.json:
        args.json.write_text(json.dumps([b.__dict__ for b in bursts], indent=2, default=str))
    failed = [b.label for b in bursts if b.label == "FAILED" or b.lost or any(b.applied_twice.values())]
    if failed:
        raise SystemExit(f"lost or applied twice in: {', '.join(failed)}")


if __name__ == "__main__":
    main()
