"""Run a command and sample, every few ms, the CPU time and run-queue wait of every thread of it
and of its descendants (/proc/<pid>/task/<tid>/schedstat: ns on the CPU, ns runnable but waiting
for one), plus the machine's total busy time (/proc/stat). Measurement only (bench/README.md,
gateway.py, "Session 7: the second-16 spike").

    .venv/bin/python bench/surge_trace/sched_sample.py /tmp/s.samples -- \
        .venv/bin/python bench/gateway.py --platform --phases read

Output: one line per sample `t <monotonic> <machine busy ticks>`, then `<pid> <tid> <run ns>
<wait ns>` for each thread; a line `n <pid> <tid> <name>` the first time a thread is seen, and
`p <pid> <cmdline>` for each process. `sched_report.py` reads it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def descendants(root: int) -> set[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        for child in parents.get(pid, []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def machine_busy() -> int:
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


def main() -> None:
    out_path, command = sys.argv[1], sys.argv[sys.argv.index("--") + 1 :]
    period = float(os.environ.get("SAMPLE_PERIOD_S", "0.01"))
    child = subprocess.Popen(command)
    fds: dict[tuple[int, int], int] = {}
    known_pids: set[int] = set()
    out = open(out_path, "w", buffering=1 << 20)  # noqa: SIM115 - for the whole run
    next_scan = 0.0
    try:
        while child.poll() is None:
            now = time.monotonic()
            if now >= next_scan:  # new processes and threads every 0.25 s
                next_scan = now + 0.25
                for pid in descendants(os.getpid()):
                    if pid not in known_pids:
                        known_pids.add(pid)
                        try:
                            with open(f"/proc/{pid}/cmdline", "rb") as f:
                                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")[:200]
                        except OSError:
                            continue
                        out.write(f"p {pid} {cmd}\n")
                    try:
                        tids = os.listdir(f"/proc/{pid}/task")
                    except OSError:
                        continue
                    for tid in map(int, tids):
                        if (pid, tid) in fds:
                            continue
                        try:
                            fds[(pid, tid)] = os.open(f"/proc/{pid}/task/{tid}/schedstat", os.O_RDONLY)
                            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                                out.write(f"n {pid} {tid} {f.read().strip()}\n")
                        except OSError:
                            pass
            out.write(f"t {time.monotonic():.6f} {machine_busy()}\n")
            for key, fd in list(fds.items()):
                try:
                    run, wait, _ = os.pread(fd, 100, 0).split()
                except (OSError, ValueError):
                    os.close(fd)
                    del fds[key]
                    continue
                out.write(f"{key[0]} {key[1]} {int(run)} {int(wait)}\n")
            time.sleep(max(0.0, period - (time.monotonic() - now)))
    finally:
        cpu = os.times()
        out.write(f"c {cpu.user + cpu.system:.3f}\n")  # the sampler's own CPU seconds
        out.close()
        if child.poll() is None:
            child.terminate()
        child.wait()


if __name__ == "__main__":
    main()
