"""The plain-text projection carried on resume.updated."""

from __future__ import annotations

import json
from pathlib import Path

from resugrow_resume.domain.projection import project

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_projection_of_the_sample_reads_top_to_bottom() -> None:
    resume = json.loads((FIXTURES / "jsonresume_sample.json").read_text())
    p = project(resume)
    assert p.name == "Mira Okonkwo-Lindqvist"
    assert p.headline == "Senior Backend Engineer"
    assert p.positions[0] == {
        "title": "Senior Backend Engineer",
        "company": "Parcelwise",
        "start": "2021-03",
        "end": None,
    }
    assert p.skills[:3] == ["Languages", "Python", "Go"]
    text = p.text
    order = [
        "Mira Okonkwo-Lindqvist",
        "Summary",
        "Experience",
        "Parcelwise",
        "Lumen Pay",
        "Education",
        "Skills",
    ]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    assert "2021-03 - present" in text
    assert "- Built the card-authorization ledger in Go processing 12M transactions a day" in text
    assert "mira.ol@example.org" in text


def test_projection_is_deterministic_and_tolerates_empty_resumes() -> None:
    assert project({}).text == ""
    assert project({}).positions == []
    doc = {"basics": {"name": "Ana"}, "skills": [{"name": "SQL"}, {"name": "sql", "keywords": ["Python"]}]}
    assert project(doc) == project(doc)
    assert project(doc).skills == ["SQL", "Python"]
