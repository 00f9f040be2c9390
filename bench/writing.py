"""Writing tools latency: SAR review + rewrite candidates for a 40-bullet resume (issue 13).

    .venv/bin/python bench/writing.py [--iterations 300]

Pinned to one core. "Review" = resume_bullets + review_bullets (parts, findings, score, up to three
candidates per flagged bullet, each re-scored): the domain work of POST /v1/writing/bullets without
HTTP. The 40 bullets are the first 40 of the labelled set (a realistic weak/strong mix), spread over
5 roles, the newest one current. Baseline in the same run: tokenizing the same 40 bullets, the
least any review must do. Target: p95 <= 30 ms.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=300)
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


if __name__ == "__main__":
    main()
