"""Fault suite with figures (`make chaos`): the real platform, real faults, counted outcomes.

    .venv/bin/python tests/chaos/run_chaos.py [--only NAME ...] [--events 5000]

Starts the whole platform with the local launcher (ephemeral data, its own ports; the launcher
restarts a service that dies), then runs each fault and prints, per fault: events sent, effects
applied, dead-lettered, lost, duplicated, recovery time and what the API answered meanwhile.

Faults:
- consumer-kill: a burst of `user.deleted` events (every service consumes them) while each
  consumer process is killed with SIGKILL in turn; effects are counted in each service's
  idempotency ledger (written in the same transaction as the effect).
- broker-stop: the broker is killed for 30 s during application writes through the gateway and
  started again empty (it keeps everything in memory); every accepted write's event must reach
  the ATS (its ledger) afterwards.
- database-pause: the database is frozen (SIGSTOP) for 20 s during writes; the API must answer
  503 quickly, and every write it accepted must have its effect.
- render-kill: asynchronous renders are requested and the resume service is killed mid-job.
- erase-in-flight: users who just started work (resume, async render, application) delete their
  account; afterwards no database holds their id or e-mail, and their token is refused by the
  gateway (after a gateway restart too) and by every service directly.
Bounded: each fault has a deadline; the whole suite takes a few minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "local"))
from harness import LocalPlatform as Platform  # noqa: E402

PASSWORD = "chaos-password-correct-horse-42"
CONSUMERS = ("resume", "ats", "interview", "linkedin", "tracker")


@dataclass
class Outcome:
    name: str
    sent: int = 0
    applied: int = 0
    dead_lettered: int = 0
    duplicated: int = 0
    recovery_s: float | None = None
    api: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return max(0, self.sent - self.applied - self.dead_lettered)


def ledger_count(db: Any, group: str, ids: list[str]) -> int:
    keys = [f"{group}:{i}" for i in ids]
    total = 0
    for start in range(0, len(keys), 1000):
        total += db.processed_events.count_documents({"_id": {"$in": keys[start : start + 1000]}})
    return total


async def dead_letters(bootstrap: str, group: str) -> int:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        topic = f"resugrow.dlq.{group}"
        parts = consumer.partitions_for_topic(topic) or set()
        if not parts:
            await consumer.topics()
            parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in parts]
        if not tps:
            return 0
        ends = await consumer.end_offsets(tps)
        begins = await consumer.beginning_offsets(tps)
        return sum(ends[tp] - begins[tp] for tp in tps)
    finally:
        await consumer.stop()


async def publish_user_deleted(bootstrap: str, count: int) -> list[str]:
    from aiokafka import AIOKafkaProducer

    from resugrow_events import Envelope, UserDeletedV1
    from resugrow_platform.messaging import encode_envelope

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    ids = []
    try:
        futures = []
        for _ in range(count):
            user = f"chaos-{uuid.uuid4().hex}"
            env = Envelope.wrap(
                UserDeletedV1(user_id=user, deleted_at=datetime.now(UTC)),
                source="/chaos",
                subject=user,
                userid=user,
            )
            ids.append(env.id)
            futures.append(
                await producer.send(UserDeletedV1.event_type, encode_envelope(env), key=user.encode())
            )
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return ids


class Api:
    def __init__(self, base: str) -> None:
        self.client = httpx.AsyncClient(base_url=base, timeout=10)

    async def user(self) -> tuple[str, str, dict[str, str]]:
        email = f"chaos-{uuid.uuid4().hex[:10]}@example.com"
        r = await self.client.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
        r.raise_for_status()
        r = await self.client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
        r.raise_for_status()
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        me = (await self.client.get("/v1/me", headers=auth)).json()
        return str(me.get("id") or me.get("user_id")), email, auth

    async def create_application(self, auth: dict[str, str], n: int) -> tuple[int, float]:
        started = time.monotonic()
        try:
            r = await self.client.post(
                "/v1/applications",
                headers=auth,
                json={"company": f"Chaos {n}", "role": "Engineer", "stage": "applied"},
            )
            return r.status_code, time.monotonic() - started
        except httpx.HTTPError:
            return 0, time.monotonic() - started


async def writes_during(api: Api, auth: dict[str, str], seconds: float, out: Outcome) -> list[float]:
    """Create applications at about 10/s; returns the answer times of 503s (fast refusals)."""
    refusals: list[float] = []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        status, took = await api.create_application(auth, n)
        out.api[str(status) if status else "no answer"] += 1
        if status == 503:
            refusals.append(took)
        await asyncio.sleep(0.1)
    return refusals


def tracker_created_events(platform: Platform, since: datetime) -> list[str]:
    db = platform.mongo.resugrow_tracker
    docs = db.outbox.find(
        {"topic": "resugrow.tracker.application.created.v1", "created_at": {"$gte": since}}, {"_id": 1}
    )
    return [d["_id"] for d in docs]


async def wait_applied(platform: Platform, group: str, ids: list[str], timeout: float) -> tuple[int, float]:
    db = platform.mongo[f"resugrow_{group}"]
    started = time.monotonic()
    applied = 0
    while time.monotonic() - started < timeout:
        applied = ledger_count(db, group, ids)
        if applied >= len(ids):
            break
        await asyncio.sleep(1)
    return applied, time.monotonic() - started


async def write_burst(platform: Platform, api: Api, users: int = 100, per_user: int = 8) -> Outcome:
    """No fault: many users each sending several writes at once must all succeed."""
    out = Outcome(f"write-burst {users}x{per_user} (no fault)")
    accounts = [await api.user() for _ in range(users)]
    since = datetime.now(UTC)

    async def create_retrying(auth: dict[str, str], n: int) -> tuple[int, int]:
        """Like a well-behaved client: a 503 comes with Retry-After, so wait and send again."""
        first, _ = await api.create_application(auth, n)
        status = first
        for _ in range(10):
            if status != 503:
                break
            await asyncio.sleep(1 + random.random())
            status, _ = await api.create_application(auth, n)
        return first, status

    results = await asyncio.gather(
        *(create_retrying(auth, n) for _, _, auth in accounts for n in range(per_user))
    )
    for first, final in results:
        out.api[f"first {first or 'no answer'}"] += 1
        out.api[f"final {final or 'no answer'}"] += 1
    ids = tracker_created_events(platform, since)
    out.sent = len(ids)
    out.applied, took = await wait_applied(platform, "ats", ids, timeout=240)
    out.recovery_s = round(took, 1)
    out.dead_lettered = await dead_letters(f"127.0.0.1:{platform.kafka_port}", "ats")
    out.notes.append("recovery = time until every created application's event was applied by the ATS")
    return out


async def consumer_kill(platform: Platform, events: int) -> list[Outcome]:
    bootstrap = f"127.0.0.1:{platform.kafka_port}"
    burst = asyncio.create_task(publish_user_deleted(bootstrap, events))
    killed_at: dict[str, float] = {}
    for name in CONSUMERS:
        await asyncio.sleep(1.0)
        os.kill(platform.pid(name), signal.SIGKILL)
        killed_at[name] = time.monotonic()
    ids = await burst
    outcomes = []
    for name in CONSUMERS:
        out = Outcome(f"consumer-kill {name}", sent=len(ids))
        out.applied, _ = await wait_applied(platform, name, ids, timeout=240)
        out.recovery_s = round(time.monotonic() - killed_at[name], 1)
        out.dead_lettered = await dead_letters(bootstrap, name)
        out.notes.append("recovery = kill until all effects applied (includes the rest of the burst)")
        outcomes.append(out)
    return outcomes


async def broker_stop(platform: Platform, api: Api) -> Outcome:
    out = Outcome("broker-stop 30s")
    _, _, auth = await api.user()
    since = datetime.now(UTC)
    writer = asyncio.create_task(writes_during(api, auth, 50, out))
    await asyncio.sleep(5)
    state = platform.state()
    os.kill(int(state["kafka"]["pid"]), signal.SIGKILL)
    await asyncio.sleep(30)
    try:
        from resugrow_platform.localinfra import tansu_server  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        from resugrow_testing.localinfra import tansu_server

    # Started here, not by the launcher: the harness stops it at the end (Platform.stop).
    platform.extra_servers.append(tansu_server(platform.kafka_port).start(timeout=30))
    restarted = time.monotonic()
    await writer
    ids = tracker_created_events(platform, since)
    out.sent = len(ids)
    out.applied, _ = await wait_applied(platform, "ats", ids, timeout=180)
    out.recovery_s = round(time.monotonic() - restarted, 1) if out.applied >= out.sent else None
    out.dead_lettered = await dead_letters(f"127.0.0.1:{platform.kafka_port}", "ats")
    out.notes.append("effects = ATS match ledger entries for every tracker.application.created")
    return out


async def database_pause(platform: Platform, api: Api) -> Outcome:
    out = Outcome("database-pause 20s")
    _, _, auth = await api.user()
    since = datetime.now(UTC)
    writer = asyncio.create_task(writes_during(api, auth, 40, out))
    await asyncio.sleep(5)
    pid = int(platform.state()["mongo"]["pid"])
    os.kill(pid, signal.SIGSTOP)
    await asyncio.sleep(20)
    os.kill(pid, signal.SIGCONT)
    resumed = time.monotonic()
    refusals = await writer
    ids = tracker_created_events(platform, since)
    out.sent = len(ids)
    out.applied, _ = await wait_applied(platform, "ats", ids, timeout=180)
    out.recovery_s = round(time.monotonic() - resumed, 1) if out.applied >= out.sent else None
    out.dead_lettered = await dead_letters(f"127.0.0.1:{platform.kafka_port}", "ats")
    if refusals:
        refusals.sort()
        out.notes.append(
            f"503 answered in p50 {refusals[len(refusals) // 2]:.2f} s, max {refusals[-1]:.2f} s"
        )
    return out


async def render_kill(platform: Platform, api: Api) -> Outcome:
    out = Outcome("render-kill")
    sample = json.loads((ROOT / "services/resume/tests/fixtures/jsonresume_sample.json").read_text())
    _, _, auth = await api.user()
    jobs = []
    for _ in range(5):
        r = await api.client.post("/v1/resumes", json={"resume": sample}, headers=auth)
        resume_id = r.json()["id"]
        r = await api.client.post(f"/v1/resumes/{resume_id}/renders", json={"formats": ["pdf"]}, headers=auth)
        out.api[str(r.status_code)] += 1
        body = r.json()
        jobs.append(body.get("id") or body.get("render_id"))
    out.sent = len(jobs)
    os.kill(platform.pid("resume"), signal.SIGKILL)
    killed = time.monotonic()
    platform.wait_ready("resume")
    done: set[str] = set()
    while time.monotonic() - killed < 120 and len(done) < len(jobs):
        for job in jobs:
            r = await api.client.get(f"/v1/renders/{job}", headers=auth)
            if r.status_code == 200 and r.json().get("status") == "succeeded":
                done.add(job)
        await asyncio.sleep(1)
    out.applied = len(done)
    out.recovery_s = round(time.monotonic() - killed, 1) if len(done) == len(jobs) else None
    return out


def documents_naming(platform: Platform, needles: list[str]) -> dict[str, int]:
    found: Counter[str] = Counter()
    client = platform.mongo
    for db_name in client.list_database_names():
        if not db_name.startswith("resugrow_"):
            continue
        db = client[db_name]
        for coll in db.list_collection_names():
            for doc in db[coll].find({}):
                text = json.dumps(
                    doc, default=lambda v: v.decode(errors="replace") if isinstance(v, bytes) else str(v)
                )
                if any(n in text for n in needles):
                    found[f"{db_name}.{coll}"] += 1
    return dict(found)


async def erase_in_flight(platform: Platform, api: Api) -> Outcome:
    out = Outcome("erase-in-flight")
    sample = json.loads((ROOT / "services/resume/tests/fixtures/jsonresume_sample.json").read_text())
    users = []
    for _ in range(5):
        user_id, email, auth = await api.user()
        r = await api.client.post("/v1/resumes", json={"resume": sample}, headers=auth)
        resume_id = r.json()["id"]
        await api.client.post(f"/v1/resumes/{resume_id}/renders", json={"formats": ["pdf"]}, headers=auth)
        await api.create_application(auth, 1)
        r = await api.client.delete("/v1/me", headers=auth)  # work still in flight
        out.api[f"delete {r.status_code}"] += 1
        users.append((user_id, email, auth))
    out.sent = len(users)
    await asyncio.sleep(30)
    os.kill(platform.pid("gateway"), signal.SIGKILL)  # deleted accounts must survive a restart
    platform.wait_ready("gateway")
    left = documents_naming(platform, [u for u, _, _ in users] + [e for _, e, _ in users])
    accepted = 0
    for _, _, auth in users:
        r = await api.client.post("/v1/applications", headers=auth, json={"company": "x", "role": "y"})
        accepted += r.status_code < 300
        for name in CONSUMERS:
            direct = httpx.post(
                f"http://127.0.0.1:{platform.port(name)}/v1/resumes"
                if name == "resume"
                else f"http://127.0.0.1:{platform.port(name)}/v1/applications",
                headers=auth,
                json={"resume": sample} if name == "resume" else {"company": "x", "role": "y"},
                timeout=5,
            )
            accepted += direct.status_code < 300
    out.applied = out.sent if not left and not accepted else 0
    out.notes.append(f"documents left naming the users: {sum(left.values())} {left if left else ''}")
    out.notes.append(f"writes accepted with a deleted user's token (gateway + direct): {accepted}")
    return out


def report(outcomes: list[Outcome]) -> None:
    print("\n| fault | sent | applied | dead-lettered | lost | duplicated | recovery s | API meanwhile |")
    print("|---|---|---|---|---|---|---|---|")
    for o in outcomes:
        api = ", ".join(f"{k}: {v}" for k, v in sorted(o.api.items())) or "-"
        rec = "-" if o.recovery_s is None else f"{o.recovery_s}"
        print(
            f"| {o.name} | {o.sent} | {o.applied} | {o.dead_lettered} | {o.lost} | {o.duplicated} | {rec} | {api} |"
        )
    for o in outcomes:
        for note in o.notes:
            print(f"- {o.name}: {note}")


async def run(only: set[str], events: int) -> int:
    platform = Platform(RESUGROW_KAFKA__WATCH_INTERVAL_S="2", RESUGROW_KAFKA__STALL_AFTER_S="45")
    platform.start()
    outcomes: list[Outcome] = []
    try:
        api = Api(f"http://127.0.0.1:{platform.port('gateway')}")
        faults = {
            "write-burst": lambda: write_burst(platform, api),
            "consumer-kill": lambda: consumer_kill(platform, events),
            "broker-stop": lambda: broker_stop(platform, api),
            "database-pause": lambda: database_pause(platform, api),
            "render-kill": lambda: render_kill(platform, api),
            "erase-in-flight": lambda: erase_in_flight(platform, api),
        }
        for name, fault in faults.items():
            if only and name not in only:
                continue
            print(f"== {name}", flush=True)
            try:
                result = await asyncio.wait_for(fault(), timeout=600)
            except Exception as exc:  # a fault that breaks the harness is itself a finding
                result = Outcome(name)
                result.notes.append(f"harness error: {type(exc).__name__}: {exc}")
            results = result if isinstance(result, list) else [result]
            outcomes.extend(results)
            report(results)  # figures as they come: a later fault may take the platform down
            for service in ("gateway", *CONSUMERS):
                try:
                    platform.wait_ready(service, timeout=180)
                except TimeoutError as exc:
                    results[-1].notes.append(f"after the fault: {exc}")
    finally:
        platform.stop()
    print("\n== all faults")
    report(outcomes)
    return 0 if all(o.lost == 0 and o.dead_lettered == 0 for o in outcomes) else 1


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # A SIGTERM (a CI timeout, Ctrl-C from a wrapper) still stops the platform we started.
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    raise SystemExit(asyncio.run(run(set(args.only), args.events)))


if __name__ == "__main__":
    main()
