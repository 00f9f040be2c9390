"""Export and resume-projection use cases on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import Envelope, ResumeUpdatedV1
from resugrow_linkedin.commands import ReviewRequest, Upload
from resugrow_linkedin.use_cases import profiles, reviews

from .conftest import EXPORTS, NOW, PROFILE


def _resume_updated(version: int, title: str, user_id: str | None = "u1") -> Envelope[ResumeUpdatedV1]:
    payload = ResumeUpdatedV1(
        resume_id="res-1", version=version, name="Ana Lee", text="...", updated_at=datetime.now(UTC),
        positions=[{"company": "Acme", "title": title, "start": "2021-03", "end": "Present"}],
    )  # fmt: skip
    return Envelope.wrap(payload, source="/services/test", subject="res-1", userid=user_id)


async def _stored_review(uow, analyser) -> dict:
    analysis = await reviews.analyse_profile(
        uow, ReviewRequest(profile=PROFILE), user_id="u1", now=NOW, upload=None, analyser=analyser
    )
    return await reviews.record_review(uow, analysis, user_id="u1", now=NOW)


async def test_export_profile_of_an_upload_or_of_the_latest_review(uow, analyser):
    doc = await profiles.export_profile(
        uow, ReviewRequest(), user_id="u1", fmt="jsonresume", upload=Upload((EXPORTS / "basic.zip").read_bytes()),
        analyser=analyser,
    )  # fmt: skip
    assert doc["basics"]["name"] and doc["work"]
    with pytest.raises(NotFound):
        await profiles.export_profile(
            uow, ReviewRequest(), user_id="u1", fmt="jsonresume", upload=None, analyser=analyser
        )
    stored = await _stored_review(uow, analyser)
    latest = await profiles.export_profile(
        uow, ReviewRequest(), user_id="u1", fmt="jsonresume", upload=None, analyser=analyser
    )
    named = await profiles.export_profile(
        uow,
        ReviewRequest(review_id=stored["id"]),
        user_id="u1",
        fmt="jsonresume",
        upload=None,
        analyser=analyser,
    )
    assert latest == named and latest["basics"]["name"] == "Ana Lee"
    assert latest["work"][0]["name"] == "Acme Corp"


async def test_export_profile_only_as_json_resume(uow, analyser):
    with pytest.raises(InvalidInput) as bad:
        await profiles.export_profile(
            uow, ReviewRequest(profile={}), user_id="u1", fmt="docx", upload=None, analyser=analyser
        )
    assert bad.value.field == "format"


async def test_record_resume_keeps_the_newest_version_and_flags_the_latest_review(uow, analyser):
    review = await _stored_review(uow, analyser)
    await profiles.record_resume(uow, _resume_updated(2, "Senior Data Engineer"))
    flagged = await uow.reviews.get("u1", review["id"])
    assert [m["kind"] for m in flagged["consistency"]] == ["title"]
    # An older version changes nothing, even if it would match.
    await profiles.record_resume(uow, _resume_updated(1, "Data Engineer"))
    assert (await uow.reviews.get("u1", review["id"]))["consistency"] == flagged["consistency"]
    [resume] = await uow.resumes.all_for("u1")
    assert resume["version"] == 2 and resume["positions"][0]["title"] == "Senior Data Engineer"


async def test_record_resume_without_a_user_or_a_review_only_stores_what_it_can(uow):
    await profiles.record_resume(uow, _resume_updated(1, "X", user_id=None))
    assert len(uow.resumes.coll) == 0
    await profiles.record_resume(uow, _resume_updated(1, "X"))
    assert len(uow.resumes.coll) == 1 and len(uow.reviews.coll) == 0


async def test_record_resume_unchanged_content_advances_the_version_and_leaves_the_review(uow, analyser):
    review = await _stored_review(uow, analyser)
    await profiles.record_resume(uow, _resume_updated(2, "Senior Data Engineer"))
    marker = [{"kind": "marker"}]
    await uow.reviews.set_consistency("u1", review["id"], marker)
    # A phone-number edit: same projection content, newer version. Stored, review untouched.
    await profiles.record_resume(uow, _resume_updated(3, "Senior Data Engineer"))
    [resume] = await uow.resumes.all_for("u1")
    assert resume["version"] == 3
    assert (await uow.reviews.get("u1", review["id"]))["consistency"] == marker
    # A replay of version 2 with other content (e.g. from the dead-letter topic) changes nothing.
    await profiles.record_resume(uow, _resume_updated(2, "Data Engineer"))
    [resume] = await uow.resumes.all_for("u1")
    assert resume["version"] == 3 and resume["positions"][0]["title"] == "Senior Data Engineer"
    # A newer version that changes the content refreshes the check again.
    await profiles.record_resume(uow, _resume_updated(4, "Data Engineer"))
    assert (await uow.reviews.get("u1", review["id"]))["consistency"] == []
