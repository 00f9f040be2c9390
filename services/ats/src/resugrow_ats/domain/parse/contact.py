"""Contact fields, profile links, the name and the headline."""

from __future__ import annotations

import itertools
import re

from resugrow_ats.domain.dates import find_range
from resugrow_ats.domain.document import Document, Line
from resugrow_ats.domain.lexicon import (
    HEADING_INDEX,
    company_score,
    is_location,
    title_score,
)
from resugrow_ats.domain.parse.model import (
    EMAIL_RE,
    PHONE_RE,
    SPLIT_FIELDS,
    URL_RE,
    FieldValue,
    Section,
    evidence_of,
)
from resugrow_ats.domain.parse.sections import _looks_like_name, _norm_heading

# --- contact ------------------------------------------------------------------------------------


def parse_contact(
    doc: Document, preamble: list[Line], sections: list[Section]
) -> tuple[dict[str, FieldValue], list[FieldValue], FieldValue | None]:
    contact_section = [ln for s in sections if s.key == "contact" for ln in s.lines]
    side = [ln for ln in doc.lines if ln.zone != "body" or ln.source == "textbox"]
    lead = sections[0] if sections and sections[0].key == "other" and len(preamble) <= 3 else None
    if lead is not None and lead.heading is not None:
        # A big tagline under the name reads as an untitled section: its lines are still the top.
        contact_section = [*contact_section, lead.heading, *lead.lines[:6]]
    header = [x for x in side if x.zone == "header"]
    near = header + preamble[:12] + contact_section + side
    found: dict[str, FieldValue] = {}
    for pool in (near, doc.lines):
        for ln in pool:
            _email_and_phone(ln, found)
    if "phone" not in found:
        _wrapped_phone(near, found)
    profiles = _profiles(near + doc.lines, found)
    candidates = preamble[:8] + contact_section[:6] + header + preamble[8:12]
    if header and "email" in found and found["email"].zone == "header":
        # Contact details in a Word header: the name is there too, not in the body's first lines.
        candidates = header + [ln for ln in candidates if ln not in header]
    headline = _name_and_headline(candidates, header, found)
    _location(near, sections, found)
    return found, profiles, headline


def _email_and_phone(ln: Line, found: dict[str, FieldValue]) -> None:
    if "email" not in found:
        m = EMAIL_RE.search(ln.text)
        if m:
            found["email"] = FieldValue(m.group(), evidence_of(ln, *m.span()), ln.zone)
    if "phone" in found:
        return
    for m in PHONE_RE.finditer(ln.text):
        candidate = m.group().strip()
        digits = re.sub(r"\D", "", candidate)
        if not 9 <= len(digits) <= 15 or find_range(candidate):
            continue
        if re.fullmatch(r"(?:19|20)\d\d\D+(?:19|20)\d\d", candidate):
            continue
        found["phone"] = FieldValue(candidate, evidence_of(ln, *m.span()), ln.zone)
        return


_PHONE_HEAD = re.compile(r"(\+?[\d(][\d()\s.\-]{2,})$")
_PHONE_TAIL = re.compile(r"^([\d][\d\s.\-]{3,}\d)")


def _wrapped_phone(lines: list[Line], found: dict[str, FieldValue]) -> None:
    """A phone number a narrow column wrapped ("+1 (291)" above "555-8893"): the two halves
    read as one number."""
    for ln, nxt in itertools.pairwise(lines):
        head, tail = _PHONE_HEAD.search(ln.text), _PHONE_TAIL.match(nxt.text)
        if head is None or tail is None:
            continue
        joined = f"{head.group(1).strip()} {tail.group(1).strip()}"
        m = PHONE_RE.fullmatch(joined)
        if m is not None and 9 <= len(re.sub(r"\D", "", joined)) <= 15 and not find_range(joined):
            found["phone"] = FieldValue(joined, evidence_of(ln, head.start(1), len(ln.text)), ln.zone)
            return


def _profiles(lines: list[Line], found: dict[str, FieldValue]) -> list[FieldValue]:
    profiles: list[FieldValue] = []
    seen: set[str] = set()
    for ln in lines:
        for m in URL_RE.finditer(ln.text):
            url = m.group().rstrip(".,;)")
            if "email" in found and url.lower() in found["email"].value.lower():
                continue
            key = re.sub(r"^(https?://)?(www\.)?", "", url.lower()).rstrip("/")
            if key in seen or "." not in key.split("/")[0]:
                continue
            seen.add(key)
            profiles.append(FieldValue(url, evidence_of(ln, m.start(), m.start() + len(url)), ln.zone))
    return profiles


def _name_and_headline(
    candidates: list[Line], header: list[Line], found: dict[str, FieldValue]
) -> FieldValue | None:
    """The name: the first line near the top that reads like a personal name; the headline: a
    title-like line right under it."""
    headline: FieldValue | None = None
    for idx, ln in enumerate(candidates):
        first = _after_place(SPLIT_FIELDS.split(ln.text)[0].strip())
        top = idx == 0 or (bool(header) and ln is header[0])
        if "name" in found or not (_looks_like_name(first) or (top and _one_word_name(ln, first))):
            continue
        at = ln.text.find(first)
        found["name"] = FieldValue(first, evidence_of(ln, at, at + len(first)), ln.zone)
        following = candidates[idx + 1] if idx + 1 < len(candidates) else None
        if following is not None and following.start != ln.end + 1:
            following = None  # only the line right under the name is a headline
        if following is not None and title_score(following.text) > 0 and not EMAIL_RE.search(following.text):
            label = SPLIT_FIELDS.split(following.text)[0].strip()
            headline = FieldValue(label, evidence_of(following, 0, len(label)), following.zone)
    return headline


def _location(near: list[Line], sections: list[Section], found: dict[str, FieldValue]) -> None:
    for ln in near:
        for part in SPLIT_FIELDS.split(ln.text):
            part = re.sub(r"^(location|address|based in)\s*:?\s*", "", part.strip(), flags=re.IGNORECASE)
            if part and is_location(part) and not EMAIL_RE.search(part):
                start = ln.text.find(part)
                found["location"] = FieldValue(part, evidence_of(ln, start, start + len(part)), ln.zone)
                return
    # moderncv sets the address at the right of the name block (read after the first heading), or
    # on the name's own row, or at the foot of the page (casual style).
    tops = [x for sec in sections[:3] for x in ([sec.heading] if sec.heading else []) + sec.lines[:4]]
    tail = sections[-1].lines[-4:] if sections else []
    for ln in [*near[:3], *tops, *tail]:
        text = ln.text.strip()
        split = None if is_location(text) else _place_then_name(text)
        if split:
            text = split[0]
        if is_location(text) and not EMAIL_RE.search(ln.text):
            found["location"] = FieldValue(text, evidence_of(ln, 0, len(text)), ln.zone)
            return


def _place_then_name(text: str) -> tuple[str, str] | None:
    """ "Denver, Colorado Arjun Vasquez": (place, name) when the address shares the name's row."""
    head, comma, tail = text.partition(", ")
    words = tail.split()
    if not comma or len(head) > 30:
        return None
    for n in (1, 2):
        place, name = f"{head}, {' '.join(words[:n])}", " ".join(words[n:])
        if len(words) > n and is_location(place) and _looks_like_name(name):
            return place, name
    return None


def _after_place(text: str) -> str:
    split = _place_then_name(text)
    return split[1] if split else text


def _one_word_name(ln: Line, text: str) -> bool:
    """A single name ("Zendaya") alone on the first line, written as a name is: big, bold or alone."""
    if not re.fullmatch(r"[^\W\d_][^\W\d_'’\-]{2,24}", text) or not text[0].isupper() or text.isupper():
        return False
    if _norm_heading(text) in HEADING_INDEX or title_score(text) > 0 or company_score(text) > 0:
        return False
    rest = ln.text.strip()[len(text) :].strip(" |•·–—-,\t")
    return (not rest or title_score(rest) > 0) and not is_location(text)
