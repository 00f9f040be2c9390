"""HTTP API: the thank-you note draft after an interview."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from resugrow_platform import CurrentUser, PlatformDep
from resugrow_tracker.use_cases.thank_you_draft import thank_you_draft

router = APIRouter(prefix="/v1")
Id = Annotated[str, Path(max_length=100)]


@router.get(
    "/applications/{application_id}/interviews/{interview_id}/thank-you",
    operation_id="get_thank_you_draft",
    tags=["interviews"],
)
async def get_thank_you_draft(
    application_id: Id, interview_id: Id, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await thank_you_draft(
        platform, user_id=user.user_id, app_id=application_id, interview_id=interview_id
    )
