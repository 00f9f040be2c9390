"""The render pipeline behind the public functions: validate glyphs, build the view, write, verify."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import typst_engine as te
from .errors import InvalidRenderOptions
from .fit import fit_layout
from .fonts import check_glyphs
from .locale import LocaleInfo, resolve_locale
from .templates import TemplateInfo
from .verify import expectations_for, last_page_fill, verify_docx, verify_pdf
from .view import ResumeView, build_letter_view, build_view, keep_whole_section

if TYPE_CHECKING:
    from . import RenderOptions, RenderResult

# Fields that are never drawn, so a character in them cannot be missing from the render.
_UNDRAWN = frozenset({"meta", "$schema", "image", "picture", "id", "_id"})
OVERFLOW_FILL = 0.25  # a last page less than this full is a spill-over worth fitting away
THUMBNAIL_PPI = 36


def default_layout(template: TemplateInfo) -> te.Layout:
    return te.Layout(size=template.body_size, spacing=0.8, leading=0.5, margin=template.margin_mm)


def typst_payload(view: ResumeView, template: TemplateInfo, layout: te.Layout, paper: str) -> dict[str, Any]:
    return {
        **view.data,
        "sections": [keep_whole_section(s) for s in view.sections],
        "theme": template.typst_theme(),
        "layout": layout.as_dict(),
        "base_size": template.body_size,
        "paper": te.PAPER[paper],
    }


def _source(kind: str) -> Any:
    return te.LETTER_TYP if kind == "cover_letter" else te.RESUME_TYP


@dataclass
class _Output:
    content: bytes
    pages: int | None = None
    overflow: bool = False
    fit_report: Any = None
    verification: Any = None


def _typst_output(
    kind: str, view: ResumeView, options: RenderOptions, template: TemplateInfo, paper: str
) -> _Output:
    """PDF or PNG through Typst: fitted to ``fit_pages`` if asked, a PDF verified by reading it back."""
    source = _source(kind)
    layout = default_layout(template)
    fit_report = None
    pdf: bytes | None = None
    if options.fit_pages is not None:

        def compile_at(candidate: te.Layout) -> bytes:
            return te.compile_pdf(
                source, typst_payload(view, template, candidate, paper), options.pdf_standard
            )

        layout, fit_report, pdf = fit_layout(compile_at, layout, options.fit_pages, view)
    payload = typst_payload(view, template, layout, paper)
    if options.format == "pdf":
        content = pdf or te.compile_pdf(source, payload, options.pdf_standard)
        verification, pages, fill = verify_pdf(content, expectations_for(view, kind))
        overflow = options.fit_pages is None and pages > 1 and fill < OVERFLOW_FILL
        return _Output(content, pages, overflow, fit_report, verification)
    images = te.compile_png(source, payload)
    if options.page > len(images):
        raise InvalidRenderOptions("page", f"the document has {len(images)} page(s)")
    overflow = options.fit_pages is None and len(images) > 1
    if overflow:
        overflow = last_page_fill(te.compile_pdf(source, payload)) < OVERFLOW_FILL
    return _Output(images[options.page - 1], len(images), overflow, fit_report)


def _other_output(kind: str, view: ResumeView, options: RenderOptions, template: TemplateInfo, paper: str,
                  loc: LocaleInfo) -> _Output:  # fmt: skip
    if options.format == "docx":
        from .docx_writer import write_docx

        content = write_docx(view, template, loc, paper, kind)
        return _Output(content, verification=verify_docx(content, expectations_for(view, kind)))
    from .text_writers import write_text

    return _Output(write_text(options.format, view, template, loc, paper, kind))


def render_document(
    kind: str,
    resume: dict[str, Any],
    letter: dict[str, Any] | None,
    options: RenderOptions,
    template: TemplateInfo,
) -> RenderResult:
    from . import MEDIA_TYPES, RenderResult

    loc: LocaleInfo = resolve_locale(options.locale)
    check_glyphs(resume, skip=_UNDRAWN)
    if letter is not None:
        check_glyphs(letter, root="letter")
        view = build_letter_view(letter, resume, loc)
    else:
        view = build_view(resume, loc, template)
    paper = options.page_size or loc.default_page_size
    if options.format in ("pdf", "png"):
        out = _typst_output(kind, view, options, template, paper)
    else:
        out = _other_output(kind, view, options, template, paper, loc)
    return RenderResult(
        content=out.content,
        media_type=MEDIA_TYPES[options.format],
        extension=options.format,
        pages=out.pages,
        overflow=out.overflow,
        fit_report=out.fit_report,
        verification=out.verification,
    )


def thumbnail(resume: dict[str, Any], template: TemplateInfo) -> bytes:
    loc = resolve_locale("en-US")
    view = build_view(resume, loc, template)
    payload = typst_payload(view, template, default_layout(template), loc.default_page_size)
    return te.compile_png(te.RESUME_TYP, payload, ppi=THUMBNAIL_PPI)[0]
