"""Sections: headings, the preamble above them, and where a sidebar's section ends."""

from __future__ import annotations

import re
from statistics import median

from resugrow_ats.domain.document import Document, Line
from resugrow_ats.domain.lexicon import (
    HEADING_INDEX,
    HEADING_KEYWORDS,
    company_score,
    is_location,
    title_score,
)
from resugrow_ats.domain.parse.model import INSTITUTION_RE, NAME_RE, Section


def _norm_heading(text: str) -> str:
    t = text.lower().strip().rstrip(":").strip()
    t = re.sub(r"\band\b|\+", "&", t)
    t = re.sub(r"[^a-z& ]", " ", t)
    return " ".join(t.split()).replace(" & ", " & ")


def classify_heading(line: Line, body_size: float) -> tuple[str | None, str | None]:
    """(section key, text after an inline heading) for a heading line; (None, None) otherwise."""
    text = line.text.strip("• ").strip()
    tabbed = _tab_heading(text)
    if tabbed is not None:
        return tabbed
    if not text or len(text) > 60:
        return None, None
    norm = _norm_heading(text)
    spaced = norm.replace("&", " & ").replace("  ", " ")
    for candidate in (norm, spaced, " ".join(norm.split())):
        if candidate in HEADING_INDEX and not any(ch.isdigit() for ch in text):
            return HEADING_INDEX[candidate], None
    inline = re.match(r"^([A-Za-z][A-Za-z &/]{2,40}):\s*(\S.*)$", text)
    if inline:
        key = HEADING_INDEX.get(" ".join(_norm_heading(inline.group(1)).split()))
        if key in ("skills", "languages", "certifications", "interests", "summary"):
            return key, inline.group(2)
    if "," in text:
        return None, None  # "Care, Telemetry, Critical Care": a wrapped list, not a heading
    if INSTITUTION_RE.search(text) and norm not in HEADING_INDEX:
        return None, None  # "Georgia Institute of Technology" is a school, not a Skills heading
    words = text.split()
    styled = (
        line.bold
        or line.heading_hint
        or (text.isupper() and len(text) > 3)
        or (body_size and line.size >= 1.12 * body_size)
        or text.endswith(":")
    )
    # "Project Management: Basic" (bold in moderncv's oldstyle) is a skill with its level.
    labelled = ":" in text.rstrip(":")
    if (
        len(words) <= 5
        and styled
        and not labelled
        and not any(ch.isdigit() for ch in text)
        and title_score(text) <= 0
    ):
        lowered = text.lower()
        hits = [(lowered.find(k), key) for k, key in HEADING_KEYWORDS if k in lowered]
        if hits:
            return min(hits)[1], None
    big = line.heading_hint or (body_size and line.size >= 1.15 * body_size)
    if big and len(words) <= 4 and not any(ch.isdigit() for ch in text) and "@" not in text:
        return "other", None
    return None, None


def _tab_heading(text: str) -> tuple[str, str] | None:
    """A section name in a left table column with the content beside it ("EXPERIENCE<tab>...")."""
    head, tab, rest = text.partition("\t")
    key = HEADING_INDEX.get(_norm_heading(head)) if tab and rest.strip() else None
    if key is None or any(ch.isdigit() for ch in head):
        return _caps_heading(text)
    return key, rest.strip()


def _caps_heading(text: str) -> tuple[str, str] | None:
    """ "EMPLOYMENT HISTORY Mosaic Digital ...": a capitalised section name the grid set too close
    to its content for a tab."""
    words = text.split(" ")
    caps = 0
    while caps < min(len(words), 4) and (
        words[caps] == "&" or (len(words[caps]) > 1 and words[caps].isupper())
    ):
        caps += 1
    for n in range(caps, 0, -1):
        rest = " ".join(words[n:]).strip()
        key = HEADING_INDEX.get(_norm_heading(" ".join(words[:n])))
        if key is not None and rest and not rest.startswith(("&", "AND")) and rest.upper() != rest:
            return key, rest
    return None


def _unwrap_label_rows(lines: list[Line]) -> list[Line]:
    """A section name that wrapped in a left grid column ("PROFESSIONAL<tab>Title" above
    "EXPERIENCE<tab>Company", moderncv's "Employment<tab>Title" above "History"): one heading
    line, then both content parts."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        a, tab, _ = ln.text.partition("\t")
        b = nxt.text.partition("\t")[0] if nxt is not None else ""
        joined = f"{a.strip()} {b.strip()}"
        if (
            nxt is not None
            and tab
            and not any(ch.isdigit() for ch in a)  # "2021<tab>B.A. ..." is a date cell, not half a name
            and _norm_heading(joined) in HEADING_INDEX
            # "Employment" / "History": the longer name wins even when the first half is a name.
            and (_norm_heading(a) not in HEADING_INDEX or not any(ch.isdigit() for ch in b))
        ):
            head = _sub_line(ln, 0, len(a))
            head.text = joined
            out.append(head)
            for part in (ln, nxt):
                cut = part.text.find("\t")
                if cut >= 0 and part.text[cut:].strip():
                    out.append(_sub_line(part, cut + 1, len(part.text)))
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def split_sections(doc: Document) -> tuple[list[Line], list[Section]]:
    body = _unwrap_label_rows(doc.body_lines)
    sizes = [ln.size for ln in body if ln.size]
    body_size = median(sizes) if sizes else 0.0
    preamble: list[Line] = []
    sections: list[Section] = []
    classified = [(ln, *classify_heading(ln, body_size)) for ln in body]
    known_sizes = [ln.size for ln, key, _ in classified if key not in (None, "other") and ln.size]
    heading_size = median(known_sizes) if known_sizes else 0.0
    name_line = _big_name_line(body, body_size)
    prev: Line | None = None
    for ln, key, rest in classified:
        if key is not None and prev is not None and _wraps_list(prev, ln, body_size):
            key, rest = None, None  # "..., Telemetry, Patient" / "Education": the list wrapped
        prev = ln
        if ln is name_line and (sections or preamble):
            # The name below a sidebar (LinkedIn PDFs): the lines under it are contact details.
            sections.append(Section(key="contact", heading=None, lines=[ln]))
            continue
        if key == "other" and heading_size and ln.size < 0.95 * heading_size:
            key = None  # smaller than the real headings: a company or school line, not a section
        if key == "other" and sections and sections[-1].key == "experience" and title_score(ln.text) > 0:
            key = None  # a big job title inside Experience starts an entry, not a section
        if (
            rest is not None
            and sections
            and sections[-1].key in ("skills", "experience", "projects", "volunteer", "education")
            and _tab_heading(ln.text.strip("• ").strip()) is None
        ):
            # "Languages: Python, Go" in Skills is a skill group; "Technologies: ..." in a project is its detail.
            key, rest = None, None
        if key == "other" and not sections and not preamble:
            key = None  # the first big line is the name, not a section
        if key is not None:
            norm = _norm_heading(ln.text)
            secondary = tuple(dict.fromkeys(k for w, k in HEADING_KEYWORDS if w in norm and k != key))
            section = Section(key=key, heading=ln, secondary=secondary)
            sections.append(section)
            if rest:
                offset = ln.text.find(rest)
                section.lines.append(_sub_line(ln, offset, offset + len(rest)))
            continue
        if sections and _column_jump(sections[-1], ln):
            # Sidebar layouts: the main column does not continue the sidebar's last section.
            sections.append(Section(key="other", heading=None))
        if sections:
            sections[-1].lines.append(ln)
        else:
            preamble.append(ln)
    return preamble, sections


def _wraps_list(prev: Line, ln: Line, body_size: float) -> bool:
    return (
        prev.text.count(",") >= 2
        and len(prev.text) >= 60  # a wrapped line ran to the margin
        and (prev.text.rstrip()[-1:].isalpha() or prev.text.rstrip().endswith(","))
        and prev.page == ln.page
        and prev.column == ln.column
        and not ln.bold
        and not ln.heading_hint
        and (not ln.size or ln.size <= 1.15 * prev.size)  # descenders make a short line read taller
        and len(ln.text.split()) <= 3
    )


def _column_jump(section: Section, ln: Line) -> bool:
    last = section.lines[-1] if section.lines else section.heading
    return (
        last is not None
        and last.page == ln.page
        and last.column != ln.column
        and 0 not in (last.column, ln.column)
        and ln.top < last.top
    )


def _big_name_line(body: list[Line], body_size: float) -> Line | None:
    """The largest line near the top of page 1, if it reads like a personal name."""
    top = [ln for ln in body[:30] if ln.page == 1 and ln.size]
    if not top or not body_size:
        return None
    biggest = max(top, key=lambda ln: ln.size)
    if biggest.size >= 1.4 * body_size and _looks_like_name(biggest.text):
        return biggest
    return None


def _sub_line(ln: Line, start: int, end: int) -> Line:
    return Line(
        text=ln.text[start:end],
        page=ln.page,
        x0=ln.x0,
        top=ln.top,
        x1=ln.x1,
        bottom=ln.bottom,
        size=ln.size,
        bold=ln.bold,
        zone=ln.zone,
        source=ln.source,
        column=ln.column,
        start=ln.start + start,
        end=ln.start + end,
    )


def _looks_like_name(text: str) -> bool:
    if not NAME_RE.match(text) or len(text) > 40:
        return False
    if _norm_heading(text) in HEADING_INDEX or title_score(text) > 0 or company_score(text) > 0:
        return False
    words = text.split()
    return all(w[0].isupper() for w in words) and not is_location(text)
