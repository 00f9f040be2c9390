"""Work entries: header lines (title, company, place, dates) and their bullets."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from resugrow_ats.domain.dates import DateRange, find_range, find_single
from resugrow_ats.domain.document import Line
from resugrow_ats.domain.lexicon import (
    company_score,
    is_location,
    starts_with_action_verb,
    title_score,
)
from resugrow_ats.domain.parse.model import BULLET_RE, DURATION_RE, WorkEntry

# --- work ---------------------------------------------------------------------------------------


def _is_bullet(ln: Line) -> bool:
    """An achievement or description line (with or without a bullet glyph), not an entry header."""
    text = ln.text
    if BULLET_RE.match(text):
        return True
    if find_range(text) is not None or is_location(text) or _OPEN_RANGE.match(text):
        return False  # an open range ("Oct 2018 – Title, Company") starts an entry (moderncv)
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


# The start of a range a narrow date column wrapped: "Sep 2019 –", "2024-03 to", "03.2019 –", and
# also "September 2019 - July" whose end year went to the next line.
_START = r"(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d(?:-[01]\d)?|[01]\d[./](?:19|20)\d\d"
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_OPEN_RANGE = re.compile(rf"^\s*({_START})\s*(?:[–—-]|to)\s*(?:({_MONTH_NAME})\s+(?=[A-Z]))?(?=\S)")
_MONTH_ONLY = re.compile(rf"^\s*({_MONTH_NAME})\s+(?=[A-Z])")
_OPEN_START = re.compile(rf"^\s*({_START})()\s+(?=[A-Z])")
_DASH_END = re.compile(
    r"^\s*[–—-]\s*(Present|present|Current|(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d(?:-[01]\d)?|[01]\d[./](?:19|20)\d\d)\b"
)
_RANGE_END = re.compile(
    r"^\s*(Present|present|Current|Now|(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d(?:-[01]\d)?|[01]\d[./](?:19|20)\d\d)\b"
)


def _wrapped_ranges(lines: list[Line]) -> dict[int, DateRange]:
    """Ranges a narrow date column wrapped ("Sep 2024 –" above "Present", moderncv): line id -> range."""
    out: dict[int, DateRange] = {}
    for ln, nxt in itertools.pairwise(lines):
        head = _OPEN_RANGE.match(ln.text)
        tail = _RANGE_END.match(nxt.text)
        if head is None or tail is None:
            # "February 2021" above "- March 2023": the dash wrapped with the end.
            head, tail = _OPEN_START.match(ln.text), _DASH_END.match(nxt.text)
        if head is None or tail is None:
            # "September" above "2022 - Present": the start's year wrapped with the rest.
            month, rest = _MONTH_ONLY.match(ln.text), find_range(nxt.text)
            if month and rest and nxt.text.lstrip().startswith(rest.text) and rest.start.month is None:
                full = find_range(f"{month.group(1)} {rest.text}")
                if full is not None:
                    out[id(ln)] = replace(full, span=month.span(1))
            continue
        found = find_range(ln.text)
        # A whole range on the line is not a wrapped one; a lone season read as its own range
        # ("Fall 2020 –" cut off by a tab) is only the start.
        if head is None or tail is None or (found is not None and found.span[1] > head.end(1)):
            continue
        end = f"{head.group(2)} {tail.group(1)}" if head.group(2) else tail.group(1)
        rng = find_range(f"{head.group(1)} – {end}")
        if rng is not None:
            out[id(ln)] = replace(rng, span=(head.start(1), head.end()))
    return out


def _blocks(lines: list[Line], wrapped: dict[int, DateRange]) -> list[tuple[list[Line], list[Line]]]:
    """(header lines, bullet lines) pairs: a new block starts at a header line after bullets."""
    blocks: list[tuple[list[Line], list[Line]]] = []
    # The line under a wrapped date column carries the rest of the range and the first bullet.
    tails = {id(nxt) for ln, nxt in itertools.pairwise(lines) if id(ln) in wrapped}
    for ln in lines:
        if (
            (_is_bullet(ln) and id(ln) not in wrapped)
            or (id(ln) in tails and id(ln) not in wrapped)
            or (blocks and blocks[-1][1] and _is_continuation(blocks[-1][1][-1], ln))
        ):
            if not blocks:
                blocks.append(([], []))
            blocks[-1][1].append(ln)
        else:
            if not blocks or blocks[-1][1]:
                blocks.append(([], []))
            blocks[-1][0].append(ln)
    return blocks


def parse_work(lines: list[Line]) -> list[WorkEntry]:
    wrapped = _wrapped_ranges(lines)
    entries: list[WorkEntry] = []
    carried: list[str | None] = [None]  # a company line heading several roles
    for header, bullets in _blocks(lines, wrapped):
        if not header:
            if entries:
                entries[-1].bullets.extend(bullets)
            continue
        dated = [(i, wrapped.get(id(ln)) or find_range(ln.text)) for i, ln in enumerate(header)]
        if any(r is not None for _, r in dated):
            _dated_entries(header, bullets, dated, wrapped, entries, carried)
        else:
            _dateless_entry(header, bullets, entries, carried)
    return entries


def _dateless_entry(
    header: list[Line], bullets: list[Line], entries: list[WorkEntry], carried: list[str | None]
) -> None:
    title, company, location = _assign(_fields(header))
    if title is None and company is not None and not bullets:
        carried[0] = company  # a company line heading several roles
        return
    if title is None and entries and not bullets:
        return
    if title is None and company is None:
        if entries:
            entries[-1].bullets.extend(header + bullets)
        return
    entries.append(WorkEntry(title, company, location, None, header, list(bullets)))


def _dated_entries(
    header: list[Line],
    bullets: list[Line],
    dated: list[tuple[int, DateRange | None]],
    wrapped: dict[int, DateRange],
    entries: list[WorkEntry],
    carried: list[str | None],
) -> None:
    dated_idx = [i for i, r in dated if r is not None]
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
        title, company, location = _assign(_fields(lines_in, wrapped))
        if company is None and (shared_prefix or carried[0]):
            company = carried[0]
        if company is None and entries and title is not None and not shared_prefix:
            # A role without its own company line sits under the previous role's company
            # (LinkedIn and many templates list several roles under one company heading).
            company = entries[-1].company
        entry = WorkEntry(title, company, location, dated[rng_i][1], lines_in, [], header[rng_i])
        if gi == len(groups) - 1:
            entry.bullets = list(bullets)
        entries.append(entry)
        if shared_prefix and company is not None:
            carried[0] = company
    if not shared_prefix:
        carried[0] = None


def has_dates(lines: list[Line]) -> bool:
    """Whether any line holds a date range, also one a narrow date column wrapped (moderncv)."""
    return any(find_range(ln.text) for ln in lines) or bool(_wrapped_ranges(lines))


def _is_continuation(prev: Line, ln: Line) -> bool:
    text = ln.text
    if find_range(text) or BULLET_RE.match(text) or "\t" in text or (ln.bold and not prev.bold):
        return False  # a right-aligned field or a bold line starts the next entry's header
    if text[:1].islower():
        return True
    return (
        not prev.text.rstrip().endswith((".", "!", "?", ":"))
        and len(text.split()) >= 5
        and title_score(text) <= 0
        and company_score(text) <= 0
    )


_STRONG_SPLIT = re.compile(r"\s*(?:\t|\s\|\s|\|| • | · | ● |\s@\s|,?\s+at\s+)\s*")
_DASH_SPLIT = re.compile(r"\s(?:—|–|--|-)\s")


def _split_header(text: str) -> list[str]:
    """Fields of an entry header line. A dash splits "Title – Company" but not a company whose
    own name holds a dash ("Multicultural Program – State University"): the split is kept only
    when one side reads as a job title or a place."""
    out: list[str] = []
    for part in _STRONG_SPLIT.split(text):
        pieces = _DASH_SPLIT.split(part)
        if len(pieces) > 1 and not any(_reads_apart(p) for p in pieces):
            pieces = [part]
        elif len(pieces) > 1:
            pieces = _join_dashes(part)
        out.extend(pieces)
    return out


def _reads_apart(piece: str) -> bool:
    piece = piece.strip(" ,")
    return title_score(piece) > 0 or is_location(piece) or find_single(piece) is not None


def _join_dashes(part: str) -> list[str]:
    """Split at a dash only where the comma-separated field next to it reads as a title, a place
    or a date: "Nurse, Multicultural Program – State University, Raleigh" keeps the company."""
    pieces = _DASH_SPLIT.split(part)
    dashes = _DASH_SPLIT.findall(part)
    out = [pieces[0]]
    for dash, nxt in zip(dashes, pieces[1:], strict=True):
        left = out[-1].rsplit(", ", 1)[-1]
        right = nxt.split(", ", 1)[0]
        if _reads_apart(left) or _reads_apart(right):
            out.append(nxt)
        else:
            out[-1] = out[-1] + dash + nxt
    return out


def _strip_parens(part: str) -> str:
    """Drop only unbalanced brackets: "Intern (40 hours per week)" keeps its closing one."""
    if part.startswith("(") and part.endswith(")") and part.count("(") == 1:
        return part[1:-1].strip()
    if part.count("(") > part.count(")"):
        part = part.rstrip("( ").lstrip("(")
    if part.count(")") > part.count("("):
        part = part.lstrip(") ").rstrip(")")
    return part.strip()


def _fields(lines: list[Line], wrapped: dict[int, DateRange] | None = None) -> list[str]:
    out: list[str] = []
    for ln in lines:
        text = ln.text
        rng = (wrapped or {}).get(id(ln)) or find_range(text)
        if rng:
            text = text[: rng.span[0]] + "\t" + text[rng.span[1] :]
        text = re.sub(r"^\s*•\s*", "", text)
        text = DURATION_RE.sub(" ", text)
        text = re.sub(r"\(\s*\)|\(\s*$", "", text)
        for part in _split_header(text):
            part = _strip_parens(part.strip(" ,;:|").strip())
            if not part:
                continue
            if is_location(part.rstrip(".")):
                out.append(part.rstrip("."))
                continue
            pieces = [p.strip() for p in part.split(", ") if p.strip()]
            if len(pieces) >= 2 and is_location(", ".join(pieces[-2:]).rstrip(".")):
                pieces[-1] = pieces[-1].rstrip(".")  # moderncv ends an entry line with a full stop
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
    others = [f for i, f in enumerate(rest) if i != title_i and (title is None or f.lower() != title.lower())]
    company = None
    if others:
        by_company = sorted(
            ((company_score(f), i) for i, f in enumerate(others)), key=lambda t: (-t[0], t[1])
        )
        company = others[by_company[0][1]]
    if title is None and len(rest) >= 2:
        title, company = rest[0], rest[1]
    return title, company, location
