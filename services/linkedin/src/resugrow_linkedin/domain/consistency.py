"""Resume vs profile: flag employers, titles and dates that disagree.

Input on the resume side is the projection carried by ``resume.updated`` (name, headline,
positions [{company, title, start, end}], skills).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pydantic import BaseModel, Field

from resugrow_linkedin.domain.dates import is_present, month_key, parse_date
from resugrow_linkedin.domain.models import Position, Profile
from resugrow_linkedin.domain.text import normalise

_SUFFIXES = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|gmbh|ag|sa|sas|bv|plc|co|corp|corporation|company|group|pvt|srl)\b\.?"
)


class ResumePosition(BaseModel):
    company: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None


class ResumeProjection(BaseModel):
    resume_id: str
    title: str | None = None
    name: str | None = None
    headline: str | None = None
    positions: list[ResumePosition] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)


class Mismatch(BaseModel):
    kind: (
        str  # name | employer_missing_on_profile | employer_missing_on_resume | title | start_date | end_date
    )
    resume_id: str
    company: str | None = None
    profile_value: str | None = None
    resume_value: str | None = None
    message: str


def norm_company(name: str | None) -> str:
    text = normalise(name or "").replace("&", " and ")
    text = _SUFFIXES.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _same_company(a: str | None, b: str | None) -> bool:
    x, y = norm_company(a), norm_company(b)
    if not x or not y:
        return False
    return x == y or SequenceMatcher(None, x, y).ratio() >= 0.88


def _norm_title(title: str | None) -> str:
    return " ".join(
        re.findall(r"[a-z0-9+#]+", normalise(title or "").replace("sr.", "senior").replace("jr.", "junior"))
    )


def _date(value: str | None) -> tuple[str | None, bool]:
    if value is None or not value.strip():
        return None, False
    if is_present(value):
        return None, True
    parsed = parse_date(value)
    return (month_key(parsed) if parsed else None), False


def _dates_differ(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if len(a) == 4 or len(b) == 4:
        return a[:4] != b[:4]
    return a != b


def _pair(
    profile_positions: list[Position], resume_positions: list[ResumePosition]
) -> list[tuple[Position | None, ResumePosition | None]]:
    """Best global pairing within each employer: title similarity plus agreement on the start date."""
    candidates: list[tuple[float, int, int]] = []
    for ri, rp in enumerate(resume_positions):
        r_start, _ = _date(rp.start)
        for pi, pp in enumerate(profile_positions):
            if not _same_company(pp.company, rp.company):
                continue
            score = SequenceMatcher(None, _norm_title(pp.title), _norm_title(rp.title)).ratio()
            p_start = month_key(pp.start)
            if p_start and r_start:
                score += 1.0 if p_start == r_start else 0.5 if p_start[:4] == r_start[:4] else 0.0
            candidates.append((score, ri, pi))
    used_r: set[int] = set()
    used_p: set[int] = set()
    matched: dict[int, int] = {}
    for _, ri, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if ri in used_r or pi in used_p:
            continue
        used_r.add(ri)
        used_p.add(pi)
        matched[ri] = pi
    pairs: list[tuple[Position | None, ResumePosition | None]] = [
        (profile_positions[matched[ri]] if ri in matched else None, rp)
        for ri, rp in enumerate(resume_positions)
    ]
    pairs += [(pp, None) for i, pp in enumerate(profile_positions) if i not in used_p]
    return pairs


def compare(profile: Profile, resume: ResumeProjection) -> list[Mismatch]:
    out: list[Mismatch] = []
    rid = resume.resume_id
    if resume.name and profile.name and normalise(resume.name).split() != normalise(profile.name).split():
        out.append(Mismatch(kind="name", resume_id=rid, profile_value=profile.name, resume_value=resume.name,
                            message=f"Your name reads '{profile.name}' on LinkedIn and '{resume.name}' on the resume."))  # fmt: skip
    for pp, rp in _pair(profile.positions, resume.positions):
        if pp is None and rp is not None:
            out.append(Mismatch(kind="employer_missing_on_profile", resume_id=rid, company=rp.company, resume_value=f"{rp.title} at {rp.company}",
                                message=f"'{rp.title} at {rp.company}' is on the resume but not on LinkedIn."))  # fmt: skip
            continue
        if rp is None and pp is not None:
            out.append(Mismatch(kind="employer_missing_on_resume", resume_id=rid, company=pp.company, profile_value=f"{pp.title} at {pp.company}",
                                message=f"'{pp.title} at {pp.company}' is on LinkedIn but not on the resume (fine if you left it out on purpose)."))  # fmt: skip
            continue
        assert pp is not None and rp is not None
        if rp.title and pp.title and _norm_title(rp.title) != _norm_title(pp.title):
            out.append(Mismatch(kind="title", resume_id=rid, company=pp.company, profile_value=pp.title, resume_value=rp.title,
                                message=f"At {pp.company} your title is '{pp.title}' on LinkedIn and '{rp.title}' on the resume."))  # fmt: skip
        r_start, _ = _date(rp.start)
        if _dates_differ(month_key(pp.start), r_start):
            out.append(Mismatch(kind="start_date", resume_id=rid, company=pp.company, profile_value=pp.start, resume_value=r_start,
                                message=f"At {pp.company} you started {pp.start} on LinkedIn and {r_start} on the resume."))  # fmt: skip
        r_end, r_present = _date(rp.end)
        p_present = pp.current or (pp.start is not None and pp.end is None)
        if (rp.end is not None or r_present) and (
            r_present != p_present or _dates_differ(month_key(pp.end), r_end)
        ):
            out.append(Mismatch(kind="end_date", resume_id=rid, company=pp.company,
                                profile_value="present" if p_present else pp.end, resume_value="present" if r_present else r_end,
                                message=f"At {pp.company} the end date is {'present' if p_present else pp.end} on LinkedIn and {'present' if r_present else r_end} on the resume."))  # fmt: skip
    return out
