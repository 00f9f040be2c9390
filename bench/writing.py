"""Writing tools latency: SAR review + rewrite candidates for a 40-bullet resume (issue 13).

    .venv/bin/python bench/writing.py [--iterations 300] [--tailor 40]

Pinned to one core. "Review" = resume_bullets + review_bullets (parts, findings, score, up to three
candidates per flagged bullet, each re-scored): the domain work of POST /v1/writing/bullets without
HTTP. The 40 bullets are the first 40 of the labelled set (a realistic weak/strong mix), spread over
5 roles, the newest one current. Baseline in the same run: tokenizing the same 40 bullets, the
least any review must do. Target: p95 <= 30 ms.

With --tailor N: the local Kafka + Mongo (resugrow_testing), the resume, ATS and tracker services
and the gateway served by uvicorn in this process, then N one-step tailorings through the gateway
(tracker application -> resume variant -> ATS match of master and variant), timed end to end.
Target: p95 <= 1 s. The gateway composes HTTP APIs; no event is on this path.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from resugrow_resume.domain.writing.review import report, resume_bullets, review_bullets
from resugrow_text import tokenize, tokens_of

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "services" / "resume" / "tests" / "fixtures" / "writing" / "bullets_labelled.txt"


def resume_of(n: int = 40) -> dict[str, object]:
    bullets = [
        line.split("|", 2)[2] for line in LABELLED.read_text().splitlines() if line[:2] in ("p|", "c|")
    ][:n]
    work = []
    for i in range(5):
        end = {} if i == 0 else {"endDate": f"{2024 - i}-06"}
        work.append(
            {
                "name": f"Company {i}",
                "startDate": f"{2022 - i}-01",
                **end,
                "highlights": bullets[i * 8 : i * 8 + 8],
            }
        )
    return {"basics": {"name": "Bench"}, "work": work}


def timed(fn, iterations: int, clock=time.perf_counter) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(iterations):
        # Cold each time: a new resume's bullets are not in the token cache.
        tokens_of.cache_clear()
        t0 = clock()
        fn()
        out.append((clock() - t0) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def tailor_phase(n: int) -> list[float]:
    import asyncio
    import contextlib
    import uuid

    import httpx
    import uvicorn
    from pydantic import SecretStr

    from resugrow_ats.main import create_app as create_ats
    from resugrow_ats.settings import AtsSettings
    from resugrow_gateway.main import create_app as create_gateway
    from resugrow_gateway.settings import GatewaySettings
    from resugrow_resume.main import create_app as create_resume
    from resugrow_resume.settings import ResumeSettings
    from resugrow_testing.infra import provide_infrastructure
    from resugrow_testing.localinfra import free_port
    from resugrow_testing.plugin import TEST_JWT_SECRET, make_token
    from resugrow_tracker.main import create_app as create_tracker
    from resugrow_tracker.settings import TrackerSettings

    sys_path = ROOT / "tests" / "e2e"
    import importlib.util

    spec = importlib.util.spec_from_file_location("writing_journey", sys_path / "test_writing_journey.py")
    assert spec is not None and spec.loader is not None
    journey = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(journey)

    @contextlib.asynccontextmanager
    async def serve(app: object):  # type: ignore[no-untyped-def]
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
        )  # type: ignore[arg-type]
        server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            await asyncio.wait_for(task, 30)

    with provide_infrastructure() as infra:
        prefix = f"b{uuid.uuid4().hex[:8]}."

        def settings(cls, **extra):  # type: ignore[no-untyped-def]
            return cls(
                kafka={
                    "bootstrap_servers": infra.kafka_bootstrap,
                    "topic_prefix": prefix,
                    "enable_idempotence": False,
                },
                mongo={"url": SecretStr(infra.mongo_url), "database": f"bench_{uuid.uuid4().hex[:8]}"},
                auth={"jwt_secret": SecretStr(TEST_JWT_SECRET)},
                log_level="WARNING",
                **extra,
            )

        apps = {
            "resume": create_resume(settings(ResumeSettings, render_processes=-1)),
            "ats": create_ats(settings(AtsSettings)),
            "tracker": create_tracker(settings(TrackerSettings)),
        }
        async with contextlib.AsyncExitStack() as stack:
            urls = {name: await stack.enter_async_context(serve(app)) for name, app in apps.items()}
            gateway = create_gateway(settings(GatewaySettings, services=urls))
            base = await stack.enter_async_context(serve(gateway))
            auth = {"Authorization": f"Bearer {make_token('u-bench-writing')}"}
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                rid = (
                    await client.post("/v1/resumes", json={"resume": journey.RESUME}, headers=auth)
                ).json()["id"]
                app_id = (
                    await client.post(
                        "/v1/applications",
                        json={
                            "company": "Acme",
                            "role": "Data Engineer",
                            "stage": "saved",
                            "job_description": journey.JD,
                        },
                        headers=auth,
                    )
                ).json()["id"]
                out = []
                for k in range(n + 3):
                    t0 = time.perf_counter()
                    r = await client.post(
                        f"/v1/resumes/{rid}/tailor",
                        json={"application_id": app_id, "confirmed": ["Kubernetes"]},
                        headers=auth,
                    )
                    took = (time.perf_counter() - t0) * 1000
                    assert r.status_code == 201 and r.json()["match"]["status"] == "ok", r.text[:300]
                    if k >= 3:  # warm-up: connections, lazy imports
                        out.append(took)
                return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--tailor", type=int, default=0, help="also time N tailorings through the gateway")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    doc = resume_of()
    bullets = resume_bullets(doc)
    assert len(bullets) == 40
    result = report(review_bullets(bullets))  # warm-up: stem cache, regexes
    n_cands = sum(len(b["candidates"]) for b in result["bullets"])
    base = timed(lambda: [tokenize(b.text) for b in bullets], args.iterations)
    review = timed(lambda: report(review_bullets(resume_bullets(doc))), args.iterations)
    cpu = timed(lambda: report(review_bullets(resume_bullets(doc))), args.iterations, time.process_time)
    print(
        f"python {platform.python_version()}, one core, {args.iterations} iterations, 40 bullets, {n_cands} candidates"
    )
    print("| measure | p50 ms | p95 ms | p99 ms | target |")
    print("|---|---|---|---|---|")
    print(
        f"| tokenize 40 bullets (baseline) | {pct(base, 50):.2f} | {pct(base, 95):.2f} | {pct(base, 99):.2f} | |"
    )
    p95 = pct(review, 95)
    verdict = "met" if p95 <= 30 else "**missed**"
    print(
        f"| review + candidates, 40 bullets (wall) | {pct(review, 50):.2f} | {p95:.2f} | {pct(review, 99):.2f} "
        f"| p95 <= 30: {verdict} |"
    )
    print(
        f"| same, CPU time of this process | {pct(cpu, 50):.2f} | {pct(cpu, 95):.2f} | {pct(cpu, 99):.2f} | |"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.tailor:
        import asyncio

        # The services share this process: give it both cores back.
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        took = asyncio.run(tailor_phase(args.tailor))
        p95 = pct(took, 95)
        verdict = "met" if p95 <= 1000 else "**missed**"
        print(
            f"| tailoring through the gateway (tracker JD, variant, 2 ATS matches), n={len(took)} "
            f"| {pct(took, 50):.0f} | {p95:.0f} | {pct(took, 99):.0f} | p95 <= 1000: {verdict} |"
        )
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
