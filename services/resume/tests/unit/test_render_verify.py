"""Read-back verification must fail on PDFs and DOCX files an ATS would misread."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import typst

from resugrow_resume.domain.render import TEMPLATES, RenderOptions, render_resume, sample_resume
from resugrow_resume.domain.render.fonts import font_dirs
from resugrow_resume.domain.render.locale import resolve_locale
from resugrow_resume.domain.render.verify import expectations_for, verify_docx, verify_pdf
from resugrow_resume.domain.render.view import build_view


def expectations() -> object:
    return expectations_for(build_view(sample_resume(), resolve_locale("en"), TEMPLATES["classic"]))


def raw_pdf(tmp_path: Path, markup: str, tags: bool = True) -> bytes:
    source = tmp_path / "broken.typ"
    source.write_text(
        '#set text(font: "Arimo", hyphenate: false)\n#set page(width: 9cm, height: auto)\n' + markup, "utf-8"
    )
    compiler = typst.Compiler(str(source), font_paths=list(font_dirs()), ignore_system_fonts=True)
    return compiler.compile(format="pdf", pdf_tags=tags)


def test_a_good_render_passes() -> None:
    result, pages, _fill = verify_pdf(
        render_resume(sample_resume(), RenderOptions(format="pdf")).content, expectations()
    )
    assert result["passed"] and pages == 1
    assert set(result["checks"]) >= {
        "fields_present",
        "reading_order",
        "no_lost_glyphs",
        "no_split_words",
        "links_intact",
        "tagged",
    }


def test_missing_employer_is_caught() -> None:
    resume = sample_resume()
    without = {**resume, "work": [w for w in resume["work"] if w["name"] != "Bluefin Logistics"]}
    pdf = render_resume(without, RenderOptions(format="pdf")).content
    result, _, _ = verify_pdf(pdf, expectations())
    assert not result["passed"] and not result["checks"]["fields_present"]
    assert any("Bluefin Logistics" in p for p in result["problems"])


def test_out_of_order_fields_are_caught() -> None:
    resume = sample_resume()
    swapped = {**resume, "work": list(reversed(resume["work"]))}
    pdf = render_resume(swapped, RenderOptions(format="pdf")).content
    result, _, _ = verify_pdf(pdf, expectations())
    assert result["checks"]["fields_present"] and not result["checks"]["reading_order"]


def test_lost_glyph_split_url_and_untagged_pdf_are_caught(tmp_path: Path) -> None:
    markup = (
        "Alex Morgan \\ alex.morgan\\@example.com \\ +1 415 555 0142 \\ "
        "Senior Backend Engin\\u{FFFD}er \\ Northwind Payme \\ nts \\ alexmorgan \\ .dev"
    )
    result, _, _ = verify_pdf(raw_pdf(tmp_path, markup, tags=False), expectations())
    checks = result["checks"]
    assert not result["passed"]
    assert not checks["no_lost_glyphs"]
    assert not checks["no_split_words"]
    assert not checks["links_intact"]
    assert not checks["tagged"]
    assert any("U+FFFD" in p for p in result["problems"])


def test_unreadable_pdf_fails_cleanly() -> None:
    result, pages, _ = verify_pdf(b"%PDF-1.7 not really", expectations())
    assert (
        result == {"passed": False, "checks": {"readable": False}, "problems": result["problems"]}
        and pages == 0
    )


def test_docx_with_content_in_a_table_is_caught() -> None:
    document = docx.Document()
    document.add_paragraph("Alex Morgan", style="Title")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Northwind Payments"
    raw = io.BytesIO()
    document.save(raw)
    result = verify_docx(raw.getvalue(), expectations())
    assert not result["passed"]
    assert not result["checks"]["no_tables_or_text_boxes"] and not result["checks"]["fields_present"]
    assert not result["checks"]["word_styles"]


def test_the_text_reader_gets_the_same_text_without_the_colour_profiles() -> None:
    """The verifier reads a copy whose ICC colour spaces are named device spaces (pdfium then
    skips building a colour transform): the text layer must come back exactly as from the PDF
    itself, on every template, and the copy must keep every byte offset."""
    import pypdfium2 as pdfium

    from resugrow_resume.domain.render.verify import _for_text

    def text_of(pdf: bytes) -> list[str]:
        doc = pdfium.PdfDocument(pdf)
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]

    for template in TEMPLATES:
        pdf = render_resume(sample_resume(), RenderOptions(format="pdf", template=template)).content
        copy = _for_text(pdf)
        assert b"/ICCBased" in pdf and b"/ICCBased" not in copy, template
        assert len(copy) == len(pdf)
        assert text_of(copy) == text_of(pdf), template
