"""Job look-up across owners, and the live SSE stream fed from the real local broker."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from gateway_stubs import Stubs
from gateway_support import Gateway, sign_up

from resugrow_events import AtsScanCompletedV1, ResumeUpdatedV1

pytestmark = pytest.mark.integration


async def test_job_is_found_at_its_owner_and_only_for_its_user(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    render = (await client.post("/v1/renders", json={"status": "queued"}, headers=ann.headers)).json()
    scan = (await client.post("/v1/ats/scans", json={"score": 77}, headers=ann.headers)).json()
    job = await client.get(f"/v1/jobs/{render['id']}", headers=ann.headers)
    assert job.status_code == 200
    assert job.json() | {"result": None} == {
        "id": render["id"],
        "kind": "render",
        "status": "queued",
        "done": False,
        "href": f"/v1/renders/{render['id']}",
        "result": None,
    }
    done = (await client.get(f"/v1/jobs/{scan['id']}", headers=ann.headers)).json()
    assert done["kind"] == "scan" and done["status"] == "succeeded" and done["result"]["score"] == 77
    for job_id in (render["id"], scan["id"], "0" * 32, "../../etc"):
        assert (await client.get(f"/v1/jobs/{job_id}", headers=bob.headers)).status_code == 404
    stubs.servers["ats"].stop()
    try:
        unsure = await client.get(f"/v1/jobs/{'1' * 32}", headers=ann.headers)
        assert unsure.status_code == 503  # not "404": the scan owner could not be asked
    finally:
        stubs.servers["ats"].start()


async def _read_stream(
    gateway: Gateway, headers: dict[str, str], out: list[dict[str, Any]], ready: asyncio.Event
) -> None:
    async with (
        httpx.AsyncClient(base_url=gateway.url, timeout=None) as c,
        c.stream("GET", "/v1/events/stream", headers=headers) as answer,
    ):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/event-stream")
        event = None
        async for line in answer.aiter_lines():
            ready.set()
            if line.startswith("event:"):
                event = line.partition(":")[2].strip()
            elif line.startswith("data:"):
                out.append({"event": event, **json.loads(line.partition(":")[2])})


async def test_stream_pushes_own_completion_events_only(
    client: httpx.AsyncClient, gateway: Gateway, publish_event: Any
) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    ann_events: list[dict[str, Any]] = []
    bob_events: list[dict[str, Any]] = []
    ready_a, ready_b = asyncio.Event(), asyncio.Event()
    tasks = [
        asyncio.create_task(_read_stream(gateway, ann.headers, ann_events, ready_a)),
        asyncio.create_task(_read_stream(gateway, bob.headers, bob_events, ready_b)),
    ]
    try:
        await asyncio.wait_for(asyncio.gather(ready_a.wait(), ready_b.wait()), 10)
        settings = gateway.settings
        # The per-instance group starts at the end of the log once it has joined (about 5 s on
        # the local broker): publish until the first event shows up.
        for attempt in range(40):
            await publish_event(
                settings,
                AtsScanCompletedV1(scan_id=f"s{attempt}", score=80, algo_version="t"),
                subject=f"s{attempt}",
                user_id=ann.user_id,
            )
            await publish_event(
                settings,
                ResumeUpdatedV1(
                    resume_id="r", version=1, text="secret cv text", updated_at=datetime.now(UTC)
                ),
                subject="r",
                user_id=ann.user_id,
            )  # not a completion event: never streamed
            await asyncio.sleep(0.5)
            if ann_events:
                break
        assert ann_events, "no event reached the stream"
        first = ann_events[0]
        assert first["event"] == "ats.scan.completed" and first["type"] == "ats.scan.completed"
        assert first["data"]["score"] == 80 and first["subject"].startswith("s")
        assert all(e["event"] == "ats.scan.completed" for e in ann_events)
        assert bob_events == []  # Bob's stream never carries Ann's events
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task


async def test_stream_requires_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/events/stream")).status_code == 401
