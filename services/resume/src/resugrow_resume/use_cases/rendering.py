"""Rendering now: one format of a resume or cover letter, answered with the file; templates."""

from __future__ import annotations

from resugrow_domain import NotFound
from resugrow_resume.commands import RenderSpec
from resugrow_resume.domain import render
from resugrow_resume.use_cases.errors import render_failed
from resugrow_resume.use_cases.ports import Doc, Renderer, RenderTools, ResumeUoW
from resugrow_resume.use_cases.render_core import RenderedFile, produce, spec_options, target_of


async def render_file(
    uow: ResumeUoW, kind: str, target_id: str, spec: RenderSpec, *, user_id: str, tools: RenderTools
) -> RenderedFile:
    """The first (only) format of ``spec`` as a file; ``kind`` is "resume" or "cover_letter"."""
    target, template = await target_of(uow, user_id, kind, target_id, spec)
    artifact, data = await produce(
        uow,
        tools,
        target,
        user_id=user_id,
        fmt=spec.format_list[0],
        template=template,
        opts=spec_options(spec),
    )
    assert data is not None  # want_bytes
    return RenderedFile(data, artifact["media_type"], artifact["filename"], artifact)


def list_templates() -> list[Doc]:
    return [
        {**t.to_dict(), "thumbnail_url": f"/v1/templates/{name}/thumbnail.png"}
        for name, t in render.TEMPLATES.items()
    ]


async def template_thumbnail(renderer: Renderer, name: str) -> bytes:
    if name not in render.TEMPLATES:
        raise NotFound(str(render.UnknownTemplate(name, tuple(render.TEMPLATES))))
    try:
        return await renderer.thumbnail(name)
    except render.RenderError as exc:
        raise render_failed(exc) from None
