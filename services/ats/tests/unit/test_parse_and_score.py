"""Parsing details, job analysis and scores on small hand-written inputs."""

from __future__ import annotations

from datetime import date

from resugrow_ats.domain.analyze import scan_text
from resugrow_ats.domain.dates import find_range
from resugrow_ats.domain.jd import analyze_job
from resugrow_ats.domain.parse import parse_resume, total_experience_months
from resugrow_ats.domain.read_text import text_to_document

AS_OF = date(2026, 11, 1)
RESUME = """Sam Patel
Senior Data Engineer
sam.patel@example.com | +44 20 7946 0958 | London, UK | github.com/sampatel

Relevant Experience
Senior Data Engineer | Northwind Ltd | London, UK | Jan 2022 – Present
• Built Spark and Airflow pipelines processing 3TB per day
• Responsible for the data platform roadmap
Data Engineer at Contoso Group, Manchester, UK
Jun 2018 - Dec 2021
• Cut warehouse costs by 30% by moving to Snowflake

Education
MSc in Data Science, University of Leeds, 2018

Skills & Tools
Languages: Python, SQL, Scala
Platforms: AWS, Kubernetes, Terraform
"""


def test_sections_contact_work_education_skills() -> None:
    parsed = parse_resume(text_to_document(RESUME))
    assert [s.key for s in parsed.sections] == ["experience", "education", "skills"]
    assert {k: v.value for k, v in parsed.contact.items()} == {
        "name": "Sam Patel",
        "email": "sam.patel@example.com",
        "phone": "+44 20 7946 0958",
        "location": "London, UK",
    }
    work = [(w.title, w.company, w.location, w.dates.start.iso() if w.dates else None) for w in parsed.work]
    assert work == [
        ("Senior Data Engineer", "Northwind Ltd", "London, UK", "2022-01"),
        ("Data Engineer", "Contoso Group", "Manchester, UK", "2018-06"),
    ]
    assert parsed.education[0].level == 3 and parsed.education[0].institution == "University of Leeds"
    assert [s.name for s in parsed.skills] == ["Python", "SQL", "Scala", "AWS", "Kubernetes", "Terraform"]
    resume = parsed.to_json_resume()
    assert resume["basics"]["profiles"][0]["network"] == "GitHub"
    assert "endDate" not in resume["work"][0] and resume["work"][1]["endDate"] == "2021-12"


def test_present_is_relative_to_the_request_date() -> None:
    parsed = parse_resume(text_to_document(RESUME))
    assert total_experience_months(parsed.work, date(2026, 11, 1)) == 59 + 43
    assert total_experience_months(parsed.work, date(2027, 11, 1)) == 71 + 43
    assert find_range("Sept. 2020 – Current") is not None


def test_job_analysis_has_evidence_for_each_requirement() -> None:
    text = "Staff Data Engineer\nRequirements:\n- 7+ years of experience\n- Python, Spark and Kafka\n- Master's degree\nNice to have:\n- Rust\n- Strong communication"
    job = analyze_job(text)
    assert (job.title, job.seniority, job.years, job.degree_level) == ("Staff Data Engineer", "staff", 7, 3)
    for span in (job.title_span, job.years_span, job.degree_text):
        assert span is not None and text[span.start : span.end] == span.text
    hard = {r.skill.name: r.required for r in job.hard_skills}
    assert hard == {"Python": True, "Apache Spark": True, "Kafka": True, "Rust": False}
    assert [r.skill.name for r in job.soft_skills] == ["Communication"]


def test_match_leads_with_hard_skills_and_says_where_missing_ones_belong() -> None:
    job = "Senior Data Engineer\nRequirements:\n- 5+ years of experience\n- Python, SQL, Kafka, dbt\n"
    _, report = scan_text(RESUME, as_of=AS_OF, job_description=job)
    match = report.match
    assert match is not None
    assert {m["keyword"] for m in match["missing_keywords"]} == {"Kafka", "dbt"}
    where = match["missing_keywords"][0]["where"]
    assert where["section"] == "skills" and where["after"]["text"].startswith("Platforms:")
    assert (
        match["components"]["hard_skills"]["score"] == 50
        and match["components"]["experience"]["score"] == 100
    )
    better = RESUME.replace("Scala", "Scala, Kafka, dbt")
    assert scan_text(better, as_of=AS_OF, job_description=job)[1].match["score"] > match["score"]  # type: ignore[index]


def test_findings_carry_evidence_and_fixes_and_layout_stays_apart() -> None:
    _, report = scan_text(RESUME, as_of=AS_OF)
    findings = {f.id: f for f in report.findings}
    weak = findings["impact.weak_opener"]
    assert weak.evidence is not None and weak.evidence["text"].startswith("• Responsible for")
    assert all(f.fix and f.message and f.severity in ("critical", "warning", "info") for f in report.findings)
    assert report.layout["risks"] == []
    assert set(report.quality["components"]) == {"parseability", "completeness", "structure", "impact"}


def test_empty_resume_scores_low_with_critical_findings() -> None:
    _, report = scan_text("hello world", as_of=AS_OF)
    assert report.score < 40
    assert {"contact.email.missing", "section.experience.missing"} <= {f.id for f in report.findings}


PROJECTION = """Jane Doe
Senior Backend Engineer
jane@example.com | +1 512 555 0100 | Austin, TX, US | https://jane.dev

Experience
Senior Engineer at Acme Inc | Austin, TX | 2021-03-01 - present
- Cut p99 latency by 62% rewriting settlement in Go
Engineer at Beta LLC | 2018-06 - 2021-02
- Built a FHIR API in Python

Projects
Ledger | 2020 - 2021
Technologies: Go, Kafka

Skills
Languages (Expert): Python, Go, SQL

Languages
English: Native
"""


def test_the_resume_services_text_projection_parses() -> None:
    """The shape resume.updated carries (the source of automatic scans of rendered versions)."""
    resume = parse_resume(text_to_document(PROJECTION)).to_json_resume()
    assert [(w["position"], w["name"], w["startDate"], w.get("endDate")) for w in resume["work"]] == [
        ("Senior Engineer", "Acme Inc", "2021-03", None),
        ("Engineer", "Beta LLC", "2018-06", "2021-02"),
    ]
    assert resume["skills"] == [{"name": "Languages (Expert)", "keywords": ["Python", "Go", "SQL"]}]
    assert resume["languages"] == [{"language": "English", "fluency": "Native"}]
    assert resume["basics"]["location"]["address"] == "Austin, TX, US"


def test_layout_risks_are_reported_apart_from_the_scores() -> None:
    from pathlib import Path

    from resugrow_ats.domain.analyze import scan_bytes

    fixtures = Path(__file__).parent.parent / "fixtures"
    _, docx = scan_bytes((fixtures / "docx_header_table_textbox.docx").read_bytes(), as_of=AS_OF)
    assert {"header_footer_contact", "tables", "text_boxes"} <= set(docx.layout["risks"])
    contact = next(f for f in docx.findings if f.id == "layout.header_footer_contact")
    assert contact.evidence is not None and contact.evidence["text"] == "Daniel Okafor"
    assert "name, email, phone and location sit in the page header" in contact.message
    _, columns = scan_bytes((fixtures / "raw_two_column_rows.pdf").read_bytes(), as_of=AS_OF)
    assert columns.layout["risks"] == ["columns"] and columns.layout["multi_column_pages"] == [1]
    # The same resume in one column scores the same quality: layout never moves the score.
    assert "layout" not in columns.quality["components"]


def test_evidence_spans_index_the_reported_text() -> None:
    from pathlib import Path

    from resugrow_ats.domain.analyze import scan_bytes

    data = (Path(__file__).parent.parent / "fixtures" / "typst_single_2page.pdf").read_bytes()
    report = scan_bytes(data, as_of=AS_OF, job_description="Staff Engineer\nRequirements: Go, Rust, Kafka")[
        1
    ].to_dict()
    text = report["document"]["text"]
    spans = [
        f["evidence"] for f in report["findings"] if f["evidence"] and f["evidence"].get("source") != "job"
    ]
    assert spans
    for ev in spans:
        assert text[ev["start"] : ev["end"]] == ev["text"]
        page = next(p for p in report["document"]["page_spans"] if p["start"] <= ev["start"] <= p["end"])
        assert page["page"] == ev["page"]
