"""Import (LinkedIn, Huntr, any CSV), idempotent re-import, atomic failure; export and report;
analytics and the board over HTTP."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import TrackerService, new_user

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).parent.parent / "unit" / "fixtures" / "imports"


async def _count(svc: TrackerService, h: dict[str, str]) -> int:
    return int((await svc.client.get("/v1/applications?limit=1", headers=h)).json()["total"])


async def test_imports_are_idempotent(tracker_service: TrackerService, auth_headers: Any) -> None:
    svc, h = tracker_service, auth_headers(new_user())
    linkedin = (FIXTURES / "linkedin_job_applications.csv").read_bytes()
    r = await svc.client.post(
        "/v1/applications/import", files={"file": ("Job Applications.csv", linkedin, "text/csv")}, headers=h
    )
    assert r.status_code == 201, r.text
    assert (r.json()["format"], r.json()["created"], r.json()["duplicates_in_file"]) == ("linkedin", 4, 1)
    again = await svc.client.post(
        "/v1/applications/import", files={"file": ("Job Applications.csv", linkedin, "text/csv")}, headers=h
    )
    assert (again.json()["created"], again.json()["skipped_existing"]) == (0, 4)

    huntr = (FIXTURES / "huntr_board.json").read_bytes()
    for expected in (5, 0):
        r = await svc.client.post("/v1/applications/import?format=huntr", content=huntr,
                                  headers={**h, "content-type": "application/json"})  # fmt: skip
        assert r.status_code == 201 and r.json()["created"] == expected, r.text
    messy = (FIXTURES / "messy_spreadsheet.csv").read_bytes()
    for expected in (6, 0):
        r = await svc.client.post(
            "/v1/applications/import", content=messy, headers={**h, "content-type": "text/csv"}
        )
        assert r.json()["created"] == expected, r.text
    german = (FIXTURES / "messy_semicolon_cp1252.csv").read_bytes()
    mapping = json.dumps({"company": "Firma", "role": "Stelle", "stage": "Status", "applied_at": "Beworben am",
                          "source": "Quelle", "salary": "Gehalt"})  # fmt: skip
    r = await svc.client.post(
        "/v1/applications/import",
        files={"file": ("bewerbungen.csv", german, "text/csv")},
        data={"format": "csv", "mapping": mapping},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["created"] == 2, r.text
    assert await _count(svc, h) == 17

    # Imported history is real history: the Tailspin job went saved -> applied -> screening -> interviewing.
    items = (await svc.client.get("/v1/applications?q=Tailspin", headers=h)).json()["items"]
    hist = (await svc.client.get(f"/v1/applications/{items[0]['id']}/history", headers=h)).json()
    assert [m["to"] for m in hist["moves"]] == ["saved", "applied", "screening", "interviewing"]
    assert {m["source"] for m in hist["moves"]} == {"import"}


async def test_failed_import_changes_nothing(tracker_service: TrackerService, auth_headers: Any) -> None:
    svc, h = tracker_service, auth_headers(new_user())
    ok = "Company,Role,Status,Date Applied\nAcme,Dev,applied,2025-10-01\n"
    assert (
        await svc.client.post(
            "/v1/applications/import", content=ok, headers={**h, "content-type": "text/csv"}
        )
    ).status_code == 201
    bad = "Company,Role,Status,Date Applied\nBeta,Dev,applied,2025-10-02\nGamma,QA,daydreaming,2025-10-03\nDelta,PM,applied,31/31/2025\n"
    r = await svc.client.post(
        "/v1/applications/import", content=bad, headers={**h, "content-type": "text/csv"}
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    faults = {(e["row"], e["column"]) for e in r.json()["errors"]}
    assert faults == {(3, "Status"), (4, "Date Applied")}
    r = await svc.client.post("/v1/applications/import", content=bad,
                              headers={**h, "content-type": "text/csv"}, params={"mapping": json.dumps({"company": "Firm", "role": "Role"})})  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["column"] == "Firm"
    r = await svc.client.post("/v1/applications/import", content=b'{"lists": [{"name": "Applied", "jobs": [}',
                              headers={**h, "content-type": "application/json"})  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["row"] == 1
    r = await svc.client.post("/v1/applications/import", content=b"PK\x03\x04rest-of-a-workbook",
                              headers={**h, "content-type": "application/octet-stream"})  # fmt: skip
    assert r.status_code == 415
    huge = b"Company,Role\n" + b"Acme,Dev\n" * 600_000
    r = await svc.client.post(
        "/v1/applications/import", content=huge, headers={**h, "content-type": "text/csv"}
    )
    assert r.status_code == 413
    assert await _count(svc, h) == 1


async def test_analytics_board_export_and_report(tracker_service: TrackerService, auth_headers: Any) -> None:
    svc, h = tracker_service, auth_headers(new_user())
    sheet = (
        "Company,Role,Status,Date Applied,Phone Screen Date,Source\n"
        "Acme,Dev,rejected,2025-10-01,2025-10-05,LinkedIn\n"
        "Beta,Dev,interviewing,2025-10-02,2025-10-06,Referral\n"
        "Gamma,Dev,applied,2025-10-03,,LinkedIn\n"
        "Delta,Dev,saved,,,\n"
    )
    r = await svc.client.post(
        "/v1/applications/import", content=sheet, headers={**h, "content-type": "text/csv"}
    )
    assert r.json()["created"] == 4, r.text
    a = (await svc.client.get("/v1/analytics?as_of=2025-10-20T00:00:00Z", headers=h)).json()
    t = a["totals"]
    # Delta has no date, so it was recorded at import time: after as_of, not in the population.
    assert (t["applications"], t["applied"], t["responded"], t["reached_screening"]) == (3, 3, 2, 2)
    assert t["response_rate"] == pytest.approx(0.6667) and t["interview_rate"] == pytest.approx(0.3333)
    assert a["time_to_first_response"]["median_days"] == 4.0
    assert a["definitions"]["response_rate"]
    assert a == (await svc.client.get("/v1/analytics?as_of=2025-10-20T00:00:00Z", headers=h)).json()
    # Per-stage thresholds: Gamma has waited 17 days in 'applied' by as_of.
    loose = (await svc.client.get("/v1/analytics?as_of=2025-10-20T00:00:00Z", headers=h)).json()
    strict = (
        await svc.client.get("/v1/analytics?as_of=2025-10-20T00:00:00Z&ghost_after=applied:10", headers=h)
    ).json()
    assert (loose["ghosted"]["count"], strict["ghosted"]["count"]) == (0, 1)
    assert (await svc.client.get("/v1/analytics?ghost_after=limbo:3", headers=h)).status_code == 422

    r = await svc.client.put("/v1/board/columns", json={"columns": [
        {"name": "Wishlist", "stage": "saved"}, {"name": "Sent", "stage": "applied"},
        {"name": "Talking", "stage": "screening"}, {"name": "Talking (tech)", "stage": "interviewing"}]}, headers=h)  # fmt: skip
    assert r.status_code == 200, r.text
    board = (await svc.client.get("/v1/board", headers=h)).json()
    counts = {c["name"]: c["count"] for c in board["columns"]}
    assert counts["Wishlist"] == 1 and counts["Talking (tech)"] == 1 and counts["Rejected"] == 1
    bad = await svc.client.put(
        "/v1/board/columns", json={"columns": [{"name": "Limbo", "stage": "purgatory"}]}, headers=h
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["column"] == "stage"
    gamma = (await svc.client.get("/v1/applications?q=Gamma", headers=h)).json()["items"][0]["id"]
    r = await svc.client.post(f"/v1/applications/{gamma}/moves", json={"column_id": "talking"}, headers=h)
    assert r.status_code == 201 and (r.json()["stage"], r.json()["column_id"]) == ("screening", "talking")
    # The cached read model follows the write: analytics now sees Gamma's screening.
    assert (await svc.client.get("/v1/analytics", headers=h)).json()["totals"]["reached_screening"] == 3
    assert {c["name"]: c["count"] for c in (await svc.client.get("/v1/board", headers=h)).json()["columns"]}[
        "Talking"
    ] == 1

    r = await svc.client.get("/v1/applications/export?format=csv&stage=rejected,interviewing", headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(x["company"] for x in rows) == ["Acme", "Beta"]
    acme = next(x for x in rows if x["company"] == "Acme")
    assert acme["screening_at"].startswith("2025-10-05") and "rejected@" in acme["history"]
    r = await svc.client.get(
        "/v1/applications/export?format=json&from=2025-10-02T00:00:00Z&to=2025-10-31T00:00:00Z", headers=h
    )
    data = r.json()
    assert sorted(x["company"] for x in data["applications"]) == ["Beta", "Gamma"]
    assert [m["to"] for m in data["applications"][0]["history"]] == ["applied", "screening", "interviewing"]
    html = (await svc.client.get("/v1/applications/report?name=Alex%20Doe", headers=h)).text
    assert "Proof of job applications" in html and "Alex Doe" in html and "@page" in html
    assert html.count('<tr><td class="n">') == 3  # Delta was never sent
    assert (await svc.client.get("/v1/applications/export?stage=limbo", headers=h)).status_code == 422
