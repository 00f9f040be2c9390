"""Every body-accepting route of every service, and every upload type, fed hostile input.

Classes: corrupt, truncated and random bytes; PDF content-stream and page-tree-cycle bombs;
ZIP and DOCX bombs; path traversal in archives; XML entity expansion; YAML alias bombs; deep
nesting (JSON and YAML); integers past Python's digit limit; lone surrogates; NaN/Infinity;
huge strings; NUL bytes; unusual Unicode. Each service runs for real (its lifespan, the local
broker and database). The rule: never a 5xx; every 4xx is problem+json; afterwards the service
is alive and ready, and still serves an ordinary request.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).resolve().parent))
import payloads

from resugrow_testing import RunningService

pytestmark = pytest.mark.asyncio(loop_scope="module")

JSON_BODIES: dict[str, bytes] = {
    "lone-surrogate": b'{"name": "\\ud800", "title": "\\udfff", "answer": "\\ud800", "text": "\\ud800"}',
    "nan": b'{"name": "x", "custom_fields": {"salary": NaN}, "score": NaN}',
    "infinity": b'{"name": "x", "value": Infinity, "n": -Infinity}',
    "deep-nesting": payloads.deep_json(10_000),
    "big-int": payloads.big_int_json(),
    "huge-string": json.dumps({"name": payloads.HUGE_STRING, "text": payloads.HUGE_STRING}).encode(),
    "null-bytes": json.dumps({"name": "a\x00b", "a\x00": 1, "text": "\x00" * 100}).encode(),
    "unusual-unicode": json.dumps(
        {"name": payloads.UNUSUAL_UNICODE, "text": payloads.UNUSUAL_UNICODE}
    ).encode(),
    "truncated": b'{"name": "Ada", "items": [1, 2',
    "random": payloads.random_bytes(2048),
    "array": b"[1, 2, 3]",
    "empty": b"",
}

UPLOADS: dict[str, tuple[str, bytes, str]] = {
    "corrupt-pdf": (
        "a.pdf",
        payloads.corrupt(payloads.text_pdf(["Ada Lovelace", "Engineer"])),
        "application/pdf",
    ),
    "truncated-pdf": ("a.pdf", payloads.truncated(payloads.text_pdf(["Ada Lovelace"])), "application/pdf"),
    "content-bomb-pdf": ("bomb.pdf", payloads.content_bomb_pdf(60), "application/pdf"),
    "page-cycle-pdf": ("cycle.pdf", payloads.page_tree_cycle_pdf(), "application/pdf"),
    "docx-bomb": ("bomb.docx", payloads.docx_bomb(39), "application/octet-stream"),
    "zip-bomb": (
        "export.zip",
        payloads.zip_bomb(
            {f"{n}.csv": 15 * 1024 * 1024 for n in ("Profile", "Positions", "Skills", "Education")}
        ),
        "application/zip",
    ),
    "traversal-zip": ("export.zip", payloads.traversal_zip(), "application/zip"),
    "xml-entities": ("a.xml", payloads.xml_entity_bomb(), "application/xml"),
    "yaml-aliases": ("cv.yaml", payloads.yaml_alias_bomb(), "application/x-yaml"),
    "deep-yaml": ("cv.yaml", payloads.deep_yaml(5_000), "application/x-yaml"),
    "deep-json-file": ("board.json", payloads.deep_json(10_000), "application/json"),
    "big-int-file": ("board.json", payloads.big_int_json(), "application/json"),
    "surrogate-file": ("board.json", payloads.surrogate_json(), "application/json"),
    "random": ("a.bin", payloads.random_bytes(8192), "application/octet-stream"),
    "null-bytes": ("a.txt", b"Ada\x00Lovelace\x00" * 200, "text/plain"),
    "unusual-unicode": (
        "a.txt",
        (payloads.UNUSUAL_UNICODE * 50).encode("utf-8", "surrogatepass"),
        "text/plain",
    ),
    "empty": ("a.txt", b"", "text/plain"),
}

# Raw (non-multipart) upload bodies, for routes that take the file as the body itself.
RAW_TYPES = ("application/json", "application/x-yaml", "text/csv", "application/octet-stream")


def _services() -> list[tuple[str, Callable[..., Any], type]]:
    from resugrow_ats.main import create_app as ats_app
    from resugrow_ats.settings import AtsSettings
    from resugrow_interview.main import create_app as interview_app
    from resugrow_interview.settings import InterviewSettings
    from resugrow_linkedin.main import create_app as linkedin_app
    from resugrow_linkedin.settings import LinkedinSettings
    from resugrow_resume.main import create_app as resume_app
    from resugrow_resume.settings import ResumeSettings
    from resugrow_tracker.main import create_app as tracker_app
    from resugrow_tracker.settings import TrackerSettings

    return [
        ("resume", resume_app, ResumeSettings),
        ("ats", ats_app, AtsSettings),
        ("interview", interview_app, InterviewSettings),
        ("linkedin", linkedin_app, LinkedinSettings),
        ("tracker", tracker_app, TrackerSettings),
    ]


def _body_routes(app: Any) -> list[tuple[str, str]]:
    """POST/PUT/PATCH operations from the app's own OpenAPI document, path ids filled in."""
    routes = []
    for path, item in app.openapi()["paths"].items():
        for method in ("post", "put", "patch"):
            if method in item:
                routes.append(
                    (method.upper(), re.sub(r"\{[^}]+\}", lambda _: f"fz{uuid.uuid4().hex[:22]}", path))
                )
    return routes


def _check(answer: httpx.Response, what: str) -> None:
    assert answer.status_code < 500, f"{what}: {answer.status_code} {answer.text[:300]}"
    if answer.status_code >= 400:
        ctype = answer.headers.get("content-type", "")
        assert ctype.startswith("application/problem+json"), f"{what}: {answer.status_code} {ctype}"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def running(start_service: Any) -> AsyncIterator[dict[str, RunningService]]:
    import contextlib

    async with contextlib.AsyncExitStack() as stack:
        out: dict[str, RunningService] = {}
        for name, create_app, settings_cls in _services():
            out[name] = await stack.enter_async_context(start_service(create_app, settings_cls))
        yield out


@pytest.mark.parametrize("service", ["resume", "ats", "interview", "linkedin", "tracker"])
async def test_json_bodies_never_cause_a_5xx(
    service: str, running: dict[str, RunningService], auth_headers: Any
) -> None:
    svc = running[service]
    headers = auth_headers() | {"content-type": "application/json"}
    routes = _body_routes(svc.app)
    assert routes, f"{service} has no body-accepting routes?"
    for method, path in routes:
        for label, body in JSON_BODIES.items():
            answer = await svc.client.request(method, path, content=body, headers=headers)
            _check(answer, f"{service} {method} {path} [{label}]")
    await _still_healthy(svc)


@pytest.mark.parametrize("service", ["resume", "ats", "linkedin", "tracker"])
async def test_uploads_never_cause_a_5xx(
    service: str, running: dict[str, RunningService], auth_headers: Any
) -> None:
    svc = running[service]
    headers = auth_headers()
    upload_routes = [
        (m, p)
        for m, p in _body_routes(svc.app)
        if any(k in p for k in ("import", "scan", "parse", "review", "match"))
    ]
    assert upload_routes, f"{service} has no upload routes?"
    for method, path in upload_routes:
        for label, (filename, data, ctype) in UPLOADS.items():
            answer = await svc.client.request(
                method, path, files={"file": (filename, data, ctype)}, headers=headers
            )
            _check(answer, f"{service} {method} {path} multipart [{label}]")
        for label, (_, data, _) in UPLOADS.items():
            for ctype in RAW_TYPES:
                if len(data) > 512 * 1024 and ctype != "application/octet-stream":
                    continue  # the bombs once per route is enough
                answer = await svc.client.request(
                    method, path, content=data, headers=headers | {"content-type": ctype}
                )
                _check(answer, f"{service} {method} {path} raw {ctype} [{label}]")
    await _still_healthy(svc)


async def test_the_gateways_own_json_routes_never_cause_a_5xx(service_settings: Any, app_client: Any) -> None:
    from resugrow_gateway.main import create_app
    from resugrow_gateway.settings import GatewaySettings

    settings = service_settings(
        GatewaySettings, passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1}
    )
    app = create_app(settings)
    routes = [(m, p) for m, p in _body_routes(app) if p.startswith(("/v1/auth", "/v1/me"))]
    assert routes
    async with app_client(app, timeout=60) as client:
        for method, path in routes:
            for label, body in JSON_BODIES.items():
                answer = await client.request(
                    method, path, content=body, headers={"content-type": "application/json"}
                )
                _check(answer, f"gateway {method} {path} [{label}]")
        assert (await client.get("/livez")).status_code == 200


async def _still_healthy(svc: RunningService) -> None:
    assert (await svc.client.get("/livez")).status_code == 200
    # Readiness also waits for the consumer group join (seconds on the embedded broker, longer
    # on a loaded machine): poll it rather than catch a service that is still starting.
    deadline = asyncio.get_running_loop().time() + 90
    ready = await svc.client.get("/readyz")
    while ready.status_code != 200 and asyncio.get_running_loop().time() < deadline:
        assert ready.json().get("checks", {}).get("consumers") == "starting", ready.text
        await asyncio.sleep(0.5)
        ready = await svc.client.get("/readyz")
    assert ready.status_code == 200, ready.text


async def test_nan_in_custom_fields_is_refused_and_the_export_keeps_working(
    running: dict[str, RunningService], auth_headers: Any
) -> None:
    """NaN was stored, and the user's JSON export then answered 500 on every call."""
    svc = running["tracker"]
    headers = auth_headers() | {"content-type": "application/json"}
    for number in ("NaN", "Infinity", "-Infinity", "1e999"):
        body = '{"company": "Acme", "role": "Engineer", "custom_fields": {"score": ' + number + "}}"
        answer = await svc.client.post("/v1/applications", content=body, headers=headers)
        assert answer.status_code == 400, (number, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    ok = await svc.client.post(
        "/v1/applications",
        json={"company": "Acme", "role": "Engineer", "custom_fields": {"score": 1.5}},
        headers=headers,
    )
    assert ok.status_code == 201, ok.text
    export = await svc.client.get("/v1/applications/export?format=json", headers=headers)
    assert export.status_code == 200, export.text
