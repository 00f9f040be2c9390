"""Pure ASGI middlewares (no per-request task or body copy): dashboard admission, rate limits
and security headers.

Rate limits and headers sit inside the platform's request-context middleware, so a 429 still
carries the request id and appears in the access log. Dashboard admission sits outside
everything: under overload a refusal must cost next to nothing to be answered in time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resugrow_gateway.adapters.downstream import client_ip
from resugrow_gateway.domain.ratelimit import Decision
from resugrow_platform.errors import problem_messages
from resugrow_platform.metrics import HTTP_SHED

if TYPE_CHECKING:
    from resugrow_gateway.runtime import GatewayRuntime

_EXEMPT = frozenset({"/livez", "/readyz", "/metrics"})
# Credential endpoints get a much smaller per-IP budget: they are what password guessers hit.
AUTH_PATHS = frozenset(
    {
        "/v1/auth/token",
        "/v1/auth/register",
        "/v1/auth/refresh",
        "/v1/auth/password-reset",
        "/v1/auth/password-reset/confirm",
        "/v1/auth/verify-email",
    }
)
_DOCS = ("/docs", "/redoc", "/openapi.json")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


_BUSY_START, _BUSY_END = problem_messages(
    503,
    "Service Unavailable",
    "Too many dashboards are being served right now; retry in 1 s.",
    headers=[(b"retry-after", b"1"), (b"cache-control", b"no-store")],
    instance="/v1/dashboard",
)


ADMITTED = "resugrow.dashboard_admitted"


def early_refusal(runtime: GatewayRuntime) -> Callable[[Scope], tuple[Message, Message] | None]:
    """The dashboard's admission decided by the HTTP protocol as soon as a request's head is read
    (resugrow_platform.admission.early_refusal_protocol, used by `resugrow_platform.serve`): a
    refusal is written in that same pass of the event loop, with no task and no pass through the
    application; an admitted request is marked so DashboardAdmission does not count it twice."""
    gate = runtime.page_gate
    shed = HTTP_SHED.labels(runtime.settings.service_name)

    def decide(scope: Scope) -> tuple[Message, Message] | None:
        if scope.get("type") != "http" or scope.get("path") != "/v1/dashboard":
            return None
        if gate.enter():
            scope[ADMITTED] = True
            return None
        shed.inc()
        return _BUSY_START, _BUSY_END

    return decide


class DashboardAdmission:
    """Dashboard pages are admitted while the event loop keeps up (its measured lag within
    `dashboard.max_loop_lag_s`) and fewer than `dashboard.max_pages_in_flight` are served; past
    either a prepared 503 problem + Retry-After, before the token check, the request context and
    the access log. A refusal's own work is ~0.2 ms (py-spy, 3x overload): what made it slow was
    the wait for the loop behind the admitted pages, which the lag bound keeps short, so both
    refusals and admitted pages keep their latency when far more is offered. An admitted GET
    goes to `lane` when one is given (api/dashboard_lane.serve), else down the stack."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        runtime: GatewayRuntime,
        lane: Callable[[GatewayRuntime, Scope, Send], Awaitable[None]] | None = None,
    ) -> None:
        self.app = app
        self.runtime = runtime
        self.lane = lane
        self.gate = runtime.page_gate
        self.shed = HTTP_SHED.labels(runtime.settings.service_name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/v1/dashboard":
            await self.app(scope, receive, send)
            return
        gate = self.gate
        # Admitted already where the request was read (early_refusal), or decided here.
        if not scope.pop(ADMITTED, False) and not gate.enter():
            self.shed.inc()
            await send(_BUSY_START)
            await send(_BUSY_END)
            return
        try:
            if self.lane is not None and scope["method"] == "GET":
                await self.lane(self.runtime, scope, send)
            else:
                await self.app(scope, receive, send)
        finally:
            gate.leave()


def _verified_user(rt: GatewayRuntime, token: str) -> str | None:
    if not token:
        return None
    try:
        # Only a verified subject gets a user bucket; anything else is limited by IP alone.
        return rt.user_for(token)
    except Exception:
        return None


def bearer_token(scope: Scope) -> str:
    scheme, _, token = (_header(scope, b"authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def rate_limit_refusal(rt: GatewayRuntime, scope: Scope, *, path: str, token: str) -> Decision | None:
    """The rate limiter's decision for this request when it refuses it, else None. Credential
    endpoints take from their own per-IP bucket; everything else from the caller's IP and user
    buckets. Shared by the middleware and the dashboard's fast lane."""
    now = rt.clock()
    ip = client_ip(scope, rt.settings.trusted_proxies, rt.settings.trusted_proxy_addresses)
    if path in AUTH_PATHS:
        decision = rt.auth_limiter.take(f"auth:{ip or 'unknown'}", now=now)
    else:
        decision = rt.limiter.check(ip=ip, user_id=_verified_user(rt, token), now=now)
    return None if decision.allowed else decision


async def send_rate_limited(
    send: Send,
    decision: Decision,
    *,
    path: str,
    request_id: str | None,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """A 429 problem with Retry-After and the RateLimit fields (`headers` added after them)."""
    start, body = problem_messages(
        429,
        "Too Many Requests",
        f"Rate limit reached; retry in {decision.retry_after_s} s.",
        headers=[
            (b"retry-after", str(decision.retry_after_s).encode()),
            (b"ratelimit-limit", str(decision.limit).encode()),
            (b"ratelimit-remaining", b"0"),
            *(headers or []),
        ],
        instance=path,
        request_id=request_id,
    )
    await send(start)
    await send(body)


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, runtime: GatewayRuntime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not self.runtime.settings.rate_limit.enabled
            or path in _EXEMPT
            or scope.get("method") == "OPTIONS"
        ):
            await self.app(scope, receive, send)
            return
        refusal = rate_limit_refusal(self.runtime, scope, path=path, token=bearer_token(scope))
        if refusal is None:
            await self.app(scope, receive, send)
            return
        request_id = scope.get("state", {}).get("request_id")
        await send_rate_limited(send, refusal, path=path, request_id=request_id)


_COMMON_HEADERS = [
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
# The API serves data, never pages: nothing may be framed, scripted or loaded from it.
_API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
# What an API answer carries from this middleware (the dashboard's fast lane adds them itself).
API_HEADERS = [*_COMMON_HEADERS, _API_CSP]
_NO_STORE = (b"cache-control", b"no-store")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        extra = list(_COMMON_HEADERS)
        if not path.startswith(_DOCS):  # Swagger UI needs its scripts and styles
            extra.append(_API_CSP)
        if path.startswith(("/v1/auth", "/v1/me")):
            extra.append(_NO_STORE)  # tokens and account data must never sit in a cache

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in extra if k not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
