"""Platform load test (`make loadtest`): a mixed workload through the gateway, all in one run.

    .venv/bin/python bench/loadtest.py [--users 20] [--rate 20] [--seconds 60] [--json out.json]

Starts the whole platform with the local launcher (ephemeral data, request limits lifted: one
load generator on one address would otherwise only measure the rate limiter), registers
`--users` accounts, then offers `--rate` actions per second for `--seconds` (open loop: a slow
answer does not slow the offered load) drawn from a fixed mix of what users do: dashboards, resume
reads and PDF renders, ATS scans, interview answers, applications created and moved, board and
analytics reads, the activity timeline and LinkedIn reviews. Prints throughput, p50/p95/p99 and
errors per route, and CPU seconds, CPU ms per request and RSS per process (from /proc).
The load generator runs in this process, on the same two cores as the platform.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "local"))
from _proc import children_map, descendants, platform_name, rss_mib, tree_cpu_seconds  # noqa: E402
from harness import LocalPlatform  # noqa: E402

PASSWORD = "load-test-password-correct-horse"
SAMPLE = json.loads((ROOT / "services/resume/tests/fixtures/jsonresume_sample.json").read_text())
RESUME_TXT = (ROOT / "services/ats/tests/fixtures/plain.txt").read_bytes()
EXPORT_ZIP = (ROOT / "services/linkedin/tests/fixtures/export/basic.zip").read_bytes()
ANSWER = (
    "In my last role our nightly billing job kept failing and invoices went out late. I owned the fix: "
    "I profiled the job, split it into idempotent batches and added alerts. Failures dropped from "
    "twelve a month to zero and invoices went out on time for the next two quarters."
)
# (weight, action): the share of each thing users do, per 100 actions.
MIX = [
    (25, "dashboard"),
    (10, "get_resume"),
    (10, "render_pdf"),
    (8, "ats_scan"),
    (10, "interview_evaluate"),
    (10, "create_application"),
    (7, "move_application"),
    (6, "board"),
    (5, "analytics"),
    (6, "activity"),
    (3, "linkedin_review"),
]


@dataclass
class User:
    auth: dict[str, str]
    resume_id: str = ""
    applications: dict[str, str] = field(default_factory=dict)  # id -> current stage


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))


async def setup_user(client: httpx.AsyncClient) -> User:
    email = f"load-{uuid.uuid4().hex[:10]}@example.com"
    (await client.post("/v1/auth/register", json={"email": email, "password": PASSWORD})).raise_for_status()
    token = await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    token.raise_for_status()
    user = User(auth={"Authorization": f"Bearer {token.json()['access_token']}"})
    resp = await client.post("/v1/resumes", json={"resume": SAMPLE}, headers=user.auth)
    resp.raise_for_status()
    user.resume_id = resp.json()["id"]
    return user


async def act(client: httpx.AsyncClient, user: User, action: str) -> httpx.Response:
    a = user.auth
    if action == "dashboard":
        return await client.get("/v1/dashboard", headers=a)
    if action == "get_resume":
        return await client.get(f"/v1/resumes/{user.resume_id}", headers=a)
    if action == "render_pdf":
        return await client.post(f"/v1/resumes/{user.resume_id}/renders", json={"format": "pdf"}, headers=a)
    if action == "ats_scan":
        files = {"file": ("resume.txt", RESUME_TXT, "text/plain")}
        return await client.post("/v1/ats/scans", files=files, headers=a)
    if action == "interview_evaluate":
        body = {"question": "Tell me about a time you fixed a recurring failure.", "answer": ANSWER}
        return await client.post("/v1/interview/evaluate", json=body, headers=a)
    if action == "create_application":
        body = {"company": f"Company {random.randrange(1000)}", "role": "Engineer", "stage": "applied"}
        resp = await client.post("/v1/applications", json=body, headers=a)
        if resp.status_code == 201:
            user.applications[resp.json()["id"]] = "applied"
        return resp
    if action == "move_application" and user.applications:
        app_id = random.choice(sorted(user.applications))
        # A move to the stage it is already in is rightly refused: always move somewhere new.
        stage = random.choice(
            [s for s in ("applied", "screening", "interviewing") if s != user.applications[app_id]]
        )
        resp = await client.post(f"/v1/applications/{app_id}/moves", json={"to": stage}, headers=a)
        if resp.status_code < 300:
            user.applications[app_id] = stage
        return resp
    if action == "board":
        return await client.get("/v1/board", headers=a)
    if action == "analytics":
        return await client.get("/v1/analytics", headers=a)
    if action == "activity":
        return await client.get("/v1/activity", headers=a)
    if action == "linkedin_review":
        files = {"file": ("export.zip", EXPORT_ZIP, "application/zip")}
        return await client.post("/v1/linkedin/reviews", files=files, headers=a)
    return await client.get("/v1/dashboard", headers=a)  # a move before any application exists


async def one(client: httpx.AsyncClient, user: User, action: str, stats: Stats) -> None:
    started = time.perf_counter()
    try:
        resp = await act(client, user, action)
        status = resp.status_code
    except httpx.HTTPError:
        status = 0
    took = time.perf_counter() - started
    if status == 503 or status == 429:
        stats.refused[action] += 1
    elif status == 0 or status >= 400:
        stats.errors[action] += 1
    else:
        stats.latencies[action].append(took)


def process_table(root_pid: int) -> dict[int, tuple[str, float, float]]:
    """pid -> (name, cpu seconds so far, RSS MiB) for the services, broker and database among the
    launcher's descendants. A service's CPU includes its render or parse workers (its children):
    they are its cost; its RSS is the service process's own."""
    out: dict[int, tuple[str, float, float]] = {}
    children = children_map()
    for pid in descendants(root_pid, children):
        try:
            name = platform_name(pid)
            if name in ("", "launcher", "workers"):
                continue
            out[pid] = (name, tree_cpu_seconds(pid, children), rss_mib(pid))
        except OSError:
            continue
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def run(users: int, rate: float, seconds: float) -> dict[str, Any]:
    platform = LocalPlatform()
    platform.start()
    try:
        base = f"http://127.0.0.1:{platform.port('gateway')}"
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
            accounts = [await setup_user(client) for _ in range(users)]
            await asyncio.sleep(5)  # let the set-up's events (renders, scans) settle
            assert platform.proc is not None
            before = process_table(platform.proc.pid)
            stats = Stats()
            weights = [w for w, _ in MIX]
            names = [n for _, n in MIX]
            rng = random.Random(7)
            tasks = []
            started = time.monotonic()
            n = 0
            while time.monotonic() - started < seconds:
                n += 1
                action = rng.choices(names, weights)[0]
                tasks.append(asyncio.create_task(one(client, rng.choice(accounts), action, stats)))
                await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
            await asyncio.gather(*tasks)
            elapsed = time.monotonic() - started
            after = process_table(platform.proc.pid)
    finally:
        platform.stop()
    total = sum(len(v) for v in stats.latencies.values())
    per_process: dict[str, dict[str, float]] = {}
    for pid, (name, cpu, rss) in after.items():
        used = cpu - before.get(pid, (name, 0.0, 0.0))[1]
        entry = per_process.setdefault(name, {"cpu_s": 0.0, "rss_mib": 0.0})
        entry["cpu_s"] += used
        entry["rss_mib"] = max(entry["rss_mib"], rss)
    routes = {
        name: {
            "ok": len(stats.latencies.get(name, [])),
            "errors": stats.errors.get(name, 0),
            "refused": stats.refused.get(name, 0),
            "p50_ms": pct(stats.latencies.get(name, []), 0.50),
            "p95_ms": pct(stats.latencies.get(name, []), 0.95),
            "p99_ms": pct(stats.latencies.get(name, []), 0.99),
        }
        for _, name in MIX
    }
    return {
        "offered_per_s": rate,
        "seconds": round(elapsed, 1),
        "actions": n,
        "ok": total,
        "throughput_per_s": round(total / elapsed, 1),
        "routes": routes,
        "processes": per_process,
        "load_average": os.getloadavg()[0],
    }


def print_report(result: dict[str, Any]) -> None:
    print(
        f"\noffered {result['offered_per_s']}/s for {result['seconds']} s: {result['actions']} actions, "
        f"{result['ok']} ok, {result['throughput_per_s']}/s (load average {result['load_average']:.2f})"
    )
    print("| route | ok | errors | refused (503/429) | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for name, r in result["routes"].items():
        print(
            f"| {name} | {r['ok']} | {r['errors']} | {r['refused']} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    ok = max(1, result["ok"])
    print("\n| process | CPU s | CPU ms per ok request | RSS MiB at end |")
    print("|---|---|---|---|")
    for name, p in sorted(result["processes"].items()):
        print(f"| {name} | {p['cpu_s']:.1f} | {1000 * p['cpu_s'] / ok:.2f} | {p['rss_mib']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = asyncio.run(run(args.users, args.rate, args.seconds))
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
