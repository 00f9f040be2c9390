"""Join bench/gateway.py's and the gateway's per-request times (RESUGROW_BENCH_TRACE) and break
each second's latency down (ms): connect (the client's connect), accept (connected -> the
server's connection_made), read (request written -> data_received), task (data_received -> the
admission decides), handle (-> the answer's head is sent), back (-> the client has read it).

    .venv/bin/python bench/surge_trace/analyse.py /tmp/t.trace r2   # r2: the run's 2nd phase
"""

import statistics
import sys
from pathlib import Path


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, max(0, round(q / 100 * len(v) + 0.5) - 1))] if v else float("nan")


base = sys.argv[1]
phase = sys.argv[2] if len(sys.argv) > 2 else "r2"
client = {}
for line in Path(base + ".client").read_text().splitlines():
    i, s, a, c, e, st = line.split()
    client[i] = (float(s), float(a), float(c), float(e), int(st))
server = {}
for line in Path(base).read_text().splitlines():
    parts = line.split()
    i = parts[0]
    C, D, n, A, T1, st, lag, inf, done = parts[1:]
    server[i] = (float(C), float(D), int(n), float(A), float(T1), int(st), float(lag), int(inf), float(done))
rows = [(i, client[i], server.get(i)) for i in client if i.startswith(phase + "-")]
t0 = min(r[1][0] for r in rows)
missing = sum(1 for r in rows if r[2] is None)
print(f"{phase}: {len(rows)} requests, {missing} without server record")
by = {}
for _i, (s, a, c, e, st), sv in rows:
    if sv is None:
        continue
    C, D, n, A, T1, sst, lag, inf, done = sv
    new = a > 0
    sent = c if new else s
    comp = {
        "total": (e - s) * 1000,
        "connect": (c - a) * 1000 if new else 0.0,
        "accept": (C - c) * 1000 if new and n == 0 else 0.0,
        "read": (D - max(sent, C)) * 1000,
        "task": (A - D) * 1000,
        "handle": (T1 - A) * 1000,
        "back": (e - T1) * 1000,
    }
    by.setdefault(int(s - t0), []).append((st, new, comp, lag, inf))
keys = ["total", "connect", "accept", "read", "task", "handle", "back"]
for sec in sorted(by):
    v = by[sec]
    for label, sel in (("refused", lambda r: r[0] == 503), ("admitted", lambda r: r[0] == 200)):
        sub = [r for r in v if sel(r)]
        if not sub:
            continue
        slow = [r for r in sub if r[2]["total"] > 50] if label == "refused" else sub
        line = f"{sec:>2} {label:<8} n {len(sub):>3} new {sum(r[1] for r in sub):>3} p99 {pct([r[2]['total'] for r in sub], 99):6.1f}"
        if label == "refused":
            line += f" >50ms {len(slow):>3} (new {sum(r[1] for r in slow)})"
            if slow:
                line += " mean of slow: " + " ".join(
                    f"{k} {statistics.mean(r[2][k] for r in slow):.0f}" for k in keys[1:]
                )
        else:
            line += " p99: " + " ".join(f"{k} {pct([r[2][k] for r in sub], 99):.0f}" for k in keys[1:])
        print(line)
# gate reaction at the start: first 300 ms, per 25 ms: admitted/refused, lag seen, in flight
allr = sorted((sv[3], sv[5], sv[6], sv[7], sv[2]) for i, r, sv in rows if sv)
print(
    "first 400 ms at the gate (per 25 ms from the first request at the app): adm/ref, max lag seen, max in-flight"
)
a0 = allr[0][0]
buckets = {}
for A, st, lag, inf, _n in allr:
    if A - a0 > 0.4:
        break
    b = buckets.setdefault(int((A - a0) / 0.025), [0, 0, 0.0, 0])
    b[0 if st == 200 else 1] += 1
    b[2] = max(b[2], lag)
    b[3] = max(b[3], inf)
print(
    "  " + "; ".join(f"{k * 25}: {b[0]}/{b[1]} lag {b[2]:.0f} inf {b[3]}" for k, b in sorted(buckets.items()))
)
