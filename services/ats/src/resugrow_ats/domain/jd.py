"""Job description analysis: what the job asks for, each requirement with its evidence span."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from resugrow_ats.domain.lexicon import TITLE_WORDS, title_score
from resugrow_ats.domain.parse import DEGREE_RE, degree_level
from resugrow_ats.domain.skills import Skill, SkillTable, default_table

SENIORITY_ORDER = (
    "intern",
    "junior",
    "mid",
    "senior",
    "staff",
    "principal",
    "lead",
    "manager",
    "director",
    "executive",
)
_SENIORITY_WORDS = {
    "intern": "intern",
    "internship": "intern",
    "trainee": "intern",
    "junior": "junior",
    "jr": "junior",
    "entry": "junior",
    "graduate": "junior",
    "associate": "junior",
    "mid": "mid",
    "intermediate": "mid",
    "senior": "senior",
    "sr": "senior",
    "staff": "staff",
    "principal": "principal",
    "lead": "lead",
    "manager": "manager",
    "head": "director",
    "director": "director",
    "vp": "executive",
    "chief": "executive",
    "president": "executive",
}
_PREFERRED_HEADING = re.compile(
    r"(preferred|nice[- ]to[- ]have|bonus|pluses|desired|good to have)", re.IGNORECASE
)
_REQUIRED_HEADING = re.compile(
    r"(requirements|required|qualifications|must[- ]have|what you.ll need|what we.re looking for|you have|about you)",
    re.IGNORECASE,
)
_PREFERRED_INLINE = re.compile(r"\b(preferred|a plus|nice to have|bonus|desirable|ideally)\b", re.IGNORECASE)
_YEARS_RE = re.compile(
    # Possessive \s*+: nothing after a space run starts with a space, so giving spaces back can
    # never help; with plain \s* a "0" and 20,000 spaces took hours (cubic backtracking).
    r"(?P<min>\d{1,2})\s*+(?:\+|plus)?\s*+(?:(?:-|–|to)\s*+(?P<max>\d{1,2})\s*+)?\+?\s*+(?:years?|yrs?)\b(?P<tail>[^.\n]{0,60})",
    re.IGNORECASE,
)
_TITLE_LABEL = re.compile(
    r"^(?:job title|title|position|role)\s*:\s*(?P<t>.+)$", re.IGNORECASE | re.MULTILINE
)
_TITLE_SENTENCE = re.compile(
    r"(?:hiring|seeking|looking for|searching for|join us as|as our)\s+(?:an?\s+|our\s+)?(?P<t>(?:[A-Z][\w+#/.\-]*\s?){1,6})",
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class SkillRequirement:
    skill: Skill
    required: bool
    evidence: list[Span] = field(default_factory=list)
    in_responsibilities: bool = False


@dataclass(slots=True)
class JobAnalysis:
    text: str
    title: str | None = None
    title_span: Span | None = None
    seniority: str | None = None
    seniority_span: Span | None = None
    degree_level: int = 0
    degree_text: Span | None = None
    degree_required: bool = False
    years: int | None = None
    years_span: Span | None = None
    hard_skills: list[SkillRequirement] = field(default_factory=list)
    soft_skills: list[SkillRequirement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def req(r: SkillRequirement) -> dict[str, Any]:
            return {
                "name": r.skill.name,
                "category": r.skill.category,
                "required": r.required,
                "evidence": [e.to_dict() for e in r.evidence[:3]],
            }

        return {
            "title": self.title,
            "title_evidence": self.title_span.to_dict() if self.title_span else None,
            "seniority": self.seniority,
            "seniority_evidence": self.seniority_span.to_dict() if self.seniority_span else None,
            "degree_level": self.degree_level,
            "degree_required": self.degree_required,
            "degree_evidence": self.degree_text.to_dict() if self.degree_text else None,
            "years_experience": self.years,
            "years_evidence": self.years_span.to_dict() if self.years_span else None,
            "hard_skills": [req(r) for r in self.hard_skills],
            "soft_skills": [req(r) for r in self.soft_skills],
        }


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, raw))
        pos += len(raw) + 1
    return out


def analyze_job(text: str, *, table: SkillTable | None = None) -> JobAnalysis:
    table = table or default_table()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    job = JobAnalysis(text=text)
    _find_title(job)
    mode = "required"
    in_responsibilities = False
    by_name: dict[str, SkillRequirement] = {}
    for start, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        section = _section_heading(stripped)
        if section is not None:
            mode, in_responsibilities = section
            continue
        required = mode == "required" and not _PREFERRED_INLINE.search(stripped)
        for hit in table.find(line, list_context=False, offset=start):
            req = by_name.get(hit.skill.name)
            if req is None:
                req = SkillRequirement(hit.skill, required)
                by_name[hit.skill.name] = req
            req.required = req.required or required
            req.in_responsibilities = req.in_responsibilities or in_responsibilities
            req.evidence.append(Span(hit.start, hit.end, hit.text))
        if job.years is None:
            _find_years(job, line, start)
        if job.degree_text is None:
            _find_degree(job, line, start, required)
    reqs = sorted(by_name.values(), key=lambda r: (not r.required, r.evidence[0].start))
    job.hard_skills = [r for r in reqs if r.skill.kind == "hard"]
    job.soft_skills = [r for r in reqs if r.skill.kind == "soft"]
    _find_seniority(job)
    return job


def _section_heading(stripped: str) -> tuple[str, bool] | None:
    """(mode, in responsibilities) when the line is a heading that opens a section, else None."""
    is_heading = len(stripped.split()) <= 6 and (
        stripped.endswith(":") or stripped.isupper() or not re.search(r"[.,;]", stripped)
    )
    if not is_heading:
        return None
    if _PREFERRED_HEADING.search(stripped):
        return "preferred", False
    if _REQUIRED_HEADING.search(stripped):
        return "required", False
    if re.search(r"responsibilit|what you.ll do|the role|your impact|day to day", stripped, re.IGNORECASE):
        return "required", True
    return None


def _find_years(job: JobAnalysis, line: str, start: int) -> None:
    for m in _YEARS_RE.finditer(line):
        tail = m.group("tail").lower()
        if "experience" in tail or "experience" in line.lower():
            job.years = int(m.group("min"))
            end = m.start("tail")
            while end > m.start() and line[end - 1].isspace():
                end -= 1
            job.years_span = Span(start + m.start(), start + end, line[m.start() : end])
            return


def _find_degree(job: JobAnalysis, line: str, start: int, required: bool) -> None:
    if not re.search(r"\bdegree\b|\bbachelor|\bmaster|\bph\.?d|\bB\.?S\.?\b|\bM\.?S\.?\b", line):
        return
    d = DEGREE_RE.search(line)
    level = degree_level(d.group()) if d else (2 if "degree" in line.lower() else 0)
    if not level:
        return
    job.degree_level = level
    job.degree_required = required and not re.search(r"or equivalent", line, re.IGNORECASE)
    s, e = d.span() if d else (line.lower().find("degree"), line.lower().find("degree") + 6)
    job.degree_text = Span(start + s, start + e, line[s:e])


def _find_title(job: JobAnalysis) -> None:
    text = job.text
    m = _TITLE_LABEL.search(text)
    if m:
        t = m.group("t").strip()
        job.title, job.title_span = t, Span(m.start("t"), m.start("t") + len(t), t)
        return
    for start, line in _lines(text)[:3]:
        stripped = line.strip()
        if (
            stripped
            and len(stripped.split()) <= 8
            and title_score(stripped) > 0
            and not stripped.endswith(".")
        ):
            title = re.split(r"\s+[-–—|@]\s+|\s+at\s+|,", stripped)[0].strip()
            offset = start + line.find(title)
            job.title, job.title_span = title, Span(offset, offset + len(title), title)
            return
    m = _TITLE_SENTENCE.search(text)
    if m:
        words = m.group("t").split()
        # Cut after the last job-title word: "a Senior Data Engineer to join" -> "Senior Data Engineer".
        last = max((i for i, w in enumerate(words) if w.lower().strip(".,") in TITLE_WORDS), default=-1)
        if last >= 0:
            t = " ".join(words[: last + 1])
            job.title, job.title_span = t, Span(m.start("t"), m.start("t") + len(t), t)


def _find_seniority(job: JobAnalysis) -> None:
    if job.title and job.title_span:
        for w in re.findall(r"[A-Za-z]+", job.title):
            level = _SENIORITY_WORDS.get(w.lower())
            if level:
                job.seniority, job.seniority_span = level, job.title_span
                return
    if job.years is not None:
        job.seniority = "junior" if job.years <= 2 else "mid" if job.years <= 5 else "senior"
        job.seniority_span = job.years_span
