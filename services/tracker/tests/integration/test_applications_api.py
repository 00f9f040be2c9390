"""Applications over HTTP: lifecycle, history entered after the fact, isolation, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from .conftest import TrackerService, new_user

pytestmark = pytest.mark.integration


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


async def _outbox_types(svc: TrackerService, app_id: str) -> list[str]:
    docs = await svc.db.outbox.find({"key": app_id}).sort("_id", 1).to_list(None)
    import json

    return [json.loads(bytes(d["value"]))["type"].split(".", 1)[1] for d in docs]


async def test_lifecycle_history_and_isolation(tracker_service: TrackerService, auth_headers: Any) -> None:
    svc, h, other = tracker_service, auth_headers(new_user()), auth_headers(new_user())
    now = datetime.now(UTC)
    r = await svc.client.post(
        "/v1/applications",
        json={"company": "Northwind", "role": "Backend Engineer", "stage": "applied",
              "stage_at": _iso(now - timedelta(days=10)), "source": "LinkedIn", "salary_min": 100000,
              "salary_max": 120000, "salary_currency": "usd", "job_description": "Python, Kafka", "resume_id": "r1",
              "resume_version": 3, "priority": 2, "custom_fields": {"referrer": "Sam"}},
        headers=h,
    )  # fmt: skip
    assert r.status_code == 201, r.text
    app = r.json()
    aid = app["id"]
    assert (app["stage"], app["source"], app["salary"]["currency"]) == ("applied", "linkedin", "USD")

    # A move now, then a move the user forgot, dated between the two.
    r = await svc.client.post(f"/v1/applications/{aid}/moves", json={"to": "interviewing"}, headers=h)
    assert r.status_code == 201, r.text
    r = await svc.client.post(
        f"/v1/applications/{aid}/moves",
        json={"to": "Phone Screen", "at": _iso(now - timedelta(days=3))},
        headers=h,
    )
    assert r.status_code == 201, r.text
    assert r.json()["move"]["from"] == "applied" and r.json()["stage"] == "interviewing"
    hist = (await svc.client.get(f"/v1/applications/{aid}/history", headers=h)).json()
    assert [m["to"] for m in hist["moves"]] == ["applied", "screening", "interviewing"]
    assert [s["stage"] for s in hist["stints"]] == ["applied", "screening", "interviewing"]
    assert hist["stints"][0]["days"] == pytest.approx(7.0, abs=0.01)

    # Events: created, then one stage_changed per move, via the outbox.
    types = await _outbox_types(svc, aid)
    assert types == ["tracker.application.created.v1", *["tracker.application.stage_changed.v1"] * 2]

    # Listing: filters, sort, pagination; another user sees nothing.
    for i in range(3):
        await svc.client.post("/v1/applications", json={"company": f"Co{i}", "role": "Dev"}, headers=h)
    page = (await svc.client.get("/v1/applications?sort=company&limit=2", headers=h)).json()
    assert page["total"] == 4 and [a["company"] for a in page["items"]] == ["Co0", "Co1"]
    page2 = (
        await svc.client.get(f"/v1/applications?sort=company&limit=2&cursor={page['next_cursor']}", headers=h)
    ).json()
    assert [a["company"] for a in page2["items"]] == ["Co2", "Northwind"] and page2["next_cursor"] is None
    only = (await svc.client.get("/v1/applications?stage=interviewing&q=north", headers=h)).json()
    assert [a["id"] for a in only["items"]] == [aid]
    assert (await svc.client.get("/v1/applications", headers=other)).json()["total"] == 0
    assert (await svc.client.get(f"/v1/applications/{aid}", headers=other)).status_code == 404
    r = await svc.client.post(f"/v1/applications/{aid}/moves", json={"to": "offer"}, headers=other)
    assert r.status_code == 404

    # Patch, contacts, notes, tasks.
    r = await svc.client.patch(
        f"/v1/applications/{aid}", json={"location": "Berlin", "priority": 3}, headers=h
    )
    assert r.status_code == 200 and r.json()["location"] == "Berlin"
    assert (
        await svc.client.post(
            f"/v1/applications/{aid}/contacts",
            json={"name": "Jane Roe", "email": "jane@nw.example"},
            headers=h,
        )
    ).status_code == 201
    assert (
        await svc.client.post(f"/v1/applications/{aid}/notes", json={"text": "Great call"}, headers=h)
    ).status_code == 201
    assert (
        await svc.client.post(f"/v1/applications/{aid}/tasks", json={"title": "Send portfolio"}, headers=h)
    ).status_code == 201
    assert [
        c["name"]
        for c in (await svc.client.get(f"/v1/applications/{aid}/contacts", headers=h)).json()["items"]
    ] == ["Jane Roe"]

    # Interview: scheduled event for the interview service, reminders before and after.
    when = now + timedelta(days=3)
    r = await svc.client.post(
        f"/v1/applications/{aid}/interviews",
        json={"scheduled_at": _iso(when), "type": "technical"},
        headers=h,
    )
    assert r.status_code == 201, r.text
    assert "tracker.interview.scheduled.v1" in await _outbox_types(svc, aid)
    kinds = sorted(
        x["kind"]
        for x in (await svc.client.get(f"/v1/reminders?application_id={aid}", headers=h)).json()["items"]
    )
    assert kinds == ["interview", "thank_you"]

    # Delete; later moves are a clear 410 and change nothing.
    assert (await svc.client.delete(f"/v1/applications/{aid}", headers=h)).status_code == 204
    r = await svc.client.post(f"/v1/applications/{aid}/moves", json={"to": "offer"}, headers=h)
    assert r.status_code == 410 and r.headers["content-type"].startswith("application/problem+json")
    assert (await svc.client.get(f"/v1/applications/{aid}", headers=h)).status_code == 404
    assert (await svc.client.get(f"/v1/reminders?application_id={aid}", headers=h)).json()["items"] == []


async def test_bad_input_is_a_clear_4xx_and_changes_nothing(
    tracker_service: TrackerService, auth_headers: Any
) -> None:
    svc, h = tracker_service, auth_headers(new_user())
    r = await svc.client.post(
        "/v1/applications", json={"company": "X", "role": "Y", "stage": "daydreaming"}, headers=h
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "stage"
    r = await svc.client.post(
        "/v1/applications", json={"company": "X", "role": "Y", "salary_min": 5, "salary_max": 1}, headers=h
    )
    assert r.status_code == 422
    r = await svc.client.post(
        "/v1/applications", json={"company": "X", "role": "Y", "colour": "red"}, headers=h
    )
    assert r.status_code == 422
    aid = (await svc.client.post("/v1/applications", json={"company": "X", "role": "Y"}, headers=h)).json()[
        "id"
    ]
    future = _iso(datetime.now(UTC) + timedelta(days=2))
    for body in (
        {"to": "nowhere"},
        {"to": "applied", "at": future},
        {"to": "saved"},
        {},
        {"to": "applied", "column_id": "x"},
    ):
        r = await svc.client.post(f"/v1/applications/{aid}/moves", json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
    hist = (await svc.client.get(f"/v1/applications/{aid}/history", headers=h)).json()
    assert [m["to"] for m in hist["moves"]] == ["saved"]
    assert (await svc.client.get("/v1/applications?sort=salary", headers=h)).status_code == 422
    assert (await svc.client.get("/v1/applications?cursor=@@@", headers=h)).status_code == 422
    assert (await svc.client.get("/v1/applications", headers={})).status_code == 401


async def test_concurrent_creates_of_one_user_all_succeed_and_reach_the_board(
    tracker_service: TrackerService, auth_headers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No per-user document is written inside the transactions (issue 18: 21 of 60 parallel
    creates failed on one), so they never even conflict; the cached board still sees them all."""
    import asyncio

    from resugrow_platform import transactions

    retries: list[str] = []
    real_log = transactions.log

    class SpyLog:
        def info(self, event: str, **kw: Any) -> None:
            retries.append(event)
            real_log.info(event, **kw)

        def warning(self, event: str, **kw: Any) -> None:
            retries.append(event)
            real_log.warning(event, **kw)

    monkeypatch.setattr(transactions, "log", SpyLog())
    svc, h = tracker_service, auth_headers(new_user())
    before = (await svc.client.get("/v1/board", headers=h)).json()  # warms the replica's cache
    assert sum(len(c["cards"]) for c in before["columns"]) == 0
    bodies = [{"company": f"Parallel {i}", "role": "Engineer", "stage": "applied"} for i in range(8)]
    answers = await asyncio.gather(*(svc.client.post("/v1/applications", json=b, headers=h) for b in bodies))
    assert [r.status_code for r in answers] == [201] * 8, [r.text for r in answers if r.status_code != 201]
    assert retries == []  # not one write conflict among the eight
    board = (await svc.client.get("/v1/board", headers=h)).json()
    companies = {card["company"] for c in board["columns"] for card in c["cards"]}
    assert companies == {b["company"] for b in bodies}
    analytics = (await svc.client.get("/v1/analytics", headers=h)).json()
    assert analytics["totals"]["by_stage"]["applied"] == 8
