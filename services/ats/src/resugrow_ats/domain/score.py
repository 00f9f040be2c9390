"""Quality score (resume alone), match score (resume vs job), layout risks, and findings.

Scores are integers 0-100 built from the weights in ``weights.py``; layout risks are reported
apart and never move a score. Every finding has an id, severity, section, message, evidence
(page + span of the document text, or of the job text) and a fix. Output is sorted and free of
clocks so the same input gives byte-identical JSON.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from resugrow_ats.domain import weights as W
from resugrow_ats.domain.dates import find_range
from resugrow_ats.domain.document import Document, Line
from resugrow_ats.domain.jd import JobAnalysis, Span
from resugrow_ats.domain.lexicon import ACTION_VERBS
from resugrow_ats.domain.parse import BULLET_RE, Evidence, ParsedResume, evidence_of, total_experience_months
from resugrow_ats.domain.skills import SkillTable, default_table

WEAK_OPENERS = re.compile(
    r"^(responsible for|worked on|helped|assisted with|duties included|tasked with|involved in|in charge of)\b",
    re.IGNORECASE,
)
QUANTIFIED = re.compile(
    r"\d|%|\$|€|£|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|double|triple|half)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Finding:
    id: str
    severity: str
    section: str
    message: str
    fix: str
    evidence: dict[str, Any] | None = None
    where: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "severity": self.severity,
            "section": self.section,
            "message": self.message,
            "fix": self.fix,
            "evidence": self.evidence,
        }
        if self.where is not None:
            out["where"] = self.where
        return out

    def sort_key(self) -> tuple[Any, ...]:
        start = self.evidence.get("start", -1) if self.evidence else -1
        return (
            W.SEVERITY_RANK[self.severity],
            self.section,
            self.id,
            start if isinstance(start, int) else -1,
            self.message,
        )


@dataclass(slots=True)
class Report:
    quality: dict[str, Any]
    layout: dict[str, Any]
    findings: list[Finding]
    match: dict[str, Any] | None = None
    parsed: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return int(self.quality["score"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "algo_version": W.ALGO_VERSION,
            "skills_table_version": default_table().version,
            "document": self.document,
            "parsed": self.parsed,
            "quality": self.quality,
            "match": self.match,
            "layout": self.layout,
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
        }

    def to_json(self) -> str:
        return canonical_json(self.to_dict())


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _ev(e: Evidence | None) -> dict[str, Any] | None:
    return e.to_dict() if e else None


def _line_ev(line: Line | None) -> dict[str, Any] | None:
    return evidence_of(line).to_dict() if line else None


def _all_bullets(parsed: ParsedResume) -> list[Line]:
    out = [b for w in parsed.work for b in w.bullets]
    for s in parsed.sections:
        if s.key in ("projects", "volunteer"):
            out.extend(ln for ln in s.lines if BULLET_RE.match(ln.text))
    return out


def _bullet_text(line: Line) -> str:
    return re.sub(r"^(?:•|[-*–])\s*", "", line.text)


# --- quality --------------------------------------------------------------------------------------


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
    for s in parsed.sections:
        if s.key == "other" and s.heading is not None:
            findings.append(
                Finding(
                    "section.heading.unrecognised",
                    "info",
                    "structure",
                    f"The heading '{s.heading.text}' is not one an ATS recognises; its content may be ignored.",
                    "Use a standard heading such as Summary, Experience, Education, Skills, Certifications or Projects.",
                    _line_ev(s.heading),
                )
            )
    dated = [w for w in parsed.work if w.dates]
    starts = [w.dates.start.ordinal() for w in dated if w.dates]
    if len(starts) >= 2 and any(a < b for a, b in itertools.pairwise(starts)):
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
                _line_ev(bad.date_line),
            )
        )
    else:
        score += pts["order"]
    if parsed.work:
        score += pts["dated_entries"] * len(dated) / len(parsed.work)
        for w in parsed.work:
            if w.dates is None:
                findings.append(
                    Finding(
                        "work.dates.missing",
                        "warning",
                        "experience",
                        f"The role '{w.title or w.company or '?'}' has no dates an ATS can read.",
                        "Give every role a start and end date such as 'Mar 2021 - Present' on the title line.",
                        _line_ev(w.header[0] if w.header else None),
                    )
                )
    formats = {("month" if w.dates.start.month else "year") for w in dated if w.dates}
    if len(formats) <= 1:
        score += pts["date_format"]
    else:
        findings.append(
            Finding(
                "dates.format_mixed",
                "info",
                "experience",
                "Some dates give a month and some only a year.",
                "Use one date format everywhere, preferably 'Mon YYYY'.",
            )
        )
    return int(round(min(100, score)))


def _impact(parsed: ParsedResume, as_of: date, findings: list[Finding]) -> int:
    pts = W.IMPACT_POINTS
    doc = parsed.document
    bullets = _all_bullets(parsed)
    score = 0.0
    if bullets:
        quantified = [b for b in bullets if QUANTIFIED.search(_bullet_text(b))]
        share = len(quantified) / len(bullets)
        score += pts["quantified"] * min(1.0, share / W.TARGET_QUANTIFIED_SHARE)
        if share < W.TARGET_QUANTIFIED_SHARE:
            example = next(b for b in bullets if b not in quantified)
            findings.append(
                Finding(
                    "impact.quantified_low",
                    "warning",
                    "experience",
                    f"{len(quantified)} of {len(bullets)} bullets carry a number; aim for at least {int(W.TARGET_QUANTIFIED_SHARE * 100)}%.",
                    "Add the result and its size: how much, how many, how fast (e.g. 'cut build time 40%').",
                    _line_ev(example),
                )
            )
        verbs = [b for b in bullets if _bullet_text(b).split(" ", 1)[0].lower().strip(",.") in ACTION_VERBS]
        vshare = len(verbs) / len(bullets)
        score += pts["action_verbs"] * min(1.0, vshare / W.TARGET_ACTION_VERB_SHARE)
        for b in bullets:
            m = WEAK_OPENERS.match(_bullet_text(b))
            if m:
                findings.append(
                    Finding(
                        "impact.weak_opener",
                        "info",
                        "experience",
                        f"The bullet starts with '{m.group()}', which describes a duty rather than a result.",
                        "Start with a strong past-tense verb (Built, Led, Reduced, Launched) and end with the outcome.",
                        _line_ev(b),
                    )
                )
        lo, hi = W.BULLET_WORDS
        good = [b for b in bullets if lo <= len(_bullet_text(b).split()) <= hi]
        score += pts["bullet_length"] * len(good) / len(bullets)
        for b in bullets:
            if len(_bullet_text(b).split()) > hi:
                findings.append(
                    Finding(
                        "impact.bullet_long",
                        "info",
                        "experience",
                        f"A bullet runs to {len(_bullet_text(b).split())} words.",
                        f"Keep bullets under {hi} words: one achievement each.",
                        _line_ev(b),
                    )
                )
    else:
        findings.append(
            Finding(
                "impact.no_bullets",
                "warning",
                "experience",
                "No achievement bullets were found under your roles.",
                "Under each role, add 3-5 bullets that start with an action verb and state a measurable result.",
            )
        )
    words = len(doc.text.split())
    lo, hi = W.DOCUMENT_WORDS
    pages = doc.layout.pages if doc.kind in ("pdf", "rendered") else max(1, round(words / 600))
    if lo <= words <= hi and pages <= W.MAX_PAGES:
        score += pts["length"]
    elif words > hi or pages > W.MAX_PAGES:
        findings.append(
            Finding(
                "length.too_long",
                "warning",
                "document",
                f"The resume has {words} words on {pages} page(s).",
                f"Trim to at most {W.MAX_PAGES} pages: keep the last 10 years and the achievements that match your target job.",
            )
        )
        score += pts["length"] / 2
    elif words:
        findings.append(
            Finding(
                "length.too_short",
                "warning",
                "document",
                f"The resume has only {words} words.",
                f"Aim for {lo}-{hi} words: add achievements, skills and education details.",
            )
        )
        score += pts["length"] * words / lo
    score += pts["dates"] * _date_consistency(parsed, as_of, findings)
    return int(round(min(100.0, score)))


def _date_consistency(parsed: ParsedResume, as_of: date, findings: list[Finding]) -> float:
    now = as_of.year * 12 + as_of.month - 1
    problems = 0
    for w in parsed.work:
        if w.dates is None:
            continue
        found = find_range(w.date_line.text) if w.date_line else None
        ev = evidence_of(w.date_line, *found.span) if w.date_line and found else None
        if w.dates.end and w.dates.end.ordinal(end=True) < w.dates.start.ordinal():
            problems += 1
            findings.append(
                Finding(
                    "dates.end_before_start",
                    "warning",
                    "experience",
                    f"The dates '{w.dates.text}' end before they start.",
                    "Correct the start or end date.",
                    _ev(ev),
                )
            )
        if w.dates.start.ordinal() > now:
            problems += 1
            findings.append(
                Finding(
                    "dates.future",
                    "warning",
                    "experience",
                    f"The role starting '{w.dates.text}' starts after {as_of.isoformat()}.",
                    "Check the year; future roles belong in a cover letter, not the experience section.",
                    _ev(ev),
                )
            )
    current = [w for w in parsed.work if w.dates and w.dates.end is None]
    if len(current) > 2:
        problems += 1
        findings.append(
            Finding(
                "dates.many_current",
                "info",
                "experience",
                f"{len(current)} roles are marked as current.",
                "Give past roles an end date; keep 'Present' for roles you still hold.",
                _line_ev(current[-1].date_line),
            )
        )
    return max(0.0, 1.0 - 0.5 * problems)


# --- layout ---------------------------------------------------------------------------------------


def layout_risks(parsed: ParsedResume, findings: list[Finding]) -> dict[str, Any]:
    doc = parsed.document
    lay = doc.layout
    risks: list[str] = []

    def add(rid: str, severity: str, message: str, fix: str, evidence: dict[str, Any] | None = None) -> None:
        risks.append(rid)
        findings.append(Finding(f"layout.{rid}", severity, "layout", message, fix, evidence))

    if lay.multi_column_pages:
        first = next(
            (ln for ln in doc.lines if ln.page == lay.multi_column_pages[0] and ln.column == 2), None
        )
        add(
            "columns",
            "warning",
            f"Multi-column layout on page(s) {', '.join(map(str, lay.multi_column_pages))}: many ATS read across columns and mix sections.",
            "Use a single-column layout; put skills and contact details in the main column.",
            _line_ev(first) or {"page": lay.multi_column_pages[0], "start": 0, "end": 0, "text": ""},
        )
    if lay.tables:
        first = next((ln for ln in doc.lines if ln.source == "table"), None)
        add(
            "tables",
            "warning",
            f"{lay.tables} table(s) found: some ATS skip or scramble table cells.",
            "Replace tables with plain paragraphs and tab stops.",
            _line_ev(first),
        )
    if lay.text_boxes:
        first = next((ln for ln in doc.lines if ln.source == "textbox"), None)
        add(
            "text_boxes",
            "warning",
            f"{lay.text_boxes} text box(es) found: many ATS ignore text boxes entirely.",
            "Move the text out of text boxes into the body of the document.",
            _line_ev(first),
        )
    outside = [(k, parsed.contact[k]) for k in ("name", "email", "phone", "location")
               if k in parsed.contact and parsed.contact[k].zone in ("header", "footer")]  # fmt: skip
    if outside:
        names = [k for k, _ in outside]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        zone = outside[0][1].zone
        add(
            "header_footer_contact",
            "warning",
            f"Your {listed} {'sits' if len(names) == 1 else 'sit'} in the page {zone}; many ATS discard headers and footers.",
            "Move contact details into the body, directly under your name.",
            _ev(outside[0][1].evidence),
        )
    if lay.images:
        add(
            "images",
            "info",
            f"{lay.images} image(s) found (photo, logo or icons); an ATS reads none of their content.",
            "Remove photos and icons, or make sure every fact they show is also written as text.",
        )
    if lay.unusual_fonts:
        add(
            "fonts",
            "info",
            f"Unusual fonts: {', '.join(lay.unusual_fonts[:5])}. Some ATS map their glyphs to the wrong letters.",
            "Use a common font such as Arial, Calibri, Garamond, Helvetica or Times New Roman.",
        )
    if lay.private_use_glyphs:
        add(
            "icon_glyphs",
            "info",
            f"{lay.private_use_glyphs} icon glyph(s) (e.g. phone or mail icons) read as no text.",
            "Write labels in words ('Phone:', 'Email:') instead of icons.",
        )
    return {
        "risks": sorted(set(risks)),
        "multi_column_pages": lay.multi_column_pages,
        "tables": lay.tables,
        "text_boxes": lay.text_boxes,
        "images": lay.images,
        "fonts": lay.fonts,
        "unusual_fonts": lay.unusual_fonts,
        "image_only_pages": lay.image_only_pages,
    }


# --- match ----------------------------------------------------------------------------------------


def _resume_skill_hits(parsed: ParsedResume, table: SkillTable) -> dict[str, Evidence]:
    """Where each skill first appears in the resume: skills lists first, then anywhere in the text."""
    found: dict[str, Evidence] = {}
    for item in parsed.skills:
        if item.known:
            found.setdefault(item.name, item.evidence)
    doc = parsed.document
    skill_lines = {id(ln) for s in parsed.sections if s.key == "skills" for ln in s.lines}
    for ln in doc.lines:
        for hit in table.find(ln.text, list_context=id(ln) in skill_lines):
            found.setdefault(hit.skill.name, evidence_of(ln, hit.start, hit.end))
    return found


_TITLE_STOP = {
    "senior",
    "sr",
    "junior",
    "jr",
    "staff",
    "principal",
    "lead",
    "i",
    "ii",
    "iii",
    "iv",
    "the",
    "a",
    "of",
    "and",
    "&",
    "-",
}


def _title_tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z+#.]+", text.lower()) if w not in _TITLE_STOP}


def match(
    parsed: ParsedResume, job: JobAnalysis, as_of: date, table: SkillTable, findings: list[Finding]
) -> dict[str, Any]:
    have = _resume_skill_hits(parsed, table)
    components: dict[str, float] = {}
    skills_section = parsed.section("skills")
    skills_anchor = skills_section.lines[-1] if skills_section and skills_section.lines else None
    latest = next(
        (w for w in parsed.work if w.dates and w.dates.end is None), parsed.work[0] if parsed.work else None
    )

    def where_for(req_in_resp: bool, kind: str) -> dict[str, Any]:
        where: dict[str, Any] = {"section": "skills" if kind == "hard" else "experience"}
        if kind == "hard" and skills_anchor is not None:
            where["after"] = _line_ev(skills_anchor)
        if (req_in_resp or kind == "soft") and latest is not None:
            where["entry"] = {"title": latest.title, "company": latest.company}
            where["after_entry"] = _line_ev(
                latest.bullets[-1] if latest.bullets else (latest.header[-1] if latest.header else None)
            )
        return where

    def skill_block(reqs: list[Any], kind: str) -> tuple[float, list[dict[str, Any]], list[dict[str, Any]]]:
        total = matched = 0.0
        rows: list[dict[str, Any]] = []
        missing: list[dict[str, Any]] = []
        for r in reqs:
            weight = 1.0 if r.required else W.PREFERRED_SKILL_WEIGHT
            total += weight
            ev = have.get(r.skill.name)
            if ev is not None:
                matched += weight
            rows.append(
                {
                    "name": r.skill.name,
                    "required": r.required,
                    "found": ev is not None,
                    "job_evidence": r.evidence[0].to_dict(),
                    "resume_evidence": _ev(ev),
                }
            )
            if ev is None:
                where = where_for(r.in_responsibilities, kind)
                missing.append(
                    {"keyword": r.skill.name, "kind": kind, "required": r.required, "where": where}
                )
                place = "your Skills section" if where["section"] == "skills" else "a bullet"
                if "entry" in where:
                    place += f" and a bullet under '{where['entry']['title'] or where['entry']['company']}'"
                findings.append(
                    Finding(
                        f"match.{kind}_skill.missing",
                        "warning" if (r.required and kind == "hard") else "info",
                        "match",
                        f"The job {'requires' if r.required else 'prefers'} '{r.skill.name}' and the resume never mentions it.",
                        f"If you have it, add '{r.skill.name}' to {place}, using the job's wording.",
                        {"source": "job", **r.evidence[0].to_dict()},
                        where,
                    )
                )
        return (100.0 * matched / total if total else 100.0), rows, missing

    components["hard_skills"], hard_rows, missing_hard = skill_block(job.hard_skills, "hard")
    components["soft_skills"], soft_rows, missing_soft = skill_block(job.soft_skills, "soft")

    titles = [w.title for w in parsed.work if w.title][:3]
    if parsed.headline:
        titles.insert(0, parsed.headline.value)
    title_score = 100.0
    if job.title:
        want = _title_tokens(job.title)
        best = max((len(want & _title_tokens(t)) / len(want) for t in titles if want), default=0.0)
        title_score = 100.0 * best
        if best < 0.67:
            findings.append(
                Finding(
                    "match.title",
                    "warning",
                    "match",
                    f"The job title '{job.title}' does not appear among your headline and recent titles.",
                    "If it honestly fits, use the job's title wording in your headline or summary.",
                    {"source": "job", **job.title_span.to_dict()} if job.title_span else None,
                    {"section": "summary"},
                )
            )
    components["title"] = title_score

    best_level = max((e.level for e in parsed.education), default=0)
    if job.degree_level and best_level < job.degree_level:
        components["degree"] = 0.0 if job.degree_required else 50.0
        findings.append(
            Finding(
                "match.degree",
                "warning" if job.degree_required else "info",
                "match",
                "The job asks for a degree level the resume does not show.",
                "If you hold the degree, list it under Education with its full name (e.g. 'Bachelor of Science in ...').",
                {"source": "job", **job.degree_text.to_dict()} if job.degree_text else None,
                {"section": "education"},
            )
        )
    else:
        components["degree"] = 100.0
    months = total_experience_months(parsed.work, as_of)
    years_have = round(months / 12, 1)
    if job.years:
        components["experience"] = 100.0 * min(1.0, years_have / job.years)
        if years_have < job.years:
            findings.append(
                Finding(
                    "match.experience",
                    "warning",
                    "match",
                    f"The job asks for {job.years}+ years; dated roles on the resume add up to {years_have}.",
                    "Make sure every relevant role has start and end dates; include relevant earlier roles.",
                    {"source": "job", **job.years_span.to_dict()} if job.years_span else None,
                    {"section": "experience"},
                )
            )
    else:
        components["experience"] = 100.0
    total = sum(components[k] * w for k, w in W.MATCH_WEIGHTS.items())
    return {
        "score": int(round(total)),
        "components": {
            k: {"score": int(round(v)), "weight": W.MATCH_WEIGHTS[k]} for k, v in components.items()
        },
        "job": job.to_dict(),
        "hard_skills": hard_rows,
        "soft_skills": soft_rows,
        "missing_keywords": missing_hard + missing_soft,
        "resume_years_experience": years_have,
    }


def _job_span(span: Span | None) -> dict[str, Any] | None:
    return span.to_dict() if span else None


def _page_spans(doc: Document) -> list[dict[str, int]]:
    spans: dict[int, list[int]] = {}
    for ln in doc.lines:
        span = spans.setdefault(ln.page, [ln.start, ln.end])
        span[0], span[1] = min(span[0], ln.start), max(span[1], ln.end)
    return [{"page": p, "start": a, "end": b} for p, (a, b) in sorted(spans.items())]


def build_report(
    parsed: ParsedResume, *, as_of: date, job: JobAnalysis | None = None, table: SkillTable | None = None
) -> Report:
    table = table or default_table()
    doc: Document = parsed.document
    q, findings = quality(parsed, as_of)
    layout = layout_risks(parsed, findings)
    m = match(parsed, job, as_of, table, findings) if job is not None else None
    return Report(
        quality=q,
        layout=layout,
        findings=findings,
        match=m,
        parsed=parsed.to_json_resume(),
        document={
            "kind": doc.kind,
            "pages": doc.layout.pages,
            "characters": len(doc.text),
            "words": len(doc.text.split()),
            "sections": [s.key for s in parsed.sections],
            "as_of": as_of.isoformat(),
            # How the file was read: the text in reading order that every evidence span indexes.
            "text": doc.text,
            "page_spans": _page_spans(doc),
        },
    )
