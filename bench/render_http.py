"""The resume service's HTTP render endpoint, against the raw Typst compile in the same run.

    .venv/bin/python bench/render_http.py [--n 150]
    RESUGROW_LOCAL_PORT_OFFSET=600 RESUGROW_LOCAL_KAFKA_PORT=9692 RESUGROW_LOCAL_MONGO_PORT=27617 \
        .venv/bin/python bench/render_http.py --platform [--n 100]

`--platform` measures the render path as users meet it: the whole platform started by the local
launcher (on the default ports unless RESUGROW_LOCAL_PORT_OFFSET and the broker/database port
variables give it its own; without them run it under `flock /work/platform.lock`), requests through the gateway and straight
to the resume service in alternation, with the stage breakdown the service reports in its
`Server-Timing` header, CPU per request from /proc, and the changed-resume render once more with
the ats service paused (SIGSTOP), which otherwise consumes resume.updated on the same cores.

Starts local Tansu + SecantusDB and the resume service as its own process (as `make run` does);
this process is the load generator (sequential requests on loopback). Rows:
  - raw Typst compile of a changed one-page document (baseline, in this process);
  - POST /v1/resumes/{id}/renders {"format": "pdf"} for a new version each time (cache miss:
    render in the worker pool, read-back verification, artifact stored);
  - the same request repeated for an unchanged version (cache hit: artifact served from GridFS).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from render import percentiles, raw_compiler, varied  # noqa: E402  (same helpers as bench/render.py)

from resugrow_resume.domain.render import TEMPLATES, sample_resume  # noqa: E402
from resugrow_resume.domain.render import typst_engine as te  # noqa: E402
from resugrow_resume.domain.render.locale import resolve_locale  # noqa: E402
from resugrow_resume.domain.render.pipeline import default_layout, typst_payload  # noqa: E402
from resugrow_resume.domain.render.view import build_view  # noqa: E402
from resugrow_testing import TEST_JWT_SECRET, make_token  # noqa: E402
from resugrow_testing.localinfra import free_port, start_local  # noqa: E402


def raw_compile_ms(n: int) -> list[float]:
    template, loc, compiler = TEMPLATES["classic"], resolve_locale("en"), raw_compiler()
    out = []
    for i in range(n + 5):
        doc = varied(sample_resume(), 50_000 + i)
        payload = typst_payload(build_view(doc, loc, template), template, default_layout(template), "letter")
        inputs = {"data": json.dumps(payload, ensure_ascii=False, separators=(",", ":"))}
        start = time.perf_counter()
        compiler.compile(
            input=str(te.RESUME_TYP), format="pdf", sys_inputs=inputs, timestamp=te.FIXED_TIMESTAMP
        )
        if i >= 5:
            out.append((time.perf_counter() - start) * 1000)
    return out


def wait_ready(client: httpx.Client, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the resume service exited during start-up")
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError("the resume service did not become ready")


def _misses_and_hits(client: httpx.Client, resume_id: str, n: int) -> tuple[list[float], list[float]]:
    """n renders right after a change (misses), then n of the unchanged version (hits), in ms."""
    miss: list[float] = []
    for i in range(n):
        put = client.put(f"/v1/resumes/{resume_id}", json={"resume": varied(sample_resume(), i)})
        put.raise_for_status()
        start = time.perf_counter()
        resp = client.post(f"/v1/resumes/{resume_id}/renders", json={"format": "pdf"})
        miss.append((time.perf_counter() - start) * 1000)
        assert resp.status_code == 200 and resp.content.startswith(b"%PDF"), resp.text[:200]
    hit: list[float] = []
    for _ in range(n):
        start = time.perf_counter()
        resp = client.post(f"/v1/resumes/{resume_id}/renders", json={"format": "pdf"})
        hit.append((time.perf_counter() - start) * 1000)
        assert resp.status_code == 200
    return miss, hit


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--platform", action="store_true", help="the whole platform, through the gateway")
    parser.add_argument("--gap", type=float, default=0.2, help="--platform: idle seconds between actions")
    parser.add_argument(
        "--partitions",
        choices=("run", "catalog"),
        default="run",
        help="--platform: topics with one partition as `make run` creates them, or the catalog's counts",
    )
    return parser.parse_args()


def main() -> None:
    args = _args()
    if args.platform:
        from render_platform import run_platform

        run_platform(args.n, args.gap, args.partitions)
        return
    infra = start_local()
    port = free_port()
    env = {
        **os.environ,
        "RESUGROW_KAFKA__BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
        "RESUGROW_MONGO__URL": infra.mongo_url,
        "RESUGROW_AUTH__JWT_SECRET": TEST_JWT_SECRET,
        "RESUGROW_RESUME_LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "resugrow_platform.serve", "resume", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"Authorization": f"Bearer {make_token('bench-user')}"}
    rows: list[tuple[str, list[float], str]] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60) as client:
            wait_ready(client, proc)
            resume_id = client.post("/v1/resumes", json={"resume": sample_resume()}).json()["id"]
            for _ in range(5):  # warm the worker pool
                client.post(f"/v1/resumes/{resume_id}/renders", json={"format": "pdf"})

            miss, hit = _misses_and_hits(client, resume_id, args.n)
        raw = raw_compile_ms(args.n)
        base = statistics.median(raw)
        rows.append(("raw Typst compile, changed document (baseline)", raw, ""))
        rows.append(
            ("POST render pdf, new version (cache miss)", miss, f"{statistics.median(miss) / base:.1f}x raw")
        )
        rows.append(
            ("POST render pdf, same version (cache hit)", hit, f"{statistics.median(hit) / base:.1f}x raw")
        )
    finally:
        proc.terminate()
        proc.wait(30)
        infra.stop()
    print(
        f"load average at start of report: {os.getloadavg()[0]:.2f}; n={args.n} sequential requests on loopback"
    )
    print("| measure | p50 ms | p95 ms | p99 ms | vs baseline | target |")
    print("|---|---|---|---|---|---|")
    for name, samples, note in rows:
        p50, p95, p99 = percentiles(samples)
        target = "p50 <= 25 ms" if "render pdf" in name else ""
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {note} | {target} |")


if __name__ == "__main__":
    main()
