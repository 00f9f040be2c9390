"""ATS scores per version and the erasure of rendered files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from resume_fakes import FakeResumeUnitOfWork

from resugrow_events import AtsScanCompletedV1
from resugrow_resume.commands import ResumeInput
from resugrow_resume.use_cases import erase, resumes, scores

T0 = datetime(2026, 1, 1, tzinfo=UTC)
U = "u-1"


async def test_only_the_newest_scan_is_kept_per_version_and_resume() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (
        await resumes.create_resume(uow, ResumeInput(resume={"basics": {"name": "A"}}), user_id=U, now=T0)
    )["id"]
    newer = AtsScanCompletedV1(scan_id="s2", resume_id=rid, version=1, score=80, algo_version="1")
    older = AtsScanCompletedV1(scan_id="s1", resume_id=rid, version=1, score=40, algo_version="1")
    await scores.record_ats_score(uow, newer, user_id=U, scanned_at=T0 + timedelta(1))
    await scores.record_ats_score(uow, older, user_id=U, scanned_at=T0)
    view = await resumes.get_resume(uow, rid, user_id=U)
    assert view["ats"]["score"] == 80 and view["latest_ats"]["version"] == 1


async def test_a_scan_of_a_render_finds_its_resume_and_uploads_are_ignored() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (
        await resumes.create_resume(uow, ResumeInput(resume={"basics": {"name": "A"}}), user_id=U, now=T0)
    )["id"]
    await uow.jobs.add({"_id": "r1", "user_id": U, "resume_id": rid, "version": 1})
    await scores.record_ats_score(
        uow,
        AtsScanCompletedV1(scan_id="s", render_id="r1", score=70, algo_version="1"),
        user_id=U,
        scanned_at=T0,
    )
    await scores.record_ats_score(
        uow, AtsScanCompletedV1(scan_id="u", score=10, algo_version="1"), user_id=U, scanned_at=T0
    )
    assert (await resumes.get_resume(uow, rid, user_id=U))["ats"]["score"] == 70


async def test_erase_removes_only_that_users_files() -> None:
    uow = FakeResumeUnitOfWork()
    await uow.artifacts.put("a", "a.pdf", b"x", {"user_id": U})
    await uow.artifacts.put("b", "b.pdf", b"y", {"user_id": "other"})
    assert await erase.erase_rendered_files(uow, user_id=U) == 1
    assert list(uow.artifacts.files) == ["b"]
