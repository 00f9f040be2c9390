"""Rendering now, templates, and render jobs through the worker, on fakes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from resume_fakes import FakeRenderer, FakeResumeUnitOfWork, InlineWrites, render_tools

from resugrow_domain import Conflict, InvalidInput, NotFound, Unavailable
from resugrow_events import RenderRequestedV1, ResumeRenderedV1
from resugrow_resume.commands import CoverLetterInput, RenderSpec, ResumeInput
from resugrow_resume.domain.render import MissingGlyph, RenderTimeout
from resugrow_resume.use_cases import cover_letters, render_jobs, rendering, resumes
from resugrow_testing.fakes import run_fake

T0 = datetime(2026, 1, 1, tzinfo=UTC)
U = "u-1"


async def resume_id(uow: FakeResumeUnitOfWork) -> str:
    view = await resumes.create_resume(
        uow, ResumeInput(resume={"basics": {"name": "Ada"}}), user_id=U, now=T0
    )
    return str(view["id"])


async def test_render_file_renders_once_then_reuses_the_stored_file() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    tools = render_tools(uow)
    first = await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    assert first.content == b"resume:pdf:Ada" and first.filename.endswith("-classic.pdf")
    assert first.artifact["reused"] is False
    assert isinstance(tools.background, InlineWrites)
    await tools.background.drain()
    again = await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    assert again.artifact["reused"] is True and again.content == first.content
    assert isinstance(tools.renderer, FakeRenderer) and len(tools.renderer.calls) == 1


async def test_a_repeat_right_after_a_render_is_reused_before_the_store_write_finishes() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    tools = render_tools(uow)
    first = await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    assert uow.artifacts.files == {}  # the background write has not run
    again = await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    assert again.artifact["reused"] is True and again.content == first.content
    assert again.artifact["sha256"] == first.artifact["sha256"]
    assert isinstance(tools.renderer, FakeRenderer) and len(tools.renderer.calls) == 1
    assert isinstance(tools.background, InlineWrites)
    await tools.background.drain()
    assert list(uow.artifacts.files) == [first.artifact["artifact_id"]]


async def test_a_file_stored_after_its_resume_was_erased_is_removed() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    tools = render_tools(uow)
    await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    await resumes.delete_resume(uow, rid, user_id=U)
    assert isinstance(tools.background, InlineWrites)
    await tools.background.drain()
    assert uow.artifacts.files == {}


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (RenderSpec(format="rtf"), "format"),
        (RenderSpec(format="pdf", template="baroque"), "template"),
        (RenderSpec(format="pdf", page_size="A5"), "page_size"),
        (RenderSpec(format="pdf", fit_pages=0), "fit_pages"),
        (RenderSpec(format="png", page=0), "page"),
        (RenderSpec(format="pdf", pdf_standard="x"), "pdf_standard"),
        (RenderSpec(format="pdf", locale="zz-not-a-locale"), "locale"),
    ],
)
async def test_bad_render_options_name_their_field(spec: RenderSpec, field: str) -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    with pytest.raises(InvalidInput) as exc:
        await rendering.render_file(uow, "resume", rid, spec, user_id=U, tools=render_tools(uow))
    assert exc.value.errors[0].field == field


async def test_engine_failures_become_domain_errors() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    glyph = render_tools(uow, FakeRenderer(fail=MissingGlyph("\U00013000", 0x13000, "basics.summary")))
    with pytest.raises(InvalidInput) as exc:
        await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=glyph)
    assert exc.value.extra["codepoint"] == "U+13000" and exc.value.errors[0].field == "resume.basics.summary"
    slow = render_tools(uow, FakeRenderer(fail=RenderTimeout(20)))
    with pytest.raises(Unavailable) as timeout:
        await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=slow)
    assert timeout.value.retry_after_s == 5.0


async def test_templates_and_thumbnails() -> None:
    names = [t["name"] for t in rendering.list_templates()]
    assert "classic" in names and rendering.list_templates()[0]["thumbnail_url"].endswith("thumbnail.png")
    assert (await rendering.template_thumbnail(FakeRenderer(), "classic")).startswith(b"\x89PNG")
    with pytest.raises(NotFound):
        await rendering.template_thumbnail(FakeRenderer(), "nope")


async def test_a_job_is_requested_rendered_recorded_and_served() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    tools = render_tools(uow)
    spec = RenderSpec(formats=["pdf", "md"])
    job = await run_fake(
        uow, lambda u: render_jobs.request_render_job(u, "resume", rid, spec, user_id=U, now=T0)
    )
    assert job["status"] == "pending" and uow.events(RenderRequestedV1)[0].formats == ["pdf", "md"]
    with pytest.raises(Conflict):
        await render_jobs.get_render_file(uow, job["id"], user_id=U, fmt=None, tools=tools)
    outcome = await render_jobs.produce_render_job(uow, job["id"], tools=tools)
    await render_jobs.record_render_outcome(uow, outcome, now=T0)
    done = await render_jobs.get_render(uow, job["id"], user_id=U)
    assert done["status"] == "succeeded" and [a["format"] for a in done["artifacts"]] == ["pdf", "md"]
    [event] = uow.events(ResumeRenderedV1)
    assert event.status == "succeeded" and event.artifacts[1].download_path.endswith("format=md")
    md = await render_jobs.get_render_file(uow, job["id"], user_id=U, fmt="md", tools=tools)
    assert md.content == b"resume:md:Ada"
    with pytest.raises(NotFound):
        await render_jobs.get_render_file(uow, job["id"], user_id=U, fmt="png", tools=tools)
    # A redelivery of the finished job does nothing.
    assert await render_jobs.produce_render_job(uow, job["id"], tools=tools) is None
    await render_jobs.record_render_outcome(uow, None, now=T0)
    with pytest.raises(NotFound):
        await render_jobs.get_render(uow, job["id"], user_id="other")


async def test_a_job_that_cannot_render_fails_with_a_reason_not_a_status() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    letter = await cover_letters.create_cover_letter(
        uow, CoverLetterInput(resume_id=rid, paragraphs=["Hi."]), user_id=U, now=T0
    )
    spec = RenderSpec(formats=["pdf"])
    job = await render_jobs.request_render_job(uow, "cover_letter", letter["id"], spec, user_id=U, now=T0)
    tools = render_tools(uow, FakeRenderer(fail=MissingGlyph("\U00013000", 0x13000)))
    outcome = await render_jobs.produce_render_job(uow, job["id"], tools=tools)
    await render_jobs.record_render_outcome(uow, outcome, now=T0)
    failed = await render_jobs.get_render(uow, job["id"], user_id=U)
    assert failed["status"] == "failed" and failed["kind"] == "cover_letter"
    assert failed["error"]["category"] == "invalid_input" and failed["error"]["code"] == "missing_glyph"
    assert "status" not in failed["error"]
    assert uow.events(ResumeRenderedV1)[0].error == failed["error"]["detail"]


async def test_a_version_never_rendered_skips_the_store_lookup_and_later_ones_do_not() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    tools = render_tools(uow)
    pdf = RenderSpec(format="pdf")
    await rendering.render_file(uow, "resume", rid, pdf, user_id=U, tools=tools)
    assert uow.artifacts.store_lookups == 0  # version 1 was never stored: nothing to ask
    assert isinstance(tools.background, InlineWrites)
    await tools.background.drain()
    assert (await uow.resumes.get(U, rid) or {})["rendered_upto"] == 1
    uow.artifacts.recent.clear()  # as another replica, or after a restart: only the store has it
    again = await rendering.render_file(uow, "resume", rid, pdf, user_id=U, tools=tools)
    assert again.artifact["reused"] is True and uow.artifacts.store_lookups == 1
    await resumes.replace_resume(uow, rid, ResumeInput(resume={"basics": {"name": "Bo"}}), user_id=U, now=T0)
    changed = await rendering.render_file(uow, "resume", rid, pdf, user_id=U, tools=tools)
    assert changed.content == b"resume:pdf:Bo" and changed.artifact["reused"] is False
    assert uow.artifacts.store_lookups == 1
    # An older version (rendered before) is still looked up and reused.
    old = await rendering.render_file(
        uow, "resume", rid, RenderSpec(format="pdf", version=1), user_id=U, tools=tools
    )
    assert old.artifact["reused"] is True and old.content == b"resume:pdf:Ada"


async def test_a_resume_without_the_marker_always_asks_the_store() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    tools = render_tools(uow)
    await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    assert isinstance(tools.background, InlineWrites)
    await tools.background.drain()
    doc = await uow.resumes.get(U, rid)
    assert doc is not None
    del doc["rendered_upto"]  # a resume stored before the field existed
    uow.artifacts.recent.clear()
    again = await rendering.render_file(uow, "resume", rid, RenderSpec(format="pdf"), user_id=U, tools=tools)
    assert again.artifact["reused"] is True and uow.artifacts.store_lookups == 1


async def test_a_render_job_marks_the_version_rendered() -> None:
    uow = FakeResumeUnitOfWork()
    rid = await resume_id(uow)
    job = await run_fake(
        uow,
        lambda u: render_jobs.request_render_job(
            u, "resume", rid, RenderSpec(formats=["pdf"]), user_id=U, now=T0
        ),
    )
    await render_jobs.produce_render_job(uow, job["id"], tools=render_tools(uow))
    assert (await uow.resumes.get(U, rid) or {})["rendered_upto"] == 1
