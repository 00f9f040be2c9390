"""Cover letters: the letter's words, tied to a resume (rendering them lives in ``rendering``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from resugrow_domain import NotFound
from resugrow_domain.pagination import Page
from resugrow_events.envelope import new_event_id
from resugrow_resume.commands import CoverLetterInput, PageQuery
from resugrow_resume.domain.documents import validate_letter
from resugrow_resume.domain.model import ResumeInvalid
from resugrow_resume.domain.render import TEMPLATES, UnknownTemplate
from resugrow_resume.use_cases.errors import invalid_document, render_failed
from resugrow_resume.use_cases.paging import newest_page, position
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.reading import load_resume
from resugrow_resume.use_cases.versions import check_title


def letter_view(doc: Doc) -> Doc:
    return {
        "id": doc["_id"],
        "resume_id": doc["resume_id"],
        "title": doc["title"],
        "template": doc.get("template"),
        **doc["letter"],
        "created_at": doc["created_at"],
        "updated_at": doc["updated_at"],
        "links": {"renders": f"/v1/cover-letters/{doc['_id']}/renders"},
    }


def letter_title(resume_title: str, letter: dict[str, Any]) -> str:
    target = " at ".join(str(letter[k]) for k in ("job_title", "company") if letter.get(k))
    return f"Cover letter - {target or resume_title}"[:200]


async def load_letter(uow: ResumeUoW, user_id: str, letter_id: str) -> Doc:
    doc = await uow.letters.get(user_id, letter_id)
    if doc is None:
        raise NotFound(f"No cover letter {letter_id!r}.")
    return doc


async def _fields(uow: ResumeUoW, cmd: CoverLetterInput, user_id: str) -> Doc:
    """The stored fields of a letter: checked template and words, title defaulted from the resume."""
    if cmd.template is not None and cmd.template not in TEMPLATES:
        raise render_failed(UnknownTemplate(cmd.template, tuple(TEMPLATES)))
    try:
        letter = validate_letter(cmd.letter_fields())
    except ResumeInvalid as exc:
        raise invalid_document(exc, "") from None
    resume = await load_resume(uow, user_id, cmd.resume_id)
    return {
        "resume_id": cmd.resume_id,
        "title": check_title(cmd.title) or letter_title(resume["title"], letter),
        "template": cmd.template,
        "letter": letter,
    }


async def create_cover_letter(uow: ResumeUoW, cmd: CoverLetterInput, *, user_id: str, now: datetime) -> Doc:
    doc = {"_id": new_event_id(), "user_id": user_id, **await _fields(uow, cmd, user_id),
           "created_at": now, "updated_at": now}  # fmt: skip
    await uow.letters.add(doc)
    return letter_view(doc)


async def replace_cover_letter(
    uow: ResumeUoW, letter_id: str, cmd: CoverLetterInput, *, user_id: str, now: datetime
) -> Doc:
    current = await load_letter(uow, user_id, letter_id)
    changes = {**await _fields(uow, cmd, user_id), "updated_at": now}
    await uow.letters.update(user_id, letter_id, changes)
    return letter_view({**current, **changes})


async def delete_cover_letter(uow: ResumeUoW, letter_id: str, *, user_id: str) -> None:
    if not await uow.letters.delete(user_id, letter_id):
        raise NotFound(f"No cover letter {letter_id!r}.")


async def get_cover_letter(uow: ResumeUoW, letter_id: str, *, user_id: str) -> Doc:
    return letter_view(await load_letter(uow, user_id, letter_id))


async def list_cover_letters(
    uow: ResumeUoW, query: PageQuery, *, user_id: str, resume_id: str | None = None
) -> Page[Doc]:
    """Newest first, optionally only one resume's letters."""
    docs = await uow.letters.newest(
        user_id, resume_id=resume_id, limit=query.limit + 1, after=position(query.cursor)
    )
    page = newest_page(docs, query.limit, "created_at")
    total = await uow.letters.count(user_id, resume_id=resume_id)
    return Page([letter_view(d) for d in page.items], page.next_cursor, {"total": total})
