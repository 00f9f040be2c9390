from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from resugrow_linkedin.domain.consistency import ResumePosition, ResumeProjection, compare
from resugrow_linkedin.domain.diff import diff_reviews
from resugrow_linkedin.domain.ingest.export_zip import read_export
from resugrow_linkedin.domain.jsonresume import profile_from_json, to_jsonresume
from resugrow_linkedin.domain.review import review
from resugrow_linkedin.domain.rewrites import suggest
from resugrow_linkedin.domain.skills import find_skills, mentions
from resugrow_linkedin.domain.targeting import job_title, target

AS_OF = date(2026, 11, 27)
JD = """Senior Data Engineer
We are hiring a senior data engineer to own our data pipelines. You will build pipelines in Python and SQL,
orchestrate them with Airflow, model data in dbt and Snowflake, and run streaming with Kafka on Kubernetes.
Experience with Terraform is a plus. You will partner with finance stakeholders on forecasting and forecasting tools."""


def _profile(fixtures: Path):  # type: ignore[no-untyped-def]
    return read_export((fixtures / "export" / "complete.zip").read_bytes()).profile


def test_job_title_detection() -> None:
    assert job_title(JD) == "Senior Data Engineer"
    assert job_title("Title: Product Designer\nAbout us...") == "Product Designer"


def test_targeting_coverage_and_placement(fixtures: Path) -> None:
    result = target(_profile(fixtures), JD)
    terms = {k.term: k for k in result.keywords}
    assert (
        "Python" in terms and "headline" in terms["Python"].found_in and "skills" in terms["Python"].found_in
    )
    assert terms["Snowflake"].found_in == [] and terms["Snowflake"].belongs_in == ["skills", "experience"]
    assert terms["Terraform"].found_in == []
    assert "forecasting" in terms and terms["forecasting"].belongs_in == ["about", "experience"]
    assert result.title_coverage == 1.0
    assert 0 < result.keyword_coverage < 1 and 0 < result.match_score < 100
    assert {m.term for m in result.missing} >= {"Snowflake", "Terraform"}


def _facts_text(profile) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(profile.model_dump(), ensure_ascii=False)


TEMPLATE_WORDS = {"I", "Before", "Some", "Education", "Get", "Send"}


def test_rewrites_invent_nothing(fixtures: Path) -> None:
    profiles = [_profile(fixtures)] + [
        profile_from_json(json.loads(p.read_text())["profile"])
        for p in sorted((fixtures / "tiers").glob("*.json"))
    ]
    for profile in profiles:
        out = suggest(profile, prefer_skills=["Snowflake", "Python"])
        facts = _facts_text(profile)
        for text in [*out.headlines, out.about or ""]:
            for number in re.findall(r"\d[\d,.%$k+]*", text):
                assert number.rstrip(".,") in facts, (number, text)
            for word in re.findall(r"\b[A-Z][\w&'.-]*", text):
                assert word in TEMPLATE_WORDS or word.rstrip(".") in facts, (word, text)
        written = " ".join(out.headlines) + " " + (out.about or "")
        assert "Snowflake" not in written  # preferred by the job, but not the user's skill
        for skill in find_skills(written):
            assert mentions(facts.lower(), skill), skill  # every skill named is the user's own
        assert all(len(h) <= 220 for h in out.headlines)


def test_consistency_flags_title_employer_and_date_mismatches(fixtures: Path) -> None:
    resume = ResumeProjection(
        resume_id="r1",
        name="José Ñúñez-O'Connor",
        positions=[
            ResumePosition(
                company="Bluefin Logistics Ltd.", title="Lead Data Engineer", start="2022-03", end="Present"
            ),
            ResumePosition(
                company="Bluefin Logistics", title="Data Engineer", start="Jan 2020", end="2022-05"
            ),
            ResumePosition(company="Northwind", title="Intern", start="2016-06", end="2016-09"),
        ],
    )
    found = compare(_profile(fixtures), resume)
    kinds = sorted((m.kind, m.company or "") for m in found)
    assert kinds == [
        ("employer_missing_on_profile", "Northwind"),
        ("employer_missing_on_resume", "Kestrel Health"),
        ("end_date", "Bluefin Logistics"),
        ("title", "Bluefin Logistics"),
    ]


def test_review_is_deterministic_and_diff_explains_changes(fixtures: Path) -> None:
    profile = _profile(fixtures)
    a = review(profile, as_of=AS_OF, job_description=JD)
    b = review(profile, as_of=AS_OF, job_description=JD)
    assert a.model_dump_json() == b.model_dump_json()
    improved = profile.model_copy(
        update={"skills": [*profile.skills, "Snowflake", "Terraform"], "headline": "Data Engineer"}
    )
    c = review(improved, as_of=AS_OF)
    d = diff_reviews(
        {"id": "1", "audit": a.audit.model_dump(), "profile": a.profile.model_dump()},
        {"id": "2", "audit": c.audit.model_dump(), "profile": c.profile.model_dump()},
    )
    assert d["profile_changes"]["skills_added"] == ["Snowflake", "Terraform"]
    assert d["profile_changes"]["headline"]["after"] == "Data Engineer"
    assert d["score_delta"] == c.audit.score - a.audit.score
    assert "headline" in d["regressed"] and "skills_count" in d["improved"]


def test_jsonresume_round_trip(fixtures: Path) -> None:
    profile = _profile(fixtures)
    doc = to_jsonresume(profile)
    assert doc["basics"]["name"] == profile.name and doc["work"][0]["name"] == "Bluefin Logistics"
    assert doc["work"][0]["highlights"][0].startswith("Cut the nightly batch")
    assert "endDate" not in doc["work"][0]
    back = profile_from_json(doc)
    assert [(p.company, p.title, p.start, p.end) for p in back.positions] == [
        (p.company, p.title, p.start, p.end) for p in profile.positions
    ]
    assert back.skills == profile.skills and back.email == profile.email
