"""What every render shares: the target (resume or letter at a version), the checked options, and
producing one artifact (reused from the store when this exact input was rendered before)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from resugrow_domain import NotFound
from resugrow_resume.domain import render
from resugrow_resume.domain.documents import RenderSpec, download_name, render_key
from resugrow_resume.domain.render.locale import resolve_locale
from resugrow_resume.use_cases.errors import render_failed
from resugrow_resume.use_cases.ports import Doc, RenderTools, ResumeUoW
from resugrow_resume.use_cases.reading import MASTER, load_resume, load_version, master_content, materialize

DEFAULT_TEMPLATE = "classic"
PDF_STANDARDS = ("a-2b", "ua-1")


@dataclass
class RenderTarget:
    kind: str  # "resume" | "cover_letter"
    resume: Doc
    version: int
    content: Doc
    master_version: int | None
    letter_doc: Doc | None = None

    @property
    def title(self) -> str:
        return str((self.letter_doc or self.resume)["title"])

    @property
    def letter(self) -> Doc | None:
        return self.letter_doc["letter"] if self.letter_doc else None

    @property
    def never_stored(self) -> bool:
        """No artifact of this version was ever stored: the resume records the newest version
        one was (``rendered_upto``), so asking the store would only confirm a miss. The rare
        version whose content repeats an older one's is rendered again, to the same bytes."""
        upto = self.resume.get("rendered_upto")
        return isinstance(upto, int) and self.version > upto


@dataclass
class RenderedFile:
    content: bytes
    media_type: str
    filename: str
    artifact: Doc


async def resume_target(
    uow: ResumeUoW, user_id: str, resume_id: str, version: int | None, master_version: int | None = None
) -> RenderTarget:
    resume = await load_resume(uow, user_id, resume_id)
    n = version or resume["latest_version"]
    if resume["kind"] == MASTER:
        return RenderTarget("resume", resume, n, await master_content(uow, user_id, resume, n), None)
    doc = await load_version(uow, user_id, resume_id, n)
    mat = await materialize(uow, user_id, resume, doc, master_version=master_version)
    return RenderTarget("resume", resume, n, mat.content, mat.master_version)


async def letter_target(
    uow: ResumeUoW, user_id: str, letter_id: str, version: int | None, master_version: int | None = None
) -> RenderTarget:
    letter = await uow.letters.get(user_id, letter_id)
    if letter is None:
        raise NotFound(f"No cover letter {letter_id!r}.")
    target = await resume_target(uow, user_id, letter["resume_id"], version, master_version)
    target.kind = "cover_letter"
    target.letter_doc = letter
    return target


async def target_of(
    uow: ResumeUoW, user_id: str, kind: str, target_id: str, spec: RenderSpec
) -> tuple[RenderTarget, str]:
    """The document to render and its template (asked for, else the letter's, else the resume's)."""
    if kind == "cover_letter":
        target = await letter_target(uow, user_id, target_id, spec.version)
        template = (
            spec.template or (target.letter_doc or {}).get("template") or template_for(spec, target.content)
        )
    else:
        target = await resume_target(uow, user_id, target_id, spec.version)
        template = template_for(spec, target.content)
    check_spec(spec, template)
    return target, template


def template_for(spec: RenderSpec, content: Doc) -> str:
    if spec.template:
        return spec.template
    meta = content.get("meta") or {}
    theme = meta.get("template") if isinstance(meta, dict) else None
    return theme if isinstance(theme, str) and theme in render.TEMPLATES else DEFAULT_TEMPLATE


# Each option check returns the reason it is wrong, or None.
_OPTION_CHECKS: dict[str, Callable[[RenderSpec], str | None]] = {
    "page_size": lambda s: None if s.page_size is None or s.page_size in render.PAGE_SIZES
    else f"expected one of {', '.join(render.PAGE_SIZES)}",
    "fit_pages": lambda s: None if s.fit_pages is None or 1 <= s.fit_pages <= render.MAX_FIT_PAGES
    else f"must be between 1 and {render.MAX_FIT_PAGES}",
    "page": lambda s: None if s.page >= 1 else "must be 1 or more",
    "pdf_standard": lambda s: None if s.pdf_standard is None or s.pdf_standard in PDF_STANDARDS
    else "expected 'a-2b' or 'ua-1'",
}  # fmt: skip


def check_spec(spec: RenderSpec, template: str) -> None:
    """Refuse what the engine would refuse, before anything is stored or queued."""
    for fmt in spec.format_list:
        if fmt not in render.FORMATS:
            raise render_failed(render.UnsupportedFormat(fmt, render.FORMATS))
    if template not in render.TEMPLATES:
        raise render_failed(render.UnknownTemplate(template, tuple(render.TEMPLATES)))
    for field, check in _OPTION_CHECKS.items():
        reason = check(spec)
        if reason is not None:
            raise render_failed(render.InvalidRenderOptions(field, reason))
    if spec.locale is not None:
        try:
            resolve_locale(spec.locale)
        except render.RenderError as exc:
            raise render_failed(exc) from None


def spec_options(spec: RenderSpec) -> Doc:
    return {"page_size": spec.page_size, "locale": spec.locale, "fit_pages": spec.fit_pages, "page": spec.page,
            "pdf_standard": spec.pdf_standard}  # fmt: skip


def engine_options(fmt: str, template: str, opts: Doc) -> render.RenderOptions:
    return render.RenderOptions(
        format=fmt,
        template=template,
        page_size=opts.get("page_size"),
        locale=opts.get("locale") or "en",
        fit_pages=opts.get("fit_pages"),
        page=opts.get("page") or 1,
        pdf_standard=opts.get("pdf_standard"),
    )


def artifact_view(artifact_id: str, size: int, meta: Doc) -> Doc:
    return {
        "format": meta["format"],
        "artifact_id": artifact_id,
        "sha256": meta["sha256"],
        "size": size,
        "media_type": meta["media_type"],
        "extension": meta["extension"],
        "filename": meta["filename"],
        "pages": meta.get("pages"),
        "overflow": bool(meta.get("overflow")),
        "fit_report": meta.get("fit_report"),
        "verification": meta.get("verification"),
    }


def _metadata(target: RenderTarget, result: Any, *, user_id: str, fmt: str, template: str,
              render_id: str | None) -> Doc:  # fmt: skip
    return {
        "user_id": user_id,
        "kind": target.kind,
        "resume_id": target.resume["_id"],
        "version": target.version,
        "cover_letter_id": target.letter_doc["_id"] if target.letter_doc else None,
        "render_id": render_id,
        "format": fmt,
        "template": template,
        "media_type": result.media_type,
        "extension": result.extension,
        "sha256": hashlib.sha256(result.content).hexdigest(),
        "pages": result.pages,
        "overflow": result.overflow,
        "fit_report": result.fit_report,
        "verification": result.verification,
        "filename": download_name(target.title, template, result.extension),
    }


async def _reused(
    tools: RenderTools, key: str, user_id: str, want_bytes: bool, *, never_stored: bool = False
) -> tuple[Doc, bytes | None] | None:
    found = await tools.store.find(key, user_id=user_id, remembered_only=never_stored)
    if found is None:
        return None
    data = await tools.store.read(found) if want_bytes else None
    if want_bytes and data is None:
        return None  # erased between the lookup and the read: render it again
    return {**artifact_view(key, found.size, found.metadata), "reused": True}, data


async def produce(
    uow: ResumeUoW, tools: RenderTools, target: RenderTarget, *, user_id: str, fmt: str, template: str,
    opts: Doc, render_id: str | None = None, want_bytes: bool = True,
) -> tuple[Doc, bytes | None]:  # fmt: skip
    """One artifact: reused from the store when this exact input was rendered before, else rendered."""
    options = engine_options(fmt, template, opts)
    key = render_key(user_id=user_id, kind=target.kind, resume=target.content, letter=target.letter,
                     options=asdict(options), engine=tools.engine)  # fmt: skip
    reused = await _reused(tools, key, user_id, want_bytes, never_stored=target.never_stored)
    if reused is not None:
        return reused
    try:
        result = await tools.renderer.render(target.kind, target.content, target.letter, options)
    except render.RenderError as exc:
        raise render_failed(exc) from None
    metadata = _metadata(target, result, user_id=user_id, fmt=fmt, template=template, render_id=render_id)
    if render_id is None:
        # A direct render answers as soon as the bytes exist; storing them (three writes) only
        # serves a later identical request, so it runs in the background, after a delay, and not
        # at all if a newer version is rendered first; meanwhile a repeat is served from the copy
        # remembered here.
        tools.store.remember(key, result.content, metadata)
        content = result.content
        tools.background.spawn_latest(
            _store_slot(target, user_id, options),
            target.version,
            lambda: _store_unless_erased(uow, tools, key, content, metadata),
        )
    else:
        await tools.store.put(key, metadata["filename"], result.content, metadata)  # before resume.rendered
        await uow.resumes.mark_rendered(user_id, target.resume["_id"], target.version)
    return {**artifact_view(key, len(result.content), metadata), "reused": False}, result.content


def _store_slot(target: RenderTarget, user_id: str, options: Any) -> str:
    """What a newer render supersedes: the same resume (or letter) with the same options."""
    letter_id = str(target.letter_doc["_id"]) if target.letter_doc else ""
    opts = hashlib.sha256(repr(sorted(asdict(options).items())).encode()).hexdigest()[:16]
    return f"{user_id}:{target.kind}:{target.resume['_id']}:{letter_id}:{opts}"


async def _store_unless_erased(
    uow: ResumeUoW, tools: RenderTools, key: str, content: bytes, metadata: Doc
) -> None:
    await tools.store.put(key, metadata["filename"], content, metadata)
    # If the user (or the resume) was erased while this write was in flight, the erasure may have
    # run before the file existed: marking the resume after the write finds it gone and closes
    # that window.
    if not await uow.resumes.mark_rendered(metadata["user_id"], metadata["resume_id"], metadata["version"]):
        await tools.store.delete_ids([key])
