"""Writing tools beyond single bullets: resume-level review, tailoring, cover-letter drafts."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from resugrow_resume.domain.writing.bullets import analyze
from resugrow_resume.domain.writing.cover_letter import TONES, draft, span_ok, unsupported
from resugrow_resume.domain.writing.job import JobText
from resugrow_resume.domain.writing.review import report, resume_bullets, review_bullets
from resugrow_resume.domain.writing.rewrite import invented_words
from resugrow_resume.domain.writing.tailor import tailor

RESUME: dict[str, Any] = {
    "basics": {
        "name": "Dana Reyes",
        "summary": "Data engineer who enjoys hiking. I build streaming pipelines in Python and SQL on Airflow and Kafka.",
    },
    "work": [
        {
            "name": "Globex",
            "position": "Data Engineer",
            "startDate": "2022-01",
            "highlights": [
                "Mentored 3 junior analysts on SQL style",
                "Built a Kafka streaming pipeline in Python that feeds fraud alerts within 2 seconds",
                "Migrated 40 batch jobs from cron to Airflow, cutting failed runs by 70%",
            ],
        },
        {
            "name": "Corner Cafe",
            "position": "Barista",
            "startDate": "2016-01",
            "endDate": "2018-06",
            "highlights": ["Served 200 customers a day during the morning rush"],
        },
        {
            "name": "Initech",
            "position": "Analyst",
            "startDate": "2018-07",
            "endDate": "2021-12",
            "highlights": [
                "Manage SQL reports for sales",
                "Modeled churn in dbt and Snowflake, which reduced churn by 8%",
            ],
        },
    ],
    "skills": [
        {"name": "Languages", "keywords": ["Java", "SQL", "Python"]},
        {"name": "Tools", "keywords": ["Excel", "Airflow", "dbt"]},
    ],
}
JD = """Senior Data Engineer at Acme Analytics
Requirements
- 5+ years of experience building data pipelines in Python and SQL
- Hands-on experience with Airflow and dbt on Snowflake
- Experience with Kafka streaming and Kubernetes
- Strong communication with analysts and product managers
Nice to have
- Terraform and AWS
"""


def test_tense_follows_the_entry_dates() -> None:
    results = {r.input.path: r for r in review_bullets(resume_bullets(RESUME))}
    past = results["work[2].highlights[0]"]  # "Manage ..." in a role that ended
    assert past.input.tense == "past"
    assert "tense" in past.review.codes
    assert any(c.text.startswith("Managed") for c in past.candidates)
    current = results["work[0].highlights[1]"]  # "Built ..." in the current role
    assert current.input.tense == "present" and "tense" in current.review.codes


def test_a_verb_leading_too_many_bullets_is_flagged_and_avoided() -> None:
    bullets = [f"Built service {n} in Go, cutting latency by {n}0%" for n in range(1, 5)]
    resume = {"work": [{"name": "X", "startDate": "2020-01", "endDate": "2022-01", "highlights": bullets}]}
    results = review_bullets(resume_bullets(resume))
    assert all("repeated_verb" in r.review.codes for r in results)
    for r in results:
        assert r.candidates and all(not c.text.startswith("Built") for c in r.candidates)
        assert all(invented_words(r.input.text, c.text) == [] for c in r.candidates)


def test_the_report_sums_up_and_is_deterministic() -> None:
    one = report(review_bullets(resume_bullets(RESUME)))
    assert one == report(review_bullets(resume_bullets(copy.deepcopy(RESUME))))
    assert one["summary"]["bullets"] == 6
    assert one["rules"]


def test_weak_bullet_gets_parts_findings_and_candidates() -> None:
    review = analyze("I was responsible for managing our team of 5 engineers")
    assert {"weak_opener", "first_person", "no_result"} <= review.codes
    assert review.score < 60 and review.formula.endswith(f"= {review.score}")


def test_tailoring_reorders_moves_down_and_adds_only_confirmed() -> None:
    job = JobText(JD)
    result = tailor(RESUME, job, confirmed=["Terraform"])
    kinds = {op["kind"] for op in result.operations}
    assert {"skills", "bullets", "summary", "work", "confirmed_keyword"} <= kinds
    for op in result.operations:
        assert op["reason"]
        if op["jobSpan"] is not None:
            span = op["jobSpan"]
            assert JD[span["start"] : span["end"]] == span["text"]
    assert [w["name"] for w in result.content["work"]][-1] == "Corner Cafe"  # moved down, kept
    assert result.content["work"][0]["highlights"][0].startswith("Built a Kafka")
    assert result.content["basics"]["summary"].startswith("I build streaming pipelines")
    assert "Terraform" in [k for s in result.content["skills"] for k in s["keywords"]]
    assert "AWS" not in [k for s in result.content["skills"] for k in s["keywords"]]
    assert any(s["keyword"] == "AWS" for s in result.suggestions)
    assert RESUME["work"][0]["name"] == "Globex"  # the input is not mutated


@pytest.mark.parametrize("tone", TONES)
def test_cover_letter_answers_three_requirements_with_sources(tone: str) -> None:
    job = JobText(JD)
    letter = draft(RESUME, job, tone=tone)
    assert len(letter.answered) >= 3
    assert unsupported(letter) == []
    assert "Acme Analytics" in letter.paragraphs[0] and "Senior Data Engineer" in letter.paragraphs[0]
    for sentence in letter.sentences:
        for src in sentence["sources"]:
            if src["kind"] == "job":
                assert span_ok(job, src["span"])
            if src["kind"] == "resume" and src["path"].startswith("work"):
                i, j = (int(x) for x in re.findall(r"\d+", src["path"]))
                assert RESUME["work"][i]["highlights"][j]  # the cited bullet exists
    body = " ".join(letter.paragraphs)
    assert "[" not in body  # placeholders never reach a letter
    assert letter.letter()["paragraphs"] == letter.paragraphs


def test_cover_letter_tones_differ_but_use_the_same_evidence() -> None:
    job = JobText(JD)
    letters = {t: draft(RESUME, job, tone=t) for t in TONES}
    assert len({" ".join(d.paragraphs) for d in letters.values()}) == 3
    assert len({tuple(a["evidence"] for a in d.answered) for d in letters.values()}) == 1
