"""The career service over HTTP and Kafka on the real local broker and database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from resugrow_events import ApplicationStageChangedV1, ResumeUpdatedV1, UserDeletedV1
from resugrow_testing import RunningService as CareerService
from resugrow_testing import new_user_id as new_user

pytestmark = pytest.mark.integration


async def test_find_profile_paths_offers_and_counter(
    career_service: CareerService, auth_headers: Any
) -> None:
    svc, user = career_service, new_user()
    h = auth_headers(user)
    r = await svc.client.get("/v1/career/occupations", params={"q": "sr registered nurse"}, headers=h)
    assert r.status_code == 200 and r.json()["best"]["code"] == "29-1141.00"
    r = await svc.client.get("/v1/career/occupations/29-1141.00", params={"location": "Ohio"}, headers=h)
    assert r.status_code == 200 and r.json()["wages"]["local"]["area"]["title"] == "Ohio"
    assert (await svc.client.get("/v1/career/occupations/00-0000.00", headers=h)).status_code == 404
    r = await svc.client.get("/v1/career/occupations/29-1141.00", params={"location": "Narnia"}, headers=h)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")

    r = await svc.client.post(
        "/v1/career/paths", json={"title": "Registered Nurse", "location": "OH"}, headers=h
    )
    body = r.json()
    assert r.status_code == 200 and body["ranking"]["formula"] and body["next_roles"]

    offer = {
        "label": "Acme",
        "company": "Acme",
        "base_salary": 80000,
        "sign_on": {"amount": 5000, "clawback_months": 12},
    }
    r = await svc.client.post(
        "/v1/career/offers/evaluate",
        json={"offers": [offer], "title": "Registered Nurse", "location": "OH"},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["offers"][0]["total_4y"] == 325000.0
    listed = (await svc.client.get("/v1/career/offers/evaluations", headers=h)).json()
    assert [x["evaluation_id"] for x in listed["items"]] == [r.json()["evaluation_id"]]
    r = await svc.client.post("/v1/career/offers/evaluate", json={"offers": [{"label": "x"}]}, headers=h)
    assert r.status_code == 422

    r = await svc.client.post(
        "/v1/career/offers/counter",
        json={"offer": offer, "title": "Registered Nurse", "location": "OH", "tone": "direct"},
        headers=h,
    )
    assert (
        r.status_code == 200 and r.json()["plan"]["anchor"]["amount"] >= 80000 and r.json()["email"]["body"]
    )
    summary = (await svc.client.get("/v1/career/summary", headers=h)).json()
    assert summary["latest_offer"]["label"] == "Acme"
    assert (await svc.client.get("/v1/career/summary")).status_code == 401


async def test_guides_and_public_glossary(career_service: CareerService, auth_headers: Any) -> None:
    svc = career_service
    r = await svc.client.get(
        "/v1/career/guides/skills", params={"occupation": "15-1252.00"}, headers=auth_headers(new_user())
    )
    assert r.status_code == 200 and r.json()["resume_keywords"]
    r = await svc.client.get("/v1/glossary", params={"q": "vesting"})
    assert r.status_code == 200 and r.json()["items"]
    assert (await svc.client.get("/v1/glossary/job-zone")).json()["term"] == "Job zone"
    assert (await svc.client.get("/v1/glossary/nothing-here")).status_code == 404


async def test_resume_and_offer_stage_events_then_erasure(
    career_service: CareerService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, user = career_service, new_user()
    h = auth_headers(user)
    now = datetime.now(UTC)
    resume = ResumeUpdatedV1(
        resume_id="r1",
        version=1,
        positions=[{"title": "Staff Accountant"}],
        skills=["Excel"],
        text="x",
        updated_at=now,
    )
    await publish_event(svc.settings, resume, subject="r1", user_id=user)
    moved = ApplicationStageChangedV1(
        application_id="a1",
        from_stage="interview",
        to_stage="offer",
        source="user",
        moved_at=now,
        company="Acme",
        role="Accountant",
        salary_max=95000,
        salary_period="year",
    )
    await publish_event(svc.settings, moved, subject="a1", user_id=user)

    async def ready() -> bool:
        s = (await svc.client.get("/v1/career/summary", headers=h)).json()
        return bool(s["occupation"] and s["latest_offer"])

    await wait_for(ready, timeout=60)
    s = (await svc.client.get("/v1/career/summary", headers=h)).json()
    assert (
        s["occupation"]["code"] == "13-2011.00"
        and s["suggested_next_role"]
        and s["latest_offer"]["annual_base"] == 95000.0
    )

    await publish_event(svc.settings, UserDeletedV1(user_id=user, deleted_at=now), subject=user, user_id=user)

    async def erased() -> bool:
        return (
            await svc.db.offer_evaluations.count_documents({"user_id": user}) == 0
            and await svc.db.career_profiles.count_documents({"user_id": user}) == 0
        )

    await wait_for(erased, timeout=60)
