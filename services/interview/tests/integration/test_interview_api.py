"""The interview service over HTTP and Kafka on the real local broker and database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from resugrow_events import InterviewScheduledV1, UserDeletedV1

from .conftest import InterviewService, new_user

pytestmark = pytest.mark.integration

STAR_ANSWER = (
    "At my last company I was the backend lead on the checkout team, and our error rate during sales had "
    "reached 4 percent. My goal was to get it under one percent before Black Friday. I pulled a week of traces, "
    "found a blocking fraud-check call and moved it to an asynchronous queue. I also added a timeout and a "
    "fallback rule with the risk team. As a result errors fell from 4 percent to 0.3 percent and the sale ran "
    "without an incident. I learned to read traces before guessing, and I now add timeouts to every external call."
)
WEAK_ANSWER = "We did some work on it as a team and it was fine."
DESIGN_ANSWER = (
    "Requirements: users shorten links and redirects must be fast and highly available. Estimates: about 4,000 "
    "redirects per second and 600 GB over ten years. The API is POST /v1/links and GET /{code}. The data model is "
    "a key-value table from code to URL. To scale, put a cache and read replicas in front. The trade-off is that "
    "301 redirects are cached by browsers, which loses analytics."
)
CODING_ANSWER = (
    "First I'd clarify the input size and whether values repeat. The brute force compares every pair in O(n^2). "
    "Instead I use a hash map: scan once and check whether target minus the value was seen. That is O(n) time and "
    "O(n) space. Edge cases: empty input and duplicates. I'd test it with [2, 7, 11, 15] and target 9."
)


def _answer_for(item: dict[str, Any]) -> str:
    if item["type"] == "sql":
        return "SELECT 1 AS wrong"
    if item["type"] == "system_design":
        return DESIGN_ANSWER
    if item["type"] == "coding":
        return CODING_ANSWER
    return STAR_ANSWER


async def test_full_mixed_session_progress_and_isolation(
    interview_service: InterviewService, auth_headers: Any
) -> None:
    svc, user = interview_service, new_user()
    h = auth_headers(user)
    r = await svc.client.get("/v1/interview/questions", params={"type": "sql", "limit": 2}, headers=h)
    assert r.status_code == 200 and r.json()["total"] >= 50 and "sql_schema" in r.json()["items"][0]

    r = await svc.client.post(
        "/v1/interviews",
        json={
            "role": "software",
            "level": "mid",
            "types": ["behavioral", "coding", "sql", "system_design"],
            "count": 4,
            "job_description": "Backend engineer: Kafka, Redis caching, SQL, distributed systems.",
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    session = r.json()
    sid = session["id"]
    assert {"Kafka", "SQL"} <= set(session["plan"]["job_terms"])
    item = session["pending"]
    seen_types, follow_ups = set(), 0
    for _ in range(12):
        if item is None:
            break
        r = await svc.client.post(
            f"/v1/interviews/{sid}/answers",
            json={"answer": _answer_for(item), "question_id": item["question_id"]},
            headers=h,
        )
        assert r.status_code == 200, r.text
        body = r.json()
        ev = body["evaluation"]
        assert 0 <= ev["total"] <= 100 and ev["formula"]["expression"].startswith("total = ")
        assert all("label" in s for s in ev["sentences"]) and "hesitations" in ev["delivery"]
        seen_types.add(item["type"])
        if item["type"] == "sql":
            assert ev["sql"]["accepted"] is False
            if item["kind"] == "question":
                assert (
                    body["next"]["kind"] == "follow_up" and body["next"]["question_id"] == item["question_id"]
                )
        follow_ups += item["kind"] == "follow_up"
        item = body["next"]
    assert seen_types == {"behavioral", "coding", "sql", "system_design"} and follow_ups >= 1
    # another user sees nothing of it
    other = auth_headers(new_user())
    assert (await svc.client.get(f"/v1/interviews/{sid}", headers=other)).status_code == 404
    assert (await svc.client.post(f"/v1/interviews/{sid}/finish", headers=other)).status_code == 404
    r = await svc.client.post(f"/v1/interviews/{sid}/finish", headers=h)
    assert r.status_code == 200, r.text
    report = r.json()["report"]
    assert report["questions_answered"] == 4 and report["weakest_dimension"] and report["weakest_competency"]
    before = (await svc.client.get(f"/v1/interviews/{sid}", headers=h)).json()
    r = await svc.client.post(f"/v1/interviews/{sid}/answers", json={"answer": STAR_ANSWER}, headers=h)
    assert r.status_code == 409
    assert (await svc.client.get(f"/v1/interviews/{sid}", headers=h)).json() == before

    # a second session answering the same behavioral question better shows same-question improvement
    r = await svc.client.post(
        "/v1/interviews", json={"role": "sales", "types": ["behavioral"], "count": 1}, headers=h
    )
    sid2 = r.json()["id"]
    qid = r.json()["pending"]["question_id"]
    await svc.client.post(f"/v1/interviews/{sid2}/answers", json={"answer": WEAK_ANSWER}, headers=h)
    await svc.client.post(f"/v1/interviews/{sid2}/finish", headers=h)
    listed = (await svc.client.get("/v1/interviews", headers=h)).json()
    assert listed["total"] == 2 and {i["id"] for i in listed["items"]} == {sid, sid2}
    progress = (await svc.client.get("/v1/interviews/progress", headers=h)).json()
    assert (
        progress["sessions_count"] == 2
        and progress["weakest_competency"]
        and "relevance" in progress["trends"]
    )
    assert progress["trends"]["structure"]["series"][0] >= progress["trends"]["structure"]["series"][1]
    assert qid  # the bank question id is stable for the same-question view
    summary = (await svc.client.get("/v1/interviews/summary", headers=h)).json()
    assert summary["sessions_completed"] == 2


async def test_bad_input_is_4xx_and_changes_nothing(
    interview_service: InterviewService, auth_headers: Any
) -> None:
    svc, user = interview_service, new_user()
    h = auth_headers(user)
    r = await svc.client.post("/v1/interviews", json={"role": "astronaut"}, headers=h)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    r = await svc.client.post(
        "/v1/interviews", json={"role": "data", "types": ["behavioral"], "count": 2}, headers=h
    )
    sid = r.json()["id"]
    before = (await svc.client.get(f"/v1/interviews/{sid}", headers=h)).json()
    bad_bodies = [
        ({"answer": ""}, 422),
        ({"answer": "   "}, 422),
        ({"answer": "a" * 20_001}, 413),
        ({"answer": "abc\x00\x01def"}, 422),
        ({"answer": 12345}, 422),
        ({"answer": STAR_ANSWER, "timings": [{"word": "a", "start": 2, "end": 1}]}, 422),
        ({"answer": STAR_ANSWER, "timings": [{"word": "a", "start": "x", "end": 1}]}, 422),
        ({"answer": STAR_ANSWER, "timings": "nope"}, 422),
        ({"answer": STAR_ANSWER, "question_id": "beh-nope-01"}, 409),
    ]
    for body, status in bad_bodies:
        r = await svc.client.post(f"/v1/interviews/{sid}/answers", json=body, headers=h)
        assert r.status_code == status, (body if len(str(body)) < 200 else "huge", r.text[:300])
    assert (
        await svc.client.post("/v1/interviews/nope/answers", json={"answer": STAR_ANSWER}, headers=h)
    ).status_code == 404
    raw = await svc.client.post(
        f"/v1/interviews/{sid}/answers",
        content=bytes(range(256)) * 4,
        headers={**h, "content-type": "application/json"},
    )
    assert raw.status_code == 422 and raw.headers["content-type"].startswith("application/problem+json")
    assert (await svc.client.get(f"/v1/interviews/{sid}", headers=h)).json() == before
    # pause blocks answers; resume allows them
    assert (await svc.client.post(f"/v1/interviews/{sid}/pause", headers=h)).status_code == 200
    assert (await svc.client.post(f"/v1/interviews/{sid}/pause", headers=h)).status_code == 409
    assert (
        await svc.client.post(f"/v1/interviews/{sid}/answers", json={"answer": STAR_ANSWER}, headers=h)
    ).status_code == 409
    assert (await svc.client.post(f"/v1/interviews/{sid}/resume", headers=h)).status_code == 200
    timings = [{"word": w, "start": i * 0.5, "end": i * 0.5 + 0.4} for i, w in enumerate(STAR_ANSWER.split())]
    r = await svc.client.post(
        f"/v1/interviews/{sid}/answers", json={"answer": STAR_ANSWER, "timings": timings}, headers=h
    )
    assert r.status_code == 200 and r.json()["evaluation"]["delivery"]["words_per_minute"] > 100
    # quick evaluation outside a session
    r = await svc.client.post(
        "/v1/interview/evaluate",
        json={"question_id": "sql-joins-03", "answer": "SELECT name FROM departments"},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["sql"]["accepted"] is False
    r = await svc.client.post(
        "/v1/interview/evaluate",
        json={"question": "Tell me about a time you led a project.", "answer": STAR_ANSWER},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["answer_shape"] == "star"
    assert (
        await svc.client.post(
            "/v1/interview/evaluate", json={"question_id": "nope", "answer": "x y"}, headers=h
        )
    ).status_code == 404
    assert (
        await svc.client.post("/v1/interview/evaluate", json={"answer": "x y"}, headers=h)
    ).status_code == 422


async def test_scheduled_interview_creates_suggested_session_and_user_deletion_erases(
    interview_service: InterviewService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, user = interview_service, new_user()
    h = auth_headers(user)
    payload = InterviewScheduledV1(
        application_id="app-1",
        company="Acme",
        role="Senior Data Analyst",
        interview_type="technical",
        scheduled_at=datetime(2026, 12, 3, 15, 0, tzinfo=UTC),
        job_description="We want strong SQL, A/B testing and dashboards in Tableau.",
    )
    await publish_event(svc.settings, payload, subject="app-1", user_id=user)

    async def suggested() -> bool:
        r = await svc.client.get("/v1/interviews", headers=h)
        return r.json()["total"] == 1

    await wait_for(suggested, timeout=60)
    item = (await svc.client.get("/v1/interviews", headers=h)).json()["items"][0]
    assert item["origin"] == "tracker" and item["status"] == "paused" and item["role"] == "data"
    assert item["context"]["application_id"] == "app-1" and "sql" in item["types"]
    summary = (await svc.client.get("/v1/interviews/summary", headers=h)).json()
    assert len(summary["suggested_sessions"]) == 1

    await publish_event(
        svc.settings, UserDeletedV1(user_id=user, deleted_at=datetime.now(UTC)), subject=user, user_id=user
    )

    async def erased() -> bool:
        return await svc.db.sessions.count_documents({"user_id": user}) == 0

    await wait_for(erased, timeout=60)
