"""Writing tools over HTTP on the real database: review, apply (new version + report), tailor,
cover-letter drafts, and bad input answered with problem+json."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ResumeService, new_user

pytestmark = pytest.mark.integration

RESUME: dict[str, Any] = {
    "basics": {
        "name": "Dana Reyes",
        "summary": "Enjoys hiking. I build streaming pipelines in Python and SQL.",
    },
    "work": [
        {
            "name": "Globex",
            "position": "Data Engineer",
            "startDate": "2022-01",
            "highlights": [
                "Responsible for building Airflow DAGs for the finance team",
                "Built a Kafka streaming pipeline in Python that feeds fraud alerts within 2 seconds",
            ],
        },
        {
            "name": "Initech",
            "position": "Analyst",
            "startDate": "2018-07",
            "endDate": "2021-12",
            "highlights": [
                "Modeled churn in dbt and Snowflake, which reduced churn by 8%",
                "Wrote SQL reports for sales",
            ],
        },
        {
            "name": "Corner Cafe",
            "position": "Barista",
            "startDate": "2016-01",
            "endDate": "2018-06",
            "highlights": ["Served 200 customers a day"],
        },
    ],
    "skills": [{"name": "Languages", "keywords": ["Java", "SQL", "Python"]}],
}
JD = """Senior Data Engineer at Acme Analytics
Requirements
- 5+ years of experience building data pipelines in Python and SQL
- Hands-on experience with Airflow and dbt on Snowflake
- Experience with Kafka streaming and Kubernetes
- Strong communication with analysts and product managers
"""


async def _create(svc: ResumeService, h: dict[str, str]) -> dict[str, Any]:
    r = await svc.client.post("/v1/resumes", json={"resume": RESUME}, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


async def test_pasted_bullets_are_reviewed_deterministically(
    resume_service: ResumeService, auth_headers: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    body = {
        "bullets": [
            "I was responsible for managing our team of 5 engineers",
            {"text": "Manage payroll", "current": True},
        ]
    }
    one = await svc.client.post("/v1/writing/bullets", json=body, headers=h)
    two = await svc.client.post("/v1/writing/bullets", json=body, headers=h)
    assert one.status_code == 200, one.text
    assert one.content == two.content  # byte-identical
    first = one.json()["bullets"][0]
    assert {f["code"] for f in first["findings"]} >= {"weak_opener", "first_person", "no_result"}
    assert first["candidates"] and all(c["operations"] for c in first["candidates"])
    assert one.json()["bullets"][1]["tense"] == "present"


async def test_apply_makes_a_new_version_and_keeps_the_report(
    resume_service: ResumeService, auth_headers: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    created = await _create(svc, h)
    rid = created["id"]
    review = (await svc.client.post("/v1/writing/bullets", json={"resume_id": rid}, headers=h)).json()
    weak = next(b for b in review["bullets"] if b["path"] == "work[0].highlights[0]")
    cand = weak["candidates"][0]
    assert "[what result?]" in cand["text"]
    r = await svc.client.post(
        f"/v1/resumes/{rid}/bullets/apply",
        json={
            "version": 1,
            "choices": [{"path": "work[0].highlights[0]", "candidate": 0, "fills": ["a 3-day faster close"]}],
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["resume"]["version"] == 2
    new_text = out["resume"]["resume"]["work"][0]["highlights"][0]
    assert "a 3-day faster close" in new_text and "[" not in new_text
    change = out["rewrite_report"]["changes"][0]
    assert change["score_after"] > change["score_before"]
    stored = await svc.client.get(f"/v1/resumes/{rid}/versions/2/writing-report", headers=h)
    assert stored.status_code == 200 and stored.json()["changes"] == out["rewrite_report"]["changes"]
    # Candidates made for version 1 cannot be applied to version 2.
    stale = await svc.client.post(
        f"/v1/resumes/{rid}/bullets/apply",
        json={"version": 1, "choices": [{"path": "work[1].highlights[1]", "candidate": 0}]},
        headers=h,
    )
    assert stale.status_code == 409 and stale.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"choices": [{"path": "work[9].highlights[0]", "candidate": 0}]}, "path"),
        ({"choices": [{"path": "work[0].highlights[0]", "candidate": 7}]}, "candidate"),
        ({"choices": [{"path": "work[0].highlights[0]", "text": "Led [what?] things"}]}, "text"),
        ({"choices": []}, None),
    ],
)
async def test_bad_choices_are_422(
    resume_service: ResumeService, auth_headers: Any, body: dict[str, Any], field: str | None
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = (await _create(svc, h))["id"]
    r = await svc.client.post(f"/v1/resumes/{rid}/bullets/apply", json=body, headers=h)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    if field:
        assert field in r.text
    assert (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).json()["version"] == 1  # nothing stored


async def test_tailor_creates_an_explained_variant(resume_service: ResumeService, auth_headers: Any) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = (await _create(svc, h))["id"]
    r = await svc.client.post(
        f"/v1/resumes/{rid}/tailor", json={"job_description": JD, "confirmed": ["Kubernetes"]}, headers=h
    )
    assert r.status_code == 201, r.text
    out = r.json()
    variant = out["variant"]
    assert variant["kind"] == "variant" and variant["variant"]["master_id"] == rid
    assert all(op["reason"] for op in out["tailoring"]["operations"])
    assert "Kubernetes" in out["text"]["after"] and "Kubernetes" not in out["text"]["before"]
    assert [w["name"] for w in variant["resume"]["work"]][-1] == "Corner Cafe"
    # The master is untouched; the variant is a normal variant.
    master = (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).json()
    assert master["version"] == 1 and master["resume"] == RESUME
    report = await svc.client.get(f"/v1/resumes/{variant['id']}/versions/1/writing-report", headers=h)
    assert report.status_code == 200 and report.json()["kind"] == "tailoring"
    missing = await svc.client.post(f"/v1/resumes/{rid}/tailor", json={"confirmed": []}, headers=h)
    assert missing.status_code == 422


async def test_cover_letter_draft_is_saved_as_a_normal_letter(
    resume_service: ResumeService, auth_headers: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = (await _create(svc, h))["id"]
    r = await svc.client.post(
        "/v1/cover-letters/drafts", json={"resume_id": rid, "job_description": JD, "tone": "warm"}, headers=h
    )
    assert r.status_code == 201, r.text
    out = r.json()
    letter = out["cover_letter"]
    assert letter["company"] == "Acme Analytics" and letter["job_title"] == "Senior Data Engineer"
    assert len(out["draft"]["requirementsAnswered"]) >= 3
    assert all(s["sources"] for s in out["draft"]["sentences"])
    got = await svc.client.get(f"/v1/cover-letters/{letter['id']}", headers=h)
    assert got.status_code == 200 and got.json()["paragraphs"] == letter["paragraphs"]
    bad = await svc.client.post(
        "/v1/cover-letters/drafts",
        json={"resume_id": rid, "job_description": JD, "tone": "cheeky"},
        headers=h,
    )
    assert bad.status_code == 422
    other = await svc.client.post(
        "/v1/cover-letters/drafts",
        json={"resume_id": rid, "job_description": JD},
        headers=auth_headers(new_user()),
    )
    assert other.status_code == 404
