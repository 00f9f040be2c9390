"""LinkedIn's "Save to PDF" profile, parsed from its layout.

The layout: a sidebar column (Contact, Top Skills, Languages, Certifications, Honors-Awards)
and a main column (name in the largest font, headline, location, then Summary, Experience,
Education). Experience lists a company line, then per role a title, a date range with its
duration ("Jan 2020 - Present (4 years 11 months)"), an optional location and a description;
several roles at one company share one company line followed by the total duration.
"""

from __future__ import annotations

import re
from itertools import pairwise

from resugrow_linkedin.domain.dates import is_present
from resugrow_linkedin.domain.ingest.pdf_layout import Line, group_visual_lines, read_lines
from resugrow_linkedin.domain.ingest.pdf_patterns import (
    _DATE,
    BULLET_START,
    DATE_RANGE,
    DURATION_ONLY,
    FOOTER,
    LOCATION_HINT,
    SIDE_HEADINGS,
    _body_size,
    _date_value,
    _Entry,
    _join,
    _join_wrapped_name,
    split_credentials,
)
from resugrow_linkedin.domain.ingest.pdf_sidebar import parse_sidebar
from resugrow_linkedin.domain.models import (
    Education,
    IngestError,
    IngestReport,
    IngestResult,
    Position,
    Profile,
)

# Section headings as LinkedIn prints them (English first, then common interface languages),
# mapped to one canonical name.
MAIN_HEADINGS: dict[str, str] = {
    **dict.fromkeys(("summary", "about", "zusammenfassung", "résumé", "extracto", "resumo", "riepilogo", "samenvatting"), "summary"),
    **dict.fromkeys(("experience", "berufserfahrung", "expérience", "experiencia", "experiência", "esperienza", "ervaring"), "experience"),
    **dict.fromkeys(("education", "ausbildung", "formation", "educación", "formação acadêmica", "formação", "formazione", "opleiding"), "education"),
    **dict.fromkeys(("volunteer experience", "licenses & certifications", "projects", "honors & awards", "honors-awards",
                     "publications", "patents", "courses", "organizations", "skills", "recommendations", "languages",
                     "certifications", "test scores"), "other"),
}  # fmt: skip


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
    # FOP writes "Page", "1", "of", "2" as separate runs: the footer is whole only once grouped.
    side = [ln for ln in group_visual_lines(side) if not FOOTER.match(ln.text)]
    main = [ln for ln in group_visual_lines(main) if not FOOTER.match(ln.text)]
    headings = [i for i, ln in enumerate(main) if _is_heading(ln, main)]
    heading_names = {MAIN_HEADINGS[main[i].text.lower()] for i in headings}
    linkedin_mark = any("linkedin.com" in ln.text.lower() for ln in lines)
    if not (heading_names & {"experience", "summary", "education"}) or not (
        _has_side_heading(side) or linkedin_mark
    ):
        raise IngestError(
            "not_linkedin", "this PDF does not look like a LinkedIn profile saved with 'Save to PDF'"
        )

    profile = Profile(source="pdf", shares=None)
    report = IngestReport(kind="pdf", pages=pages)
    first_heading = headings[0] if headings else len(main)
    right = max((ln.x1 for ln in main), default=width)
    _parse_header(main[:first_heading], profile, right)
    sections: dict[str, list[Line]] = {}
    for n, start in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else len(main)
        sections.setdefault(MAIN_HEADINGS[main[start].text.lower()], []).extend(main[start + 1 : end])
    body = _body_size(main)
    pitch = _line_pitch(main, right)
    profile.summary = _paragraphs(sections.get("summary", []), right, pitch)
    profile.positions = _parse_experience(sections.get("experience", []), body, right, pitch)
    profile.education = _parse_education(sections.get("education", []), body)
    parse_sidebar(side, profile, report)
    if not profile.first_name:
        report.findings.append("could not find the name")
    return IngestResult(profile=profile, report=report)


def _has_side_heading(side: list[Line]) -> bool:
    return any(ln.text.lower() in SIDE_HEADINGS for ln in side)


def _split_columns(lines: list[Line], width: float) -> tuple[list[Line], list[Line]]:
    """Sidebar lines start left of the main column; the main column starts where the name does."""
    first_page = [ln for ln in lines if ln.page == 0]
    if not first_page:
        return [], lines
    name = max(first_page, key=lambda ln: (ln.size, -ln.top))
    # A name can come in several runs ("Dr." and a right-to-left name): the column starts at the leftmost.
    main_x = min(ln.x0 for ln in first_page if abs(ln.top - name.top) < 1.0 and ln.size == name.size)
    if main_x < width * 0.15:
        return [], lines
    side = [ln for ln in lines if ln.x1 < main_x - 2 or (ln.x0 < main_x - 8 and ln.x1 < main_x + 4)]
    main = [ln for ln in lines if ln.x0 >= main_x - 8]
    return side, main


def _is_heading(line: Line, main: list[Line]) -> bool:
    return line.text.lower() in MAIN_HEADINGS and line.size > _cached_body(main) + 1.0


_BODY_CACHE: dict[int, float] = {}


def _cached_body(main: list[Line]) -> float:
    key = id(main)
    if key not in _BODY_CACHE:
        _BODY_CACHE.clear()
        _BODY_CACHE[key] = _body_size(main)
    return _BODY_CACHE[key]


def _parse_header(header: list[Line], profile: Profile, right: float) -> None:
    if not header:
        return
    name_index = max(range(len(header)), key=lambda i: (header[i].size, -i))
    name_end = name_index + 1
    while name_end < len(header) and header[name_end].size == header[name_index].size:
        name_end += 1  # a long name with credentials wraps onto a second line
    full_name, credentials = split_credentials(
        _join_wrapped_name([ln.text for ln in header[name_index:name_end]])
    )
    first, _, last = full_name.partition(" ")
    profile.first_name, profile.last_name = first, last
    profile.credentials = credentials
    rest = header[name_end:]
    if not rest:
        return
    # Headline first, then the location: a smaller or greyer line when the styles differ; when
    # they do not, the last line if it starts a new block (not a wrap of the line above).
    split = len(rest)
    for i in range(1, len(rest)):
        if rest[i].style != rest[0].style:
            split = i
            break
    if split == len(rest) and len(rest) > 1:
        final, before = rest[-1], rest[-2]
        if _looks_like_location(final.text) or (
            _would_fit(before, final, right) and not final.text[:1].islower() and len(final.text) < 60
        ):
            split = len(rest) - 1
    profile.headline = _join([ln.text for ln in rest[:split]])
    if split < len(rest):
        profile.location = _join([ln.text for ln in rest[split:]])


def _looks_like_location(text: str) -> bool:
    parts = [p.strip() for p in text.split(",")]
    return (
        len(text) < 70
        and bool(LOCATION_HINT.search(text))
        and not any(c in text for c in "|:;•")
        and " at " not in text
        and all(p[:1].isupper() for p in parts)  # "Austin, Texas, United States": every part a name
    )


def _line_pitch(main: list[Line], right: float) -> dict[float, float]:
    """The tightest distance between consecutive lines of each font size: one wrapped line."""
    pitch: dict[float, float] = {}
    for prev, ln in pairwise(main):
        wrapped = not _would_fit(prev, ln, right) and not BULLET_START.match(ln.text)
        if wrapped and prev.page == ln.page and prev.size == ln.size and ln.top > prev.top:
            d = ln.top - prev.top
            pitch[ln.size] = min(pitch.get(ln.size, d), d)
    return pitch


def _paragraphs(lines: list[Line], right: float, pitch: dict[float, float]) -> str:
    """Join wrapped lines; a short line, a bullet or a wider gap than a line wrap ends a paragraph."""
    if not lines:
        return ""
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


def _run_above(lines: list[Line], index: int, limit: int = 3) -> int:
    """First index of the run of lines ending at ``index`` that share its style (a wrapped name)."""
    start = index
    while (
        start - 1 >= 0
        and index - start + 1 < limit
        and lines[start - 1].style == lines[index].style
        and not DATE_RANGE.match(lines[start - 1].text)
        and not DURATION_ONLY.match(lines[start - 1].text)
    ):
        start -= 1
    return start


def _is_location_line(line: Line, date_line: Line, following: Line | None, right: float) -> bool:
    if BULLET_START.match(line.text) or DATE_RANGE.match(line.text) or len(line.text) > 80:
        return False
    if line.size != date_line.size:
        return False
    if following is not None and line.grey and not following.grey:
        return True  # styled like the date line, unlike the description below it
    wraps_on = (
        following is not None and not _would_fit(line, following, right) and following.text[:1].islower()
    )
    return _looks_like_location(line.text) and not line.text.rstrip().endswith(".") and not wraps_on


def _entries(lines: list[Line], date_idx: list[int], body: float, right: float) -> list[_Entry]:
    """Company and title above each date line (a company heading several roles carries on)."""
    entries: list[_Entry] = []
    company = ""
    company_style: tuple[float, bool, bool] | None = None
    for d in date_idx:
        if d - 1 < 0:
            continue
        title_start = _run_above(lines, d - 1)
        above = title_start - 1
        if (
            title_start < d - 1
            and (above < 0 or not (_strong(lines[above], body) or DURATION_ONLY.match(lines[above].text)))
            and _would_fit(lines[title_start], lines[title_start + 1], right)
            # once a company line was seen in another style, a run in the title style is a title
            and company_style in (None, lines[title_start].style)
        ):
            # Title and company share one style and nothing above is a company line:
            # the top line of the run is the company, the rest is the title.
            above = title_start
            title_start += 1
        header_start = title_start
        if above >= 0 and lines[above].text.strip() and DURATION_ONLY.match(lines[above].text):
            if above - 1 >= 0:
                company_start = _run_above(lines, above - 1)
                company = _join([ln.text for ln in lines[company_start:above]])
                company_style = lines[company_start].style
                header_start = company_start
        elif above >= 0 and _strong(lines[above], body) and not DATE_RANGE.match(lines[above].text):
            company_start = _run_above(lines, above)
            company = _join([ln.text for ln in lines[company_start : above + 1]])
            company_style = lines[company_start].style
            header_start = company_start
        elif above < 0:
            company = ""
        title = _join([ln.text for ln in lines[title_start:d]])
        entries.append(_Entry(company, title, d, header_start))
    return entries


def _parse_experience(
    lines: list[Line], body: float, right: float, pitch: dict[float, float]
) -> list[Position]:
    date_idx = [i for i, ln in enumerate(lines) if DATE_RANGE.match(ln.text)]
    # A date range inside a description ("2019 - 2020" on its own line) is not a role: when most
    # roles have a title styled above the body text, keep only date lines that do.
    titled = [d for d in date_idx if d > 0 and _strong(lines[d - 1], body)]
    if len(titled) * 2 >= len(date_idx):
        date_idx = titled
    entries = _entries(lines, date_idx, body, right)
    positions: list[Position] = []
    for n, entry in enumerate(entries):
        date_line = lines[entry.date_index]
        match = DATE_RANGE.match(date_line.text)
        assert match is not None
        end_text = match.group("end")
        stop = entries[n + 1].header_start if n + 1 < len(entries) else len(lines)
        cursor = entry.date_index + 1
        location = None
        if cursor < stop and _is_location_line(
            lines[cursor], date_line, lines[cursor + 1] if cursor + 1 < stop else None, right
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
                description=_paragraphs(lines[cursor:stop], right, pitch),
            )
        )
    return positions


def _parse_education(lines: list[Line], body: float) -> list[Education]:
    items: list[tuple[str, list[str]]] = []
    prev: Line | None = None
    for ln in lines:
        if _strong(ln, body):
            if items and not items[-1][1] and prev is not None and prev.style == ln.style:
                items[-1] = (_join([items[-1][0], ln.text]), [])  # a school name that wrapped
            else:
                items.append((ln.text, []))
        elif items:
            items[-1][1].append(ln.text)
        prev = ln
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
