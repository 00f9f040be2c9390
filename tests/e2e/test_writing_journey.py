"""Writing tools through the gateway (issue 13): paste weak bullets and accept better ones, tailor a
resume to a tracked application in one call and see the ATS score move, draft a cover letter that
renders in every template."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

import httpx
import pytest

from resugrow_ats.main import create_app as create_ats
from resugrow_ats.settings import AtsSettings
from resugrow_gateway.main import create_app as create_gateway
from resugrow_gateway.settings import GatewaySettings
from resugrow_resume.main import create_app as create_resume
from resugrow_resume.settings import ResumeSettings
from resugrow_tracker.main import create_app as create_tracker
from resugrow_tracker.settings import TrackerSettings

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
    ],
    "education": [{"institution": "State University", "area": "Computer Science", "studyType": "Bachelor"}],
    "skills": [{"name": "Languages", "keywords": ["Java", "SQL", "Python"]}],
}
JD = """Senior Data Engineer at Acme Analytics
Requirements
- 5+ years of experience building data pipelines in Python and SQL
- Hands-on experience with Airflow and dbt on Snowflake
- Experience with Kafka streaming and Kubernetes
- Strong communication with analysts and product managers
Nice to have
- Terraform and AWS
"""


@contextlib.asynccontextmanager
async def stack(service_settings: Any, serve_app: Any):
    kafka = {"topic_prefix": f"w{uuid.uuid4().hex[:8]}."}
    apps = {
        "resume": create_resume(service_settings(ResumeSettings, kafka=kafka, render_processes=-1)),
        "ats": create_ats(service_settings(AtsSettings, kafka=kafka)),
        "tracker": create_tracker(service_settings(TrackerSettings, kafka=kafka)),
    }
    async with contextlib.AsyncExitStack() as exits:
        urls = {name: await exits.enter_async_context(serve_app(app)) for name, app in apps.items()}
        gateway = create_gateway(
            service_settings(
                GatewaySettings,
                kafka=kafka,
                services=urls,
                passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
            )
        )
        base = await exits.enter_async_context(serve_app(gateway))
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            yield client


async def _json(client: httpx.AsyncClient, method: str, url: str, expect: int, **kwargs: Any) -> Any:
    resp = await client.request(method, url, **kwargs)
    assert resp.status_code == expect, f"{method} {url} -> {resp.status_code}: {resp.text[:500]}"
    return resp.json()


async def test_writing_tools_through_the_gateway(service_settings: Any, serve_app: Any) -> None:
    async with stack(service_settings, serve_app) as client:
        email, password = f"w-{uuid.uuid4().hex[:6]}@example.com", "correct horse battery staple 42"
        await _json(client, "POST", "/v1/auth/register", 201, json={"email": email, "password": password})
        token = await _json(
            client, "POST", "/v1/auth/token", 200, data={"username": email, "password": password}
        )
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        rid = (await _json(client, "POST", "/v1/resumes", 201, json={"resume": RESUME}, headers=auth))["id"]

        # Paste weak bullets, get better ones made of the user's own words.
        pasted = await _json(
            client,
            "POST",
            "/v1/writing/bullets",
            200,
            json={"bullets": ["I helped with the migration of billing to AWS"]},
            headers=auth,
        )
        assert pasted["bullets"][0]["candidates"][0]["text"].startswith("Migrated billing to AWS")

        # Accept a rewrite of the stored resume: a new version with its report.
        applied = await _json(
            client,
            "POST",
            f"/v1/resumes/{rid}/bullets/apply",
            201,
            json={
                "version": 1,
                "choices": [
                    {"path": "work[0].highlights[0]", "candidate": 0, "fills": ["2 fewer late closes"]}
                ],
            },
            headers=auth,
        )
        assert applied["resume"]["version"] == 2
        await _json(client, "GET", f"/v1/resumes/{rid}/versions/2/writing-report", 200, headers=auth)

        # Tailor to a tracked application in one call; the ATS scores both.
        app = await _json(
            client,
            "POST",
            "/v1/applications",
            201,
            json={
                "company": "Acme Analytics",
                "role": "Senior Data Engineer",
                "stage": "saved",
                "job_description": JD,
            },
            headers=auth,
        )
        first = await _json(
            client, "POST", f"/v1/resumes/{rid}/tailor", 201, json={"application_id": app["id"]}, headers=auth
        )
        assert first["match"]["status"] == "ok"
        assert first["match"]["after"] >= first["match"]["before"]
        suggested = [s["keyword"] for s in first["tailoring"]["suggestions"]]
        assert suggested, first["tailoring"]
        assert all(op["reason"] for op in first["tailoring"]["operations"])
        confirmed = await _json(
            client,
            "POST",
            f"/v1/resumes/{rid}/tailor",
            201,
            json={"application_id": app["id"], "confirmed": suggested},
            headers=auth,
        )
        assert confirmed["match"]["after"] > first["match"]["after"]
        assert set(confirmed["tailoring"]["added"]) == set(suggested)
        variant = confirmed["variant"]
        assert variant["variant"]["master_id"] == rid

        # Bad input is a 4xx problem, never a 5xx.
        bad = await client.post(f"/v1/resumes/{rid}/tailor", json={"confirmed": ["x"]}, headers=auth)
        assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
        gone = await client.post("/v1/resumes/nope/tailor", json={"job_description": JD}, headers=auth)
        assert gone.status_code == 404

        # A cover letter drafted from the resume, saved, and rendered in every template.
        drafted = await _json(
            client,
            "POST",
            "/v1/cover-letters/drafts",
            201,
            json={"resume_id": rid, "job_description": JD, "tone": "direct"},
            headers=auth,
        )
        letter_id = drafted["cover_letter"]["id"]
        assert len(drafted["draft"]["requirementsAnswered"]) >= 3
        templates = [t["name"] for t in (await _json(client, "GET", "/v1/templates", 200))["items"]]
        assert templates
        for template in templates:
            pdf = await client.post(
                f"/v1/cover-letters/{letter_id}/renders",
                json={"format": "pdf", "template": template},
                headers=auth,
            )
            assert pdf.status_code == 200, (template, pdf.text[:300])
            assert pdf.headers.get("x-render-verification") == "passed", (template, pdf.headers)
