"""Reminders fire exactly once; the timeline fills from other services' events; clipping;
the dashboard summary; user.deleted erases everything."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from resugrow_events import (
    AtsMatchScoredV1,
    Envelope,
    InterviewSessionCompletedV1,
    LinkedinReviewCompletedV1,
    ResumeRenderedV1,
    UserDeletedV1,
)
from resugrow_tracker.adapters.mongo import USER_COLLECTIONS

from .conftest import TrackerService, new_user

pytestmark = pytest.mark.integration
CLIPS = Path(__file__).parent.parent / "unit" / "fixtures" / "clipping"


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


async def test_due_reminder_publishes_exactly_once(
    tracker_service: TrackerService, auth_headers: Any
) -> None:
    svc, uid = tracker_service, new_user()
    h = auth_headers(uid)
    now = datetime.now(UTC)
    app = (await svc.client.post("/v1/applications", json={"company": "Contoso", "role": "Platform Engineer",
           "stage": "applied", "stage_at": _iso(now - timedelta(days=9))}, headers=h)).json()  # fmt: skip
    await svc.client.post(f"/v1/applications/{app['id']}/contacts", json={"name": "Priya Shah"}, headers=h)
    r = await svc.client.post("/v1/reminders", json={"kind": "follow_up", "due_at": _iso(now + timedelta(hours=1)),
                              "application_id": app["id"]}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    # Two schedulers (replicas) race at a time when the reminder is due.
    later = now + timedelta(hours=2)
    await asyncio.gather(*(svc.runtime.fire_due_reminders(now=later) for _ in range(3)))
    await svc.runtime.fire_due_reminders(now=later)
    sent = [json.loads(bytes(d["value"])) for d in await svc.db.outbox.find({"key": rid}).to_list(None)]
    assert len(sent) == 1 and sent[0]["type"].endswith("tracker.reminder.due.v1")
    message = sent[0]["data"]["message"]
    print("reminder message:\n" + message)
    assert message.startswith("Hi Priya,") and "Platform Engineer role at Contoso" in message
    stored = (await svc.client.get("/v1/reminders?status=sent", headers=h)).json()["items"]
    assert [x["id"] for x in stored] == [rid] and stored[0]["message"] == message
    # A follow-up for an application that has since been rejected is cancelled, not sent.
    r2 = await svc.client.post("/v1/reminders", json={"kind": "follow_up", "due_at": _iso(now + timedelta(hours=1)),
                               "application_id": app["id"]}, headers=h)  # fmt: skip
    await svc.client.post(f"/v1/applications/{app['id']}/moves", json={"to": "rejected"}, headers=h)
    await svc.runtime.fire_due_reminders(now=later)
    assert await svc.db.outbox.count_documents({"key": r2.json()["id"]}) == 0
    assert (await svc.db.reminders.find_one({"_id": r2.json()["id"]}))["status"] == "cancelled"
    summary = (await svc.client.get("/v1/tracker/summary", headers=h)).json()
    assert summary["pipeline"]["rejected"] == 1 and summary["total"] == 1


async def test_timeline_collects_events_from_every_service(
    tracker_service: TrackerService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, uid = tracker_service, new_user()
    h = auth_headers(uid)
    now = datetime.now(UTC)
    app = (await svc.client.post("/v1/applications", json={"company": "Fabrikam", "role": "Senior Data Engineer",
           "stage": "applied", "job_description": "Spark and Kafka"}, headers=h)).json()  # fmt: skip
    aid = app["id"]
    await svc.client.post(f"/v1/applications/{aid}/interviews",
                          json={"scheduled_at": _iso(now + timedelta(days=2)), "type": "technical"}, headers=h)  # fmt: skip
    s = svc.settings
    await publish_event(s, AtsMatchScoredV1(match_id="m1", application_id=aid, resume_id="r1", version=2, score=74,
                        algo_version="1", missing_hard_skills=["Airflow"]), subject=aid, user_id=uid)  # fmt: skip
    await publish_event(s, InterviewSessionCompletedV1(session_id="s1", role="Data Engineer", answers=5,
                        average_total=3.8, completed_at=now), subject="s1", user_id=uid)  # fmt: skip
    await publish_event(s, ResumeRenderedV1(render_id="x1", resume_id="r1", version=2, template="classic",
                        status="succeeded"), subject="x1", user_id=uid)  # fmt: skip
    await publish_event(s, LinkedinReviewCompletedV1(review_id="l1", score=81, band="good", algo_version="1"),
                        subject="l1", user_id=uid)  # fmt: skip

    want = {"ats.match.scored", "interview.session.completed", "resume.rendered", "linkedin.review.completed",
            "tracker.application.created", "tracker.application.stage_changed", "tracker.interview.scheduled"}  # fmt: skip

    async def complete() -> bool:
        items = (await svc.client.get("/v1/activity?limit=50", headers=h)).json()["items"]
        return want <= {i["kind"] for i in items}

    await wait_for(complete, timeout=40)
    items = (await svc.client.get("/v1/activity?limit=50", headers=h)).json()["items"]
    by_kind = {i["kind"]: i for i in items}
    prep = by_kind["interview.session.completed"]
    assert prep["application_id"] == aid and prep["detail"]["prep_for"]["company"] == "Fabrikam"
    assert by_kind["ats.match.scored"]["application_id"] == aid
    got = (await svc.client.get(f"/v1/applications/{aid}", headers=h)).json()
    assert got["ats_match"]["score"] == 74 and got["interviews"][0]["prep"] == ["s1"]
    page = (await svc.client.get("/v1/activity?limit=3", headers=h)).json()
    rest = (await svc.client.get(f"/v1/activity?limit=50&cursor={page['next_cursor']}", headers=h)).json()
    assert len(page["items"]) + len(rest["items"]) == len(items)
    assert (await svc.client.get("/v1/activity", headers=auth_headers(new_user()))).json()["items"] == []

    # user.deleted erases every collection for that user.
    await publish_event(s, UserDeletedV1(user_id=uid, deleted_at=now), subject=uid, user_id=uid)

    async def erased() -> bool:
        counts = [await svc.db[c].count_documents({"user_id": uid}) for c in USER_COLLECTIONS]
        return sum(counts) == 0

    await wait_for(erased, timeout=30)


async def test_clip_a_job_page(tracker_service: TrackerService, auth_headers: Any) -> None:
    svc, h = tracker_service, auth_headers(new_user())
    page = (CLIPS / "jsonld_basic.html").read_text()
    r = await svc.client.post("/v1/jobs/clip", json={"html": page}, headers=h)
    assert r.status_code == 200 and r.json()["application"] is None
    assert r.json()["clip"]["company"] == "Northwind Traders"
    r = await svc.client.post("/v1/jobs/clip", json={"html": page, "url": "https://boards.greenhouse.io/nw/1?gh_src=x",
                              "save": True}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    app = r.json()["application"]
    assert (app["stage"], app["source"], app["salary"]["max"]) == ("saved", "company_site", 170000.0)
    empty = (CLIPS / "empty_page.html").read_text()
    r = await svc.client.post("/v1/jobs/clip", json={"html": empty, "save": True}, headers=h)
    assert r.status_code == 422
    r = await svc.client.post(
        "/v1/jobs/clip", json={"html": "<script type='application/ld+json'>{oops</script>"}, headers=h
    )
    assert r.status_code == 200 and r.json()["clip"]["warnings"]


async def test_a_redelivered_timeline_batch_adds_nothing_twice(tracker_service: TrackerService) -> None:
    """The batch handler writes without a transaction: a batch delivered again (after a crash
    between the write and the offset commit) must leave exactly one entry per event."""
    from resugrow_tracker import handlers

    svc, uid = tracker_service, new_user()
    events = [
        Envelope.wrap(
            ResumeRenderedV1(
                render_id=f"x{i}", resume_id="r1", version=1, template="classic", status="succeeded"
            ),
            source="/services/resume",
            subject=f"x{i}",
            userid=uid,
        )
        for i in range(4)
    ]
    await handlers.on_timeline_events(svc.platform, events[:2])
    await handlers.on_timeline_events(svc.platform, [*events, events[3]])  # redelivered, plus a repeat
    docs = await svc.db.activity.find({"user_id": uid}).to_list(None)
    assert sorted(d["_id"] for d in docs) == sorted(e.id for e in events)
