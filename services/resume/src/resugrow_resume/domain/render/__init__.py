"""Resume rendering engine: PDF and PNG (Typst), DOCX (python-docx), HTML, Markdown and text (Jinja2).

Pure apart from reading its own packaged templates and fonts: no network, no clock, no database.
Every PDF and DOCX is read back and verified before it is returned. The render pool adapter
(``resugrow_resume.adapters.render_pool``) runs these functions in worker processes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import (
    CannotFit,
    InvalidRenderOptions,
    MissingGlyph,
    RenderError,
    RenderTimeout,
    UnknownTemplate,
    UnsupportedFormat,
)
from .templates import TEMPLATES, TemplateInfo

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "TEMPLATES",
    "CannotFit",
    "InvalidRenderOptions",
    "MissingGlyph",
    "RenderError",
    "RenderOptions",
    "RenderResult",
    "RenderTimeout",
    "TemplateInfo",
    "UnknownTemplate",
    "UnsupportedFormat",
    "render_cover_letter",
    "render_resume",
    "render_thumbnail",
    "sample_resume",
]

FORMATS: tuple[str, ...] = ("pdf", "png", "docx", "html", "md", "txt")
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
PAGE_SIZES = ("letter", "a4")
MAX_FIT_PAGES = 10


@dataclass(frozen=True)
class RenderOptions:
    format: str
    template: str = "classic"
    page_size: str | None = (
        None  # "letter" | "a4"; None picks by locale (letter in the US, Canada, Mexico...)
    )
    locale: str = "en"  # when left at "en", the resume's meta.locale (if any) is used instead
    fit_pages: int | None = None  # shrink spacing, margins, then type until the PDF/PNG fits
    page: int = 1  # which page a PNG shows
    pdf_standard: str | None = None  # "a-2b" | "ua-1"


@dataclass(frozen=True)
class RenderResult:
    content: bytes
    media_type: str
    extension: str
    pages: int | None
    overflow: bool  # the document spills a little onto its last page (fit_pages would pull it back)
    fit_report: dict[str, Any] | None
    verification: dict[str, Any] | None  # {"passed", "checks": {name: bool}, "problems": [...]}


def _validate(options: RenderOptions) -> TemplateInfo:
    if options.format not in FORMATS:
        raise UnsupportedFormat(options.format, FORMATS)
    template = TEMPLATES.get(options.template)
    if template is None:
        raise UnknownTemplate(options.template, tuple(TEMPLATES))
    if options.page_size is not None and options.page_size not in PAGE_SIZES:
        raise InvalidRenderOptions("page_size", f"expected one of {', '.join(PAGE_SIZES)}")
    if options.fit_pages is not None and not 1 <= options.fit_pages <= MAX_FIT_PAGES:
        raise InvalidRenderOptions("fit_pages", f"must be between 1 and {MAX_FIT_PAGES}")
    if options.page < 1:
        raise InvalidRenderOptions("page", "must be 1 or more")
    if options.pdf_standard is not None and options.pdf_standard not in ("a-2b", "ua-1"):
        raise InvalidRenderOptions("pdf_standard", "expected 'a-2b' or 'ua-1'")
    return template


def _effective_locale(resume: dict[str, Any], options: RenderOptions) -> str:
    meta = resume.get("meta") if isinstance(resume.get("meta"), dict) else {}
    meta_locale = meta.get("locale") if isinstance(meta, dict) else None
    if options.locale == "en" and isinstance(meta_locale, str) and meta_locale.strip():
        return meta_locale
    return options.locale


def render_resume(resume: dict[str, Any], options: RenderOptions) -> RenderResult:
    from .pipeline import render_document

    template = _validate(options)
    if not isinstance(resume, dict):
        raise RenderError("resume must be a JSON object")
    return render_document(
        "resume", resume, None, replace(options, locale=_effective_locale(resume, options)), template
    )


def render_cover_letter(
    letter: dict[str, Any], resume: dict[str, Any], options: RenderOptions
) -> RenderResult:
    """The letter in the same theme as ``options.template`` (the resume's template)."""
    from .pipeline import render_document

    template = _validate(options)
    if not isinstance(letter, dict) or not isinstance(resume, dict):
        raise RenderError("letter and resume must be JSON objects")
    return render_document(
        "cover_letter", resume, letter, replace(options, locale=_effective_locale(resume, options)), template
    )


@lru_cache(maxsize=1)
def sample_resume() -> dict[str, Any]:
    """The realistic one-page resume used for thumbnails, benchmarks and tests."""
    data: dict[str, Any] = json.loads((Path(__file__).with_name("sample_resume.json")).read_text("utf-8"))
    return data


@lru_cache(maxsize=len(TEMPLATES) * 2)
def render_thumbnail(template: str) -> bytes:
    """PNG of the sample resume's first page in ``template``, drawn by the same engine."""
    from .pipeline import thumbnail

    if template not in TEMPLATES:
        raise UnknownTemplate(template, tuple(TEMPLATES))
    return thumbnail(sample_resume(), TEMPLATES[template])
