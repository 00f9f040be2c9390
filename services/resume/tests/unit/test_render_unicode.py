"""Localised headings and dates, accents, right-to-left Arabic, CJK fallback, missing glyphs."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from resugrow_resume.domain.render import MissingGlyph, RenderOptions, render_resume, sample_resume

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "render"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_german_uses_meta_locale_headings_dates_and_a4() -> None:
    result = render_resume(load("de.json"), RenderOptions(format="pdf"))
    assert result.verification and result.verification["passed"], result.verification
    text = pdf_text(result.content)
    for expected in (
        "Jürgen Weiß",
        "Müller & Söhne GmbH",
        "Berufserfahrung",
        "Ausbildung",
        "Apr. 2019 – heute",
    ):
        assert expected in text
    doc = pdfium.PdfDocument(result.content)
    assert round(doc[0].get_width()) == 595  # A4 by locale


def test_french_option_locale_and_letter_override() -> None:
    result = render_resume(load("fr.json"), RenderOptions(format="pdf", locale="fr-FR", page_size="letter"))
    assert result.verification and result.verification["passed"], result.verification
    text = pdf_text(result.content)
    assert "Expérience professionnelle" in text and "févr. 2020" in text and "Hélène Lefèvre" in text
    assert round(pdfium.PdfDocument(result.content)[0].get_width()) == 612


@pytest.mark.parametrize(
    "locale,expected",
    [("en", "letter"), ("en-GB", "a4"), ("es-MX", "letter"), ("es", "a4"), ("fr-CA", "letter")],
)
def test_page_size_follows_locale(locale: str, expected: str) -> None:
    result = render_resume(sample_resume(), RenderOptions(format="pdf", locale=locale))
    width = round(pdfium.PdfDocument(result.content)[0].get_width())
    assert width == (612 if expected == "letter" else 595)


def test_spanish_headings_in_text_formats() -> None:
    text = render_resume(sample_resume(), RenderOptions(format="txt", locale="es")).content.decode()
    assert "EXPERIENCIA" in text and "FORMACIÓN" in text and "actualidad" in text


def test_arabic_right_to_left_renders_and_verifies() -> None:
    resume = load("ar.json")
    result = render_resume(resume, RenderOptions(format="pdf", locale="ar"))
    assert result.verification and result.verification["passed"], result.verification
    html = render_resume(resume, RenderOptions(format="html", locale="ar")).content.decode()
    assert 'dir="rtl"' in html and "الخبرة" in html
    docx_result = render_resume(resume, RenderOptions(format="docx", locale="ar"))
    assert docx_result.verification and docx_result.verification["passed"], docx_result.verification


@pytest.mark.parametrize("fixture,locale,heading", [("zh.json", "zh", "工作经历"), ("ja.json", "ja", "職歴")])
def test_cjk_falls_back_to_noto_cjk(fixture: str, locale: str, heading: str) -> None:
    resume = load(fixture)
    for template in ("classic", "modern"):
        result = render_resume(resume, RenderOptions(format="pdf", locale=locale, template=template))
        assert result.verification and result.verification["passed"], result.verification
        text = pdf_text(result.content)
        assert heading in text and resume["basics"]["name"] in text
        assert resume["work"][0]["name"] in text


@pytest.mark.parametrize("char", ["\U00010000", "\ue000"])  # Linear B syllable, private use
def test_missing_glyph_names_the_character_and_field(char: str) -> None:
    resume = sample_resume()
    broken = {**resume, "work": [dict(resume["work"][0]), *resume["work"][1:]]}
    broken["work"][0]["highlights"] = ["fine", f"bad {char} here"]
    for fmt in ("pdf", "docx", "txt"):
        with pytest.raises(MissingGlyph) as info:
            render_resume(broken, RenderOptions(format=fmt))
        assert info.value.char == char
        assert info.value.codepoint == ord(char)
        assert info.value.path == "work[0].highlights[1]"
        assert f"U+{ord(char):04X}" in str(info.value)


def test_missing_glyph_in_cover_letter_names_letter_field() -> None:
    letter = {"date": "2026-01-05", "paragraphs": ["ok", "emoji \U0001f680"], "greeting": "Hi"}
    from resugrow_resume.domain.render import render_cover_letter

    with pytest.raises(MissingGlyph) as info:
        render_cover_letter(letter, sample_resume(), RenderOptions(format="pdf"))
    assert info.value.path == "letter.paragraphs[1]"


def test_format_characters_are_not_missing_glyphs() -> None:
    resume = {"basics": {"name": "Zoë\u200d Smith\ufe0f", "summary": "soft\u00adhyphen"}}
    assert render_resume(resume, RenderOptions(format="pdf")).content.startswith(b"%PDF")
