"""Assemble ranked career-path results (one and two steps out) with gaps, wages and links."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.occupations import JOB_ZONES, Occupation
from resugrow_career.domain.paths import (
    FORMULA,
    Start,
    _median,
    candidates,
    combine,
    gaps,
    median_of,
    score_parts,
    user_levels,
    weights_for,
)

# SOC prefixes -> the interview service's role question sets (longest prefix wins).
INTERVIEW_ROLES = {
    "15-125": "software",
    "15-1299.08": "software",
    "15-2051": "data",
    "15-2041": "data",
    "15-1243": "data",
    "15-1299.09": "product",
    "11-2021": "marketing",
    "11-2022": "sales",
    "13-1161": "marketing",
    "41-": "sales",
    "13-2": "finance",
    "11-3031": "finance",
    "27-10": "design",
    "15-1255": "design",
}


def interview_role(code: str) -> str | None:
    for prefix in sorted(INTERVIEW_ROLES, key=len, reverse=True):
        if code.startswith(prefix):
            return INTERVIEW_ROLES[prefix]
    return None


def level_for(job_zone: int | None) -> str:
    return "entry" if (job_zone or 0) <= 2 else "senior" if (job_zone or 0) >= 5 else "mid"


def links(occ: Occupation, gap: dict[str, Any]) -> dict[str, Any]:
    role = interview_role(occ.code)
    level = level_for(occ.job_zone)
    question_set = (
        f"/v1/interview/questions?role={role}&level={level}"
        if role
        else "/v1/interview/questions?type=behavioral"
    )
    keywords = [*occ.hot_technologies(8), *[r.name for r in occ.top_skills(5)]]
    return {
        "interview_questions": question_set,
        "interview_role": role,
        "skills_guide": f"/v1/career/guides/skills?occupation={occ.code}",
        "ats_keywords": list(dict.fromkeys(keywords)),
        "ats_match": "/v1/ats/match",
        "gap_keywords": gap["technologies_to_learn"][:5],
    }


@dataclass(frozen=True)
class Scored:
    code: str
    route: list[str]
    kind: str
    score: float
    parts: dict[str, float]
    change: float | None


def score_one(
    catalog: Catalog,
    start: Start,
    have: Any,
    code: str,
    rel: float,
    route: list[str],
    src_median: float | None,
    weights: dict[str, float],
) -> Scored:
    """The cheap part: enough to rank every candidate."""
    target = catalog.occupations[code]
    median = median_of(catalog, target, start.area)
    change = None if (median is None or not src_median) else (median - src_median) / src_median
    parts = score_parts(start, target, rel, catalog.coverage(have, code), change)
    up = (target.job_zone or 0) > (start.occupation.job_zone or 0) or (change or 0) >= 0.10
    return Scored(code, route, "next_role" if up else "lateral", combine(parts, weights), parts, change)


def one_result(catalog: Catalog, start: Start, levels: dict[str, float], s: Scored) -> dict[str, Any]:
    """The full answer for one ranked result: gaps, wages with citations, education, links."""
    target = catalog.occupations[s.code]
    gap = gaps(start, target, levels)
    _, wage = _median(catalog, target, start.area)
    zone_from, zone_to = start.occupation.job_zone, target.job_zone
    edu = target.typical_education
    return {
        "code": s.code,
        "title": target.title,
        "kind": s.kind,
        "steps": len(s.route) - 1,
        "route": [{"code": c, "title": catalog.occupations[c].title} for c in s.route],
        "score": s.score,
        "score_parts": s.parts,
        "why_related": _why(catalog, s.route),
        "gaps": gap,
        "wages": {**wage, "median_change_pct": None if s.change is None else round(100 * s.change, 1)},
        "job_zone": {
            "from": zone_from,
            "to": zone_to,
            "step": (zone_to or 0) - (zone_from or 0),
            "name": JOB_ZONES.get(zone_to or 0),
        },
        "typical_education": edu.label if edu else None,
        "links": links(target, gap),
    }


def _why(catalog: Catalog, route: list[str]) -> list[str]:
    out = []
    for a, b in itertools.pairwise(route):
        rel = next(r for r in catalog.occupations[a].related if r.code == b)
        out.append(
            f"O*NET lists {catalog.occupations[b].title} as related to {catalog.occupations[a].title} "
            f"({rel.tier}, rank {rel.index})."
        )
    return out


def build_paths(catalog: Catalog, start: Start, goals: list[str], *, limit: int = 10) -> dict[str, Any]:
    weights = weights_for(goals)
    levels = user_levels(start.occupation, start.skills)
    have = catalog.level_vector(levels)
    src_median, src_wage = _median(catalog, start.occupation, start.area)
    scored = [
        score_one(catalog, start, have, code, rel, route, src_median, weights)
        for code, (rel, route) in sorted(candidates(catalog, start.occupation).items())
    ]
    scored.sort(key=lambda r: (-r.score, r.code))
    pick = {kind: [r for r in scored if r.kind == kind][:limit] for kind in ("next_role", "lateral")}
    return {
        "from": {
            "code": start.occupation.code,
            "title": start.occupation.title,
            "job_zone": start.occupation.job_zone,
            "wages": src_wage,
        },
        "goals": sorted(set(goals)),
        "ranking": {"formula": FORMULA, "weights": weights},
        "next_roles": [one_result(catalog, start, levels, r) for r in pick["next_role"]],
        "lateral_moves": [one_result(catalog, start, levels, r) for r in pick["lateral"]],
    }
