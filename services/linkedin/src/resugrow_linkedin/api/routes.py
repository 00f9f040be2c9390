"""HTTP API of the LinkedIn review service: thin routes, one use case each, stable operation ids.

POST bodies are either multipart/form-data (``file`` = export ZIP or profile PDF, plus optional
``job_description``, ``application_id``, ``as_of`` and ``manual`` as a JSON string) or JSON
(``profile`` in our model or JSON Resume, plus the same optional fields).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from resugrow_linkedin import service
from resugrow_linkedin.domain.models import ManualAnswers
from resugrow_linkedin.settings import LinkedinSettings
from resugrow_platform import (
    CurrentUser,
    PlatformDep,
)
from resugrow_platform.uploads import read_upload_or_json

router = APIRouter(prefix="/v1/linkedin", tags=["linkedin"])
ReviewId = Annotated[str, Path(min_length=1, max_length=64)]


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] | None = Field(
        default=None, description="Our profile model or a JSON Resume document."
    )
    review_id: str | None = Field(
        default=None, max_length=64, description="Export only: which review's profile."
    )
    manual: ManualAnswers | None = None
    job_description: str | None = Field(default=None, max_length=20_000)
    application_id: str | None = Field(default=None, max_length=100)
    as_of: date | None = Field(
        default=None, description="Date the activity check counts from (default: today, UTC)."
    )


_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ReviewRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "job_description": {"type": "string"},
                        "application_id": {"type": "string"},
                        "as_of": {"type": "string", "format": "date"},
                        "manual": {"type": "string", "description": "JSON object of manual answers"},
                    },
                }
            },
        },
    }
}


async def _read_body(request: Request) -> tuple[bytes | None, ReviewRequest]:
    """The upload (if any) and the other fields, from either body type; sniffing happens later."""
    settings: LinkedinSettings = request.app.state.platform.settings
    body = await read_upload_or_json(
        request, ReviewRequest, max_bytes=settings.max_upload_bytes, json_fields=("manual",)
    )
    return body.data, body.fields


@router.post("/reviews", operation_id="create_linkedin_review", status_code=201, openapi_extra=_BODY_DOC)
async def create_review(request: Request, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    data, body = await _read_body(request)
    return await service.create_review(
        platform,
        user_id=user.user_id,
        data=data,
        profile_json=body.profile,
        manual=body.manual,
        job_description=body.job_description,
        application_id=body.application_id,
        as_of=body.as_of,
    )


@router.get("/reviews", operation_id="list_linkedin_reviews")
async def list_reviews(
    user: CurrentUser,
    platform: PlatformDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    return await service.list_reviews(platform, user_id=user.user_id, limit=limit, cursor=cursor)


@router.get("/reviews/{review_id}", operation_id="get_linkedin_review")
async def get_review(review_id: ReviewId, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_review(platform, user_id=user.user_id, review_id=review_id)


@router.get("/reviews/{review_id}/diff/{other_id}", operation_id="diff_linkedin_reviews")
async def diff_reviews(
    review_id: ReviewId, other_id: ReviewId, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.diff(platform, user_id=user.user_id, review_id=review_id, other_id=other_id)


@router.post("/profile/export", operation_id="export_linkedin_profile", openapi_extra=_BODY_DOC)
async def export_profile(
    request: Request,
    user: CurrentUser,
    platform: PlatformDep,
    format: Annotated[str, Query(max_length=32)] = "jsonresume",
) -> dict[str, Any]:
    has_body = request.headers.get("content-length", "0") not in (
        "0",
        "",
    ) or "chunked" in request.headers.get("transfer-encoding", "")
    data, body = await _read_body(request) if has_body else (None, ReviewRequest())
    return await service.export_profile(
        platform,
        user_id=user.user_id,
        fmt=format,
        review_id=body.review_id,
        data=data,
        profile_json=body.profile,
    )


@router.get("/summary", operation_id="get_linkedin_summary")
async def summary(user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.summary(platform, user_id=user.user_id)
