"""Erasure (user.deleted): the platform deletes the user's documents; this removes their rendered
files in the same transaction."""

from __future__ import annotations

from resugrow_resume.use_cases.ports import ResumeUoW


async def erase_rendered_files(uow: ResumeUoW, *, user_id: str) -> int:
    return await uow.artifacts.delete_user(user_id)
