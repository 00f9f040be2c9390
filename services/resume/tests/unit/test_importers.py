"""Import/export: JSON Resume round trip, RenderCV YAML import, our own JSON, bad uploads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resugrow_resume.domain.importers import (
    RENDERCV,
    RESUGROW,
    ImportFailed,
    detect_format,
    export_document,
    import_document,
)
from resugrow_resume.domain.model import ResumeInvalid

FIXTURES = Path(__file__).parent.parent / "fixtures"
JSON_SAMPLE = (FIXTURES / "jsonresume_sample.json").read_bytes()
YAML_SAMPLE = (FIXTURES / "rendercv_sample.yaml").read_bytes()


def test_json_resume_round_trip_is_lossless() -> None:
    imported = import_document(JSON_SAMPLE, "application/json")
    exported = export_document(imported.resume, "jsonresume")
    assert exported == json.loads(JSON_SAMPLE)
    assert imported.warnings == []


def test_resugrow_export_imports_back_with_its_title() -> None:
    resume = import_document(JSON_SAMPLE).resume
    ours = json.dumps(export_document(resume, RESUGROW, title="Backend, US")).encode()
    back = import_document(ours, "application/json")
    assert back.format == RESUGROW
    assert back.title == "Backend, US"
    assert back.resume == resume


def test_rendercv_import_maps_every_section() -> None:
    result = import_document(YAML_SAMPLE, "application/yaml")
    r = result.resume
    assert result.format == RENDERCV
    assert result.title == "Tomás Ferreira Quispe"
    assert r["basics"]["label"] == "Machine Learning Engineer"
    assert r["basics"]["phone"] == "+351-21-555-0199"
    assert r["basics"]["location"] == {"city": "Lisbon", "region": "Portugal"}
    assert [p["url"] for p in r["basics"]["profiles"]] == [
        "https://www.linkedin.com/in/tomasfq",
        "https://github.com/tfquispe",
        "https://sigmoid.example/@tomas",
    ]
    assert r["basics"]["summary"].startswith("Machine learning engineer who ships ranking and forecasting")
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in r["work"]] == [
        ("Marés Energia", "Machine Learning Engineer", "2022-02", ""),
        ("Quipu Retail", "Data Scientist", "2019-07", "2022-01"),
    ]
    assert (
        r["work"][0]["highlights"][1]
        == "Moved training to a nightly Airflow pipeline with data-quality gates"
    )
    assert r["work"][1]["highlights"][1] == "Tooling: feature store used by 14 teams"
    assert r["education"][0]["studyType"] == "MSc"
    assert r["education"][0]["score"] == "17/20"
    assert r["education"][1]["startDate"] == "2012"
    assert r["projects"][0]["url"] == "https://github.com/tfquispe/kalibra"
    publication = r["publications"][0]
    assert publication["authors"] == ["Tomás Ferreira Quispe", "Ana Ribeiro"]
    assert publication["url"] == "https://doi.org/10.5555/example.2023.17"
    assert publication["releaseDate"] == "2023-05"
    assert r["skills"][1] == {
        "name": "ML",
        "keywords": ["scikit-learn", "LightGBM", "PyTorch", "statsmodels"],
    }
    assert r["languages"][2] == {"language": "English", "fluency": "Fluent (C2)"}
    assert r["awards"] == [{"title": "Best student paper, Iberian Conference on Forecasting 2019"}]
    assert r["certificates"] == [{"name": "AWS Certified Machine Learning - Specialty", "date": "2021-11-20"}]
    assert r["publications"][1]["name"].startswith("PyData Lisbon 2023")  # "talks" -> publications
    assert r["meta"] == {"locale": "pt"}


def test_rendercv_import_warns_about_what_it_could_not_place() -> None:
    warnings = import_document(YAML_SAMPLE, "application/yaml").warnings
    assert warnings == ["sections.side quests[0]: a text entry has no place in JSON Resume and was left out"]


def test_rendercv_unknown_section_titles_fall_back_on_the_entry_type() -> None:
    raw = b"""cv:
  name: A
  sections:
    where I worked:
      - company: Acme
        position: Dev
        start_date: 2020-01-05
"""
    result = import_document(raw, "text/yaml")
    assert result.resume["work"] == [{"name": "Acme", "position": "Dev", "startDate": "2020-01-05"}]
    assert "imported as work" in result.warnings[0]


@pytest.mark.parametrize(
    ("raw", "content_type", "message"),
    [
        (b'{"basics": {"name": "A",}}', "application/json", "invalid JSON at line 1, column 25"),
        (b"cv:\n  name: [unclosed\n", "application/yaml", "invalid YAML at line"),
        (b"just: [1, 2]\n", "application/yaml", 'top-level "cv"'),
        (b"- a\n- b\n", "application/yaml", "YAML mapping"),
        (b"cv:\n  sections:\n    experience: not-a-list\n", "application/yaml", "must be a list"),
        (b"a: &x [1]\nb: *x\n", "application/yaml", "aliases are not allowed"),
        (b"\xff\xfe\x00bad", "application/json", "not UTF-8"),
        (b"", None, "empty"),
    ],
)
def test_unreadable_uploads_fail_with_a_located_message(
    raw: bytes, content_type: str | None, message: str
) -> None:
    with pytest.raises(ImportFailed) as info:
        import_document(raw, content_type)
    assert message in info.value.message


def test_invalid_content_is_reported_by_path() -> None:
    with pytest.raises(ResumeInvalid) as info:
        import_document(b'{"work": [{"startDate": "last year"}]}', "application/json")
    assert info.value.errors[0]["path"] == "work[0].startDate"
    raw = b"cv:\n  name: A\n  email: nope\n"
    with pytest.raises(ResumeInvalid) as info:
        import_document(raw, "application/yaml")
    assert info.value.errors[0]["path"] == "basics.email"


def test_oversized_upload_is_too_large() -> None:
    with pytest.raises(ImportFailed) as info:
        import_document(b"{" + b" " * 2_000_000 + b"}", "application/json")
    assert info.value.too_large


def test_format_detection() -> None:
    assert detect_format(b"cv: {}", "application/x-yaml") == RENDERCV
    assert detect_format(b"cv: {}", None) == RENDERCV
    assert detect_format(b"  {}", None) == "jsonresume"
    assert detect_format(b"{}", "application/json", declared="RenderCV") == RENDERCV
    with pytest.raises(ImportFailed):
        detect_format(b"{}", None, declared="docx")


@pytest.mark.parametrize(
    "doc",
    [
        "cv: 5",
        "cv:\n  social_networks: 7",
        "cv:\n  social_networks: [plain-string]",
        "cv:\n  sections: [1, 2]",
        "cv:\n  sections:\n    experience: [[nested]]",
        "cv:\n  sections:\n    experience:\n      - company: A\n        position: B\n        highlights: 3.5\n",
        "cv:\n  sections:\n    experience:\n      - company: A\n        position: B\n        highlights: {a: 1}\n",
        "cv:\n  sections:\n    experience:\n      - company: A\n        position: B\n        start_date: 2020-14\n",
        "cv:\n  email: [a, b]\n",
        "cv:\n  sections:\n    publications:\n      - title: T\n        authors: 12\n",
        "cv:\n  name: !!python/object/apply:os.system ['true']\n",
    ],
)
def test_malformed_rendercv_fails_cleanly(doc: str) -> None:
    """Whatever the YAML holds, the importer answers with a located error or a valid resume."""
    try:
        result = import_document(doc.encode(), "application/yaml")
    except (ImportFailed, ResumeInvalid) as exc:
        assert exc.errors and exc.errors[0]["msg"]
    else:
        assert isinstance(result.resume, dict)


def test_a_highlight_written_without_a_dash_is_one_bullet_not_characters() -> None:
    raw = b"cv:\n  sections:\n    experience:\n      - company: A\n        position: B\n        highlights: Led the team\n"
    assert import_document(raw, "application/yaml").resume["work"][0]["highlights"] == ["Led the team"]
