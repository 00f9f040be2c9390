"""Gateway benchmark: proxy overhead, dashboard under load, dashboard with a service down or hung.

    .venv/bin/python bench/gateway.py            # about 2 minutes
    .venv/bin/python bench/gateway.py --quick    # about 30 s (shorter phases)

Processes, all on loopback: local Kafka + Mongo (resugrow_testing), stub services (one process
for four of them, another for `linkedin` so it can be stopped), the gateway (uvicorn), and this
process as the load generator. Stub services stand in for the real ones so the figures measure
the gateway alone.

1. Overhead: the same GET (`/v1/templates`) sent directly to the resume stub and through the
   gateway, alternating in blocks over one keep-alive connection; added = gateway - direct.
2. `GET /v1/dashboard` at a fixed arrival rate (default 200 req/s for 60 s), open loop.
3. The same with the linkedin stub stopped (connection refused) and then hung (accepts, never
   answers within the deadline): every answer must be 200, within the overall deadline, with
   that section unavailable.

`--platform` runs the same questions against the whole platform (bench/README.md lists its
phases), and finds the sustainable rate (phase `sustainable`) before offering three times it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "services" / "gateway" / "tests"))

from _proc import cpu_seconds  # noqa: E402

SECRET = "bench-secret-" + "k" * 40
# Every service the dashboard calls has a stub (linkedin in its own process, so it can be stopped);
# without one a section goes to the default port: not ok on every page, or a real service if one runs.
NAMES = ("resume", "ats", "interview", "tracker", "career")


def _free_port() -> int:
    from gateway_stubs import free_port

    return free_port()


# -- server processes ----------------------------------------------------------------------------
def serve_stubs(spec: str, delay_s: float) -> None:
    """Child process: serve stubs `name=port,...` in one event loop."""
    import uvicorn
    from gateway_stubs import StubState, stub_app

    async def main() -> None:
        servers = []
        for item in spec.split(","):
            name, port = item.split("=")
            state = StubState(name, delay_s=delay_s)
            config = uvicorn.Config(
                stub_app(state, SECRET),
                host="127.0.0.1",
                port=int(port),
                log_level="error",
                access_log=False,
                lifespan="off",
            )
            servers.append(uvicorn.Server(config))
        await asyncio.gather(*(s.serve() for s in servers))

    asyncio.run(main())


def _spawn(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_http(url: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


# -- measurement ---------------------------------------------------------------------------------
# A file name: every dashboard request carries `x-bench-id` and its client-side times are written
# there (`<file>.client`); the gateway started with bench/surge_trace on PYTHONPATH writes its own
# times for the same ids to <file> (see bench/README.md, session 6).
TRACE = os.environ.get("RESUGROW_BENCH_TRACE", "")
TRACE_RUNS: list[Run] = []
TRACE_PHASES = itertools.count(1)


def write_trace() -> None:
    if not TRACE:
        return
    with open(TRACE + ".client", "a") as out:
        for run in TRACE_RUNS:
            out.writelines(
                " ".join(f"{v:.6f}" if isinstance(v, float) else str(v) for v in row) + "\n"
                for row in run.trace
            )
    TRACE_RUNS.clear()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    late: int = 0
    bad_sections: int = 0  # sections other than the one taken down that were not ok
    not_unavailable: int = 0  # answers where the downed section was not reported unavailable
    statuses: dict[int, int] = field(default_factory=dict)
    schedule_lag_s: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)
    by_status: dict[int, list[float]] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)  # where sections came from
    down_marked: int = 0  # answers where the downed section was not `ok` (degraded/unavailable)
    # section -> "source/status[/reason]" -> count: why a section was not served from the read model
    detail: dict[str, dict[str, int]] = field(default_factory=dict)
    # How late this process's own 5 ms sleeps woke (ms): the generator's share of any latency.
    generator_lag_ms: list[float] = field(default_factory=list)
    generator_worst_at_s: float = 0.0  # ... and when the worst of them woke, seconds into the run
    connect_ms: list[float] = field(default_factory=list)  # connections opened during the run
    first_answer_ms: list[float] = field(default_factory=list)  # their first answers
    first_status: list[int] = field(default_factory=list)
    # (seconds into the run when the request left, status, ms): where in the run the tail is
    timeline: list[tuple[float, int, float]] = field(default_factory=list)
    # RESUGROW_BENCH_TRACE: (id, sent, connect asked, connected, answered, status) per request
    trace: list[tuple[object, ...]] = field(default_factory=list)


class RawClient:
    """A minimal keep-alive HTTP/1.1 GET client over asyncio streams.

    httpx costs about a millisecond of CPU per request: at 200 requests/s on a shared 2-core
    machine the load generator itself would then distort what it measures. This client costs
    tens of microseconds and is used identically for the direct and the gateway paths."""

    def __init__(self, base: str, *, timeout: float = 10.0) -> None:
        host, _, port = base.removeprefix("http://").partition(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._all: list[asyncio.StreamWriter] = []
        self.connect_ms: list[float] = []  # how long each new connection took to open
        self.first_answer_ms: list[float] = []  # ... and to its first answer's head
        self.first_status: list[int] = []

    async def get(
        self, path: str, headers: dict[str, str], opened: list[float] | None = None
    ) -> tuple[int, bytes]:
        return await asyncio.wait_for(self._get(path, headers, opened), self.timeout)

    async def _get(
        self, path: str, headers: dict[str, str], opened: list[float] | None = None
    ) -> tuple[int, bytes]:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n{head}\r\n".encode()
        while self._idle:
            # A kept-alive connection the server closed while idle (uvicorn: after 5 s) fails
            # before any byte arrives; like any HTTP client, retry such a request on another one.
            reader, writer = self._idle.pop()
            writer.write(request)
            try:
                raw = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                writer.close()
                if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                    raise
                continue
            return await self._finish(reader, writer, raw)
        opening = time.perf_counter()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.connect_ms.append((time.perf_counter() - opening) * 1000)
        if opened is not None:  # --trace: when this request's connection was asked for and made
            opened.extend((opening, time.perf_counter()))
        self._all.append(writer)
        writer.write(request)
        try:
            raw = await reader.readuntil(b"\r\n\r\n")
        except BaseException:
            writer.close()
            raise
        self.first_answer_ms.append((time.perf_counter() - opening) * 1000)
        self.first_status.append(int(raw[9:12]))
        return await self._finish(reader, writer, raw)

    async def _finish(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
    ) -> tuple[int, bytes]:
        try:
            status = int(raw[9:12])
            length, chunked = 0, False
            for line in raw.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding" and b"chunked" in value.lower():
                    chunked = True
            if chunked:
                parts = []
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                    if size == 0:
                        await reader.readuntil(b"\r\n")
                        break
                    parts.append(await reader.readexactly(size))
                    await reader.readexactly(2)
                body = b"".join(parts)
            else:
                body = await reader.readexactly(length)
        except BaseException:
            writer.close()
            raise
        self._idle.append((reader, writer))
        return status, body

    def close(self) -> None:
        for writer in self._all:
            writer.close()


async def overhead(
    direct: str, gateway: str, headers: dict[str, str], n: int
) -> tuple[list[float], list[float]]:
    results: dict[str, list[float]] = {"direct": [], "gateway": []}
    clients = {"direct": RawClient(direct), "gateway": RawClient(gateway)}
    for name in clients:  # warm-up: connections, caches, lazy imports
        for _ in range(200):
            status, _ = await clients[name].get("/v1/templates", headers)
            if status != 200:
                raise RuntimeError(f"{name}: {status}")
    block = 100
    for _ in range(n // block):
        for name, client in clients.items():
            for _ in range(block):
                started = time.perf_counter()
                status, _ = await client.get("/v1/templates", headers)
                results[name].append((time.perf_counter() - started) * 1000)
                if status != 200:
                    raise RuntimeError(f"{name}: {status}")
    for client in clients.values():
        client.close()
    return results["direct"], results["gateway"]


@contextlib.contextmanager
def collector_paused() -> Any:
    """No cyclic garbage collection in this process while a phase sends. A full collection
    walks every object the generator holds (imports, the seeding's clients, each phase's
    results): 70 ms on a quiet machine, 250 ms at load 9, once per 200/s phase, always at
    the same request count (second 12-17). The open loop then sends the requests it owed in
    one burst, which the gateway's loop-lag gate partly refuses: the 200/s phase's
    "second-16 spike" (bench/README.md, gateway.py, session 7). What exists before the phase is
    frozen (never scanned again); what the phase leaves is collected after it.
    RESUGROW_BENCH_GC_PAUSE=0 keeps the collector running (the old behaviour, for comparison)."""
    if os.environ.get("RESUGROW_BENCH_GC_PAUSE", "1") == "0":
        yield
        return
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()


async def _own_lag(run: Run, start: float) -> None:
    """How late this process's own 5 ms sleeps wake (the generator's share of any latency), and
    when the worst of them did."""
    worst = 0.0
    while True:
        before = time.perf_counter()
        await asyncio.sleep(0.005)
        late_ms = (time.perf_counter() - before - 0.005) * 1000
        if late_ms > worst:
            worst, run.generator_worst_at_s = late_ms, before - start
        run.generator_lag_ms.append(late_ms)


def _record(
    run: Run, status: int, body: bytes, elapsed: float, deadline_ms: float | None, expect_down: str | None
) -> None:
    run.statuses[status] = run.statuses.get(status, 0) + 1
    run.by_status.setdefault(status, []).append(elapsed)
    if status != 200:
        run.errors += 1
        return
    run.latencies_ms.append(elapsed)
    if deadline_ms is not None and elapsed > deadline_ms:
        run.late += 1
    _count_sections(run, json.loads(body)["sections"], expect_down)


def _count_sections(run: Run, sections: dict[str, Any], expect_down: str | None) -> None:
    """Tally one answered dashboard's sections: where each came from, its status, and whether
    the stopped service's section (`expect_down`) was marked."""
    for section_name, section in sections.items():
        source = section.get("source", "?")
        run.sources[source] = run.sources.get(source, 0) + 1
        key = f"{source}/{section['status']}" + (f"/{section['reason']}" if section.get("reason") else "")
        key += "/stale" if section.get("stale") else ""
        counts = run.detail.setdefault(section_name, {})
        counts[key] = counts.get(key, 0) + 1
    if expect_down is not None and sections[expect_down]["status"] != "unavailable":
        run.not_unavailable += 1
    if expect_down is not None and sections[expect_down]["status"] != "ok":
        run.down_marked += 1
    if any(s["status"] != "ok" for n, s in sections.items() if n != expect_down):
        run.bad_sections += 1


async def dashboard_load(
    url: str,
    users: list[dict[str, str]],
    rate: float,
    duration_s: float,
    *,
    deadline_ms: float | None = None,
    expect_down: str | None = None,
    warm_up: int = 50,
) -> Run:
    run = Run()
    client = RawClient(url)
    for i in range(warm_up):  # warm-up; a failure here is not part of the measurement
        with contextlib.suppress(OSError, TimeoutError, asyncio.IncompleteReadError):
            await client.get("/v1/dashboard", users[i % len(users)])
    TRACE_RUNS.append(run)
    tag = f"r{next(TRACE_PHASES)}-"

    async def one(headers: dict[str, str], index: int = 0) -> None:
        started = time.perf_counter()
        opened: list[float] | None = [] if TRACE else None
        if TRACE:  # the gateway's trace hook (bench/surge_trace) records the same id
            headers = {**headers, "x-bench-id": f"{tag}{index}"}
        try:
            status, body = await client.get("/v1/dashboard", headers, opened)
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
            run.errors += 1
            run.error_kinds[type(exc).__name__] = run.error_kinds.get(type(exc).__name__, 0) + 1
            return
        elapsed = (time.perf_counter() - started) * 1000
        if TRACE:
            run.trace.append(
                (f"{tag}{index}", started, *(opened or (0.0, 0.0)), started + elapsed / 1000, status)
            )
        run.timeline.append((started - start, status, elapsed))
        _record(run, status, body, elapsed, deadline_ms, expect_down)

    # Only the requests in flight: gathering all 12,000 of a phase at its end cost the generator
    # a pause of its own while the last second's answers came in.
    pending: set[asyncio.Task[None]] = set()
    total = int(rate * duration_s)
    with collector_paused():
        start = time.perf_counter()
        lag_probe = asyncio.create_task(_own_lag(run, start))
        run.timeline.clear()
        for i in range(total):
            # Open loop: requests leave on schedule whatever the previous ones are doing.
            delay = start + i / rate - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))
            task = asyncio.create_task(one(users[i % len(users)], i))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)
        run.schedule_lag_s = time.perf_counter() - start - duration_s
        lag_probe.cancel()
    run.connect_ms = client.connect_ms
    run.first_answer_ms = client.first_answer_ms
    run.first_status = client.first_status
    client.close()
    return run


def row(name: str, values: list[float], extra: str = "") -> str:
    return (
        f"| {name:<44} | {len(values):>6} | {statistics.median(values):>8.2f} | {pct(values, 95):>8.2f} | "
        f"{pct(values, 99):>8.2f} | {extra:<34} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="short phases (smoke run)")
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--requests", type=int, default=3000, help="requests per path in the overhead phase")
    parser.add_argument("--workers", type=int, default=2, help="gateway worker processes (uvicorn --workers)")
    parser.add_argument(
        "--platform",
        action="store_true",
        help="the whole platform (launcher, real services) instead of stubs; run under flock /work/platform.lock",
    )
    parser.add_argument("--users", type=int, default=300, help="--platform: simulated users")
    parser.add_argument(
        "--over-rate",
        type=float,
        help="--platform: the sustainable rate the `over` phase offers 3x of, when the `sustainable` "
        "phase does not run to measure it (default --rate)",
    )
    parser.add_argument(
        "--profile",
        help="--platform: record the gateway with py-spy during the read-model phase (or the overload "
        "phase when run without it) into this file (collapsed stacks)",
    )
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help=f"--platform: the phases to run, comma-separated (default all: {','.join(PHASES)})",
    )
    parser.add_argument(
        "--attach",
        action="store_true",
        help="--platform: use the platform already running from this checkout (.data/launcher.json; "
        "started with the harness's lifted limits) instead of starting one; it is left running",
    )
    parser.add_argument(
        "--tag",
        help="--platform --attach: name the simulated users with this tag instead of a new one, so a "
        "later run reuses the users an earlier run seeded (with --skip-seed)",
    )
    parser.add_argument("--skip-seed", action="store_true", help="--tag: the users are seeded already")
    parser.add_argument("--serve-stubs", help=argparse.SUPPRESS)
    parser.add_argument("--delay", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_stubs:
        serve_stubs(args.serve_stubs, args.delay)
        return
    if args.quick:
        args.duration, args.requests = 10.0, 1000
    if args.platform:
        platform_main(args)
        return
    degraded_s = min(10.0, args.duration)

    from resugrow_testing.infra import provide_infrastructure
    from resugrow_testing.plugin import make_token

    ports = {name: _free_port() for name in (*NAMES, "linkedin")}
    gateway_port = _free_port()
    procs: list[subprocess.Popen[bytes]] = []
    with provide_infrastructure() as infra:
        try:
            procs.append(_spawn([__file__, "--serve-stubs", ",".join(f"{n}={ports[n]}" for n in NAMES)]))
            linkedin = _spawn([__file__, "--serve-stubs", f"linkedin={ports['linkedin']}"])
            env = {
                "RESUGROW_AUTH__JWT_SECRET": SECRET,
                "RESUGROW_KAFKA__BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
                "RESUGROW_MONGO__URL": infra.mongo_url,
                "RESUGROW_GATEWAY_MONGO__DATABASE": "bench_gateway",
                "RESUGROW_GATEWAY_KAFKA__TOPIC_PREFIX": f"bench{gateway_port}.",
                # one user from one IP: limits high enough never to refuse, still evaluated per request
                "RESUGROW_GATEWAY_RATE_LIMIT__PER_USER_RATE_PER_S": "1000000",
                "RESUGROW_GATEWAY_RATE_LIMIT__PER_USER_BURST": "1000000",
                "RESUGROW_GATEWAY_RATE_LIMIT__PER_IP_RATE_PER_S": "1000000",
                "RESUGROW_GATEWAY_RATE_LIMIT__PER_IP_BURST": "1000000",
                **{
                    f"RESUGROW_GATEWAY_SERVICES__{n.upper()}": f"http://127.0.0.1:{p}"
                    for n, p in ports.items()
                },
            }
            procs.append(
                _spawn(
                    [
                        "-m",
                        "uvicorn",
                        "resugrow_gateway.main:create_app",
                        "--factory",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(gateway_port),
                        "--no-access-log",
                        "--log-level",
                        "warning",
                        "--workers",
                        str(args.workers),
                    ],
                    env,
                )
            )
            gateway = f"http://127.0.0.1:{gateway_port}"
            for url in [f"http://127.0.0.1:{p}/livez" for p in ports.values()] + [f"{gateway}/livez"]:
                _wait_http(url)
            headers = {"Authorization": "Bearer " + make_token("bench-user", ttl_seconds=3600, secret=SECRET)}
            direct = f"http://127.0.0.1:{ports['resume']}"

            # Many users, as in production: no per-user cache or bucket is shared by the whole load.
            def users_of(phase: str) -> list[dict[str, str]]:
                # fresh users per phase: a stale cached section would (rightly) show as degraded
                return [
                    {"Authorization": "Bearer " + make_token(f"{phase}-{i}", ttl_seconds=3600, secret=SECRET)}
                    for i in range(500)
                ]

            print(
                f"# gateway benchmark  {time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores  "
                f"python {sys.version.split()[0]}  load average {os.getloadavg()[0]:.1f}  "
                f"gateway workers {args.workers}\n"
            )
            d, g = asyncio.run(overhead(direct, gateway, headers, args.requests))
            added = [
                statistics.median(g) - statistics.median(d),
                pct(g, 95) - pct(d, 95),
                pct(g, 99) - pct(d, 99),
            ]
            print(
                "| measurement                                  |      n |   p50 ms |   p95 ms |   p99 ms | "
                "note                               |"
            )
            print("|" + "-" * 46 + "|--------|----------|----------|----------|" + "-" * 36 + "|")
            print(row("GET /v1/templates direct to the service", d, "baseline"))
            print(
                row(
                    "GET /v1/templates through the gateway",
                    g,
                    f"ratio p50 {statistics.median(g) / statistics.median(d):.2f}x",
                )
            )
            print(
                f"| {'added by the gateway':<44} | {'':>6} | {added[0]:>8.2f} | {added[1]:>8.2f} | "
                f"{added[2]:>8.2f} | {'target p50 <= 2, p99 <= 10':<34} |"
            )

            load = asyncio.run(dashboard_load(gateway, users_of("load"), args.rate, args.duration))
            print(
                row(
                    f"GET /v1/dashboard {args.rate:.0f}/s for {args.duration:.0f} s",
                    load.latencies_ms,
                    f"errors {load.errors}, not-ok sections {load.bad_sections}",
                )
            )

            _stop(linkedin)
            down = asyncio.run(
                dashboard_load(
                    gateway,
                    users_of("stopped"),
                    args.rate,
                    degraded_s,
                    deadline_ms=300,
                    expect_down="linkedin",
                )
            )
            print(
                row(
                    "dashboard, linkedin stopped",
                    down.latencies_ms,
                    f"err {down.errors} >300ms {down.late} shown {down.not_unavailable} other {down.bad_sections}",
                )
            )
            linkedin = _spawn([__file__, "--serve-stubs", f"linkedin={ports['linkedin']}", "--delay", "5"])
            _wait_http(f"http://127.0.0.1:{ports['linkedin']}/livez", 30)
            hung = asyncio.run(
                dashboard_load(
                    gateway, users_of("hung"), args.rate, degraded_s, deadline_ms=300, expect_down="linkedin"
                )
            )
            print(
                row(
                    "dashboard, linkedin hung (answers after 5 s)",
                    hung.latencies_ms,
                    f"err {hung.errors} >300ms {hung.late} shown {hung.not_unavailable} other {hung.bad_sections}",
                )
            )
            _stop(linkedin)
            # Users whose sections are stored (the load phase's), offered three times the rate.
            over = asyncio.run(
                dashboard_load(gateway, users_of("load"), 3 * args.rate, degraded_s, warm_up=0)
            )
            refused = over.by_status.get(503, [])
            print(
                row(
                    f"dashboard offered 3x ({3 * args.rate:.0f}/s), admitted",
                    over.latencies_ms or [float("nan")],
                    f"err {over.errors - len(refused)} refused {len(refused)}"
                    + (f" (p99 {pct(refused, 99):.1f} ms)" if refused else ""),
                )
            )
            print("sources of sections:", {"load": load.sources, "overload": over.sources})
            print(
                "\nerr: non-200 answers or transport errors; >300ms: answers slower than the dashboard's overall"
                "\ndeadline; shown: answers where the downed section was not `unavailable` (must be 0); other:"
                "\nanswers where another section was not `ok` (a sign the host ran out of CPU, not of the fault)."
            )
            print("status counts:", {"load": load.statuses, "stopped": down.statuses, "hung": hung.statuses})
            print(
                "transport errors:",
                {"load": load.error_kinds, "stopped": down.error_kinds, "hung": hung.error_kinds},
            )
        finally:
            for proc in procs:
                _stop(proc)


# -- the whole platform (issue 16): the dashboard read model against the real services ------------
def _cpu_s(pid: int) -> float:
    return cpu_seconds(pid)


async def _seed(gateway: str, users: list[dict[str, str]]) -> None:
    """Something to summarise: an application for every user, a resume for every fifth."""
    sample = json.loads((ROOT / "services/resume/tests/fixtures/jsonresume_sample.json").read_text())
    limit = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as client:
        failed = 0

        async def post(path: str, body: dict[str, Any], headers: dict[str, str]) -> None:
            nonlocal failed
            for _ in range(5):  # a service restarting answers 503 for a moment
                if (await client.post(path, json=body, headers=headers)).status_code < 300:
                    return
                await asyncio.sleep(1.0)
            failed += 1

        async def one(i: int, headers: dict[str, str]) -> None:
            async with limit:
                app = {"company": f"Acme {i}", "role": "Backend engineer", "stage": "applied"}
                await post("/v1/applications", app, headers)
                if i % 5 == 0:
                    await post("/v1/resumes", {"title": "Backend", "resume": sample}, headers)

        await asyncio.gather(*(one(i, h) for i, h in enumerate(users)))
        print(f"seeded {len(users)} users ({failed} seed writes failed)", flush=True)


async def _warm(gateway: str, users: list[dict[str, str]]) -> None:
    """One dashboard per user (all live: nothing stored yet), then until all come stored."""
    client = RawClient(gateway, timeout=30)
    limit = asyncio.Semaphore(6)

    async def one(headers: dict[str, str]) -> bool:
        async with limit:
            status, body = await client.get("/v1/dashboard", headers)
        if status != 200:
            return False
        sections = json.loads(body)["sections"].values()
        return all(s["source"] == "read_model" for s in sections)

    pending = list(users)
    for _ in range(3):
        stored = await asyncio.gather(*(one(h) for h in pending))
        pending = [h for h, ok in zip(pending, stored, strict=True) if not ok]
        if not pending:
            break
        await asyncio.sleep(1.0)
    client.close()


def _listen_overflows() -> int:
    """The kernel's count of connections dropped because a listen queue was full (all sockets of
    the machine: other processes' overflows count too). A dropped SYN is retried after 1 s."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        lines = [line.split() for line in Path("/proc/net/netstat").read_text().splitlines()]
        names, values = next((a, b) for a, b in itertools.pairwise(lines) if a[0] == "TcpExt:")
        return int(values[names.index("ListenOverflows")])
    return 0


def _measured(name: str, run: Run, cpu_s: float, note: str) -> None:
    ok = len(run.latencies_ms)
    per = 1000 * cpu_s / max(1, ok + sum(len(v) for k, v in run.by_status.items() if k != 200))
    print(row(name, run.latencies_ms or [float("nan")], f"{note}; gateway CPU {per:.2f} ms/request"))
    refused = run.by_status.get(503, [])
    extra = f"  refused 503: {len(refused)}" + (
        f" p50 {statistics.median(refused):.1f} p99 {pct(refused, 99):.1f} ms" if refused else ""
    )
    print(f"    statuses {run.statuses} sources {run.sources} errors {run.error_kinds}{extra}")
    lag, connect = run.generator_lag_ms, run.connect_ms
    if lag:
        print(
            f"    generator loop lag p50 {statistics.median(lag):.1f} p99 {pct(lag, 99):.1f} "
            f"max {max(lag):.1f} ms (second {run.generator_worst_at_s:.1f})"
        )
    by_second: dict[int, list[tuple[int, float]]] = {}
    for at, status, ms in run.timeline:
        by_second.setdefault(int(at), []).append((status, ms))
    if len(by_second) > 1:
        print(
            "    by second of the run (admitted n/p99 ms, refused n/p99 ms): "
            + "; ".join(
                f"{sec}: {sum(st == 200 for st, _ in v)}/{pct([m for st, m in v if st == 200], 99):.0f}, "
                f"{sum(st == 503 for st, _ in v)}/{pct([m for st, m in v if st == 503], 99):.0f}"
                for sec, v in sorted(by_second.items())
            )
        )
    if connect:
        print(
            f"    connections opened {len(connect)}: p50 {statistics.median(connect):.1f} "
            f"max {max(connect):.1f} ms, {sum(c > 900 for c in connect)} took over 900 ms (SYN retried); "
            f"first answer on a new connection p50 {statistics.median(run.first_answer_ms):.1f} "
            f"p99 {pct(run.first_answer_ms, 99):.1f} ms"
        )
        firsts = zip(run.first_answer_ms, run.first_status, strict=True)
        new_refused = [ms for ms, status in firsts if status == 503]
        if new_refused:
            print(
                f"    refused as a new connection's first request: {len(new_refused)}, "
                f"p50 {statistics.median(new_refused):.1f} p99 {pct(new_refused, 99):.1f} ms (connect included)"
            )
    for section, counts in sorted(run.detail.items()):
        print(f"    {section:<10} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


# --platform phases; the first needs no stored users (so no seeding when run alone).
PHASES = ("live", "read", "stopped-stored", "stopped-new", "sustainable", "over")
# Rates the `sustainable` phase tries, as multiples of --rate, 10 s each, lowest first.
LADDER = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)


def sustainable_rate(phase: Any, users: list[dict[str, str]], base: float) -> float:
    """The highest rate of the ladder served as the 200/s target asks (no error or refusal, 99%
    of sections ok, p99 <= 100 ms), stopping at the first rate that is not. The overload phase
    offers three times this rate: on a machine that absorbs 3x --rate whole (600/s was about
    sustainable on session 9's machine), offering 3x --rate times no refusal at all."""
    held = 0.0
    for factor in LADDER:
        rate = base * factor
        run: Run = phase(f"sustainable? {rate:.0f}/s", users, rate, 10)
        sections = max(1, sum(run.sources.values()))  # every section of every page answered
        if run.errors or run.bad_sections > sections / 100 or pct(run.latencies_ms, 99) > 100:
            break
        held = rate
    print(f"    sustainable rate: {held:.0f}/s" if held else f"    not even {base:.0f}/s was sustained")
    return held or base


def platform_main(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT / "deploy" / "local"))
    import signal

    from harness import LocalPlatform

    from resugrow_testing.plugin import make_token

    platform = LocalPlatform()
    # Several benchmarks share the machine: the broker and database ports given in the
    # environment (with RESUGROW_LOCAL_PORT_OFFSET, which the launcher reads for the services'
    # and mail ports) win over the harness's free ports, so each run stays on its own ports.
    for attr, var in (
        ("kafka_port", "RESUGROW_LOCAL_KAFKA_PORT"),
        ("mongo_port", "RESUGROW_LOCAL_MONGO_PORT"),
    ):
        if os.environ.get(var):
            setattr(platform, attr, int(os.environ[var]))
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise SystemExit(f"unknown phases {sorted(unknown)}; choose from {', '.join(PHASES)}")
    print(
        f"platform ports: offset {os.environ.get('RESUGROW_LOCAL_PORT_OFFSET', '0')}, "
        f"kafka {platform.kafka_port}, mongo {platform.mongo_port}",
        flush=True,
    )
    if not args.attach:
        platform.start()
    # New users are new in every run (an attached platform keeps what earlier runs stored).
    run_tag = args.tag or f"{int(time.time()) % 100000}"
    try:
        gateway = f"http://127.0.0.1:{platform.port('gateway')}"
        gw_pid = platform.pid("gateway")
        secret = (ROOT / ".data" / "jwt-dev.key").read_text().strip()

        def users_of(phase: str, n: int) -> list[dict[str, str]]:
            return [
                {"Authorization": "Bearer " + make_token(f"{phase}-{i}", ttl_seconds=3600, secret=secret)}
                for i in range(n)
            ]

        stored_users = users_of(f"stored{run_tag}", args.users)
        if set(phases) - {"live", "stopped-new"}:
            if not args.skip_seed:
                asyncio.run(_seed(gateway, stored_users))
                asyncio.run(_warm(gateway, stored_users))
                time.sleep(3)  # the seeding's events settle (their invalidations land)
            asyncio.run(_warm(gateway, stored_users))
        print(
            f"# gateway + whole platform  {time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores  "
            f"load average {os.getloadavg()[0]:.1f}  users {args.users} (seeded)\n"
        )
        print("| measurement | n | p50 ms | p95 ms | p99 ms | note |\n|---|---|---|---|---|---|")

        def processes() -> dict[str, int]:
            state = platform.state()
            pids = {"mongo": int(state["mongo"]["pid"]), "kafka": int(state["kafka"]["pid"])}
            pids.update({name: int(item["pid"]) for name, item in state["services"].items()})
            return pids

        def phase(name: str, users: list[dict[str, str]], rate: float, seconds: float, **kw: Any) -> Run:
            before = _cpu_s(gw_pid)
            pids = processes()
            cpu_before = {n: _cpu_s(p) for n, p in pids.items()}
            generator_before = time.process_time()
            overflows = _listen_overflows()
            if kw.get("expect_down"):
                kw.setdefault("deadline_ms", 300)  # counted in `>300ms`
            run = asyncio.run(dashboard_load(gateway, users, rate, seconds, warm_up=0, **kw))
            spent = {n: _cpu_s(p) - cpu_before[n] for n, p in pids.items()}
            spent["generator"] = time.process_time() - generator_before
            print(
                f"    listen-queue overflows on the machine during the phase: {_listen_overflows() - overflows}"
            )
            print(
                "    CPU s in the phase (all processes): "
                + ", ".join(f"{n} {v:.1f}" for n, v in sorted(spent.items(), key=lambda kv: -kv[1]))
            )
            note = f"{rate:.0f}/s {seconds:.0f} s, load avg {os.getloadavg()[0]:.1f}"
            if kw.get("expect_down"):
                note += f", >300ms {run.late}, section marked {run.down_marked}"
            else:
                note += f", not-ok answers {run.bad_sections}"
            _measured(name, run, _cpu_s(gw_pid) - before, note)
            write_trace()
            return run

        # Every section live (new users, nothing stored): what every dashboard cost before.
        if "live" in phases:
            phase("dashboard, all sections live (before)", users_of(f"live{run_tag}", 400), 10, 10)

        def profiled(seconds: float) -> subprocess.Popen[bytes] | None:
            if not args.profile:
                return None
            py_spy = os.path.expanduser("~/.local/bin/py-spy")
            record = ["record", "-p", str(gw_pid), "-d", str(int(seconds)), "-r", "50"]
            return subprocess.Popen(
                [py_spy, *record, "--format", "raw", "-o", args.profile, "--nonblocking"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        if "read" in phases:
            spy = profiled(args.duration)
            phase("dashboard from the read model", stored_users, args.rate, args.duration)
            if spy is not None:
                spy.wait(30)
        if "stopped-stored" in phases or "stopped-new" in phases:
            linkedin = platform.pid("linkedin")
            os.kill(linkedin, signal.SIGSTOP)  # stopped (not exited: the launcher would restart it)
            try:
                if "stopped-stored" in phases:
                    phase(
                        "linkedin stopped, stored users", stored_users, args.rate, 10, expect_down="linkedin"
                    )
                if "stopped-new" in phases:
                    new_users = users_of(f"down{run_tag}", 200)
                    phase("linkedin stopped, new users (live)", new_users, 20, 10, expect_down="linkedin")
            finally:
                os.kill(linkedin, signal.SIGCONT)
            time.sleep(6)  # its breaker closes again
        held = args.over_rate or args.rate
        if "sustainable" in phases:
            held = sustainable_rate(phase, stored_users, args.rate)
        if "over" in phases:
            spy = None if "read" in phases else profiled(10)  # one profile per run: the first phase's
            phase(f"offered 3x ({3 * held:.0f}/s)", stored_users, 3 * held, 10)
            if spy is not None:
                spy.wait(30)
            # Straight after: the sustainable rate again must be served at once, nothing refused.
            phase(f"then {held:.0f}/s at once (recovery)", stored_users, held, 5)
    finally:
        if not args.attach:
            platform.stop()


if __name__ == "__main__":
    main()
