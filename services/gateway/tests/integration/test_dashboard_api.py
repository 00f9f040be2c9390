"""The combined dashboard against stub services that answer, slow down, fail and stop."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from gateway_stubs import Stubs
from gateway_support import Gateway, sign_up

from resugrow_gateway.domain.breaker import BreakerState

pytestmark = pytest.mark.integration
SECTIONS = {"resume", "ats", "interview", "linkedin", "tracker", "career"}


async def test_all_sections_ok_with_the_users_own_data(client: httpx.AsyncClient) -> None:
    ann = await sign_up(client)
    await client.post("/v1/ats/scans", json={}, headers=ann.headers)
    page = await client.get("/v1/dashboard", headers=ann.headers)
    assert page.status_code == 200
    body = page.json()
    assert body["partial"] is False and set(body["sections"]) == SECTIONS
    for name, section in body["sections"].items():
        assert section["status"] == "ok" and section["stale"] is False
        assert section["data"]["service"] == name and section["data"]["user_id"] == ann.user_id
    assert body["sections"]["ats"]["data"]["count"] == 1


async def test_a_stopped_service_is_unavailable_and_the_page_still_answers_in_time(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann = await sign_up(client)
    stubs.servers["linkedin"].stop()
    try:
        for _ in range(3):
            started = time.perf_counter()
            page = await client.get("/v1/dashboard", headers=ann.headers)
            elapsed = time.perf_counter() - started
            assert page.status_code == 200 and elapsed < 2.0  # generous: timing belongs in bench/
            body = page.json()
            assert body["partial"] is True
            assert body["sections"]["linkedin"]["status"] == "unavailable"
            assert body["sections"]["linkedin"]["reason"] in ("unreachable", "circuit_open")
            assert all(body["sections"][n]["status"] == "ok" for n in SECTIONS - {"linkedin"})
    finally:
        stubs.servers["linkedin"].start()


async def test_slow_section_times_out_and_last_good_copy_is_served_stale(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    fresh = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert fresh["sections"]["interview"]["status"] == "ok"
    stubs.states["interview"].delay_s = 1.0
    started = time.perf_counter()
    page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert time.perf_counter() - started < 1.0  # did not wait for the slow service
    section = page["sections"]["interview"]
    assert section["status"] == "degraded" and section["stale"] is True and section["reason"] == "timeout"
    assert section["data"] == fresh["sections"]["interview"]["data"]
    assert page["partial"] is True
    # Bob never sees Ann's cached copy: he has none, so his section is unavailable
    bobs = (await client.get("/v1/dashboard", headers=bob.headers)).json()
    assert bobs["sections"]["interview"]["status"] == "unavailable"
    assert ann.user_id not in str(bobs)


async def test_breaker_stops_calling_a_failing_service_then_probes_and_recovers(
    client: httpx.AsyncClient, stubs: Stubs, gateway: Gateway
) -> None:
    ann = await sign_up(client)
    breaker = gateway.app.state.gateway.breakers["tracker"]
    stubs.states["tracker"].mode = "error"
    for _ in range(20):  # every call fails: the failure rate reaches the threshold quickly
        await client.get("/v1/dashboard", headers=ann.headers)
        if breaker.state == BreakerState.OPEN:
            break
    assert breaker.state == BreakerState.OPEN
    stubs.states["tracker"].mode = "normal"
    calls = stubs.states["tracker"].summary_calls
    page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert page["sections"]["tracker"]["reason"] == "circuit_open"
    assert stubs.states["tracker"].summary_calls == calls  # not called while open
    await asyncio.sleep(1.1)  # breaker_reset_s = 1
    page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert page["sections"]["tracker"]["status"] == "ok"
    assert breaker.state == BreakerState.CLOSED


async def test_dashboard_needs_a_valid_token(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/dashboard")
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
