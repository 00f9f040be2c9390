"""Composition root: settings -> runtime (clients, limiter, breakers) -> middlewares -> routers."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.middleware import Middleware

from resugrow_events import UserDeletedV1, UserRegisteredV1
from resugrow_gateway import handlers
from resugrow_gateway.adapters.dashboard_store import ensure_dashboard_indexes
from resugrow_gateway.adapters.repositories import ensure_indexes
from resugrow_gateway.api import accounts, combined, dashboard_lane, proxy, security, writing
from resugrow_gateway.api.openapi_doc import build_openapi
from resugrow_gateway.domain.errors import InvalidCredentials
from resugrow_gateway.middleware import (
    DashboardAdmission,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
    early_refusal,
)
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases import dashboard_upkeep
from resugrow_platform import ServicePlatform, Unauthorized
from resugrow_platform.errors import problem_response

DESCRIPTION = """
The one public API of Resugrow. Register with `POST /v1/auth/register`, then press **Authorize**
and sign in with your e-mail address and password. Every route answers errors as RFC 9457
`application/problem+json`; another user's items are always 404. Limits: per user and per IP
(429 with `Retry-After`), 1 MB JSON bodies, 10 MB uploads.
"""

TAGS = [
    {
        "name": "accounts",
        "description": "Registration, tokens (OAuth2 password flow, rotating refresh tokens), e-mail "
        "verification, password reset and change, sessions.",
    },
    {"name": "dashboard", "description": "Every service's summary in one call, degrading per section."},
    {"name": "jobs", "description": "Asynchronous work: job status and live server-sent events."},
    {"name": "resume", "description": "Resumes, versions, variants, renders, templates, cover letters."},
    {"name": "ats", "description": "ATS scans and resume parsing."},
    {"name": "interview", "description": "Interview practice sessions and answer evaluation."},
    {"name": "linkedin", "description": "LinkedIn profile reviews."},
    {"name": "tracker", "description": "Applications pipeline, reminders, analytics, activity."},
    {
        "name": "career",
        "description": "Occupations, career paths, offers and negotiation, skills guides, glossary.",
    },
]


def cors_middleware(settings: GatewaySettings) -> Middleware:
    return Middleware(
        CORSMiddleware,
        allow_origins=settings.cors.allow_origins,
        allow_credentials=settings.cors.allow_credentials,
        allow_methods=["*"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID", "Last-Event-ID"],
        expose_headers=["X-Request-ID", "Retry-After", "Location", "Content-Disposition"],
        max_age=settings.cors.max_age_s,
    )


def create_app(settings: GatewaySettings | None = None) -> Any:
    settings = settings or GatewaySettings()
    platform: ServicePlatform[GatewaySettings] = ServicePlatform(
        settings,
        title="Resugrow API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        tombstones_in_background=True,  # synchronous token checks on every request
    )
    runtime = GatewayRuntime(settings, platform)
    app = platform.app
    app.state.gateway = runtime

    async def on_invalid_credentials(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(Unauthorized(str(exc)), request)

    app.add_exception_handler(InvalidCredentials, on_invalid_credentials)

    platform.publishes(UserRegisteredV1, UserDeletedV1)
    platform.on_startup(ensure_indexes_hook)
    platform.on_startup(runtime.start)
    platform.on_shutdown(runtime.stop)
    handlers.subscribe(platform, runtime)
    platform.background(erasure_sweep(runtime))

    platform.include_router(accounts.router)
    platform.include_router(security.router)
    platform.include_router(combined.router)
    platform.include_router(writing.router)
    doc_router = proxy.build_doc_router()

    # Appended, so they run inside the platform's request-context middleware (request id, access log).
    app.user_middleware.append(Middleware(SecurityHeadersMiddleware))
    if settings.cors.allow_origins:
        app.user_middleware.append(cors_middleware(settings))
    app.user_middleware.append(Middleware(RateLimitMiddleware, runtime=runtime))
    if settings.runs_api:
        app.user_middleware.append(Middleware(proxy.ProxyDispatch, runtime=runtime))
        app.user_middleware.append(Middleware(combined.DashboardDispatch, runtime=runtime))
        admit_dashboards_first(app, runtime)

    def openapi() -> dict[str, Any]:
        if not app.openapi_schema:
            app.openapi_schema = build_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=[*app.routes, *doc_router.routes],
                tags=TAGS,
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def erasure_sweep(runtime: GatewayRuntime) -> Any:
    async def sweep_erased_sections(_: ServicePlatform) -> None:
        await dashboard_upkeep.sweep_forever(runtime)

    return sweep_erased_sections


def admit_dashboards_first(app: Any, runtime: GatewayRuntime) -> None:
    """Dashboard admission wraps the whole application, outside even the tracing middleware the
    platform installs around the stack (a span, a scan of every route for its name: most of the
    CPU a refusal cost, profiled with py-spy), the request context and the access log: under
    overload a refusal must cost next to nothing to be answered in time. Admitted pages take the
    fast lane (api/dashboard_lane.py) unless CORS is configured or the lane is turned off."""
    build_stack = app.build_middleware_stack
    d, cors = runtime.settings.dashboard, runtime.settings.cors
    lane = dashboard_lane.serve if d.fast_lane and not cors.allow_origins else None

    def build_with_admission() -> Any:
        return DashboardAdmission(build_stack(), runtime=runtime, lane=lane)

    app.build_middleware_stack = build_with_admission
    # ... and, served by resugrow_platform.serve, decided as the request is read (no task for a
    # refusal): on a busy loop that task's wait was half of a refusal's latency (issue 16).
    app.state.early_refusal = early_refusal(runtime)


async def ensure_indexes_hook(platform: ServicePlatform) -> None:
    await ensure_indexes(platform.db)
    await ensure_dashboard_indexes(platform.db)
