"""Routes the gateway answers itself by combining services: the dashboard, jobs, live events.

`GET /v1/dashboard` is served by `DashboardDispatch` (pure ASGI, before FastAPI's router) with the
same rules as the declared route, which stays for the OpenAPI document: on the read-model path
FastAPI's routing, dependency solving and response-model validation were about half of the
gateway's CPU per page (profiled: 2.8 ms in all).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Path, Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from resugrow_gateway.adapters.stream_hub import CLOSE, TooManyStreams
from resugrow_gateway.api.deps import CurrentUser, RuntimeDep, problems
from resugrow_gateway.api.schemas import DashboardOut, JobOut
from resugrow_gateway.domain.stream import STREAMED
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.use_cases import dashboard, jobs
from resugrow_platform import ProblemError
from resugrow_platform.errors import problem_response

router = APIRouter()


def _bearer(request: Request) -> str:
    return request.headers.get("authorization", "")


@router.get(
    "/v1/dashboard",
    operation_id="get_dashboard",
    response_model=DashboardOut,
    tags=["dashboard"],
    summary="Everything at a glance, gathered from every service",
    description=(
        "Sections come from the gateway's read model (`source: read_model`): current when nothing "
        "changed them since they were fetched and they are at most 5 minutes old; a stored section "
        "that a change made out of date is shown with `stale: true` while it is fetched again in the "
        "background. Sections changed by a write of yours through the gateway, missing ones and very "
        "old ones are fetched from their service for the page (`source: live`), concurrently, each under its own "
        "deadline inside an overall deadline (250 ms by default). `as_of`/`age_s` say how old each "
        "section is. The answer is 200 with every section: a section that failed is `degraded` (your "
        "last good copy, `stale: true`) or `unavailable`, and `partial` is true. When too many "
        "dashboards are being served the answer is a fast 503 with `Retry-After`."
    ),
    responses=problems(401, 429, 503),
)
async def get_dashboard(request: Request, user: CurrentUser, gw: RuntimeDep) -> dict[str, Any]:
    return await dashboard.get_dashboard(
        gw,
        user_id=user.user_id,
        authorization=_bearer(request),
        request_id=getattr(request.state, "request_id", None),
        now=datetime.now(UTC),
    )


@router.get(
    "/v1/jobs/{job_id}",
    operation_id="get_job",
    response_model=JobOut,
    tags=["jobs"],
    summary="Progress of asynchronous work: a render job or a scan",
    description=(
        "A job id is a render id (from `POST /v1/resumes/{id}/renders` with several formats) "
        "or a scan id. `result` is the owning service's own document; `href` points at it."
    ),
    responses=problems(401, 404, 429, 503),
)
async def get_job(
    request: Request,
    user: CurrentUser,
    gw: RuntimeDep,
    job_id: str = Path(max_length=128, examples=["0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c"]),
) -> dict[str, Any]:
    return await jobs.get_job(
        gw,
        job_id=job_id,
        authorization=_bearer(request),
        request_id=getattr(request.state, "request_id", None),
    )


_STREAM_DOC = (
    "Server-sent events with your own completion events as they happen: "
    + ", ".join(f"`{name}`" for name in STREAMED.values())
    + ". Each `data:` line is JSON `{id, type, subject, time, data}`; the `id` is the event id. "
    "Send the bearer token in the Authorization header (use a fetch-based SSE client). "
    "A comment ping keeps idle connections open."
)


@router.get(
    "/v1/events/stream",
    operation_id="stream_events",
    tags=["jobs"],
    summary="Live updates (SSE)",
    description=_STREAM_DOC,
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "An endless `text/event-stream`.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **problems(401, 429),
    },
)
async def stream_events(request: Request, user: CurrentUser, gw: RuntimeDep) -> EventSourceResponse:
    if not gw.hub.can_connect(user.user_id):
        raise ProblemError(
            429,
            "Too Many Requests",
            "Too many open event streams for this account.",
            headers={"Retry-After": "10"},
        )

    async def events() -> AsyncIterator[ServerSentEvent]:
        # Registered only while the generator runs, so a dropped connection always unregisters.
        try:
            with gw.hub.subscribe(user.user_id) as queue:
                yield ServerSentEvent(comment="connected")
                while True:
                    message = await queue.get()
                    if message is CLOSE:
                        return
                    yield ServerSentEvent(data=message.sse_data(), event=message.name, id=message.event_id)
        except TooManyStreams:
            return

    return EventSourceResponse(
        events(),
        ping=int(gw.settings.stream.ping_s),
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@dataclass(frozen=True)
class _RouteName:
    """What the access log and metrics read from scope["route"]."""

    path: str


_DASHBOARD_ROUTE = _RouteName("/v1/dashboard")


class DashboardDispatch:
    """Serves `GET /v1/dashboard` without FastAPI's routing and dependency solving (same token
    check as every route, same use case, same answer as the declared route)."""

    def __init__(self, app: ASGIApp, *, runtime: GatewayRuntime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/v1/dashboard" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        scope["route"] = _DASHBOARD_ROUTE
        request = Request(scope, receive)
        gw = self.runtime
        try:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            principal = gw.authenticate(token.strip() if scheme.lower() == "bearer" else None)
            scope.setdefault("state", {})["user_id"] = principal.user_id
            page = await dashboard.dashboard_page(
                gw,
                user_id=principal.user_id,
                authorization=request.headers.get("authorization", ""),
                request_id=scope.get("state", {}).get("request_id"),
                now=datetime.now(UTC),
            )
            # Built from the stored summaries' own text: nothing decoded and encoded again.
            response: Response = Response(page.to_json(), media_type="application/json")
        except ProblemError as exc:
            response = problem_response(exc, request)
        await response(scope, receive, send)
