"""A plain-text projection of a resume, carried on ``resume.updated``.

Consumers (the ATS scanner, the LinkedIn consistency check) get the resume's words without
calling back or knowing JSON Resume. The text is stable for a given document (same input, same
bytes) and reads top to bottom like the rendered resume: header, summary, then each section.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _listed(prefix: str, values: Any) -> str:
    items = [_s(v) for v in values or () if _s(v)]
    return prefix + ", ".join(items) if items else ""


def _work_lines(e: dict[str, Any]) -> list[str]:
    role = _join(_s(e.get("position")), _s(e.get("name")), sep=" at ")
    return [
        _join(role, _s(e.get("location")), _span(e), sep=" | "),
        _s(e.get("description")),
        _s(e.get("summary")),
    ]


def _volunteer_lines(e: dict[str, Any]) -> list[str]:
    role = _join(_s(e.get("position")), _s(e.get("organization")), sep=" at ")
    return [_join(role, _span(e), sep=" | "), _s(e.get("summary"))]


def _education_lines(e: dict[str, Any]) -> list[str]:
    degree = _join(_s(e.get("studyType")), _s(e.get("area")), sep=" in ")
    grade = f"Grade: {_s(e.get('score'))}" if _s(e.get("score")) else ""
    return [
        _join(degree, _s(e.get("institution")), _span(e), sep=" | "),
        grade,
        _listed("Courses: ", e.get("courses")),
    ]


def _keyword_lines(e: dict[str, Any]) -> list[str]:
    keywords = [_s(k) for k in e.get("keywords") or () if _s(k)]
    head = _join(_s(e.get("name")), _s(e.get("level")), sep=" (") + (
        ")" if _s(e.get("level")) and _s(e.get("name")) else ""
    )
    return [_join(head, ", ".join(keywords), sep=": ")]


def _publication_lines(e: dict[str, Any]) -> list[str]:
    head = _join(_s(e.get("name")), _s(e.get("publisher")), _s(e.get("releaseDate")), sep=" | ")
    return [head, _listed("Authors: ", e.get("authors")), _s(e.get("summary"))]


def _project_lines(e: dict[str, Any]) -> list[str]:
    head = _join(_s(e.get("name")), _s(e.get("entity")), _span(e), sep=" | ")
    return [head, _s(e.get("description")), _listed("Technologies: ", e.get("keywords"))]


# One line writer per JSON Resume section (highlights and url are added to every entry).
_SECTION_LINES: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "work": _work_lines,
    "volunteer": _volunteer_lines,
    "education": _education_lines,
    "awards": lambda e: [_join(_s(e.get("title")), _s(e.get("awarder")), _s(e.get("date")), sep=" | "),
                         _s(e.get("summary"))],
    "certificates": lambda e: [_join(_s(e.get("name")), _s(e.get("issuer")), _s(e.get("date")), sep=" | ")],
    "publications": _publication_lines,
    "skills": _keyword_lines,
    "interests": _keyword_lines,
    "languages": lambda e: [_join(_s(e.get("language")), _s(e.get("fluency")), sep=": ")],
    "references": lambda e: [_join(_s(e.get("name")), _s(e.get("reference")), sep=": ")],
    "projects": _project_lines,
}  # fmt: skip


def _entry_lines(section: str, entry: dict[str, Any]) -> list[str]:
    writer = _SECTION_LINES.get(section)
    lines = writer(entry) if writer is not None else []
    lines += [f"- {_s(h)}" for h in entry.get("highlights") or () if _s(h)]
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
