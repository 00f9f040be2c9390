"""Routing through real HTTP to stub services: identity, isolation, limits, streaming, failures."""

from __future__ import annotations

import httpx
import pytest
from gateway_stubs import FILE_SIZE, Stubs
from gateway_support import Gateway, sign_up

pytestmark = pytest.mark.integration

# One collection per public resource type, at the path its service serves it.
RESOURCES = [
    ("resume", "/v1/resumes"),
    ("resume", "/v1/cover-letters"),
    ("ats", "/v1/ats/scans"),
    ("interview", "/v1/interviews"),
    ("linkedin", "/v1/linkedin/reviews"),
    ("tracker", "/v1/applications"),
]


@pytest.mark.parametrize(("service", "collection"), RESOURCES)
async def test_user_b_can_never_reach_user_a_items(
    client: httpx.AsyncClient, stubs: Stubs, service: str, collection: str
) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    created = await client.post(collection, json={"title": "Ann's"}, headers=ann.headers)
    assert created.status_code == 201, created.text
    item = f"{collection}/{created.json()['id']}"
    # the service saw Ann's own verified token, forwarded unchanged
    assert stubs.states[service].last_headers["authorization"] == f"Bearer {ann.access}"
    assert (await client.get(item, headers=ann.headers)).status_code == 200
    for method, body in (("GET", None), ("PATCH", {"title": "mine"}), ("DELETE", None)):
        answer = await client.request(method, item, json=body, headers=bob.headers)
        assert answer.status_code == 404, (method, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    listed = await client.get(collection, headers=bob.headers)
    assert listed.status_code == 200 and listed.json()["items"] == []
    # nothing Bob tried changed Ann's item
    mine = await client.get(item, headers=ann.headers)
    assert mine.json()["title"] == "Ann's"
    assert (await client.get(item)).status_code == 401  # and nobody anonymous gets anywhere


async def test_every_prefix_reaches_its_service_with_request_id_and_client_ip(
    client: httpx.AsyncClient, stubs: Stubs
) -> None:
    ann = await sign_up(client)
    for path, service in [
        ("/v1/templates", "resume"),
        ("/v1/renders/x1", "resume"),
        ("/v1/interview/questions", "interview"),
        ("/v1/reminders", "tracker"),
        ("/v1/board", "tracker"),
        ("/v1/activity", "tracker"),
        ("/v1/analytics", "tracker"),
        ("/v1/linkedin/summary", "linkedin"),
        ("/v1/ats/unknown-new-route", "ats"),
    ]:
        answer = await client.get(path, headers={**ann.headers, "X-Request-ID": "req-123"})
        assert answer.status_code in (200, 404), (path, answer.text)
        seen = stubs.states[service].last_headers
        assert seen["x-request-id"] == "req-123" and answer.headers["x-request-id"] == "req-123"
        assert seen["x-forwarded-for"] == client.headers["x-forwarded-for"]
    clip = await client.post("/v1/jobs/clip", json={"url": "https://jobs.example.com/1"}, headers=ann.headers)
    assert clip.status_code == 201 and stubs.states["tracker"].last_headers["authorization"].endswith(
        ann.access
    )


async def test_body_limits_per_route(client: httpx.AsyncClient) -> None:
    ann = await sign_up(client)
    big_json = b'{"x": "' + b"a" * (1024 * 1024) + b'"}'
    refused = await client.post(
        "/v1/applications", content=big_json, headers={**ann.headers, "content-type": "application/json"}
    )
    assert refused.status_code == 413 and refused.headers["content-type"] == "application/problem+json"

    async def chunks():  # no Content-Length: the limit is enforced while streaming
        for _ in range(20):
            yield b"a" * 65536

    streamed = await client.post(
        "/v1/interviews", content=chunks(), headers={**ann.headers, "content-type": "application/json"}
    )
    assert streamed.status_code == 413
    # an upload route takes several megabytes, streamed through to the service
    upload = b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024)
    accepted = await client.post(
        "/v1/ats/echo-size", files={"file": ("cv.pdf", upload, "application/pdf")}, headers=ann.headers
    )
    assert accepted.status_code == 200
    assert accepted.json()["received"] > len(upload)
    assert accepted.json()["content_type"].startswith("multipart/form-data; boundary=")
    too_big = await client.post(
        "/v1/ats/echo-size", content=b"0" * (10 * 1024 * 1024 + 1), headers=ann.headers
    )
    assert too_big.status_code == 413


async def test_large_download_streams_through_intact(client: httpx.AsyncClient) -> None:
    ann = await sign_up(client)
    async with client.stream("GET", "/v1/renders/r1/file", headers=ann.headers) as answer:
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
        total, chunks = 0, 0
        async for chunk in answer.aiter_bytes():
            assert set(chunk) <= set(range(251))
            total += len(chunk)
            chunks += 1
    assert total == FILE_SIZE and chunks > 1


async def test_downstream_failures_become_clean_problems(
    client: httpx.AsyncClient, stubs: Stubs, gateway: Gateway
) -> None:
    ann = await sign_up(client)
    stubs.states["resume"].mode = "html_error"
    broken = await client.get("/v1/resumes", headers=ann.headers)
    assert broken.status_code == 502 and broken.headers["content-type"] == "application/problem+json"
    assert "internal-db" not in broken.text and "27017" not in broken.text
    stubs.states["resume"].mode = "normal"
    stubs.states["resume"].delay_s = 1.0
    slow = await client.get("/v1/resumes/0123456789abcdef0123456789abcdef", headers=ann.headers)
    assert slow.status_code == 504  # get_resume's timeout is 0.5 s in these settings
    stubs.states["resume"].delay_s = 0
    moved = await client.get("/v1/resumes/redirect", headers=ann.headers, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/v1/elsewhere"
    stubs.servers["tracker"].stop()
    try:
        down = await client.get("/v1/applications", headers=ann.headers)
        assert down.status_code == 503 and down.headers["retry-after"]
        assert "127.0.0.1" not in down.text and str(stubs.servers["tracker"].port) not in down.text
    finally:
        stubs.servers["tracker"].start()


async def test_unknown_paths_are_problem_404(client: httpx.AsyncClient) -> None:
    ann = await sign_up(client)
    answer = await client.get("/v1/nothing-here", headers=ann.headers)
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/problem+json"
