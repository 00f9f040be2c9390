"""Background publishing yields to this process's requests: the outbox relay waits until no
request has been in flight for a moment, a bounded time, and never while draining a backlog."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import FastAPI

from resugrow_platform.activity import RequestActivity
from resugrow_platform.admission import AdmissionMiddleware
from resugrow_platform.relay import OutboxRelay
from resugrow_platform.settings import ServiceSettings


async def test_a_quiet_process_does_not_wait() -> None:
    activity = RequestActivity()
    assert await activity.quiet(0.05, 1.0) < 0.05


async def test_waits_for_the_request_in_flight_and_then_for_the_quiet_gap() -> None:
    activity = RequestActivity()
    activity.enter()
    ended_at: list[float] = []

    async def finish() -> None:
        await asyncio.sleep(0.05)
        ended_at.append(activity.clock())
        activity.leave()

    task = asyncio.create_task(finish())
    waited = await activity.quiet(0.03, 5.0)
    await task
    # Not before the request ended, and not before the gap after it had passed.
    assert ended_at and activity.clock() - ended_at[0] >= 0.03
    assert waited >= 0.08 - 0.005


async def test_a_request_arriving_within_the_gap_is_waited_for_too() -> None:
    activity = RequestActivity()
    activity.enter()
    activity.leave()  # an edit just answered; the client's render follows within the gap
    order: list[str] = []

    async def render() -> None:
        await asyncio.sleep(0.01)
        activity.enter()
        await asyncio.sleep(0.05)
        order.append("render done")
        activity.leave()

    task = asyncio.create_task(render())
    await activity.quiet(0.03, 5.0)
    order.append("relay")
    await task
    assert order == ["render done", "relay"]


async def test_the_wait_is_bounded() -> None:
    activity = RequestActivity()
    activity.enter()  # a request that never ends (a stream, a stuck client)
    waited = await activity.quiet(0.01, 0.05)
    assert 0.05 - 0.005 <= waited < 1.0


async def test_the_admission_middleware_counts_requests_but_not_health_checks() -> None:
    activity = RequestActivity()
    release = asyncio.Event()
    app = FastAPI()

    @app.get("/work")
    async def work() -> dict[str, bool]:
        await release.wait()
        return {"ok": True}

    @app.get("/readyz")
    async def readyz() -> dict[str, bool]:
        assert activity.in_flight == 1  # only /work
        return {"ok": True}

    app.add_middleware(
        AdmissionMiddleware, service="t", max_in_flight=0, max_waiting=0, wait_s=0, activity=activity
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        running = asyncio.create_task(client.get("/work"))
        await asyncio.sleep(0.05)
        assert activity.in_flight == 1
        assert (await client.get("/readyz")).status_code == 200
        release.set()
        assert (await running).status_code == 200
    assert activity.in_flight == 0


def _relay(activity: RequestActivity, **outbox: Any) -> OutboxRelay:
    settings = ServiceSettings(service_name="demo", outbox=outbox)
    return OutboxRelay(db=None, broker=None, settings=settings, activity=activity)  # type: ignore[arg-type]


async def test_the_relay_yields_before_a_pass_but_not_while_draining_a_backlog() -> None:
    activity = RequestActivity()
    relay = _relay(activity, yield_quiet_ms=5, yield_max_ms=50, batch_size=2)
    yields: list[int] = []
    sends = iter([2, 2, 1])  # two full batches, then the rest

    async def quiet(quiet_s: float, max_wait_s: float) -> float:
        assert (quiet_s, max_wait_s) == (0.005, 0.05)
        yields.append(passes[0])
        return 0.0

    passes = [0]

    async def relay_once() -> int:
        passes[0] += 1
        sent = next(sends)
        relay._batch_full = sent >= 2
        if sent < 2:
            relay._stopping.set()
        return sent

    async def holds() -> bool:
        return True

    async def purge(_: Any) -> int:
        return 0

    activity.quiet = quiet  # type: ignore[method-assign]
    relay._hold_lease = holds  # type: ignore[method-assign]
    relay.relay_once = relay_once  # type: ignore[method-assign]
    relay.purge_sent = purge  # type: ignore[method-assign]
    await asyncio.wait_for(relay._run(), timeout=5)
    assert passes[0] == 3
    assert yields == [0]  # before the first pass only: the next two drained the backlog


async def test_a_relay_told_not_to_yield_does_not_wait_for_requests() -> None:
    activity = RequestActivity()
    activity.enter()  # a request in flight for the whole test
    relay = _relay(activity, yield_max_ms=0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await relay._yield_to_requests()
    assert loop.time() - started < 0.05
