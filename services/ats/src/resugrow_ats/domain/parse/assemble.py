"""From a read document to a ParsedResume."""

from __future__ import annotations

import re

from resugrow_ats.domain.document import Document, Line
from resugrow_ats.domain.parse.contact import parse_contact
from resugrow_ats.domain.parse.lists import _ITEM_SPLIT, parse_certificates, parse_education, parse_skills
from resugrow_ats.domain.parse.model import FieldValue, ParsedResume
from resugrow_ats.domain.parse.sections import split_sections
from resugrow_ats.domain.parse.work import has_dates, parse_work
from resugrow_ats.domain.skills import SkillTable, default_table

# --- assembly -----------------------------------------------------------------------------------


def parse_resume(doc: Document, *, table: SkillTable | None = None) -> ParsedResume:
    table = table or default_table()
    preamble, sections = split_sections(doc)
    contact, profiles, headline = parse_contact(doc, preamble, sections)

    def lines_of(*keys: str) -> list[Line]:
        return [ln for s in sections if s.key in keys for ln in s.lines]

    exp_lines = lines_of("experience")
    if not exp_lines:
        # No experience heading: fall back to lines outside known sections that carry date ranges.
        pool = _after_contact(preamble + lines_of("other", "summary"), contact, headline)
        exp_lines = pool if has_dates(pool) else []
    work = parse_work(exp_lines)
    edu_lines = lines_of("education")
    cert_lines = lines_of("certifications")
    # "Education & Certifications": certificate-looking lines go to certificates.
    for s in sections:
        if s.key == "education" and "certifications" in s.secondary:
            moved = [ln for ln in s.lines if re.search(r"certif|licen", ln.text, re.IGNORECASE)]
            cert_lines += moved
            edu_lines = [ln for ln in edu_lines if ln not in moved]
    education = parse_education(edu_lines)
    skill_lines = lines_of("skills")
    for s in sections:
        if s.key == "languages" and s.lines:
            hits = sum(1 for ln in s.lines for _ in table.find(ln.text, list_context=True))
            if hits >= 2:
                skill_lines += s.lines
    skills = parse_skills(skill_lines, table)
    certificates = parse_certificates(cert_lines)
    summary_lines = lines_of("summary")
    summary = " ".join(ln.text for ln in summary_lines) or None
    languages: list[str] = []
    for s in sections:
        if s.key == "languages" and not any(ln in skill_lines for ln in s.lines):
            for ln in s.lines:
                languages.extend(p.strip() for p in _ITEM_SPLIT.split(ln.text) if p.strip())
    return ParsedResume(
        document=doc,
        contact=contact,
        profiles=profiles,
        headline=headline,
        sections=sections,
        work=work,
        education=education,
        skills=skills,
        certificates=certificates,
        summary=summary,
        languages=languages,
    )


def _after_contact(
    pool: list[Line], contact: dict[str, FieldValue], headline: FieldValue | None
) -> list[Line]:
    """The pool without the contact block above experience that has no heading of its own."""
    spans = [f.evidence for f in contact.values()] + ([headline.evidence] if headline else [])
    last = -1
    for i, ln in enumerate(pool[:12]):
        if any(ln.page == e.page and ln.start <= e.start < ln.end + 1 for e in spans):
            last = i
    return pool[last + 1 :]
