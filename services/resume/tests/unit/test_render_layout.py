"""Pagination keeps entry headers with their first bullet; fit to N pages; determinism."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from resugrow_resume.domain.render import CannotFit, RenderOptions, render_resume, sample_resume


def long_resume(copies: int) -> dict:
    base = sample_resume()
    work = []
    for i in range(copies):
        for j, w in enumerate(base["work"]):
            work.append({**w, "name": f"{w['name']} {i}{j}", "position": f"{w['position']} {i}{j}"})
    return {**base, "work": work}


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]


@pytest.mark.parametrize("template", ["classic", "compact"])
def test_entry_header_stays_with_first_bullet(template: str) -> None:
    resume = long_resume(5)
    result = render_resume(resume, RenderOptions(format="pdf", template=template))
    assert result.pages is not None and result.pages >= 2
    pages = page_texts(result.content)
    for w in resume["work"]:
        first_bullet_start = " ".join(w["highlights"][0].split()[:4])
        header_pages = [i for i, t in enumerate(pages) if w["position"] in t]
        assert header_pages, w["position"]
        # the first bullet starts on the header's page, never overleaf
        assert first_bullet_start in pages[header_pages[0]], (w["position"], header_pages)


def test_section_heading_never_ends_a_page() -> None:
    result = render_resume(long_resume(4), RenderOptions(format="pdf", template="modern"))
    for text in page_texts(result.content)[:-1]:
        tail = text[-40:]
        for heading in ("Projects", "Education", "Skills", "Certifications", "Languages"):
            assert not tail.endswith(heading)


def test_fit_to_one_page_reports_what_shrank() -> None:
    resume = long_resume(2)  # about 1.3 pages at the default layout
    plain = render_resume(resume, RenderOptions(format="pdf"))
    assert plain.pages == 2
    fitted = render_resume(resume, RenderOptions(format="pdf", fit_pages=1))
    assert fitted.pages == 1 and fitted.overflow is False
    report = fitted.fit_report
    assert report is not None and report["fits"] is True and report["pages_before"] == 2
    assert report["changes"]  # something had to shrink, and it is named
    assert set(report["changes"]) <= {"font_size_pt", "spacing_em", "leading_em", "margin_mm"}
    assert fitted.verification and fitted.verification["passed"]


def test_fit_that_already_fits_changes_nothing() -> None:
    result = render_resume(sample_resume(), RenderOptions(format="pdf", fit_pages=1))
    assert result.fit_report == {
        "target_pages": 1,
        "pages_before": 1,
        "steps_available": result.fit_report["steps_available"],
        "fits": True,
        "pages": 1,
        "changes": {},
        "compiles": 1,
    }


def test_cannot_fit_reports_pages_and_what_overflows() -> None:
    with pytest.raises(CannotFit) as info:
        render_resume(long_resume(8), RenderOptions(format="pdf", fit_pages=1))
    error = info.value
    assert error.pages_needed >= 2
    assert error.report["fits"] is False
    assert error.report["changes"]["font_size_pt"]["to"] == 8.5
    assert error.report["still_overflowing"]


def test_fit_applies_to_png_preview() -> None:
    result = render_resume(long_resume(2), RenderOptions(format="png", fit_pages=1))
    assert result.pages == 1 and result.fit_report and result.fit_report["fits"]


def test_spill_over_is_flagged_as_overflow() -> None:
    resume = sample_resume()
    interns = [
        {"name": f"Tiny Co {i}", "position": "Intern", "highlights": ["One more line."]} for i in range(3)
    ]
    spilled = render_resume(
        {**resume, "work": [*resume["work"], *interns]}, RenderOptions(format="pdf", template="modern")
    )
    assert spilled.pages == 2 and spilled.overflow is True  # a few lines on page 2
    full = render_resume(long_resume(5), RenderOptions(format="pdf", template="modern"))
    assert full.pages is not None and full.pages >= 2 and full.overflow is False  # a well-filled last page
    fitted = render_resume(
        {**resume, "work": [*resume["work"], *interns]},
        RenderOptions(format="pdf", template="modern", fit_pages=1),
    )
    assert fitted.pages == 1 and fitted.overflow is False


@pytest.mark.parametrize("fmt", ["pdf", "png", "docx", "html", "md", "txt"])
def test_renders_are_byte_identical(fmt: str) -> None:
    options = RenderOptions(format=fmt, template="modern")
    assert render_resume(sample_resume(), options).content == render_resume(sample_resume(), options).content


def test_cover_letter_is_byte_identical() -> None:
    from resugrow_resume.domain.render import render_cover_letter

    letter = {"date": "2026-02-01", "company": "Acme", "paragraphs": ["Hello."], "greeting": "Dear team,"}
    for fmt in ("pdf", "docx"):
        a = render_cover_letter(letter, sample_resume(), RenderOptions(format=fmt)).content
        b = render_cover_letter(letter, sample_resume(), RenderOptions(format=fmt)).content
        assert a == b
