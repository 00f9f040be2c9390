"""One persona as an ordered list of blocks that every generator draws in its own style.

Keeping the order of lines here (not in each generator) makes the hard cases the same across
generators: a date-first entry is date-first in LaTeX, Chromium and Word alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from personas import Job, Persona, date_range, v2_range


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
    sep: str = ", "  # how a "list" is joined when written on one line


@dataclass
class Plan:
    name: str
    tagline: str
    contact: list[str]
    name_apart: bool
    header_contact: bool  # contact (and name) belong in a page header where the format has one
    body: list[Block]
    sidebar: list[Block]  # skills, languages, interests (drawn beside the body by sidebar layouts)
    glyph: str = ""  # v2: bullets written as text with this glyph instead of list items


def _entry(job: Job, order: str, style: int) -> Entry:
    return Entry(order, job.title, job.company, job.location, date_range(job, style), job.bullets)


def _entries(p: Persona, style: int) -> list[Block]:
    if p.style2 is None:
        return [Block("entry", entry=_entry(j, o, style)) for j, o in zip(p.jobs, p.order, strict=True)]
    out = []
    for i, (job, order) in enumerate(zip(p.jobs, p.order, strict=True)):
        e = Entry(
            order, job.title, job.company, job.location, v2_range(job, p.style2.date_fmt, i == 0), job.bullets
        )
        if p.style2.grouped and i in (0, 1):
            e.order = "group_head" if i == 0 else "group_next"
        out.append(Block("entry", entry=e))
    return out


def _skills(p: Persona) -> list[Block]:
    s2 = p.style2
    heading = Block("heading", s2.skills_heading if s2 else "Skills")
    if s2 is None or s2.skills_style == "comma":
        return [heading, Block("list", items=list(p.skills))]
    if s2.skills_style == "groups":
        return [heading] + [Block("para", f"{label}: {', '.join(items)}") for label, items in s2.groups]
    if s2.skills_style == "levels":
        return [heading, Block("list", items=[f"{k} ({s2.levels[k]})" for k in p.skills])]
    return [heading, Block("list", items=list(p.skills), sep=" | " if s2.skills_style == "pipe" else " • ")]


def plan(p: Persona, style: int = 0, *, sidebar: bool = False) -> Plan:
    body: list[Block] = []
    if "no_exp_heading" not in p.cases:
        body.append(Block("heading", "Summary"))
        body.append(Block("para", p.summary))
        exp = (
            p.style2.exp_heading
            if p.style2
            else ("Experience", "Work Experience", "Professional Experience")[style]
        )
        body.append(Block("heading", exp))
    body.extend(_entries(p, style))
    body.append(Block("heading", "Education"))
    for degree, school, year in p.education:
        body.append(Block("para", f"{degree}, {school}, {year}"))
    side: list[Block] = _skills(p)
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
        glyph=p.style2.glyph if p.style2 else "",
    )


def entry_lines(e: Entry) -> list[tuple[str, str, str]]:
    """(left text, right text, style) rows of an entry header, in the persona's order."""
    if e.order == "group_head":
        return [(e.company, e.location, "bold"), (e.title, e.dates, "italic")]
    if e.order == "group_next":
        return [(e.title, e.dates, "italic")]
    if e.order == "title_at":
        joint = " at " if len(e.title) % 2 else ", "
        return [(f"{e.title}{joint}{e.company}", e.dates, "bold"), (e.location, "", "italic")]
    if e.order == "title_loc":
        return [(f"{e.title} | {e.location}", e.dates, "bold"), (e.company, "", "italic")]
    if e.order == "company_title":
        return [(f"{e.company} — {e.title}", e.dates, "bold"), (e.location, "", "italic")]
    if e.order == "company":
        return [(e.company, e.location, "bold"), (e.title, e.dates, "italic")]
    if e.order == "date":
        return [(e.dates, "", "plain"), (e.title, "", "bold"), (f"{e.company} | {e.location}", "", "italic")]
    return [(e.title, e.dates, "bold"), (f"{e.company} | {e.location}", "", "italic")]
