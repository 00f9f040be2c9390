"""ASGI middleware: request ids, access logs, RED metrics, request size limits, security headers."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pymongo
import structlog
from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resugrow_domain.safeparse import JsonPolicyError
from resugrow_domain.safeparse import loads as policy_loads
from resugrow_platform import context as ctx
from resugrow_platform.errors import PROBLEM_JSON
from resugrow_platform.metrics import HTTP_DURATION, HTTP_REQUESTS

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_QUIET = {"/livez", "/readyz", "/metrics"}
log = structlog.get_logger("resugrow.http")


class _TooLarge(Exception):
    pass


def _name_span(scope: Scope) -> None:
    """The server span, named by the method alone until now (telemetry._span_details), takes
    the route template once routed: before the answer starts, which ends the span."""
    template = getattr(scope.get("route"), "path", None)
    if template:
        span = trace.get_current_span()
        if span.is_recording():
            span.update_name(f"{scope.get('method', '')} {template}")
            span.set_attribute("http.route", template)


def _limited(receive: Receive, limit: int) -> Receive:
    """The body as it arrives, cut off past `limit` bytes (a missing or false Content-Length)."""
    received = 0

    async def limited_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
        return message

    return limited_receive


def _with_headers(send: Send, scope: Scope, request_id: str, status_holder: dict[str, int]) -> Send:
    """Every answer carries its request id and the safety headers; the status is kept for the log."""

    async def send_wrapper(message: Message) -> None:
        if message["type"] == "http.response.start":
            status_holder["status"] = message["status"]
            _name_span(scope)
            extra = [
                (b"x-request-id", request_id.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"no-referrer"),
                (b"x-frame-options", b"DENY"),
            ]
            message["headers"] = list(message.get("headers", [])) + extra
        await send(message)

    return send_wrapper


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, service: str, max_body: int, db_timeout_s: float = 0.0) -> None:
        self.app = app
        self.service = service
        self.max_body = max_body
        self.db_timeout_s = db_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode(errors="replace") for k, v in scope.get("headers", [])}
        incoming = headers.get("x-request-id", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = ctx.correlation_id.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}
        limit = scope.get("state", {}).get("max_body", self.max_body)
        try:
            declared = headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise _TooLarge
            # Every database call of the request shares one deadline (PyMongo's client-side
            # operation timeout), so a database that is down or paused gives a fast 503 instead
            # of requests piling up behind socket timeouts.
            with pymongo.timeout(self.db_timeout_s or None):
                await self.app(
                    scope, _limited(receive, limit), _with_headers(send, scope, request_id, status_holder)
                )
        except _TooLarge:
            status_holder["status"] = 413
            await _send_problem(
                send, 413, "Content Too Large", f"The request body exceeds {limit} bytes.", request_id
            )
        finally:
            self._finish(scope, scope.get("path", ""), status_holder["status"], started)
            ctx.correlation_id.reset(token)
            structlog.contextvars.unbind_contextvars("request_id")

    def _finish(self, scope: Scope, path: str, status: int, started: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or ("unmatched" if status == 404 else path)
        elapsed = time.perf_counter() - started
        method = scope.get("method", "")
        HTTP_REQUESTS.labels(self.service, method, template, str(status)).inc()
        HTTP_DURATION.labels(self.service, method, template).observe(elapsed)
        if path not in _QUIET:
            user_id = scope.get("state", {}).get("user_id")
            log.info(
                "request",
                method=method,
                route=template,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                user_id=user_id,
            )


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class JsonBodyPolicyMiddleware:
    """Every JSON request body meets the platform's JSON policy (resugrow_domain.safeparse)
    before any route sees it, whether FastAPI or the route's own code parses it: a lone
    surrogate, NaN, a 5,000-digit integer or 10,000 nested arrays is a 400 here, never a 500
    later. Runs inside RequestContextMiddleware, whose size limit bounds what is buffered.
    Malformed JSON is left to the route (its 4xx names the field)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        content_type = ""
        for key, value in scope.get("headers", ()):
            if key.lower() == b"content-type":
                content_type = value.decode("latin-1")
                break
        if not _is_json(content_type):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # the client went away: hand what happened to the app unchanged
                await self.app(scope, _replay([], message, receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body.strip():
            try:
                policy_loads(body)
            except JsonPolicyError as exc:
                if type(exc) is JsonPolicyError:  # a policy refusal, not a syntax error
                    request_id = scope.get("state", {}).get("request_id", "")
                    await _send_problem(
                        send, 400, "Bad Request", f"The JSON body is refused: {exc.msg}.", request_id
                    )
                    return
            except ValueError:
                pass  # malformed JSON: the route answers its own 4xx
        await self.app(scope, _replay([body], None, receive), send)


def _replay(chunks: list[bytes], then: Message | None, receive: Receive) -> Receive:
    pending = list(chunks)
    final = then

    async def replayed() -> Message:
        nonlocal final
        if pending:
            return {"type": "http.request", "body": pending.pop(0), "more_body": bool(pending)}
        if final is not None:
            message, final = final, None
            return message
        return await receive()  # after the body: the real disconnect, when it happens

    return replayed


async def _send_problem(send: Send, status: int, title: str, detail: str, request_id: str) -> None:
    import json

    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, "request_id": request_id}
    ).encode()
    headers: list[Any] = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
