"""`GET /v1/dashboard` served before the middleware stack (the dashboard's fast lane).

Profiled with py-spy at 200 pages/s, the page itself (token check, one read-model read, the JSON
assembled from stored text) was about a third of the gateway's CPU per page; the rest was the
stack around it: the tracing middleware (a span per request and a scan of every route for its
name, about a quarter), the request context and access log, the conditional-GET and header
wrappers on every `send`. The lane does what the stack would do for this one route, directly:
request id (`X-Request-ID`), the per-user and per-IP rate limits, the token check, the RED
metrics and the access-log line, the security headers, problem+json errors. It records no trace
span (the page's summary calls still carry trace context when tracing is on). With CORS
configured the stack serves the route (the CORS middleware must see it), as with
`dashboard.fast_lane` off; both paths answer the same page (`combined.DashboardDispatch`).
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime

import structlog
from starlette.requests import Request
from starlette.types import Scope, Send

from resugrow_gateway.middleware import API_HEADERS, rate_limit_refusal, send_rate_limited
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.use_cases import dashboard
from resugrow_platform import ProblemError
from resugrow_platform.errors import problem_response
from resugrow_platform.metrics import HTTP_DURATION, HTTP_REQUESTS

ROUTE = "/v1/dashboard"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# What the platform's request context and the gateway's header middleware add to every answer.
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    *API_HEADERS,
]
log = structlog.get_logger("resugrow.http")


def _headers(scope: Scope) -> dict[bytes, bytes]:
    wanted = {b"authorization", b"x-request-id"}
    return {k.lower(): v for k, v in scope.get("headers", ()) if k.lower() in wanted}


async def _page(rt: GatewayRuntime, scope: Scope, token: str, request_id: str) -> bytes:
    principal = rt.authenticate(token or None)
    scope.setdefault("state", {})["user_id"] = principal.user_id
    page = await dashboard.dashboard_page(
        rt,
        user_id=principal.user_id,
        authorization=f"Bearer {token}",
        request_id=request_id,
        now=datetime.now(UTC),
    )
    return page.to_json()


async def serve(rt: GatewayRuntime, scope: Scope, send: Send) -> None:
    started = time.perf_counter()
    headers = _headers(scope)
    incoming = headers.get(b"x-request-id", b"").decode("latin-1")
    request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
    scope.setdefault("state", {})["request_id"] = request_id
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    status = 500
    try:
        with structlog.contextvars.bound_contextvars(request_id=request_id):
            limited = rt.settings.rate_limit.enabled
            refusal = rate_limit_refusal(rt, scope, path=ROUTE, token=token) if limited else None
            if refusal is not None:
                status = 429
                own = [(b"x-request-id", request_id.encode()), *_HEADERS]
                await send_rate_limited(send, refusal, path=ROUTE, request_id=request_id, headers=own)
                return
            try:
                body = await _page(rt, scope, token, request_id)
                status = 200
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"x-request-id", request_id.encode()),
                            *_HEADERS,
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
            except ProblemError as exc:
                status = exc.status
                await _problem(exc, scope, send, request_id)
    finally:
        _record(rt.settings.service_name, scope, status, started)


async def _problem(exc: ProblemError, scope: Scope, send: Send, request_id: str) -> None:
    response = problem_response(exc, Request(scope))
    response.headers["x-request-id"] = request_id
    for name, value in _HEADERS:
        response.headers[name.decode()] = value.decode()

    async def receive() -> dict[str, object]:
        return {"type": "http.disconnect"}

    await response(scope, receive, send)


def _record(service: str, scope: Scope, status: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    HTTP_REQUESTS.labels(service, "GET", ROUTE, str(status)).inc()
    HTTP_DURATION.labels(service, "GET", ROUTE).observe(elapsed)
    log.info(
        "request",
        method="GET",
        route=ROUTE,
        status=status,
        duration_ms=round(elapsed * 1000, 2),
        user_id=scope.get("state", {}).get("user_id"),
    )
