"""The quality score: parseability, completeness, structure and impact, each 0-100."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from resugrow_ats.domain import weights as W
from resugrow_ats.domain.parse import ParsedResume
from resugrow_ats.domain.parse.model import WorkEntry
from resugrow_ats.domain.score.impact import _impact
from resugrow_ats.domain.score.model import Finding, line_ev


def quality(parsed: ParsedResume, as_of: date) -> tuple[dict[str, Any], list[Finding]]:
    doc = parsed.document
    findings: list[Finding] = []
    components = {
        "parseability": _parseability(parsed, findings),
        "completeness": _completeness(parsed, findings),
        "structure": _structure(parsed, findings),
        "impact": _impact(parsed, as_of, findings),
    }
    if doc.layout.image_only_pages and not doc.text.strip():
        components = dict.fromkeys(components, 0)
    total = sum(components[k] * w for k, w in W.QUALITY_WEIGHTS.items())
    return {
        "score": int(round(total)),
        "components": {k: {"score": v, "weight": W.QUALITY_WEIGHTS[k]} for k, v in components.items()},
    }, findings


def _parseability(parsed: ParsedResume, findings: list[Finding]) -> int:
    doc = parsed.document
    score = 100
    if doc.layout.image_only_pages:
        pages = ", ".join(str(p) for p in doc.layout.image_only_pages)
        findings.append(
            Finding(
                "parse.image_only",
                "critical",
                "document",
                f"Page(s) {pages} hold only images: an ATS reads no text there (a scanned or flattened file).",
                "Export the resume from your editor as a text PDF or DOCX instead of scanning or printing it to an image.",
                {"page": doc.layout.image_only_pages[0], "start": 0, "end": 0, "text": ""},
            )
        )
        score -= 60 if doc.text.strip() else 100
    words = len(doc.text.split())
    # Little text per PDF page means outlined glyphs or text in images, not a short resume.
    if doc.kind == "pdf" and 0 < words < 80 * max(1, doc.layout.pages - len(doc.layout.image_only_pages)):
        score -= 30
        findings.append(
            Finding(
                "parse.little_text",
                "warning",
                "document",
                f"Only {words} words could be read from the file.",
                "Make sure all text is real text (not outlined shapes or images) and the file is complete.",
            )
        )
    if doc.layout.debris_removed > 10:
        score -= 15
        findings.append(
            Finding(
                "parse.encoding_debris",
                "warning",
                "document",
                f"{doc.layout.debris_removed} garbled characters (unmapped glyphs, stray control codes) were found in the text.",
                "Use a standard font and re-export; some fonts embed glyphs an ATS cannot map back to letters.",
            )
        )
    recognised = {s.key for s in parsed.sections if s.key != "other"}
    if len(recognised) < 2 and doc.text.strip():
        score -= 25
    return max(0, score)


def _completeness(parsed: ParsedResume, findings: list[Finding]) -> int:
    pts = W.COMPLETENESS_POINTS
    score = 0
    fixes = {
        "name": ("critical", "Put your full name on the first line of the resume, as plain text."),
        "email": (
            "critical",
            "Add a professional email address near your name, as plain text (not an icon or image).",
        ),
        "phone": ("warning", "Add a phone number with area code near your name."),
        "location": (
            "info",
            "Add your city and region (e.g. 'Austin, TX'); many ATS filter candidates by location.",
        ),
    }
    for key, (severity, fix) in fixes.items():
        if key in parsed.contact:
            score += pts[key]
        else:
            findings.append(
                Finding(f"contact.{key}.missing", severity, "contact", f"No {key} was found.", fix)
            )
    keys = {s.key for s in parsed.sections}
    if parsed.work:
        score += pts["experience"]
    else:
        findings.append(
            Finding(
                "section.experience.missing",
                "critical",
                "experience",
                "No work experience entries were found."
                if "experience" in keys
                else "No Experience section was found.",
                "Add an 'Experience' heading with one entry per role: title, company, location and dates (e.g. 'Jan 2020 - Present').",
            )
        )
    for key, severity, fix in (
        ("education", "warning", "Add an 'Education' section with institution, degree and graduation year."),
        (
            "skills",
            "warning",
            "Add a 'Skills' section listing tools and technologies as comma-separated keywords.",
        ),
        ("summary", "info", "Add a 2-3 line 'Summary' naming your target role and strongest skills."),
    ):
        present = {
            "education": bool(parsed.education),
            "skills": bool(parsed.skills),
            "summary": bool(parsed.summary),
        }[key]
        if present:
            score += pts[key]
        else:
            findings.append(
                Finding(f"section.{key}.missing", severity, key, f"No {key} section was recognised.", fix)
            )
    return min(100, score)


def _structure(parsed: ParsedResume, findings: list[Finding]) -> int:
    pts = W.STRUCTURE_POINTS
    keys = {s.key for s in parsed.sections}
    standard = sum(1 for k in ("experience", "education", "skills") if k in keys)
    score = pts["headings"] * standard / 3
    _unrecognised_headings(parsed, findings)
    dated = [w for w in parsed.work if w.dates]
    score += _order_points(dated, findings)
    if parsed.work:
        score += pts["dated_entries"] * len(dated) / len(parsed.work)
        _undated_roles(parsed, findings)
    score += _date_format_points(dated, findings)
    return int(round(min(100, score)))


def _unrecognised_headings(parsed: ParsedResume, findings: list[Finding]) -> None:
    for s in parsed.sections:
        if s.key == "other" and s.heading is not None:
            findings.append(
                Finding(
                    "section.heading.unrecognised",
                    "info",
                    "structure",
                    f"The heading '{s.heading.text}' is not one an ATS recognises; its content may be ignored.",
                    "Use a standard heading such as Summary, Experience, Education, Skills, Certifications or Projects.",
                    line_ev(s.heading),
                )
            )


def _order_points(dated: list[WorkEntry], findings: list[Finding]) -> float:
    starts = [w.dates.start.ordinal() for w in dated if w.dates]
    if not (len(starts) >= 2 and any(a < b for a, b in itertools.pairwise(starts))):
        return W.STRUCTURE_POINTS["order"]
    bad = next(
        w
        for w, nxt in itertools.pairwise(dated)
        if w.dates and nxt.dates and w.dates.start.ordinal() < nxt.dates.start.ordinal()
    )
    findings.append(
        Finding(
            "dates.order",
            "info",
            "experience",
            "Roles are not in reverse-chronological order; recruiters and ATS expect the latest role first.",
            "List the most recent role first.",
            line_ev(bad.date_line),
        )
    )
    return 0


def _undated_roles(parsed: ParsedResume, findings: list[Finding]) -> None:
    for w in parsed.work:
        if w.dates is None:
            findings.append(
                Finding(
                    "work.dates.missing",
                    "warning",
                    "experience",
                    f"The role '{w.title or w.company or '?'}' has no dates an ATS can read.",
                    "Give every role a start and end date such as 'Mar 2021 - Present' on the title line.",
                    line_ev(w.header[0] if w.header else None),
                )
            )


def _date_format_points(dated: list[WorkEntry], findings: list[Finding]) -> float:
    formats = {("month" if w.dates.start.month else "year") for w in dated if w.dates}
    if len(formats) <= 1:
        return W.STRUCTURE_POINTS["date_format"]
    findings.append(
        Finding(
            "dates.format_mixed",
            "info",
            "experience",
            "Some dates give a month and some only a year.",
            "Use one date format everywhere, preferably 'Mon YYYY'.",
        )
    )
    return 0
