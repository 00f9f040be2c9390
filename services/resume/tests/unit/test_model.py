"""The resume model: JSON Resume compatible, strict, with path-level errors and size limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resugrow_resume.domain.model import (
    MAX_BULLETS_PER_ENTRY,
    MAX_DOCUMENT_BYTES,
    ResumeInvalid,
    json_path,
    normalize,
    validate_resume,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def sample() -> dict:
    return json.loads((FIXTURES / "jsonresume_sample.json").read_text())


def _paths(exc: ResumeInvalid) -> list[str]:
    return [err["path"] for err in exc.errors]


def test_sample_is_valid_and_normalizes_to_itself(sample: dict) -> None:
    assert normalize(sample) == sample


def test_unknown_fields_are_preserved_at_every_level(sample: dict) -> None:
    sample["x-custom-section"] = [{"anything": [1, 2, {"deep": True}]}]
    sample["work"][0]["x-internal-ref"] = "ABC-1"
    out = normalize(sample)
    assert out["x-custom-section"] == [{"anything": [1, 2, {"deep": True}]}]
    assert out["work"][0]["x-internal-ref"] == "ABC-1"
    assert out["meta"]["theme"] == "elegant"
    assert out["basics"]["x-pronouns"] == "she/her"


def test_absent_fields_stay_absent_and_nulls_stay_null() -> None:
    assert normalize({"basics": {"name": "A", "url": None}}) == {"basics": {"name": "A", "url": None}}
    assert normalize({}) == {}


def test_every_bad_path_is_reported() -> None:
    with pytest.raises(ResumeInvalid) as info:
        validate_resume(
            {
                "basics": {"name": 42, "email": "not-an-email", "location": {"countryCode": "USA"}},
                "work": [{"name": "Acme"}, {"startDate": "2020-13"}],
                "education": [{"endDate": "2019-02-30"}],
                "meta": {"locale": "english please"},
            }
        )
    assert _paths(info.value) == [
        "basics.name",
        "basics.email",
        "basics.location.countryCode",
        "work[1].startDate",
        "education[0].endDate",
        "meta.locale",
    ]
    assert "month must be 01-12" in info.value.errors[3]["msg"]
    assert str(info.value).startswith("basics.name:")


def test_strict_types_do_not_coerce() -> None:
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"skills": [{"name": "Python", "keywords": "Django, Flask"}]})
    assert _paths(info.value) == ["skills[0].keywords"]


@pytest.mark.parametrize("end", ["", "Present", "present", "2024", "2024-02", "2024-02-29"])
def test_end_dates_accept_ongoing_and_iso(end: str) -> None:
    validate_resume({"work": [{"startDate": "2020", "endDate": end}]})


@pytest.mark.parametrize("start", ["Present", "2020/01", "Jan 2020", "1850", "2023-02-29"])
def test_start_dates_must_be_real_iso_dates(start: str) -> None:
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"work": [{"startDate": start}]})
    assert _paths(info.value) == ["work[0].startDate"]


def test_ten_thousand_bullets_are_rejected_naming_the_field() -> None:
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"work": [{"name": "Acme", "highlights": ["did a thing"] * 10_000}]})
    assert _paths(info.value) == ["work[0].highlights"]
    assert f"at most {MAX_BULLETS_PER_ENTRY}" in info.value.errors[0]["msg"]


def test_total_bullet_budget_names_highlights() -> None:
    jobs = [{"name": f"Job {i}", "highlights": ["x"] * 40} for i in range(12)]
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"work": jobs})
    assert "480 highlights" in info.value.errors[0]["msg"]


def test_oversized_document_is_flagged_too_large() -> None:
    huge = {"x-blob": "a" * (MAX_DOCUMENT_BYTES + 1)}
    with pytest.raises(ResumeInvalid) as info:
        validate_resume(huge)
    assert info.value.too_large


def test_long_strings_are_rejected_with_their_path() -> None:
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"basics": {"summary": "word " * 2000}})
    assert _paths(info.value) == ["basics.summary"]


def test_control_characters_are_rejected_but_newlines_are_fine() -> None:
    validate_resume({"basics": {"summary": "line one\nline two\ttabbed"}})
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"work": [{"highlights": ["ok", "bad\x00byte"]}]})
    assert _paths(info.value) == ["work[0].highlights[1]"]
    assert "U+0000" in info.value.errors[0]["msg"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "https://a b.com"])
def test_dangerous_or_broken_urls_are_rejected(url: str) -> None:
    with pytest.raises(ResumeInvalid):
        validate_resume({"basics": {"url": url}})


@pytest.mark.parametrize("url", ["https://example.com/x", "github.com/me", "mailto:a@b.co", ""])
def test_ordinary_resume_urls_are_accepted(url: str) -> None:
    validate_resume({"basics": {"url": url}})


def test_non_object_document_is_rejected() -> None:
    with pytest.raises(ResumeInvalid):
        validate_resume(["not", "a", "resume"])


def test_unicode_scripts_are_kept_verbatim() -> None:
    doc = {"basics": {"name": "李小龍", "label": "مهندس برمجيات", "summary": "Ingénieure — Zürich"}}
    assert normalize(doc) == doc


def test_json_path_formatting() -> None:
    assert json_path(["work", 0, "highlights", 3]) == "work[0].highlights[3]"
    assert json_path([]) == ""


def test_nan_and_infinity_are_not_json() -> None:
    with pytest.raises(ResumeInvalid) as info:
        validate_resume({"x-score": float("nan")})
    assert "not valid JSON" in info.value.errors[0]["msg"]
