"""Every service and the gateway on real loopback servers, with the real local broker and database
(the test plugin's `service_settings` and `serve_app`), for the contract tests that need them."""

from __future__ import annotations

import contextlib
import importlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx

from resugrow_gateway.domain.routing import ROUTES
from resugrow_gateway.main import create_app as create_gateway
from resugrow_gateway.settings import GatewaySettings

# Service-specific settings the tests need (render in-process, no worker pool).
OVERRIDES: dict[str, dict[str, Any]] = {"resume": {"render_processes": -1}}


def _settings_class(name: str) -> Any:
    module = importlib.import_module(f"resugrow_{name}.settings")
    return next(
        value
        for key, value in vars(module).items()
        if key.lower() == f"{name}settings" and isinstance(value, type)
    )


@contextlib.asynccontextmanager
async def live_stack(
    service_settings: Any, serve_app: Any, **gateway_overrides: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, Any]]]:
    kafka = {"topic_prefix": f"c{uuid.uuid4().hex[:8]}."}
    names = sorted({route.service for route in ROUTES})
    apps: dict[str, Any] = {}
    for name in names:
        create = importlib.import_module(f"resugrow_{name}.main").create_app
        apps[name] = create(service_settings(_settings_class(name), kafka=kafka, **OVERRIDES.get(name, {})))
    async with contextlib.AsyncExitStack() as stack:
        urls = {name: await stack.enter_async_context(serve_app(app)) for name, app in apps.items()}
        gateway = create_gateway(
            service_settings(
                GatewaySettings,
                kafka=kafka,
                services=urls,
                passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
                dashboard={"overall_deadline_s": 2.0, "section_deadline_s": 1.5},
                mail={"enabled": False},
                **gateway_overrides,
            )
        )
        apps["gateway"] = gateway
        base = await stack.enter_async_context(serve_app(gateway))
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            yield client, apps


async def signed_in(client: httpx.AsyncClient) -> dict[str, str]:
    email, password = f"c-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery staple 42"
    created = await client.post("/v1/auth/register", json={"email": email, "password": password})
    assert created.status_code == 201, created.text
    token = await client.post("/v1/auth/token", data={"username": email, "password": password})
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}
