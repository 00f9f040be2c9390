"""The render path as users meet it: the whole platform, through the gateway (issue 16, item 4).

Run by `bench/render_http.py --platform`. The launcher's service ports are shifted by
`RESUGROW_LOCAL_PORT_OFFSET` and the broker and database take `RESUGROW_LOCAL_KAFKA_PORT` /
`RESUGROW_LOCAL_MONGO_PORT` when set (free ports otherwise), so a run needs no platform lock when
given its own offset. One account, one resume; each phase alternates the same action through the gateway
and straight to the resume service, so both see the same load. Rows:
  - changed resume: PUT a new version, then POST /renders {"format": "pdf"} (timed: the render);
  - repeat at once: the same render again right after that miss (hit or not: X-Render-Cache);
  - cache hit: the same unchanged version rendered again;
  - conditional repeat: the hit with If-None-Match of the ETag it answered (304 when honoured);
  - changed resume with the ats service paused (SIGSTOP), which otherwise consumes resume.updated;
  - the changed and hit rows through the gateway once more timed by httpx (the client before
    session 6), in the same alternation: the difference is the measuring client's own cost.
Topics have one partition each, as `make run` creates them (`--partitions catalog`: the topic
catalog's counts, as Compose and Helm create them; the only setting before session 7).
The service's stages come from its Server-Timing header (absent on code that predates it).
CPU per step comes from /proc for every process (linkedin included: it consumes resume.updated);
database operations per step from the database's serverStatus counters.
"""

from __future__ import annotations

import os
import signal
import statistics
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
sys.path.insert(0, str(ROOT / "bench"))

from _proc import tree_cpu_seconds  # noqa: E402
from harness import LocalPlatform  # noqa: E402
from lean_client import LeanClient  # noqa: E402
from render import percentiles, varied  # noqa: E402

from resugrow_resume.domain.render import sample_resume  # noqa: E402

PASSWORD = "render-bench-password-correct-horse"
OPS = ("insert", "query", "update", "delete", "getmore", "command")
# Every consumer of resume.updated is watched (linkedin too: its projection is part of an edit's cost).
WATCHED = ("gateway", "resume", "ats", "tracker", "career", "linkedin", "kafka", "mongodb")


@dataclass
class Phase:
    name: str
    ms: list[float] = field(default_factory=list)
    stages: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    answers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cpu_ms: dict[str, float] = field(default_factory=dict)
    db_ops: dict[str, float] = field(default_factory=dict)  # database operations per step, by kind
    step_s: float = 0.0  # mean wall time of a step, its idle gap included
    load: float = 0.0
    client: str = "stdlib"  # which client timed the requests (lean_client.py says why)
    client_cpu_ms: list[float] = field(default_factory=list)  # the measuring process's CPU per request

    def record(self, resp: Any, took_ms: float) -> None:
        assert resp.status_code in (200, 304), (resp.status_code, resp.text[:300])
        self.ms.append(took_ms)
        self.answers[f"{resp.status_code} {resp.headers.get('x-render-cache', '-')}"] += 1
        for part in resp.headers.get("server-timing", "").split(","):
            name, _, dur = part.strip().partition(";dur=")
            if dur:
                self.stages[name].append(float(dur))


def _cpu_s(pid: int) -> float:
    """CPU seconds of a process and all its descendants (the render workers are children)."""
    return tree_cpu_seconds(pid)


def _pids(platform: LocalPlatform) -> dict[str, int]:
    state = platform.state()
    pids = {
        name: int(state["services"][name]["pid"])
        for name in ("gateway", "resume", "ats", "tracker", "career", "linkedin")
    }
    pids.update({name: int(state[key]["pid"]) for name, key in (("kafka", "kafka"), ("mongodb", "mongo"))})
    return pids


class Bench:
    def __init__(self, platform: LocalPlatform, gap: float) -> None:
        self.platform = platform
        self.gap = gap
        self.pids = _pids(platform)
        self.gateway = httpx.Client(base_url=f"http://127.0.0.1:{platform.port('gateway')}", timeout=60)
        self.service = httpx.Client(base_url=f"http://127.0.0.1:{platform.port('resume')}", timeout=60)
        self.lean = {
            id(self.gateway): LeanClient(f"http://127.0.0.1:{platform.port('gateway')}"),
            id(self.service): LeanClient(f"http://127.0.0.1:{platform.port('resume')}"),
        }
        self.version = 0
        self.idle: dict[str, float] = {}
        self.idle_ops: dict[str, float] = {}
        self.db = platform.mongo
        self.email = f"render-{uuid.uuid4().hex[:10]}@example.com"
        self.gateway.post(
            "/v1/auth/register", json={"email": self.email, "password": PASSWORD}
        ).raise_for_status()
        self.login()
        made = self.gateway.post("/v1/resumes", json={"resume": sample_resume()})
        made.raise_for_status()
        self.resume_id = made.json()["id"]

    def login(self) -> None:
        """A fresh access token: on a loaded machine a run outlasts one (each phase logs in)."""
        token = self.gateway.post("/v1/auth/token", data={"username": self.email, "password": PASSWORD})
        token.raise_for_status()
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        self.gateway.headers.update(auth)
        self.service.headers.update(auth)
        for lean in self.lean.values():
            lean.headers.update(auth)

    def close(self) -> None:
        self.gateway.close()
        self.service.close()
        for lean in self.lean.values():
            lean.close()
        self.db.close()

    def db_ops(self) -> dict[str, float]:
        """The database's operation counters (serverStatus; SecantusDB keeps them like MongoDB):
        what each step costs in round trips, every service's together."""
        counters = self.db.admin.command("serverStatus").get("opcounters") or {}
        return {k: float(v) for k, v in counters.items() if k in OPS}

    def change(self, client: httpx.Client) -> None:
        self.version += 1
        put = client.put(
            f"/v1/resumes/{self.resume_id}", json={"resume": varied(sample_resume(), self.version)}
        )
        put.raise_for_status()

    def render(self, client: httpx.Client, phase: Phase, headers: dict[str, str] | None = None) -> Any:
        timed: Any = client if phase.client == "httpx" else self.lean[id(client)]
        started, cpu = time.perf_counter(), time.process_time()
        resp = timed.post(f"/v1/resumes/{self.resume_id}/renders", json={"format": "pdf"}, headers=headers)
        took = (time.perf_counter() - started) * 1000
        phase.client_cpu_ms.append((time.process_time() - cpu) * 1000)
        phase.record(resp, took)
        return resp

    def cpu_now(self) -> dict[str, float]:
        return {name: _cpu_s(pid) for name, pid in self.pids.items()}

    def idle_rates(self, seconds: float = 15.0, settle: float = 5.0) -> None:
        """CPU seconds per second of each process with no traffic (consumers polling), so the
        per-step figures below count only what the steps themselves cost. Measured after the
        warm-up's background work (artifact writes, event cascades) has settled."""
        time.sleep(settle)
        before, ops = {name: _cpu_s(pid) for name, pid in self.pids.items()}, self.db_ops()
        time.sleep(seconds)
        after, ops_after = {name: _cpu_s(pid) for name, pid in self.pids.items()}, self.db_ops()
        self.idle = {name: (after[name] - before[name]) / seconds for name in self.pids}
        self.idle_ops = {k: (ops_after[k] - ops.get(k, 0.0)) / seconds for k in ops_after}

    def measured(self, phases: list[Phase], n: int, step: Any) -> None:
        """Run `step(i)` n times (step i counts for ``phases[i % len(phases)]``); each phase gets
        the CPU of its own steps, from just before the step to the end of the idle gap after it
        (so the event cascade a step starts is mostly its own). Raw: the idle rate is printed
        beside it, not subtracted (consumers poll faster right after traffic than when idle, so
        subtracting the idle rate came out negative for cheap steps)."""
        self.login()
        spent: list[dict[str, float]] = [defaultdict(float) for _ in phases]
        steps, seconds = [0] * len(phases), [0.0] * len(phases)
        ops_before = self.db_ops()
        for i in range(n):
            which = i % len(phases)
            before = self.cpu_now()
            started = time.monotonic()
            step(i)
            time.sleep(self.gap)
            seconds[which] += time.monotonic() - started
            after = self.cpu_now()
            steps[which] += 1
            for name in self.pids:
                spent[which][name] += after[name] - before[name]
        ops_after = self.db_ops()
        for phase, cpu, count, took in zip(phases, spent, steps, seconds, strict=True):
            phase.cpu_ms = {name: 1000 * cpu[name] / max(1, count) for name in self.pids}
            # Counted over the whole alternation (the phases' steps interleave), per step.
            phase.db_ops = {k: (ops_after[k] - ops_before.get(k, 0.0)) / max(1, n) for k in ops_after}
            phase.step_s = took / max(1, count)
            phase.load = os.getloadavg()[0]

    def changed(self, gw: Phase, direct: Phase, gw_httpx: Phase, n: int) -> None:
        order = [(self.gateway, gw), (self.service, direct), (self.gateway, gw_httpx)]

        def step(i: int) -> None:
            client, phase = order[i % 3]
            self.change(client)
            self.render(client, phase)

        self.measured([gw, direct, gw_httpx], 3 * n, step)

    def repeat_after_miss(self, phase: Phase, n: int) -> None:
        def step(_: int) -> None:
            self.change(self.gateway)
            self.render(self.gateway, Phase("miss"))
            self.render(self.gateway, phase)

        self.measured([phase], n, step)

    def hits(self, gw: Phase, direct: Phase, conditional: Phase, gw_httpx: Phase, n: int) -> None:
        first = self.render(self.gateway, Phase("warm"))
        etag = first.headers.get("etag", '"none"')

        def step(i: int) -> None:
            if i % 4 == 0:
                self.render(self.gateway, gw)
            elif i % 4 == 1:
                self.render(self.service, direct)
            elif i % 4 == 2:
                self.render(self.gateway, conditional, headers={"If-None-Match": etag})
            else:
                self.render(self.gateway, gw_httpx)

        self.measured([gw, direct, conditional, gw_httpx], 4 * n, step)

    def changed_without_ats(self, gw: Phase, n: int) -> None:
        ats = self.pids["ats"]
        os.kill(ats, signal.SIGSTOP)
        try:
            time.sleep(1)
            self.measured([gw], n, lambda _: (self.change(self.gateway), self.render(self.gateway, gw)))
        finally:
            os.kill(ats, signal.SIGCONT)


def _platform(partitions: str) -> LocalPlatform:
    # "run": one partition a topic, what `make run` creates (the launcher's default) and so what a
    # user of the local platform meets; "catalog": the topic catalog's 6-12, as Compose and Helm
    # create them (the harness's default, and this bench's before session 7).
    cap = "1" if partitions == "run" else "0"
    platform = LocalPlatform(RESUGROW_KAFKA__MAX_PARTITIONS=cap)
    # The harness picks free broker/database ports; an offset run asks for its own fixed ones.
    if os.environ.get("RESUGROW_LOCAL_KAFKA_PORT"):
        platform.kafka_port = int(os.environ["RESUGROW_LOCAL_KAFKA_PORT"])
    if os.environ.get("RESUGROW_LOCAL_MONGO_PORT"):
        platform.mongo_port = int(os.environ["RESUGROW_LOCAL_MONGO_PORT"])
    return platform


def run_platform(n: int, gap: float, partitions: str = "run") -> None:
    platform = _platform(partitions)
    platform.start()
    phases = {
        key: Phase(name)
        for key, name in (
            ("miss_gw", "changed resume, through the gateway"),
            ("miss_direct", "changed resume, at the service"),
            ("miss_httpx", "changed resume, through the gateway, httpx client"),
            ("repeat", "same render again at once after a miss (gateway)"),
            ("hit_gw", "cache hit, through the gateway"),
            ("hit_direct", "cache hit, at the service"),
            ("hit_304", "cache hit with If-None-Match (gateway)"),
            ("hit_httpx", "cache hit, through the gateway, httpx client"),
            ("miss_no_ats", "changed resume, gateway, ats service paused"),
        )
    }
    phases["miss_httpx"].client = phases["hit_httpx"].client = "httpx"
    idle: dict[str, float] = {}
    idle_ops: dict[str, float] = {}
    try:
        for service in ("resume", "ats", "gateway"):  # on busy cores a first start can time out
            platform.wait_ready(service, timeout=300)
        bench = Bench(platform, gap)
        try:
            for _ in range(5):  # warm the pools, connections and caches
                bench.change(bench.gateway)
                bench.render(bench.gateway, Phase("warm"))
                bench.render(bench.service, Phase("warm"))
            time.sleep(2)
            bench.idle_rates()
            idle.update(bench.idle)
            idle_ops.update(bench.idle_ops)
            print("idle CPU, % of one core:", {k: round(100 * v, 1) for k, v in bench.idle.items()})
            bench.changed(phases["miss_gw"], phases["miss_direct"], phases["miss_httpx"], n)
            bench.repeat_after_miss(phases["repeat"], max(10, n // 2))
            bench.hits(phases["hit_gw"], phases["hit_direct"], phases["hit_304"], phases["hit_httpx"], n)
            bench.changed_without_ats(phases["miss_no_ats"], n)
        finally:
            bench.close()
    finally:
        platform.stop()
        # What was measured, even after a failure.
        print(
            f"\npartitions a topic: {'one, as make run creates them' if partitions == 'run' else 'the catalog'}"
        )
        report([p for p in phases.values() if p.ms], n, gap, idle, idle_ops)


def report(
    phases: list[Phase], n: int, gap: float, idle: dict[str, float], idle_ops: dict[str, float] | None = None
) -> None:
    idle_ops = idle_ops or {}
    print(f"\nn={n} per row, {gap:.2f} s idle between actions; load average (1 min) per row;")
    print("client: what timed the request (bench/lean_client.py), with its own CPU per request")
    print("| measure | p50 ms | p95 ms | p99 ms | answers | client, CPU ms p50 | load |")
    print("|---|---|---|---|---|---|---|")
    for p in phases:
        p50, p95, p99 = percentiles(p.ms)
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(p.answers.items()))
        client_cpu = statistics.median(p.client_cpu_ms) if p.client_cpu_ms else 0.0
        print(
            f"| {p.name} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {answers} | {p.client} {client_cpu:.2f}"
            f" | {p.load:.2f} |"
        )
    names = sorted({s for p in phases for s in p.stages}, key=lambda s: (s == "total", s))
    if names:
        print("\nservice stages (Server-Timing), p50 ms")
        print("| measure | " + " | ".join(names) + " | rest of the client's wait |")
        print("|---|" + "---|" * (len(names) + 1))
        for p in phases:
            cells = [f"{statistics.median(p.stages[s]):.2f}" if p.stages.get(s) else "" for s in names]
            total = p.stages.get("total")
            rest = f"{statistics.median(p.ms) - statistics.median(total):.2f}" if total else ""
            print(f"| {p.name} | " + " | ".join(cells) + f" | {rest} |")
    print(
        "\nCPU ms per step, per process, from /proc (resume: with its render workers; a step is"
        " PUT + render for changed rows, miss + repeat for the repeat row, one render otherwise;"
        " the last row is the idle rate over a mean step)"
    )
    print("| measure | step s | " + " | ".join(WATCHED) + " | all |")
    print("|---|---|" + "---|" * (len(WATCHED) + 1))
    for p in phases:
        cpu_cells = [p.cpu_ms.get(w, 0.0) for w in WATCHED]
        print(
            f"| {p.name} | {p.step_s:.2f} | "
            + " | ".join(f"{c:.1f}" for c in cpu_cells)
            + f" | {sum(cpu_cells):.1f} |"
        )
    if idle and phases:
        mean_step = statistics.mean(p.step_s for p in phases)
        cpu_cells = [1000 * idle.get(w, 0.0) * mean_step for w in WATCHED]
        print(
            f"| idle rate over a {mean_step:.2f} s step | | "
            + " | ".join(f"{c:.1f}" for c in cpu_cells)
            + f" | {sum(cpu_cells):.1f} |"
        )
    if any(p.db_ops for p in phases):
        print(
            "\ndatabase operations per step, all services (serverStatus opcounters; idle polling"
            " included, the last row is the idle rate over a mean step)"
        )
        print("| measure | " + " | ".join(OPS) + " | all |")
        print("|---|" + "---|" * (len(OPS) + 1))
        for p in phases:
            cells = [p.db_ops.get(k, 0.0) for k in OPS]
            print(f"| {p.name} | " + " | ".join(f"{c:.1f}" for c in cells) + f" | {sum(cells):.1f} |")
        if idle_ops:
            mean_step = statistics.mean(p.step_s for p in phases)
            cells = [idle_ops.get(k, 0.0) * mean_step for k in OPS]
            print(
                f"| idle rate over a {mean_step:.2f} s step | "
                + " | ".join(f"{c:.1f}" for c in cells)
                + f" | {sum(cells):.1f} |"
            )
