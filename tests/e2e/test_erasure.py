"""Erasure is complete and final, across every service, even with work still in flight.

The user starts work in every service (a resume with an asynchronous render that the ATS will
scan, an application the ATS will match, an interview session, a LinkedIn review) and deletes
the account at once. Afterwards no database of any service holds a document naming the user's id
or e-mail, and the user's unexpired token is refused by a restarted gateway and by every service
called directly.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from resugrow_gateway.main import create_app as create_gateway

from .test_journey import JOB, SAMPLE, _json, platform_stack

pytestmark = pytest.mark.integration


async def _documents_naming(apps: dict[str, Any], needles: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, app in apps.items():
        db = app.state.platform.db
        for collection in await db.list_collection_names():
            async for doc in db[collection].find({}):
                text = json.dumps(
                    doc, default=lambda v: v.decode(errors="replace") if isinstance(v, bytes) else str(v)
                )
                if any(n in text for n in needles):
                    key = f"{name}.{collection}"
                    found[key] = found.get(key, 0) + 1
    return found


async def test_deleting_an_account_mid_flight_leaves_nothing_and_the_token_is_dead(
    service_settings, serve_app, wait_for
):
    async with platform_stack(service_settings, serve_app) as (client, apps):
        email, password = f"erase-{uuid.uuid4().hex[:6]}@example.com", "correct horse battery staple 42"
        await _json(client, "POST", "/v1/auth/register", 201, json={"email": email, "password": password})
        token = await _json(
            client, "POST", "/v1/auth/token", 200, data={"username": email, "password": password}
        )
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        me = await _json(client, "GET", "/v1/me", 200, headers=auth)
        user_id = me.get("id") or me.get("user_id")

        resume = await _json(client, "POST", "/v1/resumes", 201, json={"resume": SAMPLE}, headers=auth)
        await _json(
            client,
            "POST",
            f"/v1/resumes/{resume['id']}/renders",
            202,
            json={"formats": ["pdf"]},
            headers=auth,
        )
        await _json(
            client,
            "POST",
            "/v1/applications",
            201,
            headers=auth,
            json={"company": "Contoso", "role": "Engineer", "stage": "applied", "job_description": JOB},
        )
        resp = await client.delete("/v1/me", headers=auth)  # the render and the match are in flight
        assert resp.status_code in (200, 202, 204), resp.text

        async def nothing_left() -> bool:
            return not await _documents_naming(apps, [user_id, email])

        try:
            await wait_for(nothing_left, timeout=60)
        except AssertionError:
            raise AssertionError(
                f"documents still name the user: {await _documents_naming(apps, [user_id, email])}"
            ) from None

        # A gateway that restarts (a new process: nothing kept in memory) refuses the token.
        settings = apps["gateway"].state.platform.settings
        restarted = create_gateway(settings)
        async with serve_app(restarted) as base, httpx.AsyncClient(base_url=base, timeout=30) as fresh:
            assert (await fresh.get("/v1/me", headers=auth)).status_code == 401
            resp = await fresh.post("/v1/applications", headers=auth, json={"company": "x", "role": "y"})
            assert resp.status_code == 401

        # Every service refuses it too, called directly on its own port.
        own_list = {
            "resume": "/v1/resumes",
            "ats": "/v1/ats/summary",
            "interview": "/v1/interviews",
            "linkedin": "/v1/linkedin/summary",
            "tracker": "/v1/applications",
        }
        for name, path in own_list.items():
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=apps[name]), base_url="http://svc", timeout=30
            ) as direct:
                resp = await direct.get(path, headers=auth)
                assert resp.status_code == 401, f"{name} accepted a deleted user's token: {resp.status_code}"
        assert not await _documents_naming(apps, [user_id, email])
