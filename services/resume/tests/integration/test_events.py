"""Consumed events: ats.scan.completed sets a version's score; user.deleted erases everything."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from resugrow_events import AtsScanCompletedV1, UserDeletedV1
from resugrow_resume.adapters.collections import USER_COLLECTIONS

from .conftest import ResumeService, new_user

pytestmark = pytest.mark.integration
SAMPLE = json.loads((Path(__file__).parent.parent / "fixtures" / "jsonresume_sample.json").read_text())


async def test_ats_scan_sets_the_score_of_that_version(
    resume_service: ResumeService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, user = resume_service, new_user()
    h = auth_headers(user)
    rid = (await svc.client.post("/v1/resumes", json={"resume": SAMPLE}, headers=h)).json()["id"]
    await svc.client.patch(
        f"/v1/resumes/{rid}", json={"title": "v2", "resume": {"basics": {"label": "SRE"}}}, headers=h
    )

    scan = AtsScanCompletedV1(scan_id="scan-1", resume_id=rid, version=1, score=81, algo_version="ats-1.0",
                              findings_count=3, layout_risks=["tables"])  # fmt: skip
    await publish_event(svc.settings, scan, subject="scan-1", user_id=user)

    async def scored() -> dict[str, Any] | None:
        doc = (await svc.client.get(f"/v1/resumes/{rid}/versions/1", headers=h)).json()
        return doc if doc["ats"] else None

    v1 = await wait_for(scored, timeout=30)
    assert (v1["ats"]["score"], v1["ats"]["findings_count"], v1["ats"]["layout_risks"]) == (81, 3, ["tables"])
    latest = (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).json()
    assert latest["version"] == 2 and latest["ats"] is None  # the score belongs to version 1 only
    summary = (await svc.client.get("/v1/resumes/summary", headers=h)).json()
    assert summary["items"][0]["ats_score"] == 81 and summary["items"][0]["ats_version"] == 1

    # A scan claiming another user's resume changes nothing.
    await publish_event(svc.settings, scan.model_copy(update={"scan_id": "scan-x", "score": 5}), subject="scan-x",
                        user_id="someone-else")  # fmt: skip
    newer = scan.model_copy(update={"scan_id": "scan-2", "version": 2, "score": 90})
    await publish_event(svc.settings, newer, subject="scan-2", user_id=user)

    async def rescored() -> dict[str, Any] | None:
        doc = (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).json()
        return doc if doc["ats"] else None

    assert (await wait_for(rescored, timeout=30))["ats"]["score"] == 90
    v1_again = (await svc.client.get(f"/v1/resumes/{rid}/versions/1", headers=h)).json()
    assert v1_again["ats"]["score"] == 81


async def test_user_deleted_erases_documents_and_files(
    resume_service: ResumeService, auth_headers: Any, publish_event: Any, wait_for: Any
) -> None:
    svc, user, bystander = resume_service, new_user(), new_user()
    h, hb = auth_headers(user), auth_headers(bystander)
    rid = (await svc.client.post("/v1/resumes", json={"resume": SAMPLE}, headers=h)).json()["id"]
    kept = (await svc.client.post("/v1/resumes", json={"resume": SAMPLE}, headers=hb)).json()["id"]
    await svc.client.post(
        f"/v1/resumes/{rid}/variants", json={"patch": {"basics": {"label": "X"}}}, headers=h
    )
    await svc.client.post("/v1/cover-letters", json={"resume_id": rid, "paragraphs": ["Hi"]}, headers=h)
    for headers, resume_id in ((h, rid), (hb, kept)):
        r = await svc.client.post(f"/v1/resumes/{resume_id}/renders", json={"format": "md"}, headers=headers)
        assert r.status_code == 200

    async def stored() -> bool:  # direct renders store their file in the background
        return await svc.db["artifacts.files"].count_documents({"metadata.user_id": user}) == 1

    await wait_for(stored, timeout=10)

    deleted = UserDeletedV1(user_id=user, deleted_at=datetime.now(UTC) - timedelta(seconds=1))
    await publish_event(svc.settings, deleted, subject=user, user_id=user)

    async def erased() -> bool:
        counts = [await svc.db[name].count_documents({"user_id": user}) for name in USER_COLLECTIONS]
        return sum(counts) == 0

    await wait_for(erased, timeout=30)
    # Erasure is final: the deleted account's token is refused (it would otherwise read a 404).
    assert (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).status_code in (401, 404)
    for name in USER_COLLECTIONS:
        assert await svc.db[name].count_documents({"user_id": user}) == 0, name
    assert await svc.db["artifacts.files"].count_documents({"metadata.user_id": user}) == 0
    assert await svc.db["artifacts.chunks"].count_documents({}) >= 1  # the bystander's file stays
    assert (await svc.client.get(f"/v1/resumes/{kept}", headers=hb)).status_code == 200
    assert await svc.db["artifacts.files"].count_documents({"metadata.user_id": bystander}) == 1
