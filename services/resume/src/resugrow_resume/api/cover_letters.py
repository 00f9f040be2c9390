"""Routes of cover letters (rendering them is in ``renders``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from resugrow_resume.api.deps import PageDep, RuntimeDep, UserDep
from resugrow_resume.api.schemas import CoverLetterOut, CoverLetterPage
from resugrow_resume.commands import CoverLetterInput
from resugrow_resume.use_cases import cover_letters

router = APIRouter(prefix="/v1", tags=["cover-letters"])


@router.post(
    "/cover-letters", operation_id="create_cover_letter", status_code=201, response_model=CoverLetterOut
)
async def create_cover_letter(body: CoverLetterInput, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: cover_letters.create_cover_letter(uow, body, user_id=user.user_id, now=rt.now())
    )


@router.get("/cover-letters", operation_id="list_cover_letters", response_model=CoverLetterPage)
async def list_cover_letters(
    user: UserDep, rt: RuntimeDep, page: PageDep, resume_id: str | None = None
) -> dict[str, Any]:
    result = await cover_letters.list_cover_letters(
        rt.reader(), page, user_id=user.user_id, resume_id=resume_id
    )
    return {"items": result.items, "next_cursor": result.next_cursor, **result.extra}


@router.get("/cover-letters/{letter_id}", operation_id="get_cover_letter", response_model=CoverLetterOut)
async def get_cover_letter(letter_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await cover_letters.get_cover_letter(rt.reader(), letter_id, user_id=user.user_id)


@router.put("/cover-letters/{letter_id}", operation_id="replace_cover_letter", response_model=CoverLetterOut)
async def replace_cover_letter(
    letter_id: str, body: CoverLetterInput, user: UserDep, rt: RuntimeDep
) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: cover_letters.replace_cover_letter(
            uow, letter_id, body, user_id=user.user_id, now=rt.now()
        )
    )


@router.delete(
    "/cover-letters/{letter_id}", operation_id="delete_cover_letter", status_code=204, response_class=Response
)
async def delete_cover_letter(letter_id: str, user: UserDep, rt: RuntimeDep) -> Response:
    await rt.transact(lambda uow: cover_letters.delete_cover_letter(uow, letter_id, user_id=user.user_id))
    return Response(status_code=204)
