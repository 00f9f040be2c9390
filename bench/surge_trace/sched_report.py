"""Line up sched_sample.py's per-thread CPU with bench/gateway.py's per-request trace.

    .venv/bin/python bench/surge_trace/sched_report.py /tmp/s.samples /tmp/t.trace r2 14 19 [bin_ms]

For the phase (`r2`: the run's second dashboard phase, the 200/s one of a full run) and the
seconds of it asked for, one row per bin: requests sent, the slowest client latency of those sent,
then per process ms on the CPU / ms runnable but waiting for a CPU (`run/wait`), and the machine's
busy ms beyond what the sampled processes used (`other`: other people's work on the 2 cores).
Then the gateway's threads in the same bins. Times are CLOCK_MONOTONIC throughout.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from pathlib import Path

TICK_MS = 10.0  # /proc/stat's unit (USER_HZ 100)


def load_samples(path: str) -> tuple[list[float], dict, dict, dict, list[int]]:
    times: list[float] = []
    busy: list[int] = []
    series: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    names: dict[tuple[int, int], str] = {}
    cmds: dict[int, str] = {}
    for line in Path(path).read_text().splitlines():
        parts = line.split(" ", 3)
        if parts[0] == "t":
            times.append(float(parts[1]))
            busy.append(int(parts[2]))
        elif parts[0] == "n":
            names[(int(parts[1]), int(parts[2]))] = parts[3]
        elif parts[0] == "c":
            print(f"sampler CPU {parts[1]} s", file=sys.stderr)
        elif parts[0] == "p":
            cmds[int(parts[1])] = " ".join(parts[2:])
        else:
            series[(int(parts[0]), int(parts[1]))].append((len(times) - 1, int(parts[2]), int(parts[3])))
    return times, series, names, cmds, busy


def label(cmd: str) -> str:
    words = cmd.split()
    if "resugrow_platform.serve" in words:
        return words[words.index("resugrow_platform.serve") + 1]
    for key, name in (("tansu", "tansu"), ("secantus", "secantus"), ("launcher", "launcher")):
        if key in cmd:
            return name
    if "bench/" in cmd:
        return "bench"
    return "mp-children"  # forkservers, resource trackers, sandboxes, render workers


def main() -> None:
    samples, trace, phase, first, last = sys.argv[1:6]
    bin_s = (float(sys.argv[6]) if len(sys.argv) > 6 else 100.0) / 1000
    times, series, names, cmds, busy = load_samples(samples)
    client = [line.split() for line in Path(trace + ".client").read_text().splitlines()]
    rows = [(float(c[1]), float(c[4]), int(c[5])) for c in client if c[0].startswith(phase + "-")]
    t0 = min(r[0] for r in rows)
    lo, hi = t0 + float(first), t0 + float(last)
    bins = [lo + i * bin_s for i in range(int((hi - lo) / bin_s) + 1)]

    def bin_of(t: float) -> int | None:
        i = int((t - lo) / bin_s)
        return i if lo <= t and i < len(bins) else None

    sent: dict[int, list[float]] = defaultdict(list)
    for s, e, _st in rows:
        i = bin_of(s)
        if i is not None:
            sent[i].append((e - s) * 1000)
    per: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    gw_threads: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    used: dict[int, float] = defaultdict(float)
    for (pid, tid), points in series.items():
        proc = label(cmds.get(pid, "?"))
        for (_k0, r0, w0), (k1, r1, w1) in itertools.pairwise(points):
            i = bin_of(times[k1])
            if i is None:
                continue
            per[proc][i][0] += (r1 - r0) / 1e6
            per[proc][i][1] += (w1 - w0) / 1e6
            used[i] += (r1 - r0) / 1e6
            if proc == "gateway":
                thread = f"{tid}:{names.get((pid, tid), '?')}"
                gw_threads[thread][i][0] += (r1 - r0) / 1e6
                gw_threads[thread][i][1] += (w1 - w0) / 1e6
    machine: dict[int, float] = defaultdict(float)
    for k in range(1, len(times)):
        i = bin_of(times[k])
        if i is not None:
            machine[i] += (busy[k] - busy[k - 1]) * TICK_MS
    procs = sorted(per, key=lambda p: -sum(v[0] for v in per[p].values()))[:12]
    print("t(s)   n  max_ms  other | " + " | ".join(f"{p[:10]:>10}" for p in procs))
    for i, start in enumerate(bins):
        lat = sent.get(i, [])
        cells = " | ".join(f"{per[p][i][0]:4.0f}/{per[p][i][1]:<4.0f}" for p in procs)
        other = machine[i] - used[i]
        print(f"{start - t0:6.2f} {len(lat):3d} {max(lat, default=0):6.0f} {other:6.0f} | {cells}")
    print("\ngateway threads (run/wait ms per bin), threads with > 5 ms in the window:")
    for thread, cells in gw_threads.items():
        if sum(v[0] for v in cells.values()) > 5:
            print(
                f"{thread:>28}: " + " ".join(f"{cells[i][0]:.0f}/{cells[i][1]:.0f}" for i in range(len(bins)))
            )


if __name__ == "__main__":
    main()
