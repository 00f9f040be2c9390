"""Issue 17's findings, re-measured through the gateway on a running platform (one process holding
the five services and the gateway on loopback uvicorn servers, local broker and database).

Run: `.venv/bin/python bench/safety.py`

For each hostile request: the answer's status and time, the slowest /readyz of the target
service while it ran (polled every 50 ms straight at the service), and how much this process's
resident memory grew (parses run in sandbox worker processes, so it should not). Then the
rate-limit bypass (30 wrong-password logins, each with a different spoofed X-Forwarded-For).
Bounded: about twenty requests plus the logins.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
sys.path.insert(0, str(ROOT / "services" / "gateway" / "tests"))

import payloads  # noqa: E402
from gateway_stubs import ThreadServer  # noqa: E402

from resugrow_testing import TEST_JWT_SECRET, make_token  # noqa: E402
from resugrow_testing.infra import provide_infrastructure  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def settings(cls: type, infra: Any, **overrides: Any) -> Any:
    unique = uuid.uuid4().hex[:10]
    return cls(
        kafka={
            "bootstrap_servers": infra.kafka_bootstrap,
            "enable_idempotence": False,
            "topic_prefix": f"b{unique}.",
        },
        mongo={"url": SecretStr(infra.mongo_url), "database": f"bench_{unique}"},
        auth={"jwt_secret": SecretStr(TEST_JWT_SECRET)},
        log_json=True,
        log_level="WARNING",
        **overrides,
    )


class Poller:
    """Polls a /readyz in a thread and keeps the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.worst_ms = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=60) as client:
            while not self._stop.is_set():
                t = time.perf_counter()
                with contextlib.suppress(httpx.HTTPError):
                    client.get(self.url)
                self.worst_ms = max(self.worst_ms, (time.perf_counter() - t) * 1000)
                time.sleep(0.05)

    def __enter__(self) -> Poller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    from resugrow_ats.main import create_app as ats_app
    from resugrow_ats.settings import AtsSettings
    from resugrow_gateway.main import create_app as gateway_app
    from resugrow_gateway.settings import GatewaySettings
    from resugrow_interview.main import create_app as interview_app
    from resugrow_interview.settings import InterviewSettings
    from resugrow_linkedin.main import create_app as linkedin_app
    from resugrow_linkedin.settings import LinkedinSettings
    from resugrow_resume.main import create_app as resume_app
    from resugrow_resume.settings import ResumeSettings
    from resugrow_tracker.main import create_app as tracker_app
    from resugrow_tracker.settings import TrackerSettings

    # As `python -m resugrow_platform.serve` (the launcher, the images) runs uvicorn: proxy
    # headers from nobody unless FORWARDED_ALLOW_IPS names the proxies.
    os.environ.setdefault("FORWARDED_ALLOW_IPS", "")
    with provide_infrastructure() as infra:
        servers: dict[str, ThreadServer] = {}
        for name, app, cls in (
            ("resume", resume_app, ResumeSettings),
            ("ats", ats_app, AtsSettings),
            ("interview", interview_app, InterviewSettings),
            ("linkedin", linkedin_app, LinkedinSettings),
            ("tracker", tracker_app, TrackerSettings),
        ):
            # Nothing here renders: the resume service skips its render processes.
            extra = {"render_processes": -1} if name == "resume" else {}
            servers[name] = ThreadServer(app(settings(cls, infra, **extra)))
            servers[name].start(timeout=240)
        gw = ThreadServer(
            gateway_app(
                settings(
                    GatewaySettings,
                    infra,
                    services={n: s.url for n, s in servers.items()},
                    passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
                )
            )
        )
        gw.start(timeout=240)
        try:
            time.sleep(15)  # let the sandboxes' workers warm up (they start in the background)
            run(gw.url, {n: s.url for n, s in servers.items()})
        finally:
            gw.stop()
            for server in servers.values():
                server.stop()


def run(gateway: str, services: dict[str, str]) -> None:
    token = make_token("u-bench-" + uuid.uuid4().hex[:6])
    auth = {"Authorization": f"Bearer {token}"}
    bomb = payloads.content_bomb_pdf(60)
    cases: list[tuple[str, str, str, dict[str, Any]]] = [
        ("LinkedIn review, 60 MB-inflating PDF", "linkedin", "/v1/linkedin/reviews",
         {"files": {"file": ("bomb.pdf", bomb, "application/pdf")}}),
        ("LinkedIn review, page-tree cycle PDF", "linkedin", "/v1/linkedin/reviews",
         {"files": {"file": ("c.pdf", payloads.page_tree_cycle_pdf(), "application/pdf")}}),
        ("LinkedIn review, nine 15 MB CSVs", "linkedin", "/v1/linkedin/reviews",
         {"files": {"file": ("e.zip", payloads.zip_bomb({f"{n}.csv": 15 * 2**20 for n in (
             "Profile", "Positions", "Education", "Skills", "Certifications", "Languages", "Projects",
             "Honors", "Shares")}), "application/zip")}}),
        ("ATS scan, 60 MB-inflating PDF", "ats", "/v1/ats/scans",
         {"files": {"file": ("bomb.pdf", bomb, "application/pdf")}}),
        ("ATS scan, DOCX with 39 MB of XML", "ats", "/v1/ats/scans",
         {"files": {"file": ("b.docx", payloads.docx_bomb(39), "application/octet-stream")}}),
        ("ATS match, 'http://' + 'a-' * 99k", "ats", "/v1/ats/match",
         {"json": {"text": "Ada\nhttp://" + "a-" * 99_000, "job_description": "Python engineer"}}),
        ("ATS match, job '0' + 19,990 spaces", "ats", "/v1/ats/match",
         {"json": {"text": "Ada Lovelace\nPython", "job_description": "Requirements\n0" + " " * 19_990 + "x"}}),
        ("Interview SQL printf 20 MB x rows", "interview", "/v1/interview/evaluate",
         {"json": {"question_id": "sql-joins-03", "answer": "SELECT printf('%.*c', 20000000, 'x') FROM employees"}}),
        ("Resume create, lone surrogate", "resume", "/v1/resumes",
         {"content": b'{"title": "\\ud800", "resume": {"basics": {"name": "\\ud800"}}}',
          "headers": {"content-type": "application/json"}}),
        ("Resume import, 10,000-deep JSON", "resume", "/v1/resumes/import",
         {"content": payloads.deep_json(10_000), "headers": {"content-type": "application/json"}}),
        ("Resume import, 5,000-deep YAML", "resume", "/v1/resumes/import",
         {"content": payloads.deep_yaml(5_000), "headers": {"content-type": "application/yaml"}}),
        ("Tracker import, deep Huntr JSON", "tracker", "/v1/applications/import?format=huntr",
         {"files": {"file": ("b.json", payloads.deep_json(10_000), "application/json")}}),
        ("Tracker create, NaN custom field", "tracker", "/v1/applications",
         {"content": b'{"company": "A", "role": "B", "custom_fields": {"x": NaN}}',
          "headers": {"content-type": "application/json"}}),
    ]  # fmt: skip
    print(
        f"{'request (through the gateway)':<40} {'status':>6} {'answer s':>9} {'worst readyz ms':>16} {'RSS +MiB':>9}"
    )
    with httpx.Client(base_url=gateway, timeout=120) as client:
        for label, service, path, kwargs in cases:
            headers = auth | kwargs.pop("headers", {})
            before = rss_mib()
            with Poller(services[service] + "/readyz") as poller:
                t = time.perf_counter()
                answer = client.post(path, headers=headers, **kwargs)
                took = time.perf_counter() - t
            grew = rss_mib() - before
            print(f"{label:<40} {answer.status_code:>6} {took:>9.2f} {poller.worst_ms:>16.0f} {grew:>9.1f}")
        # The user's JSON export after the NaN attempt.
        export = client.get("/v1/applications/export?format=json", headers=auth)
        print(f"{'Tracker JSON export afterwards':<40} {export.status_code:>6}")
        # Rate-limit bypass: wrong passwords, each with a different spoofed X-Forwarded-For, all
        # sent at once (so the bucket cannot refill in between), and the same without the header.
        client.post(
            "/v1/auth/register", json={"email": "bench@example.com", "password": "correct horse battery"}
        )
        for spoofed in (True, False):
            limited = asyncio.run(_logins(gateway, spoofed))
            label = "with spoofed X-Forwarded-For" if spoofed else "without X-Forwarded-For"
            print(f"30 concurrent wrong-password logins {label}: {limited}/30 throttled (429)")
            time.sleep(25)  # the bucket refills before the next round
        print(f"gateway /metrics without a token: {client.get('/metrics').status_code}")


async def _logins(gateway: str, spoofed: bool) -> int:
    async with httpx.AsyncClient(base_url=gateway, timeout=120) as client:
        answers = await asyncio.gather(
            *(
                client.post(
                    "/v1/auth/token",
                    json={"email": "bench@example.com", "password": f"wrong-{i}"},
                    headers={"X-Forwarded-For": f"203.0.113.{i + 1}"} if spoofed else {},
                )
                for i in range(30)
            )
        )
    return sum(a.status_code == 429 for a in answers)


if __name__ == "__main__":
    main()
