"""Bad options and unreadable input give a named RenderError, and every error survives pickling."""

from __future__ import annotations

import pickle

import pytest

from resugrow_resume.domain.render import (
    CannotFit,
    InvalidRenderOptions,
    MissingGlyph,
    RenderError,
    RenderOptions,
    RenderTimeout,
    UnknownTemplate,
    UnsupportedFormat,
    render_cover_letter,
    render_resume,
    render_thumbnail,
    sample_resume,
)


def test_unknown_template_and_format() -> None:
    with pytest.raises(UnknownTemplate) as info:
        render_resume(sample_resume(), RenderOptions(format="pdf", template="fancy-two-column"))
    assert info.value.template == "fancy-two-column" and "classic" in info.value.known
    with pytest.raises(UnsupportedFormat) as fmt:
        render_resume(sample_resume(), RenderOptions(format="odt"))
    assert fmt.value.format == "odt"
    with pytest.raises(UnknownTemplate):
        render_thumbnail("nope")


@pytest.mark.parametrize(
    "options,field",
    [
        (RenderOptions(format="pdf", page_size="legal"), "page_size"),
        (RenderOptions(format="pdf", fit_pages=0), "fit_pages"),
        (RenderOptions(format="png", page=0), "page"),
        (RenderOptions(format="png", page=9), "page"),
        (RenderOptions(format="pdf", pdf_standard="x-1a"), "pdf_standard"),
        (RenderOptions(format="pdf", locale="zz-!!"), "locale"),
    ],
)
def test_invalid_options_name_the_field(options: RenderOptions, field: str) -> None:
    with pytest.raises(InvalidRenderOptions) as info:
        render_resume(sample_resume(), options)
    assert info.value.field == field


def test_bad_letter_date_is_named() -> None:
    with pytest.raises(InvalidRenderOptions) as info:
        render_cover_letter({"date": "02/03/2026"}, sample_resume(), RenderOptions(format="txt"))
    assert info.value.field == "letter.date"


def test_non_object_input() -> None:
    with pytest.raises(RenderError):
        render_resume(["not", "a", "resume"], RenderOptions(format="pdf"))  # type: ignore[arg-type]


def test_an_empty_resume_still_renders() -> None:
    for fmt in ("pdf", "docx", "html"):
        assert render_resume({}, RenderOptions(format=fmt)).content


@pytest.mark.parametrize(
    "error",
    [
        RenderError("x"),
        UnknownTemplate("t", ("classic",)),
        UnsupportedFormat("odt", ("pdf",)),
        InvalidRenderOptions("page", "bad"),
        MissingGlyph("\ue000", 0xE000, "basics.name"),
        CannotFit(3, {"target_pages": 1}),
        RenderTimeout(2.0),
    ],
)
def test_errors_round_trip_through_pickle(error: RenderError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and copy.to_dict() == error.to_dict()
