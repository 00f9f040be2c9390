"""The ATS service over HTTP and Kafka on the real local broker and database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from resugrow_events import (
    ApplicationCreatedV1,
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    RenderedArtifact,
    ResumeRenderedV1,
    ResumeUpdatedV1,
    UserDeletedV1,
)

from .conftest import AtsService, new_user

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).parent.parent / "fixtures"
JD = (
    "Senior Software Engineer\nRequirements:\n- 5+ years of experience building backend services in Go and Python\n"
    "- Kafka, PostgreSQL, Kubernetes\n- Bachelor's degree in Computer Science\nNice to have:\n- Rust\n"
)
RESUME_TEXT = (FIXTURES / "plain.txt").read_text()


async def _upload(
    svc: AtsService, h: dict[str, str], name: str, data: bytes | None = None, **fields: str
) -> Any:
    payload = data if data is not None else (FIXTURES / name).read_bytes()
    return await svc.client.post(
        "/v1/ats/scans", files={"file": (name, payload, "application/octet-stream")}, data=fields, headers=h
    )


async def test_upload_scan_list_get_match_parse_and_isolation(
    ats_service: AtsService, auth_headers: Any
) -> None:
    svc, user = ats_service, new_user()
    h = auth_headers(user)
    r = await _upload(svc, h, "typst_single_2page.pdf", job_description=JD, as_of="2026-11-01")
    assert r.status_code == 201, r.text
    scan = r.json()
    report = scan["report"]
    assert scan["algo_version"] == report["algo_version"] and 0 < scan["score"] <= 100
    assert report["parsed"]["basics"]["email"] == "jane.doe@example.com"
    assert report["match"]["score"] == scan["match_score"]
    assert any(
        m["keyword"] == "Rust" and m["where"]["section"] == "skills"
        for m in report["match"]["missing_keywords"]
    )
    for name in ("docx_header_table_textbox.docx", "raw_two_column_rows.pdf", "resume.odt"):
        r = await _upload(svc, h, name, as_of="2026-11-01")
        assert r.status_code == 201, (name, r.text)
    assert "columns" in r.json()["layout_risks"] or r.json()["source"]["filename"] == "resume.odt"
    r = await svc.client.get("/v1/ats/scans", params={"limit": 2}, headers=h)
    page = r.json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    r = await svc.client.get(f"/v1/ats/scans/{scan['id']}", headers=h)
    assert r.status_code == 200 and json.dumps(r.json()["report"], sort_keys=True) == json.dumps(
        report, sort_keys=True
    )
    # Another user sees nothing of it.
    other = auth_headers(new_user())
    assert (await svc.client.get(f"/v1/ats/scans/{scan['id']}", headers=other)).status_code == 404
    assert (await svc.client.get("/v1/ats/scans", headers=other)).json()["items"] == []
    r = await svc.client.get("/v1/ats/summary", headers=h)
    assert r.json()["scans"] == 4 and r.json()["latest"]["id"]
    r = await svc.client.post(
        "/v1/ats/match", json={"text": RESUME_TEXT, "job_description": JD, "as_of": "2026-11-01"}, headers=h
    )
    assert r.status_code == 200 and 0 <= r.json()["score"] <= 100
    r = await svc.client.post(
        "/v1/ats/parse",
        files={"file": ("x.docx", (FIXTURES / "docx_headings_lists.docx").read_bytes())},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["json_resume"]["basics"]["name"] == "Sofia Rossi"


async def test_bad_files_get_clear_4xx_and_store_nothing(ats_service: AtsService, auth_headers: Any) -> None:
    svc, user = ats_service, new_user()
    h = auth_headers(user)
    for path in sorted((FIXTURES / "malformed").iterdir()):
        if path.name.endswith(".json"):
            continue
        expect = json.loads((path.parent / f"{path.name}.truth.json").read_text())
        r = await _upload(svc, h, path.name, path.read_bytes())
        if "error" in expect:
            assert r.status_code == expect["status"], (path.name, r.text)
            body = r.json()
            assert (
                r.headers["content-type"].startswith("application/problem+json")
                and body["code"] == expect["error"]
            )
        else:
            assert r.status_code == 201 and expect["finding"] in {
                f["id"] for f in r.json()["report"]["findings"]
            }
    r = await svc.client.post("/v1/ats/scans", json={"job_description": JD}, headers=h)
    assert r.status_code == 400
    r = await svc.client.post("/v1/ats/scans", json={"resume_id": "nope", "version": 1}, headers=h)
    assert r.status_code == 404
    r = await svc.client.post("/v1/ats/match", json={"text": "x"}, headers=h)
    assert r.status_code == 422
    # Only the flagged scan (image-only) was stored.
    assert (await svc.client.get("/v1/ats/summary", headers=h)).json()["scans"] == 1


async def test_rendered_resume_is_scanned_and_application_matched(
    ats_service: AtsService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, user = ats_service, new_user()
    now = datetime(2026, 11, 1, tzinfo=UTC)
    # The render arrives before the text: the scan waits for resume.updated.
    await publish_event(
        svc.settings,
        ResumeRenderedV1(
            render_id="r-1",
            resume_id="res-1",
            version=3,
            template="classic",
            status="succeeded",
            artifacts=[
                RenderedArtifact(
                    format="pdf",
                    artifact_id="a-1",
                    sha256="0" * 64,
                    size=1000,
                    media_type="application/pdf",
                    pages=1,
                    verification_passed=True,
                )
            ],
        ),
        subject="r-1",
        user_id=user,
    )
    await publish_event(
        svc.settings,
        ResumeUpdatedV1(resume_id="res-1", version=3, text=RESUME_TEXT, name="Aisha Khan", updated_at=now),
        subject="res-1",
        user_id=user,
    )

    async def scanned() -> bool:
        return (
            await svc.db["scans"].count_documents({"user_id": user, "resume_id": "res-1", "version": 3}) == 1
        )

    await wait_for(scanned, timeout=30)
    scan = await svc.db["scans"].find_one({"user_id": user, "resume_id": "res-1"})
    out = await svc.db["outbox"].find_one(
        {"topic": svc.settings.topic(AtsScanCompletedV1.event_type), "key": scan["_id"]}
    )
    assert out is not None
    sent = json.loads(out["value"])
    assert (
        sent["data"]["resume_id"] == "res-1"
        and sent["data"]["version"] == 3
        and sent["data"]["render_id"] == "r-1"
    )
    await publish_event(
        svc.settings,
        ApplicationCreatedV1(
            application_id="app-1",
            company="Peak",
            role="Product Designer",
            stage="applied",
            job_description="Requirements: Figma, Sketch, user research and HTML. 3+ years of experience.",
            resume_id="res-1",
            resume_version=3,
            created_at=now,
        ),
        subject="app-1",
        user_id=user,
    )

    async def matched() -> bool:
        return await svc.db["matches"].count_documents({"user_id": user, "application_id": "app-1"}) == 1

    await wait_for(matched, timeout=30)
    scored = await svc.db["outbox"].find_one(
        {"topic": svc.settings.topic(AtsMatchScoredV1.event_type), "key": "app-1"}
    )
    assert scored is not None and "HTML" in json.loads(scored["value"])["data"]["missing_hard_skills"]
    h = auth_headers(user)
    r = await svc.client.post(
        "/v1/ats/scans",
        json={"application_id": "app-1", "resume_id": "res-1", "version": 3, "as_of": "2026-11-01"},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["report"]["match"] is not None
    await publish_event(svc.settings, UserDeletedV1(user_id=user, deleted_at=now), subject=user, user_id=user)

    async def erased() -> bool:
        counts = [
            await svc.db[c].count_documents({"user_id": user})
            for c in ("scans", "matches", "resume_texts", "applications")
        ]
        return sum(counts) == 0

    await wait_for(erased, timeout=30)
