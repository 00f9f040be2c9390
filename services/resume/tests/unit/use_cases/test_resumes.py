"""Resumes on in-memory repositories: versions, events, paging, conflicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from resume_fakes import FakeResumeUnitOfWork

from resugrow_domain import Conflict, InvalidInput, NotFound, TooLarge
from resugrow_events import ResumeUpdatedV1
from resugrow_resume.commands import PageQuery, ResumeInput, ResumePatch
from resugrow_resume.use_cases import resumes
from resugrow_testing.fakes import run_fake

T0 = datetime(2026, 1, 1, tzinfo=UTC)
U = "u-1"


def doc(name: str = "Ada Lovelace") -> dict[str, Any]:
    return {"basics": {"name": name, "label": "Engineer"}, "work": [{"name": "Acme", "position": "Dev"}]}


async def make(uow: FakeResumeUnitOfWork, name: str = "Ada Lovelace", at: datetime = T0) -> dict[str, Any]:
    return await run_fake(
        uow, lambda u: resumes.create_resume(u, ResumeInput(resume=doc(name)), user_id=U, now=at)
    )


async def test_create_stores_version_1_and_announces_it() -> None:
    uow = FakeResumeUnitOfWork()
    view = await make(uow)
    assert view["title"] == "Ada Lovelace - Engineer" and view["version"] == 1 and view["kind"] == "master"
    [event] = uow.events(ResumeUpdatedV1)
    assert event.resume_id == view["id"] and event.name == "Ada Lovelace"
    assert (await resumes.get_resume(uow, view["id"], user_id=U))["resume"]["basics"][
        "name"
    ] == "Ada Lovelace"


async def test_create_rejects_bad_documents_naming_the_field() -> None:
    uow = FakeResumeUnitOfWork()
    bad = doc()
    bad["work"][0]["startDate"] = "June 2016"
    with pytest.raises(InvalidInput) as exc:
        await resumes.create_resume(uow, ResumeInput(resume=bad), user_id=U, now=T0)
    assert exc.value.errors[0].field == "resume.work.0.startDate"
    with pytest.raises(TooLarge):
        await resumes.create_resume(uow, ResumeInput(resume={**doc(), "x": "n" * 600_000}), user_id=U, now=T0)
    with pytest.raises(InvalidInput) as title:
        await resumes.create_resume(uow, ResumeInput(resume=doc(), title="  "), user_id=U, now=T0)
    assert title.value.field == "title" and not uow.published


async def test_get_is_private_and_versions_are_kept() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (await make(uow))["id"]
    with pytest.raises(NotFound):
        await resumes.get_resume(uow, rid, user_id="someone-else")
    cmd = ResumeInput(resume=doc("Ada King"))
    await run_fake(uow, lambda u: resumes.replace_resume(u, rid, cmd, user_id=U, now=T0 + timedelta(1)))
    assert (await resumes.get_resume(uow, rid, user_id=U, version=1))["resume"]["basics"][
        "name"
    ] == "Ada Lovelace"
    assert (await resumes.get_resume(uow, rid, user_id=U))["version"] == 2
    with pytest.raises(NotFound):
        await resumes.get_resume(uow, rid, user_id=U, version=9)


async def test_replace_with_the_same_document_makes_no_version() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (await make(uow))["id"]
    view = await resumes.replace_resume(uow, rid, ResumeInput(resume=doc(), title="CV"), user_id=U, now=T0)
    assert view["version"] == 1 and view["title"] == "CV" and len(uow.published) == 1


async def test_patch_merges_into_the_current_document() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (await make(uow))["id"]
    patch = ResumePatch(resume={"basics": {"label": "Architect"}})
    view = await resumes.patch_resume(uow, rid, patch, user_id=U, now=T0)
    assert view["version"] == 2 and view["resume"]["basics"] == {"name": "Ada Lovelace", "label": "Architect"}
    assert uow.events(ResumeUpdatedV1)[-1].version == 2


async def test_a_concurrent_writer_gets_a_conflict() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (await make(uow))["id"]
    stale = await uow.resumes.get(U, rid)
    assert stale is not None
    await resumes.replace_resume(uow, rid, ResumeInput(resume=doc("B")), user_id=U, now=T0)
    with pytest.raises(Conflict):
        await resumes.write_version(uow, stale, doc("C"), title=None, user_id=U, now=T0)


async def test_list_pages_newest_first_with_a_cursor() -> None:
    uow = FakeResumeUnitOfWork()
    ids = [(await make(uow, f"P{i}", T0 + timedelta(minutes=i)))["id"] for i in range(5)]
    first = await resumes.list_resumes(uow, PageQuery(limit=2), user_id=U)
    assert [i["id"] for i in first.items] == ids[:2:-1][:2] and first.extra["total"] == 5
    second = await resumes.list_resumes(uow, PageQuery(limit=2, cursor=first.next_cursor), user_id=U)
    last = await resumes.list_resumes(uow, PageQuery(limit=2, cursor=second.next_cursor), user_id=U)
    assert [i["id"] for i in second.items + last.items] == [ids[2], ids[1], ids[0]]
    assert last.next_cursor is None
    assert (await resumes.list_resumes(uow, PageQuery(), user_id=U, kind="variant")).items == []
    with pytest.raises(InvalidInput):
        await resumes.list_resumes(uow, PageQuery(cursor="not-a-cursor"), user_id=U)


async def test_summary_lists_latest_resumes_with_scores() -> None:
    uow = FakeResumeUnitOfWork()
    for i in range(3):
        await make(uow, f"P{i}", T0 + timedelta(minutes=i))
    summary = await resumes.resume_summary(uow, user_id=U, limit=2)
    assert summary["total"] == 3 and [i["title"] for i in summary["items"]] == [
        "P2 - Engineer",
        "P1 - Engineer",
    ]
    assert summary["items"][0]["ats_score"] is None


async def test_delete_removes_versions_and_jobs_but_not_with_dependants() -> None:
    uow = FakeResumeUnitOfWork()
    rid = (await make(uow))["id"]
    await uow.letters.add({"_id": "l1", "user_id": U, "resume_id": rid, "created_at": T0})
    with pytest.raises(Conflict) as exc:
        await resumes.delete_resume(uow, rid, user_id=U)
    assert exc.value.extra["cover_letters"] == ["l1"]
    await uow.letters.delete(U, "l1")
    await uow.jobs.add({"_id": "j1", "user_id": U, "resume_id": rid})
    await resumes.delete_resume(uow, rid, user_id=U)
    assert len(uow.resumes.versions) == 0 and len(uow.jobs.docs) == 0
    with pytest.raises(NotFound):
        await resumes.delete_resume(uow, rid, user_id=U)
