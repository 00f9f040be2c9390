"""Every service's public API, forwarded unchanged and declared route by route for /docs.

Each declared route carries its own timeout and body limit (domain/routing.py). Paths under a
service's prefix that are not declared (yet) are still forwarded with the prefix's limits, but
are not in the document.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from resugrow_gateway.api.deps import CurrentUser, RuntimeDep, problems
from resugrow_gateway.domain.dashboard_events import WRITE_METHODS
from resugrow_gateway.domain.routing import ROUTES, BodyKind, ProxyRoute, RouteTable
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.use_cases import dashboard_upkeep
from resugrow_platform import ProblemError
from resugrow_platform.errors import problem_response

_ANY_JSON: dict[str, Any] = {}  # any JSON value: each service documents its own shapes
_FILE_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png",
    "text/html",
    "text/markdown",
    "text/plain",
    "text/csv",
    "application/zip",
)
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]

# Request examples shown in /docs for the routes a new user tries first. Each is sent to its real
# service by tests/contract/test_api_examples.py, which must accept it; the resume id is replaced
# by a real one there.
EXAMPLE_RESUME_ID = "0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c"
EXAMPLES: dict[str, Any] = {
    "create_resume": {
        "title": "Backend engineer",
        "resume": {
            "basics": {"name": "Ann Lee", "label": "Backend engineer", "email": "ann.lee@example.com"},
            "work": [
                {
                    "name": "Acme",
                    "position": "Engineer",
                    "startDate": "2022-01",
                    "highlights": ["Cut p99 latency by 40% by caching hot queries"],
                }
            ],
            "skills": [{"name": "Python"}, {"name": "Kubernetes"}],
        },
    },
    "create_variant": {
        "title": "Acme backend engineer",
        "job": {"title": "Backend engineer", "company": "Acme", "url": "https://jobs.example.com/acme/123"},
    },
    "render_resume": {"format": "pdf", "template": "classic", "page_size": "a4"},
    "create_cover_letter": {
        "resume_id": EXAMPLE_RESUME_ID,
        "company": "Acme",
        "job_title": "Backend engineer",
        "paragraphs": [
            "I would like to join Acme as a backend engineer.",
            "At my last job I cut p99 latency by 40% by caching hot queries.",
        ],
    },
    "create_application": {
        "company": "Acme",
        "role": "Backend engineer",
        "stage": "applied",
        "job_url": "https://jobs.example.com/acme/123",
    },
    "move_application": {"to": "interviewing", "note": "Phone screen booked"},
    "clip_job": {
        "url": "https://jobs.example.com/acme/123",
        "html": "<html><head><title>Backend engineer - Acme</title></head><body><h1>Backend engineer</h1>"
        "<p>Acme is hiring a backend engineer to build Python services.</p></body></html>",
    },
    "start_interview_session": {"role": "software", "level": "mid", "types": ["behavioral"], "count": 3},
    "answer_interview_question": {
        "answer": "In my last role the nightly import kept failing (situation). I was asked to fix it "
        "(task). I added retries and alerts and rewrote the parser (action), and failures fell "
        "from weekly to none in three months (result)."
    },
    "evaluate_interview_answer": {
        "question": "Tell me about a conflict in your team.",
        "answer": "Our team disagreed on a release date; I listed the risks and we agreed...",
    },
}


def _request_body(route: ProxyRoute) -> dict[str, Any] | None:
    json_content: dict[str, Any] = {"schema": {"type": "object"}}
    if route.operation_id in EXAMPLES:
        json_content["example"] = EXAMPLES[route.operation_id]
    upload = {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary"},
                "job_description": {"type": "string"},
                "application_id": {"type": "string"},
            },
        }
    }
    limit = f"At most {route.body_limit // 1024} KiB."
    content: dict[str, Any]
    if route.body == BodyKind.JSON:
        content = {"application/json": json_content}
    elif route.body == BodyKind.UPLOAD:
        content = {"multipart/form-data": upload}
    elif route.body == BodyKind.JSON_OR_UPLOAD:
        content = {"multipart/form-data": upload, "application/json": json_content}
    elif route.body == BodyKind.DOCUMENT:
        content = {
            "application/json": json_content,
            "application/yaml": {"schema": {"type": "string"}},
            "multipart/form-data": upload,
        }
    else:
        return None
    return {"required": True, "description": limit, "content": content}


def _openapi_extra(route: ProxyRoute) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 128}}
        for name in route.path_params
    ]
    params += [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in route.query
    ]
    extra: dict[str, Any] = {"parameters": params}
    body = _request_body(route)
    if body is not None:
        extra["requestBody"] = body
    return extra


def _responses(route: ProxyRoute) -> dict[int | str, dict[str, Any]]:
    success: dict[str, Any] = {"description": route.summary}
    if route.status_code != 204:
        content: dict[str, Any] = {"application/json": {"schema": _ANY_JSON}}
        if route.binary:
            content.update(
                {media: {"schema": {"type": "string", "format": "binary"}} for media in _FILE_TYPES}
            )
        success["content"] = content
    out: dict[int | str, dict[str, Any]] = {route.status_code: success}
    if route.operation_id == "render_resume":
        out[202] = {
            "description": "Several formats: a render job (poll `GET /v1/jobs/{id}` or listen on the "
            "event stream).",
            "content": {"application/json": {"schema": _ANY_JSON}},
        }
    codes = [400, 401, 404, 409, 422, 429, 502, 503, 504]
    if route.body != BodyKind.NONE:
        codes += [413, 415]
    out.update(problems(*sorted(codes)))
    return out


def _forwarder(
    service: str, timeout_s: float, body_limit: int, key: str
) -> Callable[..., Awaitable[Response]]:
    async def forward(request: Request, user: CurrentUser, gw: RuntimeDep) -> Response:
        timeout = gw.settings.route_timeouts.get(key, timeout_s)
        return await gw.downstreams.forward(
            request,
            service=service,
            timeout_s=timeout,
            max_body_bytes=body_limit,
            trusted_proxies=gw.settings.trusted_proxies,
        )

    return forward


def build_doc_router() -> APIRouter:
    """The declared routes, for the OpenAPI document. `ProxyDispatch` serves the same paths with
    the same rules before FastAPI's router is reached; these endpoints behave identically if it
    is ever taken out."""
    router = APIRouter()
    for route in ROUTES:
        if route.composed:
            continue  # its own router (api/writing.py) documents and serves it
        router.add_api_route(
            route.path,
            _forwarder(route.service, route.timeout, route.body_limit, route.operation_id),
            methods=[route.method],
            operation_id=route.operation_id,
            summary=route.summary,
            tags=[route.service],
            status_code=route.status_code,
            response_class=Response,
            responses=_responses(route),
            openapi_extra=_openapi_extra(route),
        )
    return router


@dataclass(frozen=True)
class _RouteName:
    """What the access log and metrics read from scope["route"]: the template, never raw ids."""

    path: str


class ProxyDispatch:
    """Pure ASGI: forwards every path a service owns without FastAPI routing or dependency solving
    (those cost about a millisecond per call with ~50 declared routes). Same rules as the
    declared routes: the caller must hold a valid token; per-route timeout and body limit."""

    def __init__(self, app: ASGIApp, *, runtime: GatewayRuntime) -> None:
        self.app = app
        self.runtime = runtime
        self.table = RouteTable(ROUTES)
        self._names: dict[str, _RouteName] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = self.table.match(scope["method"], scope["path"])
        if found is None:
            await self.app(scope, receive, send)
            return
        rule, route = found
        template = route.path if route is not None else rule.prefix + "/*"
        scope["route"] = self._names.setdefault(template, _RouteName(template))
        request = Request(scope, receive)
        gw = self.runtime
        try:
            if route is None or not route.public:
                scheme, _, token = request.headers.get("authorization", "").partition(" ")
                principal = gw.authenticate(token.strip() if scheme.lower() == "bearer" else None)
                scope.setdefault("state", {})["user_id"] = principal.user_id
            if route is not None:
                timeout = gw.settings.route_timeouts.get(route.operation_id, route.timeout)
                limit = route.body_limit
            else:
                timeout = gw.settings.route_timeouts.get(rule.service, rule.timeout_s)
                limit = rule.max_body_bytes
            response = await gw.downstreams.forward(
                request,
                service=rule.service,
                timeout_s=timeout,
                max_body_bytes=limit,
                trusted_proxies=gw.settings.trusted_proxies,
            )
            user_id = scope.get("state", {}).get("user_id")
            if user_id and response.status_code < 400 and scope["method"] in WRITE_METHODS:
                # Read-your-writes: the section is marked out of date before the answer leaves.
                await dashboard_upkeep.on_write(
                    gw,
                    user_id=user_id,
                    service=rule.service,
                    method=scope["method"],
                    operation_id=route.operation_id if route is not None else None,
                    authorization=request.headers.get("authorization"),
                )
        except ProblemError as exc:
            response = problem_response(exc, request)
        except Exception:
            gw.platform.log.exception("proxy_error", route=template)
            response = problem_response(
                ProblemError(500, "Internal Server Error", "An unexpected error occurred."), request
            )
        await response(scope, receive, send)
