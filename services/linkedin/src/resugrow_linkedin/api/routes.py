"""HTTP API of the LinkedIn review service: thin routes, one use case each, stable operation ids.

POST bodies are either multipart/form-data (``file`` = export ZIP or profile PDF, plus optional
``job_description``, ``application_id``, ``as_of`` and ``manual`` as a JSON string) or JSON
(``profile`` in our model or JSON Resume, plus the same optional fields).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from resugrow_linkedin.api.deps import RuntimeDep, UserDep
from resugrow_linkedin.api.schemas import LinkedinSummary, Review, ReviewDiff, ReviewPage
from resugrow_linkedin.commands import ReviewRequest, Upload
from resugrow_linkedin.runtime import LinkedinRuntime
from resugrow_linkedin.use_cases import profiles, reviews
from resugrow_platform.uploads import read_upload_or_json

router = APIRouter(prefix="/v1/linkedin", tags=["linkedin"])
ReviewId = Annotated[str, Path(min_length=1, max_length=64)]

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


async def _read_body(request: Request, runtime: LinkedinRuntime) -> tuple[Upload | None, ReviewRequest]:
    """The upload (if any) and the other fields, from either body type; sniffing happens later."""
    body = await read_upload_or_json(
        request, ReviewRequest, max_bytes=runtime.settings.max_upload_bytes, json_fields=("manual",)
    )
    return (Upload(body.data) if body.data is not None else None), body.fields


@router.post(
    "/reviews",
    operation_id="create_linkedin_review",
    status_code=201,
    response_model=Review,
    openapi_extra=_BODY_DOC,
)
async def create_review(request: Request, user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    upload, cmd = await _read_body(request, runtime)
    analysis = await reviews.analyse_profile(
        runtime.reader(),
        cmd,
        user_id=user.user_id,
        now=runtime.now(),
        upload=upload,
        analyser=runtime.analyser,
    )
    now = runtime.now()
    return await runtime.transact(
        lambda uow: reviews.record_review(uow, analysis, user_id=user.user_id, now=now)
    )


@router.get("/reviews", operation_id="list_linkedin_reviews", response_model=ReviewPage)
async def list_reviews(
    user: UserDep,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> dict[str, Any]:
    page = await reviews.list_reviews(runtime.reader(), user_id=user.user_id, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/reviews/{review_id}", operation_id="get_linkedin_review", response_model=Review)
async def get_review(review_id: ReviewId, user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await reviews.get_review(runtime.reader(), user_id=user.user_id, review_id=review_id)


@router.get(
    "/reviews/{review_id}/diff/{other_id}", operation_id="diff_linkedin_reviews", response_model=ReviewDiff
)
async def diff_reviews(
    review_id: ReviewId, other_id: ReviewId, user: UserDep, runtime: RuntimeDep
) -> dict[str, Any]:
    return await reviews.diff_reviews(
        runtime.reader(), user_id=user.user_id, review_id=review_id, other_id=other_id
    )


@router.post(
    "/profile/export",
    operation_id="export_linkedin_profile",
    response_model=dict[str, Any],
    openapi_extra=_BODY_DOC,
)
async def export_profile(
    request: Request,
    user: UserDep,
    runtime: RuntimeDep,
    format: Annotated[str, Query(max_length=32)] = "jsonresume",
) -> dict[str, Any]:
    has_body = request.headers.get("content-length", "0") not in (
        "0",
        "",
    ) or "chunked" in request.headers.get("transfer-encoding", "")
    upload, cmd = await _read_body(request, runtime) if has_body else (None, ReviewRequest())
    return await profiles.export_profile(
        runtime.reader(), cmd, user_id=user.user_id, fmt=format, upload=upload, analyser=runtime.analyser
    )


@router.get("/summary", operation_id="get_linkedin_summary", response_model=LinkedinSummary)
async def summary(user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await reviews.summarize_reviews(runtime.reader(), user_id=user.user_id)
