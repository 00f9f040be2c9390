"""HTTP API of the ATS service: thin routes, one use case each, stable operation ids.

Scan and match bodies are multipart/form-data (``file`` plus optional fields) or JSON (a
``resume_id`` + ``version`` or a ``text``, plus the same optional fields). The type of an upload
is sniffed from its bytes, never from its name or content type.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from resugrow_ats.api.deps import RuntimeDep, UserDep
from resugrow_ats.api.schemas import AtsSummary, MatchResult, ParsedResume, Scan, ScanPage
from resugrow_ats.commands import ScanRequest, Upload
from resugrow_ats.runtime import AtsRuntime
from resugrow_ats.use_cases import matching, scans
from resugrow_platform import BadRequest
from resugrow_platform.uploads import read_upload_or_json

router = APIRouter(prefix="/v1/ats", tags=["ats"])
ScanId = Annotated[str, Path(min_length=1, max_length=64)]

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


async def _read_body(request: Request, runtime: AtsRuntime) -> tuple[Upload | None, ScanRequest]:
    body = await read_upload_or_json(request, ScanRequest, max_bytes=runtime.settings.max_upload_bytes)
    upload = Upload(body.data, body.filename) if body.data is not None else None
    return upload, body.fields


@router.post(
    "/scans", operation_id="create_ats_scan", status_code=201, response_model=Scan, openapi_extra=_BODY_DOC
)
async def create_scan(request: Request, user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    upload, cmd = await _read_body(request, runtime)
    if upload is None and not (cmd.resume_id and cmd.version is not None):
        # The body's shape, not its content: neither a file nor a stored version was named.
        raise BadRequest("Send a file, or a resume_id and version.")
    now = runtime.now()
    return await runtime.transact(
        lambda uow: scans.create_scan(
            uow, cmd, user_id=user.user_id, now=now, upload=upload, scanner=runtime.scanner
        )
    )


@router.get("/scans", operation_id="list_ats_scans", response_model=ScanPage)
async def list_scans(
    user: UserDep,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> dict[str, Any]:
    page = await scans.list_scans(runtime.reader(), user_id=user.user_id, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/scans/{scan_id}", operation_id="get_ats_scan", response_model=Scan)
async def get_scan(scan_id: ScanId, user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await scans.get_scan(runtime.reader(), user_id=user.user_id, scan_id=scan_id)


@router.post("/match", operation_id="match_ats_resume", response_model=MatchResult, openapi_extra=_BODY_DOC)
async def match(request: Request, user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    upload, cmd = await _read_body(request, runtime)
    return await matching.match_resume(
        runtime.reader(), cmd, user_id=user.user_id, now=runtime.now(), upload=upload, scanner=runtime.scanner
    )


@router.post("/parse", operation_id="parse_ats_resume", response_model=ParsedResume, openapi_extra=_FILE_DOC)
async def parse(request: Request, user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    upload, _ = await _read_body(request, runtime)
    if upload is None:
        raise BadRequest("Send the resume as multipart/form-data field 'file'.")
    return await matching.parse_resume_file(upload, scanner=runtime.scanner)


@router.get("/summary", operation_id="get_ats_summary", response_model=AtsSummary)
async def summary(user: UserDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await scans.summarize_scans(runtime.reader(), user_id=user.user_id)
