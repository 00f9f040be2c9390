"""The Docker-free launcher behind `make run`.

    python deploy/local/launcher.py run [--ephemeral]   # start everything, Ctrl-C stops it all
    python deploy/local/launcher.py run --replicas resume=2,ats=2   # extra processes of a service
    python deploy/local/launcher.py status              # what runs, where, and its logs

Starts Tansu (Kafka protocol) and SecantusDB (MongoDB protocol) on loopback, creates the topic
catalog's topics, then every service found under services/ and the gateway as separate processes,
waits until each is ready and prints the URLs. Data stays in .data/ across restarts unless
--ephemeral. Services that are not built yet are simply absent.

`--replicas` starts more processes of a service (replica k listens on the service's port + 100 x
(k - 1): resume-2 on 8101): same database, same consumer group (the group's partitions are shared
between them), and one outbox relay active at a time through its lease. The gateway keeps
routing to the first replica; the extra ones take their share of the events.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"
STATE = DATA / "launcher.json"
KNOWN_PORTS = {
    "gateway": 8000,
    "resume": 8001,
    "ats": 8002,
    "interview": 8003,
    "linkedin": 8004,
    "tracker": 8005,
    "career": 8006,
}


def say(*args: Any, **kwargs: Any) -> None:
    """print() that never raises: if whoever reads our output went away (a closed pipe), the
    launcher must still stop every child it started."""
    with contextlib.suppress(OSError, ValueError):
        print(*args, **kwargs)


# Dev SMTP server (aiosmtpd) and its read-only page (see deploy/local/devmail.py).
MAIL_PORTS = (1025, 8025)


def discover_services() -> list[str]:
    found = []
    for folder in sorted((ROOT / "services").iterdir()):
        if (folder / "src" / f"resugrow_{folder.name}" / "main.py").exists():
            found.append(folder.name)
    # The gateway starts last: it routes to the others.
    return sorted(found, key=lambda n: (n == "gateway", n))


# Shifts every fixed port (services and mail), so a benchmark can run a second platform beside
# one already running on the defaults.
PORT_OFFSET = int(os.environ.get("RESUGROW_LOCAL_PORT_OFFSET", "0"))


def port_for(name: str, index: int) -> int:
    return KNOWN_PORTS.get(name, 8010 + index) + PORT_OFFSET


REPLICA_PORT_STEP = 100


def parse_replicas(text: str) -> dict[str, int]:
    """`resume=2,ats=2` -> {"resume": 2, "ats": 2}; a bad entry is an argparse error."""
    out: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, count = item.partition("=")
        if not sep or not name.strip() or not count.strip().isdigit() or not 1 <= int(count) <= 9:
            raise argparse.ArgumentTypeError(f"expected NAME=COUNT with COUNT 1-9, got {item!r}")
        out[name.strip()] = int(count)
    return out


def plan_instances(ports: dict[str, int], replicas: dict[str, int]) -> dict[str, tuple[str, int]]:
    """Instance name -> (service, port): `resume`, `resume-2`, ... in start order, gateway last."""
    unknown = sorted(set(replicas) - set(ports))
    if unknown:
        raise SystemExit(f"--replicas names unknown services: {', '.join(unknown)}")
    plan: dict[str, tuple[str, int]] = {}
    for name, port in ports.items():
        for k in range(1, replicas.get(name, 1) + 1):
            plan[name if k == 1 else f"{name}-{k}"] = (name, port + REPLICA_PORT_STEP * (k - 1))
    return plan


def local_partitions(replicas: dict[str, int]) -> int:
    """Partitions per topic on the local broker: one, or the largest --replicas count so every
    replica of a group gets a share. Every idle fetch covers all of a consumer's partitions and
    Tansu answers each at once, so the catalog's 6-12 a topic made the idle broker the costliest
    process (issue 16). RESUGROW_KAFKA__MAX_PARTITIONS overrides it (0 = the catalog's counts)."""
    members = max([1, *replicas.values()])
    given = os.environ.get("RESUGROW_KAFKA__MAX_PARTITIONS", "").strip()
    if not given:
        return members
    return 0 if int(given) == 0 else max(int(given), members)


def dev_jwt_secret() -> str:
    """A dev signing key generated locally on first run, never committed (.data/ is ignored)."""
    path = DATA / "jwt-dev.key"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return True
        except Exception:
            pass
        time.sleep(0.3)
    return False


def start_mailbox() -> Any:
    """The dev SMTP server the gateway mails through, with a page to read what was sent."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from devmail import Mailbox

    try:
        box = Mailbox(smtp_port=MAIL_PORTS[0] + PORT_OFFSET, http_port=MAIL_PORTS[1] + PORT_OFFSET).start()
    except OSError as exc:
        say(f"mail     not started ({exc}); account e-mails will not be delivered", file=sys.stderr)
        return None
    say(f"mail     smtp://127.0.0.1:{box.smtp_port}  (read sent mail: http://127.0.0.1:{box.http_port}/)")
    return box


def run(
    ephemeral: bool, kafka_port: int, mongo_port: int, timeout: float, replicas: dict[str, int] | None = None
) -> int:
    from resugrow_events import all_topics
    from resugrow_platform.localinfra import mongo_url, port_open, secantus_server, tansu_server
    from resugrow_platform.messaging import ensure_topics

    logs = DATA / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    services = discover_services()
    ports = {name: port_for(name, i) for i, name in enumerate(services)}
    instances = plan_instances(ports, replicas or {})
    wanted = [(kafka_port, "Kafka"), (mongo_port, "MongoDB")]
    wanted += [(port, name) for name, (_, port) in instances.items()]
    for port, what in wanted:
        if port_open(port):
            say(
                f"Port {port} for {what} is already in use (is another `make run` active? "
                f"see `make status`).",
                file=sys.stderr,
            )
            return 1
    kafka = tansu_server(kafka_port, log_path=logs / "kafka.log").start()
    storage = ":memory:" if ephemeral else DATA / "mongo"
    mongo = secantus_server(mongo_port, storage_path=storage, log_path=logs / "mongo.log").start(timeout=90)
    bootstrap = f"127.0.0.1:{kafka_port}"
    cap = local_partitions(replicas or {})
    # Tansu keeps topics in memory: (re)create the catalog's topics on every start.
    created = asyncio.run(ensure_topics(bootstrap, all_topics(tuple(services)), max_partitions=cap))
    say(f"kafka    {bootstrap}  ({len(created)} topics created)")
    say(f"mongodb  {mongo_url(mongo_port)}  ({'ephemeral' if ephemeral else storage})")

    mailbox = start_mailbox()
    env = dict(os.environ)
    if mailbox is not None:
        env["RESUGROW_GATEWAY_MAIL__PORT"] = str(mailbox.smtp_port)
    env.update(
        {
            "RESUGROW_KAFKA__BOOTSTRAP_SERVERS": bootstrap,
            "RESUGROW_KAFKA__ENABLE_IDEMPOTENCE": "false",
            "RESUGROW_MONGO__URL": mongo_url(mongo_port),
            "RESUGROW_AUTH__JWT_SECRET": dev_jwt_secret(),
            # A topic a service recreates (after the broker lost it) gets the same count.
            "RESUGROW_KAFKA__MAX_PARTITIONS": str(cap),
        }
    )
    for name, port in ports.items():
        env[f"RESUGROW_{name.upper()}_PORT"] = str(port)
        env[f"RESUGROW_GATEWAY_SERVICES__{name.upper()}"] = f"http://127.0.0.1:{port}"

    procs: dict[str, subprocess.Popen[bytes]] = {}
    state = {
        "kafka": {
            "port": kafka_port,
            "pid": kafka.proc.pid if kafka.proc else None,
            "log": str(logs / "kafka.log"),
        },
        "mongo": {
            "port": mongo_port,
            "pid": mongo.proc.pid if mongo.proc else None,
            "log": str(logs / "mongo.log"),
        },
        "services": {},
    }
    stopping = False

    def shutdown(*_: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        say("\nstopping services...", flush=True)
        for proc in reversed(list(procs.values())):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        kafka.stop()
        mongo.stop(grace=10)
        if mailbox is not None:
            mailbox.stop()
        STATE.unlink(missing_ok=True)
        say("stopped.", flush=True)

    signal.signal(signal.SIGINT, lambda *_: shutdown())
    signal.signal(signal.SIGTERM, lambda *_: shutdown())

    def spawn(name: str) -> subprocess.Popen[bytes]:
        service, port = instances[name]
        log_path = logs / f"{name}.log"
        log_file = open(log_path, "ab")  # noqa: SIM115 - lives as long as the child
        child_env = env
        if name != service:
            # Same group and database; its own client id tells the members apart in broker logs.
            child_env = {**env, f"RESUGROW_{service.upper()}_KAFKA__CLIENT_ID": f"resugrow-{name}"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "resugrow_platform.serve", service, "--port", str(port)],
            env=child_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
        restarts = state["services"].get(name, {}).get("restarts", 0)
        state["services"][name] = {
            "port": port,
            "pid": proc.pid,
            "log": str(log_path),
            "restarts": restarts,
            "service": service,
        }
        return proc

    try:
        for name in instances:
            procs[name] = spawn(name)
        STATE.write_text(json.dumps(state, indent=2))
        failed = []
        for name, (_, port) in instances.items():
            ok = wait_ready(f"http://127.0.0.1:{port}/readyz", procs[name], timeout)
            url = f"http://127.0.0.1:{port}"
            say(
                f"{name:<10} {url:<24} {'ready' if ok else 'NOT READY'}  log: {state['services'][name]['log']}",
                flush=True,
            )
            if not ok:
                failed.append(name)
        if "gateway" in ports:
            say(f"\nResugrow is up: http://127.0.0.1:{ports['gateway']}  (API docs: /docs). Ctrl-C stops it.")
        if failed:
            say(f"not ready: {', '.join(failed)} (see their logs)", file=sys.stderr)
        if os.environ.get("RESUGROW_LAUNCHER_EXIT_WHEN_READY"):
            shutdown()
            return 1 if failed else 0
        supervise(procs, spawn, state, lambda: stopping)
    finally:
        shutdown()
    return 0


def supervise(
    procs: dict[str, subprocess.Popen[bytes]],
    spawn: Any,
    state: dict[str, Any],
    stopping: Any,
    *,
    max_backoff: float = 30.0,
    poll_s: float = 2.0,
) -> None:
    """Restart a service that dies, with exponential backoff, until the launcher stops.

    A crash loop backs off up to `max_backoff` seconds; a service that then stays up for a
    minute earns a fresh backoff. Each restart is logged and counted in `make status`.
    """
    due: dict[str, float] = {}
    backoff: dict[str, float] = {}
    started_at = {name: time.monotonic() for name in procs}
    while not stopping():
        now = time.monotonic()
        for name, proc in list(procs.items()):
            if proc.poll() is None:
                if now - started_at[name] > 60:
                    backoff.pop(name, None)
                continue
            if name not in due:
                delay = backoff.get(name, 0.5)
                backoff[name] = min(max_backoff, delay * 2)
                due[name] = now + delay
                say(
                    f"{name} exited with code {proc.returncode}; restarting in {delay:.1f}s "
                    f"(see {state['services'][name]['log']})",
                    file=sys.stderr,
                    flush=True,
                )
            elif now >= due[name] and not stopping():
                del due[name]
                state["services"][name]["restarts"] = state["services"][name].get("restarts", 0) + 1
                procs[name] = spawn(name)
                started_at[name] = time.monotonic()
                STATE.write_text(json.dumps(state, indent=2))
                say(
                    f"{name} restarted (restart #{state['services'][name]['restarts']})",
                    file=sys.stderr,
                    flush=True,
                )
        # Twice a second while a service has just (re)started or waits for its restart (a crash
        # loop is handled as fast as before); every `poll_s` once all have run for a while, so
        # the launcher of an idle platform hardly wakes (issue 16).
        settling = due or any(time.monotonic() - at < 15 for at in started_at.values())
        time.sleep(0.5 if settling else poll_s)


def status() -> int:
    if not STATE.exists():
        say("nothing is running (no .data/launcher.json)")
        return 1
    state = json.loads(STATE.read_text())

    def alive(pid: int | None) -> bool:
        if not pid:
            return False
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False

    for name in ("kafka", "mongo"):
        item = state[name]
        say(
            f"{name:<10} 127.0.0.1:{item['port']:<6} {'running' if alive(item['pid']) else 'DOWN':<10} "
            f"log: {item['log']}"
        )
    for name, item in state["services"].items():
        ready = "DOWN"
        if alive(item["pid"]):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{item['port']}/readyz", timeout=2) as resp:
                    ready = "ready" if resp.status == 200 else "not ready"
            except Exception:
                ready = "not ready"
        restarts = item.get("restarts", 0)
        say(f"{name:<10} 127.0.0.1:{item['port']:<6} {ready:<10} restarts: {restarts:<3} log: {item['log']}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["run", "status"])
    parser.add_argument("--ephemeral", action="store_true", help="keep no data after stopping")
    parser.add_argument(
        "--kafka-port", type=int, default=int(os.environ.get("RESUGROW_LOCAL_KAFKA_PORT", 9092))
    )
    parser.add_argument(
        "--mongo-port", type=int, default=int(os.environ.get("RESUGROW_LOCAL_MONGO_PORT", 27017))
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each service")
    parser.add_argument(
        "--replicas",
        type=parse_replicas,
        # A string default goes through `type` too: the harness passes it in the environment.
        default=os.environ.get("RESUGROW_LOCAL_REPLICAS", ""),
        metavar="NAME=N,...",
        help="processes per service, e.g. resume=2,ats=2 (default 1 each)",
    )
    args = parser.parse_args()
    if args.command == "status":
        return status()
    return run(args.ephemeral, args.kafka_port, args.mongo_port, args.timeout, args.replicas)


if __name__ == "__main__":
    raise SystemExit(main())
