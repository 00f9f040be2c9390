"""Liveness never checks dependencies (a DB outage must not restart every pod); readiness does."""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from resugrow_platform.errors import ProblemError
from resugrow_platform.metrics import REGISTRY

health_router = APIRouter(tags=["health"])


@health_router.get("/livez", operation_id="livez", include_in_schema=False)
async def livez() -> dict[str, str]:
    return {"status": "ok"}


async def _check(coro: Any, timeout: float = 1.5) -> str:
    try:
        await asyncio.wait_for(coro, timeout)
        return "ok"
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}"


@health_router.get("/readyz", operation_id="readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    platform = request.app.state.platform
    if not platform.started:
        return JSONResponse({"status": "starting"}, status_code=503)
    checks = {
        "mongo": await _check(platform.mongo.admin.command("ping")),
        "kafka": await _check(_kafka_ping(platform)),
    }
    if platform.subscriptions:
        checks["consumers"] = (
            "stalled" if platform.consumers_stalled else "ok" if platform.consumers_started else "starting"
        )
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks}, status_code=200 if ready else 503
    )


async def _kafka_ping(platform: Any) -> None:
    if not await platform.broker.ping(timeout=1.0):
        raise ConnectionError("broker did not answer")


def metrics_allowed(settings: Any, authorization: str) -> bool:
    token = getattr(settings, "metrics_token", None)
    if token is not None and token.get_secret_value():
        scheme, _, presented = authorization.partition(" ")
        expected = token.get_secret_value().encode()
        return scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), expected)
    return bool(getattr(settings, "metrics_public", True))


@health_router.get("/metrics", operation_id="metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    settings = request.app.state.platform.settings
    if not metrics_allowed(settings, request.headers.get("authorization", "")):
        # 404, not 401: a public listener does not advertise that metrics exist.
        raise ProblemError(404, "Not Found", "The resource does not exist.")
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
