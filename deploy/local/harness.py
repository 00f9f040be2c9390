"""Drive a whole local platform from a script: the chaos suite and the load test use it.

Starts `deploy/local/launcher.py run --ephemeral` on free Kafka/Mongo ports with extra settings,
waits until every service is ready, and gives access to ports, pids and the database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from pymongo import MongoClient

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".data" / "launcher.json"
# Scripted traffic comes from one address and one account per simulated user: lift the gateway's
# per-user and per-IP limits, or the harness would only measure the rate limiter.
NO_LIMITS = {
    "RESUGROW_GATEWAY_RATE_LIMIT__PER_USER_RATE_PER_S": "10000",
    "RESUGROW_GATEWAY_RATE_LIMIT__PER_USER_BURST": "10000",
    "RESUGROW_GATEWAY_RATE_LIMIT__PER_IP_RATE_PER_S": "10000",
    "RESUGROW_GATEWAY_RATE_LIMIT__PER_IP_BURST": "10000",
    "RESUGROW_GATEWAY_RATE_LIMIT__AUTH_RATE_PER_S": "1000",
    "RESUGROW_GATEWAY_RATE_LIMIT__AUTH_BURST": "1000",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalPlatform:
    def __init__(self, *, replicas: dict[str, int] | None = None, **settings: str) -> None:
        self.kafka_port = free_port()
        self.mongo_port = free_port()
        # The catalog's partition counts, as in production: the load test, the capacity figures
        # and the replica runs depend on them (plain `make run` creates fewer, see the launcher).
        self.settings = {**NO_LIMITS, "RESUGROW_KAFKA__MAX_PARTITIONS": "0", **settings}
        # Processes per service (`launcher.py run --replicas`): {"resume": 2} adds `resume-2`.
        self.replicas = dict(replicas or {})
        self.proc: subprocess.Popen[str] | None = None
        # Servers a fault suite starts itself (a broker restarted after a kill) to stop at the end.
        self.extra_servers: list[Any] = []

    def start(self) -> None:
        env = dict(
            os.environ,
            RESUGROW_LOCAL_KAFKA_PORT=str(self.kafka_port),
            RESUGROW_LOCAL_MONGO_PORT=str(self.mongo_port),
            RESUGROW_LOCAL_REPLICAS=",".join(f"{name}={n}" for name, n in self.replicas.items()),
            **self.settings,
        )
        self.proc = subprocess.Popen(
            [sys.executable, "deploy/local/launcher.py", "run", "--ephemeral"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            print("  launcher:", line.rstrip(), flush=True)
            if "Resugrow is up" in line:
                break
        else:
            raise SystemExit("the platform did not start")

        # Keep reading the launcher's output (restarts) so its pipe never fills.
        def drain() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                if "restart" in line or "exited" in line:
                    print("  launcher:", line.rstrip(), flush=True)

        threading.Thread(target=drain, daemon=True).start()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        # After the services, which would otherwise log a broker that vanished under them.
        for server in self.extra_servers:
            server.stop()

    def state(self) -> dict[str, Any]:
        return dict(json.loads(STATE.read_text()))

    def port(self, service: str) -> int:
        return int(self.state()["services"][service]["port"])

    def pid(self, service: str) -> int:
        return int(self.state()["services"][service]["pid"])

    def instances(self, service: str) -> list[str]:
        """The running processes of a service by instance name: `resume`, `resume-2`, ..."""
        return [
            name for name, item in self.state()["services"].items() if item.get("service", name) == service
        ]

    @property
    def mongo(self) -> MongoClient[dict[str, Any]]:
        return MongoClient(f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true", tz_aware=True)

    def wait_ready(self, service: str, timeout: float = 120) -> float:
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port(service)}/readyz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except (httpx.HTTPError, OSError, KeyError, ValueError):
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{service} not ready within {timeout}s")
