"""The job-match score: skills, title, degree and years against one analysed job description."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from resugrow_ats.domain import weights as W
from resugrow_ats.domain.document import Line
from resugrow_ats.domain.jd import JobAnalysis
from resugrow_ats.domain.parse import Evidence, ParsedResume, evidence_of, total_experience_months
from resugrow_ats.domain.parse.model import WorkEntry
from resugrow_ats.domain.score.model import Finding, ev_dict, line_ev
from resugrow_ats.domain.skills import SkillTable


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


@dataclass(frozen=True, slots=True)
class _Resume:
    """What the skill rows need to know about the resume: its skills and where to add a missing one."""

    have: dict[str, Evidence]
    skills_anchor: Line | None
    latest: WorkEntry | None

    def where_for(self, req_in_resp: bool, kind: str) -> dict[str, Any]:
        where: dict[str, Any] = {"section": "skills" if kind == "hard" else "experience"}
        if kind == "hard" and self.skills_anchor is not None:
            where["after"] = line_ev(self.skills_anchor)
        latest = self.latest
        if (req_in_resp or kind == "soft") and latest is not None:
            where["entry"] = {"title": latest.title, "company": latest.company}
            where["after_entry"] = line_ev(
                latest.bullets[-1] if latest.bullets else (latest.header[-1] if latest.header else None)
            )
        return where


def _missing_finding(r: Any, kind: str, where: dict[str, Any]) -> Finding:
    place = "your Skills section" if where["section"] == "skills" else "a bullet"
    if "entry" in where:
        place += f" and a bullet under '{where['entry']['title'] or where['entry']['company']}'"
    return Finding(
        f"match.{kind}_skill.missing",
        "warning" if (r.required and kind == "hard") else "info",
        "match",
        f"The job {'requires' if r.required else 'prefers'} '{r.skill.name}' and the resume never mentions it.",
        f"If you have it, add '{r.skill.name}' to {place}, using the job's wording.",
        {"source": "job", **r.evidence[0].to_dict()},
        where,
    )


def _skill_block(
    resume: _Resume, reqs: list[Any], kind: str, findings: list[Finding]
) -> tuple[float, list[dict[str, Any]], list[dict[str, Any]]]:
    total = matched = 0.0
    rows: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for r in reqs:
        weight = 1.0 if r.required else W.PREFERRED_SKILL_WEIGHT
        total += weight
        ev = resume.have.get(r.skill.name)
        if ev is not None:
            matched += weight
        rows.append(
            {
                "name": r.skill.name,
                "required": r.required,
                "found": ev is not None,
                "job_evidence": r.evidence[0].to_dict(),
                "resume_evidence": ev_dict(ev),
            }
        )
        if ev is None:
            where = resume.where_for(r.in_responsibilities, kind)
            missing.append({"keyword": r.skill.name, "kind": kind, "required": r.required, "where": where})
            findings.append(_missing_finding(r, kind, where))
    return (100.0 * matched / total if total else 100.0), rows, missing


def _title_score(parsed: ParsedResume, job: JobAnalysis, findings: list[Finding]) -> float:
    titles = [w.title for w in parsed.work if w.title][:3]
    if parsed.headline:
        titles.insert(0, parsed.headline.value)
    if not job.title:
        return 100.0
    want = _title_tokens(job.title)
    best = max((len(want & _title_tokens(t)) / len(want) for t in titles if want), default=0.0)
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
    return 100.0 * best


def _degree_score(parsed: ParsedResume, job: JobAnalysis, findings: list[Finding]) -> float:
    best_level = max((e.level for e in parsed.education), default=0)
    if not (job.degree_level and best_level < job.degree_level):
        return 100.0
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
    return 0.0 if job.degree_required else 50.0


def _experience_score(years_have: float, job: JobAnalysis, findings: list[Finding]) -> float:
    if not job.years:
        return 100.0
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
    return 100.0 * min(1.0, years_have / job.years)


def match(
    parsed: ParsedResume, job: JobAnalysis, as_of: date, table: SkillTable, findings: list[Finding]
) -> dict[str, Any]:
    skills_section = parsed.section("skills")
    resume = _Resume(
        have=_resume_skill_hits(parsed, table),
        skills_anchor=skills_section.lines[-1] if skills_section and skills_section.lines else None,
        latest=next(
            (w for w in parsed.work if w.dates and w.dates.end is None),
            parsed.work[0] if parsed.work else None,
        ),
    )
    components: dict[str, float] = {}
    components["hard_skills"], hard_rows, missing_hard = _skill_block(
        resume, job.hard_skills, "hard", findings
    )
    components["soft_skills"], soft_rows, missing_soft = _skill_block(
        resume, job.soft_skills, "soft", findings
    )
    components["title"] = _title_score(parsed, job, findings)
    components["degree"] = _degree_score(parsed, job, findings)
    years_have = round(total_experience_months(parsed.work, as_of) / 12, 1)
    components["experience"] = _experience_score(years_have, job, findings)
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
