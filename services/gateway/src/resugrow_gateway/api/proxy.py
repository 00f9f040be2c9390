"""Every service's public API, forwarded unchanged and declared route by route for /docs.

Each declared route carries its own timeout and body limit (domain/routing.py). Paths under a
service's prefix that are not declared (yet) are still forwarded, but kept out of the document.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from resugrow_gateway.api.deps import CurrentUser, problems
from resugrow_gateway.domain.routing import PREFIXES, ROUTES, BodyKind, ProxyRoute, ServiceRule
from resugrow_gateway.runtime import RuntimeDep

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

# Request examples shown in /docs for the routes a new user tries first.
EXAMPLES: dict[str, Any] = {
    "create_resume": {
        "title": "Backend engineer",
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
    "create_resume_variant": {"job_description": "We need a Python engineer with Kubernetes experience."},
    "create_render": {"formats": ["pdf"], "template": "classic", "page_size": "A4"},
    "create_cover_letter": {
        "resume_id": "0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c",
        "company": "Acme",
        "role": "Backend engineer",
    },
    "create_application": {
        "company": "Acme",
        "role": "Backend engineer",
        "stage": "applied",
        "url": "https://jobs.example.com/acme/123",
    },
    "move_application": {"to_stage": "interview"},
    "clip_job": {"url": "https://jobs.example.com/acme/123", "title": "Backend engineer", "company": "Acme"},
    "create_interview": {
        "role": "backend engineer",
        "kinds": ["behavioral", "system_design"],
        "questions": 5,
    },
    "answer_interview_question": {"answer": "In my last role the nightly import kept failing (situation)..."},
    "evaluate_answer": {
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
    if route.operation_id == "create_render":
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


def build_router() -> APIRouter:
    router = APIRouter()
    for route in ROUTES:
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
    rule: ServiceRule
    for rule in PREFIXES:
        fallback = _forwarder(rule.service, rule.timeout_s, rule.max_body_bytes, rule.service)
        for path in (rule.prefix, rule.prefix + "/{rest:path}"):
            router.add_api_route(
                path,
                fallback,
                methods=_METHODS,
                include_in_schema=False,
                name=f"forward_{rule.service}_{rule.prefix.strip('/').replace('/', '_')}"
                f"{'' if path == rule.prefix else '_any'}",
            )
    return router
