"""The combined dashboard against stub services that answer, slow down, fail and stop."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from gateway_stubs import Stubs
from gateway_support import Account, Gateway, sign_up

from resugrow_events import AtsScanCompletedV1
from resugrow_gateway.domain.breaker import BreakerState

pytestmark = pytest.mark.integration
SECTIONS = {"resume", "ats", "interview", "linkedin", "tracker", "career"}


async def _stored_page(client: httpx.AsyncClient, account: Account) -> dict[str, Any]:
    """Pages until every section comes from the read model (the first page's answers are stored
    in the background, after it was sent)."""
    for _ in range(50):
        body: dict[str, Any] = (await client.get("/v1/dashboard", headers=account.headers)).json()
        if all(s["source"] == "read_model" for s in body["sections"].values()):
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"sections never stored: {body}")


async def test_a_new_user_is_answered_live_then_from_the_read_model_and_sees_own_writes_at_once(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann, warm = await sign_up(client), await sign_up(client)
    await client.get("/v1/dashboard", headers=warm.headers)  # opens the pooled connections
    page = await client.get("/v1/dashboard", headers=ann.headers)
    assert page.status_code == 200
    body = page.json()
    assert body["partial"] is False and set(body["sections"]) == SECTIONS, body
    for name, section in body["sections"].items():
        assert section["status"] == "ok" and section["stale"] is False and section["source"] == "live"
        assert section["data"]["service"] == name and section["data"]["user_id"] == ann.user_id
        assert section["age_s"] == 0.0 and section["as_of"]
    await _stored_page(client, ann)
    calls = {name: stubs.states[name].summary_calls for name in SECTIONS}
    stored = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert stored["partial"] is False and stored["sections"]["ats"]["data"]["count"] == 0
    assert {name: stubs.states[name].summary_calls for name in SECTIONS} == calls  # no service called
    # Ann's own write through the gateway shows on her very next page (read-your-writes): fetched
    # live, or already refreshed in the background by the write itself, never the old copy.
    assert (await client.post("/v1/ats/scans", json={}, headers=ann.headers)).status_code < 300
    after = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert after["sections"]["ats"]["data"]["count"] == 1 and after["sections"]["ats"]["stale"] is False
    assert after["sections"]["resume"]["source"] == "read_model"


async def test_an_event_invalidates_a_stored_section(
    client: httpx.AsyncClient, stubs: Stubs, gateway: Gateway, publish_event: Any
) -> None:
    ann = await sign_up(client)
    await client.get("/v1/dashboard", headers=ann.headers)
    await _stored_page(client, ann)
    # A change made without the gateway (a scan finished by a worker): the stored copy is still
    # shown, as nothing announced the change yet.
    stubs.states["ats"].items["a" * 32] = {"id": "a" * 32, "owner": ann.user_id}
    page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert page["sections"]["ats"]["data"]["count"] == 0 and page["sections"]["ats"]["source"] == "read_model"
    # The event arrives through the real broker (the replica's consumer group joins in the
    # background, at the end of the log: publish until it is seen).
    for attempt in range(40):
        await publish_event(
            gateway.settings,
            AtsScanCompletedV1(scan_id=f"s{attempt}", score=80, algo_version="t"),
            subject=f"s{attempt}",
            user_id=ann.user_id,
        )
        await asyncio.sleep(0.5)
        page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
        if page["sections"]["ats"]["data"]["count"] == 1:
            break
    # Ann opened a dashboard lately: the event's sections were fetched again in the background
    # (or, if her page came first, shown stale while that ran); never a page without them.
    ats = page["sections"]["ats"]
    assert ats["data"]["count"] == 1 and ats["status"] == "ok" and ats["stale"] is False
    assert page["sections"]["tracker"]["source"] == "read_model"  # not named by the event


async def test_a_stopped_service_is_unavailable_and_the_page_still_answers_in_time(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    await client.get("/v1/dashboard", headers=bob.headers)
    await _stored_page(client, bob)
    stubs.servers["linkedin"].stop()
    try:
        for _ in range(3):
            started = time.perf_counter()
            page = await client.get("/v1/dashboard", headers=ann.headers)
            elapsed = time.perf_counter() - started
            assert page.status_code == 200 and elapsed < 2.0  # generous: timing belongs in bench/
            body = page.json()
            assert body["partial"] is True
            linkedin = body["sections"]["linkedin"]
            assert linkedin["status"] == "unavailable" and linkedin["source"] == "live"
            assert linkedin["reason"] in ("unreachable", "circuit_open")
            assert all(body["sections"][n]["status"] == "ok" for n in SECTIONS - {"linkedin"})
        # Bob's sections are stored and current: his page needs no call to the stopped service,
        # but shows his stored copy marked (degraded, with why) once a liveness probe (at most
        # one per second, made while pages are served) found it down.
        for _ in range(40):
            bobs = (await client.get("/v1/dashboard", headers=bob.headers)).json()
            if bobs["sections"]["linkedin"]["status"] != "ok":
                break
            await asyncio.sleep(0.1)
        linkedin = bobs["sections"]["linkedin"]
        assert linkedin["source"] == "read_model" and linkedin["status"] == "degraded"
        assert linkedin["reason"] in ("unreachable", "circuit_open") and linkedin["data"] is not None
        assert all(bobs["sections"][n]["status"] == "ok" for n in SECTIONS - {"linkedin"})
    finally:
        stubs.servers["linkedin"].start()


async def test_slow_section_times_out_and_last_good_copy_is_served_stale(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    fresh = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert fresh["sections"]["interview"]["status"] == "ok"
    await _stored_page(client, ann)
    # Ann's write makes her interview section out of date: it must be fetched live, and is slow
    # (slow before the write, so the refresh the write starts is slow too).
    stubs.states["interview"].delay_s = 1.0
    assert (await client.post("/v1/interviews", json={}, headers=ann.headers)).status_code < 300
    started = time.perf_counter()
    page = (await client.get("/v1/dashboard", headers=ann.headers)).json()
    assert time.perf_counter() - started < 1.0  # did not wait for the slow service
    section = page["sections"]["interview"]
    assert section["status"] == "degraded" and section["stale"] is True and section["reason"] == "timeout"
    assert section["data"] == fresh["sections"]["interview"]["data"] and section["source"] == "read_model"
    assert page["partial"] is True
    # Bob never sees Ann's stored copy: he has none, so his section is unavailable
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
