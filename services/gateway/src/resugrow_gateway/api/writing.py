"""Routes the gateway answers by composing services for the writing tools."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Path, Request

from resugrow_gateway import writing
from resugrow_gateway.api.deps import CurrentUser, RuntimeDep, problems
from resugrow_gateway.use_cases import dashboard_upkeep

router = APIRouter()


@router.post(
    "/v1/resumes/{resume_id}/tailor",
    operation_id="tailor_resume",
    status_code=201,
    tags=["resume"],
    summary="Tailor a resume to a job in one step, with the ATS match score before and after",
    description=(
        "Send `job_description` (or an `application_id` whose application has one) and the missing "
        "keywords you `confirmed`. The resume service creates an explained variant; the ATS scores "
        "the master and the variant. `tailoring.suggestions` are missing hard skills to confirm."
    ),
    responses=problems(401, 404, 422, 429, 503, 504),
)
async def tailor_resume(
    request: Request,
    user: CurrentUser,
    gw: RuntimeDep,
    resume_id: str = Path(max_length=100),
    body: dict[str, Any] = Body(...),
) -> dict[str, Any]:
    out = await writing.tailor(
        gw,
        resume_id=resume_id,
        body=body,
        authorization=request.headers.get("authorization", ""),
        request_id=getattr(request.state, "request_id", None),
    )
    # A new variant: the user's next dashboard shows it (read-your-writes, any replica).
    await dashboard_upkeep.on_write(
        gw, user_id=user.user_id, service="resume", method="POST", operation_id=None
    )
    return out
