"""Parse sandbox overhead: the ATS full scan and the LinkedIn PDF review, in-process vs. in a
sandbox worker (resugrow_platform.sandbox: pipe round trip, pickling of the job and the result).

Run: `.venv/bin/python bench/sandbox.py [--iterations 100]`

Targets (issue 17): ATS scan p95 <= 50 ms, LinkedIn PDF review p95 <= 150 ms, through the
sandbox. Wall-clock figures on a shared machine carry other tenants' load. Bounded: a few
hundred jobs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from resugrow_ats.domain.analyze import scan_bytes
from resugrow_linkedin.domain.review import ingest_file, review
from resugrow_platform.sandbox import Budget, Sandbox

ROOT = Path(__file__).resolve().parents[1]
ATS_PDF = ROOT / "services/ats/tests/fixtures/typst_single_2page.pdf"
LINKEDIN_PDF = ROOT / "services/linkedin/tests/fixtures/pdf/profile_09.pdf"
AS_OF = date(2026, 11, 1)
JOB = "Senior Backend Engineer. Requirements: 5+ years of Python, SQL, Kafka, Kubernetes, AWS."


def ats_scan(data: bytes) -> str:
    return scan_bytes(data, as_of=AS_OF, job_description=JOB)[1].to_json()


def linkedin_review(data: bytes) -> int:
    outcome = review(ingest_file(data).profile, as_of=AS_OF, job_description=JOB)
    return len(outcome.model_dump_json())


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(call: Callable[[], Any], n: int) -> list[float]:
    for _ in range(5):
        call()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def row(name: str, values: list[float]) -> None:
    print(f"{name:<34} p50 {statistics.median(values):7.1f} ms   p95 {pct(values, 0.95):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100)
    args = parser.parse_args()
    ats, linkedin = ATS_PDF.read_bytes(), LINKEDIN_PDF.read_bytes()
    box = Sandbox("bench", workers=1, budget=Budget(time_s=30.0))
    box.start()
    try:
        row("ATS scan, in process", measure(partial(ats_scan, ats), args.iterations))
        row("ATS scan, sandbox", measure(partial(box.run_sync, ats_scan, ats), args.iterations))
        row("LinkedIn PDF review, in process", measure(partial(linkedin_review, linkedin), args.iterations))
        row(
            "LinkedIn PDF review, sandbox",
            measure(partial(box.run_sync, linkedin_review, linkedin), args.iterations),
        )
    finally:
        box.close()


if __name__ == "__main__":
    main()
