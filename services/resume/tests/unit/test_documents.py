"""Cover letter validation, render request parsing, artifact keys and download names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from resugrow_resume.domain.documents import RenderSpec, download_name, render_key, validate_letter
from resugrow_resume.domain.model import ResumeInvalid


def test_letter_validation_names_each_bad_field() -> None:
    ok = validate_letter({"company": "Acme", "paragraphs": ["Hello."], "date": "2026-11-02"})
    assert ok == {"company": "Acme", "paragraphs": ["Hello."], "date": "2026-11-02"}
    with pytest.raises(ResumeInvalid) as info:
        validate_letter({"paragraphs": [], "date": "tomorrow", "signature": "x"})
    assert [e["path"] for e in info.value.errors] == ["date", "paragraphs", "signature"]


def test_render_spec_needs_exactly_one_of_format_and_formats() -> None:
    assert RenderSpec(format="PDF").format_list == ["pdf"]
    assert RenderSpec(formats=["pdf", "docx", "pdf"]).format_list == ["pdf", "docx"]
    for bad in ({}, {"format": "pdf", "formats": ["pdf"]}, {"formats": []}):
        with pytest.raises(ValidationError):
            RenderSpec(**bad)


def test_render_key_changes_with_every_input_and_only_then() -> None:
    base = {"user_id": "u1", "kind": "resume", "resume": {"basics": {"name": "A"}}, "letter": None,
            "options": {"format": "pdf"}, "engine": "e1"}  # fmt: skip
    key = render_key(**base)  # type: ignore[arg-type]
    assert key == render_key(**{**base, "resume": {"basics": {"name": "A"}}})  # type: ignore[arg-type]
    for change in ({"user_id": "u2"}, {"resume": {"basics": {"name": "B"}}}, {"options": {"format": "png"}},
                   {"engine": "e2"}, {"kind": "cover_letter"}):  # fmt: skip
        assert render_key(**{**base, **change}) != key  # type: ignore[arg-type]


def test_download_names_are_ascii_slugs() -> None:
    assert download_name("Tomás Ferreira – ML", "modern", "pdf") == "tomas-ferreira-ml-modern.pdf"
    assert download_name("李小龍", "classic", "docx") == "resume-classic.docx"
