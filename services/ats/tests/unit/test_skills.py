"""Skill matching: aliases, word boundaries, and the guards on one-letter and everyday-word skills."""

from __future__ import annotations

import pytest

from resugrow_ats.domain.skills import default_table


def names(text: str, *, list_context: bool = False) -> list[str]:
    return [h.skill.name for h in default_table().find(text, list_context=list_context)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Python, Go, C, C++, C#, .NET, Node.js, R and SQL",
            ["Python", "Go", "C", "C++", "C#", ".NET", "Node.js", "R", "SQL"],
        ),
        ("k8s, JS and TS on AWS", ["Kubernetes", "JavaScript", "TypeScript", "AWS"]),
        ("Built services in Go and Rust", ["Go", "Rust"]),
        ("ASP.NET, VB.NET and Objective-C", ["ASP.NET", "Objective-C"]),
        ("C/C++ programming", ["C", "C++"]),
        ("Strong SQL, AWS (S3, Redshift)", ["SQL", "AWS", "Amazon S3", "Redshift"]),
    ],
)
def test_aliases_and_special_tokens(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Go to market with the C-suite and our R&D group",
        "We excel at reaching the rest of the market",
        "I like to go hiking in Spring 2019",
        "Led the assembly line and kept the helm",
        "A lean team with a strong work ethic",
    ],
)
def test_everyday_words_are_not_skills(text: str) -> None:
    hard = [n for n in names(text) if default_table().skills[n.lower()].kind == "hard"]
    assert hard in ([], ["Go-to-Market Strategy"])


def test_guarded_skill_needs_exact_case_and_a_list() -> None:
    assert names("go") == []
    assert names("Go", list_context=True) == ["Go"]
    assert names("Signed: R. Smith") == []
    assert names("- R\n") == ["R"]  # a list line holding only the skill
    assert names("Experience in R.") == ["R"]


def test_offsets_point_at_the_matched_text() -> None:
    text = "Tools: Kubernetes (k8s)"
    hits = default_table().find(text, offset=100)
    assert [(h.start, h.end, h.text) for h in hits] == [(107, 117, "Kubernetes"), (119, 122, "k8s")]


def test_table_covers_every_role_family() -> None:
    categories = {s.category for s in default_table().skills.values()}
    assert {
        "software",
        "data",
        "product",
        "design",
        "marketing",
        "finance",
        "sales",
        "operations",
        "healthcare",
        "soft",
    } <= categories
    assert len(default_table().skills) >= 350
