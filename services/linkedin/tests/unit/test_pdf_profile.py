from __future__ import annotations

import json
from pathlib import Path

import pytest

from resugrow_linkedin.domain.ingest.pdf_profile import parse_profile_pdf
from resugrow_linkedin.domain.models import IngestError


def _f1(got: set[tuple[str, ...]], want: set[tuple[str, ...]]) -> tuple[int, int, int]:
    return len(got & want), len(got), len(want)


def _norm(s: str | None) -> str:
    return " ".join((s or "").lower().split())


def test_pdf_quality_bars(fixtures: Path) -> None:
    pdfs = sorted((fixtures / "pdf").glob("profile_*.pdf"))
    assert len(pdfs) >= 12
    names = headlines = 0
    work = [0, 0, 0]
    edu = [0, 0, 0]
    date_ok = date_total = 0
    for pdf in pdfs:
        truth = json.loads(pdf.with_suffix(".json").read_text())
        profile = parse_profile_pdf(pdf.read_bytes()).profile
        names += profile.name == truth["name"]
        headlines += profile.headline == truth["headline"]
        got_work = {(_norm(p.company), _norm(p.title)) for p in profile.positions}
        want_work = {(_norm(p["company"]), _norm(p["title"])) for p in truth["positions"]}
        for i, v in enumerate(_f1(got_work, want_work)):
            work[i] += v
        got_edu = {(_norm(e.school), _norm(e.degree)) for e in profile.education}
        want_edu = {(_norm(e["school"]), _norm(e["degree"])) for e in truth["education"]}
        for i, v in enumerate(_f1(got_edu, want_edu)):
            edu[i] += v
        by_key = {(_norm(p.company), _norm(p.title)): p for p in profile.positions}
        for p in truth["positions"]:
            date_total += 2
            got = by_key.get((_norm(p["company"]), _norm(p["title"])))
            if got:
                date_ok += (got.start == p["start"]) + (got.end == p["end"])
    n = len(pdfs)

    def f1(c: list[int]) -> float:
        p, r = c[0] / max(c[1], 1), c[0] / max(c[2], 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    print(
        f"\n[pdf] profiles={n} name_exact={names}/{n} headline_exact={headlines}/{n} "
        f"work_F1={f1(work):.3f} dates={date_ok / date_total:.3f} education_F1={f1(edu):.3f}"
    )
    assert names == n and headlines == n
    assert f1(work) >= 0.90
    assert date_ok / date_total >= 0.90
    assert f1(edu) >= 0.90


def test_pdf_contact_sidebar_and_layout_details(fixtures: Path) -> None:
    truth = json.loads((fixtures / "pdf" / "profile_09.json").read_text())
    result = parse_profile_pdf((fixtures / "pdf" / "profile_09.pdf").read_bytes())
    p = result.profile
    assert result.report.pages == 3
    assert (p.email, p.public_url, p.phone, p.websites) == (
        truth["email"],
        truth["public_url"],
        truth["phone"],
        truth["websites"],
    )
    assert p.skills == truth["skills"]
    assert [c.name for c in p.certifications] == truth["certifications"]
    assert [lang.model_dump() for lang in p.languages] == truth["languages"]
    assert p.location == truth["location"]
    assert p.summary == truth["summary"]
    assert p.shares is None  # a PDF says nothing about activity


def test_multi_role_company_and_hyphenated_url(fixtures: Path) -> None:
    truth = json.loads((fixtures / "pdf" / "profile_07.json").read_text())
    p = parse_profile_pdf((fixtures / "pdf" / "profile_07.pdf").read_bytes()).profile
    assert p.public_url == truth["public_url"]  # wrapped at its hyphen in the sidebar
    companies = [x.company for x in p.positions]
    assert len(companies) > len(set(companies))  # several roles under one company line
    assert [(x.company, x.title) for x in p.positions] == [
        (x["company"], x["title"]) for x in truth["positions"]
    ]
    assert p.positions[0].current and p.positions[0].end is None
    assert "\n• " in p.positions[0].description


def test_not_a_linkedin_pdf_is_refused(fixtures: Path) -> None:
    with pytest.raises(IngestError) as err:
        parse_profile_pdf((fixtures / "pdf" / "not_linkedin.pdf").read_bytes())
    assert err.value.kind == "not_linkedin"


def test_pdf_without_text_is_refused(fixtures: Path) -> None:
    with pytest.raises(IngestError) as err:
        parse_profile_pdf((fixtures / "pdf" / "no_text.pdf").read_bytes())
    assert err.value.kind == "not_linkedin" and "text layer" in err.value.message


def test_plain_colour_layout_with_wrapped_names(fixtures: Path) -> None:
    """Variant b: one ink colour throughout, headline and location in one style, a company
    name and a school name that wrap onto a second line."""
    truth = json.loads((fixtures / "pdf" / "profile_12.json").read_text())
    p = parse_profile_pdf((fixtures / "pdf" / "profile_12.pdf").read_bytes()).profile
    assert (p.headline, p.location) == (truth["headline"], truth["location"])
    assert p.positions[-1].company == truth["positions"][-1]["company"]
    assert p.education[0].school == truth["education"][0]["school"]
    assert [x.location for x in p.positions] == [x["location"] for x in truth["positions"]]


def test_german_interface_profile(fixtures: Path) -> None:
    """Headings, month names, "Heute", durations and the footer in German."""
    truth = json.loads((fixtures / "pdf" / "profile_14.json").read_text())
    p = parse_profile_pdf((fixtures / "pdf" / "profile_14.pdf").read_bytes()).profile
    assert [(x.company, x.title, x.start, x.end) for x in p.positions] == [
        (x["company"], x["title"], x["start"], x["end"]) for x in truth["positions"]
    ]
    assert p.positions[0].current and p.skills == truth["skills"] and p.summary == truth["summary"]


def test_broken_pdf_is_refused() -> None:
    with pytest.raises(IngestError) as err:
        parse_profile_pdf(b"%PDF-1.7\n garbage")
    assert err.value.kind == "not_a_pdf"
    with pytest.raises(IngestError):
        parse_profile_pdf(b"hello")


def test_pdf_parsing_is_deterministic(fixtures: Path) -> None:
    data = (fixtures / "pdf" / "profile_04.pdf").read_bytes()
    assert parse_profile_pdf(data).model_dump() == parse_profile_pdf(data).model_dump()


def test_per_character_fallback_reads_the_same(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When pdfium's run rectangles are unusable the per-character reader takes over: same result."""
    from resugrow_linkedin.domain.ingest import pdf_layout

    paths = [fixtures / "pdf" / f"profile_{n:02d}.pdf" for n in (7, 9, 12, 14)]
    fast = [parse_profile_pdf(p.read_bytes()).profile for p in paths]
    monkeypatch.setattr(pdf_layout, "_page_lines_by_rects", lambda *args: None)
    slow = [parse_profile_pdf(p.read_bytes()).profile for p in paths]
    assert [p.model_dump() for p in slow] == [p.model_dump() for p in fast]
