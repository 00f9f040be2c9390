"""Education, skills (kept as written) and certificates."""

from __future__ import annotations

import re

from resugrow_ats.domain.dates import find_range, find_single
from resugrow_ats.domain.document import Line
from resugrow_ats.domain.lexicon import (
    is_location,
)
from resugrow_ats.domain.parse.model import (
    BULLET_RE,
    DEGREE_RE,
    EMAIL_RE,
    GPA_RE,
    INSTITUTION_RE,
    SPLIT_FIELDS,
    Certificate,
    EducationEntry,
    SkillItem,
    evidence_of,
)
from resugrow_ats.domain.parse.work import _is_bullet
from resugrow_ats.domain.skills import Skill, SkillTable, skill_id

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
    for group in _education_groups(lines):
        entry = _education_entry(group)
        if entry is not None:
            entries.append(entry)
    return entries


def _education_groups(lines: list[Line]) -> list[list[Line]]:
    """One group per school: a second institution line, or a second degree line once the
    group has both, starts the next; bullets stay with the group they follow."""
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
    return groups


def _degree_area(degree: str | None) -> str | None:
    if not degree:
        return None
    if " in " in degree:
        return re.split(r",| - | – |\(", degree.split(" in ", 1)[1])[0].strip() or None
    if re.search(r"\bof\b", degree):
        return None
    d = DEGREE_RE.search(degree)
    tail = degree[d.end() :].strip(" ,.") if d else ""
    return re.split(r",| - | – |\(", tail)[0].strip() or None


def _education_entry(group: list[Line]) -> EducationEntry | None:
    text = " \t ".join(ln.text for ln in group if not BULLET_RE.match(ln.text))
    pieces: list[str] = []
    for part in SPLIT_FIELDS.split(text):
        part = part.strip(" ,;")
        if is_location(part):
            continue
        pieces.extend(p.strip(" ,;") for p in part.split(", ") if p.strip(" ,;"))
    pieces = [
        p for p in pieces if not is_location(p) and not GPA_RE.search(p) and not re.fullmatch(r"[\W\d]*", p)
    ]
    pieces = [p for p in pieces if not (find_single(p) and len(p) <= 20)]
    degree = next((p for p in pieces if DEGREE_RE.search(p)), None)
    institution = next((p for p in pieces if INSTITUTION_RE.search(p) and p != degree), None)
    if institution is None:
        institution = next((p for p in pieces if p != degree and p[:1].isupper() and len(p) <= 60), None)
    if institution is None and degree is None:
        return None
    rng = find_range(text)
    single = find_single(text)
    gpa = GPA_RE.search(text)
    return EducationEntry(
        institution=institution,
        degree=degree,
        area=_degree_area(degree),
        level=degree_level(degree or ""),
        start=rng.start if rng else None,
        end=(rng.end if rng else (single[0] if single else None)),
        gpa=gpa.group(1) if gpa else None,
        lines=group,
    )


_ITEM_SPLIT = re.compile(r"\s*(?:[,;|•·●]|\t|\s-\s|\s–\s)\s*")


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Re-join a list that wrapped onto the next line ("..., Stakeholder" / "Management"), also one
    separated by pipes or bullets."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page == ln.page
            and len(re.findall(r"[,|•·;]", prev.text)) >= (1 if "," in prev.text else 2)
            and not prev.text.rstrip().endswith((",", ";", "|", "•"))
            and not re.match(r"^\s*(?:•|[A-Z][\w &/+\-]{1,40}:)", ln.text)
            and not _cell_label(ln.text)  # "Core<tab>Employee Relations, ...": the next group
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


_NOT_SKILL_GROUPS = re.compile(
    r"^(?:interests?|hobbies|hobbies (?:and|&) interests|personal interests|volunteering)$", re.I
)
_LANGUAGE_GROUPS = re.compile(r"^(?:(?:spoken |human |foreign )?languages?|language skills)$", re.I)
_PROGRAMMING = ("software", "data")


def _item_skills(item: str, table: SkillTable) -> list[tuple[Skill | None, int, int]]:
    """(known skill or None, start, end) within one list item, written words kept whole."""
    skill = table.lookup(item)
    if skill is not None:
        return [(skill, 0, len(item))]
    hits = table.find(item, list_context=True)
    if hits and (len(item.split()) > 3 or " and " in item or "/" in item):
        return [(h.skill, h.start, h.end) for h in hits]
    if hits and len(hits) == 1 and hits[0].end - hits[0].start == len(item):
        return [(hits[0].skill, hits[0].start, hits[0].end)]
    if len(item.split()) <= 4 and len(item) <= 40 and not find_single(item):
        return [(None, 0, len(item))]
    return [(h.skill, h.start, h.end) for h in hits]


_LEVEL_WORDS = (
    r"(?:expert|advanced|intermediate|proficient|basic|beginner|fluent|native|working knowledge|familiar"
    r"|\d+\+?\s*(?:years?|yrs?))"
)
_LEVEL = re.compile(rf"(?:\s*[(\[]\s*|\s*[–—:-]\s*|\s+){_LEVEL_WORDS}\s*[)\]]?\s*$", re.IGNORECASE)
_LEVEL_ONLY = re.compile(rf"^{_LEVEL_WORDS}$", re.IGNORECASE)
# A group label set in its own column without a colon (moderncv's \cvitem{Languages}{Python, Go}).
_BARE_LABEL_RE = re.compile(
    r"^\s*((?:programming |spoken )?languages|frameworks(?: & tools)?|tools|technologies|platforms|databases"
    r"|cloud|infrastructure|methods|core|software|technical|clinical)\s+(?=\S)",
    re.IGNORECASE,
)


def _bare_label(text: str, table: SkillTable) -> re.Match[str] | None:
    m = _BARE_LABEL_RE.match(text)
    if m is None:
        return None
    first = _ITEM_SPLIT.split(text, maxsplit=1)[0].strip()
    rest = _ITEM_SPLIT.split(text[m.end() :], maxsplit=1)[0].strip()
    whole = table.lookup(first)
    if (whole is not None and whole.name.lower() == first.lower()) or table.lookup(rest) is None:
        return None  # "Cloud Computing" is a skill; "Tools Inventory Management" is a label + skill
    return m


def _cell_label(text: str) -> int:
    """Where the content starts after a label cell ("Tools<tab>ADP, HRIS": moderncv's cvitem
    label, a Word grid), or 0. A label followed only by a level is the skill itself
    ("Amazon Web Services<tab>Proficient")."""
    label, tab, rest = text.partition("\t")
    if not tab or not rest.strip() or _LEVEL_ONLY.match(rest.strip(" .")):
        return 0
    if _ITEM_SPLIT.search(label) or len(label.split()) > 4 or find_single(label):
        return 0
    return len(label) + 1


def _skill_group(text: str, table: SkillTable) -> tuple[str, int]:
    """The group a skills line names ("Cloud: AWS, GCP", a label cell, a bare label) and where
    its items start; "Skills" from the start of the line when it names none."""
    label = re.match(r"^\s*(?:•\s*)?([A-Z][\w &/+\-()]{1,40}?):\s*", text)
    if label and _LEVEL_ONLY.match(text[label.end() :].strip(" .")):
        label = None  # "Kubernetes: Advanced" is a skill with its level, not a group label
    if label:
        return label.group(1).strip(), label.end()
    if cell := _cell_label(text):
        return text[: cell - 1].strip(), cell
    if bare := _bare_label(text, table):
        return bare.group(1).strip(), bare.end()
    return "Skills", 0


def parse_skills(lines: list[Line], table: SkillTable) -> list[SkillItem]:
    items: list[SkillItem] = []
    seen: set[str] = set()
    for ln in _join_wrapped(lines):
        text = ln.text
        if EMAIL_RE.search(text) or is_location(text.strip()):
            continue  # an address block at the page foot (moderncv casual) after the last section
        group, base = _skill_group(text, table)
        if _NOT_SKILL_GROUPS.match(group):
            continue
        spoken = bool(_LANGUAGE_GROUPS.match(group))
        pos = base
        for raw in _ITEM_SPLIT.split(text[base:]):
            start = text.find(raw, pos) if raw else pos
            pos = start + len(raw)
            item = _LEVEL.sub("", raw).strip(" .()")
            if not item or _LEVEL_ONLY.match(item):
                continue  # "Python (Expert)", "Go – Intermediate": the level is not a skill
            off = text.find(item, start)
            for skill, s, e in _item_skills(item, table):
                if spoken and (skill is None or skill.category not in _PROGRAMMING):
                    continue  # "Languages: English, Spanish" are spoken languages, not skills
                written = item[s:e]
                if written.lower() in seen:
                    continue
                seen.add(written.lower())
                items.append(
                    SkillItem(
                        skill.name if skill else written,
                        group,
                        skill is not None,
                        evidence_of(ln, off + s, off + e),
                        written=written,
                        skill_id=skill_id(skill) if skill else None,
                    )
                )
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
