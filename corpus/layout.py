"""One persona as an ordered list of blocks that every generator draws in its own style.

Keeping the order of lines here (not in each generator) makes the hard cases the same across
generators: a date-first entry is date-first in LaTeX, Chromium and Word alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from personas import Job, Persona, date_range


@dataclass
class Entry:
    order: str  # "title" | "company" | "date"
    title: str
    company: str
    location: str
    dates: str
    bullets: list[str] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # "heading" | "para" | "entry" | "bullets" | "list"
    text: str = ""
    entry: Entry | None = None
    items: list[str] = field(default_factory=list)


@dataclass
class Plan:
    name: str
    tagline: str
    contact: list[str]
    name_apart: bool
    header_contact: bool  # contact (and name) belong in a page header where the format has one
    body: list[Block]
    sidebar: list[Block]  # skills, languages, interests (drawn beside the body by sidebar layouts)


def _entry(job: Job, order: str, style: int) -> Entry:
    return Entry(order, job.title, job.company, job.location, date_range(job, style), job.bullets)


def plan(p: Persona, style: int = 0, *, sidebar: bool = False) -> Plan:
    body: list[Block] = []
    if "no_exp_heading" not in p.cases:
        body.append(Block("heading", "Summary"))
        body.append(Block("para", p.summary))
        body.append(Block("heading", ("Experience", "Work Experience", "Professional Experience")[style]))
    body.extend(Block("entry", entry=_entry(j, o, style)) for j, o in zip(p.jobs, p.order, strict=True))
    body.append(Block("heading", "Education"))
    for degree, school, year in p.education:
        body.append(Block("para", f"{degree}, {school}, {year}"))
    side: list[Block] = [Block("heading", "Skills"), Block("list", items=list(p.skills))]
    if p.certs:
        side += [Block("heading", "Certifications"), Block("bullets", items=list(p.certs))]
    if p.languages:
        side += [Block("heading", "Languages"), Block("list", items=list(p.languages))]
    if p.interests:
        side += [Block("heading", "Interests"), Block("list", items=list(p.interests))]
    if not sidebar:
        body += side
        side = []
    return Plan(
        name=p.name,
        tagline=p.tagline,
        contact=[p.email, p.phone, p.location, p.link],
        name_apart="name_apart" in p.cases,
        header_contact="contact_in_header" in p.cases,
        body=body,
        sidebar=side,
    )


def entry_lines(e: Entry) -> list[tuple[str, str, str]]:
    """(left text, right text, style) rows of an entry header, in the persona's order."""
    if e.order == "company":
        return [(e.company, e.location, "bold"), (e.title, e.dates, "italic")]
    if e.order == "date":
        return [(e.dates, "", "plain"), (e.title, "", "bold"), (f"{e.company} | {e.location}", "", "italic")]
    return [(e.title, e.dates, "bold"), (f"{e.company} | {e.location}", "", "italic")]
