"""LinkedIn's "Save to PDF" profile, parsed from its layout.

The layout: a sidebar column (Contact, Top Skills, Languages, Certifications, Honors-Awards)
and a main column (name in the largest font, headline, location, then Summary, Experience,
Education). Experience lists a company line, then per role a title, a date range with its
duration ("Jan 2020 - Present (4 years 11 months)"), an optional location and a description;
several roles at one company share one company line followed by the total duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from resugrow_linkedin.domain.dates import MONTHS, is_present
from resugrow_linkedin.domain.ingest.pdf_layout import Line, group_visual_lines, read_lines
from resugrow_linkedin.domain.models import (
    Certification,
    Education,
    IngestError,
    IngestReport,
    IngestResult,
    Language,
    Position,
    Profile,
)

MAIN_HEADINGS = {
    "summary", "about", "experience", "education", "volunteer experience", "licenses & certifications",
    "projects", "honors & awards", "honors-awards", "publications", "patents", "courses", "organizations",
    "skills", "recommendations", "languages", "certifications", "test scores",
}  # fmt: skip
SIDE_HEADINGS = {
    "contact", "top skills", "languages", "certifications", "honors-awards", "honors & awards",
    "publications", "patents", "skills",
}  # fmt: skip
_DATE = r"(?:(?:[A-Za-z]{3,9}\.?\s+)?\d{4})"
DATE_RANGE = re.compile(
    rf"^(?P<start>{_DATE})\s*[-–—]\s*(?P<end>{_DATE}|Present|present|Current)\s*(?:\((?P<dur>[^)]*)\))?\s*$"
)
DURATION_ONLY = re.compile(r"^(?:less than a year|(?:\d+\s+years?)?\s*(?:\d+\s+months?)?)$", re.I)
FOOTER = re.compile(r"^Page\s+\d+\s+of\s+\d+$", re.I)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"^\+?[\d][\d\s().-]{6,}\d(?:\s*\((?:Mobile|Home|Work)\))?$", re.I)
URL_KIND = re.compile(r"\((LinkedIn|Company|Personal|Portfolio|Blog|Other|RSS Feed)\)\s*$", re.I)
BULLET_START = re.compile(r"^[•\-–*▪●◦·]\s*")
LOCATION_HINT = re.compile(r"(,|\bArea\b|\bRemote\b|\bMetropolitan\b|\bRegion\b)")


@dataclass
class _Entry:
    company: str
    title: str
    date_index: int
    header_start: int


def _date_value(text: str) -> str | None:
    text = text.strip()
    if is_present(text):
        return None
    parts = text.split()
    if len(parts) == 2:
        month = MONTHS.get(parts[0].lower().rstrip("."))
        if month:
            return f"{int(parts[1]):04d}-{month:02d}"
    return f"{int(parts[-1]):04d}"


def _join(lines: list[str]) -> str:
    out = ""
    for text in lines:
        if not out:
            out = text
        elif out.endswith("\ufffe"):
            out = out[:-1] + text  # soft hyphen at a line break: the word continues
        else:
            out = out + " " + text
    return out.replace("\ufffe", "-")


def parse_profile_pdf(data: bytes) -> IngestResult:
    if not data.startswith(b"%PDF-"):
        raise IngestError("not_a_pdf", "the upload is not a PDF")
    raw_lines, pages, width = read_lines(data)
    lines = [ln for ln in raw_lines if not FOOTER.match(ln.text)]
    if not lines:
        raise IngestError(
            "not_linkedin", "the PDF has no text layer (a scan?); upload LinkedIn's own PDF or the export ZIP"
        )
    side, main = _split_columns(lines, width)
    side = group_visual_lines(side)
    main = group_visual_lines(main)
    headings = [i for i, ln in enumerate(main) if _is_heading(ln, main)]
    heading_names = {main[i].text.lower() for i in headings}
    side_names = {ln.text.lower() for ln in side if ln.text.lower() in SIDE_HEADINGS}
    linkedin_mark = any("linkedin.com" in ln.text.lower() for ln in lines)
    if not (heading_names & {"experience", "summary", "education"}) or not (side_names or linkedin_mark):
        raise IngestError(
            "not_linkedin", "this PDF does not look like a LinkedIn profile saved with 'Save to PDF'"
        )

    profile = Profile(source="pdf", shares=None)
    report = IngestReport(kind="pdf", pages=pages)
    first_heading = headings[0] if headings else len(main)
    _parse_header(main[:first_heading], profile)
    sections: dict[str, list[Line]] = {}
    for n, start in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else len(main)
        sections.setdefault(main[start].text.lower(), []).extend(main[start + 1 : end])
    body = _body_size(main)
    profile.summary = _paragraphs(sections.get("summary", []) or sections.get("about", []), main)
    profile.positions = _parse_experience(sections.get("experience", []), body, main)
    profile.education = _parse_education(sections.get("education", []), body)
    _parse_sidebar(side, profile, report)
    if not profile.first_name:
        report.findings.append("could not find the name")
    return IngestResult(profile=profile, report=report)


def _split_columns(lines: list[Line], width: float) -> tuple[list[Line], list[Line]]:
    """Sidebar lines start left of the main column; the main column starts where the name does."""
    first_page = [ln for ln in lines if ln.page == 0]
    if not first_page:
        return [], lines
    name = max(first_page, key=lambda ln: (ln.size, -ln.top))
    main_x = name.x0
    if main_x < width * 0.15:
        return [], lines
    side = [ln for ln in lines if ln.x1 < main_x - 2 or (ln.x0 < main_x - 8 and ln.x1 < main_x + 4)]
    main = [ln for ln in lines if ln.x0 >= main_x - 8]
    return side, main


def _body_size(main: list[Line]) -> float:
    counts: dict[float, int] = {}
    for ln in main:
        counts[ln.size] = counts.get(ln.size, 0) + len(ln.text)
    return max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0] if counts else 10.0


def _is_heading(line: Line, main: list[Line]) -> bool:
    return line.text.lower() in MAIN_HEADINGS and line.size > _cached_body(main) + 1.0


_BODY_CACHE: dict[int, float] = {}


def _cached_body(main: list[Line]) -> float:
    key = id(main)
    if key not in _BODY_CACHE:
        _BODY_CACHE.clear()
        _BODY_CACHE[key] = _body_size(main)
    return _BODY_CACHE[key]


def _parse_header(header: list[Line], profile: Profile) -> None:
    if not header:
        return
    name_index = max(range(len(header)), key=lambda i: (header[i].size, -i))
    full_name = header[name_index].text.strip()
    first, _, last = full_name.partition(" ")
    profile.first_name, profile.last_name = first, last
    rest = header[name_index + 1 :]
    if not rest:
        return
    # Group consecutive lines by style: headline first, then location (smaller or greyer).
    groups: list[list[Line]] = [[rest[0]]]
    for ln in rest[1:]:
        if ln.style == groups[-1][-1].style:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    if len(groups) == 1 and len(groups[0]) > 1 and _looks_like_location(groups[0][-1].text):
        groups = [groups[0][:-1], [groups[0][-1]]]
    profile.headline = _join([ln.text for ln in groups[0]])
    if len(groups) > 1:
        profile.location = _join([ln.text for ln in groups[1]])


def _looks_like_location(text: str) -> bool:
    return len(text) < 70 and bool(LOCATION_HINT.search(text)) and "|" not in text and " at " not in text


def _line_pitch(main: list[Line]) -> dict[float, float]:
    """The tightest distance between consecutive lines of each font size: one wrapped line."""
    pitch: dict[float, float] = {}
    right = max((ln.x1 for ln in main), default=0.0)
    for prev, ln in pairwise(main):
        wrapped = not _would_fit(prev, ln, right) and not BULLET_START.match(ln.text)
        if wrapped and prev.page == ln.page and prev.size == ln.size and ln.top > prev.top:
            d = ln.top - prev.top
            pitch[ln.size] = min(pitch.get(ln.size, d), d)
    return pitch


def _paragraphs(lines: list[Line], main: list[Line], pitch: dict[float, float] | None = None) -> str:
    """Join wrapped lines; a short line, a bullet or a wider gap than a line wrap ends a paragraph."""
    if not lines:
        return ""
    pitch = pitch if pitch is not None else _line_pitch(main)
    right = max(ln.x1 for ln in main)
    paragraphs: list[list[str]] = []
    prev: Line | None = None
    for ln in lines:
        new_para = (
            prev is None
            or BULLET_START.match(ln.text) is not None
            or _would_fit(prev, ln, right)
            or (prev.page == ln.page and ln.top - prev.top > pitch.get(ln.size, ln.size * 1.2) * 1.3)
        )
        if new_para:
            paragraphs.append([ln.text])
        else:
            paragraphs[-1].append(ln.text)
        prev = ln
    return "\n".join(_join(p) for p in paragraphs)


def _would_fit(prev: Line, line: Line, right: float) -> bool:
    """True when the next line's first word would have fitted on the previous line: no wrap."""
    char_w = (prev.x1 - prev.x0) / max(len(prev.text), 1)
    first_word = line.text.split(" ", 1)[0]
    return right - prev.x1 > (len(first_word) + 1.5) * char_w


def _strong(line: Line, body: float) -> bool:
    return (line.bold or line.size > body + 0.4) and not line.grey


def _parse_experience(lines: list[Line], body: float, main: list[Line]) -> list[Position]:
    date_idx = [i for i, ln in enumerate(lines) if DATE_RANGE.match(ln.text)]
    entries: list[_Entry] = []
    company = ""
    for d in date_idx:
        t = d - 1
        if t < 0:
            continue
        title_lines = [t]
        above = t - 1
        header_start = t
        if above >= 0 and DURATION_ONLY.match(lines[above].text) and lines[above].text.strip():
            if above - 1 >= 0:
                company = lines[above - 1].text
                header_start = above - 1
        elif above >= 0 and _strong(lines[above], body) and not DATE_RANGE.match(lines[above].text):
            company = lines[above].text
            header_start = above
        elif above < 0:
            company = ""
        entries.append(_Entry(company, _join([lines[i].text for i in title_lines]), d, header_start))
    positions: list[Position] = []
    for n, entry in enumerate(entries):
        date_line = lines[entry.date_index]
        match = DATE_RANGE.match(date_line.text)
        assert match is not None
        end_text = match.group("end")
        stop = entries[n + 1].header_start if n + 1 < len(entries) else len(lines)
        cursor = entry.date_index + 1
        location = None
        if (
            cursor < stop
            and lines[cursor].style == date_line.style
            and not BULLET_START.match(lines[cursor].text)
            and len(lines[cursor].text) < 80
        ):
            location = lines[cursor].text
            cursor += 1
        positions.append(
            Position(
                company=entry.company,
                title=entry.title,
                start=_date_value(match.group("start")),
                end=_date_value(end_text),
                current=is_present(end_text),
                location=location,
                description=_paragraphs(lines[cursor:stop], main),
            )
        )
    return positions


def _parse_education(lines: list[Line], body: float) -> list[Education]:
    items: list[tuple[str, list[str]]] = []
    for ln in lines:
        if _strong(ln, body):
            items.append((ln.text, []))
        elif items:
            items[-1][1].append(ln.text)
    education = []
    for school, details in items:
        detail = _join(details)
        start = end = None
        dates = re.search(r"\(([^()]*\d{4}[^()]*)\)\s*$", detail)
        if dates:
            rng = re.match(rf"^\s*({_DATE})\s*(?:[-–—]\s*({_DATE}|Present))?\s*$", dates.group(1))
            if rng:
                start = _date_value(rng.group(1))
                end = _date_value(rng.group(2)) if rng.group(2) else None
            detail = detail[: dates.start()].rstrip(" ·")
        degree, _, field = detail.partition(", ")
        education.append(
            Education(
                school=school,
                degree=degree.strip() or None,
                field=field.strip() or None,
                start=start,
                end=end,
            )
        )
    return education


def _parse_sidebar(side: list[Line], profile: Profile, report: IngestReport) -> None:
    right = max((ln.x1 for ln in side), default=0.0)
    left = min((ln.x0 for ln in side), default=0.0)
    section = ""
    items: dict[str, list[str]] = {}
    prev: Line | None = None
    for ln in side:
        low = ln.text.lower()
        if low in SIDE_HEADINGS and (ln.bold or ln.size > 10.5 or prev is None or prev.size < ln.size):
            section = low
            items.setdefault(section, [])
            prev = None
            continue
        bucket = items.setdefault(section, [])
        if section == "contact":
            glued = bucket and (
                bucket[-1].endswith(("\ufffe", "-", "/", ".", "_"))
                or (
                    not URL_KIND.search(bucket[-1])
                    and not EMAIL.fullmatch(bucket[-1])
                    and "www" in bucket[-1]
                )
            )
            if glued:
                bucket[-1] = bucket[-1].replace("\ufffe", "-") + ln.text
            else:
                bucket.append(ln.text)
        elif prev is not None and bucket and prev.x1 > right - (right - left) * 0.12:
            bucket[-1] = _join([bucket[-1], ln.text])  # the previous line was full: this one wrapped
        else:
            bucket.append(ln.text)
        prev = ln
    for item in items.get("contact", []):
        item = item.replace("\ufffe", "-").strip()
        kind = URL_KIND.search(item)
        if EMAIL.fullmatch(item):
            profile.email = item
        elif kind:
            url = item[: kind.start()].strip().replace(" ", "")
            if kind.group(1).lower() == "linkedin":
                profile.public_url = url
            else:
                profile.websites.append(url)
        elif PHONE.match(item):
            profile.phone = re.sub(r"\s*\((Mobile|Home|Work)\)$", "", item, flags=re.I)
        else:
            report.findings.append(f"unrecognised contact line: {item[:60]!r}")
    profile.skills = items.get("top skills", []) + items.get("skills", [])
    for text in items.get("languages", []):
        m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", text)
        profile.languages.append(
            Language(name=m.group(1), proficiency=m.group(2)) if m else Language(name=text)
        )
    profile.certifications = [Certification(name=t) for t in items.get("certifications", [])]
