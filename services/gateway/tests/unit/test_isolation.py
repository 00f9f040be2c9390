"""One caller's failure must not reach the next caller, and no caller picks its own address.

A service that answers 500 drops its kept-alive connection; the gateway used to send the next
caller's request on that dead connection and answer 502. Here real loopback servers play the
service: a platform app that crashes, and a raw server that closes each connection after one answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateway_stubs import ThreadServer

from resugrow_gateway.adapters.downstream import Downstreams, client_ip
from resugrow_platform.errors import install_problem_handlers


def test_a_500_closes_the_connection_so_it_is_never_reused() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("bug")

    @app.get("/ok")
    async def ok() -> dict[str, str]:
        return {"ok": "yes"}

    server = ThreadServer(app)
    server.start()
    try:
        with httpx.Client(base_url=server.url) as client:
            first = client.get("/boom")
            assert first.status_code == 500
            assert first.headers["content-type"] == "application/problem+json"
            assert first.headers.get("connection") == "close"
            assert client.get("/ok").status_code == 200
    finally:
        server.stop()


@contextlib.asynccontextmanager
async def _one_answer_per_connection() -> AsyncIterator[str]:
    """Answers the first request of each connection (keep-alive promised) and drops the second."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # The race as it happens: the service drops the connection just as the gateway sends the
        # next request on it (a fresh connection would be answered).
        with contextlib.suppress(Exception):
            await reader.readuntil(b"\r\n\r\n")
            body = b'{"ok": true}'
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
            await reader.readuntil(b"\r\n\r\n")
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()


def _request(method: str, path: str) -> Request:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"gateway")],
        "client": ("10.0.0.9", 1234),
        "scheme": "http",
        "server": ("gateway", 80),
        "state": {},
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    return Request(scope, receive)


@pytest.mark.asyncio(loop_scope="function")
async def test_a_connection_closed_by_the_service_is_retried_for_idempotent_requests() -> None:
    async with _one_answer_per_connection() as url:
        downstreams = Downstreams({"svc": url})
        await downstreams.start()
        try:
            for _ in range(4):
                answer = await downstreams.forward(
                    _request("GET", "/v1/x"), service="svc", timeout_s=2, max_body_bytes=1024
                )
                assert answer.status_code == 200
            for _ in range(3):
                small = await downstreams.get_json(
                    "svc", "/v1/summary", authorization="Bearer x", request_id=None, timeout=2
                )
                assert small.status_code == 200
        finally:
            await downstreams.close()


def test_forwarded_for_counts_only_from_a_configured_proxy_address() -> None:
    scope = {"client": ("127.0.0.1", 5000), "headers": [(b"x-forwarded-for", b"6.6.6.6")]}
    # Loopback is not trusted unless configured: the socket peer is the client.
    assert client_ip(scope, 1) == "127.0.0.1"
    assert client_ip(scope, 1, ["10.0.0.0/8"]) == "127.0.0.1"
    assert client_ip(scope, 1, ["127.0.0.1"]) == "6.6.6.6"
    assert client_ip(scope, 0, ["127.0.0.1"]) == "127.0.0.1"


def test_the_gateway_serves_metrics_only_with_its_token() -> None:
    from pydantic import SecretStr

    from resugrow_gateway.settings import GatewaySettings
    from resugrow_platform.health import metrics_allowed
    from resugrow_testing import TEST_JWT_SECRET

    auth = {"jwt_secret": SecretStr(TEST_JWT_SECRET)}
    closed = GatewaySettings(auth=auth)
    assert not metrics_allowed(closed, "")
    guarded = GatewaySettings(auth=auth, metrics_token=SecretStr("m" * 40))
    assert not metrics_allowed(guarded, "")
    assert not metrics_allowed(guarded, "Bearer wrong")
    assert metrics_allowed(guarded, "Bearer " + "m" * 40)
