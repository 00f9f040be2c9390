"""Cover letters on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from resume_fakes import FakeResumeUnitOfWork

from resugrow_domain import InvalidInput, NotFound
from resugrow_resume.commands import CoverLetterInput, PageQuery, ResumeInput
from resugrow_resume.use_cases import cover_letters, resumes

T0 = datetime(2026, 1, 1, tzinfo=UTC)
U = "u-1"


async def resume_id(uow: FakeResumeUnitOfWork) -> str:
    view = await resumes.create_resume(
        uow, ResumeInput(resume={"basics": {"name": "Ada"}}), user_id=U, now=T0
    )
    return str(view["id"])


async def test_create_get_replace_delete() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    cmd = CoverLetterInput(resume_id=rid, company="Acme", job_title="Lead", paragraphs=["Hello."])
    letter = await cover_letters.create_cover_letter(uow, cmd, user_id=U, now=T0)
    assert letter["title"] == "Cover letter - Lead at Acme" and letter["paragraphs"] == ["Hello."]
    assert (await cover_letters.get_cover_letter(uow, letter["id"], user_id=U))["company"] == "Acme"
    new = CoverLetterInput(resume_id=rid, title="Mine", paragraphs=["Bye."])
    replaced = await cover_letters.replace_cover_letter(uow, letter["id"], new, user_id=U, now=T0)
    assert replaced["title"] == "Mine" and replaced["paragraphs"] == ["Bye."]
    await cover_letters.delete_cover_letter(uow, letter["id"], user_id=U)
    with pytest.raises(NotFound):
        await cover_letters.get_cover_letter(uow, letter["id"], user_id=U)
    with pytest.raises(NotFound):
        await cover_letters.delete_cover_letter(uow, letter["id"], user_id=U)


async def test_letters_are_checked() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    with pytest.raises(NotFound):
        await cover_letters.create_cover_letter(
            uow, CoverLetterInput(resume_id="nope", paragraphs=["x"]), user_id=U, now=T0
        )
    with pytest.raises(InvalidInput) as tpl:
        await cover_letters.create_cover_letter(
            uow, CoverLetterInput(resume_id=rid, template="baroque", paragraphs=["x"]), user_id=U, now=T0
        )
    assert tpl.value.field == "template"
    with pytest.raises(InvalidInput) as empty:
        await cover_letters.create_cover_letter(
            uow, CoverLetterInput(resume_id=rid, paragraphs=[]), user_id=U, now=T0
        )
    assert empty.value.errors[0].field == "paragraphs"
    with pytest.raises(NotFound):
        await cover_letters.replace_cover_letter(
            uow, "nope", CoverLetterInput(resume_id=rid, paragraphs=["x"]), user_id=U, now=T0
        )


async def test_list_pages_and_filters_by_resume() -> None:
    uow = FakeResumeUnitOfWork()
    rid, other = await resume_id(uow), await resume_id(uow)
    for i in range(3):
        cmd = CoverLetterInput(resume_id=rid if i < 2 else other, paragraphs=[f"p{i}"])
        await cover_letters.create_cover_letter(uow, cmd, user_id=U, now=T0 + timedelta(minutes=i))
    first = await cover_letters.list_cover_letters(uow, PageQuery(limit=1), user_id=U, resume_id=rid)
    rest = await cover_letters.list_cover_letters(
        uow, PageQuery(limit=5, cursor=first.next_cursor), user_id=U, resume_id=rid
    )
    assert [i["paragraphs"] for i in first.items + rest.items] == [["p1"], ["p0"]]
    assert first.extra["total"] == 2 and rest.next_cursor is None
