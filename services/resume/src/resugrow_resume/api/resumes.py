"""Routes of resumes, versions, variants, import and export: one use case each."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from resugrow_domain import InvalidInput
from resugrow_resume.api.deps import Limit, PageDep, RuntimeDep, UserDep
from resugrow_resume.api.schemas import DashboardSummary, ResumeOut, ResumePage
from resugrow_resume.commands import ImportFile, ResumeInput, ResumePatch, VariantInput
from resugrow_resume.use_cases import imports, resumes, variants

router = APIRouter(prefix="/v1", tags=["resumes"])
Kind = Annotated[str | None, Query(pattern="^(master|variant)$")]
VersionPath = Annotated[int, Path(ge=1)]
IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "description": "JSON Resume or a resugrow export"}
            },
            "application/yaml": {"schema": {"type": "string", "description": "RenderCV YAML"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "format": {"type": "string"},
                        "title": {"type": "string"},
                    },
                    "required": ["file"],
                }
            },
        },
    }
}
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The document as a JSON file download.", "content": {"application/json": {}}}
}


@router.post(
    "/resumes",
    operation_id="create_resume",
    status_code=201,
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def create_resume(body: ResumeInput, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.transact(lambda uow: resumes.create_resume(uow, body, user_id=user.user_id, now=rt.now()))


@router.get("/resumes", operation_id="list_resumes", response_model=ResumePage)
async def list_resumes(user: UserDep, rt: RuntimeDep, page: PageDep, kind: Kind = None) -> dict[str, Any]:
    result = await resumes.list_resumes(rt.reader(), page, user_id=user.user_id, kind=kind)
    return {"items": result.items, "next_cursor": result.next_cursor, **result.extra}


@router.get("/resumes/summary", operation_id="resume_summary", response_model=DashboardSummary)
async def resume_summary(user: UserDep, rt: RuntimeDep, limit: Limit = 5) -> dict[str, Any]:
    return await resumes.resume_summary(rt.reader(), user_id=user.user_id, limit=limit)


async def _upload(request: Request, declared: str | None, title: str | None) -> ImportFile:
    content_type = request.headers.get("content-type")
    if not (content_type or "").startswith("multipart/form-data"):
        return ImportFile(await request.body(), content_type, declared, title)
    # A browser upload: the file in "file", optional "format" and "title" fields beside it.
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise InvalidInput('the upload needs a "file" part', field="file")
    return ImportFile(
        await upload.read(),
        upload.content_type,
        declared or _text(form.get("format")),
        title or _text(form.get("title")),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@router.post(
    "/resumes/import",
    operation_id="import_resume",
    status_code=201,
    openapi_extra=IMPORT_BODY,
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def import_resume(
    request: Request, user: UserDep, rt: RuntimeDep,
    format: Annotated[str | None, Query(description="jsonresume | rendercv | resugrow (else by Content-Type)")] = None,
    title: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:  # fmt: skip
    file = await _upload(request, format, title)
    parsed = await imports.parse_upload(file)  # outside the transaction: parsing may take seconds
    return await rt.transact(
        lambda uow: imports.import_resume(uow, file, user_id=user.user_id, now=rt.now(), parsed=parsed)
    )


@router.get(
    "/resumes/{resume_id}",
    operation_id="get_resume",
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def get_resume(resume_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await resumes.get_resume(rt.reader(), resume_id, user_id=user.user_id)


@router.put(
    "/resumes/{resume_id}",
    operation_id="replace_resume",
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def replace_resume(resume_id: str, body: ResumeInput, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: resumes.replace_resume(uow, resume_id, body, user_id=user.user_id, now=rt.now())
    )


@router.patch(
    "/resumes/{resume_id}",
    operation_id="patch_resume",
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def patch_resume(resume_id: str, body: ResumePatch, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: resumes.patch_resume(uow, resume_id, body, user_id=user.user_id, now=rt.now())
    )


@router.delete("/resumes/{resume_id}", operation_id="delete_resume", status_code=204, response_class=Response)
async def delete_resume(resume_id: str, user: UserDep, rt: RuntimeDep) -> Response:
    await rt.transact(lambda uow: resumes.delete_resume(uow, resume_id, user_id=user.user_id))
    return Response(status_code=204)


@router.get(
    "/resumes/{resume_id}/versions/{version}",
    operation_id="get_resume_version",
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def get_resume_version(
    resume_id: str, version: VersionPath, user: UserDep, rt: RuntimeDep
) -> dict[str, Any]:
    return await resumes.get_resume(rt.reader(), resume_id, user_id=user.user_id, version=version)


@router.post(
    "/resumes/{resume_id}/variants",
    operation_id="create_variant",
    status_code=201,
    response_model=ResumeOut,
    response_model_exclude_unset=True,
)
async def create_variant(resume_id: str, body: VariantInput, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.transact(
        lambda uow: variants.create_variant(uow, resume_id, body, user_id=user.user_id, now=rt.now())
    )


@router.get(
    "/resumes/{resume_id}/export", operation_id="export_resume", response_class=JSONResponse,
    responses=EXPORT_RESPONSES,
)  # fmt: skip
async def export_resume(
    resume_id: str, user: UserDep, rt: RuntimeDep,
    format: Annotated[str, Query(description="jsonresume | resugrow")] = "jsonresume",
    version: Annotated[int | None, Query(ge=1)] = None,
) -> JSONResponse:  # fmt: skip
    body, filename = await imports.export_resume(
        rt.reader(), resume_id, user_id=user.user_id, fmt=format, version=version
    )
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
