"""Routes of rendering (a file now, or a job for several formats), render jobs and templates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from resugrow_resume.adapters import timing
from resugrow_resume.api.deps import RuntimeDep, UserDep
from resugrow_resume.api.files import FILE_RESPONSES, RENDER_RESPONSES, accepted, file_response, job_answer
from resugrow_resume.api.schemas import RenderJobOut, TemplateList
from resugrow_resume.commands import RenderSpec
from resugrow_resume.use_cases import render_jobs, rendering

router = APIRouter(prefix="/v1", tags=["renders"])
RENDER_ANSWERS: dict[int | str, dict[str, Any]] = {
    **RENDER_RESPONSES,
    202: {"model": RenderJobOut, "description": "A render job (several formats); poll GET /v1/renders/{id}."},
}


async def render_answer(
    rt: RuntimeDep, kind: str, target_id: str, spec: RenderSpec, user_id: str
) -> Response:
    """One format: the file itself. Several: a job answered by the render workers (202)."""
    if spec.formats is None:
        with timing.recording() as stages:
            rendered = await rendering.render_file(
                rt.reader(), kind, target_id, spec, user_id=user_id, tools=rt.render_tools
            )
        response = file_response(rendered)
        response.headers["Server-Timing"] = timing.header(stages)
        return response
    job = await rt.transact(
        lambda uow: render_jobs.request_render_job(uow, kind, target_id, spec, user_id=user_id, now=rt.now())
    )
    return accepted(job)


@router.post(
    "/resumes/{resume_id}/renders",
    operation_id="render_resume",
    response_class=Response,
    responses=RENDER_ANSWERS,
)
async def render_resume(resume_id: str, spec: RenderSpec, user: UserDep, rt: RuntimeDep) -> Response:
    return await render_answer(rt, "resume", resume_id, spec, user.user_id)


@router.post(
    "/cover-letters/{letter_id}/renders",
    operation_id="render_cover_letter",
    response_class=Response,
    responses=RENDER_ANSWERS,
)
async def render_cover_letter(letter_id: str, spec: RenderSpec, user: UserDep, rt: RuntimeDep) -> Response:
    return await render_answer(rt, "cover_letter", letter_id, spec, user.user_id)


@router.get("/renders/{render_id}", operation_id="get_render", response_model=RenderJobOut)
async def get_render(render_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return job_answer(await render_jobs.get_render(rt.reader(), render_id, user_id=user.user_id))


@router.get(
    "/renders/{render_id}/file",
    operation_id="get_render_file",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def get_render_file(
    render_id: str, user: UserDep, rt: RuntimeDep,
    format: Annotated[str | None, Query(description="Which of the job's formats (default: the first)")] = None,
) -> Response:  # fmt: skip
    rendered = await render_jobs.get_render_file(
        rt.reader(), render_id, user_id=user.user_id, fmt=format, tools=rt.render_tools
    )
    return file_response(rendered)


@router.get("/templates", operation_id="list_templates", tags=["templates"], response_model=TemplateList)
async def list_templates() -> dict[str, Any]:
    return {"items": rendering.list_templates()}


@router.get(
    "/templates/{name}/thumbnail.png", operation_id="get_template_thumbnail", tags=["templates"],
    response_class=Response, responses={200: {"content": {"image/png": {}}, "description": "A PNG thumbnail."}},
)  # fmt: skip
async def get_template_thumbnail(name: str, rt: RuntimeDep) -> Response:
    png = await rendering.template_thumbnail(rt.renderer, name)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})
