"""What an idle platform costs: CPU of every process `make run` starts, over a quiet minute.

    .venv/bin/python bench/idle.py [--seconds 60] [--settle 25] [--no-baseline]

Starts the whole platform with the launcher (ephemeral data, its own ports), waits until it is
ready and has settled (group joins), then reads each process's CPU time from /proc before and
after a window with no traffic. The baseline is the same platform with the settings as they were before the quiet-platform
work (`BEFORE` below), measured in the same run.
Target (issue 16): <= 3% of one core for all processes together.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(root_pid: int) -> list[int]:
    """The launcher and all its descendants (services, broker, database)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def label(pid: int) -> str:
    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    words = [c.decode(errors="replace") for c in cmd if c]
    if any("multiprocessing.forkserver" in w for w in words):
        return "parse/render workers"
    if "resugrow_platform.serve" in words:
        return words[words.index("resugrow_platform.serve") + 1]
    joined = " ".join(words)
    if "tansu" in joined:
        return "kafka (tansu)"
    if "secantus" in joined:
        return "mongodb (secantusdb)"
    if "launcher.py" in joined:
        return "launcher"
    return Path(words[0]).name if words else str(pid)


def measure(seconds: float, settle: float, env_extra: dict[str, str]) -> dict[str, float]:
    env = dict(os.environ, **env_extra)
    env["RESUGROW_LOCAL_KAFKA_PORT"] = str(free_port())
    env["RESUGROW_LOCAL_MONGO_PORT"] = str(free_port())
    proc = subprocess.Popen(
        [sys.executable, "deploy/local/launcher.py", "run", "--ephemeral", "--timeout", "400"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Resugrow is up" in line:
                break
            if "not ready" in line.lower() and "NOT READY" in line:
                raise SystemExit(f"platform failed to start: {line.strip()}")
        else:
            raise SystemExit("launcher exited before the platform was ready")
        time.sleep(settle)
        pids = tree(proc.pid)
        before = {pid: cpu_seconds(pid) for pid in pids}
        started = time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - started
        usage: dict[str, float] = {}
        for pid in pids:
            try:
                used = cpu_seconds(pid) - before[pid]
            except OSError:
                continue
            name = label(pid)
            usage[name] = usage.get(name, 0.0) + 100 * used / elapsed
        return usage
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# The settings as they were before the quiet-platform work (issue 16), for the same-run baseline:
# a 100 ms fetch-backoff cap at all times, FastStream's 20 ms batch poll, the outbox change stream
# and a 1 s relay poll.
BEFORE = {
    "RESUGROW_KAFKA__IDLE_FETCH_BACKOFF_QUIET_MS": "0",
    "RESUGROW_KAFKA__BATCH_TIMEOUT_MS": "20",
    "RESUGROW_OUTBOX__WATCH_CHANGES": "true",
    "RESUGROW_OUTBOX__IDLE_POLL_INTERVAL_S": "1",
}


def main() -> None:
    # A bench stopped by `timeout` or Ctrl-C still stops the platform it started (finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=25.0)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    runs = {"defaults": measure(args.seconds, args.settle, {})}
    if not args.no_baseline:
        runs["baseline: before"] = measure(args.seconds, args.settle, BEFORE)
    names = sorted({n for usage in runs.values() for n in usage})
    print(f"\nidle CPU over {args.seconds:.0f} s, % of one core (load average {os.getloadavg()[0]:.2f})")
    print(f"{'process':<24}" + "".join(f"{k:>26}" for k in runs))
    for name in names:
        print(f"{name:<24}" + "".join(f"{runs[k].get(name, 0.0):>25.2f}%" for k in runs))
    totals = {k: sum(v.values()) for k, v in runs.items()}
    print(f"{'TOTAL':<24}" + "".join(f"{totals[k]:>25.2f}%" for k in runs))
    if len(totals) == 2:
        first, second = totals.values()
        print(f"ratio default / baseline: {first / second:.3f}  (target: total <= 3%)")


if __name__ == "__main__":
    main()
