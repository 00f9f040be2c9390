"""The thank-you note draft after an interview."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from resugrow_tracker.api.deps import RuntimeDep, UserDep
from resugrow_tracker.use_cases.thank_you import thank_you_draft

router = APIRouter(tags=["tracker"])
Id = Annotated[str, Path(max_length=100)]


@router.get(
    "/v1/applications/{application_id}/interviews/{interview_id}/thank-you",
    operation_id="get_thank_you_draft",
)
async def get_thank_you_draft(
    application_id: Id, interview_id: Id, user: UserDep, rt: RuntimeDep
) -> dict[str, Any]:
    return await thank_you_draft(
        rt.reader(), user_id=user.user_id, app_id=application_id, interview_id=interview_id
    )
