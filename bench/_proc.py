"""Process figures from /proc for the benchmarks: CPU seconds, RSS, process trees and names.

Every platform benchmark reports CPU and memory per process next to its latencies, and they
must all count the same way: utime + stime of a process (plus its live descendants where the
render and parse workers are children of their service), VmRSS in MiB, and the launcher's
processes named by service.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    # The command name in field 2 may hold spaces and parentheses: split after the last ")".
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, in seconds (raises OSError when it has exited)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS


def children_map() -> dict[int, list[int]]:
    """ppid -> child pids, for every live process."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children[int(_stat_fields(int(entry.name))[1])].append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return children


def descendants(root_pid: int, children: dict[int, list[int]] | None = None) -> list[int]:
    """The process and all its live descendants, the root first."""
    children = children_map() if children is None else children
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def tree_cpu_seconds(pid: int, children: dict[int, list[int]] | None = None) -> float:
    """CPU seconds of a process and its live descendants (a service with its worker pool)."""
    total = 0.0
    for current in descendants(pid, children):
        try:
            total += cpu_seconds(current)
        except OSError:
            continue
    return total


def rss_mib(pid: int) -> float:
    """Resident set size in MiB (raises OSError when the process has exited)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise OSError(f"no VmRSS for {pid}")


def cmdline(pid: int) -> list[str]:
    return [c.decode(errors="replace") for c in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if c]


def platform_name(pid: int) -> str:
    """What a process of the local platform is: a service name, kafka, mongodb, the workers of a
    service's pool, the launcher, or '' for anything else."""
    words = cmdline(pid)
    if "resugrow_platform.serve" in words:
        return words[words.index("resugrow_platform.serve") + 1]
    joined = " ".join(words)
    if any("multiprocessing.forkserver" in w or "multiprocessing.spawn" in w for w in words):
        return "workers"
    if "tansu" in joined:
        return "kafka"
    if "secantus" in joined:
        return "mongodb"
    if "launcher.py" in joined:
        return "launcher"
    return ""


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
