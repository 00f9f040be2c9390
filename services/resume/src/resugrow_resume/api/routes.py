"""HTTP API of the resume service: thin routes, one use case each, stable operation ids."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from resugrow_platform import CurrentUser, PlatformDep, Unprocessable
from resugrow_resume import service
from resugrow_resume.domain.documents import RenderSpec

router = APIRouter(prefix="/v1")

Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


class ResumeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, description="Defaults to the name and headline.")
    resume: dict[str, Any] = Field(
        description="A JSON Resume document (our superset: meta.locale, meta.template)."
    )


class JobRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2048)
    application_id: str | None = Field(default=None, max_length=100)


class VariantBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    job: JobRef | None = None
    patch: dict[str, Any] | None = Field(
        default=None, description="JSON Merge Patch applied to the master's current document."
    )
    resume: dict[str, Any] | None = Field(
        default=None, description="The whole tailored document instead of a patch."
    )


class CoverLetterBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume_id: str
    title: str | None = None
    template: str | None = Field(default=None, description="Defaults to the resume's template.")
    job_title: str | None = None
    company: str | None = None
    job_url: str | None = None
    application_id: str | None = None
    recipient: str | None = None
    date: str | None = Field(default=None, description="ISO date shown on the letter.")
    greeting: str | None = None
    paragraphs: list[str]
    closing: str | None = None


def _file(rendered: service.RenderedFile) -> Response:
    artifact = rendered.artifact
    verification = artifact.get("verification")
    headers = {
        "Content-Disposition": f'attachment; filename="{rendered.filename}"',
        "ETag": f'"{artifact["sha256"]}"',
        "X-Artifact-Id": artifact["artifact_id"],
        "X-Render-Overflow": "true" if artifact["overflow"] else "false",
        "X-Render-Cache": "hit" if artifact.get("reused") else "miss",
        "X-Render-Verification": "none"
        if not verification
        else ("passed" if verification["passed"] else "failed"),
    }
    if artifact.get("pages") is not None:
        headers["X-Render-Pages"] = str(artifact["pages"])
    if artifact.get("fit_report"):
        report = json.dumps(artifact["fit_report"], separators=(",", ":"))
        if len(report) < 4000:
            headers["X-Render-Fit-Report"] = report
    return Response(rendered.content, media_type=rendered.media_type, headers=headers)


def _render_answer(result: service.RenderedFile | dict[str, Any]) -> Response:
    if isinstance(result, service.RenderedFile):
        return _file(result)
    return JSONResponse(_jsonable(result), status_code=202, headers={"Location": result["links"]["self"]})


def _jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)


RENDER_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rendered file (one format).",
        "content": {"application/pdf": {}, "image/png": {}},
    },
    202: {"description": "A render job (several formats); poll GET /v1/renders/{id}."},
    422: {"description": "Unknown template, unsupported format, missing glyph, or cannot fit."},
}


# --- resumes --------------------------------------------------------------------------------


@router.post("/resumes", operation_id="create_resume", status_code=201, tags=["resumes"])
async def create_resume(body: ResumeBody, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.create_resume(platform, user_id=user.user_id, resume=body.resume, title=body.title)


@router.get("/resumes", operation_id="list_resumes", tags=["resumes"])
async def list_resumes(
    user: CurrentUser, platform: PlatformDep, limit: Limit = 20, offset: Offset = 0,
    kind: Annotated[str | None, Query(pattern="^(master|variant)$")] = None,
) -> dict[str, Any]:  # fmt: skip
    return await service.list_resumes(platform, user_id=user.user_id, limit=limit, offset=offset, kind=kind)


@router.get("/resumes/summary", operation_id="resume_summary", tags=["resumes"])
async def resume_summary(user: CurrentUser, platform: PlatformDep, limit: Limit = 5) -> dict[str, Any]:
    return await service.resume_summary(platform, user_id=user.user_id, limit=limit)


@router.post(
    "/resumes/import",
    operation_id="import_resume",
    status_code=201,
    tags=["resumes"],
    openapi_extra={
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
    },
)
async def import_resume(
    request: Request, user: CurrentUser, platform: PlatformDep,
    format: Annotated[str | None, Query(description="jsonresume | rendercv | resugrow (else by Content-Type)")] = None,
    title: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:  # fmt: skip
    content_type = request.headers.get("content-type")
    if (content_type or "").startswith("multipart/form-data"):
        # A browser upload: the file in "file", optional "format" and "title" fields beside it.
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Unprocessable(
                'the upload needs a "file" part', errors=[{"loc": ["body", "file"], "msg": "required"}]
            )
        raw, content_type = await upload.read(), upload.content_type
        format = format or _form_text(form.get("format"))
        title = title or _form_text(form.get("title"))
    else:
        raw = await request.body()
    return await service.import_resume(
        platform, user_id=user.user_id, raw=raw, content_type=content_type, declared=format, title=title
    )


def _form_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@router.get("/resumes/{resume_id}", operation_id="get_resume", tags=["resumes"])
async def get_resume(resume_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_resume(platform, user_id=user.user_id, resume_id=resume_id)


@router.put("/resumes/{resume_id}", operation_id="replace_resume", tags=["resumes"])
async def replace_resume(
    resume_id: str, body: ResumeBody, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.replace_resume(
        platform, user_id=user.user_id, resume_id=resume_id, resume=body.resume, title=body.title
    )


@router.patch("/resumes/{resume_id}", operation_id="patch_resume", tags=["resumes"])
async def patch_resume(
    resume_id: str, user: CurrentUser, platform: PlatformDep,
    patch: Annotated[dict[str, Any], Body(description='JSON Merge Patch of {"title", "resume"}')],
) -> dict[str, Any]:  # fmt: skip
    return await service.patch_resume(platform, user_id=user.user_id, resume_id=resume_id, patch=patch)


@router.delete("/resumes/{resume_id}", operation_id="delete_resume", status_code=204, tags=["resumes"])
async def delete_resume(resume_id: str, user: CurrentUser, platform: PlatformDep) -> Response:
    await service.delete_resume(platform, user_id=user.user_id, resume_id=resume_id)
    return Response(status_code=204)


@router.get("/resumes/{resume_id}/versions/{version}", operation_id="get_resume_version", tags=["resumes"])
async def get_resume_version(
    resume_id: str, version: Annotated[int, Path(ge=1)], user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.get_resume(platform, user_id=user.user_id, resume_id=resume_id, version=version)


@router.post(
    "/resumes/{resume_id}/variants", operation_id="create_variant", status_code=201, tags=["resumes"]
)
async def create_variant(
    resume_id: str, body: VariantBody, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.create_variant(
        platform, user_id=user.user_id, master_id=resume_id, title=body.title,
        job=body.job.model_dump(exclude_none=True) if body.job else None, patch=body.patch, resume=body.resume,
    )  # fmt: skip


@router.get("/resumes/{resume_id}/export", operation_id="export_resume", tags=["resumes"])
async def export_resume(
    resume_id: str, user: CurrentUser, platform: PlatformDep,
    format: Annotated[str, Query(description="jsonresume | resugrow")] = "jsonresume",
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:  # fmt: skip
    body, filename = await service.export_resume(
        platform, user_id=user.user_id, resume_id=resume_id, fmt=format, version=version
    )
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.post(
    "/resumes/{resume_id}/renders", operation_id="render_resume", tags=["renders"], responses=RENDER_RESPONSES
)
async def render_resume(
    resume_id: str, spec: RenderSpec, user: CurrentUser, platform: PlatformDep
) -> Response:
    result = await service.render(
        platform, user_id=user.user_id, kind="resume", target_id=resume_id, spec=spec
    )
    return _render_answer(result)


# --- renders and templates ------------------------------------------------------------------


@router.get("/renders/{render_id}", operation_id="get_render", tags=["renders"])
async def get_render(render_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_render(platform, user_id=user.user_id, render_id=render_id)


@router.get("/renders/{render_id}/file", operation_id="get_render_file", tags=["renders"])
async def get_render_file(
    render_id: str, user: CurrentUser, platform: PlatformDep,
    format: Annotated[str | None, Query(description="Which of the job's formats (default: the first)")] = None,
) -> Response:  # fmt: skip
    rendered = await service.get_render_file(platform, user_id=user.user_id, render_id=render_id, fmt=format)
    return _file(rendered)


@router.get("/templates", operation_id="list_templates", tags=["templates"])
async def list_templates() -> dict[str, Any]:
    return {"items": service.list_templates()}


@router.get(
    "/templates/{name}/thumbnail.png",
    operation_id="get_template_thumbnail",
    tags=["templates"],
    responses={200: {"content": {"image/png": {}}}},
)
async def get_template_thumbnail(name: str, platform: PlatformDep) -> Response:
    png = await service.template_thumbnail(platform, name=name)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


# --- cover letters --------------------------------------------------------------------------


@router.post("/cover-letters", operation_id="create_cover_letter", status_code=201, tags=["cover-letters"])
async def create_cover_letter(
    body: CoverLetterBody, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.create_cover_letter(
        platform, user_id=user.user_id, body=body.model_dump(exclude_none=True)
    )


@router.get("/cover-letters", operation_id="list_cover_letters", tags=["cover-letters"])
async def list_cover_letters(
    user: CurrentUser,
    platform: PlatformDep,
    limit: Limit = 20,
    offset: Offset = 0,
    resume_id: str | None = None,
) -> dict[str, Any]:
    return await service.list_cover_letters(
        platform, user_id=user.user_id, limit=limit, offset=offset, resume_id=resume_id
    )


@router.get("/cover-letters/{letter_id}", operation_id="get_cover_letter", tags=["cover-letters"])
async def get_cover_letter(letter_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_cover_letter(platform, user_id=user.user_id, letter_id=letter_id)


@router.put("/cover-letters/{letter_id}", operation_id="replace_cover_letter", tags=["cover-letters"])
async def replace_cover_letter(
    letter_id: str, body: CoverLetterBody, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.replace_cover_letter(
        platform, user_id=user.user_id, letter_id=letter_id, body=body.model_dump(exclude_none=True)
    )


@router.delete(
    "/cover-letters/{letter_id}", operation_id="delete_cover_letter", status_code=204, tags=["cover-letters"]
)
async def delete_cover_letter(letter_id: str, user: CurrentUser, platform: PlatformDep) -> Response:
    await service.delete_cover_letter(platform, user_id=user.user_id, letter_id=letter_id)
    return Response(status_code=204)


@router.post(
    "/cover-letters/{letter_id}/renders",
    operation_id="render_cover_letter",
    tags=["renders"],
    responses=RENDER_RESPONSES,
)
async def render_cover_letter(
    letter_id: str, spec: RenderSpec, user: CurrentUser, platform: PlatformDep
) -> Response:
    result = await service.render(
        platform, user_id=user.user_id, kind="cover_letter", target_id=letter_id, spec=spec
    )
    return _render_answer(result)
