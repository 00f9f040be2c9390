"""Every format in every template, for resumes and cover letters."""

from __future__ import annotations

import io
import zipfile

import docx
import pypdfium2 as pdfium
import pytest

from resugrow_resume.domain.render import (
    FORMATS,
    TEMPLATES,
    RenderOptions,
    render_cover_letter,
    render_resume,
    render_thumbnail,
    sample_resume,
)

LETTER = {
    "recipient": "Dana Whitfield",
    "company": "Harbor Freight Systems",
    "job_title": "Staff Backend Engineer",
    "date": "2026-03-02",
    "greeting": "Dear Ms. Whitfield,",
    "paragraphs": [
        "I am applying for the Staff Backend Engineer role on your payments platform team.",
        "At Northwind Payments I redesigned the ledger service and led a zero-downtime migration.",
    ],
    "closing": "Kind regards,",
}


def _check_format(fmt: str, content: bytes) -> None:
    if fmt == "pdf":
        assert content.startswith(b"%PDF-")
    elif fmt == "png":
        assert content.startswith(b"\x89PNG\r\n\x1a\n")
    elif fmt == "docx":
        assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    else:
        assert "Alex Morgan" in content.decode("utf-8")


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_in_every_template(fmt: str, template: str) -> None:
    result = render_resume(sample_resume(), RenderOptions(format=fmt, template=template))
    assert result.extension == fmt
    _check_format(fmt, result.content)
    if fmt in ("pdf", "docx"):
        assert result.verification is not None
        assert result.verification["passed"], result.verification["problems"]
    if fmt in ("pdf", "png"):
        assert result.pages == 1  # the sample is a realistic one-page resume in every theme
        assert result.overflow is False


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_cover_letter_in_every_theme_and_format(fmt: str, template: str) -> None:
    result = render_cover_letter(LETTER, sample_resume(), RenderOptions(format=fmt, template=template))
    _check_format(fmt, result.content)
    if fmt in ("pdf", "docx"):
        assert result.verification is not None and result.verification["passed"], result.verification
    if fmt in ("html", "md", "txt"):
        text = result.content.decode()
        assert "Harbor Freight Systems" in text and "March 2, 2026" in text


def test_pdf_text_reads_back_in_order() -> None:
    pdf = render_resume(sample_resume(), RenderOptions(format="pdf", template="modern")).content
    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage().get_text_range()
    order = [
        "Alex Morgan",
        "alex.morgan@example.com",
        "Experience",
        "Northwind Payments",
        "Bluefin Logistics",
        "Education",
    ]
    positions = [text.index(x) for x in order]
    assert positions == sorted(positions)


def test_pdf_is_tagged_and_pdf_standards_are_honoured() -> None:
    plain = render_resume(sample_resume(), RenderOptions(format="pdf")).content
    assert b"/StructTreeRoot" in plain
    archival = render_resume(sample_resume(), RenderOptions(format="pdf", pdf_standard="a-2b")).content
    assert b"pdfaid:part" in archival or b"pdfaid" in archival
    accessible = render_resume(sample_resume(), RenderOptions(format="pdf", pdf_standard="ua-1")).content
    assert b"pdfuaid" in accessible


def test_docx_uses_word_styles_and_no_tables() -> None:
    content = render_resume(sample_resume(), RenderOptions(format="docx", template="academic")).content
    document = docx.Document(io.BytesIO(content))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    assert document.tables == []
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Summary", "Education", "Publications"] or headings[:2] == [
        "Summary",
        "Education",
    ]


def test_html_is_semantic_with_print_css() -> None:
    html = render_resume(sample_resume(), RenderOptions(format="html")).content.decode()
    for tag in ("<header>", "<section", "<h1>", "<h2>", "<ul>", "@media print", "@page"):
        assert tag in html
    assert '<html lang="en" dir="ltr">' in html


def test_html_escapes_and_markdown_escapes_user_text() -> None:
    resume = {"basics": {"name": "Ada <script>alert(1)</script> *Lovelace*"}}
    html = render_resume(resume, RenderOptions(format="html")).content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render_resume(resume, RenderOptions(format="md")).content.decode()
    assert "\\*Lovelace\\*" in md


def test_png_page_selection_and_thumbnails() -> None:
    long = {**sample_resume(), "work": sample_resume()["work"] * 4}
    second = render_resume(long, RenderOptions(format="png", page=2))
    assert second.pages is not None and second.pages >= 2
    assert second.content.startswith(b"\x89PNG")
    thumbs = {name: render_thumbnail(name) for name in TEMPLATES}
    assert all(t.startswith(b"\x89PNG") for t in thumbs.values())
    assert len(set(thumbs.values())) == len(TEMPLATES)  # distinct looks


def test_templates_listing() -> None:
    assert {"classic", "modern", "compact", "academic"} <= set(TEMPLATES)
    for info in TEMPLATES.values():
        listing = info.to_dict()
        assert listing["columns"] == 1 and listing["ats_safe"] is True
        assert "cover_letter" in listing["kinds"]


def test_typst_markup_in_data_is_shown_literally() -> None:
    # data reaches Typst as JSON values, never as markup: nothing here may be evaluated
    tricky = '#panic("x") $x^2$ *bold* _em_ <label> @ref \\ [link](y) = heading'
    resume = {
        "basics": {"name": "Ada Lovelace", "summary": tricky},
        "work": [{"name": "Analytical Engines", "position": "Programmer", "highlights": [tricky]}],
    }
    result = render_resume(resume, RenderOptions(format="pdf"))
    text = " ".join(pdfium.PdfDocument(result.content)[0].get_textpage().get_text_range().split())
    assert text.count('#panic("x") $x^2$ *bold* _em_ <label> @ref') == 2
    assert result.verification is not None and result.verification["passed"], result.verification
