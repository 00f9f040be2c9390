"""HTTP API of the ATS service: thin routes, one use case each, stable operation ids.

Scan and match bodies are multipart/form-data (``file`` plus optional fields) or JSON (a
``resume_id`` + ``version`` or a ``text``, plus the same optional fields). The type of an upload
is sniffed from its bytes, never from its name or content type.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from resugrow_ats import service
from resugrow_ats.settings import AtsSettings
from resugrow_platform import (
    BadRequest,
    CurrentUser,
    PlatformDep,
)
from resugrow_platform.uploads import read_upload_or_json

router = APIRouter(prefix="/v1/ats", tags=["ats"])
ScanId = Annotated[str, Path(min_length=1, max_length=64)]


class ScanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume_id: str | None = Field(default=None, max_length=100)
    version: int | None = Field(default=None, ge=0)
    text: str | None = Field(
        default=None, max_length=200_000, description="Resume as plain text (match only)."
    )
    job_description: str | None = Field(default=None, max_length=20_000)
    application_id: str | None = Field(default=None, max_length=100)
    as_of: date | None = Field(default=None, description="Date 'Present' means (default: today, UTC).")


_FORM_FIELDS = {
    "file": {"type": "string", "format": "binary"},
    "job_description": {"type": "string"},
    "application_id": {"type": "string"},
    "resume_id": {"type": "string"},
    "version": {"type": "integer"},
    "as_of": {"type": "string", "format": "date"},
}
_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ScanRequest.model_json_schema()},
            "multipart/form-data": {"schema": {"type": "object", "properties": _FORM_FIELDS}},
        },
    }
}
_FILE_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": _FORM_FIELDS["file"]}}
            }
        },
    }
}


async def _read_body(request: Request) -> tuple[bytes | None, str | None, ScanRequest]:
    settings: AtsSettings = request.app.state.platform.settings
    body = await read_upload_or_json(request, ScanRequest, max_bytes=settings.max_upload_bytes)
    return body.data, body.filename, body.fields


def _today() -> date:
    # The request date is the default "as of": the domain never reads the clock itself.
    return datetime.now(UTC).date()


@router.post("/scans", operation_id="create_ats_scan", status_code=201, openapi_extra=_BODY_DOC)
async def create_scan(request: Request, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    data, filename, body = await _read_body(request)
    return await service.create_scan(
        platform,
        user_id=user.user_id,
        data=data,
        filename=filename,
        resume_id=body.resume_id,
        version=body.version,
        job_description=body.job_description,
        application_id=body.application_id,
        as_of=body.as_of or _today(),
    )


@router.get("/scans", operation_id="list_ats_scans")
async def list_scans(
    user: CurrentUser,
    platform: PlatformDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    return await service.list_scans(platform, user_id=user.user_id, limit=limit, cursor=cursor)


@router.get("/scans/{scan_id}", operation_id="get_ats_scan")
async def get_scan(scan_id: ScanId, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_scan(platform, user_id=user.user_id, scan_id=scan_id)


@router.post("/match", operation_id="match_ats_resume", openapi_extra=_BODY_DOC)
async def match(request: Request, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    data, _, body = await _read_body(request)
    return await service.match(
        platform,
        user_id=user.user_id,
        data=data,
        text=body.text,
        resume_id=body.resume_id,
        version=body.version,
        job_description=body.job_description,
        application_id=body.application_id,
        as_of=body.as_of or _today(),
    )


@router.post("/parse", operation_id="parse_ats_resume", openapi_extra=_FILE_DOC)
async def parse(request: Request, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    data, _, _ = await _read_body(request)
    if data is None:
        raise BadRequest("Send the resume as multipart/form-data field 'file'.")
    return await service.parse_file(platform, data=data)


@router.get("/summary", operation_id="get_ats_summary")
async def summary(user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.summary(platform, user_id=user.user_id)
