"""The dashboard's fast lane on a real gateway (no CORS configured, so admitted pages take it) with
the real broker and database: the same page, checks and bookkeeping as the middleware stack."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from gateway_stubs import Stubs, ThreadServer
from gateway_support import Gateway, sign_up
from pymongo import MongoClient

from resugrow_gateway.domain.dashboard import SECTIONS as SECTION_NAMES
from resugrow_gateway.main import create_app
from resugrow_gateway.settings import GatewaySettings
from resugrow_platform.metrics import REGISTRY

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def lane_gateway(stubs: Stubs, service_settings: Any) -> Iterator[Gateway]:
    settings = service_settings(
        GatewaySettings,
        services=stubs.urls,
        passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
        rate_limit={"per_user_rate_per_s": 0.01, "per_user_burst": 6},
        mail={"enabled": False},
        dashboard={"prefetch_at_sign_in": False},  # the first page is checked live (see conftest)
    )
    assert settings.dashboard.fast_lane and not settings.cors.allow_origins
    app = create_app(settings)
    server = ThreadServer(app)
    server.start()
    yield Gateway(settings, server.url, app)
    server.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def lane_client(lane_gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=lane_gateway.url, timeout=20) as client:
        yield client


async def test_the_lane_serves_live_then_stored_pages_with_the_usual_headers_and_limits(
    lane_client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann = await sign_up(lane_client)
    first = await lane_client.get("/v1/dashboard", headers={**ann.headers, "X-Request-ID": "lane-1"})
    assert first.status_code == 200 and first.headers["x-request-id"] == "lane-1"
    assert first.headers["content-security-policy"].startswith("default-src 'none'")
    assert first.headers["x-frame-options"] == "DENY"
    body = first.json()
    assert body["partial"] is False and body["sections"]["ats"]["data"]["user_id"] == ann.user_id
    for _ in range(20):  # the first page's answers are stored in the background
        await asyncio.sleep(0.1)
        calls = stubs.states["ats"].summary_calls
        stored = (await lane_client.get("/v1/dashboard", headers=ann.headers)).json()
        if all(s["source"] == "read_model" for s in stored["sections"].values()):
            break
    assert all(s["source"] == "read_model" for s in stored["sections"].values()), stored
    assert stubs.states["ats"].summary_calls == calls  # no service called for a stored page
    # a bad token is a 401 problem; past the per-user burst a 429 with Retry-After
    bad = await lane_client.get("/v1/dashboard", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.headers["content-type"] == "application/problem+json"
    statuses = [(await lane_client.get("/v1/dashboard", headers=ann.headers)).status_code for _ in range(8)]
    assert 429 in statuses
    limited = await lane_client.get("/v1/dashboard", headers=ann.headers)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    # the pages are counted in the RED metrics like any route's
    labels = {"service": "gateway", "method": "GET", "route": "/v1/dashboard"}
    assert (REGISTRY.get_sample_value("http_requests_total", {**labels, "status": "429"}) or 0) >= 2
    assert (REGISTRY.get_sample_value("http_requests_total", {**labels, "status": "401"}) or 0) >= 1


@pytest.fixture(scope="module")
def prefetch_gateway(stubs: Stubs, service_settings: Any) -> Iterator[Gateway]:
    settings = service_settings(
        GatewaySettings,
        services=stubs.urls,
        passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
        mail={"enabled": False},
    )
    assert settings.dashboard.prefetch_at_sign_in
    app = create_app(settings)
    server = ThreadServer(app)
    server.start()
    yield Gateway(settings, server.url, app)
    server.stop()


async def test_sections_fetched_at_sign_in_answer_the_first_page_from_the_read_model(
    prefetch_gateway: Gateway,
) -> None:
    settings = prefetch_gateway.settings
    sections = MongoClient(settings.mongo.url.get_secret_value())[settings.mongo.database][
        "dashboard_sections"
    ]
    async with httpx.AsyncClient(base_url=prefetch_gateway.url, timeout=20) as client:
        ann = await sign_up(client)
        stored: dict[str, Any] = {}
        for _ in range(100):  # the background fetches and their one write, after the sign-in answered
            stored = (await asyncio.to_thread(sections.find_one, {"_id": ann.user_id})) or {}
            if set(stored.get("s", {})) == set(SECTION_NAMES):
                break
            await asyncio.sleep(0.05)
        assert set(stored.get("s", {})) == set(SECTION_NAMES)
        page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert {s["source"] for s in page["sections"].values()} == {"read_model"}
    assert page["partial"] is False
