"""A plain-text projection of a resume, carried on ``resume.updated``.

Consumers (the ATS scanner, the LinkedIn consistency check) get the resume's words without
calling back or knowing JSON Resume. The text is stable for a given document (same input, same
bytes) and reads top to bottom like the rendered resume: header, summary, then each section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resugrow_resume.domain.model import SECTIONS

_HEADINGS = {
    "work": "Experience",
    "volunteer": "Volunteering",
    "education": "Education",
    "awards": "Awards",
    "certificates": "Certifications",
    "publications": "Publications",
    "skills": "Skills",
    "languages": "Languages",
    "interests": "Interests",
    "references": "References",
    "projects": "Projects",
}
# Section order as a reader expects it (work before education, skills after).
_ORDER = ("work", "projects", "education", "skills", "certificates", "awards", "publications",
          "volunteer", "languages", "interests", "references")  # fmt: skip
assert set(_ORDER) == set(SECTIONS)


@dataclass(frozen=True)
class Projection:
    name: str | None
    headline: str | None
    positions: list[dict[str, str | None]] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    text: str = ""


def _s(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _span(entry: dict[str, Any], start: str = "startDate", end: str = "endDate") -> str:
    begin, finish = _s(entry.get(start)), _s(entry.get(end))
    if not begin and not finish:
        return ""
    if begin and start in entry and end in entry and not finish:
        finish = "present"
    return " - ".join(p for p in (begin, finish) if p)


def _join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _entry_lines(section: str, entry: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if section == "work":
        lines.append(_join(_join(_s(entry.get("position")), _s(entry.get("name")), sep=" at "),
                           _s(entry.get("location")), _span(entry), sep=" | "))  # fmt: skip
        lines += [_s(entry.get("description")), _s(entry.get("summary"))]
    elif section == "volunteer":
        lines.append(_join(_join(_s(entry.get("position")), _s(entry.get("organization")), sep=" at "),
                           _span(entry), sep=" | "))  # fmt: skip
        lines.append(_s(entry.get("summary")))
    elif section == "education":
        degree = _join(_s(entry.get("studyType")), _s(entry.get("area")), sep=" in ")
        lines.append(_join(degree, _s(entry.get("institution")), _span(entry), sep=" | "))
        if _s(entry.get("score")):
            lines.append(f"Grade: {_s(entry.get('score'))}")
        courses = [_s(c) for c in entry.get("courses") or () if _s(c)]
        if courses:
            lines.append("Courses: " + ", ".join(courses))
    elif section == "awards":
        lines.append(
            _join(_s(entry.get("title")), _s(entry.get("awarder")), _s(entry.get("date")), sep=" | ")
        )
        lines.append(_s(entry.get("summary")))
    elif section == "certificates":
        lines.append(_join(_s(entry.get("name")), _s(entry.get("issuer")), _s(entry.get("date")), sep=" | "))
    elif section == "publications":
        lines.append(
            _join(_s(entry.get("name")), _s(entry.get("publisher")), _s(entry.get("releaseDate")), sep=" | ")
        )
        authors = [_s(a) for a in entry.get("authors") or () if _s(a)]
        if authors:
            lines.append("Authors: " + ", ".join(authors))
        lines.append(_s(entry.get("summary")))
    elif section in ("skills", "interests"):
        keywords = [_s(k) for k in entry.get("keywords") or () if _s(k)]
        head = _join(_s(entry.get("name")), _s(entry.get("level")), sep=" (") + (
            ")" if _s(entry.get("level")) and _s(entry.get("name")) else ""
        )
        lines.append(_join(head, ", ".join(keywords), sep=": "))
    elif section == "languages":
        lines.append(_join(_s(entry.get("language")), _s(entry.get("fluency")), sep=": "))
    elif section == "references":
        lines.append(_join(_s(entry.get("name")), _s(entry.get("reference")), sep=": "))
    elif section == "projects":
        lines.append(_join(_s(entry.get("name")), _s(entry.get("entity")), _span(entry), sep=" | "))
        lines.append(_s(entry.get("description")))
        keywords = [_s(k) for k in entry.get("keywords") or () if _s(k)]
        if keywords:
            lines.append("Technologies: " + ", ".join(keywords))
    lines += [f"- {_s(h)}" for h in entry.get("highlights") or () if _s(h)]
    if _s(entry.get("url")):
        lines.append(_s(entry.get("url")))
    return [line for line in lines if line]


def project(resume: dict[str, Any]) -> Projection:
    """Project a valid resume document (see ``model.normalize``) to text plus key facts."""
    basics = resume.get("basics") or {}
    location = basics.get("location") or {}
    lines: list[str] = []
    name, headline = _s(basics.get("name")) or None, _s(basics.get("label")) or None
    lines += [p for p in (name, headline) if p]
    place = _join(_s(location.get("city")), _s(location.get("region")), _s(location.get("countryCode")))
    contact = _join(_s(basics.get("email")), _s(basics.get("phone")), place, _s(basics.get("url")), sep=" | ")
    if contact:
        lines.append(contact)
    for profile in basics.get("profiles") or ():
        shown = _join(
            _s(profile.get("network")), _s(profile.get("url")) or _s(profile.get("username")), sep=": "
        )
        if shown:
            lines.append(shown)
    if _s(basics.get("summary")):
        lines += ["", "Summary", _s(basics["summary"])]
    for section in _ORDER:
        entries = [e for e in resume.get(section) or () if isinstance(e, dict)]
        body = [line for entry in entries for line in _entry_lines(section, entry)]
        if body:
            lines += ["", _HEADINGS[section], *body]

    positions = [
        {
            "title": _s(job.get("position")) or None,
            "company": _s(job.get("name")) or None,
            "start": _s(job.get("startDate")) or None,
            "end": _s(job.get("endDate")) or None,
        }
        for job in resume.get("work") or ()
        if isinstance(job, dict)
    ]
    skills: list[str] = []
    for skill in resume.get("skills") or ():
        for word in (_s(skill.get("name")), *(_s(k) for k in skill.get("keywords") or ())):
            if word and word.casefold() not in {s.casefold() for s in skills}:
                skills.append(word)
    return Projection(name=name, headline=headline, positions=positions, skills=skills, text="\n".join(lines))
