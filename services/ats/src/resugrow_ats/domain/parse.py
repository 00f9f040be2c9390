"""From read lines to a structured resume: sections, contact, work, education, skills, certificates.

Every value keeps the evidence it came from (page and offsets in the document text) so scores
and findings can point at it. ``to_json_resume`` gives the JSON Resume shape the resume service
imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

from resugrow_ats.domain.dates import DateRange, YearMonth, find_range, find_single
from resugrow_ats.domain.document import Document, Line
from resugrow_ats.domain.lexicon import (
    HEADING_INDEX,
    HEADING_KEYWORDS,
    company_score,
    is_location,
    starts_with_action_verb,
    title_score,
)
from resugrow_ats.domain.skills import SkillTable, default_table

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
BULLET_RE = re.compile(r"^(?:• |[-*–]\s)")
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
    name: str
    group: str
    known: bool
    evidence: Evidence


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
        return to_json_resume(self)


# --- sections -----------------------------------------------------------------------------------


def _norm_heading(text: str) -> str:
    t = text.lower().strip().rstrip(":").strip()
    t = re.sub(r"\band\b|\+", "&", t)
    t = re.sub(r"[^a-z& ]", " ", t)
    return " ".join(t.split()).replace(" & ", " & ")


def classify_heading(line: Line, body_size: float) -> tuple[str | None, str | None]:
    """(section key, text after an inline heading) for a heading line; (None, None) otherwise."""
    text = line.text.strip("• ").strip()
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
    words = text.split()
    styled = (
        line.bold
        or line.heading_hint
        or (text.isupper() and len(text) > 3)
        or (body_size and line.size >= 1.12 * body_size)
        or text.endswith(":")
    )
    if len(words) <= 5 and styled and not any(ch.isdigit() for ch in text) and title_score(text) <= 0:
        lowered = text.lower()
        hits = [(lowered.find(k), key) for k, key in HEADING_KEYWORDS if k in lowered]
        if hits:
            return min(hits)[1], None
    big = line.heading_hint or (body_size and line.size >= 1.15 * body_size)
    if big and len(words) <= 4 and not any(ch.isdigit() for ch in text) and "@" not in text:
        return "other", None
    return None, None


def split_sections(doc: Document) -> tuple[list[Line], list[Section]]:
    body = doc.body_lines
    sizes = [ln.size for ln in body if ln.size]
    body_size = median(sizes) if sizes else 0.0
    preamble: list[Line] = []
    sections: list[Section] = []
    classified = [(ln, *classify_heading(ln, body_size)) for ln in body]
    known_sizes = [ln.size for ln, key, _ in classified if key not in (None, "other") and ln.size]
    heading_size = median(known_sizes) if known_sizes else 0.0
    name_line = _big_name_line(body, body_size)
    for ln, key, rest in classified:
        if ln is name_line and (sections or preamble):
            # The name below a sidebar (LinkedIn PDFs): the lines under it are contact details.
            sections.append(Section(key="contact", heading=None, lines=[ln]))
            continue
        if key == "other" and heading_size and ln.size < 0.95 * heading_size:
            key = None  # smaller than the real headings: a company or school line, not a section
        if (
            rest is not None
            and sections
            and sections[-1].key in ("skills", "experience", "projects", "volunteer", "education")
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
        if sections:
            sections[-1].lines.append(ln)
        else:
            preamble.append(ln)
    return preamble, sections


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


# --- contact ------------------------------------------------------------------------------------


def parse_contact(
    doc: Document, preamble: list[Line], sections: list[Section]
) -> tuple[dict[str, FieldValue], list[FieldValue], FieldValue | None]:
    contact_section = [ln for s in sections if s.key == "contact" for ln in s.lines]
    side = [ln for ln in doc.lines if ln.zone != "body" or ln.source == "textbox"]
    near = preamble[:12] + contact_section + side
    everything = doc.lines
    found: dict[str, FieldValue] = {}

    for pool in (near, everything):
        for ln in pool:
            if "email" not in found:
                m = EMAIL_RE.search(ln.text)
                if m:
                    found["email"] = FieldValue(m.group(), evidence_of(ln, *m.span()), ln.zone)
            if "phone" not in found:
                for m in PHONE_RE.finditer(ln.text):
                    candidate = m.group().strip()
                    digits = re.sub(r"\D", "", candidate)
                    if not 9 <= len(digits) <= 15 or find_range(candidate):
                        continue
                    if re.fullmatch(r"(?:19|20)\d\d\D+(?:19|20)\d\d", candidate):
                        continue
                    found["phone"] = FieldValue(candidate, evidence_of(ln, *m.span()), ln.zone)
                    break
    profiles: list[FieldValue] = []
    seen: set[str] = set()
    for ln in near + everything:
        for m in URL_RE.finditer(ln.text):
            url = m.group().rstrip(".,;)")
            if "email" in found and url.lower() in found["email"].value.lower():
                continue
            key = re.sub(r"^(https?://)?(www\.)?", "", url.lower()).rstrip("/")
            if key in seen or "." not in key.split("/")[0]:
                continue
            seen.add(key)
            profiles.append(FieldValue(url, evidence_of(ln, m.start(), m.start() + len(url)), ln.zone))
    # The name: the first line near the top that reads like a personal name.
    headline: FieldValue | None = None
    candidates = preamble[:8] + contact_section[:6] + [x for x in side if x.zone == "header"] + preamble[8:12]
    for idx, ln in enumerate(candidates):
        first = SPLIT_FIELDS.split(ln.text)[0].strip()
        if "name" not in found and _looks_like_name(first):
            found["name"] = FieldValue(
                first, evidence_of(ln, ln.text.find(first), ln.text.find(first) + len(first)), ln.zone
            )
            following = candidates[idx + 1] if idx + 1 < len(candidates) else None
            if following is not None and following.start != ln.end + 1:
                following = None  # only the line right under the name is a headline
            if (
                following is not None
                and title_score(following.text) > 0
                and not EMAIL_RE.search(following.text)
            ):
                label = SPLIT_FIELDS.split(following.text)[0].strip()
                headline = FieldValue(label, evidence_of(following, 0, len(label)), following.zone)
    for ln in near:
        if "location" in found:
            break
        for part in SPLIT_FIELDS.split(ln.text):
            part = re.sub(r"^(location|address|based in)\s*:?\s*", "", part.strip(), flags=re.IGNORECASE)
            if part and is_location(part) and not EMAIL_RE.search(part):
                start = ln.text.find(part)
                found["location"] = FieldValue(part, evidence_of(ln, start, start + len(part)), ln.zone)
                break
    return found, profiles, headline


def _looks_like_name(text: str) -> bool:
    if not NAME_RE.match(text) or len(text) > 40:
        return False
    if _norm_heading(text) in HEADING_INDEX or title_score(text) > 0 or company_score(text) > 0:
        return False
    words = text.split()
    return all(w[0].isupper() for w in words) and not is_location(text)


# --- work ---------------------------------------------------------------------------------------


def _is_bullet(ln: Line) -> bool:
    """An achievement or description line (with or without a bullet glyph), not an entry header."""
    text = ln.text
    if BULLET_RE.match(text):
        return True
    if find_range(text) is not None or is_location(text):
        return False
    words = text.split()
    if len(words) >= 12:
        return True
    if len(words) >= 4 and starts_with_action_verb(text) and (len(words) >= 6 or re.search(r"\d", text)):
        return True  # "Lead 2 teams ..." is an achievement even though "Lead" can start a title
    return (
        len(words) >= 4
        and title_score(text) <= 0
        and (
            starts_with_action_verb(text)
            or text.rstrip().endswith(".")
            or bool(re.search(r"\d+%|\$\d", text))
        )
    )


def parse_work(lines: list[Line]) -> list[WorkEntry]:
    blocks: list[tuple[list[Line], list[Line]]] = []  # (header lines, bullet lines)
    for ln in lines:
        if _is_bullet(ln) or (blocks and blocks[-1][1] and _is_continuation(blocks[-1][1][-1], ln)):
            if not blocks:
                blocks.append(([], []))
            blocks[-1][1].append(ln)
        else:
            if not blocks or blocks[-1][1]:
                blocks.append(([], []))
            blocks[-1][0].append(ln)
    entries: list[WorkEntry] = []
    carried_company: str | None = None
    for header, bullets in blocks:
        dated = [(i, find_range(ln.text)) for i, ln in enumerate(header)]
        dated_idx = [i for i, r in dated if r is not None]
        if not header:
            if entries:
                entries[-1].bullets.extend(bullets)
            continue
        if not dated_idx:
            fields = _fields(header)
            title, company, location = _assign(fields)
            if title is None and company is not None and not bullets:
                carried_company = company  # a company line heading several roles
                continue
            if title is None and entries and not bullets:
                continue
            if title is None and company is None:
                if entries:
                    entries[-1].bullets.extend(header + bullets)
                continue
            entries.append(WorkEntry(title, company, location, None, header, list(bullets)))
            continue
        # Lines before the first dated line (and dateless lines between) are shared context.
        groups: list[list[int]] = []
        for i in range(len(header)):
            if i in dated_idx or not groups:
                groups.append([i])
            else:
                groups[-1].append(i)
        if len(dated_idx) == 1:
            groups = [list(range(len(header)))]
        shared_prefix: list[int] = []
        if len(dated_idx) > 1 and dated_idx[0] > 0:
            shared_prefix = list(range(dated_idx[0]))
            groups = [g for g in groups if g[0] >= dated_idx[0]]
        for gi, group in enumerate(groups):
            lines_in = [header[i] for i in shared_prefix + group]
            rng_i = next(i for i in group if dated[i][1] is not None)
            rng = dated[rng_i][1]
            fields = _fields(lines_in)
            title, company, location = _assign(fields)
            if company is None and (shared_prefix or carried_company):
                company = carried_company
            if company is None and entries and title is not None and not shared_prefix:
                # A role without its own company line sits under the previous role's company
                # (LinkedIn and many templates list several roles under one company heading).
                company = entries[-1].company
            entry = WorkEntry(title, company, location, rng, lines_in, [], header[rng_i])
            if gi == len(groups) - 1:
                entry.bullets = list(bullets)
            entries.append(entry)
            if shared_prefix and company is not None:
                carried_company = company
        if not shared_prefix:
            carried_company = None
    return entries


def _is_continuation(prev: Line, ln: Line) -> bool:
    text = ln.text
    if find_range(text) or BULLET_RE.match(text):
        return False
    if text[:1].islower():
        return True
    return (
        not prev.text.rstrip().endswith((".", "!", "?", ":"))
        and len(text.split()) >= 5
        and title_score(text) <= 0
        and company_score(text) <= 0
    )


def _fields(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        text = ln.text
        rng = find_range(text)
        if rng:
            text = text[: rng.span[0]] + "\t" + text[rng.span[1] :]
        text = re.sub(r"^\s*•\s*", "", text)
        text = DURATION_RE.sub(" ", text)
        text = re.sub(r"\(\s*\)|\(\s*$", "", text)
        for part in SPLIT_FIELDS.split(text):
            part = part.strip(" ,;:()|").strip()
            if not part:
                continue
            if is_location(part):
                out.append(part)
                continue
            pieces = [p.strip() for p in part.split(", ") if p.strip()]
            # "Acme Corp, Austin, TX": the trailing place stays one field.
            place = None
            if len(pieces) >= 3 and is_location(", ".join(pieces[-2:])):
                place = ", ".join(pieces[-2:])
                pieces = pieces[:-2]
            elif len(pieces) >= 2 and is_location(pieces[-1]):
                place = pieces[-1]
                pieces = pieces[:-1]
            if len(pieces) == 2 and not (
                title_score(pieces[0]) > 0 or company_score(pieces[1]) > 0 or title_score(pieces[1]) > 0
            ):
                pieces = [", ".join(pieces)]  # "Smith, Jones & Co" style names stay whole
            out.extend(pieces)
            if place:
                out.append(place)
    return [f for f in out if f and not re.fullmatch(r"[\W\d]+", f)]


def _assign(fields: list[str]) -> tuple[str | None, str | None, str | None]:
    location = next((f for f in fields if is_location(f)), None)
    rest = [f for f in fields if f != location and len(f) <= 80]
    if not rest:
        return None, None, location
    scored = sorted(
        ((title_score(f) - company_score(f), i) for i, f in enumerate(rest)), key=lambda t: (-t[0], t[1])
    )
    title_i = scored[0][1] if scored[0][0] > 0 else None
    title = rest[title_i] if title_i is not None else None
    others = [f for i, f in enumerate(rest) if i != title_i]
    company = None
    if others:
        by_company = sorted(
            ((company_score(f), i) for i, f in enumerate(others)), key=lambda t: (-t[0], t[1])
        )
        company = others[by_company[0][1]]
    if title is None and len(rest) >= 2:
        title, company = rest[0], rest[1]
    return title, company, location


# --- education, skills, certificates -------------------------------------------------------------


def degree_level(text: str) -> int:
    t = text.lower().replace(".", "")
    if re.search(r"\b(phd|doctor|dphil|edd|md|jd)\b", t):
        return 4
    if re.search(r"\b(master|msc?|ma|mba|meng|med|msn|mph)\b", t):
        return 3
    if re.search(r"\b(bachelor|bsc?|ba|bba|beng|btech|bsn|bcom)\b", t):
        return 2
    if re.search(r"\b(associate|aas?|as)\b", t):
        return 1
    return 0


def parse_education(lines: list[Line]) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    current: list[Line] = []
    groups: list[list[Line]] = []
    for ln in lines:
        if _is_bullet(ln):
            if current:
                current.append(ln)
            continue
        starts_new = bool(INSTITUTION_RE.search(ln.text)) and any(
            INSTITUTION_RE.search(x.text) for x in current
        )
        starts_new = starts_new or (
            bool(DEGREE_RE.search(ln.text))
            and any(DEGREE_RE.search(x.text) for x in current)
            and not INSTITUTION_RE.search(ln.text)
            and any(INSTITUTION_RE.search(x.text) for x in current)
        )
        if starts_new:
            groups.append(current)
            current = []
        current.append(ln)
    if current:
        groups.append(current)
    for group in groups:
        text = " \t ".join(ln.text for ln in group if not BULLET_RE.match(ln.text))
        pieces: list[str] = []
        for part in SPLIT_FIELDS.split(text):
            part = part.strip(" ,;")
            if is_location(part):
                continue
            pieces.extend(p.strip(" ,;") for p in part.split(", ") if p.strip(" ,;"))
        pieces = [
            p
            for p in pieces
            if not is_location(p) and not GPA_RE.search(p) and not re.fullmatch(r"[\W\d]*", p)
        ]
        pieces = [p for p in pieces if not (find_single(p) and len(p) <= 20)]
        degree = next((p for p in pieces if DEGREE_RE.search(p)), None)
        institution = next((p for p in pieces if INSTITUTION_RE.search(p) and p != degree), None)
        if institution is None:
            institution = next((p for p in pieces if p != degree and p[:1].isupper() and len(p) <= 60), None)
        area = None
        if degree:
            if " in " in degree:
                area = re.split(r",| - | – |\(", degree.split(" in ", 1)[1])[0].strip() or None
            elif not re.search(r"\bof\b", degree):
                d = DEGREE_RE.search(degree)
                tail = degree[d.end() :].strip(" ,.") if d else ""
                area = re.split(r",| - | – |\(", tail)[0].strip() or None
        if institution is None and degree is None:
            continue
        rng = find_range(text)
        single = find_single(text)
        gpa = GPA_RE.search(text)
        entries.append(
            EducationEntry(
                institution=institution,
                degree=degree,
                area=area,
                level=degree_level(degree or ""),
                start=rng.start if rng else None,
                end=(rng.end if rng else (single[0] if single else None)),
                gpa=gpa.group(1) if gpa else None,
                lines=group,
            )
        )
    return entries


_ITEM_SPLIT = re.compile(r"\s*(?:[,;|•·●]|\t|\s-\s|\s–\s)\s*")


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Re-join a comma list that wrapped onto the next line ("..., Stakeholder" / "Management")."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page == ln.page
            and "," in prev.text
            and not prev.text.rstrip().endswith((",", ";", "|", "•"))
            and not re.match(r"^\s*(?:•|[A-Z][\w &/+\-]{1,40}:)", ln.text)
            and prev.end + 1 == ln.start
        ):
            out[-1] = Line(
                text=prev.text + " " + ln.text,
                page=prev.page,
                x0=prev.x0,
                top=prev.top,
                x1=max(prev.x1, ln.x1),
                bottom=ln.bottom,
                size=prev.size,
                bold=prev.bold,
                zone=prev.zone,
                source=prev.source,
                column=prev.column,
                start=prev.start,
                end=ln.end,
            )
        else:
            out.append(ln)
    return out


def parse_skills(lines: list[Line], table: SkillTable) -> list[SkillItem]:
    items: list[SkillItem] = []
    seen: set[str] = set()
    for ln in _join_wrapped(lines):
        text = ln.text
        group = "Skills"
        label = re.match(r"^\s*(?:•\s*)?([A-Z][\w &/+\-()]{1,40}?):\s*", text)
        base = 0
        if label:
            group = label.group(1).strip()
            base = label.end()
        pos = base
        for raw in _ITEM_SPLIT.split(text[base:]):
            start = text.find(raw, pos) if raw else pos
            pos = start + len(raw)
            item = raw.strip(" .()")
            if not item:
                continue
            skill = table.lookup(item)
            found: list[tuple[str, int, int, bool]] = []
            if skill is not None:
                found.append((skill.name, start, start + len(raw), True))
            else:
                hits = table.find(item, list_context=True)
                if hits and (len(item.split()) > 3 or " and " in item or "/" in item):
                    off = text.find(item, start)
                    found.extend((h.skill.name, off + h.start, off + h.end, True) for h in hits)
                elif hits and len(hits) == 1:
                    off = text.find(item, start)
                    found.append((hits[0].skill.name, off + hits[0].start, off + hits[0].end, True))
                elif len(item.split()) <= 4 and len(item) <= 40 and not find_single(item):
                    found.append((item, start, start + len(raw), False))
            for name, s, e, known in found:
                key = name.lower()
                if key in seen:
                    continue
                seen.add(key)
                items.append(SkillItem(name, group, known, evidence_of(ln, s, e)))
    return items


def parse_certificates(lines: list[Line]) -> list[Certificate]:
    out: list[Certificate] = []
    for ln in lines:
        text = re.sub(r"^•\s*", "", ln.text)
        if not text or len(text) > 140:
            continue
        single = find_single(text)
        cleaned = text
        if single:
            cleaned = (text[: single[1][0]] + text[single[1][1] :]).strip(" ,()|-–—")
        # "Name – Level, Issuer, 2022": commas separate the fields when there are any.
        splitter = (
            re.compile(r",\s+|\s\|\s|\t")
            if ("," in cleaned or "|" in cleaned or "\t" in cleaned)
            else SPLIT_FIELDS
        )
        parts = [p.strip(" ,()") for p in splitter.split(cleaned) if p.strip(" ,()")]
        if not parts:
            continue
        issuer = parts[1] if len(parts) > 1 else None
        out.append(Certificate(parts[0], issuer, single[0] if single else None, evidence_of(ln)))
    return out


# --- assembly -----------------------------------------------------------------------------------


def parse_resume(doc: Document, *, table: SkillTable | None = None) -> ParsedResume:
    table = table or default_table()
    preamble, sections = split_sections(doc)
    contact, profiles, headline = parse_contact(doc, preamble, sections)

    def lines_of(*keys: str) -> list[Line]:
        return [ln for s in sections if s.key in keys for ln in s.lines]

    exp_lines = lines_of("experience")
    if not exp_lines:
        # No experience heading: fall back to lines outside known sections that carry date ranges.
        pool = preamble + lines_of("other", "summary")
        exp_lines = pool if any(find_range(ln.text) for ln in pool) else []
    work = parse_work(exp_lines)
    edu_lines = lines_of("education")
    cert_lines = lines_of("certifications")
    # "Education & Certifications": certificate-looking lines go to certificates.
    for s in sections:
        if s.key == "education" and "certifications" in s.secondary:
            moved = [ln for ln in s.lines if re.search(r"certif|licen", ln.text, re.IGNORECASE)]
            cert_lines += moved
            edu_lines = [ln for ln in edu_lines if ln not in moved]
    education = parse_education(edu_lines)
    skill_lines = lines_of("skills")
    for s in sections:
        if s.key == "languages" and s.lines:
            hits = sum(1 for ln in s.lines for _ in table.find(ln.text, list_context=True))
            if hits >= 2:
                skill_lines += s.lines
    skills = parse_skills(skill_lines, table)
    certificates = parse_certificates(cert_lines)
    summary_lines = lines_of("summary")
    summary = " ".join(ln.text for ln in summary_lines) or None
    languages: list[str] = []
    for s in sections:
        if s.key == "languages" and not any(ln in skill_lines for ln in s.lines):
            for ln in s.lines:
                languages.extend(p.strip() for p in _ITEM_SPLIT.split(ln.text) if p.strip())
    return ParsedResume(
        document=doc,
        contact=contact,
        profiles=profiles,
        headline=headline,
        sections=sections,
        work=work,
        education=education,
        skills=skills,
        certificates=certificates,
        summary=summary,
        languages=languages,
    )


def _network(url: str) -> str | None:
    lowered = url.lower()
    for host, name in (
        ("linkedin.", "LinkedIn"),
        ("github.", "GitHub"),
        ("gitlab.", "GitLab"),
        ("behance.", "Behance"),
        ("dribbble.", "Dribbble"),
        ("twitter.", "Twitter"),
        ("x.com", "X"),
        ("medium.", "Medium"),
        ("stackoverflow.", "Stack Overflow"),
        ("kaggle.", "Kaggle"),
    ):
        if host in lowered:
            return name
    return None


def to_json_resume(parsed: ParsedResume) -> dict[str, Any]:
    basics: dict[str, Any] = {}
    for key in ("name", "email", "phone"):
        if key in parsed.contact:
            basics[key] = parsed.contact[key].value
    if parsed.headline:
        basics["label"] = parsed.headline.value
    if parsed.summary:
        basics["summary"] = parsed.summary
    if "location" in parsed.contact:
        loc = parsed.contact["location"].value
        parts = [p.strip() for p in loc.split(",")]
        location: dict[str, str] = {"address": loc}
        if len(parts) >= 2:
            location["city"] = parts[0]
            location["region"] = parts[1]
        basics["location"] = location
    profiles = []
    for p in parsed.profiles:
        network = _network(p.value)
        if network is None:
            basics.setdefault("url", p.value if p.value.startswith("http") else "https://" + p.value)
            continue
        url = p.value if p.value.startswith("http") else "https://" + p.value
        profiles.append({"network": network, "url": url, "username": url.rstrip("/").rsplit("/", 1)[-1]})
    if profiles:
        basics["profiles"] = profiles
    work = []
    for w in parsed.work:
        item: dict[str, Any] = {}
        if w.company:
            item["name"] = w.company
        if w.title:
            item["position"] = w.title
        if w.location:
            item["location"] = w.location
        if w.dates:
            item["startDate"] = w.dates.start.iso()
            if w.dates.end:
                item["endDate"] = w.dates.end.iso()
        highlights = [re.sub(r"^(?:•|[-*–])\s*", "", b.text) for b in w.bullets]
        if highlights:
            item["highlights"] = highlights
        work.append(item)
    education = []
    for e in parsed.education:
        item = {}
        if e.institution:
            item["institution"] = e.institution
        if e.degree:
            item["studyType"] = e.degree
        if e.area:
            item["area"] = e.area
        if e.start:
            item["startDate"] = e.start.iso()
        if e.end:
            item["endDate"] = e.end.iso()
        if e.gpa:
            item["score"] = e.gpa
        education.append(item)
    groups: dict[str, list[str]] = {}
    for s in parsed.skills:
        groups.setdefault(s.group, []).append(s.name)
    out: dict[str, Any] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": work,
        "education": education,
        "skills": [{"name": g, "keywords": k} for g, k in groups.items()],
        "certificates": [
            {
                k: v
                for k, v in (
                    ("name", c.name),
                    ("issuer", c.issuer),
                    ("date", c.date.iso() if c.date else None),
                )
                if v
            }
            for c in parsed.certificates
        ],
    }
    if parsed.languages:
        out["languages"] = [
            {"language": lang.split(":", 1)[0].strip(), "fluency": lang.split(":", 1)[1].strip()}
            if ":" in lang
            else {"language": lang}
            for lang in parsed.languages
        ]
    return out


def total_experience_months(work: list[WorkEntry], as_of: date) -> int:
    """Months covered by dated roles, overlaps counted once, "Present" ending at ``as_of``."""
    spans = []
    now = as_of.year * 12 + as_of.month - 1
    for w in work:
        if w.dates is None:
            continue
        start = w.dates.start.ordinal()
        end = w.dates.end.ordinal(end=True) if w.dates.end else now
        end = min(end, now)
        if end >= start:
            spans.append((start, end))
    spans.sort()
    total = 0
    cur_s, cur_e = None, None
    for s, e in spans:
        if cur_e is None or s > cur_e + 1:
            if cur_e is not None and cur_s is not None:
                total += cur_e - cur_s + 1
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None and cur_s is not None:
        total += cur_e - cur_s + 1
    return total
