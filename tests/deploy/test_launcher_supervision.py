"""The local launcher restarts a service that dies, with backoff, and counts the restarts."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _launcher() -> Any:
    spec = importlib.util.spec_from_file_location("launcher", ROOT / "deploy/local/launcher.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dead_service_is_restarted_with_backoff_and_counted(tmp_path, monkeypatch):
    launcher = _launcher()
    monkeypatch.setattr(launcher, "STATE", tmp_path / "launcher.json")
    spawned: list[subprocess.Popen[bytes]] = []

    def spawn(name: str) -> subprocess.Popen[bytes]:
        # Crashes on its first two lives, then stays up.
        code = "import sys; sys.exit(3)" if len(spawned) < 2 else "import time; time.sleep(30)"
        proc = subprocess.Popen([sys.executable, "-c", code])
        spawned.append(proc)
        state["services"][name]["pid"] = proc.pid
        return proc

    state: dict[str, Any] = {"services": {"demo": {"port": 1, "pid": 0, "log": "x", "restarts": 0}}}
    procs = {"demo": spawn("demo")}
    deadline = time.monotonic() + 20
    try:
        launcher.supervise(procs, spawn, state, lambda: len(spawned) >= 3 or time.monotonic() > deadline)
        assert len(spawned) == 3
        assert state["services"]["demo"]["restarts"] == 2
        assert spawned[-1].poll() is None  # the third life is running
    finally:
        for proc in spawned:
            if proc.poll() is None:
                proc.kill()
