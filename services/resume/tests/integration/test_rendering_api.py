"""Renders over HTTP: one format returned directly, several as a job through the real broker."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from gridfs import AsyncGridFSBucket

from resugrow_resume.adapters.collections import RENDERS

from .conftest import ResumeService, new_user

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).parent.parent / "fixtures"
SAMPLE = json.loads((FIXTURES / "jsonresume_sample.json").read_text())


async def _resume(svc: ResumeService, h: dict[str, str], resume: dict[str, Any] | None = None) -> str:
    r = await svc.client.post("/v1/resumes", json={"resume": resume or SAMPLE}, headers=h)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def test_sync_render_returns_the_file_and_reuses_the_artifact(
    resume_service: ResumeService, auth_headers: Any, wait_for: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = await _resume(svc, h)
    r = await svc.client.post(
        f"/v1/resumes/{rid}/renders", json={"format": "pdf", "template": "modern"}, headers=h
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert (
        r.headers["content-disposition"]
        == 'attachment; filename="mira-okonkwo-lindqvist-senior-backend-engineer-modern.pdf"'
    )
    assert r.headers["x-render-verification"] == "passed"
    assert r.headers["x-render-cache"] == "miss"

    async def stored() -> bool:  # a direct render stores its file in the background
        return await svc.db["artifacts.files"].count_documents({"_id": r.headers["x-artifact-id"]}) == 1

    await wait_for(stored, timeout=10)
    # Written without GridFS's uploader, but a GridFS file all the same.
    stream = await AsyncGridFSBucket(svc.db, bucket_name="artifacts").open_download_stream(
        r.headers["x-artifact-id"]
    )
    assert await stream.read() == r.content and stream.filename.endswith("-modern.pdf")
    again = await svc.client.post(
        f"/v1/resumes/{rid}/renders", json={"format": "pdf", "template": "modern"}, headers=h
    )
    assert again.headers["x-render-cache"] == "hit"
    assert again.content == r.content
    assert again.headers["x-artifact-id"] == r.headers["x-artifact-id"]

    text = await svc.client.post(f"/v1/resumes/{rid}/renders", json={"format": "txt"}, headers=h)
    assert text.headers["content-type"].startswith("text/plain")
    assert "Parcelwise" in text.text


async def test_render_job_flows_through_the_broker(
    resume_service: ResumeService, auth_headers: Any, wait_for: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = await _resume(svc, h)
    r = await svc.client.post(
        f"/v1/resumes/{rid}/renders",
        json={"formats": ["pdf", "docx", "md"], "template": "compact"},
        headers=h,
    )
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] == "pending" and r.headers["location"] == f"/v1/renders/{job['id']}"

    async def finished() -> dict[str, Any] | None:
        doc = (await svc.client.get(f"/v1/renders/{job['id']}", headers=h)).json()
        return doc if doc["status"] != "pending" else None

    done = await wait_for(finished, timeout=60)
    assert done["status"] == "succeeded", done
    by_format = {a["format"]: a for a in done["artifacts"]}
    assert set(by_format) == {"pdf", "docx", "md"}
    assert by_format["pdf"]["verification"]["passed"] and by_format["docx"]["verification"]["passed"]

    docx = await svc.client.get(by_format["docx"]["url"], headers=h)
    assert docx.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert any("Parcelwise" in p for p in paragraphs)
    pdf = await svc.client.get(f"/v1/renders/{job['id']}/file?format=pdf", headers=h)
    assert pdf.content.startswith(b"%PDF")
    assert (await svc.client.get(f"/v1/renders/{job['id']}/file?format=png", headers=h)).status_code == 404

    # resume.rendered left through the outbox, with the artifacts and their verification.
    async def rendered_sent() -> dict[str, Any] | None:
        return await svc.db["outbox"].find_one(  # type: ignore[no-any-return]
            {"topic": svc.settings.topic("resugrow.resume.rendered.v1"), "key": job["id"], "status": "sent"}
        )

    sent = await wait_for(rendered_sent, timeout=20)
    event = json.loads(bytes(sent["value"]))
    assert event["data"]["status"] == "succeeded"
    assert {a["format"] for a in event["data"]["artifacts"]} == {"pdf", "docx", "md"}
    assert all(a["verification_passed"] for a in event["data"]["artifacts"] if a["format"] in ("pdf", "docx"))

    # The same job again reuses every stored artifact: same ids, nothing rendered.
    r = await svc.client.post(
        f"/v1/resumes/{rid}/renders",
        json={"formats": ["pdf", "docx", "md"], "template": "compact"},
        headers=h,
    )
    repeat_id = r.json()["id"]

    async def repeat_finished() -> dict[str, Any] | None:
        doc = (await svc.client.get(f"/v1/renders/{repeat_id}", headers=h)).json()
        return doc if doc["status"] != "pending" else None

    repeat = await wait_for(repeat_finished, timeout=60)
    assert [a["artifact_id"] for a in repeat["artifacts"]] == [a["artifact_id"] for a in done["artifacts"]]
    assert all(a["reused"] for a in repeat["artifacts"])

    # Another user never sees the job or its files.
    other = auth_headers(new_user())
    assert (await svc.client.get(f"/v1/renders/{job['id']}", headers=other)).status_code == 404
    assert (
        await svc.client.get(f"/v1/renders/{job['id']}/file?format=pdf", headers=other)
    ).status_code == 404


async def test_cover_letter_renders_in_the_resume_theme(
    resume_service: ResumeService, auth_headers: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = await _resume(svc, h)
    body = {
        "resume_id": rid,
        "job_title": "Staff Backend Engineer",
        "company": "Northwind Freight",
        "recipient": "Hiring team",
        "date": "2026-11-02",
        "greeting": "Dear hiring team,",
        "paragraphs": [
            "I build event-driven backends that do not lose messages.",
            "At Parcelwise I split a dispatch monolith into six services.",
        ],
        "closing": "Kind regards,",
    }
    r = await svc.client.post("/v1/cover-letters", json=body, headers=h)
    assert r.status_code == 201, r.text
    letter = r.json()
    assert letter["title"] == "Cover letter - Staff Backend Engineer at Northwind Freight"
    assert (await svc.client.get(f"/v1/cover-letters/{letter['id']}", headers=h)).json()[
        "company"
    ] == "Northwind Freight"
    assert [x["id"] for x in (await svc.client.get("/v1/cover-letters", headers=h)).json()["items"]] == [
        letter["id"]
    ]

    r = await svc.client.post(f"/v1/cover-letters/{letter['id']}/renders", json={"format": "txt"}, headers=h)
    assert r.status_code == 200, r.text
    assert "Northwind Freight" in r.text and "six services" in r.text
    pdf = await svc.client.post(
        f"/v1/cover-letters/{letter['id']}/renders", json={"format": "pdf"}, headers=h
    )
    assert pdf.content.startswith(b"%PDF") and pdf.headers["x-render-verification"] == "passed"

    bad = await svc.client.post("/v1/cover-letters", json={**body, "paragraphs": []}, headers=h)
    assert bad.status_code == 422

    edited = await svc.client.put(
        f"/v1/cover-letters/{letter['id']}", json={**body, "company": "Acme"}, headers=h
    )
    assert edited.json()["company"] == "Acme" and edited.json()["title"].endswith("at Acme")
    # The resume cannot be deleted while a letter depends on it; once the letter is gone, it can.
    assert (await svc.client.delete(f"/v1/resumes/{rid}", headers=h)).status_code == 409
    assert (await svc.client.delete(f"/v1/cover-letters/{letter['id']}", headers=h)).status_code == 204
    assert (await svc.client.get(f"/v1/cover-letters/{letter['id']}", headers=h)).status_code == 404
    assert (await svc.client.delete(f"/v1/resumes/{rid}", headers=h)).status_code == 204


async def test_templates_are_listed_with_thumbnails(resume_service: ResumeService) -> None:
    svc = resume_service
    items = (await svc.client.get("/v1/templates")).json()["items"]
    names = [t["name"] for t in items]
    assert len(names) >= 4 and "classic" in names
    png = await svc.client.get(items[0]["thumbnail_url"])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert (await svc.client.get("/v1/templates/nope/thumbnail.png")).status_code == 404


async def test_render_errors_name_the_problem_and_store_nothing(
    resume_service: ResumeService, auth_headers: Any, wait_for: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = await _resume(svc, h)

    r = await svc.client.post(
        f"/v1/resumes/{rid}/renders", json={"format": "pdf", "template": "baroque"}, headers=h
    )
    assert r.status_code == 422 and "baroque" in r.json()["detail"]
    assert r.json()["errors"][0]["loc"] == ["template"]
    r = await svc.client.post(f"/v1/resumes/{rid}/renders", json={"formats": ["pdf", "rtf"]}, headers=h)
    assert r.status_code == 422 and "rtf" in r.json()["detail"]
    r = await svc.client.post(
        f"/v1/resumes/{rid}/renders", json={"format": "pdf", "formats": ["pdf"]}, headers=h
    )
    assert r.status_code == 422
    for options, field in (({"page_size": "tabloid"}, "page_size"), ({"fit_pages": 0}, "fit_pages"),
                           ({"locale": "zz-not-a-locale"}, "locale")):  # fmt: skip
        r = await svc.client.post(
            f"/v1/resumes/{rid}/renders", json={"formats": ["pdf"], **options}, headers=h
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["loc"] == [field]

    glyph = json.loads(json.dumps(SAMPLE))
    glyph["basics"]["summary"] = "Fluent in hieroglyphs \U00013000 too"
    gid = await _resume(svc, h, glyph)
    r = await svc.client.post(f"/v1/resumes/{gid}/renders", json={"format": "pdf"}, headers=h)
    assert r.status_code == 422, r.text
    assert r.json()["codepoint"] == "U+13000"
    # The same problem in a job: a failed job naming the character, never a silent drop.
    r = await svc.client.post(f"/v1/resumes/{gid}/renders", json={"formats": ["pdf", "md"]}, headers=h)
    job_id = r.json()["id"]

    async def failed() -> dict[str, Any] | None:
        doc = (await svc.client.get(f"/v1/renders/{job_id}", headers=h)).json()
        return doc if doc["status"] != "pending" else None

    job = await wait_for(failed, timeout=60)
    assert job["status"] == "failed" and "U+13000" in job["error"]["detail"]

    long = json.loads(json.dumps(SAMPLE))
    long["work"] = [
        {"name": f"Company {i}", "position": "Engineer", "startDate": "2010-01", "endDate": "2011-01",
         "highlights": [f"Delivered project {i}.{j} with measurable results for the business" for j in range(6)]}
        for i in range(40)
    ]  # fmt: skip
    lid = await _resume(svc, h, long)
    r = await svc.client.post(f"/v1/resumes/{lid}/renders", json={"format": "pdf", "fit_pages": 1}, headers=h)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "cannot_fit" and r.json()["report"]

    for resume_id in (rid, gid, lid):
        assert await svc.db["artifacts.files"].count_documents({"metadata.resume_id": resume_id}) == 0
    assert await svc.db[RENDERS].count_documents({"resume_id": rid}) == 0
