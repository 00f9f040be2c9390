"""Resumes as documents over HTTP: CRUD, versions, variants, import/export, isolation, bad input."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import ResumeService, new_user

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).parent.parent / "fixtures"
SAMPLE = json.loads((FIXTURES / "jsonresume_sample.json").read_text())


async def _create(
    svc: ResumeService, headers: dict[str, str], resume: dict[str, Any] | None = None
) -> dict[str, Any]:
    r = await svc.client.post("/v1/resumes", json={"resume": resume or SAMPLE}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_crud_and_versions(resume_service: ResumeService, auth_headers: Any) -> None:
    svc, h = resume_service, auth_headers(new_user())
    created = await _create(svc, h)
    rid = created["id"]
    assert created["version"] == 1
    assert created["title"] == "Mira Okonkwo-Lindqvist - Senior Backend Engineer"
    assert created["resume"] == SAMPLE

    edited = copy.deepcopy(SAMPLE)
    edited["basics"]["label"] = "Staff Engineer"
    r = await svc.client.put(f"/v1/resumes/{rid}", json={"resume": edited, "title": "Main"}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["version"], r.json()["title"]) == (2, "Main")

    r = await svc.client.patch(
        f"/v1/resumes/{rid}",
        content=json.dumps({"resume": {"basics": {"phone": None}}}),
        headers={**h, "Content-Type": "application/merge-patch+json"},
    )
    assert r.json()["version"] == 3
    assert "phone" not in r.json()["resume"]["basics"]

    # Every version stays readable, unchanged.
    v1 = (await svc.client.get(f"/v1/resumes/{rid}/versions/1", headers=h)).json()
    assert v1["resume"]["basics"]["label"] == "Senior Backend Engineer"
    assert v1["latest_version"] == 3
    current = (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).json()
    assert current["version"] == 3 and current["resume"]["basics"]["label"] == "Staff Engineer"
    assert (await svc.client.get(f"/v1/resumes/{rid}/versions/9", headers=h)).status_code == 404

    # An identical PUT is not a new version.
    same = await svc.client.put(f"/v1/resumes/{rid}", json={"resume": current["resume"]}, headers=h)
    assert same.json()["version"] == 3

    listing = (await svc.client.get("/v1/resumes", headers=h)).json()
    assert [item["id"] for item in listing["items"]] == [rid] and listing["total"] == 1

    assert (await svc.client.delete(f"/v1/resumes/{rid}", headers=h)).status_code == 204
    assert (await svc.client.get(f"/v1/resumes/{rid}", headers=h)).status_code == 404
    assert (await svc.client.get(f"/v1/resumes/{rid}/versions/1", headers=h)).status_code == 404


async def test_variant_inherits_later_master_edits(resume_service: ResumeService, auth_headers: Any) -> None:
    svc, h = resume_service, auth_headers(new_user())
    master = await _create(svc, h)
    mid = master["id"]
    body = {
        "job": {"title": "Platform Engineer", "company": "Northwind"},
        "patch": {"basics": {"label": "Platform Engineer"}},
    }
    r = await svc.client.post(f"/v1/resumes/{mid}/variants", json=body, headers=h)
    assert r.status_code == 201, r.text
    variant = r.json()
    vid = variant["id"]
    assert variant["kind"] == "variant" and variant["master_id"] == mid
    assert variant["variant"]["overrides"] == ["/basics/label"]
    assert variant["title"].endswith("(Platform Engineer at Northwind)")

    # The master moves on: a new job on top, a new email, and its own headline.
    edited = copy.deepcopy(SAMPLE)
    edited["basics"]["email"] = "mira@new.example.org"
    edited["basics"]["label"] = "Principal Engineer"
    edited["work"].insert(0, {"name": "Northwind", "position": "Staff Engineer", "startDate": "2025-01"})
    assert (await svc.client.put(f"/v1/resumes/{mid}", json={"resume": edited}, headers=h)).status_code == 200

    # The variant's consumers hear that its words changed with the master (same variant version).
    events = [
        json.loads(bytes(doc["value"]))["data"]
        async for doc in svc.db["outbox"]
        .find({"topic": svc.settings.topic("resugrow.resume.updated.v1"), "key": vid})
        .sort("_id", 1)
    ]
    assert [(e["version"], e["master_version"]) for e in events] == [(1, None), (1, 2)]
    assert "mira@new.example.org" in events[-1]["text"] and events[-1]["headline"] == "Platform Engineer"

    resolved = (await svc.client.get(f"/v1/resumes/{vid}", headers=h)).json()
    assert resolved["resume"]["basics"]["email"] == "mira@new.example.org"  # flowed in
    assert resolved["resume"]["basics"]["label"] == "Platform Engineer"  # overridden
    assert resolved["resume"]["work"][0]["name"] == "Northwind"
    assert resolved["variant"]["master_version"] == 2 and resolved["version"] == 1

    # Tailoring a job's bullets: a new variant version; the override follows the job.
    tailored = copy.deepcopy(resolved["resume"])
    tailored["work"][1]["highlights"] = ["Designed the dispatch platform's Kafka topology"]
    r = await svc.client.put(f"/v1/resumes/{vid}", json={"resume": tailored}, headers=h)
    assert r.json()["version"] == 2
    assert sorted(r.json()["variant"]["overrides"]) == ["/basics/label", "/work/1/highlights"]

    # A master that has variants cannot be deleted out from under them.
    r = await svc.client.delete(f"/v1/resumes/{mid}", headers=h)
    assert r.status_code == 409 and r.json()["variants"] == [vid]
    # Variants derive from masters only.
    r = await svc.client.post(f"/v1/resumes/{vid}/variants", json={}, headers=h)
    assert r.status_code == 422


async def test_import_export_round_trip(resume_service: ResumeService, auth_headers: Any) -> None:
    svc, h = resume_service, auth_headers(new_user())
    raw = (FIXTURES / "jsonresume_sample.json").read_bytes()
    r = await svc.client.post(
        "/v1/resumes/import", content=raw, headers={**h, "Content-Type": "application/json"}
    )
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    exported = await svc.client.get(f"/v1/resumes/{rid}/export?format=jsonresume", headers=h)
    assert exported.json() == json.loads(raw)
    assert "attachment" in exported.headers["content-disposition"]
    ours = (await svc.client.get(f"/v1/resumes/{rid}/export?format=resugrow", headers=h)).json()
    assert ours["format"] == "resugrow/1" and ours["resume"] == json.loads(raw)

    yaml_raw = (FIXTURES / "rendercv_sample.yaml").read_bytes()
    r = await svc.client.post(
        "/v1/resumes/import?format=rendercv", content=yaml_raw, headers={**h, "Content-Type": "text/plain"}
    )
    assert r.status_code == 201, r.text
    imported = r.json()
    assert imported["import"]["format"] == "rendercv"
    assert imported["title"] == "Tomás Ferreira Quispe"
    assert imported["resume"]["work"][0]["name"] == "Marés Energia"
    assert len(imported["import"]["warnings"]) == 1

    # A browser upload: multipart with the file and a format field.
    files = {"file": ("cv.yaml", yaml_raw, "application/octet-stream")}
    r = await svc.client.post(
        "/v1/resumes/import", files=files, data={"format": "rendercv", "title": "CV"}, headers=h
    )
    assert r.status_code == 201, r.text
    assert (r.json()["title"], r.json()["import"]["format"]) == ("CV", "rendercv")


async def test_users_only_see_their_own_documents(resume_service: ResumeService, auth_headers: Any) -> None:
    svc = resume_service
    alice, bob = auth_headers(new_user()), auth_headers(new_user())
    rid = (await _create(svc, alice))["id"]
    for method, path, body in [
        ("GET", f"/v1/resumes/{rid}", None),
        ("GET", f"/v1/resumes/{rid}/versions/1", None),
        ("PUT", f"/v1/resumes/{rid}", {"resume": SAMPLE}),
        ("PATCH", f"/v1/resumes/{rid}", {"title": "mine now"}),
        ("DELETE", f"/v1/resumes/{rid}", None),
        ("GET", f"/v1/resumes/{rid}/export", None),
        ("POST", f"/v1/resumes/{rid}/variants", {}),
        ("POST", f"/v1/resumes/{rid}/renders", {"format": "txt"}),
        ("POST", "/v1/cover-letters", {"resume_id": rid, "paragraphs": ["Hello"]}),
    ]:
        r = await svc.client.request(method, path, json=body, headers=bob)
        assert r.status_code == 404, (method, path, r.status_code)
    assert (await svc.client.get("/v1/resumes", headers=bob)).json()["items"] == []
    assert (await svc.client.get(f"/v1/resumes/{rid}", headers=alice)).json()["version"] == 1
    assert (await svc.client.get(f"/v1/resumes/{rid}")).status_code == 401


async def test_bad_input_gets_a_clear_4xx_and_changes_nothing(
    resume_service: ResumeService, auth_headers: Any
) -> None:
    svc, h = resume_service, auth_headers(new_user())
    rid = (await _create(svc, h))["id"]

    def problem(r: Any, status: int) -> dict[str, Any]:
        assert r.status_code == status, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        return dict(r.json())

    r = await svc.client.post(
        "/v1/resumes", content=b'{"resume": {', headers={**h, "Content-Type": "application/json"}
    )
    problem(r, 422)

    bullets = copy.deepcopy(SAMPLE)
    bullets["work"][0]["highlights"] = ["Shipped a thing"] * 10_000
    body = problem(await svc.client.put(f"/v1/resumes/{rid}", json={"resume": bullets}, headers=h), 422)
    assert body["errors"][0]["loc"] == ["resume", "work", 0, "highlights"]

    bad_date = copy.deepcopy(SAMPLE)
    bad_date["education"][0]["endDate"] = "June 2016"
    body = problem(await svc.client.patch(f"/v1/resumes/{rid}", json={"resume": bad_date}, headers=h), 422)
    assert body["errors"][0]["field"] == "resume.education.0.endDate"
    assert "education[0].endDate" in body["detail"]

    huge = {**SAMPLE, "x-notes": "n" * 600_000}
    problem(await svc.client.post("/v1/resumes", json={"resume": huge}, headers=h), 413)

    r = await svc.client.post(
        "/v1/resumes/import",
        content=b"cv:\n  name: [oops\n",
        headers={**h, "Content-Type": "application/yaml"},
    )
    assert "invalid YAML at line" in problem(r, 422)["detail"]
    r = await svc.client.post(
        "/v1/resumes/import", content=b"%PDF-1.7", headers={**h, "Content-Type": "application/pdf"}
    )
    problem(r, 415)

    # Nothing changed: still one resume, still version 1.
    listing = (await svc.client.get("/v1/resumes", headers=h)).json()
    assert listing["total"] == 1 and listing["items"][0]["latest_version"] == 1


async def test_lists_page_with_an_opaque_cursor(resume_service: ResumeService, auth_headers: Any) -> None:
    svc, h = resume_service, auth_headers(new_user())
    ids = [(await _create(svc, h))["id"] for _ in range(3)]
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(3):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await svc.client.get("/v1/resumes", params=params, headers=h)).json()
        assert page["total"] == 3
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    # Every resume exactly once across the pages (newest first; ties broken by id).
    assert sorted(seen) == sorted(ids) and len(seen) == 3
    r = await svc.client.get("/v1/resumes", params={"cursor": "garbage!"}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["cursor"]
