"""A job seeker's whole journey through the gateway, with every service running for real.

Six uvicorn servers on loopback (five services and the gateway), one real Kafka-protocol broker
and one real MongoDB-protocol server: the events between services are the production ones.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from resugrow_ats.main import create_app as create_ats
from resugrow_ats.settings import AtsSettings
from resugrow_career.main import create_app as create_career
from resugrow_career.settings import CareerSettings
from resugrow_gateway.main import create_app as create_gateway
from resugrow_gateway.settings import GatewaySettings
from resugrow_interview.main import create_app as create_interview
from resugrow_interview.settings import InterviewSettings
from resugrow_linkedin.main import create_app as create_linkedin
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_resume.main import create_app as create_resume
from resugrow_resume.settings import ResumeSettings
from resugrow_tracker.main import create_app as create_tracker
from resugrow_tracker.settings import TrackerSettings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = json.loads((ROOT / "services/resume/tests/fixtures/jsonresume_sample.json").read_text())
JOB = (
    "Senior Backend Engineer at Contoso. You will build Python microservices with FastAPI, Kafka and "
    "PostgreSQL on Kubernetes. Requirements: 5+ years of experience, Python, SQL, Docker, AWS, strong "
    "communication and mentoring. Bachelor's degree in Computer Science or equivalent."
)


@contextlib.asynccontextmanager
async def platform_stack(service_settings: Any, serve_app: Any):
    prefix = f"e{uuid.uuid4().hex[:8]}."
    kafka = {"topic_prefix": prefix}
    apps = {
        "resume": create_resume(service_settings(ResumeSettings, kafka=kafka, render_processes=-1)),
        "ats": create_ats(service_settings(AtsSettings, kafka=kafka)),
        "interview": create_interview(service_settings(InterviewSettings, kafka=kafka)),
        "linkedin": create_linkedin(service_settings(LinkedinSettings, kafka=kafka)),
        "tracker": create_tracker(service_settings(TrackerSettings, kafka=kafka)),
        "career": create_career(service_settings(CareerSettings, kafka=kafka)),
    }
    async with contextlib.AsyncExitStack() as stack:
        urls = {name: await stack.enter_async_context(serve_app(app)) for name, app in apps.items()}
        gateway = create_gateway(
            service_settings(
                GatewaySettings,
                kafka=kafka,
                services=urls,
                passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
                dashboard={"overall_deadline_s": 2.0, "section_deadline_s": 1.5},
            )
        )
        apps["gateway"] = gateway
        base = await stack.enter_async_context(serve_app(gateway))
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            yield client, apps


async def _json(client: httpx.AsyncClient, method: str, url: str, expect: int, **kwargs: Any) -> Any:
    resp = await client.request(method, url, **kwargs)
    assert resp.status_code == expect, f"{method} {url} -> {resp.status_code}: {resp.text[:500]}"
    return resp.json() if resp.content and "json" in resp.headers.get("content-type", "") else resp


async def test_job_seeker_journey_across_every_service(service_settings, serve_app, wait_for):
    async with platform_stack(service_settings, serve_app) as (client, apps):
        # An account, and a token through the OAuth2 password flow.
        email, password = f"jane-{uuid.uuid4().hex[:6]}@example.com", "correct horse battery staple 42"
        await _json(client, "POST", "/v1/auth/register", 201, json={"email": email, "password": password})
        token = await _json(
            client, "POST", "/v1/auth/token", 200, data={"username": email, "password": password}
        )
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        me = await _json(client, "GET", "/v1/me", 200, headers=auth)
        user_id = me.get("id") or me.get("user_id")

        # A resume, rendered synchronously (a real PDF comes back through the gateway)...
        resume = await _json(client, "POST", "/v1/resumes", 201, json={"resume": SAMPLE}, headers=auth)
        resume_id = resume["id"]
        pdf = await client.post(f"/v1/resumes/{resume_id}/renders", json={"format": "pdf"}, headers=auth)
        assert pdf.status_code == 200, pdf.text[:300]
        assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"

        # ...and as an asynchronous job: render workers, then the ATS scan, then the score on the version.
        job = await _json(
            client,
            "POST",
            f"/v1/resumes/{resume_id}/renders",
            202,
            json={"formats": ["pdf", "docx"]},
            headers=auth,
        )
        render_id = job.get("id") or job.get("render_id")

        async def render_done():
            body = (await client.get(f"/v1/renders/{render_id}", headers=auth)).json()
            return body if body.get("status") == "succeeded" else None

        rendered = await wait_for(render_done, timeout=60)
        assert {a["format"] for a in rendered["artifacts"]} == {"pdf", "docx"}
        assert all(a["verification"]["passed"] for a in rendered["artifacts"]), rendered["artifacts"]

        async def scored():
            body = (await client.get(f"/v1/resumes/{resume_id}", headers=auth)).json()
            return body.get("latest_ats")

        ats = await wait_for(scored, timeout=60)
        assert 0 <= ats["score"] <= 100

        # A job application: the ATS scores the match and the tracker's timeline shows it.
        application = await _json(
            client,
            "POST",
            "/v1/applications",
            201,
            headers=auth,
            json={
                "company": "Contoso",
                "role": "Senior Backend Engineer",
                "stage": "applied",
                "job_description": JOB,
                "resume_id": resume_id,
                "resume_version": 1,
            },
        )
        application_id = application["id"]

        async def match_in_timeline():
            body = (await client.get("/v1/activity", headers=auth)).json()
            items = body.get("items", body) if isinstance(body, dict) else body
            return [i for i in items if i.get("kind") == "ats.match.scored"]

        await wait_for(match_in_timeline, timeout=60)

        # Scheduling an interview makes the interview service suggest a practice session.
        when = (datetime.now(UTC) + timedelta(days=3)).isoformat()
        await _json(
            client,
            "POST",
            f"/v1/applications/{application_id}/interviews",
            201,
            headers=auth,
            json={"scheduled_at": when, "type": "technical"},
        )

        async def suggested():
            body = (await client.get("/v1/interviews", headers=auth)).json()
            items = body.get("items", body) if isinstance(body, dict) else body
            return [s for s in items if s.get("origin") == "tracker"]

        await wait_for(suggested, timeout=60)

        # The dashboard combines every service.
        dashboard = await _json(client, "GET", "/v1/dashboard", 200, headers=auth)
        assert dashboard["partial"] is False, dashboard
        assert set(dashboard["sections"]) >= {"resume", "ats", "interview", "linkedin", "tracker"}

        # Another user sees none of it (404, not 403).
        await _json(
            client, "POST", "/v1/auth/register", 201, json={"email": "other-" + email, "password": password}
        )
        other = await _json(
            client, "POST", "/v1/auth/token", 200, data={"username": "other-" + email, "password": password}
        )
        other_auth = {"Authorization": f"Bearer {other['access_token']}"}
        assert (await client.get(f"/v1/resumes/{resume_id}", headers=other_auth)).status_code == 404
        assert (await client.get(f"/v1/applications/{application_id}", headers=other_auth)).status_code == 404

        # Deleting the account erases the user's data in every service.
        resp = await client.delete("/v1/me", headers=auth)
        assert resp.status_code in (200, 202, 204), resp.text

        async def erased():
            for name in ("resume", "ats", "interview", "tracker"):
                db = apps[name].state.platform.db
                for collection in await db.list_collection_names():
                    if collection in ("processed_events", "outbox", "outbox_leases"):
                        continue
                    if await db[collection].count_documents({"user_id": user_id}):
                        return False
            return True

        await wait_for(erased, timeout=60)
        assert (await client.get("/v1/me", headers=auth)).status_code in (401, 404)
