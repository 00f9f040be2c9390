"""Values the parser produces (with their evidence) and the patterns every part shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from resugrow_ats.domain.dates import DateRange, YearMonth
from resugrow_ats.domain.document import Document, Line

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,5}(?:[\s.\-]\d{2,5}){1,4}(?![\w])"
)
URL_RE = re.compile(
    # Starts only where a host name can start (not after "-") and labels never give characters
    # back: linear on 'http://' + 'a-' * N, which was quadratic (N = 99k froze the service 42 s).
    r"(?<![@\w.\-])(?:https?://)?(?:www\.)?(?:[A-Za-z0-9\-]++\.)+(?:com|io|dev|me|net|org|co|ai|app|site|page|tech|xyz|info|us|uk|de)"
    r"(?:/[\w\-./%~#?=&]*)?(?![\w@])"
)
NAME_WORD = r"[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]+)*\.?"
NAME_RE = re.compile(rf"^{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}$")
SPLIT_FIELDS = re.compile(r"\s*(?:\t|\s\|\s|\|| • | · | ● | — | – | -- | - |\s@\s|,?\s+at\s+)\s*")
# Bullet glyphs as writers pick them (and a Symbol-font bullet some PDF fonts map to a quote).
BULLET_RE = re.compile(r"^(?:• |[-*–\"]\s|[▪▫■□◦●○➢➤►▶→✓✔»›∙◆◇♦]\s?)")
DEGREE_RE = re.compile(
    r"\b(ph\.?\s?d|doctor(?:ate)?|d\.?phil|ed\.?d|m\.?d|j\.?d|master'?s?|m\.?sc?|m\.?a|mba|m\.?eng|m\.?ed|msn|mph|"
    r"bachelor'?s?|b\.?sc?|b\.?a|bba|b\.?eng|b\.?tech|bsn|b\.?com|associate'?s?|a\.?a\.?s?|a\.?s|diploma|high school|ged)\b\.?",
    re.IGNORECASE,
)
INSTITUTION_RE = re.compile(
    r"\b(university|college|institute|school|academy|polytechnic|universit[éäa]t?|universidad|conservatory)\b",
    re.IGNORECASE,
)
DURATION_RE = re.compile(
    r"\(?\b\d{1,2}\s*(?:years?|yrs?)(?:,?\s*\d{1,2}\s*(?:months?|mos?))?\)?|\(?\b\d{1,2}\s*(?:months?|mos?)\)?",
    re.IGNORECASE,
)
GPA_RE = re.compile(r"\bGPA[:\s]*([0-4]\.\d{1,2})(?:\s*/\s*4(?:\.0)?)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Evidence:
    page: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "start": self.start, "end": self.end, "text": self.text}


def evidence_of(line: Line, start: int = 0, end: int | None = None) -> Evidence:
    end = len(line.text) if end is None else end
    return Evidence(line.page, line.start + start, line.start + end, line.text[start:end])


@dataclass(slots=True)
class FieldValue:
    value: str
    evidence: Evidence
    zone: str = "body"


@dataclass(slots=True)
class Section:
    key: str
    heading: Line | None
    lines: list[Line] = field(default_factory=list)
    secondary: tuple[str, ...] = ()


@dataclass(slots=True)
class WorkEntry:
    title: str | None
    company: str | None
    location: str | None
    dates: DateRange | None
    header: list[Line]
    bullets: list[Line] = field(default_factory=list)
    date_line: Line | None = None


@dataclass(slots=True)
class EducationEntry:
    institution: str | None
    degree: str | None
    area: str | None
    level: int
    start: YearMonth | None
    end: YearMonth | None
    gpa: str | None
    lines: list[Line]


@dataclass(slots=True)
class SkillItem:
    """One skill of a skills list: ``written`` is the user's own words, kept as they wrote them;
    ``name`` is the canonical table name when the table knows it (``written`` otherwise)."""

    name: str
    group: str
    known: bool
    evidence: Evidence
    written: str = ""
    skill_id: str | None = None


@dataclass(slots=True)
class Certificate:
    name: str
    issuer: str | None
    date: YearMonth | None
    evidence: Evidence


@dataclass(slots=True)
class ParsedResume:
    document: Document
    contact: dict[str, FieldValue]
    profiles: list[FieldValue]
    headline: FieldValue | None
    sections: list[Section]
    work: list[WorkEntry]
    education: list[EducationEntry]
    skills: list[SkillItem]
    certificates: list[Certificate]
    summary: str | None
    languages: list[str]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_json_resume(self) -> dict[str, Any]:
        from resugrow_ats.domain.parse.json_resume import to_json_resume

        return to_json_resume(self)
