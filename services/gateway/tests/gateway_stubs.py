"""Small stand-in downstream services (the real ones are built alongside the gateway).

Each stub verifies the forwarded bearer token exactly like a real service (same platform code,
test key), keeps items per user in memory, and can be told to be slow or to fail, so routing,
identity forwarding, streaming, limits and the dashboard's degradation can be tested for real
over loopback HTTP. Also used by bench/gateway.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from resugrow_platform.auth import verify_token
from resugrow_platform.settings import AuthSettings

SUMMARY_PATHS = {
    "resume": "/v1/resumes/summary",
    "ats": "/v1/ats/summary",
    "interview": "/v1/interviews/summary",
    "linkedin": "/v1/linkedin/summary",
    "tracker": "/v1/tracker/summary",
    "career": "/v1/career/summary",
}
FILE_SIZE = 3 * 1024 * 1024 + 17
_HEX_ID = re.compile(r"^[0-9a-f]{32}$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StubState:
    name: str
    # normal | slow | error | html_error
    mode: str = "normal"
    delay_s: float = 0.0
    summary_calls: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_headers: dict[str, str] = field(default_factory=dict)
    no_auth: bool = False


def stub_app(state: StubState, secret: str) -> Starlette:
    auth = AuthSettings(jwt_secret=SecretStr(secret))

    def problem(status: int, title: str) -> JSONResponse:
        return JSONResponse(
            {"type": "about:blank", "title": title, "status": status},
            status_code=status,
            media_type="application/problem+json",
        )

    async def handle(request: Request) -> Response:
        state.last_headers = dict(request.headers)
        path = request.url.path
        if path == "/livez":
            return JSONResponse({"status": "ok"})
        if not state.no_auth:
            try:
                user = verify_token(auth, request.headers.get("authorization", "").partition(" ")[2]).user_id
            except Exception:
                return problem(401, "Unauthorized")
        else:
            user = "anonymous"
        if state.delay_s:
            await asyncio.sleep(state.delay_s)
        if state.mode == "error":
            return problem(503, "Service Unavailable")
        if state.mode == "html_error":
            return Response(
                "<h1>500</h1> at internal-db-7.cluster.local:27017", status_code=500, media_type="text/html"
            )
        if path == SUMMARY_PATHS.get(state.name):
            state.summary_calls += 1
            return JSONResponse(
                {
                    "service": state.name,
                    "user_id": user,
                    "count": sum(1 for item in state.items.values() if item["owner"] == user),
                }
            )
        if path.endswith("/echo-size"):
            size = 0
            async for chunk in request.stream():
                size += len(chunk)
            return JSONResponse({"received": size, "content_type": request.headers.get("content-type")})
        if path.endswith("/file"):

            async def chunks() -> Any:
                sent = 0
                while sent < FILE_SIZE:
                    part = min(64 * 1024, FILE_SIZE - sent)
                    yield bytes([sent % 251]) * part
                    sent += part

            return StreamingResponse(chunks(), media_type="application/pdf")
        if path.endswith("/redirect"):
            return Response(status_code=303, headers={"location": f"{request.base_url}v1/elsewhere"})
        last = path.rstrip("/").rpartition("/")[2]
        method = request.method
        if last in state.items or _HEX_ID.match(last):
            item = state.items.get(last)
            if item is None or item["owner"] != user:
                return problem(404, "Not Found")  # another user's item looks exactly like a missing one
            if method == "GET":
                return JSONResponse(_public(item))
            if method in ("PATCH", "PUT"):
                with contextlib.suppress(ValueError):
                    item.update(json.loads(await request.body() or b"{}"))
                return JSONResponse(_public(item))
            if method == "DELETE":
                state.items.pop(last)
                return Response(status_code=204)
            return problem(405, "Method Not Allowed")
        if method == "POST":
            body: dict[str, Any] = {}
            raw = await request.body()
            if raw and "json" in request.headers.get("content-type", ""):
                with contextlib.suppress(ValueError):
                    body = json.loads(raw)
            item_id = uuid.uuid4().hex
            state.items[item_id] = (
                {
                    "id": item_id,
                    "owner": user,
                    "collection": path,
                    **{k: v for k, v in body.items() if k != "id"},
                }
                if isinstance(body, dict)
                else {"id": item_id, "owner": user, "collection": path}
            )
            return JSONResponse(_public(state.items[item_id]), status_code=201)
        if method == "GET":
            return JSONResponse(
                {
                    "items": [
                        _public(i)
                        for i in state.items.values()
                        if i["owner"] == user and i["collection"] == path
                    ]
                }
            )
        return problem(405, "Method Not Allowed")

    return Starlette(
        routes=[Route("/{path:path}", handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])]
    )


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "owner"}


class ThreadServer:
    """A uvicorn server on a loopback port, in a daemon thread; can be stopped and started again."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
            access_log=False,
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"server on port {self.port} did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
        self._server = None
        self._thread = None


class Stubs:
    def __init__(self, secret: str, names: tuple[str, ...] = tuple(SUMMARY_PATHS)) -> None:
        self.states = {name: StubState(name) for name in names}
        self.servers = {name: ThreadServer(stub_app(self.states[name], secret)) for name in names}

    def start(self) -> None:
        for server in self.servers.values():
            server.start()

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()

    @property
    def urls(self) -> dict[str, str]:
        return {name: server.url for name, server in self.servers.items()}

    def reset(self) -> None:
        for state in self.states.values():
            state.mode, state.delay_s, state.no_auth = "normal", 0.0, False
