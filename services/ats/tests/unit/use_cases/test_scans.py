"""Scan use cases on in-memory repositories: what a user sees of their scans."""

from __future__ import annotations

from datetime import timedelta

import pytest

from resugrow_ats.commands import ScanRequest, Upload
from resugrow_ats.use_cases import scans
from resugrow_domain import InvalidInput, NotFound
from resugrow_events import AtsScanCompletedV1
from resugrow_testing.fakes import run_fake

from .conftest import FIXTURES, NOW, fakes

JOB = "Senior Product Designer\nRequirements: Figma, design systems, accessibility, user research."


async def _store_text(uow, text: str, *, user_id: str = "u1", resume_id: str = "r1", version: int = 1):
    await uow.resume_texts.put({"user_id": user_id, "resume_id": resume_id, "version": version, "text": text})


async def test_create_scan_of_an_upload_keeps_the_report_and_announces_it(uow, scanner):
    data = (FIXTURES / "plain.txt").read_bytes()
    cmd = ScanRequest(job_description=JOB)
    view = await run_fake(
        uow,
        lambda u: scans.create_scan(
            u, cmd, user_id="u1", now=NOW, upload=Upload(data, "cv.txt"), scanner=scanner
        ),
    )
    assert view["source"]["kind"] == "upload" and view["source"]["bytes"] == len(data)
    assert 0 <= view["score"] <= 100 and view["match_score"] is not None
    assert view["report"]["match"]["score"] == view["match_score"]
    [event] = uow.events(AtsScanCompletedV1)
    assert event.scan_id == view["id"] and event.score == view["score"]
    assert (await uow.scans.get("u1", view["id"])) is not None


async def test_create_scan_of_a_stored_version_and_present_means_the_request_date(uow, scanner, resume_text):
    await _store_text(uow, resume_text)
    cmd = ScanRequest(resume_id="r1", version=1)
    view = await run_fake(
        uow, lambda u: scans.create_scan(u, cmd, user_id="u1", now=NOW, upload=None, scanner=scanner)
    )
    assert view["source"] == {"kind": "resume_version", "resume_id": "r1", "version": 1}
    assert view["resume_id"] == "r1" and view["match_score"] is None
    # Same text, an as_of ten years later: more experience, the report differs.
    later = ScanRequest(resume_id="r1", version=1, as_of=(NOW + timedelta(days=3650)).date())
    again = await scans.create_scan(uow, later, user_id="u1", now=NOW, upload=None, scanner=scanner)
    assert again["report"] != view["report"]


async def test_create_scan_refuses_unknown_versions_other_users_and_long_jobs(uow, scanner, resume_text):
    await _store_text(uow, resume_text, user_id="someone-else")
    with pytest.raises(NotFound):
        await run_fake(
            uow,
            lambda u: scans.create_scan(
                u, ScanRequest(resume_id="r1", version=1), user_id="u1", now=NOW, upload=None, scanner=scanner
            ),
        )
    with pytest.raises(InvalidInput) as too_long:
        await scans.create_scan(
            uow,
            ScanRequest(resume_id="r1", version=1, job_description="x" * 101),
            user_id="someone-else",
            now=NOW,
            upload=None,
            scanner=fakes.InlineScanner(max_job_description_chars=100),
        )
    assert too_long.value.field == "job_description"
    with pytest.raises(InvalidInput):
        await scans.create_scan(uow, ScanRequest(), user_id="u1", now=NOW, upload=None, scanner=scanner)
    with pytest.raises(NotFound):  # an application with no job description known
        await scans.create_scan(
            uow, ScanRequest(application_id="a1"), user_id="u1", now=NOW, upload=None, scanner=scanner
        )
    assert uow.published == [] and len(uow.scans.coll) == 0 and scanner.runs == 0


async def test_create_scan_uses_the_applications_job_description(uow, scanner, resume_text):
    await _store_text(uow, resume_text)
    await uow.applications.put({"user_id": "u1", "application_id": "a1", "job_description": JOB})
    cmd = ScanRequest(resume_id="r1", version=1, application_id="a1")
    view = await scans.create_scan(uow, cmd, user_id="u1", now=NOW, upload=None, scanner=scanner)
    assert view["application_id"] == "a1" and view["match_score"] is not None


async def test_list_scans_pages_newest_first_with_an_opaque_cursor(uow, scanner, resume_text):
    await _store_text(uow, resume_text)
    ids = []
    for _ in range(5):
        view = await scans.create_scan(
            uow, ScanRequest(resume_id="r1", version=1), user_id="u1", now=NOW, upload=None, scanner=scanner
        )
        ids.append(view["id"])
    first = await scans.list_scans(uow, user_id="u1", limit=2)
    assert [i["id"] for i in first.items] == ids[::-1][:2] and "report" not in first.items[0]
    assert first.next_cursor and first.next_cursor not in ids
    second = await scans.list_scans(uow, user_id="u1", limit=3, cursor=first.next_cursor)
    assert [i["id"] for i in second.items] == ids[::-1][2:] and second.next_cursor is None
    assert (await scans.list_scans(uow, user_id="u2", limit=2)).items == []
    with pytest.raises(InvalidInput):
        await scans.list_scans(uow, user_id="u1", limit=2, cursor="not-a-cursor!")


async def test_get_scan_shows_only_the_owners_scan(uow, scanner, resume_text):
    await _store_text(uow, resume_text)
    view = await scans.create_scan(
        uow, ScanRequest(resume_id="r1", version=1), user_id="u1", now=NOW, upload=None, scanner=scanner
    )
    assert (await scans.get_scan(uow, user_id="u1", scan_id=view["id"])) == view
    with pytest.raises(NotFound):
        await scans.get_scan(uow, user_id="u2", scan_id=view["id"])


async def test_summarize_scans_counts_and_averages(uow, scanner, resume_text):
    empty = await scans.summarize_scans(uow, user_id="u1")
    assert empty["scans"] == 0 and empty["latest"] is None and empty["average_score"] is None
    await _store_text(uow, resume_text)
    views = [
        await scans.create_scan(
            uow, ScanRequest(resume_id="r1", version=1), user_id="u1", now=NOW, upload=None, scanner=scanner
        )
        for _ in range(2)
    ]
    summary = await scans.summarize_scans(uow, user_id="u1")
    assert summary["scans"] == 2 and summary["latest"]["id"] == views[-1]["id"]
    assert summary["best_score"] == views[0]["score"] == summary["average_score"]
