"""Reviews over HTTP on the real broker and database: upload, history, diff, export, bad input,
isolation, resume consistency and erasure."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from resugrow_events import ResumeUpdatedV1, UserDeletedV1

from .conftest import LinkedinService, new_user

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).parent.parent / "fixtures"
ZIP = (FIXTURES / "export" / "complete.zip").read_bytes()
PDF = (FIXTURES / "pdf" / "profile_09.pdf").read_bytes()
JD = "Senior Data Engineer\nBuild pipelines with Python, Airflow, Snowflake and dbt. Kafka on Kubernetes."


async def _upload(svc: LinkedinService, h: dict[str, str], data: bytes, name: str, **fields: str) -> Any:
    return await svc.client.post(
        "/v1/linkedin/reviews",
        files={"file": (name, data, "application/octet-stream")},
        data=fields,
        headers=h,
    )


async def test_review_history_diff_export_and_isolation(
    linkedin_service: LinkedinService, auth_headers: Any
) -> None:
    svc, user = linkedin_service, new_user()
    h = auth_headers(user)
    r = await _upload(
        svc,
        h,
        ZIP,
        "export.zip",
        as_of="2026-11-27",
        manual=json.dumps({"photo": True}),
        application_id="app-1",
    )
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["source"] == "export" and 0 < first["score"] <= 100 and first["band"]
    assert len(first["audit"]["checks"]) >= 14 and first["audit"]["fixes"]
    assert {c["id"]: c for c in first["audit"]["checks"]}["photo"]["status"] == "pass"
    assert first["ingest"]["files_dropped"] == 5 and first["application_id"] == "app-1"
    assert "Silva" not in json.dumps(first)  # recommenders' and connections' data are never kept

    r = await _upload(svc, h, PDF, "profile.pdf", job_description=JD, as_of="2026-11-27")
    assert r.status_code == 201, r.text
    second = r.json()
    assert second["source"] == "pdf" and second["targeting"]["job_title"] == "Senior Data Engineer"

    r = await svc.client.get("/v1/linkedin/reviews", params={"limit": 1}, headers=h)
    page = r.json()
    # The cursor is opaque (issue 15: one pagination scheme), not the last id.
    assert [i["id"] for i in page["items"]] == [second["id"]] and page["next_cursor"]
    r = await svc.client.get("/v1/linkedin/reviews", params={"cursor": page["next_cursor"]}, headers=h)
    assert [i["id"] for i in r.json()["items"]] == [first["id"]]

    r = await svc.client.get(f"/v1/linkedin/reviews/{first['id']}/diff/{second['id']}", headers=h)
    assert r.status_code == 200
    d = r.json()
    assert d["score_delta"] == second["score"] - first["score"] and d["profile_changes"]["headline"]

    r = await svc.client.get("/v1/linkedin/summary", headers=h)
    s = r.json()
    assert (
        s["reviews"] == 2
        and s["latest"]["review_id"] == second["id"]
        and s["trend"] == second["score"] - first["score"]
    )

    r = await svc.client.post("/v1/linkedin/profile/export", params={"format": "jsonresume"}, headers=h)
    assert (
        r.status_code == 200
        and r.json()["basics"]["name"]
        == second["profile"]["first_name"] + " " + second["profile"]["last_name"]
    )
    r = await svc.client.post("/v1/linkedin/profile/export", json={"review_id": first["id"]}, headers=h)
    assert r.json()["work"][0]["name"] == "Bluefin Logistics"

    r = await svc.client.post(
        "/v1/linkedin/profile/export",
        params={"format": "jsonresume"},
        files={"file": ("p.pdf", PDF, "application/pdf")},
        headers=h,
    )
    assert (
        r.status_code == 200
        and r.json()["work"]
        and r.json()["basics"]["profiles"][0]["network"] == "LinkedIn"
    )

    other = auth_headers(new_user())
    assert (await svc.client.get(f"/v1/linkedin/reviews/{first['id']}", headers=other)).status_code == 404
    assert (
        await svc.client.get(f"/v1/linkedin/reviews/{first['id']}/diff/{second['id']}", headers=other)
    ).status_code == 404
    assert (await svc.client.get("/v1/linkedin/reviews", headers=other)).json()["items"] == []
    assert (await svc.client.get("/v1/linkedin/summary", headers=other)).json()["latest"] is None

    outbox = await svc.db.outbox.find(
        {"topic": svc.settings.topic("resugrow.linkedin.review.completed.v1")}
    ).to_list(None)
    assert {json.loads(o["value"])["data"]["review_id"] for o in outbox} >= {first["id"], second["id"]}


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Positions.csv", b"Company Name,Title\n" + b"0" * (30 * 1024 * 1024))
    return buf.getvalue()


async def test_bad_input_is_a_clear_4xx_and_stores_nothing(
    linkedin_service: LinkedinService, auth_headers: Any
) -> None:
    svc, user = linkedin_service, new_user()
    h = auth_headers(user)
    cases = [
        (await _upload(svc, h, b"just some text", "a.zip"), 415),
        (await _upload(svc, h, _bomb(), "bomb.zip"), 422),
        (await _upload(svc, h, (FIXTURES / "pdf" / "not_linkedin.pdf").read_bytes(), "invoice.pdf"), 422),
        (await _upload(svc, h, b"PK\x03\x04broken", "broken.zip"), 422),
        (await _upload(svc, h, ZIP, "x.zip", manual="{not json"), 422),
        (
            await svc.client.post(
                "/v1/linkedin/reviews", content=b"{", headers={**h, "content-type": "application/json"}
            ),
            400,
        ),
        (
            await svc.client.post("/v1/linkedin/reviews", json={"profile": {"positions": "nope"}}, headers=h),
            422,
        ),
        (await svc.client.post("/v1/linkedin/reviews", json={}, headers=h), 422),
        (
            await svc.client.post(
                "/v1/linkedin/reviews", content=b"x", headers={**h, "content-type": "text/plain"}
            ),
            415,
        ),
        (
            await svc.client.post(
                "/v1/linkedin/profile/export", params={"format": "docx"}, json={"profile": {}}, headers=h
            ),
            422,
        ),
        (await svc.client.get("/v1/linkedin/reviews/nope", headers=h), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await svc.db.reviews.count_documents({"user_id": user}) == 0


async def test_resume_consistency_and_user_erasure(
    linkedin_service: LinkedinService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, user = linkedin_service, new_user()
    h = auth_headers(user)
    r = await svc.client.post("/v1/linkedin/reviews", json={"profile": {"first_name": "Ana", "last_name": "Lee", "positions": [
        {"company": "Acme Corp", "title": "Data Engineer", "start": "2021-03", "current": True}]}}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    review_id = r.json()["id"]
    await publish_event(
        svc.settings,
        ResumeUpdatedV1(
            resume_id="res-1",
            version=2,
            name="Ana Lee",
            text="...",
            updated_at=datetime.now(UTC),
            positions=[
                {"company": "Acme", "title": "Senior Data Engineer", "start": "2021-03", "end": "Present"}
            ],
        ),
        subject="res-1",
        user_id=user,
    )

    async def flagged() -> Any:
        doc = await svc.db.reviews.find_one({"_id": review_id})
        return doc and doc.get("consistency")

    mismatches = await wait_for(flagged, timeout=30)
    assert [m["kind"] for m in mismatches] == ["title"]

    await publish_event(
        svc.settings, UserDeletedV1(user_id=user, deleted_at=datetime.now(UTC)), subject=user, user_id=user
    )

    async def erased() -> bool:
        return (await svc.db.reviews.count_documents({"user_id": user})) == 0 and (
            await svc.db.resume_projections.count_documents({"user_id": user})
        ) == 0

    await wait_for(erased, timeout=30)


async def test_resume_projection_version_always_advances_and_never_goes_back(
    linkedin_service: LinkedinService, publish_event: Any, wait_for: Any
) -> None:
    """An edit that leaves the projection as it was still stores its version (one round trip),
    so an older event replayed later (from the dead-letter topic) cannot overwrite it."""
    from resugrow_linkedin.adapters.repository import MongoResumeProjections

    svc, user = linkedin_service, new_user()
    repo = MongoResumeProjections(svc.db)
    doc = {"title": "CV", "is_variant": False, "name": "Ana Lee", "headline": None, "skills": ["SQL"]}
    acme = [{"company": "Acme", "title": "Data Engineer"}]
    assert await repo.put_if_newer(user, "res-p", {**doc, "version": 1, "positions": acme}) is True
    assert await repo.put_if_newer(user, "res-p", {**doc, "version": 2, "positions": acme}) is False
    changed = [{"company": "Acme", "title": "Senior Data Engineer"}]
    assert await repo.put_if_newer(user, "res-p", {**doc, "version": 1, "positions": changed}) is False
    [stored] = await repo.all_for(user)
    assert stored["version"] == 2 and stored["positions"] == acme
    assert await repo.put_if_newer(user, "res-p", {**doc, "version": 3, "positions": changed}) is True
    assert await repo.put_if_newer(user, "res-p", {**doc, "version": 3, "skills": ["Go"]}) is False

    # Through the consumer (in its transaction): an unchanged edit advances the version.
    def updated(version: int) -> ResumeUpdatedV1:
        return ResumeUpdatedV1(
            resume_id="res-q", version=version, name="Ana Lee", text="...", updated_at=datetime.now(UTC),
            positions=[{"company": "Acme", "title": "Data Engineer", "start": "2021-03", "end": "Present"}],
        )  # fmt: skip

    for version in (1, 2):
        await publish_event(svc.settings, updated(version), subject="res-q", user_id=user)

    async def at_version_2() -> bool:
        found = await svc.db.resume_projections.find_one({"_id": "res-q", "user_id": user})
        return bool(found and found["version"] == 2)

    await wait_for(at_version_2, timeout=30)
